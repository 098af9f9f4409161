#include "source_lines.hpp"

#include "opsflow/base/input.hpp"

namespace opsflow::cli {

std::vector<std::string> SourceLines::split_lines(std::string_view text) {
  std::vector<std::string> lines;
  // A UTF-8 byte order mark is not part of the first line's text.
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view one = text.substr(0, end);
    if (one.ends_with('\r')) one.remove_suffix(1);
    lines.emplace_back(one);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return lines;
}

void SourceLines::add(const std::string& file, std::string_view text) {
  files_[file] = split_lines(text);
}

const std::string& SourceLines::line(const std::string& file, int line) {
  static const std::string kEmpty;
  auto it = files_.find(file);
  if (it == files_.end()) {
    // Through the guarded reader: a file replaced by a FIFO since it was loaded is not waited on.
    InputText in = read_input(file);
    it = files_.emplace(file, split_lines(in.text)).first;
  }
  if (line < 1 || static_cast<std::size_t>(line) > it->second.size()) return kEmpty;
  return it->second[static_cast<std::size_t>(line) - 1];
}

}  // namespace opsflow::cli
