// opsflow validate: the lint gate for CI.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "diagnostics_output.hpp"
#include "opsflow/base/rules.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/load/load.hpp"
#include "opsflow/load/measurements.hpp"
#include "opsflow/validate/validate.hpp"
#include "options.hpp"
#include "output.hpp"
#include "workspace.hpp"

namespace opsflow::cli {
namespace {

struct ValidateOptions {
  std::vector<std::string> paths;
  Format format = Format::Text;
  Severity fail_on = Severity::Error;
  std::vector<std::string> rules;
  std::string stdin_name;
  std::string sarif_file;  // --sarif FILE: SARIF written there too
  unsigned jobs = 0;
};

// SPEC §2: with PATHs inside a repository, only their problems are reported, and those of the
// Config and of input that could not be read (they concern every file). Counts the files
// reported on; returns the problems left out.
DiagnosticCounts keep_selected(Workspace& ws) {
  if (ws.selected.empty()) return {};
  const std::string config = ws.model.config_file;
  auto shown = [&](const Diagnostic& d) {
    return d.file.empty() || d.file == config || d.rule.info().environment() ||
           is_selected(ws.selected, d.file);
  };
  std::vector<Diagnostic> kept, left_out;
  for (Diagnostic& d : ws.diagnostics) (shown(d) ? kept : left_out).push_back(std::move(d));
  ws.diagnostics = std::move(kept);
  ws.files_read = static_cast<std::size_t>(std::count_if(
      ws.model.files.begin(), ws.model.files.end(),
      [&](const SourceFile& f) { return f.path != config && is_selected(ws.selected, f.path); }));
  return count_diagnostics(left_out);
}

int run_validate(const ValidateOptions& options, Io& io) {
  std::vector<RuleSeverity> cli_rules = parse_rule_options(options.rules);
  if (!options.stdin_name.empty() &&
      std::find(options.paths.begin(), options.paths.end(), "-") == options.paths.end()) {
    throw Error("--stdin-name names standard input: give '-' among the PATHs");
  }
  LoadOptions load;
  load.paths = options.paths;
  load.threads = options.jobs;
  load.stdin_name = options.stdin_name;
  Workspace& ws = io.retained.keep(load_workspace(load, cli_rules, /*measurements=*/true));
  DiagnosticCounts hidden = keep_selected(ws);
  if (!ws.excluded_paths.empty() && !io.quiet) {
    io.say("note", fmt::format("not checked, as the Config's exclude leaves {} out of the "
                               "repository: {}",
                               ws.excluded_paths.size() == 1 ? "it" : "them",
                               fmt::join(ws.excluded_paths, ", ")));
  }
  const std::vector<Diagnostic>& diagnostics = ws.diagnostics;

  if (options.format == Format::Json) {
    print_json(io.out, diagnostics, ws.files_read);
  } else if (options.format == Format::Sarif) {
    print_sarif(io.out, diagnostics);
  } else if (options.format == Format::Github) {
    print_github(io.out, diagnostics);
  } else {
    print_text(io.out, diagnostics, ws.lines, io.color, io.out_is_terminal ? kTerminalWidth : 0);
  }
  if (!options.sarif_file.empty()) {
    // Besides the chosen format: one run uploads SARIF and annotates the pull request, whatever
    // the exit status (SPEC §3).
    std::ostringstream sarif;
    print_sarif(sarif, diagnostics);
    write_file(options.sarif_file, sarif.str());
  }
  if (!io.quiet) {
    std::string summary = summary_line(count_diagnostics(diagnostics), ws.files_read);
    (options.format == Format::Text ? io.out : io.err) << summary << "\n";
    if (hidden.errors + hidden.warnings + hidden.infos > 0) {
      io.say("note", fmt::format("{} in other files, not shown (run opsflow validate without "
                                 "PATHs)",
                                 counts_text(hidden)));
    }
  }
  if (!ws.environment_error.empty()) {
    io.say("error", ws.environment_error);
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
  command
      .add_option("--stdin-name", options->stdin_name,
                  "With the PATH '-': the file standard input stands for (an editor's unsaved "
                  "buffer), checked within that file's repository")
      ->type_name("PATH");
  command
      .add_option("--sarif", options->sarif_file,
                  "Also write the diagnostics as SARIF to FILE (e.g. with --format github, so "
                  "one run annotates a pull request and feeds code scanning)")
      ->type_name("FILE");
  add_jobs(command, options->jobs);
  return [options](Io& io) { return run_validate(*options, io); };
}

}  // namespace opsflow::cli
