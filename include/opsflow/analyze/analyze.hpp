#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "opsflow/analyze/finding.hpp"
#include "opsflow/analyze/scenarios.hpp"
#include "opsflow/base/diagnostic.hpp"
#include "opsflow/model/graph.hpp"
#include "opsflow/model/model.hpp"
#include "opsflow/model/severity.hpp"

namespace opsflow {

// One step's expected timing in the model of SPEC §4. Times in seconds. The start, finish and
// slack are those of the typical (most likely) scenario.
struct StepTiming {
  double delay = 0;              // deliberate time before the step (never proposed for removal)
  double wait = 0;               // expected wait before the step
  double duration = 0;           // expected touch time (PERT mean of a three-point estimate)
  double rework_multiplier = 1;  // product of 1/(1-p) over the rework loops containing the step
  double elapsed = 0;            // (delay + wait + duration) x rework multiplier
  bool in_typical = true;        // the step runs in the typical scenario
  double earliest_start = 0;     // in the typical scenario (0 when it does not run there)
  double earliest_finish = 0;
  double slack = 0;        // how much the step can slip without delaying the typical scenario
  bool critical = false;   // on the typical path
  double criticality = 0;  // the probability that it runs on its scenario's critical path
  double reach = 1;        // the probability that the step runs in an instance (SPEC §4)
};

// A metric's span on one process (SPEC §4): the elapsed time from the start of work on step
// `from` (after its delay and wait) to the end of step `to`. Times in seconds.
struct SpanTiming {
  const Metric* metric = nullptr;
  std::size_t from = 0, to = 0;    // step indices
  double probability = 0;          // that both ends run in an instance
  std::optional<double> expected;  // over the scenarios in which both run; absent when none
};

// The analysis of one process over its scenarios (SPEC §4).
struct ProcessAnalysis {
  const Process* process = nullptr;
  std::vector<StepTiming> steps;           // same order as process->steps
  std::vector<ReworkLoop> loops;           // in step order
  std::vector<Scenario> scenarios;         // distinct scenarios (one when nothing is chosen)
  std::size_t scenario_count = 1;          // scenarios enumerated, or drawn when estimated
  bool estimated = false;                  // the expectations come from a sample of scenarios
  std::vector<std::size_t> critical_path;  // the typical path: step indices in flow order
  double lead_time = 0;                    // expected lead time over the scenarios
  double typical_lead_time = 0;            // the lead time of the typical scenario
  double touch_time = 0;                   // expected touch time over the scenarios
  std::optional<double> cycle_efficiency;  // touch / lead; absent when the lead time is 0
  double work_per_instance = 0;            // sum of reach x duration x rework, all steps
  int handoffs = 0;  // changes of role between people on the typical path (automated steps are
                     // transparent)
  int approvals_on_critical_path = 0;        // approvals on the typical path
  std::optional<double> frequency_per_week;  // absent when the process has no frequency
  std::vector<SpanTiming> spans;  // the metrics whose span is on this process, in model order
};

// A role's demand from one process: its index in Model::processes and hours a week.
struct ProcessDemand {
  std::uint32_t process = 0;
  double hours_per_week = 0;
};

// The load on one role across all processes.
struct RoleLoad {
  const Role* role = nullptr;
  double people = 0;                 // members, or headcount
  double demand_hours_per_week = 0;  // sum of frequency x work of the role's steps
  // people x capacity per member; when the role records training, each member's hours only for
  // the share of the demand from processes whose current SOP they are trained on (SPEC §4)
  double capacity_hours_per_week = 0;
  double full_capacity_hours_per_week = 0;       // people x capacity per member, training aside
  bool training_counted = false;                 // the role records training
  std::vector<ProcessDemand> demand_by_process;  // by process index; processes with demand
  // Per member (in role->members order), the share of the demand they are trained for: 1 when
  // the role records no training (or has no demand).
  std::vector<double> member_share;
  int servers = 0;  // c of the M/M/c queue: counted capacity / one member's, rounded down, >= 1
                    // (0 without capacity)
  // SPEC §4 staffing: the fewest fully trained members that keep utilization at or under
  // utilization-warn and the queue wait no longer than now; absent without demand, without a
  // capacity per member, or above the headcount limit.
  std::optional<int> staffing;
  // demand / capacity; infinite when there is demand but no capacity; absent when neither
  std::optional<double> utilization;
  double arrivals_per_week = 0;   // step runs per week
  double mean_service_hours = 0;  // demand / arrivals
  // Erlang C (M/M/c) expected wait in the queue, in the role's available hours; only when
  // utilization < 1 and there is demand.
  std::optional<double> queue_wait_hours;
  std::optional<double> wait_probability;  // Erlang C probability that a job waits
};

struct AnalyzeOptions {
  std::vector<std::string> processes;  // ids to report on; empty = all
  unsigned jobs = 0;       // worker threads (0: the available CPUs); no effect on results
  bool findings = true;    // false: timings and role load only (graph and render print no findings)
  std::int64_t today = 0;  // days since 1970-01-01: when a training falls due (retraining-due)
};

// The whole analysis: per process, per role, and the ranked findings.
struct Analysis {
  std::vector<ProcessAnalysis> processes;  // the selected processes, in model order
  // With a Config calendar, waits and durations are working time (SPEC §4): a lead time in
  // calendar time is the lead time times 168 h / the hours the calendar is open a week.
  std::optional<double> calendar_ratio;
  double open_hours_per_week = 0;
  std::vector<RoleLoad> roles;    // every role, in model order
  std::vector<Finding> findings;  // ranked; severities as the policy resolves them
};

// Expected elapsed time of a step as SPEC §4 defines it, before rework: wait + PERT duration.
double expected_wait(const Step& step);
double expected_duration(const Step& step);

// The timing of a process whose graph is acyclic over its scenarios: expected lead and touch
// time, efficiency, reach, work; the typical path with its handoffs, approvals and slack.
ProcessAnalysis analyze_process(const Process& process);

// The span of `metric` on an analysed process; absent when the span does not name this process or
// two of its steps.
std::optional<SpanTiming> span_timing(const ProcessAnalysis& analysis, const Metric& metric);

// The Erlang C probability that a job waits, for c servers and offered load a (< c).
double erlang_c(int servers, double offered_load);

// A role's work as an M/M/c queue (SPEC §4) at a given capacity.
struct RoleQueue {
  std::optional<double> utilization;  // demand / capacity; infinite with demand but no capacity
  int servers = 0;  // capacity / per member, rounded down, at least 1; 0 without capacity
  std::optional<double> wait_probability;  // only when utilization < 1 and there are arrivals
  std::optional<double> wait_hours;        // expected queue wait, in the role's available hours
};
// The queue of `demand` hours a week in `arrivals` jobs a week, served by `capacity` hours a week
// of members with `per_member` hours each.
RoleQueue role_queue(double demand, double arrivals, double capacity, double per_member);

// SPEC §4 staffing: the smallest whole number of fully counted members with utilization at most
// `warn` and an Erlang C wait at most `wait_now` (no bound when absent: today's queue never
// drains), `servers_now` being the servers that wait is of. Absent without demand or per-member
// capacity, or when it would exceed kMaxHeadcount.
std::optional<int> staffing_needed(double demand, double arrivals, double per_member, double warn,
                                   std::optional<double> wait_now, int servers_now = 0);

// Analyzes a model that passed validation without errors. Throws Error for an unknown process id
// in `options`.
Analysis analyze(const Model& model, const AnalyzeOptions& options, const SeverityPolicy& policy);

// Normalises a step name for duplicate detection: lowercase ASCII, punctuation dropped, single
// spaces.
std::string normalise_step_name(std::string_view name);
// Appends normalise_step_name(name) to `out`.
void append_normalised_step_name(std::string& out, std::string_view name);

}  // namespace opsflow
