#pragma once
// Prints a KPI report as text, JSON, CSV or Markdown (with Mermaid charts).

#include <ostream>

#include "opsflow/model/model.hpp"
#include "opsflow/report/report.hpp"

namespace opsflow::cli {

// Key results and the last period of every metric, aligned for a terminal; `color` paints
// statuses.
void print_report_text(std::ostream& out, const Report& report, bool color);
// One JSON document with every number of the report.
void print_report_json(std::ostream& out, const Report& report, const Model& model);
// One row per metric, dimension and period.
void print_report_csv(std::ostream& out, const Report& report);
// A page for the weekly review: key results, then each metric with its chart and table.
void print_report_markdown(std::ostream& out, const Report& report, const Model& model);

}  // namespace opsflow::cli
