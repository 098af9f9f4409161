#pragma once
// Scenarios of a process (SPEC §4): one choice of branch at every decision and of run or skip at
// every optional step, with the probability of those choices. In a scenario the running steps
// follow the dead-path rules of SPEC §2: a step runs when at least one of its predecessors passes
// the flow on to it (or it has none); a skipped optional step takes no time and passes the flow
// on; a decision passes it only to the branch taken; a step waits for the predecessors that run.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "opsflow/model/graph.hpp"
#include "opsflow/model/model.hpp"

namespace opsflow {

// Scenarios are enumerated up to this many; above, this many are drawn as a seeded sample.
inline constexpr std::size_t kMaxScenarios = 4096;

// A choice point: a decision with branches (one option per branch of probability > 0) or an
// optional step (run, skip).
struct ChoicePoint {
  std::size_t step = 0;
  bool decision = false;
  std::vector<double> probability;  // per option; for a decision the index of its branch
  std::vector<std::size_t> branch;  // decision: the branch index of each option
};

// The scenarios of one process, as the option taken at each choice point.
struct ScenarioSet {
  std::vector<ChoicePoint> points;
  std::vector<std::vector<std::uint16_t>> choices;  // per scenario: the option at each point
  std::vector<double> probability;                  // per scenario (1/n each for a sample)
  bool estimated = false;                           // a sample, not every scenario
};

// The scenarios of `process` (acyclic graph): every one when there are at most `limit`, else
// `limit` drawn with `seed` (each choice by its probability).
ScenarioSet enumerate_scenarios(const Process& process, std::size_t limit = kMaxScenarios,
                                std::uint64_t seed = 1);

// What happens to each step in one scenario.
enum class StepState : std::uint8_t { Dead, Skipped, Runs };

// The state of every step of `process` in scenario `s` of `set`, in step order.
std::vector<StepState> scenario_states(const Process& process, const ScenarioSet& set,
                                       std::size_t s);

// One distinct scenario: what happens to each step, and its probability. Scenarios that differ
// only in choices no running step depends on (an optional step on a branch not taken) are one.
struct Scenario {
  double probability = 0;
  std::vector<StepState> state;
};

// The distinct scenarios of `set`, in the order each first occurs.
std::vector<Scenario> distinct_scenarios(const Process& process, const ScenarioSet& set);

// The rework multiplier of every step in a scenario: the product of 1/(1-p) over the loops whose
// looping step runs in it, leaving out the loops of step `without` (a step taken out). Written to
// `out` (resized to `steps`).
inline constexpr std::size_t kNoStep = static_cast<std::size_t>(-1);
void scenario_multipliers(const std::vector<ReworkLoop>& loops, const Scenario& scenario,
                          std::vector<double>& out, std::size_t without = kNoStep);

// Each step's elapsed time in a scenario, given its time before rework (`base`) and the
// scenario's multipliers: a running step takes base x multiplier, a skipped one no time, and a
// dead one -infinity, so that no path runs through it (a step waits only for the predecessors
// that run). Written to `out`.
void scenario_elapsed(const Scenario& scenario, const std::vector<double>& base,
                      const std::vector<double>& multiplier, std::vector<double>& out);

// The expected timing of a process over its scenarios. Times in seconds.
struct ScenarioTiming {
  std::size_t scenarios = 0;  // as enumerated or drawn (before merging equal ones)
  bool estimated = false;
  double expected_lead_time = 0;   // sum over scenarios of P x lead time
  double expected_touch_time = 0;  // sum over scenarios of P x touch time of its critical path
  std::vector<double> reach;       // per step: the probability that it runs
  // Per step: the probability that it runs on its scenario's critical path.
  std::vector<double> criticality;
  // The most likely scenario (the likeliest option at every choice point; ties: the first branch,
  // and running before skipping): what happens to each step in it, its critical path in flow
  // order (running steps only) and its lead time.
  std::vector<StepState> typical_state;
  std::vector<double> typical_elapsed;  // each step's time in it (dead: -infinity, skipped: 0)
  std::vector<double> typical_finish;   // each step's earliest finish in it
  std::vector<std::size_t> typical_path;
  double typical_lead_time = 0;
};

// `elapsed` per step is delay + wait + duration, `duration` the touch time, both before rework;
// `loops` are the process's rework loops, which apply in a scenario when their looping step runs.
ScenarioTiming scenario_timing(const Process& process, const ScenarioSet& set,
                               const std::vector<Scenario>& distinct,
                               const std::vector<double>& elapsed,
                               const std::vector<double>& duration,
                               const std::vector<ReworkLoop>& loops);

// The same, merging the scenarios of `set` first.
ScenarioTiming scenario_timing(const Process& process, const ScenarioSet& set,
                               const std::vector<double>& elapsed,
                               const std::vector<double>& duration,
                               const std::vector<ReworkLoop>& loops);

}  // namespace opsflow
