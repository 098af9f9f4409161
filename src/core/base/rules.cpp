#include "opsflow/base/rules.hpp"

#include <algorithm>
#include <array>

namespace opsflow {
namespace {

constexpr auto E = Severity::Error;
constexpr auto W = Severity::Warning;
constexpr auto I = Severity::Info;
constexpr auto V = RuleGroup::Validate;
constexpr auto A = RuleGroup::Analyze;
constexpr auto R = RuleGroup::Report;

constexpr std::array kRules = {
    // files and YAML
    RuleInfo{"yaml-syntax", E, V, "files", "The file is not valid YAML."},
    RuleInfo{"duplicate-key", E, V, "files",
             "A mapping has the same key twice (YAML parsers silently keep only one)."},
    RuleInfo{"input-limit", E, V, "files",
             "A file is above 64 MiB, nests deeper than 256 levels or expands aliases beyond "
             "1,000,000 nodes (exit code 2)."},
    RuleInfo{"unreadable-file", E, V, "files", "A file or folder could not be read (exit code 2)."},
    RuleInfo{"symlink-loop", W, V, "files",
             "A folder is reached again through a symbolic link; it is read once."},
    RuleInfo{"multiple-configs", E, V, "files", "More than one Config document; only one is used."},
    RuleInfo{"config-location", W, V, "files",
             "A Config outside opsflow.yaml has 'paths' or 'exclude', which then cannot apply."},
    // schema
    RuleInfo{"bad-api-version", E, V, "schema",
             "An opsflow kind with a missing or wrong apiVersion (it would otherwise be ignored)."},
    RuleInfo{"unknown-kind", E, V, "schema",
             "An opsflow/v1 document whose kind is not Role, Process, Goal, Metric or Config."},
    RuleInfo{"missing-field", E, V, "schema", "A required field is absent or empty."},
    RuleInfo{"wrong-type", E, V, "schema",
             "A field holds a list, mapping or single value where another is expected."},
    RuleInfo{"unknown-field", E, V, "schema",
             "A field that the format does not define (usually a typo)."},
    RuleInfo{"invalid-id", E, V, "schema", "An id that is not lowercase letters, digits and '-'."},
    RuleInfo{"invalid-duration", E, V, "schema",
             "A duration without a unit or otherwise unreadable (write 15m, 2h, 1h30m)."},
    RuleInfo{"invalid-rate", E, V, "schema",
             "A frequency or capacity that is not N/day|week|month|quarter|year."},
    RuleInfo{
        "invalid-date", E, V, "schema",
        "A date that is not ISO 8601, does not exist, or a period that ends before it starts."},
    RuleInfo{"invalid-probability", E, V, "schema",
             "A probability outside 0..1, or a rework probability of 1."},
    RuleInfo{"invalid-value", E, V, "schema",
             "A value outside its allowed set (step type, value class, direction, severity...)."},
    RuleInfo{"yaml11-boolean", W, V, "schema",
             "A plain yes/no/on/off where text is expected: YAML 1.1 tools read it as a boolean."},
    RuleInfo{"unknown-rule", E, V, "schema",
             "A rule id in 'rules', 'overrides' or 'ignore' that does not exist."},
    // identity and references
    RuleInfo{"duplicate-id", E, V, "references",
             "Two documents of one kind, or two steps of one process, share an id."},
    RuleInfo{
        "unknown-role", E, V, "references",
        "A role, accountable, consulted, informed, owner, reportsTo or backup that is not a Role."},
    RuleInfo{"unknown-step", E, V, "references",
             "An 'after' or 'rework.to' naming a step the process does not have."},
    RuleInfo{"unknown-goal", E, V, "references",
             "A process goal or goal parent that is not a Goal."},
    RuleInfo{"unknown-metric", E, V, "references",
             "A process metric or key result metric that is not a Metric."},
    // graph
    RuleInfo{"cycle", E, V, "graph",
             "Steps wait on each other in a loop through 'after' (use rework for loops)."},
    RuleInfo{"goal-cycle", E, V, "graph", "Goals are each other's parents in a loop."},
    RuleInfo{"rework-not-upstream", E, V, "graph",
             "rework.to is not a step that comes before the step."},
    RuleInfo{"unreachable-step", W, V, "graph",
             "A step can never start: it waits on steps caught in a cycle."},
    RuleInfo{"excessive-rework", E, V, "graph",
             "Rework loops make a step run more than 100 times per instance on average."},
    RuleInfo{"multiple-end-steps", I, V, "graph",
             "A process ends in more than one step; a single closing step makes 'done' clear."},
    // responsibilities
    RuleInfo{"missing-responsible", E, V, "responsibilities",
             "A step has no Responsible role (only automated steps may have none)."},
    RuleInfo{"self-approval", I, V, "responsibilities",
             "An approval is done by the same role that did the step before it."},
    RuleInfo{"no-capacity", W, V, "responsibilities",
             "A role has no members, no headcount or a capacity of zero."},
    RuleInfo{"unused-role", W, V, "responsibilities",
             "A role that no step, process, goal or metric refers to."},
    RuleInfo{"missing-owner", W, V, "responsibilities", "A process or metric without an owner."},
    // goals
    RuleInfo{"goal-not-smart", W, V, "goals",
             "A goal lacks a key result, a metric, a target, a period or an owner."},
    RuleInfo{"missing-baseline", I, V, "goals",
             "A key result without a baseline, so progress cannot be measured."},
    RuleInfo{"goal-not-served", I, V, "goals",
             "A goal that no process serves (directly or through a sub-goal)."},
    RuleInfo{"process-without-goal", I, V, "goals", "A process that serves no goal."},
    RuleInfo{"review-overdue", W, V, "review",
             "A document's 'reviewed' date is older than thresholds.review-days."},
    // analyze findings (SPEC §4)
    RuleInfo{"overloaded-role", W, A, "load",
             "A role's demand is at or above thresholds.utilization-warn of its capacity (an error "
             "at 100%)."},
    RuleInfo{"single-point-of-failure", W, A, "load",
             "A role with one member and no backup does a step on a critical path."},
    RuleInfo{"bus-factor", I, A, "load", "A skill that steps need is held by only one person."},
    RuleInfo{"skill-gap", W, A, "load", "A step needs a skill that nobody in its role has."},
    RuleInfo{"long-wait", W, A, "flow",
             "A step waits for at least thresholds.wait-share of the process lead time."},
    RuleInfo{"approval-on-critical-path", I, A, "flow",
             "An approval lies on the critical path, so every instance waits for it."},
    RuleInfo{"consecutive-approvals", W, A, "flow",
             "An approval directly follows another approval; one meeting could give both."},
    RuleInfo{"non-value-add", I, A, "flow",
             "A step marked value: none (neither customer nor business value)."},
    RuleInfo{"merge-candidate", I, A, "flow",
             "Step b follows only a, by the same role, without waiting: they could be one step."},
    RuleInfo{"handoff-heavy", W, A, "flow",
             "The critical path changes hands more than thresholds.handoffs times."},
    RuleInfo{"duplicate-work", I, A, "flow",
             "The same step (same normalised name and role) is done in several processes."},
    // report: measurement files (unknown-metric, invalid-date and invalid-value apply there too)
    RuleInfo{"invalid-csv", E, R, "data",
             "A measurement CSV row that cannot be read: an open quote, a wrong number of cells, a "
             "missing column."},
    RuleInfo{"duplicate-measurement", W, R, "data",
             "A second value on the same date and dimensions for a metric aggregated with 'last'."},
};

}  // namespace

std::span<const RuleInfo> all_rules() {
  return kRules;
}

const RuleInfo* find_rule(std::string_view id) {
  auto it =
      std::find_if(kRules.begin(), kRules.end(), [&](const RuleInfo& r) { return r.id == id; });
  return it == kRules.end() ? nullptr : &*it;
}

bool is_environment_rule(std::string_view id) {
  return id == "unreadable-file" || id == "input-limit";
}

bool is_always_error(std::string_view id) {
  return is_environment_rule(id) || id == "yaml-syntax";
}

bool breaks_model(std::string_view id) {
  static constexpr std::string_view kRules[] = {
      "yaml-syntax",  "duplicate-key",       "input-limit",         "unreadable-file",
      "symlink-loop", "bad-api-version",     "unknown-kind",        "missing-field",
      "wrong-type",   "invalid-id",          "invalid-duration",    "invalid-rate",
      "invalid-date", "invalid-probability", "invalid-value",       "duplicate-id",
      "unknown-role", "unknown-step",        "unknown-goal",        "unknown-metric",
      "cycle",        "goal-cycle",          "rework-not-upstream", "excessive-rework"};
  return std::find(std::begin(kRules), std::end(kRules), id) != std::end(kRules);
}

}  // namespace opsflow
