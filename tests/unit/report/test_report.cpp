// build_report: periods, key results, trend and before/after, computed by hand.
#include <doctest/doctest.h>

#include "helpers.hpp"
#include "opsflow/report/report.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {

std::int64_t day(const char* text) {
  return parse_date(text).value->days;
}

const char* kModel = R"(apiVersion: opsflow/v1
kind: Metric
metadata: {id: mttr}
spec: {unit: minutes, direction: lower-is-better, aggregation: median}
---
apiVersion: opsflow/v1
kind: Goal
metadata: {id: fast}
spec:
  objective: Recover faster
  period: {start: 2026-01-01, end: 2026-03-31}
  keyResults: [{metric: mttr, baseline: 2h, target: 1h}]
)";

MeasurementData data_of(std::vector<std::pair<const char*, double>> rows) {
  MeasurementData data;
  std::vector<Measurement> list;
  for (const auto& [date, value] : rows) {
    Measurement m;
    m.day = day(date);
    m.seconds = m.day * 86400;
    m.value = value;
    list.push_back(m);
  }
  data.by_metric.emplace_back("mttr", std::move(list));
  return data;
}

}  // namespace

TEST_CASE("monthly medians, progress against a duration key result, status and forecast") {
  Loaded l = load_yaml(kModel);
  REQUIRE(l.diagnostics.empty());
  // January: 110, 130, 120 -> median 120; February: 100, 90 -> 95; March: 80, 70, 75 -> 75
  MeasurementData data = data_of({{"2026-01-05", 110},
                                  {"2026-01-12", 130},
                                  {"2026-01-20", 120},
                                  {"2026-02-03", 100},
                                  {"2026-02-17", 90},
                                  {"2026-03-02", 80},
                                  {"2026-03-09", 70},
                                  {"2026-03-10", 75}});
  Report r = build_report(l.model, data, ReportOptions{});
  CHECK(format_date(r.as_of.value()) == "2026-03-10");  // the latest measurement
  const auto& periods = r.metrics.at(0).series.at(0).periods;
  REQUIRE(periods.size() == 3);
  CHECK(periods[0].value == 120);
  CHECK(periods[1].value == 95);
  CHECK(periods[2].value == 75);
  CHECK(*r.metrics[0].change == -20);
  CHECK(r.metrics[0].trend == Trend::Improving);
  const KeyResultReport& k = r.key_results.at(0);
  // 2h -> 120 minutes, 1h -> 60; current 75: (75 - 120) / (60 - 120) = 0.75
  CHECK(*k.baseline == 120);
  CHECK(*k.target == 60);
  CHECK(*k.current == 75);
  CHECK(*k.progress == doctest::Approx(0.75));
  // elapsed: 2026-01-01 .. 2026-03-10 = 68 of 89 days
  CHECK(*k.expected == doctest::Approx(68.0 / 89));
  CHECK(*k.status == Status::OnTrack);  // 0.75 >= 0.764 - 0.1
  // least squares through (day 0, 120), (31, 95), (59, 75): slope -1330/1742 per day through
  // (30, 96.67), so 60 at day 30 + 36.67 / 0.7635 = 78.02, rounded up: day 79 = March 21
  REQUIRE(k.forecast);
  CHECK(format_date(*k.forecast) == "2026-03-21");
}

TEST_CASE("no data in the as-of period: no status; --from/--to limit the data") {
  Loaded l = load_yaml(kModel);
  MeasurementData data = data_of({{"2026-01-05", 110}, {"2026-02-03", 100}});
  ReportOptions options;
  options.as_of = day("2026-03-15");
  Report r = build_report(l.model, data, options);
  CHECK_FALSE(r.key_results.at(0).current);
  CHECK_FALSE(r.key_results.at(0).status);
  options.to = day("2026-01-31");
  Report january = build_report(l.model, data, options);
  CHECK(january.metrics.at(0).series.at(0).periods.size() == 1);
}

TEST_CASE("as of a day, later measurements do not exist yet; without data there is no day") {
  Loaded l = load_yaml(kModel);
  MeasurementData data = data_of({{"2026-01-05", 110}, {"2026-02-03", 100}, {"2026-03-02", 80}});
  ReportOptions options;
  options.as_of = day("2026-02-10");
  Report r = build_report(l.model, data, options);
  const auto& periods = r.metrics.at(0).series.at(0).periods;
  REQUIRE(periods.size() == 2);  // March is after as-of
  CHECK(period_label(periods.back().period) == "2026-02");
  CHECK(*r.key_results.at(0).current == 100);

  Report empty = build_report(l.model, data_of({}), ReportOptions{});
  CHECK_FALSE(empty.as_of);
  CHECK_FALSE(empty.key_results.at(0).current);
  CHECK_FALSE(empty.key_results.at(0).expected);
}

TEST_CASE("before and after a change: equal windows, medians and the Mann-Whitney verdict") {
  Loaded l = load_yaml(kModel);
  // five days before 2026-02-01 at 100..104, five days from it at 50..54
  MeasurementData data = data_of({{"2026-01-27", 100},
                                  {"2026-01-28", 101},
                                  {"2026-01-29", 102},
                                  {"2026-01-30", 103},
                                  {"2026-01-31", 104},
                                  {"2026-02-01", 50},
                                  {"2026-02-02", 51},
                                  {"2026-02-03", 52},
                                  {"2026-02-04", 53},
                                  {"2026-02-05", 54}});
  ReportOptions options;
  options.compare_at = day("2026-02-01");
  Report r = build_report(l.model, data, options);
  REQUIRE(r.metrics.at(0).comparison);
  const WindowComparison& c = *r.metrics[0].comparison;
  CHECK(format_date(c.before_start) == "2026-01-27");
  CHECK(format_date(c.after_end) == "2026-02-05");
  CHECK(c.before_median == 102);
  CHECK(c.after_median == 52);
  CHECK(*c.percent_change == doctest::Approx(-50 / 102.0 * 100));
  CHECK(c.test.p == doctest::Approx(0.012185780355344813));  // SciPy, as in test_measure
  CHECK(c.verdict == Trend::Improving);
  CHECK(c.wording == "improved, unlikely to be noise (p = 0.012)");
}
