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

TEST_CASE("monthly medians: the current value is the latest complete month's, March is to date") {
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
  // March is not over on the 10th: shown to date (10 of 31 days), never the current value.
  CHECK(periods[1].complete);
  CHECK_FALSE(periods[2].complete);
  REQUIRE(r.metrics[0].to_date);
  CHECK(r.metrics[0].to_date->value.value == 75);
  CHECK(r.metrics[0].to_date->days_covered == 10);
  CHECK(r.metrics[0].to_date->days == 31);
  // The change is between complete months: 95 - 120.
  CHECK(*r.metrics[0].change == -25);
  CHECK(r.metrics[0].trend == Trend::Improving);
  const KeyResultReport& k = r.key_results.at(0);
  // 2h -> 120 minutes, 1h -> 60; current = February, 95: (95 - 120) / (60 - 120) = 0.4167
  CHECK(*k.baseline == 120);
  CHECK(*k.target == 60);
  CHECK(period_label(*k.current_period) == "2026-02");
  CHECK(*k.current == 95);
  CHECK(*k.progress == doctest::Approx(25.0 / 60));
  // elapsed, both ends included: 2026-01-01 .. 2026-03-10 = 69 of 90 days
  CHECK(*k.expected == doctest::Approx(69.0 / 90));
  CHECK(*k.status == Status::OffTrack);  // 0.417 < 0.767 - 0.25
  REQUIRE(k.to_date);
  CHECK(k.to_date->value.value == 75);
  // The trend of the complete months: (day 0, 120), (day 31, 95): -25/31 a day, 60 at day
  // 60 x 31 / 25 = 74.4, rounded up: day 75 = March 17 (after as-of, so as it is).
  REQUIRE(k.forecast);
  CHECK(format_date(*k.forecast) == "2026-03-17");
}

TEST_CASE("a line that met the target before as-of while the value has not: from the value on") {
  Loaded l = load_yaml(kModel);
  // Complete months 130 (Jan), 60 (Feb), 60 (Mar), 90 (Apr; as-of April 30 ends it). Least
  // squares through (0, 130), (31, 60), (59, 60), (90, 90): mean x 45, mean y 85; sxy = -45 x 45
  // + -14 x -25 + 14 x -25 + 45 x 5 = -1800; sxx = 2025 + 196 + 196 + 2025 = 4442; slope
  // -0.405223 a day. The line meets 60 at day 45 + 25 / 0.405223 = 106.7, before as-of (day
  // 119), while April's 90 is still above it: the forecast goes on from 90 at the line's rate,
  // 119 + 30 / 0.405223 = 193.03, rounded up: day 194 = July 14.
  MeasurementData data =
      data_of({{"2026-01-10", 130}, {"2026-02-10", 60}, {"2026-03-10", 60}, {"2026-04-30", 90}});
  Report r = build_report(l.model, data, ReportOptions{});
  const KeyResultReport& k = r.key_results.at(0);
  CHECK(period_label(*k.current_period) == "2026-04");
  CHECK(*k.current == 90);
  CHECK(*k.status == Status::OffTrack);
  REQUIRE(k.forecast);
  CHECK(format_date(*k.forecast) == "2026-07-14");
}

TEST_CASE("no measurement in the latest complete period: no-data; --from/--to limit the data") {
  Loaded l = load_yaml(kModel);
  MeasurementData data = data_of({{"2026-01-05", 110}, {"2026-02-03", 100}});
  ReportOptions options;
  options.as_of = day("2026-04-15");  // the latest complete month is March: no data
  Report r = build_report(l.model, data, options);
  CHECK_FALSE(r.key_results.at(0).current);
  CHECK(*r.key_results.at(0).status == Status::NoData);
  CHECK_FALSE(r.key_results.at(0).forecast);
  options.as_of = day("2026-03-15");  // February, 100, is the latest complete month
  CHECK(*build_report(l.model, data, options).key_results.at(0).current == 100);
  options.to = day("2026-01-31");
  Report january = build_report(l.model, data, options);
  CHECK(january.metrics.at(0).series.at(0).periods.size() == 1);
}

