#pragma once

#include <cstddef>
#include <cstdint>
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
  // Steps in an order where every step comes after its predecessors; only the steps that can
  // start (not in or behind a cycle) appear.
  std::vector<std::size_t> topological_order;
  // Each cycle as a list of step indices in flow order (first step repeated implicitly).
  std::vector<std::vector<std::size_t>> cycles;
  bool acyclic() const { return cycles.empty(); }
};

// Builds the graph: `after` absent means the previous step, `after: []` a start; an id used by
// several steps refers to the first of them.
StepGraph build_step_graph(const Process& process);

// True if `ancestor` is `step` or lies on some path of predecessors leading to `step`.
bool is_upstream(const StepGraph& graph, std::size_t ancestor, std::size_t step);

}  // namespace opsflow
