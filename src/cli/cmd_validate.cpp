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
  Format format = Format::Text;
  Severity fail_on = Severity::Error;
  std::vector<std::string> rules;
  unsigned jobs = 0;
};

int run_validate(const ValidateOptions& options, Io& io) {
  std::vector<RuleSeverity> cli_rules = parse_rule_options(options.rules);

  Workspace& ws = io.retained.keep(load_workspace(options.paths, cli_rules, options.jobs));
  const std::vector<Diagnostic>& diagnostics = ws.diagnostics;

  if (options.format == Format::Json) {
    print_json(io.out, diagnostics, ws.files_read);
  } else if (options.format == Format::Sarif) {
    print_sarif(io.out, diagnostics);
  } else if (options.format == Format::Github) {
    print_github(io.out, diagnostics);
  } else {
    print_text(io.out, diagnostics, ws.lines, io.color);
  }
  if (!io.quiet) {
    std::string summary = summary_line(count_diagnostics(diagnostics), ws.files_read);
    (options.format == Format::Text ? io.out : io.err) << summary << "\n";
  }
  if (!ws.environment_error.empty()) {
    io.err << "opsflow: error: " << ws.environment_error << "\n";
    return kExitUsage;
  }
  for (const Diagnostic& d : diagnostics) {
    if (d.severity >= options.fail_on) return kExitCheckFailed;
  }
  return kExitOk;
}

}  // namespace

Runner setup_validate(CLI::App& command) {
  auto options = std::make_shared<ValidateOptions>();
  add_paths(command, options->paths);
  add_choice(command, "--format", options->format,
             {Format::Text, Format::Json, Format::Sarif, Format::Github}, "Output format");
  add_choice(command, "--fail-on", options->fail_on,
             {Severity::Error, Severity::Warning, Severity::Info},
             "Exit 1 when a diagnostic is at or above this severity");
  command
      .add_option("--rule", options->rules,
                  "Set a rule's severity, e.g. --rule review-overdue=off (repeatable)")
      ->type_name("ID=" + enum_list<Severity>("|"))
      ->allow_extra_args(false);
  add_jobs(command, options->jobs);
  return [options](Io& io) { return run_validate(*options, io); };
}

}  // namespace opsflow::cli
