#include "source_lines.hpp"

#include "opsflow/base/input.hpp"

namespace opsflow::cli {

const std::string& SourceLines::line(const std::string& file, int line) {
  static const std::string kEmpty;
  auto it = files_.find(file);
  if (it == files_.end()) {
    std::vector<std::string> lines;
    // Through the guarded reader: a file replaced by a FIFO since it was loaded is not waited on.
    InputText in = read_input(file);
    std::string_view text = in.text;
    // A UTF-8 byte order mark is not part of the first line's text.
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    while (!text.empty()) {
      std::size_t end = text.find('\n');
      std::string_view one = text.substr(0, end);
      if (one.ends_with('\r')) one.remove_suffix(1);
      lines.emplace_back(one);
      text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    it = files_.emplace(file, std::move(lines)).first;
  }
  if (line < 1 || static_cast<std::size_t>(line) > it->second.size()) return kEmpty;
  return it->second[static_cast<std::size_t>(line) - 1];
}

}  // namespace opsflow::cli
