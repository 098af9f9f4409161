#include "style.hpp"

#include <iterator>

namespace opsflow::cli {

namespace {

// ANSI escape sequences, in the order of enum Color.
constexpr std::string_view kCodes[] = {"\x1b[1;31m", "\x1b[1;33m", "\x1b[1;36m",
                                       "\x1b[32m",   "\x1b[1m",    "\x1b[2m"};
static_assert(std::size(kCodes) == static_cast<std::size_t>(Color::Dim) + 1);

// In the order of enum Severity.
constexpr SeverityStyle kSeverityStyles[] = {
    {Severity::Off, Color::Cyan, "note", "notice"},
    {Severity::Info, Color::Cyan, "note", "notice"},
    {Severity::Warning, Color::Yellow, "warning", "warning"},
    {Severity::Error, Color::Red, "error", "error"},
};
static_assert(std::size(kSeverityStyles) == static_cast<std::size_t>(Severity::Error) + 1);

}  // namespace

void append_painted(std::string& out, std::string_view text, Color color, bool enabled) {
  if (!enabled) {
    out += text;
    return;
  }
  out += kCodes[static_cast<std::size_t>(color)];
  out += text;
  out += "\x1b[0m";
}

std::string paint(std::string_view text, Color color, bool enabled) {
  std::string out;
  append_painted(out, text, color, enabled);
  return out;
}

const SeverityStyle& severity_style(Severity severity) {
  return kSeverityStyles[static_cast<std::size_t>(severity)];
}

}  // namespace opsflow::cli
