#pragma once
// ANSI colours for terminal output; every helper returns the text unchanged when colour is off.

#include <cstddef>
#include <string>
#include <string_view>

#include "opsflow/base/diagnostic.hpp"

namespace opsflow::cli {

// The width of every command's output on a terminal: 100 columns, wrapped or stacked.
inline constexpr std::size_t kTerminalWidth = 100;

enum class Color { Red, Yellow, Cyan, Green, Bold, Dim };

std::string paint(std::string_view text, Color color, bool enabled);
// Appends paint(text, color, enabled) to `out`.
void append_painted(std::string& out, std::string_view text, Color color, bool enabled);

// How a severity is shown: its colour on a terminal, its SARIF level and the GitHub workflow
// command that annotates it.
struct SeverityStyle {
  Severity severity;
  Color color;
  std::string_view sarif_level;
  std::string_view github_command;
};
const SeverityStyle& severity_style(Severity severity);
inline Color severity_color(Severity severity) {
  return severity_style(severity).color;
}

}  // namespace opsflow::cli
