// Scenarios of a process and the expected timing over them (SPEC §4).
#include "opsflow/analyze/scenarios.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>

#include "opsflow/stats/random.hpp"

namespace opsflow {
namespace {

std::vector<ChoicePoint> choice_points(const Process& p) {
  std::vector<ChoicePoint> points;
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const Step& s = p.steps[i];
    if (s.type.value == StepType::Decision && !s.branches.value.empty()) {
      ChoicePoint c{.step = i, .decision = true, .probability = {}, .branch = {}};
      for (std::size_t k = 0; k < s.branches.value.size(); ++k) {
        double q = s.branches.value[k].probability.value;
        if (q <= 0) continue;
        c.probability.push_back(q);
        c.branch.push_back(k);
      }
      // No option at all (every branch 0): nothing after the decision's branches can run.
      if (!c.probability.empty()) points.push_back(std::move(c));
    } else if (s.probability.value < 1 && s.probability.value > 0) {
      points.push_back({.step = i,
                        .decision = false,
                        .probability = {s.probability.value, 1 - s.probability.value},
                        .branch = {}});
    }
  }
  return points;
}

// The likeliest option of a point: the first of the most probable ones.
std::uint16_t likeliest(const ChoicePoint& c) {
  std::size_t best = 0;
  for (std::size_t k = 1; k < c.probability.size(); ++k) {
    if (c.probability[k] > c.probability[best]) best = k;
  }
  return static_cast<std::uint16_t>(best);
}

}  // namespace

ScenarioSet enumerate_scenarios(const Process& process, std::size_t limit, std::uint64_t seed) {
  ScenarioSet set;
  set.points = choice_points(process);
  const std::size_t n = set.points.size();
  // The number of scenarios, stopping as soon as it passes the limit.
  std::size_t count = 1;
  for (const ChoicePoint& c : set.points) {
    count *= c.probability.size();
    if (count > limit) break;
  }
  if (count <= limit) {
    std::vector<std::uint16_t> option(n, 0);
    for (std::size_t s = 0; s < count; ++s) {
      double q = 1;
      for (std::size_t k = 0; k < n; ++k) q *= set.points[k].probability[option[k]];
      set.choices.push_back(option);
      set.probability.push_back(q);
      // The next combination, the last point changing fastest.
      for (std::size_t k = n; k-- > 0;) {
        if (++option[k] < set.points[k].probability.size()) break;
        option[k] = 0;
      }
    }
    return set;
  }
  set.estimated = true;
  std::uint64_t state = seed;
  for (std::size_t s = 0; s < limit; ++s) {
    std::vector<std::uint16_t> option(n, 0);
    for (std::size_t k = 0; k < n; ++k) {
      const std::vector<double>& q = set.points[k].probability;
      option[k] = static_cast<std::uint16_t>(pick_by_weight(q, uniform01(state)));
    }
    set.choices.push_back(std::move(option));
    set.probability.push_back(1.0 / static_cast<double>(limit));
  }
  return set;
}

namespace {

// Working memory of states_for, reused from scenario to scenario.
struct StateScratch {
  std::vector<std::size_t> taken;
  std::vector<char> skip;
};

// The states of every step given one option per choice point, into `state`.
void states_for(const Process& p, const std::vector<ChoicePoint>& points,
                const std::vector<std::uint16_t>& option, std::vector<StepState>& state,
                StateScratch& scratch) {
  const StepGraph& g = p.graph;
  const std::size_t n = p.steps.size();
  // Per step: the branch its decision takes (kNone when none can be: every branch has
  // probability 0), and whether it is skipped.
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t>& taken = scratch.taken;
  std::vector<char>& skip = scratch.skip;
  taken.assign(n, kNone);
  skip.assign(n, 0);
  for (std::size_t k = 0; k < points.size(); ++k) {
    const ChoicePoint& c = points[k];
    if (c.decision) {
      taken[c.step] = c.branch[option[k]];
    } else {
      skip[c.step] = option[k] == 1;
    }
  }
  state.assign(n, StepState::Dead);
  for (std::size_t v : g.topological_order) {
    const Step& s = p.steps[v];
    // An optional step of probability 0 never runs but passes the flow on.
    bool never = s.probability.value <= 0;
    bool live = g.predecessors[v].empty();
    for (std::size_t u : g.predecessors[v]) {
      if (state[u] == StepState::Dead) continue;
      if (flow_passes(g, u, v, [&](std::size_t k) { return taken[u] == k; })) {
        live = true;
        break;
      }
    }
    if (!live) continue;
    state[v] = (skip[v] || never) ? StepState::Skipped : StepState::Runs;
  }
}

std::vector<StepState> states_for(const Process& p, const std::vector<ChoicePoint>& points,
                                  const std::vector<std::uint16_t>& option) {
  std::vector<StepState> state;
  StateScratch scratch;
  states_for(p, points, option, state, scratch);
  return state;
}

}  // namespace

