#pragma once
// A model with an Observation's values in place of the estimates (SPEC §6, analyze --observed):
// the ranking, the savings and the Monte Carlo then run on what the log showed.

#include <string>
#include <vector>

#include "opsflow/model/model.hpp"

namespace opsflow {

// Puts what `observation` showed into `process` (which it observes, by id): each observed step's
// duration (p10, median, p90 as a three-point estimate) and wait (the expected value of its
// three-point, (p10 + 4 median + p90) / 6); an optional step's probability from its observed run
// share; a rework probability from its observed share; a decision's branch probabilities from
// its observed shares (a branch the log never took gets 0). What the model says must be so stays:
// a required step stays required, a step without rework gets none. Steps the observation does
// not name keep their estimates.
void apply_observation(Process& process, const Observation& observation);

// Applies every Observation of `model` to its process; returns the ids of the processes changed,
// in model order.
std::vector<std::string> apply_observations(Model& model);

}  // namespace opsflow
