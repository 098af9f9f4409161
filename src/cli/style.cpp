#include "style.hpp"

namespace opsflow::cli {

void append_painted(std::string& out, std::string_view text, Color color, bool enabled) {
  if (!enabled) {
    out += text;
    return;
  }
  const char* code = "";
  switch (color) {
    case Color::Red:
      code = "\x1b[1;31m";
      break;
    case Color::Yellow:
      code = "\x1b[1;33m";
      break;
    case Color::Cyan:
      code = "\x1b[1;36m";
      break;
    case Color::Green:
      code = "\x1b[32m";
      break;
    case Color::Bold:
      code = "\x1b[1m";
      break;
    case Color::Dim:
      code = "\x1b[2m";
      break;
  }
  out += code;
  out += text;
  out += "\x1b[0m";
}

std::string paint(std::string_view text, Color color, bool enabled) {
  std::string out;
  append_painted(out, text, color, enabled);
  return out;
}

Color severity_color(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return Color::Red;
    case Severity::Warning:
      return Color::Yellow;
    default:
      return Color::Cyan;
  }
}

}  // namespace opsflow::cli