std::vector<StepState> scenario_states(const Process& process, const ScenarioSet& set,
                                       std::size_t s) {
  return states_for(process, set.points, set.choices[s]);
}

std::vector<Scenario> distinct_scenarios(const Process& process, const ScenarioSet& set) {
  std::vector<Scenario> out;
  if (set.choices.empty()) return out;
  if (set.choices.size() == 1) {
    out.push_back({set.probability[0], states_for(process, set.points, set.choices[0])});
    return out;
  }
  // Keyed by the states as bytes (views into `out`, whose states do not move once made); equal
  // states are one scenario with the summed probability.
  out.reserve(set.choices.size());
  std::unordered_map<std::string_view, std::size_t> index;
  std::vector<StepState> state;
  StateScratch scratch;
  for (std::size_t s = 0; s < set.choices.size(); ++s) {
    states_for(process, set.points, set.choices[s], state, scratch);
    std::string_view key(reinterpret_cast<const char*>(state.data()), state.size());
    if (auto it = index.find(key); it != index.end()) {
      out[it->second].probability += set.probability[s];
      continue;
    }
    out.push_back({set.probability[s], state});
    const std::vector<StepState>& kept = out.back().state;
    index.emplace(std::string_view(reinterpret_cast<const char*>(kept.data()), kept.size()),
                  out.size() - 1);
  }
  return out;
}

void scenario_multipliers(const std::vector<ReworkLoop>& loops, const Scenario& scenario,
                          std::vector<double>& out, std::size_t without) {
  out.assign(scenario.state.size(), 1.0);
  for (const ReworkLoop& loop : loops) {
    if (loop.step == without || scenario.state[loop.step] != StepState::Runs) continue;
    for (std::size_t v : loop.body) out[v] *= loop.factor;
  }
}

void scenario_elapsed(const Scenario& scenario, const std::vector<double>& base,
                      const std::vector<double>& multiplier, std::vector<double>& out) {
  constexpr double kNever = -std::numeric_limits<double>::infinity();
  out.resize(base.size());
  for (std::size_t v = 0; v < base.size(); ++v) {
    switch (scenario.state[v]) {
      case StepState::Dead:
        out[v] = kNever;
        break;
      case StepState::Skipped:
        out[v] = 0;
        break;
      case StepState::Runs:
        out[v] = base[v] * multiplier[v];
        break;
    }
  }
}

ScenarioTiming scenario_timing(const Process& process, const ScenarioSet& set,
                               const std::vector<Scenario>& distinct,
                               const std::vector<double>& elapsed,
                               const std::vector<double>& duration,
                               const std::vector<ReworkLoop>& loops) {
  const StepGraph& g = process.graph;
  const std::size_t n = process.steps.size();
  ScenarioTiming t;
  t.scenarios = set.choices.size();
  t.estimated = set.estimated;
  t.reach.assign(n, 0);
  t.criticality.assign(n, 0);
  std::vector<double> finish(n), multiplier(n), times(n);

  // Lead time, touch time and critical path of one scenario.
  auto evaluate = [&](const Scenario& scenario, std::vector<std::size_t>& path) {
    path.clear();
    scenario_multipliers(loops, scenario, multiplier);
    scenario_elapsed(scenario, elapsed, multiplier, times);
    longest_path(g, times, finish);
    double lead = 0, touch = 0;
    trace_critical_path(g, finish, [&](std::size_t v) {
      lead = std::max(lead, finish[v]);
      if (scenario.state[v] != StepState::Runs) return;
      touch += duration[v] * multiplier[v];
      path.push_back(v);
    });
    return std::pair{lead, touch};
  };

  std::vector<std::size_t> path;
  for (const Scenario& scenario : distinct) {
    auto [lead, touch] = evaluate(scenario, path);
    for (std::size_t v : path) t.criticality[v] += scenario.probability;
    t.expected_lead_time += scenario.probability * lead;
    t.expected_touch_time += scenario.probability * touch;
    for (std::size_t v = 0; v < n; ++v) {
      if (scenario.state[v] == StepState::Runs) t.reach[v] += scenario.probability;
    }
  }

  std::vector<std::uint16_t> typical(set.points.size());
  for (std::size_t k = 0; k < set.points.size(); ++k) typical[k] = likeliest(set.points[k]);
  Scenario likeliest_one{1.0, states_for(process, set.points, typical)};
  t.typical_lead_time = evaluate(likeliest_one, t.typical_path).first;
  std::reverse(t.typical_path.begin(), t.typical_path.end());
  t.typical_state = std::move(likeliest_one.state);
  t.typical_elapsed = std::move(times);
  t.typical_finish = std::move(finish);
  return t;
}

ScenarioTiming scenario_timing(const Process& process, const ScenarioSet& set,
                               const std::vector<double>& elapsed,
                               const std::vector<double>& duration,
                               const std::vector<ReworkLoop>& loops) {
  return scenario_timing(process, set, distinct_scenarios(process, set), elapsed, duration, loops);
}

}  // namespace opsflow
