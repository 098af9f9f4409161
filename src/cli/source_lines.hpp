#pragma once
// Reads source lines on demand to show them under diagnostics.

#include <string>
#include <unordered_map>
#include <vector>

#include "opsflow/base/diagnostic.hpp"

namespace opsflow::cli {

class SourceLines {
 public:
  // Line `line` (1-based) of `file` without its line ending, or "" when unavailable.
  const std::string& line(const std::string& file, int line);

 private:
  std::unordered_map<std::string, std::vector<std::string>> files_;
};

}  // namespace opsflow::cli