TEST_CASE("partial weeks and quarters: the current value is the latest complete one's") {
  Loaded l = load_yaml(kModel);
  // Monday 2026-03-02 starts ISO week 10; one row that day and two in week 9 (Feb 23..Mar 1).
  MeasurementData data =
      data_of({{"2026-02-24", 100}, {"2026-03-01", 80}, {"2026-03-02", 10}, {"2026-01-15", 50}});
  ReportOptions week;
  week.period = PeriodKind::Week;
  Report w = build_report(l.model, data, week);  // as-of Monday March 2
  const KeyResultReport& k = w.key_results.at(0);
  CHECK(period_label(*k.current_period) == "2026-W09");
  CHECK(*k.current == 90);  // the median of 100 and 80, not the Monday's 10
  REQUIRE(k.to_date);
  CHECK(k.to_date->days_covered == 1);
  CHECK(k.to_date->days == 7);
  ReportOptions quarter;
  quarter.period = PeriodKind::Quarter;
  quarter.as_of = day("2026-03-30");  // Q1 ends on the 31st: the latest complete is 2025-Q4
  Report q = build_report(l.model, data, quarter);
  CHECK(period_label(*q.key_results.at(0).current_period) == "2025-Q4");
  CHECK(*q.key_results.at(0).status == Status::NoData);
  CHECK(q.key_results.at(0).to_date->days_covered == 89);
  quarter.as_of = day("2026-03-31");  // now it is complete
  CHECK(period_label(*build_report(l.model, data, quarter).key_results.at(0).current_period) ==
        "2026-Q1");
}

TEST_CASE("expected progress counts both ends of the goal period; a one-day goal") {
  std::int64_t start = day("2026-01-01"), end = day("2026-01-10");
  CHECK(expected_progress(start, end, start - 1) == 0);
  CHECK(expected_progress(start, end, start) == doctest::Approx(0.1));  // 1 of 10 days
  CHECK(expected_progress(start, end, end) == 1);
  CHECK(expected_progress(start, start, start - 1) == 0);  // a one-day goal, before its day
  CHECK(expected_progress(start, start, start) == 1);      // on it
  CHECK(expected_progress(start, start, start + 5) == 1);  // after it
}

TEST_CASE("the plan goes straight from the baseline at the goal's start to the target at its end") {
  const std::int64_t start = day("2026-10-01"), end = day("2026-12-31");  // 92 days
  CHECK(planned_value(72, 36, start, end, start - 1) == 72);              // before: the baseline
  CHECK(planned_value(72, 36, start, end, day("2026-10-31")) ==
        doctest::Approx(72 - 36.0 * 31 / 92));
  CHECK(planned_value(72, 36, start, end, end) == 36);
  CHECK(planned_value(72, 36, start, end, end + 40) == 36);  // after: the target
  CHECK(planned_value(3.2, 4, start, end, day("2026-11-30")) ==
        doctest::Approx(3.2 + 0.8 * 61 / 92));
  // A value on the plan has exactly the expected progress.
  const std::int64_t d = day("2026-11-15");
  CHECK(
      key_result_progress(72, 36, planned_value(72, 36, start, end, d), Direction::LowerIsBetter) ==
      doctest::Approx(expected_progress(start, end, d)));
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
  CHECK(*r.key_results.at(0).current == 110);  // January: February is not over on the 10th

  Report empty = build_report(l.model, data_of({}), ReportOptions{});
  CHECK_FALSE(empty.as_of);
  CHECK_FALSE(empty.key_results.at(0).current);
  CHECK(*empty.key_results.at(0).status == Status::NoData);
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
  CHECK(c.test == WindowTest::MannWhitney);
  CHECK(c.before_value == 102);  // the metric's aggregation, median, of each window
  CHECK(c.after_value == 52);
  CHECK(*c.percent_change == doctest::Approx(-50 / 102.0 * 100));
  CHECK(c.p == doctest::Approx(0.012185780355344813));  // SciPy, as in test_measure
  CHECK(c.verdict == Trend::Improving);
  CHECK(c.wording == "improved, unlikely to be noise (Mann-Whitney, p = 0.012)");
}

