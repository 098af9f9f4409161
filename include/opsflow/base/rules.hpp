#pragma once
// Every rule opsflow reports, in one table: its id, default severity, the command that reports it,
// what it checks, and how it affects a run. Diagnostics and findings name their rule with a Rule,
// which can only be made from an id in this table (checked when the code is compiled).

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string_view>

#include "opsflow/base/enums.hpp"

namespace opsflow {

// How serious a finding is. Off exists only in settings (a rule switched off).
enum class Severity : std::uint8_t { Off, Info, Warning, Error };

// Which command reports a rule.
enum class RuleGroup : std::uint8_t { Validate, Analyze, Report, Mine };

// "off", "info", "warning", "error"; "validate", "analyze", "report", "mine".
std::span<const EnumName<Severity>> enum_table(Severity);
std::span<const EnumName<RuleGroup>> enum_table(RuleGroup);

// One rule: stable id, default severity, what it checks (one line, for `opsflow rules` and SARIF).
struct RuleInfo {
  // What a rule's findings mean for a run, beyond their severity.
  enum Flags : std::uint8_t {
    // Some input could not be read or was refused, so the check is incomplete: always an error,
    // never silenced, and the exit code is 2.
    kEnvironment = 1,
    // No setting can lower or silence it: a file that was not parsed must never pass unnoticed.
    kAlwaysError = 2,
    // The model is not what the files say (unreadable values, broken references, loops): analyze,
    // render and report refuse a model with any of them, even when settings lower them.
    kBreaksModel = 4,
    // It hides other documents (a file not read, a document of ours not read): printed before
    // the other diagnostics, with the problems it causes folded into it (SPEC §3).
    kHidesOthers = 8,
  };

  std::string_view id;
  Severity default_severity;
  RuleGroup group;
  std::string_view category;  // e.g. "schema", "references", "graph"
  std::string_view summary;
  std::uint8_t flags = 0;

