#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "opsflow/analyze/analyze.hpp"

namespace opsflow {

// A Mermaid flowchart of an analysed process: one node per step numbered in list order (tasks as
// boxes, approvals as hexagons, decisions as diamonds, automated steps as subroutines, reviews
// and handoffs as rounded boxes), `after` edges as arrows, rework edges dashed with their
// probability (labelled with `rework`, the word of the page's language), the typical path filled
// and drawn thick. User text is escaped so no name can break it.
// How an SOP's flowchart names things: in the page's language, roles by their names, and each
// node with its duration and wait. The defaults (role ids, no times, English) are `opsflow graph`.
struct FlowchartText {
  std::string_view rework = "rework";  // the label of a rework arrow, before its probability
  std::string_view wait = "wait";      // after a step's wait: "11m, wait 5m"
  // The name to show for a role id; empty: the id.
  std::function<std::string(const std::string&)> role_name;
  bool times = false;  // show each step's duration and wait
};
std::string mermaid_flowchart(const ProcessAnalysis& analysis, const FlowchartText& text = {});

// The same graph in Graphviz DOT.
std::string dot_graph(const ProcessAnalysis& analysis);

// Text made safe inside a quoted Mermaid label: quotes, angle brackets, backticks, '#' and line
// breaks become Mermaid entity codes.
std::string mermaid_label(std::string_view text);

}  // namespace opsflow
