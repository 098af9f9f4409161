#pragma once
// Prints what `opsflow mine` found in an event log: text, JSON and Markdown.

#include <cstddef>
#include <ostream>

#include "opsflow/mine/conformance.hpp"
#include "opsflow/mine/mine.hpp"

namespace opsflow::cli {

// Aligned tables within 100 columns: the log, case durations, activities, the directly-follows
// edges, variants, resources and bottlenecks; `top` rows of each long table (0: all).
// With `conformance` (--process): the fitness, the deviations and each step observed beside the
// model after the log's statistics, in every format.
void print_mine_text(std::ostream& out, const LogStats& stats, const Conformance* conformance,
                     std::size_t top, bool color);

// Every number, durations in seconds.
void print_mine_json(std::ostream& out, const LogStats& stats, const Conformance* conformance);

// The same tables in Markdown, and the directly-follows graph as a Mermaid flowchart: edges
// labelled with their count and median wait, the most frequent path drawn thick.
void print_mine_markdown(std::ostream& out, const LogStats& stats, const Conformance* conformance,
                         std::size_t top);

}  // namespace opsflow::cli
