#include <doctest/doctest.h>

#include "helpers.hpp"
#include "opsflow/model/graph.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {
Process process(const std::string& steps) {
  auto l = load_yaml("apiVersion: opsflow/v1\nkind: Process\nmetadata: {id: p}\nspec:\n  steps:\n" +
                     steps);
  REQUIRE(l.model.processes.size() == 1);
  return l.model.processes[0];
}
}  // namespace

TEST_CASE("after defaults to the previous step; [] starts at once") {
  Process p = process(R"(    - {id: a, duration: 1m}
    - {id: b, duration: 1m}
    - {id: c, duration: 1m, after: []}
    - {id: d, duration: 1m, after: [b, c]}
)");
  StepGraph g = build_step_graph(p);
  CHECK(g.predecessors[0].empty());
  CHECK(g.predecessors[1] == std::vector<std::size_t>{0});
  CHECK(g.predecessors[2].empty());
  CHECK(g.predecessors[3] == std::vector<std::size_t>{1, 2});
  CHECK(g.topological_order == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(g.acyclic());
  CHECK(is_upstream(g, 0, 3));
  CHECK_FALSE(is_upstream(g, 3, 0));
  CHECK(is_upstream(g, 2, 2));
}

TEST_CASE("cycles are found once each, in flow order from their first step") {
  Process p = process(R"(    - {id: a, duration: 1m, after: [c]}
    - {id: b, duration: 1m, after: [a]}
    - {id: c, duration: 1m, after: [b]}
    - {id: d, duration: 1m, after: [c]}
    - {id: e, duration: 1m, after: [e]}
)");
  StepGraph g = build_step_graph(p);
  REQUIRE(g.cycles.size() == 2);
  CHECK(g.cycles[0] == std::vector<std::size_t>{0, 1, 2});
  CHECK(g.cycles[1] == std::vector<std::size_t>{4});
  CHECK(g.topological_order.empty());
}

TEST_CASE("the loader builds each process's graph") {
  Process p = process(R"(    - {id: a, duration: 1m}
    - {id: b, duration: 1m, rework: {to: a, probability: 0.5}}
    - {id: c, duration: 1m, rework: {to: zz, probability: 0.5}}
)");
  CHECK(p.graph.topological_order == std::vector<std::size_t>{0, 1, 2});
  CHECK(p.graph.rework_to == std::vector<std::size_t>{StepGraph::kNoStep, 0, StepGraph::kNoStep});
}

TEST_CASE("unknown after entries are collected, not followed") {
  Process p = process(R"(    - {id: a, duration: 1m}
    - {id: b, duration: 1m, after: [nope, a, a]}
)");
  StepGraph g = build_step_graph(p);
  REQUIRE(g.unknown_after.size() == 1);
  CHECK(g.unknown_after[0].step == 1);
  CHECK(g.unknown_after[0].entry == 0);
  CHECK(g.predecessors[1] == std::vector<std::size_t>{0});  // duplicates collapse
}
