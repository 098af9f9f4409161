// Aggregations, calendar periods, key-result progress and trends (hand-computed values).
#include <doctest/doctest.h>

#include "opsflow/report/measure.hpp"

using namespace opsflow;

namespace {
std::int64_t day(const char* text) {
  return parse_date(text).value->days;
}
}  // namespace

TEST_CASE("aggregations, percentiles as NumPy's default") {
  std::vector<double> v{4, 1, 3, 2, 10};
  CHECK(aggregate(Aggregation::Mean, v) == doctest::Approx(4));
  CHECK(aggregate(Aggregation::Median, v) == doctest::Approx(3));
  CHECK(aggregate(Aggregation::P90, v) == doctest::Approx(7.6));  // 4 + 0.6 x (10 - 4)
  CHECK(aggregate(Aggregation::P95, v) == doctest::Approx(8.8));  // 4 + 0.8 x (10 - 4)
  CHECK(aggregate(Aggregation::Sum, v) == doctest::Approx(20));
  CHECK(aggregate(Aggregation::Count, v) == 5);
  CHECK(aggregate(Aggregation::Min, v) == 1);
  CHECK(aggregate(Aggregation::Max, v) == 10);
  CHECK(aggregate(Aggregation::Last, v) == 10);
  CHECK(aggregate(Aggregation::Median, {1, 2, 3, 4}) == doctest::Approx(2.5));
}

TEST_CASE("ISO weeks: week 53, and days that belong to the neighbouring year") {
  CHECK(period_label(period_of(day("2020-12-31"), PeriodKind::Week)) == "2020-W53");
  CHECK(period_label(period_of(day("2021-01-03"), PeriodKind::Week)) == "2020-W53");
  CHECK(period_label(period_of(day("2021-01-04"), PeriodKind::Week)) == "2021-W01");
  CHECK(period_label(period_of(day("2024-12-30"), PeriodKind::Week)) == "2025-W01");
  CHECK(period_label(period_of(day("2026-11-28"), PeriodKind::Week)) == "2026-W48");
  Period w53 = period_of(day("2020-12-31"), PeriodKind::Week);
  CHECK(format_date(period_start(w53)) == "2020-12-28");
  CHECK(format_date(period_end(w53)) == "2021-01-03");
}

TEST_CASE("months and quarters: ends, leap days") {
  Period feb = period_of(day("2024-02-29"), PeriodKind::Month);
  CHECK(period_label(feb) == "2024-02");
  CHECK(format_date(period_end(feb)) == "2024-02-29");
  CHECK(format_date(period_end(period_of(day("2026-02-10"), PeriodKind::Month))) == "2026-02-28");
  Period q4 = period_of(day("2026-12-31"), PeriodKind::Quarter);
  CHECK(period_label(q4) == "2026-Q4");
  CHECK(format_date(period_start(q4)) == "2026-10-01");
  CHECK(format_date(period_end(q4)) == "2026-12-31");
  CHECK(period_label(period_of(day("2026-04-01"), PeriodKind::Quarter)) == "2026-Q2");
  CHECK(format_date(period_end(period_of(day("2026-03-31"), PeriodKind::Quarter))) == "2026-03-31");
}

TEST_CASE("key result progress and status, both directions, target equal to baseline") {
  // lower is better: baseline 4h, target 1h, now 2h -> (2 - 4) / (1 - 4) = 2/3
  CHECK(key_result_progress(4, 1, 2, Direction::LowerIsBetter) == doctest::Approx(2.0 / 3));
  CHECK(key_result_progress(80, 90, 85, Direction::HigherIsBetter) == doctest::Approx(0.5));
  CHECK(key_result_progress(5, 5, 4, Direction::LowerIsBetter) == 1);
  CHECK(key_result_progress(5, 5, 6, Direction::LowerIsBetter) == 0);
  CHECK(key_result_progress(5, 5, 6, Direction::HigherIsBetter) == 1);
  CHECK(key_result_status(1.0, 0.5) == Status::Achieved);
  CHECK(key_result_status(0.45, 0.5) == Status::OnTrack);  // >= 0.5 - 0.1
  CHECK(key_result_status(0.3, 0.5) == Status::AtRisk);    // >= 0.5 - 0.25
  CHECK(key_result_status(0.2, 0.5) == Status::OffTrack);
  CHECK(std::string(enum_name(Status::AtRisk)) == "at-risk");
}

TEST_CASE("the trend line says when a target is reached, or that it never will at this rate") {
  // y = 100 - 2 x (x in days from 2026-01-01): reaches 80 at x = 10
  std::int64_t d0 = day("2026-01-01");
  std::vector<std::pair<std::int64_t, double>> falling{{d0, 100}, {d0 + 5, 90}, {d0 + 8, 84}};
  auto when = trend_reaches(falling, 80, Direction::LowerIsBetter);
  REQUIRE(when);
  CHECK(format_date(*when) == "2026-01-11");
  CHECK_FALSE(trend_reaches(falling, 120, Direction::HigherIsBetter));  // moving the wrong way
  CHECK_FALSE(trend_reaches({{d0, 1}}, 0, Direction::LowerIsBetter));   // one point: no trend
}
