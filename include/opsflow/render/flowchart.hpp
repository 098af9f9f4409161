#pragma once

#include <string>
#include <string_view>

#include "opsflow/analyze/analyze.hpp"

namespace opsflow {

// A Mermaid flowchart of an analysed process: one node per step numbered in list order (tasks as
// boxes, approvals as hexagons, decisions as diamonds, automated steps as subroutines, reviews
// and handoffs as rounded boxes), `after` edges as arrows, rework edges dashed with their
// probability (labelled with `rework`, the word of the page's language), the typical path filled
// and drawn thick. User text is escaped so no name can break it.
std::string mermaid_flowchart(const ProcessAnalysis& analysis, std::string_view rework = "rework");

// The same graph in Graphviz DOT.
std::string dot_graph(const ProcessAnalysis& analysis);

// Text made safe inside a quoted Mermaid label: quotes, angle brackets, backticks, '#' and line
// breaks become Mermaid entity codes.
std::string mermaid_label(std::string_view text);

}  // namespace opsflow
