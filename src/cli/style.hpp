#pragma once
// ANSI colours for terminal output; every helper returns the text unchanged when colour is off.

#include <string>
#include <string_view>

#include "opsflow/base/diagnostic.hpp"

namespace opsflow::cli {

enum class Color { Red, Yellow, Cyan, Green, Bold, Dim };

std::string paint(std::string_view text, Color color, bool enabled);
// Appends paint(text, color, enabled) to `out`.
void append_painted(std::string& out, std::string_view text, Color color, bool enabled);

// The colour a severity is shown in.
Color severity_color(Severity severity);

}  // namespace opsflow::cli
