#pragma once

#include <span>
#include <string_view>

#include "opsflow/base/diagnostic.hpp"

namespace opsflow {

// Which command reports a rule.
enum class RuleGroup : std::uint8_t { Validate, Analyze, Report };

// One rule: stable id, default severity, what it checks (one line, for `opsflow rules` and SARIF).
struct RuleInfo {
  std::string_view id;
  Severity default_severity;
  RuleGroup group;
  std::string_view category;  // e.g. "schema", "references", "graph"
  std::string_view summary;
};

// Every rule, validate's first, in a stable order.
std::span<const RuleInfo> all_rules();

// The rule with `id`, or nullptr.
const RuleInfo* find_rule(std::string_view id);

// Rules that mean some input could not be read or was refused, so the check is incomplete:
// always errors, never silenced, and the exit code is 2.
bool is_environment_rule(std::string_view id);

// Rules that no setting can lower or silence: a file that was not read or parsed must never pass
// a check unnoticed (the environment rules and yaml-syntax).
bool is_always_error(std::string_view id);

// Rules whose findings mean the model is not what the files say (unreadable values, broken
// references, loops): analyze, render and report refuse a model with any of them, even when the
// Config or --rule lowers or ignores them for validate.
bool breaks_model(std::string_view id);

}  // namespace opsflow