TEST_CASE("counts of events are compared as rates with the exact conditional test") {
  Loaded l = load_yaml(R"(apiVersion: opsflow/v1
kind: Metric
metadata: {id: mttr}
spec: {unit: count, direction: lower-is-better, aggregation: count}
)");
  // 30 days before 2026-02-01 with 138 incidents, 30 days from it with 152: medians of 1s would
  // say +0%; as rates, +10.1%, and the exact test (binomial of 152 given 290, p = 1/2) says
  // 2 x P(X <= 138) = 0.4452882773244952 (exact; SciPy's binomtest gives the same).
  std::vector<std::pair<const char*, double>> rows;
  static std::vector<std::string> dates;
  dates.clear();
  for (int i = 0; i < 138; ++i) dates.push_back(format_date(day("2026-01-02") + i % 30));
  for (int i = 0; i < 152; ++i) dates.push_back(format_date(day("2026-02-01") + i % 30));
  for (const std::string& d : dates) rows.emplace_back(d.c_str(), 1);
  ReportOptions options;
  options.compare_at = day("2026-02-01");
  Report r = build_report(l.model, data_of(rows), options);
  REQUIRE(r.metrics.at(0).comparison);
  const WindowComparison& c = *r.metrics[0].comparison;
  CHECK(c.test == WindowTest::PoissonRate);
  CHECK(c.before_value == 138);
  CHECK(c.after_value == 152);
  CHECK(c.delta == 14);
  CHECK(*c.percent_change == doctest::Approx(14 / 138.0 * 100));
  CHECK(c.p == doctest::Approx(0.4452882773244952).epsilon(1e-9));
  CHECK(c.verdict == Trend::Flat);
  CHECK(c.wording == "no clear change: could be noise (exact rate test, p = 0.445)");
}

TEST_CASE("training-coverage: valued when a record or a version changes, carried to period ends") {
  // kTrainingTeam: ops (ann, bo, cy) does steps in p and q: 6 required.
  const std::string team = std::string(kTrainingTeam) + R"(---
apiVersion: opsflow/v1
kind: Goal
metadata: {id: ready}
spec:
  objective: Everyone trained
  period: {start: 2026-01-01, end: 2026-12-31}
  keyResults: [{metric: training-coverage, baseline: 0, target: 100}]
)";
  Loaded l = load_files({{"t.yaml", team}});
  REQUIRE(l.diagnostics.empty());
  // the key result's metric is known (the rest: the fixture's missing owners and goals)
  for (const Diagnostic& d : check({{"t.yaml", team}})) CHECK(d.rule.id() != "unknown-metric");
  REQUIRE(reports_training_coverage(l.model));
  ReportOptions options;
  options.by = "role";
  Report r = build_report(l.model, MeasurementData{}, options);
  // As of the latest change, 2026-06-10
  CHECK(*r.as_of == day("2026-06-10"));
  REQUIRE(r.metrics.size() == 1);
  const MetricReport& m = r.metrics[0];
  CHECK(m.metric->meta.id.value == "training-coverage");
  // 02-01 0/6, 02-10 1/6 (ann), 03-01 2/6 (bo), carried to the end of April and May, 06-01 0/6
  // (v3), 06-10 1/6: monthly, the last value of each
  std::vector<double> values;
  for (const PeriodValue& pv : m.series[0].periods) values.push_back(pv.value);
  REQUIRE(values.size() == 5);  // February to June
  CHECK(values[0] == doctest::Approx(100.0 / 6));
  CHECK(values[1] == doctest::Approx(200.0 / 6));
  CHECK(values[2] == doctest::Approx(200.0 / 6));  // April: nothing changed, carried
  CHECK(values[3] == doctest::Approx(200.0 / 6));
  CHECK(values[4] == doctest::Approx(100.0 / 6));  // June so far
  CHECK_FALSE(m.series[0].periods[4].complete);
  // Per role: ops is the only role that records training
  REQUIRE(m.series.size() == 2);
  CHECK(m.series[1].dimension == "ops");
  CHECK(m.series[1].periods.back().value == doctest::Approx(100.0 / 6));
  // The key result: current = May, the latest complete month; (33.3 - 0) / (100 - 0)
  const KeyResultReport& k = r.key_results.at(0);
  CHECK(*k.current == doctest::Approx(200.0 / 6));
  CHECK(*k.progress == doctest::Approx(1.0 / 3));
  // A Metric document with the id replaces the built-in one
  Loaded own = load_files({{"t.yaml", std::string(team) + R"(---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: training-coverage}
spec: {unit: percent, direction: higher-is-better, aggregation: last}
)"}});
  CHECK_FALSE(reports_training_coverage(own.model));
}
