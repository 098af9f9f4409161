// opsflow validate: the lint gate for CI.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>

#include "commands.hpp"
#include "diagnostics_output.hpp"
#include "opsflow/base/rules.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/load/load.hpp"
#include "opsflow/validate/validate.hpp"
#include "options.hpp"
#include "workspace.hpp"

namespace opsflow::cli {
namespace {

struct ValidateOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string fail_on = "error";
  std::vector<std::string> rules;
};

int run_validate(const ValidateOptions& options, Io& io) {
  std::vector<RuleSeverity> cli_rules = parse_rule_options(options.rules);
  Severity fail_on = parse_enum<Severity>(options.fail_on).value_or(Severity::Error);

  Workspace& ws = io.retained.keep(load_workspace(options.paths, cli_rules));
  const std::vector<Diagnostic>& diagnostics = ws.diagnostics;

  if (options.format == "json") {
    print_json(io.out, diagnostics, ws.files_read);
  } else if (options.format == "sarif") {
    print_sarif(io.out, diagnostics);
  } else if (options.format == "github") {
    print_github(io.out, diagnostics);
  } else {
    print_text(io.out, diagnostics, ws.lines, io.color);
  }
  if (!io.quiet) {
    std::string summary = summary_line(count_diagnostics(diagnostics), ws.files_read);
    (options.format == "text" ? io.out : io.err) << summary << "\n";
  }
  if (!ws.environment_error.empty()) {
    io.err << "opsflow: error: " << ws.environment_error << "\n";
    return kExitUsage;
  }
  for (const Diagnostic& d : diagnostics) {
    if (d.severity >= fail_on) return kExitCheckFailed;
  }
  return kExitOk;
}

}  // namespace

Runner setup_validate(CLI::App& command) {
  auto options = std::make_shared<ValidateOptions>();
  add_paths(command, options->paths);
  add_choice(command, "--format", options->format, {"text", "json", "sarif", "github"},
             "Output format");
  add_choice(command, "--fail-on", options->fail_on, {"error", "warning", "info"},
             "Exit 1 when a diagnostic is at or above this severity");
  command
      .add_option("--rule", options->rules,
                  "Set a rule's severity, e.g. --rule review-overdue=off (repeatable)")
      ->type_name("ID=off|info|warning|error")
      ->allow_extra_args(false);
  return [options](Io& io) { return run_validate(*options, io); };
}

}  // namespace opsflow::cli
