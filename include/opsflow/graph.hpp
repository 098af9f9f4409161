#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "opsflow/model.hpp"

namespace opsflow {

// The steps of one process as a graph through `after` (rework edges are not part of it).
struct StepGraph {
  std::vector<std::vector<std::size_t>> predecessors;
  std::vector<std::vector<std::size_t>> successors;
  std::unordered_map<std::string, std::size_t> index;  // step id -> first step with that id
  // `after` entries naming no step: (step index, the reference).
  std::vector<std::pair<std::size_t, const Text*>> unknown_after;
  // Steps in an order where every step comes after its predecessors; only the steps that can
  // start (not in or behind a cycle) appear.
  std::vector<std::size_t> topological_order;
  // Each cycle as a list of step indices in flow order (first step repeated implicitly).
  std::vector<std::vector<std::size_t>> cycles;
  bool acyclic() const { return cycles.empty(); }
};

// Builds the graph: `after` absent means the previous step, `after: []` a start.
StepGraph build_step_graph(const Process& process);

// True if `ancestor` is `step` or lies on some path of predecessors leading to `step`.
bool is_upstream(const StepGraph& graph, std::size_t ancestor, std::size_t step);

}  // namespace opsflow
