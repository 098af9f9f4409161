#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "opsflow/base/diagnostic.hpp"
#include "opsflow/model/model.hpp"

namespace opsflow {

// A severity set for a rule from the command line (--rule ID=LEVEL).
struct RuleSeverity {
  Rule rule;
  Severity severity = Severity::Error;
};

// Decides the severity of a finding at a place, for validate's diagnostics and analyze's
// findings alike. Precedence, lowest first: the proposed severity < Config `rules` < Config
// `overrides` matching the file < command-line settings; `ignore:` lists on the document or step
// around the line, and severity off, remove the finding.
class SeverityPolicy {
 public:
  SeverityPolicy(const Model& model, std::vector<RuleSeverity> cli);

  // The severity of `rule` at `file`:`line`, or nullopt when it is off or ignored there.
  std::optional<Severity> resolve(Rule rule, const std::string& file, int line,
                                  Severity proposed) const;

 private:
  struct IgnoreScope {
    LineSpan span;
    const TextList* rules;
  };
  const Model& model_;
  std::vector<RuleSeverity> cli_;
  std::unordered_map<std::string, std::vector<IgnoreScope>> ignores_;  // by file
  std::unordered_map<std::string, std::string> relative_;  // file -> path from the config folder
};

}  // namespace opsflow
