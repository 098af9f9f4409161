#pragma once
// An event log against a modelled process (SPEC §6): which cases are runs of the model under
// SPEC §2's rules, how they deviate, and the observed times and shares beside the estimates.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "opsflow/mine/mine.hpp"
#include "opsflow/model/model.hpp"

namespace opsflow {

// One kind of deviation and the cases that show it, e.g. "unknown activity 'Escalate'".
struct Deviation {
  std::string what;
  std::uint64_t cases = 0;
};

// What the log says about one step, beside what the model says.
struct StepObservation {
  std::size_t step = 0;
  std::uint64_t cases = 0;  // cases in which it ran
  std::uint64_t runs = 0;   // its instances (a rework loop runs it again)
  // Seconds from the moment it was ready (the latest completion of its predecessors, or of a
  // step whose rework sends the work back to it, that ran before it) to its start; without
  // service times (complete-only logs), to its completion. None for a step that starts a case.
  std::vector<double> waits;
  std::vector<double> durations;  // complete - start; empty without service times
  std::optional<DurationSummary> wait, duration;
  bool wait_drift = false, duration_drift = false;
  // Of the cases that reached it (a predecessor ran), the share in which it ran: compared with
  // an optional step's probability.
  std::optional<double> run_share;
  // Of its runs, the share followed by another run of its rework target: compared with the
  // modelled rework probability.
  std::optional<double> rework_share;
  // A decision: of the cases in which it ran, the share taking each branch (in branch order).
  std::vector<double> branch_shares;
  std::vector<std::uint64_t> branch_cases;  // the cases behind each share
};

struct Conformance {
  const Process* process = nullptr;
  std::uint64_t cases = 0, conforming = 0;
  double fitness = 0;                  // conforming / cases (0 for an empty log)
  std::vector<Deviation> deviations;   // most cases first, then by text
  std::vector<StepObservation> steps;  // in step order
  bool service_times = true;           // false for complete-only logs
};

// Checks each case of `log` against `process` (which must have no cycles: validate refuses those)
// and observes each step. Events map to steps by the step's `activity`, else its name, else its
// id. A case conforms when: every activity is a step; at most one branch of each decision runs,
// and one does when the decision runs; every step that runs is reached (a predecessor ran, or it
// starts the process) through taken branches; no required step is skipped on the path taken; a
// step's first run comes after the first runs of its predecessors that ran; and a step runs again
// only inside a rework loop (from a rework target to its rework step).
Conformance check_conformance(const EventLog& log, const Process& process);

// One case's observed span of a metric: the day it ended (UTC) and its length in seconds.
struct ObservedSpan {
  std::int64_t day = 0;
  double seconds = 0;
  std::uint32_t case_id = 0;  // index into EventLog::case_ids
};

// The span `metric` measures (its `span:` on `process`) in each case of `log` that runs both
// ends: from the first start of `from` to the last completion of `to` after it (a rework loop
// that runs `to` again ends the span later). In case order; empty when the metric has no span on
// `process` or an end names no step.
std::vector<ObservedSpan> observed_spans(const EventLog& log, const Process& process,
                                         const Metric& metric);

// What the log showed about the process, as the Observation document `mine --write-observed`
// writes (SPEC §6): the log's cases and period (its first and last event, whole seconds, UTC);
// per step that ran, its cases, its run share, with service times (a complete-only log has none:
// its "waits" hold the work) the p10, median and p90 of its wait and of its duration, rounded to
// whole seconds (a negative wait, a step started before the step it waits for ended, counts as 0:
// the model has no negative waits), and its rework share
// (at most 0.95); per decision that ran, its branch shares of the cases that took one branch,
// rounded to 0.001 and adding up to 1. `source` names the log.
Observation observation_of(const EventLog& log, const Conformance& conformance,
                           const std::string& source);

// Whether an observed median drifts from an estimate: outside a three-point estimate's range, or
// more than 50% off a single estimate (SPEC §6).
bool drifts(double observed_median, const Estimate& estimate);

}  // namespace opsflow
