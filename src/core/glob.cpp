#include <string>

#include "opsflow/load.hpp"

namespace opsflow {
namespace {

bool match_here(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.starts_with("**")) {
      std::string_view rest = p.substr(2);
      // "**/" also matches zero folders.
      if (rest.starts_with('/') && match_here(rest.substr(1), s)) return true;
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (match_here(rest, s.substr(i))) return true;
      }
      return false;
    }
    if (p.front() == '*') {
      std::string_view rest = p.substr(1);
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (match_here(rest, s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') break;
      }
      return false;
    }
    if (s.empty()) return false;
    if (p.front() == '?') {
      if (s.front() == '/') return false;
    } else if (p.front() != s.front()) {
      return false;
    }
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  while (pattern.starts_with("./")) pattern.remove_prefix(2);
  while (path.starts_with("./")) path.remove_prefix(2);
  if (pattern.find('/') == std::string_view::npos) {
    return match_here(std::string("**/") + std::string(pattern), path);
  }
  if (pattern.ends_with('/')) return match_here(std::string(pattern) + "**", path);
  return match_here(pattern, path);
}

}  // namespace opsflow
