#pragma once
// A finding of SPEC §4 as data: the rule, its subjects, the numbers behind it, the change it
// proposes and that change's saving. The sentences are made from these only when a finding is
// printed (finding_message, finding_change), so that a run with thousands of findings formats
// only what it shows, and each output formats what it needs.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "opsflow/base/diagnostic.hpp"
#include "opsflow/model/model.hpp"

namespace opsflow {

// What each rule's finding is about. Pointers and views refer into the analysed Model, which
// outlives its findings. Times in seconds; shares in 0..1.
namespace facts {

struct LongWait {
  const Step* step = nullptr;
  double wait = 0;  // x rework
  double lead = 0;  // the process's expected lead time
  double reach = 1;
};
struct ApprovalOnCriticalPath {
  const Step* step = nullptr;
  double wait = 0;   // x rework
  double spent = 0;  // duration x rework
  double reach = 1;
};
struct ConsecutiveApprovals {
  const Step* first = nullptr;
  const Step* second = nullptr;
  double wait = 0;         // the second's, x rework
  bool must_stay = false;  // one of them is kept
};
struct MergeCandidate {
  const Step* first = nullptr;
  const Step* second = nullptr;
};
struct NonValueAdd {
  const Step* step = nullptr;
  double duration = 0;
};
struct SlaAtRisk {
  const Step* step = nullptr;
  double wait = 0;
  double duration = 0;
  double sla = 0;
};
struct TargetAtRisk {
  const Metric* metric = nullptr;
  const Process* process = nullptr;
  const Step* from = nullptr;
  const Step* to = nullptr;
  const Goal* goal = nullptr;
  double expected = 0;
  double target = 0;
  bool lower_is_better = true;
};
struct HandoffHeavy {
  const Process* process = nullptr;
  int handoffs = 0;
  double threshold = 0;
};
// A role's queue after a staffing change (SPEC §4): members hired (fully trained) and members
// trained on every process of the role they lack.
struct StaffingOption {
  int hires = 0;
  std::vector<std::string_view> trained;  // member names, in the order training helps most
  double utilization = 0;
  std::optional<double> wait_hours;  // Erlang C; absent at 100% or without arrivals
};
struct OverloadedRole {
  const Role* role = nullptr;
  double utilization = 0;  // infinite: work but no capacity
  double demand_hours = 0;
  double capacity_hours = 0;       // counted from training when training_counted
  double full_capacity_hours = 0;  // every member fully
  double capacity_per_member = 0;
  double threshold = 0;  // thresholds.utilization-warn
  bool saturated = false;
  bool beyond_headcount = false;  // even kMaxHeadcount more members would not do
  bool training_counted = false;
  std::optional<StaffingOption> hire;   // the fewest hires that do
  std::optional<StaffingOption> train;  // training members (and hiring when that is not enough)
};
// Who could be cross-trained to cover a role's work or skill: a member of the same role, of its
// backup role, or of the least-loaded other role.
struct CrossTraining {
  std::string_view member;
  const Role* role = nullptr;
  bool same_role = false;
  bool backup_role = false;
  std::optional<double> utilization;  // of the member's role
};
struct SinglePointOfFailure {
  const Role* role = nullptr;
  std::vector<std::string_view> critical_in;  // process ids, sorted
  std::optional<CrossTraining> candidate;
  // Erlang C queue wait now and with a second member's hours; absent without arrivals or at 100%
  std::optional<double> wait_now, wait_with_two;
};
struct SkillGap {
  const Step* step = nullptr;
  const Role* role = nullptr;
  std::string_view skill;
};
struct BusFactor {
  const Role* role = nullptr;
  std::string_view holder;  // empty: a role without named members
  std::string_view skill;
  std::size_t steps = 0;
  std::optional<CrossTraining> candidate;
};
// One process a member is not trained on the current SOP of.
struct TrainingGap {
  const Process* process = nullptr;
  const TrainingRecord* outdated = nullptr;  // their latest record, on an older version; or null
};
struct UntrainedMember {
  const Role* role = nullptr;
  const Member* member = nullptr;
  std::vector<TrainingGap> gaps;  // model order
  double gain_hours = 0;          // hours a week of theirs that would count once trained
  std::optional<double> utilization_before, utilization_after;  // absent without demand
  std::optional<double> wait_before, wait_after;                // Erlang C, working hours
};
struct RetrainingDue {
  const Role* role = nullptr;
  const Member* member = nullptr;
  const Process* process = nullptr;
  const TrainingRecord* record = nullptr;
  std::int64_t age_days = 0;
  double limit_days = 0;  // thresholds.retrain-days
};
struct DuplicateWork {
  const Step* step = nullptr;
  std::size_t processes = 0;
  std::array<std::string_view, 3> named{};  // the first processes (ids, sorted)
};

}  // namespace facts

using FindingFacts =
    std::variant<std::monostate, facts::LongWait, facts::ApprovalOnCriticalPath,
                 facts::ConsecutiveApprovals, facts::MergeCandidate, facts::NonValueAdd,
                 facts::SlaAtRisk, facts::TargetAtRisk, facts::HandoffHeavy, facts::OverloadedRole,
                 facts::SinglePointOfFailure, facts::SkillGap, facts::BusFactor,
                 facts::DuplicateWork, facts::UntrainedMember, facts::RetrainingDue>;

// The change a finding proposes.
enum class ChangeKind : unsigned char {
  None,                // a kept step without a wait: nothing to change
  RemoveWait,          // long-wait
  HalveWaitStepStays,  // a kept step
  HalveWaitApprovalsStay,
  RemoveApproval,
  MergeApprovals,
  MergeSteps,
  RemoveStep,
  CutWaitTo,    // sla-at-risk: `amount` seconds
  ShortenWork,  // sla-at-risk: the duration alone is above the SLA
  ShortenSpan,  // target-at-risk
  FewerRoles,   // handoff-heavy
  GiveCapacity,
  CheckInputs,
  HireOrTrain,  // overloaded-role: the staffing options of its facts
  NameBackupOrTrain,
  CrossTrain,  // single-point-of-failure, bus-factor: the candidate of its facts
  TrainOne,
  TrainOneMore,
  TrainMember,  // untrained-member
  Retrain,      // retraining-due
  ShareResult,  // duplicate-work
};

struct Change {
  ChangeKind kind = ChangeKind::None;
  double amount = 0;
  bool not_estimated = false;  // the process is too large to estimate its saving
};

// One finding of SPEC §4 with what fixing it is worth.
struct Finding {
  Rule rule;
  Severity severity = Severity::Warning;
  std::string file;  // where to look
  SourceLoc loc;
  std::string process;             // process id, empty for role findings
  std::vector<std::string> steps;  // step ids involved
  std::vector<std::string> roles;  // role ids involved
  FindingFacts facts;              // what the finding says, as data
  Change change;                   // the change whose saving is estimated
  // The saving in SPEC §4's two measures; each absent when the change saves nothing in it.
  std::optional<double> lead_saving;                 // seconds of expected lead time per instance
  std::optional<double> lead_saving_hours_per_week;  // x frequency: hours of lead time a week
  std::optional<double> work_saving_hours_per_week;  // staff hours a week freed
  std::optional<int> people_needed;  // role findings: members or trained people to add
  bool ranks_first = false;          // a role at or above 100% utilization
};

// What the finding is about: process/step (steps joined by '+'), the process, or the roles.
std::string finding_subject(const Finding& finding);
// One sentence: what the finding is and why it matters.
std::string finding_message(const Finding& finding);
// The change it proposes, e.g. "remove the wait".
std::string finding_change(const Finding& finding);

}  // namespace opsflow
