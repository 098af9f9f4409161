// Step graphs (cycles, rework, reachability, end steps) and the goal tree.
#include <fmt/format.h>

#include <algorithm>

#include "checks.hpp"
#include "opsflow/base/text.hpp"

namespace opsflow::detail {
namespace {

// "a -> b -> c -> a"; a cycle of more than kShownCycle steps shows its first ones and how many
// more there are, so a message stays one readable line.
constexpr std::size_t kShownCycle = 12;
std::string step_path(const Process& p, const std::vector<std::size_t>& cycle) {
  auto id = [&](std::size_t i) { return excerpt(p.steps[i].id.value, kMaxIdLength); };
  std::string text;
  std::size_t shown = cycle.size() > kShownCycle ? kShownCycle - 2 : cycle.size();
  for (std::size_t k = 0; k < shown; ++k) text += id(cycle[k]) + " -> ";
  if (shown < cycle.size()) text += fmt::format("… ({} more steps) -> ", cycle.size() - shown);
  return text + id(cycle.front());
}

// The `after` entry of `step` that names `predecessor` (for a precise location).
SourceLoc after_entry(const Step& step, const Step& predecessor) {
  for (const Text& ref : step.after.value) {
    if (ref.value == predecessor.id.value) return ref.loc;
  }
  return step.after.present ? step.after.loc : step.loc;
}

void check_process_graph(Checker& c, const Process& p, const StepGraph& g) {
  std::vector<std::string_view> step_ids;
  for (const Step& s : p.steps) step_ids.push_back(s.id.value);
  for (const StepGraph::UnknownAfter& unknown : g.unknown_after) {
    const Text& ref = p.steps[unknown.step].after.value[unknown.entry];
    c.report(rule::kUnknownStep, p, ref.loc,
             fmt::format("{} runs after unknown step '{}'{}", describe(p.steps[unknown.step]),
                         excerpt(ref.value, kMaxIdLength), c.suggest(ref.value, step_ids)));
  }

  std::vector<bool> in_cycle(p.steps.size(), false);
  for (const auto& cycle : g.cycles) {
    for (std::size_t v : cycle) in_cycle[v] = true;
    const Step& first = p.steps[cycle.front()];
    const Step& last = p.steps[cycle.back()];
    c.report(
        rule::kCycle, p, after_entry(first, last),
        fmt::format("steps wait on each other in a cycle: {}", step_path(p, cycle)),
        "break the cycle; a loop back for corrections is written as rework: {to, probability}");
  }

  // Steps that cannot start because something upstream is in a cycle.
  if (!g.acyclic()) {
    std::vector<bool> started(p.steps.size(), false);
    for (std::size_t v : g.topological_order) started[v] = true;
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      if (started[i] || in_cycle[i]) continue;
      c.report(rule::kUnreachableStep, p, p.steps[i].loc,
               fmt::format("{} can never start: it waits on steps caught in a cycle",
                           describe(p.steps[i])));
    }
  }

  // With an unknown `after` the graph is incomplete: judging "upstream" or "end step" on it
  // would only repeat that error in other words.
  const bool complete = g.unknown_after.empty();
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const Step& s = p.steps[i];
    if (!s.rework.present) continue;
    std::size_t to = g.rework_to[i];
    if (to == StepGraph::kNoStep) {
      c.report(rule::kUnknownStep, p, s.rework.to.loc,
               fmt::format("{} reworks to unknown step '{}'{}", describe(s),
                           excerpt(s.rework.to.value, kMaxIdLength),
                           c.suggest(s.rework.to.value, step_ids)));
    } else if (complete && !is_upstream(g, to, i)) {
      c.report(rule::kReworkNotUpstream, p, s.rework.to.loc,
               fmt::format("{} reworks to '{}', which does not come before it", describe(s),
                           excerpt(s.rework.to.value, kMaxIdLength)),
               "rework loops back to this step or one of its predecessors");
    }
  }

  if (complete && g.acyclic()) {
    std::vector<std::string> ends;
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      if (g.successors[i].empty()) ends.push_back(p.steps[i].id.value);
    }
    if (ends.size() > 1) {
      c.report(
          rule::kMultipleEndSteps, p, p.meta.id.loc,
          fmt::format("{} ends in {} steps: {}", describe(p), ends.size(), fmt::join(ends, ", ")),
          "add a closing step after all of them so it is clear when an instance is done");
    }
  }
}

// More expected runs of one step per instance than any real process has: beyond this, nested
// or near-certain rework makes the nominal times overflow and a simulation run without end.
constexpr double kMaxExpectedRuns = 100;

void check_rework_runs(Checker& c, const Process& p) {
  // The product of all loop factors bounds every step's runs: most processes stop here.
  double bound = 1;
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    if (p.graph.rework_to[i] != StepGraph::kNoStep)
      bound *= 1 / (1 - p.steps[i].rework.probability.value);
  }
  if (bound <= kMaxExpectedRuns) return;
  std::vector<ReworkLoop> loops = rework_loops(p);
  std::vector<double> runs = rework_multipliers(loops, p.steps.size());
  auto worst = static_cast<std::size_t>(std::max_element(runs.begin(), runs.end()) - runs.begin());
  if (runs[worst] <= kMaxExpectedRuns) return;
  // Blamed on the most likely loop around the step: lowering it helps most.
  const ReworkLoop* blame = nullptr;
  for (const ReworkLoop& loop : loops) {
    bool around = std::find(loop.body.begin(), loop.body.end(), worst) != loop.body.end();
    if (around && (!blame || loop.factor > blame->factor)) blame = &loop;
  }
  const Step& looping = p.steps[blame->step];
  std::string times =
      runs[worst] < 1e6 ? fmt::format("{:.0f} times", runs[worst]) : "more than a million times";
  c.report(
      rule::kExcessiveRework, p, looping.rework.probability.loc,
      fmt::format("with its rework loops, {} runs {} per instance on average (at most {:g} "
                  "make sense); the loop of {} alone repeats {:.3g} times",
                  describe(p.steps[worst]), times, kMaxExpectedRuns, describe(looping),
                  blame->factor),
      "lower the rework probabilities: p = 0.5 repeats a loop twice on average, p = 0.9 ten times");
}

void check_goal_tree(Checker& c) {
  // Follow parents from each goal; a goal met twice on one walk closes a loop.
  std::unordered_map<const Goal*, int> state;  // 0 new, 1 on the current walk, 2 done
  for (const Goal& start : c.model.goals) {
    std::vector<const Goal*> walk;
    const Goal* g = &start;
    while (g && state[g] == 0) {
      state[g] = 1;
      walk.push_back(g);
      auto it = g->parent ? c.goals.find(g->parent.value) : c.goals.end();
      g = it == c.goals.end() ? nullptr : static_cast<const Goal*>(it->second);
    }
    if (g && state[g] == 1) {
      auto from = std::find(walk.begin(), walk.end(), g);
      std::string text;
      for (auto it = from; it != walk.end(); ++it) text += (*it)->meta.id.value + " -> ";
      text += g->meta.id.value;
      c.report(rule::kGoalCycle, *g, g->parent.loc,
               fmt::format("goals are each other's parents in a loop: {}", text));
    }
    for (const Goal* w : walk) state[w] = 2;
  }
}

}  // namespace

void check_graphs(Checker& c) {
  for (const Process& p : c.model.processes) {
    check_process_graph(c, p, p.graph);
    if (p.graph.acyclic() && p.graph.unknown_after.empty()) check_rework_runs(c, p);
  }
  check_goal_tree(c);
}

}  // namespace opsflow::detail