  constexpr bool environment() const { return flags & kEnvironment; }
  constexpr bool always_error() const { return flags & (kEnvironment | kAlwaysError); }
  constexpr bool breaks_model() const { return flags & kBreaksModel; }
  constexpr bool hides_others() const { return flags & kHidesOthers; }
};

namespace detail {

inline constexpr auto E = Severity::Error;
inline constexpr auto W = Severity::Warning;
inline constexpr auto I = Severity::Info;
inline constexpr auto V = RuleGroup::Validate;
inline constexpr auto A = RuleGroup::Analyze;
inline constexpr auto R = RuleGroup::Report;
inline constexpr auto M = RuleGroup::Mine;
inline constexpr auto kEnvironment = RuleInfo::kEnvironment;
inline constexpr auto kAlwaysError = RuleInfo::kAlwaysError;
inline constexpr auto kBreaksModel = RuleInfo::kBreaksModel;
inline constexpr auto kHidesOthers = RuleInfo::kHidesOthers;

// Validate's rules first, then analyze's and report's, in a stable order (`opsflow rules`).
inline constexpr RuleInfo kRuleTable[] = {
    // files and YAML
    {"yaml-syntax", E, V, "files", "The file is not valid YAML.",
     kAlwaysError | kBreaksModel | kHidesOthers},
    {"duplicate-key", E, V, "files",
     "A mapping has the same key twice (YAML parsers silently keep only one).", kBreaksModel},
    {"input-limit", E, V, "files",
     "A file is above 64 MiB, nests deeper than 256 levels or expands aliases beyond 1,000,000 "
     "nodes (exit code 2).",
     kEnvironment | kBreaksModel | kHidesOthers},
    {"unreadable-file", E, V, "files", "A file or folder could not be read (exit code 2).",
     kEnvironment | kBreaksModel | kHidesOthers},
    {"symlink-loop", W, V, "files",
     "A folder is reached again through a symbolic link; it is read once.", kBreaksModel},
    {"multiple-configs", E, V, "files", "More than one Config document; only one is used.", 0},
    {"config-location", W, V, "files",
     "A Config outside opsflow.yaml has 'paths' or 'exclude', which then cannot apply.", 0},
    {"outside-repository", E, V, "files",
     "A path in the files, or a symbolic link, leads outside the repository; it is not read or "
     "written.",
     kAlwaysError | kBreaksModel | kHidesOthers},
    // schema
    {"bad-api-version", E, V, "schema",
     "An opsflow kind with a missing or wrong apiVersion (it would otherwise be ignored).",
     kAlwaysError | kBreaksModel | kHidesOthers},
    {"unknown-kind", E, V, "schema",
     "An opsflow/v1 document whose kind is not Role, Process, Goal, Metric, Config or "
     "Observation.",
     kAlwaysError | kBreaksModel | kHidesOthers},
    {"missing-field", E, V, "schema", "A required field is absent or empty.", kBreaksModel},
    {"wrong-type", E, V, "schema",
     "A field holds a list, mapping or single value where another is expected.", kBreaksModel},
    {"unknown-field", E, V, "schema", "A field that the format does not define (usually a typo).",
     0},
    {"invalid-id", E, V, "schema", "An id that is not lowercase letters, digits and '-'.",
     kBreaksModel},
    {"invalid-duration", E, V, "schema",
     "A duration without a unit or otherwise unreadable (write 15m, 2h, 1h30m).", kBreaksModel},
    {"invalid-rate", E, V, "schema",
     "A frequency or capacity that is not N/day|week|month|quarter|year.", kBreaksModel},
    {"invalid-date", E, V, "schema",
     "A date that is not ISO 8601, does not exist, or a period that ends before it starts.",
     kBreaksModel},
    {"invalid-probability", E, V, "schema",
     "A probability outside 0..1, or a rework probability of 1.", kBreaksModel},
    {"invalid-value", E, V, "schema",
     "A value outside its allowed set (step type, value class, direction, severity...).",
     kBreaksModel},
    {"yaml11-boolean", W, V, "schema",
     "A plain yes/no/on/off where text is expected: YAML 1.1 tools read it as a boolean.", 0},
    {"unknown-rule", E, V, "schema",
     "A rule id in 'rules', 'overrides' or 'ignore' that does not exist.", 0},
    // identity and references
    {"duplicate-id", E, V, "references",
     "Two documents of one kind, or two steps of one process, share an id.", kBreaksModel},
    {"unknown-role", E, V, "references",
     "A role, accountable, consulted, informed, owner, reportsTo or backup that is not a Role.",
     kBreaksModel},
    {"unknown-step", E, V, "references",
     "An 'after', 'rework.to' or branch 'to' naming a step the process does not have, or a "
     "metric span naming a process or step that does not exist.",
     kBreaksModel},
    {"unknown-goal", E, V, "references", "A process goal or goal parent that is not a Goal.",
     kBreaksModel},
    {"unknown-metric", E, V, "references",
     "A process metric or key result metric that is not a Metric.", kBreaksModel},
    // graph
    {"cycle", E, V, "graph",
     "Steps wait on each other in a loop through 'after' (use rework for loops).", kBreaksModel},
    {"goal-cycle", E, V, "graph", "Goals are each other's parents in a loop.", kBreaksModel},
    {"rework-not-upstream", E, V, "graph", "rework.to is not a step that comes before the step.",
     kBreaksModel},
    {"unreachable-step", W, V, "graph",
     "A step can never start: it waits on steps caught in a cycle, or every way to it takes a "
     "branch of probability 0.",
     0},
    {"excessive-rework", E, V, "graph",
     "Rework loops make a step run more than 100 times per instance on average.", kBreaksModel},
    {"multiple-end-steps", I, V, "graph",
     "A process ends in more than one step; a single closing step makes 'done' clear.", 0},
    // decisions
    {"branch-probabilities", E, V, "decisions",
     "The branch probabilities of a decision do not sum to 1 (within 0.001).", kBreaksModel},
    {"branch-not-after-decision", E, V, "decisions",
     "A branch leads to a step whose 'after' does not name the decision, or to the decision "
     "itself.",
     kBreaksModel},
    {"shared-branch-target", E, V, "decisions",
     "A step is the target of two branches: of two decisions, or twice of one.", kBreaksModel},
    {"branches-without-decision", E, V, "decisions",
     "'branches' on a step whose type is not decision.", kBreaksModel},
    {"decision-without-branches", W, V, "decisions",
     "A decision step without branches: every step after it runs.", 0},
    {"branch-without-condition", I, V, "decisions",
     "A branch without 'when': the SOP cannot say when to take it.", 0},
    {"choice-as-probabilities", I, V, "decisions",
     "Steps after one step whose probabilities sum to 1 look like an either/or choice written "
     "as independent optional steps; a decision with branches says so.",
     0},
    {"invalid-span", E, V, "decisions",
     "A metric span whose 'from' step does not come before its 'to' step.", kBreaksModel},
    // responsibilities
    {"missing-responsible", E, V, "responsibilities",
     "A step has no Responsible role (only automated steps may have none).", 0},
    {"self-approval", I, V, "responsibilities",
     "An approval is done by the same role that did the step before it.", 0},
    {"no-capacity", W, V, "responsibilities",
     "A role has no members, no headcount or a capacity of zero.", 0},
    {"unused-role", W, V, "responsibilities",
     "A role that no step, process, goal or metric refers to.", 0},
    {"missing-owner", W, V, "responsibilities", "A process or metric without an owner.", 0},
    // goals
    {"goal-not-smart", W, V, "goals",
     "A goal lacks a key result, a metric, a target, a period or an owner.", 0},
    {"missing-baseline", I, V, "goals",
     "A key result without a baseline, so progress cannot be measured.", 0},
    {"percent-scale", W, V, "goals",
     "A bare number between 0 and 1 on a percent metric's key result (0.8 is 0.8%, not 80%).", 0},
    {"goal-not-served", I, V, "goals",
     "A goal that no process serves (directly or through a sub-goal).", 0},
    {"process-without-goal", I, V, "goals", "A process that serves no goal.", 0},
    {"review-overdue", W, V, "review",
     "A document's 'reviewed' date is older than thresholds.review-days.", 0},
    // training
    {"invalid-training", E, V, "training",
     "A training record names a process that does not exist, a version the SOP has not had (or "
     "none for a versioned SOP), or a date still to come.",
     0},
    {"invalid-change", E, V, "training",
     "A metadata.changes entry for a version above the current one or listed twice, dated in the "
     "future or out of the order of its versions, or on a process without a version.",
     0},
    {"training-without-steps", I, V, "training",
     "A member is trained on a process in which their role does no step.", 0},
    // analyze findings (SPEC §4)
    {"overloaded-role", W, A, "load",
     "A role's demand is at or above thresholds.utilization-warn of its capacity (an error at "
     "100%).",
     0},
    {"single-point-of-failure", W, A, "load",
     "A role with one member and no backup does a step on a critical path.", 0},
    {"bus-factor", I, A, "load", "A skill that steps need is held by only one person.", 0},
    {"skill-gap", W, A, "load", "A step needs a skill that nobody in its role has.", 0},
    {"untrained-member", W, A, "load",
     "A member of a role that records training is not trained on the current SOP version of a "
     "process the role does steps in.",
     0},
    {"retraining-due", W, A, "load",
     "A member's training on a process's current SOP is older than thresholds.retrain-days.", 0},
    {"long-wait", W, A, "flow",
     "A step waits for at least thresholds.wait-share of the process's expected lead time.", 0},
    {"approval-on-critical-path", I, A, "flow",
     "An approval lies on the critical path of the instances that reach it, so they wait for it.",
     0},
    {"consecutive-approvals", W, A, "flow",
     "An approval directly follows another approval; one meeting could give both.", 0},
    {"non-value-add", I, A, "flow",
     "A step marked value: none (neither customer nor business value).", 0},
    {"merge-candidate", I, A, "flow",
     "Step b follows only a, by the same role, without waiting: they could be one step.", 0},
    {"handoff-heavy", W, A, "flow",
     "The typical path changes hands more than thresholds.handoffs times.", 0},
    {"duplicate-work", I, A, "flow",
     "The same step (same normalised name and role) is done in several processes.", 0},
    {"sla-at-risk", W, A, "flow", "A step's expected wait + duration exceeds its sla.", 0},
    {"target-at-risk", W, A, "flow",
     "A metric's expected span on its process misses a key result's target.", 0},
    // report: measurement files (unknown-metric, invalid-date and invalid-value apply there too)
    {"invalid-csv", E, R, "data",
     "A CSV row (measurements, an event log) that cannot be read: an open quote, a wrong number "
     "of cells, a missing column.",
     0},
    {"duplicate-measurement", W, R, "data",
     "A second value on the same date and dimensions for a metric aggregated with 'last'.", 0},
    {"invalid-event", E, M, "data",
     "An event log row that cannot be used: no case, activity or timestamp, or a timestamp that "
     "is not ISO 8601.",
     0},
};

}  // namespace detail

// A rule of the table, held as its position. Made from a string literal only where the id is in
// the table (a typo does not compile), or at run time with find_rule.
class Rule {
 public:
  // No rule (a default-constructed finding); id() is empty.
  constexpr Rule() = default;
  template <std::size_t N>
  consteval Rule(const char (&id)[N]) : index_(index_of(std::string_view(id, N - 1))) {}

