// Measurement files: per-metric and long-form CSVs, durations, dimensions, bad rows.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "opsflow/load/load.hpp"
#include "opsflow/load/measurements.hpp"

using namespace opsflow;

namespace {

std::int64_t day(const char* text) {
  return parse_date(text).value->days;
}

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

// The metrics of `dir`/metrics.yaml, as a repository rooted at `dir`.
Model model_in(const DataDir& dir, std::vector<Diagnostic>& d) {
  Model model;
  std::ifstream in(dir.path / "metrics.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  load_from_string(text, (dir.path / "metrics.yaml").string(), model, d);
  model.config_dir = dir.path.string();
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
  CHECK(*(*csat)[1].dimensions ==
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
  CHECK(d[1].rule.id() == "invalid-date");
  CHECK(d[1].loc == SourceLoc{3, 1});
  CHECK(d[2].message == "value 'fast' of metric 'mttr' is not a number or a duration");
  CHECK(d[3].message ==
        "value '2h' of metric 'csat' is not a number or a percentage");  // csat is not a time
  CHECK(d[4].rule.id() == "duplicate-measurement");
  CHECK(d[4].severity == Severity::Warning);
  CHECK(d[4].loc.line == 7);
  CHECK(d[5].message == "no 'metric' column, and 'notes' is not a metric id");
  CHECK(data.find("users")->size() == 2);  // kept, and flagged
  CHECK(data.find("mttr")->size() == 2);   // two incidents on one day: the data, not a duplicate
}

TEST_CASE("measurements: rows with the same dimensions share one copy of them") {
  Model model = metrics_model();
  std::vector<Diagnostic> diagnostics;
  MeasurementData data = measurements_from_string(
      model, "date,value,team\n2026-01-05,1,a\n2026-01-06,2,a\n2026-01-07,3,b\n", "data/mttr.csv",
      "mttr", diagnostics);
  CHECK(diagnostics.empty());
  const auto* mttr = data.find("mttr");
  REQUIRE(mttr->size() == 3);
  CHECK((*mttr)[0].dimensions == (*mttr)[1].dimensions);
  CHECK(*(*mttr)[2].dimensions == Dimensions{{"team", "b"}});
  CHECK(Measurement{}.dimensions->empty());
}

TEST_CASE("measurements: messages quote long cells and headers as excerpts") {
  Model model = metrics_model();
  std::vector<Diagnostic> diagnostics;
  const std::string huge(100000, 'v');
  measurements_from_string(model, "date,metric,value\n2026-01-05,mttr," + huge + "\n",
                           "data/all.csv", "", diagnostics);
  measurements_from_string(model, "when," + huge + "\n2026-01-05,1\n", "data/mttr.csv", "mttr",
                           diagnostics);
  measurements_from_string(model, "date,metric,value\n2026-01-05," + huge + ",1\n", "data/all.csv",
                           "", diagnostics);
  REQUIRE(diagnostics.size() == 3);
  for (const Diagnostic& d : diagnostics) {
    CHECK(d.message.size() < 300);
    CHECK(d.message.find("vvvv…") != std::string::npos);
  }
  CHECK(diagnostics[0].message.starts_with("value 'vvv"));
  CHECK(diagnostics[1].message.starts_with(
      "the header needs 'date' and 'value' columns, got: when,v"));
  CHECK(diagnostics[2].message.starts_with("metric 'vvv"));
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
  CHECK(data.find("first-response-time")->front().dimensions->front().first == "team");
}

TEST_CASE(
    "measurements: two metrics on one per-metric file, one naming it in data:, both read it") {
  // m-p95 reads data/m-p90.csv through `data:`; m-p90 (no `data:`) finds the same file by its id.
  // Each gets the file's three rows (p90 and p95 of the same measurements).
  DataDir dir;
  std::filesystem::create_directories(dir.path / "data");
  std::ofstream(dir.path / "data" / "m-p90.csv") << "date,value\n2026-01-05,10\n2026-01-06,20\n"
                                                    "2026-01-07,30\n";
  std::ofstream(dir.path / "metrics.yaml") << R"(apiVersion: opsflow/v1
kind: Metric
metadata: {id: m-p90}
spec: {unit: minutes, direction: lower-is-better, aggregation: p90}
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: m-p95}
spec: {unit: minutes, direction: lower-is-better, aggregation: p95, data: data/m-p90.csv}
)";
  std::vector<Diagnostic> d;
  Model model = model_in(dir, d);
  REQUIRE(d.empty());
  MeasurementData data = load_measurements(model, (dir.path / "data").string(), d);
  CHECK(d.empty());
  REQUIRE(data.find("m-p95"));
  REQUIRE(data.find("m-p90"));
  CHECK(data.find("m-p95")->size() == 3);
  CHECK(data.find("m-p90")->size() == 3);
}

TEST_CASE("measurements: a long-form file named twice is read once") {
  // survey.csv has a metric column; csat names it in data:, and the data folder holds it too.
  DataDir dir;
  std::filesystem::create_directories(dir.path / "data");
  std::ofstream(dir.path / "data" / "csat.csv") << "date,metric,value\n2026-01-05,csat,80\n";
  std::ofstream(dir.path / "metrics.yaml") << R"(apiVersion: opsflow/v1
kind: Metric
metadata: {id: csat}
spec: {unit: percent, direction: higher-is-better, data: data/csat.csv}
)";
  std::vector<Diagnostic> d;
  Model model = model_in(dir, d);
  MeasurementData data = load_measurements(model, (dir.path / "data").string(), d);
  CHECK(d.empty());
  REQUIRE(data.find("csat"));
  CHECK(data.find("csat")->size() == 1);
}

TEST_CASE("measurements: a file a metric names in data: is not read again as a stray file") {
  // shared.csv is no metric's id; m-p95 names it. The data folder scan must not report it.
  DataDir dir;
  std::filesystem::create_directories(dir.path / "data");
  std::ofstream(dir.path / "data" / "shared.csv") << "date,value\n2026-01-05,10\n";
  std::ofstream(dir.path / "metrics.yaml") << R"(apiVersion: opsflow/v1
kind: Metric
metadata: {id: m-p95}
spec: {unit: minutes, direction: lower-is-better, aggregation: p95, data: data/shared.csv}
)";
  std::vector<Diagnostic> d;
  Model model = model_in(dir, d);
  MeasurementData data = load_measurements(model, (dir.path / "data").string(), d);
  CHECK(d.empty());
  REQUIRE(data.find("m-p95"));
  CHECK(data.find("m-p95")->size() == 1);
}

TEST_CASE("measurements: 88% is 88 on a percent metric, and an error on any other") {
  DataDir dir;
  dir.write("csat.csv", "date,value\n2026-01-05,88%\n2026-01-06,90\n");
  dir.write("users.csv", "date,value\n2026-01-05,88%\n");
  Model model = metrics_model();
  std::vector<Diagnostic> d;
  MeasurementData data = load_measurements(model, dir.path.string(), d);
  REQUIRE(data.find("csat"));
  CHECK((*data.find("csat"))[0].value == 88);
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == rule::kInvalidValue);
  CHECK(d[0].message == "value '88%' of metric 'users' is not a number");
}
