#pragma once
// Reads source lines on demand to show them under diagnostics.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "opsflow/base/diagnostic.hpp"

namespace opsflow::cli {

class SourceLines {
 public:
  // Line `line` (1-based) of `file` without its line ending, or "" when unavailable.
  const std::string& line(const std::string& file, int line);
  // Uses `text` as the content of `file` instead of reading it (for text not on disk).
  void add(const std::string& file, std::string_view text);

 private:
  static std::vector<std::string> split_lines(std::string_view text);
  std::unordered_map<std::string, std::vector<std::string>> files_;
};

}  // namespace opsflow::cli