  // The table entry; a default-constructed Rule has an entry with an empty id.
  constexpr const RuleInfo& info() const {
    return index_ < kCount ? detail::kRuleTable[index_] : kNone;
  }
  constexpr std::string_view id() const { return info().id; }
  friend constexpr bool operator==(Rule, Rule) = default;

 private:
  friend std::optional<Rule> find_rule(std::string_view id);
  static constexpr std::uint16_t kCount = std::size(detail::kRuleTable);
  static constexpr RuleInfo kNone{"", Severity::Error, RuleGroup::Validate, "", ""};

  static consteval std::uint16_t index_of(std::string_view id) {
    for (std::uint16_t i = 0; i < kCount; ++i) {
      if (detail::kRuleTable[i].id == id) return i;
    }
    throw "not a rule id: add it to kRuleTable in opsflow/base/rules.hpp";
  }
  explicit constexpr Rule(std::uint16_t index) : index_(index) {}

  std::uint16_t index_ = kCount;
};

// Every rule, validate's first, in a stable order.
inline std::span<const RuleInfo> all_rules() {
  return detail::kRuleTable;
}

// The rule with `id` (e.g. from --rule or a Config), or nullopt.
std::optional<Rule> find_rule(std::string_view id);

// The rules by name, so code says rule::kUnknownStep rather than spelling the id.
namespace rule {
inline constexpr Rule kYamlSyntax{"yaml-syntax"};
inline constexpr Rule kDuplicateKey{"duplicate-key"};
inline constexpr Rule kInputLimit{"input-limit"};
inline constexpr Rule kUnreadableFile{"unreadable-file"};
inline constexpr Rule kSymlinkLoop{"symlink-loop"};
inline constexpr Rule kMultipleConfigs{"multiple-configs"};
inline constexpr Rule kConfigLocation{"config-location"};
inline constexpr Rule kOutsideRepository{"outside-repository"};
inline constexpr Rule kBadApiVersion{"bad-api-version"};
inline constexpr Rule kUnknownKind{"unknown-kind"};
inline constexpr Rule kMissingField{"missing-field"};
inline constexpr Rule kWrongType{"wrong-type"};
inline constexpr Rule kUnknownField{"unknown-field"};
inline constexpr Rule kInvalidId{"invalid-id"};
inline constexpr Rule kInvalidDuration{"invalid-duration"};
inline constexpr Rule kInvalidRate{"invalid-rate"};
inline constexpr Rule kInvalidDate{"invalid-date"};
inline constexpr Rule kInvalidProbability{"invalid-probability"};
inline constexpr Rule kInvalidValue{"invalid-value"};
inline constexpr Rule kYaml11Boolean{"yaml11-boolean"};
inline constexpr Rule kUnknownRule{"unknown-rule"};
inline constexpr Rule kDuplicateId{"duplicate-id"};
inline constexpr Rule kUnknownRole{"unknown-role"};
inline constexpr Rule kUnknownStep{"unknown-step"};
inline constexpr Rule kUnknownGoal{"unknown-goal"};
inline constexpr Rule kUnknownMetric{"unknown-metric"};
inline constexpr Rule kCycle{"cycle"};
inline constexpr Rule kGoalCycle{"goal-cycle"};
inline constexpr Rule kReworkNotUpstream{"rework-not-upstream"};
inline constexpr Rule kUnreachableStep{"unreachable-step"};
inline constexpr Rule kExcessiveRework{"excessive-rework"};
inline constexpr Rule kMultipleEndSteps{"multiple-end-steps"};
inline constexpr Rule kBranchProbabilities{"branch-probabilities"};
inline constexpr Rule kBranchNotAfterDecision{"branch-not-after-decision"};
inline constexpr Rule kSharedBranchTarget{"shared-branch-target"};
inline constexpr Rule kBranchesWithoutDecision{"branches-without-decision"};
inline constexpr Rule kDecisionWithoutBranches{"decision-without-branches"};
inline constexpr Rule kBranchWithoutCondition{"branch-without-condition"};
inline constexpr Rule kChoiceAsProbabilities{"choice-as-probabilities"};
inline constexpr Rule kInvalidSpan{"invalid-span"};
inline constexpr Rule kMissingResponsible{"missing-responsible"};
inline constexpr Rule kSelfApproval{"self-approval"};
inline constexpr Rule kNoCapacity{"no-capacity"};
inline constexpr Rule kUnusedRole{"unused-role"};
inline constexpr Rule kMissingOwner{"missing-owner"};
inline constexpr Rule kGoalNotSmart{"goal-not-smart"};
inline constexpr Rule kMissingBaseline{"missing-baseline"};
inline constexpr Rule kPercentScale{"percent-scale"};
inline constexpr Rule kGoalNotServed{"goal-not-served"};
inline constexpr Rule kProcessWithoutGoal{"process-without-goal"};
inline constexpr Rule kReviewOverdue{"review-overdue"};
inline constexpr Rule kInvalidTraining{"invalid-training"};
inline constexpr Rule kTrainingWithoutSteps{"training-without-steps"};
inline constexpr Rule kInvalidChange{"invalid-change"};
inline constexpr Rule kOverloadedRole{"overloaded-role"};
inline constexpr Rule kSinglePointOfFailure{"single-point-of-failure"};
inline constexpr Rule kBusFactor{"bus-factor"};
inline constexpr Rule kSkillGap{"skill-gap"};
inline constexpr Rule kUntrainedMember{"untrained-member"};
inline constexpr Rule kRetrainingDue{"retraining-due"};
inline constexpr Rule kLongWait{"long-wait"};
inline constexpr Rule kApprovalOnCriticalPath{"approval-on-critical-path"};
inline constexpr Rule kConsecutiveApprovals{"consecutive-approvals"};
inline constexpr Rule kNonValueAdd{"non-value-add"};
inline constexpr Rule kSlaAtRisk{"sla-at-risk"};
inline constexpr Rule kTargetAtRisk{"target-at-risk"};
inline constexpr Rule kMergeCandidate{"merge-candidate"};
inline constexpr Rule kHandoffHeavy{"handoff-heavy"};
inline constexpr Rule kDuplicateWork{"duplicate-work"};
inline constexpr Rule kInvalidCsv{"invalid-csv"};
inline constexpr Rule kDuplicateMeasurement{"duplicate-measurement"};
inline constexpr Rule kInvalidEvent{"invalid-event"};
}  // namespace rule

}  // namespace opsflow
