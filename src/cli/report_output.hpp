#pragma once
// Prints a KPI report as text, JSON, CSV or Markdown (with Mermaid charts).

#include <cstdint>
#include <ostream>
#include <span>

#include "opsflow/model/model.hpp"
#include "opsflow/report/report.hpp"

namespace opsflow::cli {

// Key results and the last period of every metric, aligned for a terminal; `color` paints
// statuses.
void print_report_text(std::ostream& out, const Report& report, bool color);
// One JSON document with every number of the report.
void print_report_json(std::ostream& out, const Report& report, const Model& model);
// One row per metric, dimension and period.
// The tables `report --format csv` offers (SPEC §5: one row kind per table).
enum class ReportTable : std::uint8_t { Periods, KeyResults, Comparison };
std::span<const EnumName<ReportTable>> enum_table(ReportTable);  // "periods", "key-results", ...

void print_report_csv(std::ostream& out, const Report& report, ReportTable table);
// A page for the weekly review: key results, then each metric with its chart and table.
void print_report_markdown(std::ostream& out, const Report& report, const Model& model);

}  // namespace opsflow::cli
