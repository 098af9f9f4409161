#include "opsflow/base/diagnostic.hpp"

#include <tuple>

namespace opsflow {

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::Off:
      return "off";
    case Severity::Info:
      return "info";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "error";
}

bool parse_severity(std::string_view text, Severity& out) {
  for (Severity s : {Severity::Off, Severity::Info, Severity::Warning, Severity::Error}) {
    if (text == severity_name(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

bool diagnostic_less(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.file, a.loc.line, a.loc.col, a.rule, a.message) <
         std::tie(b.file, b.loc.line, b.loc.col, b.rule, b.message);
}

bool same_finding(const Diagnostic& a, const Diagnostic& b) {
  return a.file == b.file && a.loc == b.loc && a.rule == b.rule && a.message == b.message;
}

}  // namespace opsflow
