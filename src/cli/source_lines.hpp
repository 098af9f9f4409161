#pragma once
// Reads source lines on demand to show them under diagnostics and to turn byte columns into
// character columns.

#include <string>
#include <unordered_map>
#include <vector>

#include "opsflow/diagnostic.hpp"

namespace opsflow::cli {

class SourceLines {
 public:
  // Line `line` (1-based) of `file` without its line ending, or "" when unavailable.
  const std::string& line(const std::string& file, int line);

 private:
  std::unordered_map<std::string, std::vector<std::string>> files_;
};

// Rewrites each diagnostic's column (a byte offset from the parser) as a count of characters,
// which is what editors and SARIF's unicodeCodePoints expect.
void convert_columns(std::vector<Diagnostic>& diagnostics, SourceLines& lines);

}  // namespace opsflow::cli
