// Measurement data: CSV, aggregations, calendar periods (hand-computed values).
#include <doctest/doctest.h>

#include "opsflow/report/measure.hpp"

using namespace opsflow;

namespace {
std::int64_t day(const char* text) {
  return parse_date(text).value->days;
}
}  // namespace

TEST_CASE("CSV: quotes, doubled quotes, line breaks in quotes, CRLF, a byte order mark") {
  std::vector<Diagnostic> d;
  CsvTable t = parse_csv(
      "\xEF\xBB\xBF"
      "date,metric,value,note\r\n"
      "2026-01-01,mttr,5,\"a, b\"\r\n"
      "2026-01-02,mttr,6,\"say \"\"hi\"\"\"\r\n"
      "2026-01-03,mttr,7,\"two\nlines\"\r\n"
      "\r\n"
      "2026-01-04,mttr,8,\r\n",
      "m.csv", d);
  CHECK(d.empty());
  CHECK(t.header == std::vector<std::string>{"date", "metric", "value", "note"});
  REQUIRE(t.rows.size() == 4);
  CHECK(t.rows[0][3] == "a, b");
  CHECK(t.rows[1][3] == "say \"hi\"");
  CHECK(t.rows[2][3] == "two\nlines");
  CHECK(t.rows[3][3].empty());
  CHECK(t.lines == std::vector<int>{2, 3, 4, 7});
}

TEST_CASE("CSV: broken rows are reported with their line, never silently dropped") {
  std::vector<Diagnostic> d;
  CsvTable t = parse_csv("date,value\n2026-01-01,1\n2026-01-02\n2026-01-03,\"3\"x\n2026-01-04,4\n",
                         "m.csv", d);
  REQUIRE(d.size() == 2);
  CHECK(d[0].loc.line == 3);
  CHECK(d[0].message == "row has 1 cells, the header has 2");
  CHECK(d[1].loc.line == 4);
  CHECK(d[1].message == "text after a closing quote");
  CHECK(t.rows.size() == 2);
  std::vector<Diagnostic> open;
  parse_csv("date,value\n2026-01-01,\"never closed\n", "m.csv", open);
  REQUIRE(open.size() == 1);
  CHECK(open[0].message == "a quoted field is never closed");
  CHECK(open[0].loc == SourceLoc{2, 12});
}

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

TEST_CASE("Mann-Whitney U matches SciPy's asymptotic test (tie and continuity corrections)") {
  // Reference values: scipy.stats.mannwhitneyu(a, b, method="asymptotic") (SciPy 1.10.1).
  MannWhitney separated = mann_whitney({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10});
  CHECK(separated.u == 0);
  CHECK(separated.p == doctest::Approx(0.012185780355344813).epsilon(1e-9));
  MannWhitney ties = mann_whitney({1, 2, 2, 3, 3, 3, 4}, {3, 4, 4, 5, 5, 6});
  CHECK(ties.u == 3.5);
  CHECK(ties.p == doctest::Approx(0.012999854364387305).epsilon(1e-9));
  MannWhitney shifted = mann_whitney({10.5, 12.1, 9.8, 11.0, 13.2, 10.9, 12.5, 11.7},
                                     {8.1, 9.0, 7.7, 9.9, 8.8, 10.2, 8.4});
  CHECK(shifted.u == 54);
  CHECK(shifted.p == doctest::Approx(0.0031669403816566894).epsilon(1e-9));
  MannWhitney same = mann_whitney({5, 5, 5}, {5, 5, 5, 5});
  CHECK(same.u == 6);
  CHECK(same.p == 1);
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
  CHECK(std::string(status_name(Status::AtRisk)) == "at-risk");
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

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "opsflow/load/load.hpp"

namespace {

struct DataDir {
  std::filesystem::path path;
  DataDir() {
    path =
        std::filesystem::temp_directory_path() / ("opsflow-measure-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~DataDir() { std::filesystem::remove_all(path); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
  }
};

Model metrics_model() {
  Model model;
  std::vector<Diagnostic> d;
  load_from_string(R"(apiVersion: opsflow/v1
kind: Metric
metadata: {id: mttr}
spec: {unit: minutes, direction: lower-is-better, aggregation: median}
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: csat}
spec: {unit: percent, direction: higher-is-better}
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: users}
spec: {unit: count, direction: higher-is-better, aggregation: last}
)",
                   "m.yaml", model, d);
  REQUIRE(d.empty());
  return model;
}

}  // namespace

