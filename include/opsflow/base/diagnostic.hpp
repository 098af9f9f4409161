#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "opsflow/base/rules.hpp"

namespace opsflow {

// A 1-based position in a source file, the column counted in characters; line 0 means "the
// whole file", column 0 "the whole line".
struct SourceLoc {
  int line = 0;
  int col = 0;
  friend bool operator==(const SourceLoc&, const SourceLoc&) = default;
};

// A second place a diagnostic points at (e.g. the first definition of a duplicate id).
struct RelatedLocation {
  std::string file;
  SourceLoc loc;
  std::string message;
};

// One mistake in the user's files. Diagnostics are data: collected, sorted and printed by the CLI.
struct Diagnostic {
  Rule rule{};
  Severity severity = rule.info().default_severity;  // as the settings resolve it, once applied
  std::string file{};  // path as the user named it (relative paths stay relative)
  SourceLoc loc{};
  std::string message{};  // one sentence, no trailing period
  std::string hint{};     // optional: how to fix it
  std::vector<RelatedLocation> related{};
};

// The related-location messages that mark a reference to a document not read (validate and the
// measurement reader leave them; fold_cascades removes them, folding the reference into the
// problem that hid the document).
inline constexpr std::string_view kFoldedIntoHidden = "may be defined by this document, not read";
inline constexpr std::string_view kFoldedIntoUnread = "may be defined in a file not read";

// Orders problems that hide others first, then by file, line, column, rule and message, so output
// is deterministic.
bool diagnostic_less(const Diagnostic& a, const Diagnostic& b);

// The same finding: same place, rule and message (e.g. reached twice through a YAML alias).
bool same_finding(const Diagnostic& a, const Diagnostic& b);

// Environment or internal failure (unreadable argument, bad option value): exit code 2.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace opsflow
