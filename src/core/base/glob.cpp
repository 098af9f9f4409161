#include "opsflow/base/glob.hpp"

#include <string>
#include <vector>

namespace opsflow {
namespace {

// Glob matching by dynamic programming over (pattern position, path position): every state is
// decided once, so hostile patterns such as **/**/**/*x stay O(|pattern| x |path|).
class Matcher {
 public:
  Matcher(std::string_view pattern, std::string_view path)
      : p_(pattern), s_(path), memo_((p_.size() + 1) * (s_.size() + 1), kUnknown) {}

  bool match(std::size_t i, std::size_t j) {
    char& known = memo_[i * (s_.size() + 1) + j];
    if (known != kUnknown) return known == kYes;
    bool result = decide(i, j);
    known = result ? kYes : kNo;
    return result;
  }

 private:
  static constexpr char kUnknown = 0, kYes = 1, kNo = 2;

  bool decide(std::size_t i, std::size_t j) {
    if (i == p_.size()) return j == s_.size();
    if (p_.compare(i, 2, "**") == 0) {
      std::size_t rest = i + 2;
      // "**/" also matches no folder at all.
      if (rest < p_.size() && p_[rest] == '/' && match(rest + 1, j)) return true;
      // ** consumes one more character (any, including '/'), or nothing.
      return match(rest, j) || (j < s_.size() && match(i, j + 1));
    }
    if (p_[i] == '*') {
      return match(i + 1, j) || (j < s_.size() && s_[j] != '/' && match(i, j + 1));
    }
    if (j == s_.size()) return false;
    if (p_[i] == '?') return s_[j] != '/' && match(i + 1, j + 1);
    return p_[i] == s_[j] && match(i + 1, j + 1);
  }

  std::string_view p_, s_;
  std::vector<char> memo_;
};

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  while (pattern.starts_with("./")) pattern.remove_prefix(2);
  while (path.starts_with("./")) path.remove_prefix(2);
  std::string full;
  if (pattern.find('/') == std::string_view::npos) {
    full = "**/" + std::string(pattern);  // a name at any depth
  } else if (pattern.ends_with('/')) {
    full = std::string(pattern) + "**";  // a folder and everything in it
  } else {
    full = std::string(pattern);
  }
  return Matcher(full, path).match(0, 0);
}

}  // namespace opsflow
