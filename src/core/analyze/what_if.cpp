// Savings as the expected lead time with a change applied (SPEC §4): per scenario, a change to
// one step's wait or its removal is answered from the scenario's path bounds; a change that alters
// a rework loop or two steps at once counts the scenario's longest path again.
#include "what_if.hpp"

#include <algorithm>
#include <limits>

namespace opsflow::detail {

namespace {

bool loops_back(const ProcessAnalysis& a, std::size_t step) {
  return std::any_of(a.loops.begin(), a.loops.end(),
                     [&](const ReworkLoop& l) { return l.step == step; });
}

// The longest path with `second` merged into `first`: one step that runs after the predecessors
// of both, before the successors of both, taking `merged`. Absent when the merge would make a
// cycle (a path from `first` to `second` through other steps).
std::optional<double> merged_lead(const StepGraph& g, const std::vector<double>& times,
                                  std::size_t first, std::size_t second, double merged) {
  const std::size_t n = times.size();
  auto node = [&](std::size_t v) { return v == second ? first : v; };
  // Visits the successors of v in the merged graph (the merged step has those of both).
  auto successors = [&](std::size_t v, auto visit) {
    for (std::size_t s : g.successors[v]) {
      if (node(s) != v) visit(node(s));
    }
    if (v != first) return;
    for (std::size_t s : g.successors[second]) {
      if (node(s) != v) visit(node(s));
    }
  };
  std::vector<std::size_t> pending(n, 0);
  for (std::size_t v = 0; v < n; ++v) {
    if (v != second) successors(v, [&](std::size_t s) { ++pending[s]; });
  }
  std::vector<double> start(n, 0.0);
  std::vector<std::size_t> ready;
  for (std::size_t v = 0; v < n; ++v) {
    if (v != second && pending[v] == 0) ready.push_back(v);
  }
  double lead = 0;
  std::size_t done = 0;
  while (!ready.empty()) {
    std::size_t v = ready.back();
    ready.pop_back();
    ++done;
    double finish = start[v] + (v == first ? merged : times[v]);
    lead = std::max(lead, finish);
    successors(v, [&](std::size_t s) {
      start[s] = std::max(start[s], finish);
      if (--pending[s] == 0) ready.push_back(s);
    });
  }
  if (done + 1 < n) return std::nullopt;
  return lead;
}

}  // namespace

std::vector<std::optional<double>> WhatIfs::lead_savings(std::size_t budget) const {
  const StepGraph& graph = a_.process->graph;
  const std::size_t n = a_.steps.size();
  std::vector<double> base(n);
  for (std::size_t i = 0; i < n; ++i) {
    const StepTiming& t = a_.steps[i];
    base[i] = t.delay + t.wait + t.duration;
  }
  // A merge of a step into its only predecessor, which has no other successor, is a change to
  // one link of a chain: the path bounds answer it.
  auto chain = [&](const WhatIf& w) {
    return w.kind == WhatIf::Kind::Merge && graph.predecessors[w.step].size() == 1 &&
           graph.successors[w.first].size() == 1;
  };
  // Which changes need a recount, and whether any can use the path bounds.
  std::vector<char> recount(changes_.size(), 0);
  bool bounded = false;
  std::size_t recounts = 0;
  for (std::size_t c = 0; c < changes_.size(); ++c) {
    const WhatIf& w = changes_[c];
    recount[c] = (w.kind == WhatIf::Kind::Merge && !chain(w)) ||
                 (w.kind == WhatIf::Kind::Remove && loops_back(a_, w.step));
    recounts += recount[c];
    bounded |= !recount[c];
  }
  // A recount walks every step once per scenario.
  const bool affordable = recounts * n * a_.scenarios.size() <= budget;

  std::vector<std::optional<double>> saving(changes_.size());
  std::vector<char> impossible(changes_.size(), 0);
  for (std::size_t c = 0; c < changes_.size(); ++c) {
    if (!recount[c] || affordable) saving[c] = 0.0;
  }
  std::vector<double> multiplier, times, changed_multiplier, changed, finish;
  PathBounds bounds;
  PathBoundsScratch scratch;
  // The longest path of `elapsed`, in reused memory.
  auto longest = [&](const std::vector<double>& elapsed) {
    return longest_path(graph, elapsed, finish);
  };
  for (const Scenario& scenario : a_.scenarios) {
    auto runs = [&](std::size_t v) { return scenario.state[v] == StepState::Runs; };
    bool touched = false;
    for (const WhatIf& w : changes_) touched |= runs(w.step);
    if (!touched) continue;
    scenario_multipliers(a_.loops, scenario, multiplier);
    scenario_elapsed(scenario, base, multiplier, times);
    if (bounded) path_bounds(graph, times, bounds, scratch);
    const double lead = bounded ? bounds.lead : longest(times);
    for (std::size_t c = 0; c < changes_.size(); ++c) {
      const WhatIf& w = changes_[c];
      if (!saving[c] || !runs(w.step)) continue;
      double with = lead;
      switch (w.kind) {
        case WhatIf::Kind::Wait: {
          const StepTiming& t = a_.steps[w.step];
          with = bounds.lead_with(w.step, (t.delay + w.wait + t.duration) * multiplier[w.step]);
          break;
        }
        case WhatIf::Kind::Remove:
          if (!recount[c]) {
            with = bounds.lead_with(w.step, 0);
            break;
          }
          scenario_multipliers(a_.loops, scenario, changed_multiplier, w.step);
          scenario_elapsed(scenario, base, changed_multiplier, changed);
          changed[w.step] = 0;
          with = longest(changed);
          break;
        case WhatIf::Kind::Merge: {
          if (!runs(w.first)) continue;
          // One step with the first's wait and rework and both durations (SPEC §4); the
          // second's deliberate delay stays.
          const StepTiming& first = a_.steps[w.first];
          const StepTiming& second = a_.steps[w.step];
          double merged =
              (first.delay + first.wait + first.duration + second.delay + second.duration) *
              multiplier[w.first];
          if (chain(w)) {
            // Every path through one runs through the other.
            with = std::max(bounds.avoiding[w.first],
                            bounds.start[w.first] + merged + bounds.after[w.step]);
            break;
          }
          if (graph.predecessors[w.step].size() == 1) {
            // After its only predecessor: the merged step sits where the first was.
            changed = times;
            changed[w.first] = merged;
            changed[w.step] = 0;
            with = longest(changed);
            break;
          }
          std::optional<double> lead_merged = merged_lead(graph, times, w.first, w.step, merged);
          if (!lead_merged) {
            impossible[c] = 1;
            continue;
          }
          with = *lead_merged;
          break;
        }
      }
      *saving[c] += scenario.probability * (lead - with);
    }
  }
  for (std::size_t c = 0; c < changes_.size(); ++c) {
    if (impossible[c]) saving[c] = -std::numeric_limits<double>::infinity();
  }
  return saving;
}

double WhatIfs::work_saving(const WhatIf& change) const {
  const std::vector<StepTiming>& steps = a_.steps;
  switch (change.kind) {
    case WhatIf::Kind::Wait:
      return 0;  // a wait is nobody's work
    case WhatIf::Kind::Remove: {
      // The step's own work, and the rework its loops caused in the steps they repeat.
      if (!loops_back(a_, change.step)) {
        const StepTiming& t = steps[change.step];
        return t.reach * t.rework_multiplier * t.duration;
      }
      std::vector<double> without = rework_multipliers(a_.loops, steps.size(), change.step);
      double freed = 0;
      for (std::size_t v = 0; v < steps.size(); ++v) {
        freed += steps[v].reach * steps[v].duration * (steps[v].rework_multiplier - without[v]);
      }
      return freed;
    }
    case WhatIf::Kind::Merge: {
      // The second step's work is now repeated as often as the first's.
      const StepTiming& first = steps[change.first];
      const StepTiming& second = steps[change.step];
      return second.reach * second.duration * (second.rework_multiplier - first.rework_multiplier);
    }
  }
  return 0;
}

}  // namespace opsflow::detail
