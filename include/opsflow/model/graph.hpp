#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace opsflow {

struct Process;

// The steps of one process as a graph through `after` (rework edges are not part of it). The
// loader builds it for every process (Process::graph), so every stage shares one copy.
struct StepGraph {
  static constexpr std::size_t kNoStep = SIZE_MAX;

  // An `after` entry naming no step: the step's index and the entry's position in its list.
  struct UnknownAfter {
    std::size_t step;
    std::size_t entry;
  };

  std::vector<std::vector<std::size_t>> predecessors;
  std::vector<std::vector<std::size_t>> successors;
  // Per step: the index of its rework.to step (the first step with that id), or kNoStep when it
  // has no rework or names no step.
  std::vector<std::size_t> rework_to;
  std::vector<UnknownAfter> unknown_after;
  // Per step: the index each of its branches leads to, in the order written (kNoStep for a
  // target that names no step); empty for a step without branches.
  std::vector<std::vector<std::size_t>> branch_to;
  // Per step: the decision whose branch leads to it (the first one), or kNoStep.
  std::vector<std::size_t> decision_of;
  // Steps in an order where every step comes after its predecessors; only the steps that can
  // start (not in or behind a cycle) appear.
  std::vector<std::size_t> topological_order;
  // Each cycle as a list of step indices in flow order (first step repeated implicitly).
  std::vector<std::vector<std::size_t>> cycles;
  bool acyclic() const { return cycles.empty(); }
};

// Builds the graph: `after` absent means the previous step (for a branch target: its decision),
// `after: []` a start; an id used by several steps refers to the first of them. Branches are not
// edges of their own: a branch target's `after` names its decision (validate checks it).
StepGraph build_step_graph(const Process& process);

// Whether the flow goes from step `from` on to its successor `to` (SPEC §2's dead paths): always,
// unless `to` is a branch target of `from`; then only when `taken(k)` holds for a branch k of
// `from` that leads to it.
template <class Taken>
bool flow_passes(const StepGraph& graph, std::size_t from, std::size_t to, Taken taken) {
  const std::vector<std::size_t>& targets = graph.branch_to[from];
  bool is_target = false;
  for (std::size_t k = 0; k < targets.size(); ++k) {
    if (targets[k] != to) continue;
    is_target = true;
    if (taken(k)) return true;
  }
  return !is_target;
}

// True if `ancestor` is `step` or lies on some path of predecessors leading to `step`.
bool is_upstream(const StepGraph& graph, std::size_t ancestor, std::size_t step);

// A rework loop: the step that loops back, its factor 1/(1-p), and its body (every step on a path
// from rework.to to the step, both included), in step order.
struct ReworkLoop {
  std::size_t step = 0;
  double factor = 1;
  std::vector<std::size_t> body;
};

// The rework loops of a process whose rework.to names a step upstream of the looping step.
std::vector<ReworkLoop> rework_loops(const Process& process);

// Per-step rework multipliers of a process with `steps` steps (1 where no loop applies). With
// `removed`, that step is taken out: its own loop no longer applies, and its multiplier is 0.
std::vector<double> rework_multipliers(const std::vector<ReworkLoop>& loops, std::size_t steps,
                                       std::optional<std::size_t> removed = std::nullopt);

// Longest path of per-step `elapsed` times over an acyclic graph: the lead time (recomputed by the
// savings estimates with one change applied).
double longest_path(const StepGraph& graph, const std::vector<double>& elapsed);
// The same, leaving each step's finish (the longest path up to its end) in `finish`, whose
// memory a caller that asks often reuses. A step taking -infinity (one that does not run) ends
// no path.
double longest_path(const StepGraph& graph, const std::vector<double>& elapsed,
                    std::vector<double>& finish);

// What the longest path of per-step `elapsed` times becomes when one step's time changes, without
// walking the graph again: for each step, the longest path that does not run through it, and
// the longest ones before and after it. Built in O((steps + edges) log edges) for an acyclic
// graph; then each what-if is O(1) (the savings of the findings ask thousands of them).
struct PathBounds {
  std::vector<double> start;     // the longest path up to the step's start (its earliest start)
  std::vector<double> after;     // the longest path from the step's end to the end
  std::vector<double> avoiding;  // the longest path that does not run through the step
  double lead = 0;               // the longest path

  // The longest path with step `step` taking `elapsed` instead.
  double lead_with(std::size_t step, double elapsed) const {
    return std::max(avoiding[step], start[step] + elapsed + after[step]);
  }
};
PathBounds path_bounds(const StepGraph& graph, const std::vector<double>& elapsed);

// The working memory of path_bounds, kept by a caller that builds bounds many times (once per
// scenario) so that each build allocates nothing.
struct PathBoundsScratch {
  std::vector<double> finish, from, before, later, over;
  std::vector<std::size_t> position;
  struct Jump {
    std::size_t from_position, to_position;
    double length;
  };
  std::vector<Jump> jumps, open;
};
// The same into `out`, with `scratch`.
void path_bounds(const StepGraph& graph, const std::vector<double>& elapsed, PathBounds& out,
                 PathBoundsScratch& scratch);

// The critical path given each step's finish time: from the step that finishes last (the latest in
// the list on a tie), back through the predecessor that finishes last (the first listed on a
// tie) to a step without predecessors. Calls visit(step) for each, from the end backwards.
template <class Visit>
void trace_critical_path(const StepGraph& graph, const std::vector<double>& finish, Visit visit) {
  const std::vector<std::size_t>& order = graph.topological_order;
  if (order.empty()) return;
  std::size_t end = order.front();
  for (std::size_t v : order) {
    if (finish[v] > finish[end] || (finish[v] == finish[end] && v > end)) end = v;
  }
  for (std::size_t v = end;;) {
    visit(v);
    const std::vector<std::size_t>& preds = graph.predecessors[v];
    if (preds.empty()) break;
    std::size_t best = preds.front();
    for (std::size_t p : preds) {
      if (finish[p] > finish[best]) best = p;
    }
    v = best;
  }
}

}  // namespace opsflow