TEST_CASE("measurements: per-metric and long-form files, durations, dimensions") {
  DataDir dir;
  dir.write("mttr.csv",
            "date,value\n2026-01-05,30\n2026-01-06,1h30m\n2026-01-07T10:00:00+08:00,45\n");
  dir.write("survey.csv",
            "date,metric,value,team\n2026-01-05,csat,80,global\n2026-01-05,csat,90,china\n");
  Model model = metrics_model();
  std::vector<Diagnostic> d;
  MeasurementData data = load_measurements(model, dir.path.string(), d);
  CHECK(d.empty());
  const auto* mttr = data.find("mttr");
  REQUIRE(mttr);
  REQUIRE(mttr->size() == 3);
  CHECK((*mttr)[1].value == doctest::Approx(90));  // 1h30m in minutes
  CHECK(format_date((*mttr)[2].day) == "2026-01-07");
  CHECK((*mttr)[2].seconds ==
        day("2026-01-07") * 86400 + 2 * 3600);  // 10:00 at +08:00 is 02:00 UTC
  const auto* csat = data.find("csat");
  REQUIRE(csat);
  CHECK((*csat)[1].dimensions ==
        std::vector<std::pair<std::string, std::string>>{{"team", "china"}});
  CHECK(data.files.size() == 2);
}

TEST_CASE("measurements: every bad row is reported with its line, nothing silently dropped") {
  DataDir dir;
  dir.write("data.csv",
            "date,metric,value\n2026-01-05,mtr,3\n2026-13-01,mttr,3\n2026-01-05,mttr,fast\n"
            "2026-01-05,csat,2h\n2026-01-06,users,400\n2026-01-06,users,410\n"
            "2026-01-06,mttr,4\n2026-01-06,mttr,4\n");
  dir.write("notes.csv", "date,value\n2026-01-01,1\n");
  Model model = metrics_model();
  std::vector<Diagnostic> d;
  MeasurementData data = load_measurements(model, dir.path.string(), d);
  REQUIRE(d.size() == 6);
  CHECK(d[0].message == "metric 'mtr' does not exist (did you mean 'mttr'?)");
  CHECK(d[0].loc.line == 2);
  CHECK(d[1].rule == "invalid-date");
  CHECK(d[1].loc == SourceLoc{3, 1});
  CHECK(d[2].message == "value 'fast' of metric 'mttr' is not a number or a duration");
  CHECK(d[3].message == "value '2h' of metric 'csat' is not a number");  // csat is not a time
  CHECK(d[4].rule == "duplicate-measurement");
  CHECK(d[4].severity == Severity::Warning);
  CHECK(d[4].loc.line == 7);
  CHECK(d[5].message == "no 'metric' column, and 'notes' is not a metric id");
  CHECK(data.find("users")->size() == 2);  // kept, and flagged
  CHECK(data.find("mttr")->size() == 2);   // two incidents on one day: the data, not a duplicate
}

TEST_CASE("the example team's year of data loads without a problem") {
  LoadOptions options;
  options.paths = {std::string(OPSFLOW_SOURCE_DIR) + "/examples"};
  LoadResult loaded = load(options);
  std::vector<Diagnostic> d;
  MeasurementData data =
      load_measurements(loaded.model, std::string(OPSFLOW_SOURCE_DIR) + "/examples/data", d);
  for (const Diagnostic& x : d) FAIL_CHECK(x.file << ":" << x.loc.line << ": " << x.message);
  CHECK(data.by_metric.size() == 10);
  REQUIRE(data.find("first-response-time"));
  CHECK(data.find("first-response-time")->front().dimensions.front().first == "team");
}

TEST_CASE("the column of a CSV cell, past quoted commas and quotes") {
  std::string text =
      "\xEF\xBB\xBF"
      "date,metric,value\n2026-01-05,\"a,\"\"b\"\"\",fast\n";
  std::vector<Diagnostic> problems;
  CsvTable table = parse_csv(text, "m.csv", problems);
  REQUIRE(table.rows.size() == 1);
  CHECK(table.rows[0][1] == "a,\"b\"");
  CHECK(csv_cell_column(text, table.offsets[0], 0) == 1);
  CHECK(csv_cell_column(text, table.offsets[0], 1) == 12);
  CHECK(csv_cell_column(text, table.offsets[0], 2) == 22);
}
