#include "source_lines.hpp"

#include <fstream>

namespace opsflow::cli {

const std::string& SourceLines::line(const std::string& file, int line) {
  static const std::string kEmpty;
  auto it = files_.find(file);
  if (it == files_.end()) {
    std::vector<std::string> lines;
    std::ifstream in(file, std::ios::binary);
    std::string text;
    while (std::getline(in, text)) {
      if (!text.empty() && text.back() == '\r') text.pop_back();
      lines.push_back(std::move(text));
    }
    // A UTF-8 byte order mark is not part of the first line's text.
    if (!lines.empty() && lines.front().starts_with("\xEF\xBB\xBF")) lines.front().erase(0, 3);
    it = files_.emplace(file, std::move(lines)).first;
  }
  if (line < 1 || static_cast<std::size_t>(line) > it->second.size()) return kEmpty;
  return it->second[static_cast<std::size_t>(line) - 1];
}

}  // namespace opsflow::cli
