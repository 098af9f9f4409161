#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "opsflow/analyze/analyze.hpp"
#include "opsflow/model/model.hpp"

namespace opsflow {

struct SimulationOptions {
  std::size_t instances = 10000;
  std::uint64_t seed = 1;
  unsigned threads = 0;  // 0: one per core; the result does not depend on it
  // Called now and then with the instances done so far (from one thread), for a progress line.
  std::function<void(std::size_t done)> progress{};
};

// The most step runs one simulation may take (instances x expected step runs per instance):
// about 15 seconds on two cores. Larger ones are refused before they start.
inline constexpr double kMaxSimulatedStepRuns = 1e9;

// Expected step runs of one instance of an analysed process (each step counted as often as its
// rework loops repeat it): what an instance costs to simulate.
double step_runs_per_instance(const ProcessAnalysis& analysis);

// The share of simulated instances that meet a key result's target, for a duration metric whose
// span is on the process (compared with the span, over the instances that run both ends) or that
// the process lists in `metrics` (compared with the lead time).
struct TargetShare {
  std::string goal;
  std::string metric;
  double target = 0;  // seconds
  Direction direction = Direction::LowerIsBetter;
  bool span = false;  // compared with the metric's span, not the lead time
  double share = 0;
};

// A metric's span over the simulated instances that run both its ends. Times in seconds.
struct SpanSimulation {
  std::string metric;
  std::size_t instances = 0;
  double mean = 0;
  double p50 = 0;
  double p85 = 0;
  double p95 = 0;
};

// A step's SLA against the wait + duration of its first run in each instance that runs it.
struct SlaShare {
  std::size_t step = 0;
  double sla = 0;        // seconds
  std::size_t runs = 0;  // instances that ran the step
  double breached = 0;   // share of them over the SLA
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
  std::vector<SpanSimulation> spans;  // as analysis.spans
  std::vector<SlaShare> slas;         // the steps with an sla, in step order
};

// Simulates `options.instances` instances of an analysed process: durations from three-point
// estimates (PERT-beta; a single value is fixed), waits exponential with their mean, one branch
// per reached decision, optional steps by their probability, rework as repeated loops; the
// critical path of each instance is traced through every repeat of a loop. Instance i draws from
// its own stream derived from the seed, so the numbers are the same whatever the number of threads.
SimulationResult simulate(const Model& model, const ProcessAnalysis& analysis,
                          const SimulationOptions& options);

}  // namespace opsflow
