#include "opsflow/model/observed.hpp"

namespace opsflow {

void apply_observation(Process& process, const Observation& observation) {
  for (Step& step : process.steps) {
    if (const ObservedStep* seen = observation.step(step.id.value)) {
      if (seen->duration) step.duration.value = seen->duration.value;
      if (seen->wait) {
        step.wait.value = seen->wait.value.expected();
        step.wait.present = true;
      }
      // Only a step the model makes optional has a probability to observe: a required step that
      // did not always run is a deviation (mine --process reports it), not a new probability.
      if (seen->runs && step.probability.present && step.probability.value < 1)
        step.probability.value = seen->runs.value;
      if (seen->rework && step.rework.present) step.rework.probability.value = seen->rework.value;
    }
  }
  for (const ObservedDecision& d : observation.decisions) {
    for (Step& step : process.steps) {
      if (step.id.value != d.step.value || step.type.value != StepType::Decision) continue;
      for (Branch& b : step.branches.value) {
        b.probability.value = 0;
        for (const ObservedBranch& seen : d.branches) {
          if (seen.to.value == b.to.value) b.probability.value = seen.share.value;
        }
      }
    }
  }
}

std::vector<std::string> apply_observations(Model& model) {
  std::vector<std::string> changed;
  for (Process& process : model.processes) {
    if (const Observation* o = model.observation_of(process.meta.id.value)) {
      apply_observation(process, *o);
      changed.push_back(process.meta.id.value);
    }
  }
  return changed;
}

}  // namespace opsflow
