// User text of any content (names, descriptions, instructions, checklists) through the escaping
// helpers and into rendered SOPs, role pages, Mermaid and DOT: no text can change a page's
// structure, break a table or a diagram, or send a control character to a terminal.

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/render/flowchart.hpp"

using opsflow::fuzz::require;
using opsflow::fuzz::yaml_quote;

namespace {

void check_helpers(std::string_view s) {
  std::string escaped = opsflow::markdown_escape(s);
  opsflow::fuzz::require_printable(escaped, "markdown_escape");
  require(escaped.find('\n') == std::string::npos && escaped.find('\r') == std::string::npos,
          "markdown_escape left a line break");
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '\\') {
      ++i;
      continue;
    }
    require(escaped[i] != '|' && escaped[i] != '`' && escaped[i] != '<',
            "markdown_escape left a character that changes a page's structure");
  }
  std::string label = opsflow::mermaid_label(s);
  // Line breaks become <br/>, which Mermaid draws as one; nothing else may open a tag.
  for (std::size_t at; (at = label.find("<br/>")) != std::string::npos;) label.erase(at, 5);
  for (char c : std::string_view("\"<>`\n\r")) {
    require(label.find(c) == std::string::npos,
            fmt::format("mermaid_label left {:#04x}", static_cast<unsigned>(c)));
  }
  std::string table = opsflow::markdown_table({"a", "b"}, {}, {{escaped, escaped}, {escaped}});
  require(table.find('\n') != std::string::npos, "a table without rows");
  opsflow::fuzz::require_printable(opsflow::printable(s), "printable");
  std::string cut = opsflow::excerpt(s, 10);
  require(opsflow::code_point_count(cut) <= 11, "excerpt longer than asked");
  std::size_t width = opsflow::display_width(s);
  require(opsflow::display_width(opsflow::pad_right(s, width + 3)) == width + 3,
          "pad_right to a width");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (!opsflow::fuzz::valid_utf8(input)) return 0;  // the YAML reader refuses such files
  std::vector<std::string_view> parts;
  for (std::size_t start = 0; parts.size() < 12;) {
    std::size_t end = input.find('\0', start);
    parts.push_back(input.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  for (std::string_view s : parts) check_helpers(s);
  auto part = [&](std::size_t i) { return yaml_quote(parts[i % parts.size()]); };

  std::string yaml = fmt::format(
      R"(apiVersion: opsflow/v1
kind: Role
metadata: {{id: agent, name: {0}, description: {1}}}
spec:
  members: [{2}, {3}]
  responsibilities: [{4}]
---
apiVersion: opsflow/v1
kind: Role
metadata: {{id: lead, name: {5}}}
spec: {{members: [{6}]}}
---
apiVersion: opsflow/v1
kind: Process
metadata: {{id: p, name: {7}, owner: lead, description: {8}}}
spec:
  purpose: {9}
  scope: {10}
  trigger: {11}
  frequency: 3/week
  steps:
    - id: first
      name: {0}
      role: agent
      duration: {{min: 10m, likely: 20m, max: 1h}}
      instructions: {1}
      checklist: [{2}, {3}]
      cautions: [{4}]
      inputs: [{5}]
      outputs: [{6}]
      tools: [{7}]
    - id: approve
      name: {8}
      type: approval
      role: lead
      wait: 1d
      duration: 15m
      instructions: {9}
    - id: second
      name: {10}
      role: agent
      duration: 30m
      probability: 0.5
      rework: {{to: first, probability: 0.2}}
      activity: {11}
)",
      part(0), part(1), part(2), part(3), part(4), part(5), part(6), part(7), part(8), part(9),
      part(10), part(11));
  opsflow::fuzz::run_pipeline({{"team/text.yaml", yaml}});
  return 0;
}
