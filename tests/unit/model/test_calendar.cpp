// Working time under a Config calendar (business time in event logs).
#include <doctest/doctest.h>

#include "helpers.hpp"
#include "opsflow/base/values.hpp"
#include "opsflow/model/model.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {

std::int64_t at(const char* text) {
  return parse_date(text).value->utc_micros();
}

Calendar office() {
  Calendar c;  // 09:00-18:00, Monday to Friday, UTC
  c.present = true;
  return c;
}

}  // namespace

TEST_CASE("working time: only open hours of working days count") {
  Calendar c = office();
  // Friday 17:00 to Monday 10:00: one hour on Friday, one on Monday (SPEC §6's example).
  CHECK(working_seconds(c, at("2026-10-02T17:00:00Z"), at("2026-10-05T10:00:00Z")) == 2 * 3600);
  // Within one working day, and outside its hours.
  CHECK(working_seconds(c, at("2026-10-05T08:00:00Z"), at("2026-10-05T09:30:00Z")) == 1800);
  CHECK(working_seconds(c, at("2026-10-05T18:00:00Z"), at("2026-10-05T23:00:00Z")) == 0);
  // A whole week: five days of nine hours; backwards is negative.
  CHECK(working_seconds(c, at("2026-10-05T00:00:00Z"), at("2026-10-12T00:00:00Z")) == 45 * 3600);
  CHECK(working_seconds(c, at("2026-10-12T00:00:00Z"), at("2026-10-05T00:00:00Z")) == -45 * 3600);
  // Ten weeks and two days, counted by weeks: 10 x 45 h + Monday and Tuesday.
  CHECK(working_seconds(c, at("2026-10-05T00:00:00Z"), at("2026-12-16T00:00:00Z")) ==
        (450 + 18) * 3600);
  CHECK(open_hours_per_week(c) == 45);
}

TEST_CASE("working time: holidays, other weekdays and a time zone") {
  Calendar c = office();
  c.holiday_days = {parse_date("2026-10-01").value->days};  // a Thursday
  // Wednesday 17:00 to Friday 10:00: 1 h + (Thursday off) + 1 h.
  CHECK(working_seconds(c, at("2026-09-30T17:00:00Z"), at("2026-10-02T10:00:00Z")) == 2 * 3600);
  // Over a week with the holiday: 45 - 9 hours.
  CHECK(working_seconds(c, at("2026-09-28T00:00:00Z"), at("2026-10-05T00:00:00Z")) == 36 * 3600);
  // A holiday on a Saturday changes nothing.
  c.holiday_days = {parse_date("2026-10-03").value->days};
  CHECK(working_seconds(c, at("2026-09-28T00:00:00Z"), at("2026-10-05T00:00:00Z")) == 45 * 3600);
  // At UTC+08:00, 01:00Z is 09:00 local: the first hour of Monday counts.
  Calendar shanghai = office();
  shanghai.utc_offset_minutes = 8 * 60;
  CHECK(working_seconds(shanghai, at("2026-10-05T01:00:00Z"), at("2026-10-05T02:00:00Z")) == 3600);
  CHECK(working_seconds(shanghai, at("2026-10-05T10:00:00Z"), at("2026-10-05T12:00:00Z")) == 0);
  // Weekends only.
  Calendar weekend = office();
  weekend.weekdays = 0x60;
  CHECK(working_seconds(weekend, at("2026-10-05T00:00:00Z"), at("2026-10-12T00:00:00Z")) ==
        18 * 3600);
}

TEST_CASE("the calendar in a Config: read, and each mistake reported where it is") {
  Loaded l = load_yaml(R"(apiVersion: opsflow/v1
kind: Config
metadata: {id: config}
spec:
  calendar: {hours: "08:30-17:00", days: [mon, tue, wed, thu], holidays: [2026-10-01, 2026-10-01], utcOffset: "+08:00"}
)");
  CHECK(l.diagnostics.empty());
  REQUIRE(l.model.configs.size() == 1);
  const Calendar& c = l.model.configs[0].calendar;
  CHECK(c.present);
  CHECK(c.open == 8 * 60 + 30);
  CHECK(c.close == 17 * 60);
  CHECK(c.weekdays == 0x0F);
  CHECK(c.holiday_days.size() == 1);  // twice is once
  CHECK(c.utc_offset_minutes == 480);

  Loaded bad = load_yaml(R"(apiVersion: opsflow/v1
kind: Config
metadata: {id: config}
spec:
  calendar: {hours: "18:00-09:00", days: [mon, thurs], holidays: [2026-02-30], utcOffset: "8"}
)");
  std::vector<std::string> messages;
  for (const Diagnostic& d : bad.diagnostics) messages.push_back(d.message);
  CHECK(messages == std::vector<std::string>{
                        "calendar hours '18:00-09:00' are not HH:MM-HH:MM with the opening "
                        "before the closing",
                        "calendar day 'thurs' is not a weekday (did you mean 'thu'?)",
                        "invalid date '2026-02-30': day 30 does not exist in 2026-02",
                        "calendar utcOffset '8' is not +HH:MM or -HH:MM",
                    });
}
