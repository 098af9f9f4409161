// Measurement CSV of any content (long form, or a per-metric file) through the measurement
// loader and the report in every format: rows that cannot be read get diagnostics, rows that
// can give finite numbers and well-formed output (seeds: examples/data and the test fixtures).

#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "opsflow/load/load.hpp"
#include "opsflow/load/measurements.hpp"
#include "opsflow/report/report.hpp"
#include "opsflow/stats/csv.hpp"
#include "report_output.hpp"

using opsflow::fuzz::require;

namespace {

// Metrics of every unit and aggregation, and goals whose key results use them.
constexpr const char* kModel = R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: sre, name: SRE}
spec: {headcount: 2}
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: mttr, name: Time to restore, owner: sre}
spec: {unit: minutes, direction: lower-is-better, aggregation: median}
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: incidents, name: Incidents, owner: sre}
spec: {unit: count, direction: lower-is-better, aggregation: count}
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: csat, name: 满意度, owner: sre}
spec: {unit: score, direction: higher-is-better, aggregation: mean}
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: backlog, name: Backlog, owner: sre}
spec: {unit: tickets, direction: lower-is-better, aggregation: last}
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: p90, name: Lead time P90, owner: sre}
spec: {unit: hours, direction: lower-is-better, aggregation: p90}
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: spend, name: Spend, owner: sre}
spec: {unit: eur, direction: lower-is-better, aggregation: sum}
---
apiVersion: opsflow/v1
kind: Goal
metadata: {id: better, name: Better, owner: sre}
spec:
  objective: Recover faster and keep users happy.
  period: {start: 2026-01-01, end: 2026-12-31}
  keyResults:
    - {metric: mttr, baseline: 90m, target: 45m}
    - {metric: incidents, baseline: 20, target: 10}
    - {metric: csat, baseline: 3.5, target: 4.5}
    - {metric: backlog, baseline: 100, target: 20}
    - {metric: p90, baseline: 3d, target: 1d}
    - {metric: spend, baseline: 1000, target: 500}
)";

const char* const kMetricFiles[] = {"", "mttr", "incidents", "csat", "backlog", "p90", "spend"};

const opsflow::Model& model() {
  static const opsflow::Model loaded = [] {
    opsflow::Model m;
    std::vector<opsflow::Diagnostic> diagnostics;
    opsflow::load_from_string(kModel, "team/model.yaml", m, diagnostics);
    require(diagnostics.empty(), "the fuzz target's model does not load");
    return m;
  }();
  return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  opsflow::fuzz::Bytes bytes(data, size);
  unsigned mode = bytes.byte();
  std::string metric = kMetricFiles[mode % std::size(kMetricFiles)];
  std::string text(bytes.rest());
  std::string path = "data/" + (metric.empty() ? std::string("all") : metric) + ".csv";

  std::vector<opsflow::Diagnostic> csv_diagnostics;
  opsflow::CsvTable table = opsflow::parse_csv(text, path, csv_diagnostics);
  require(table.rows.size() == table.lines.size() && table.rows.size() == table.offsets.size(),
          "a line and an offset per row");
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    require(table.rows[r].size() == table.header.size(), "a row with another number of cells");
    require(table.offsets[r] <= text.size(), "a row offset beyond the text");
    require(r == 0 || table.lines[r] > table.lines[r - 1], "row lines not increasing");
  }

  std::vector<opsflow::Diagnostic> diagnostics;
  opsflow::MeasurementData measured =
      opsflow::measurements_from_string(model(), text, path, metric, diagnostics);
  for (const opsflow::Diagnostic& d : diagnostics) {
    require(d.message.size() < 2000,
            fmt::format("a {}-byte message: {}", d.message.size(), d.message.substr(0, 200)));
    require(d.loc.line >= 0 && d.loc.col >= 0, "a negative position");
  }
  for (const auto& [id, rows] : measured.by_metric) {
    for (const opsflow::Measurement& m : rows) {
      require(std::isfinite(m.value) && std::abs(m.value) <= 1e15, "a measurement out of range");
    }
  }

  opsflow::ReportOptions options;
  options.period = static_cast<opsflow::PeriodKind>(mode / 8 % 3);
  if (mode & 0x40) options.by = "team";
  if (mode & 0x80) options.compare_at = 20'600;  // 2026-05-27
  opsflow::Report report = opsflow::build_report(model(), measured, options);
  for (const opsflow::KeyResultReport& kr : report.key_results) {
    if (kr.current) require(std::isfinite(*kr.current), "a current value not finite");
    if (kr.progress) require(std::isfinite(*kr.progress), "a progress not finite");
  }
  std::ostringstream out_text, out_json, out_csv, out_markdown;
  opsflow::cli::print_report_text(out_text, report, false);
  opsflow::cli::print_report_json(out_json, report, model());
  for (opsflow::cli::ReportTable csv_table :
       {opsflow::cli::ReportTable::Periods, opsflow::cli::ReportTable::KeyResults,
        opsflow::cli::ReportTable::Comparison})
    opsflow::cli::print_report_csv(out_csv, report, csv_table);
  opsflow::cli::print_report_markdown(out_markdown, report, model());
  require(nlohmann::json::accept(out_json.str()), "report --format json is not JSON");
  opsflow::fuzz::require_printable(out_text.str(), "report --format text");
  opsflow::fuzz::require_printable(out_markdown.str(), "report --format markdown");
  require(opsflow::fuzz::valid_utf8(out_csv.str()), "report --format csv is not UTF-8");
  return 0;
}
