#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "opsflow/base/diagnostic.hpp"
#include "opsflow/model/model.hpp"
#include "opsflow/model/severity.hpp"

namespace opsflow {

struct ValidateOptions {
  std::int64_t today = 0;  // days since 1970-01-01, for review-overdue
};

// Checks references, graphs, responsibilities, goals and review dates of a loaded model.
// Returns diagnostics at their rules' default severities, unsorted.
std::vector<Diagnostic> validate(const Model& model, const ValidateOptions& options);

// SPEC §3: folds the problems caused by a document or a file that was not read (the references
// validate marked) into the problem that hid it, which then ends "(… and 5 references to it)".
// `diagnostics` holds the loader's and validate's; a marked one with nothing to fold into stays.
void fold_cascades(std::vector<Diagnostic>& diagnostics);

// Sets each diagnostic's severity by its rule's default and the SeverityPolicy, drops what is off
// or ignored, and returns the rest sorted by file, line, column, without repeats.
std::vector<Diagnostic> apply_severities(std::vector<Diagnostic> diagnostics, const Model& model,
                                         const std::vector<RuleSeverity>& cli);

// Counts per severity.
struct DiagnosticCounts {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t infos = 0;
};
DiagnosticCounts count_diagnostics(const std::vector<Diagnostic>& diagnostics);

}  // namespace opsflow
