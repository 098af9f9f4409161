#include "diagnostics_output.hpp"

#include <fmt/format.h>

#include <cctype>
#include <iterator>

#include "json_output.hpp"
#include "opsflow/base/rules.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/version.hpp"
#include "style.hpp"

namespace opsflow::cli {

namespace {

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string location_text(const Diagnostic& d) {
  if (d.loc.line == 0) return d.file;
  if (d.loc.col == 0) return fmt::format("{}:{}", d.file, d.loc.line);
  return fmt::format("{}:{}:{}", d.file, d.loc.line, d.loc.col);
}

// Lines longer than kSnippetMax characters are shown as a window of kSnippetWindow characters on
// each side of the column.
constexpr std::size_t kSnippetMax = 100;
constexpr std::size_t kSnippetWindow = 40;

// The source line (tabs shown as spaces, control characters escaped, very long lines cut to a
// window around the column) and a caret under the column, placed by display width.
void print_snippet(std::string& out, const Diagnostic& d, SourceLines& lines, bool color) {
  if (d.loc.line == 0) return;
  std::string text = lines.line(d.file, d.loc.line);
  if (text.empty()) return;
  for (char& c : text) {
    if (c == '\t') c = ' ';
  }
  std::size_t column = d.loc.col >= 1 ? static_cast<std::size_t>(d.loc.col) - 1 : 0;
  std::size_t length = code_point_count(text);
  std::size_t first = length > kSnippetMax && column > kSnippetWindow ? column - kSnippetWindow : 0;
  std::string_view shown =
      code_point_slice(text, first, length > kSnippetMax ? 2 * kSnippetWindow : length);
  std::string before = first > 0 ? "…" : "";
  std::string after = first + code_point_count(shown) < length ? "…" : "";
  std::string number = std::to_string(d.loc.line);
  std::string gutter(number.size(), ' ');
  fmt::format_to(std::back_inserter(out), " {} | {}{}{}\n", paint(number, Color::Dim, color),
                 before, printable(shown), after);
  if (d.loc.col >= 1) {
    std::string lead = before + printable(code_point_slice(shown, 0, column - first));
    fmt::format_to(std::back_inserter(out), " {} | {}{}\n", gutter,
                   std::string(display_width(lead), ' '), paint("^", Color::Green, color));
  }
}

}  // namespace

std::string counts_text(const DiagnosticCounts& counts) {
  if (counts.errors + counts.warnings + counts.infos == 0) return "no problems";
  std::vector<std::string> parts;
  parts.push_back(plural(counts.errors, "error"));
  parts.push_back(plural(counts.warnings, "warning"));
  if (counts.infos) parts.push_back(fmt::format("{} info", counts.infos));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string summary_line(const DiagnosticCounts& counts, std::size_t files) {
  return fmt::format("{} in {}", counts_text(counts), plural(files, "file"));
}

namespace {

// "   = hint: ...", under the hint's start when `width` wraps it.
void append_hint(std::string& block, const std::string& hint, std::size_t width) {
  constexpr std::string_view kLead = "   = hint: ";
  fmt::format_to(std::back_inserter(block), "{}{}\n", kLead,
                 wrap_after(hint, kLead.size(), std::string(kLead.size(), ' '), width));
}

}  // namespace

void print_text(std::ostream& out, const std::vector<Diagnostic>& diagnostics, SourceLines& lines,
                bool color, std::size_t width) {
  // One write per diagnostic: standard error writes through at every insertion, and a refused
  // model can have tens of thousands of errors.
  std::string block;
  for (const Diagnostic& d : diagnostics) {
    block.clear();
    const std::string location = printable(location_text(d));
    const std::string_view severity = enum_name(d.severity);
    const std::size_t lead = display_width(location) + severity.size() + 4;  // "L: S: "
    const std::string text =
        wrap_after(fmt::format("{} [{}]", printable(d.message), d.rule.id()), lead, "    ", width);
    fmt::format_to(std::back_inserter(block), "{}: {}: {}\n", paint(location, Color::Bold, color),
                   paint(severity, severity_color(d.severity), color), text);
    print_snippet(block, d, lines, color);
    if (!d.hint.empty()) append_hint(block, printable(d.hint), width);
    out << block;
  }
}

namespace {

JsonValue json_location(const std::string& file, SourceLoc loc) {
  JsonValue j;
  j["file"] = file;
  j["line"] = loc.line;
  j["column"] = loc.col;
  return j;
}

}  // namespace

void print_json(std::ostream& out, const std::vector<Diagnostic>& diagnostics, std::size_t files) {
  DiagnosticCounts counts = count_diagnostics(diagnostics);
  JsonValue doc;
  doc["version"] = kVersion;
  doc["files"] = files;
  doc["summary"] = {
      {"errors", counts.errors}, {"warnings", counts.warnings}, {"info", counts.infos}};
  JsonValue list = JsonValue::array();
  for (const Diagnostic& d : diagnostics) {
    JsonValue j = json_location(d.file, d.loc);
    j["severity"] = enum_name(d.severity);
    j["rule"] = d.rule.id();
    j["message"] = d.message;
    if (!d.hint.empty()) j["hint"] = d.hint;
    if (!d.related.empty()) {
      JsonValue related = JsonValue::array();
      for (const RelatedLocation& r : d.related) {
        JsonValue rj = json_location(r.file, r.loc);
        rj["message"] = r.message;
        related.push_back(std::move(rj));
      }
      j["related"] = std::move(related);
    }
    list.push_back(std::move(j));
  }
  doc["diagnostics"] = std::move(list);
  write_json(out, doc);
}

namespace {

// "unknown-step" -> "UnknownStep" (SARIF wants a name distinct from the id).
std::string pascal_case(std::string_view id) {
  std::string name;
  bool upper = true;
  for (char c : id) {
    if (c == '-') {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return name;
}

// A relative path as a URI reference: '/'-separated, every other byte percent-encoded.
std::string uri_of(const std::string& path) {
  std::string uri;
  bool absolute = path.starts_with('/');
  if (absolute) uri = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      uri += static_cast<char>(c);
    } else {
      uri += fmt::format("%{:02X}", c);
    }
  }
  return uri;
}

JsonValue sarif_location(const std::string& file, SourceLoc loc) {
  JsonValue artifact;
  artifact["uri"] = uri_of(file);
  if (!file.starts_with('/')) artifact["uriBaseId"] = "%SRCROOT%";
  JsonValue region;
  region["startLine"] = loc.line > 0 ? loc.line : 1;
  if (loc.line > 0 && loc.col > 0) region["startColumn"] = loc.col;
  return {{"physicalLocation", {{"artifactLocation", artifact}, {"region", region}}}};
}

std::string sentence(std::string text) {
  if (!text.empty() && text.back() != '.' && text.back() != '?' && text.back() != '!') text += '.';
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

}  // namespace

void print_sarif(std::ostream& out, const std::vector<Diagnostic>& diagnostics) {
  JsonValue rules = JsonValue::array();
  std::unordered_map<std::string_view, std::size_t> rule_index;
  for (const RuleInfo& r : all_rules()) {
    if (r.group != RuleGroup::Validate) continue;
    rule_index[r.id] = rules.size();
    JsonValue rule = {{"id", r.id}};
    // SARIF wants a name that differs from the id (case-insensitively), or none.
    if (r.id.find('-') != std::string_view::npos) rule["name"] = pascal_case(r.id);
    rule["shortDescription"] = {{"text", r.summary}};
    rule["defaultConfiguration"] = {{"level", severity_style(r.default_severity).sarif_level}};
    rule["properties"] = {{"category", r.category}};
    rules.push_back(std::move(rule));
  }
  JsonValue results = JsonValue::array();
  for (const Diagnostic& d : diagnostics) {
    JsonValue result;
    result["ruleId"] = d.rule.id();
    if (auto it = rule_index.find(d.rule.id()); it != rule_index.end())
      result["ruleIndex"] = it->second;
    result["level"] = severity_style(d.severity).sarif_level;
    std::string text = sentence(d.message);
    if (!d.hint.empty()) text += " " + sentence(d.hint);
    result["message"] = {{"text", text}};
    result["locations"] = JsonValue::array({sarif_location(d.file, d.loc)});
    if (!d.related.empty()) {
      JsonValue related = JsonValue::array();
      for (std::size_t i = 0; i < d.related.size(); ++i) {
        JsonValue r = sarif_location(d.related[i].file, d.related[i].loc);
        r["id"] = i + 1;
        r["message"] = {{"text", sentence(d.related[i].message)}};
        related.push_back(std::move(r));
      }
      result["relatedLocations"] = std::move(related);
    }
    results.push_back(std::move(result));
  }
  JsonValue driver = {{"name", "opsflow"},
                      {"version", kVersion},
                      {"semanticVersion", kVersion},
                      {"informationUri", kHomepage},
                      {"rules", std::move(rules)}};
  JsonValue run = {
      {"tool", {{"driver", std::move(driver)}}},
      {"originalUriBaseIds",
       {{"%SRCROOT%", {{"description", {{"text", "The folder opsflow was run in."}}}}}}},
      {"columnKind", "unicodeCodePoints"},
      {"results", std::move(results)}};
  JsonValue log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                   {"version", "2.1.0"},
                   {"runs", JsonValue::array({std::move(run)})}};
  write_json(out, log);
}

namespace {

std::string escape_github(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

void print_github(std::ostream& out, const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    std::string_view command = severity_style(d.severity).github_command;
    std::string props = "file=" + escape_github(d.file, true);
    if (d.loc.line > 0) props += fmt::format(",line={}", d.loc.line);
    if (d.loc.col > 0) props += fmt::format(",col={}", d.loc.col);
    props += ",title=" + escape_github(fmt::format("opsflow {}", d.rule.id()), true);
    std::string message = printable(d.message);
    if (!d.hint.empty()) message += "\nhint: " + printable(d.hint);
    out << fmt::format("::{} {}::{}\n", command, props, escape_github(message, false));
  }
}

}  // namespace opsflow::cli
