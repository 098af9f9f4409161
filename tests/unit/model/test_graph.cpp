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

TEST_CASE("a branch target without after runs after its decision; the steps after it follow it") {
  Process p = process(R"(    - id: route
      type: decision
      duration: 1m
      branches: [{to: small, probability: 0.7}, {to: large, probability: 0.3}, {to: nowhere, probability: 0}]
    - {id: small, duration: 1m}
    - {id: large, duration: 1m}
    - {id: pay, duration: 1m}
    - {id: close, duration: 1m, after: [small, pay]}
)");
  StepGraph g = build_step_graph(p);
  CHECK(g.predecessors[1] == std::vector<std::size_t>{0});
  CHECK(g.predecessors[2] == std::vector<std::size_t>{0});  // not the previous step
  CHECK(g.predecessors[3] == std::vector<std::size_t>{2});
  CHECK(g.branch_to[0] == std::vector<std::size_t>{1, 2, StepGraph::kNoStep});
  CHECK(g.decision_of ==
        std::vector<std::size_t>{StepGraph::kNoStep, 0, 0, StepGraph::kNoStep, StepGraph::kNoStep});
  CHECK(g.successors[0] == std::vector<std::size_t>{1, 2});
}

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

TEST_CASE(
    "the critical path: latest finish, the later step in the list on a tie, back through "
    "the predecessor that finishes last (the first listed on a tie)") {
  Process p = process(R"(    - {id: a, duration: 1m}
    - {id: b, duration: 1m, after: []}
    - {id: c, duration: 1m, after: [a, b]}
    - {id: d, duration: 1m, after: []}
)");
  StepGraph g = build_step_graph(p);
  std::vector<std::size_t> path;
  auto trace = [&](const std::vector<double>& finish) {
    path.clear();
    trace_critical_path(g, finish, [&](std::size_t v) { path.push_back(v); });
    return path;
  };
  CHECK(trace({1, 1, 2, 2}) == std::vector<std::size_t>{3});       // c and d tie: d is later
  CHECK(trace({1, 1, 2, 1}) == std::vector<std::size_t>{2, 0});    // a and b tie: a listed first
  CHECK(trace({1, 1.5, 2, 1}) == std::vector<std::size_t>{2, 1});  // b finishes last
}

TEST_CASE("rework loops, their multipliers, and the longest path") {
  Process p = process(R"(    - {id: a, duration: 1m}
    - {id: b, duration: 1m}
    - {id: c, duration: 1m, rework: {to: a, probability: 0.5}}
    - {id: d, duration: 1m, rework: {to: c, probability: 0.75}}
)");
  p.graph = build_step_graph(p);
  std::vector<ReworkLoop> loops = rework_loops(p);
  REQUIRE(loops.size() == 2);
  CHECK(loops[0].step == 2);
  CHECK(loops[0].factor == 2);
  CHECK(loops[0].body == std::vector<std::size_t>{0, 1, 2});
  CHECK(loops[1].body == std::vector<std::size_t>{2, 3});
  CHECK(rework_multipliers(loops, 4) == std::vector<double>{2, 2, 8, 4});
  // Taking c out removes its own loop and gives it no time.
  CHECK(rework_multipliers(loops, 4, 2) == std::vector<double>{1, 1, 0, 4});
  CHECK(longest_path(p.graph, {1, 2, 3, 4}) == 10);
}

TEST_CASE("path bounds give the longest path after any one step changes, as a full recount does") {
  // Random acyclic graphs: every step after a few earlier ones (or none), random times.
  std::uint64_t state = 12345;
  auto next = [&](std::uint64_t below) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % below;
  };
  for (int round = 0; round < 200; ++round) {
    std::size_t n = 1 + next(25);
    std::string steps;
    for (std::size_t i = 0; i < n; ++i) {
      std::string after;
      for (std::size_t j = 0; j < i; ++j) {
        if (next(4) == 0) after += (after.empty() ? "" : ", ") + ("s" + std::to_string(j));
      }
      steps += "    - {id: s" + std::to_string(i) + ", duration: 1m, after: [" + after + "]}\n";
    }
    Process p = process(steps);
    StepGraph g = build_step_graph(p);
    REQUIRE(g.acyclic());
    std::vector<double> elapsed(n);
    for (double& e : elapsed) e = static_cast<double>(next(100));
    PathBounds b = path_bounds(g, elapsed);
    CHECK(b.lead == longest_path(g, elapsed));
    for (std::size_t v = 0; v < n; ++v) {
      for (double changed : {0.0, elapsed[v] / 2, elapsed[v] + 7}) {
        std::vector<double> e = elapsed;
        e[v] = changed;
        CAPTURE(round);
        CAPTURE(v);
        CHECK(b.lead_with(v, changed) == longest_path(g, e));
      }
    }
  }
}
