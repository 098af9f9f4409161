#include "opsflow/base/rules.hpp"

namespace opsflow {

std::span<const EnumName<Severity>> enum_table(Severity) {
  static constexpr EnumName<Severity> kNames[] = {{"off", Severity::Off},
                                                  {"info", Severity::Info},
                                                  {"warning", Severity::Warning},
                                                  {"error", Severity::Error}};
  return kNames;
}

std::span<const EnumName<RuleGroup>> enum_table(RuleGroup) {
  static constexpr EnumName<RuleGroup> kNames[] = {{"validate", RuleGroup::Validate},
                                                   {"analyze", RuleGroup::Analyze},
                                                   {"report", RuleGroup::Report},
                                                   {"mine", RuleGroup::Mine}};
  return kNames;
}

std::optional<Rule> find_rule(std::string_view id) {
  for (std::uint16_t i = 0; i < Rule::kCount; ++i) {
    if (detail::kRuleTable[i].id == id) return Rule(i);
  }
  return std::nullopt;
}

}  // namespace opsflow
