// opsflow rules: every rule with its default severity and what it checks.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "json_output.hpp"
#include "opsflow/base/rules.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/version.hpp"
#include "options.hpp"
#include "style.hpp"

namespace opsflow::cli {
namespace {

struct RulesOptions {
  Format format = Format::Text;
};

int run_rules(const RulesOptions& options, Io& io) {
  if (options.format == Format::Json) {
    JsonValue doc;
    doc["version"] = kVersion;
    doc["rules"] = JsonValue::array();
    for (const RuleInfo& r : all_rules()) {
      doc["rules"].push_back({{"id", r.id},
                              {"command", enum_name(r.group)},
                              {"category", r.category},
                              {"severity", enum_name(r.default_severity)},
                              {"description", r.summary}});
    }
    write_json(io.out, doc);
    return kExitOk;
  }
  std::size_t id_width = 0;
  for (const RuleInfo& r : all_rules()) id_width = std::max(id_width, display_width(r.id));
  RuleGroup group = all_rules().front().group;
  io.out << paint(fmt::format("{} rules", enum_name(group)), Color::Bold, io.color) << "\n";
  for (const RuleInfo& r : all_rules()) {
    if (r.group != group) {
      group = r.group;
      io.out << "\n"
             << paint(fmt::format("{} rules", enum_name(group)), Color::Bold, io.color) << "\n";
    }
    // The description wraps under itself, so the table fits in 100 columns.
    std::string severity = pad_right(enum_name(r.default_severity), 7);
    const std::size_t lead = 2 + id_width + 2 + 7 + 2;
    io.out << fmt::format("  {}  {}  {}\n", pad_right(r.id, id_width),
                          paint(severity, severity_color(r.default_severity), io.color),
                          wrap_after(r.summary, lead, std::string(lead, ' '), kTerminalWidth));
  }
  return kExitOk;
}

}  // namespace

Runner setup_rules(CLI::App& command) {
  auto options = std::make_shared<RulesOptions>();
  add_choice(command, "--format", options->format, {Format::Text, Format::Json}, "Output format");
  return [options](Io& io) { return run_rules(*options, io); };
}

}  // namespace opsflow::cli
