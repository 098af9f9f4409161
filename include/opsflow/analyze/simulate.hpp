#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "opsflow/analyze/analyze.hpp"
#include "opsflow/model/model.hpp"

namespace opsflow {

struct SimulationOptions {
  std::size_t instances = 10000;
  std::uint64_t seed = 1;
  unsigned threads = 0;  // 0: one per core; the result does not depend on it
};

// The share of simulated instances whose lead time meets a key result's target, for a duration
// metric the process lists in `metrics`.
struct TargetShare {
  std::string goal;
  std::string metric;
  double target = 0;  // seconds
  Direction direction = Direction::LowerIsBetter;
  double share = 0;
};

// Monte Carlo lead times of one process (SPEC §4). Times in seconds.
struct SimulationResult {
  std::string process;
  std::size_t instances = 0;
  std::uint64_t seed = 0;
  double mean = 0;
  double p50 = 0;
  double p85 = 0;
  double p95 = 0;
  std::vector<double>
      criticality;  // per step: share of instances with the step on the critical path
  std::vector<TargetShare> targets;
};

// Simulates `options.instances` instances of an analysed process: durations from three-point
// estimates (PERT-beta; a single value is fixed), waits exponential with their mean, branches by
// probability, rework as repeated loops. Instance i draws from its own stream derived from the
// seed, so the numbers are the same whatever the number of threads.
SimulationResult simulate(const Model& model, const ProcessAnalysis& analysis,
                          const SimulationOptions& options);

}  // namespace opsflow
