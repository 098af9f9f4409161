#pragma once
// What every command starts from: the loaded model and its checked diagnostics.

#include <cstdint>
#include <string>
#include <vector>

#include "app.hpp"
#include "opsflow/base/diagnostic.hpp"
#include "opsflow/load/load.hpp"
#include "opsflow/model/model.hpp"
#include "opsflow/validate/validate.hpp"
#include "source_lines.hpp"

namespace opsflow::cli {

struct Workspace {
  Model model;
  std::vector<Diagnostic> diagnostics;  // final severities, sorted
  // Problems that leave the model unlike the files (breaks_model), whatever severity the
  // settings give them: analyze, render and report refuse the model while there are any.
  std::vector<Diagnostic> model_problems;
  std::size_t files_read = 0;
  // The files and folders whose problems are reported (LoadResult::selected); empty: all.
  std::vector<std::string> selected;
  std::vector<std::string> excluded_paths;     // LoadResult::excluded_paths
  std::vector<std::string> measurement_files;  // the measurement files read (validate)
  // Why the run cannot be trusted (unreadable or refused input, an invalid Config): exit code 2.
  // Empty when the input was read and configured properly.
  std::string environment_error;
  SourceLines lines;
};

// SPEC §3's one rule for input: a file that could not be read or was refused (an environment
// rule) makes the run unreliable, exit code 2, with this message; other problems in the files are
// a failed check, exit code 1. Returns the message, or "" when all input was read.
std::string unread_input_error(const std::vector<Diagnostic>& diagnostics);

// Loads `paths` (relative to `root`, "" = the working folder) with `jobs` threads (0: the
// available CPUs), and the files `also` besides them, validates the model and applies the
// severity settings. Throws Error for a path that does not exist.
// With `measurements` (validate), the measurement files are read and checked too (SPEC §2): every
// metric's `data:` file, and the data folder (the Config's `data`, else data/ beside the Config)
// when the repository has a Config and the folder exists.
Workspace load_workspace(const LoadOptions& options, const std::vector<RuleSeverity>& cli_rules,
                         bool measurements = false);
Workspace load_workspace(const std::vector<std::string>& paths,
                         const std::vector<RuleSeverity>& cli_rules, unsigned jobs = 0,
                         const std::string& root = {}, const std::vector<std::string>& also = {});

// Parses --rule ID=LEVEL values; throws Error (exit 2) for an unknown rule or level.
std::vector<RuleSeverity> parse_rule_options(const std::vector<std::string>& values);

// For commands that need a valid model: prints its errors to stderr and returns the exit code
// (1, or 2 for unreadable input or an invalid Config); 0 when the model has no errors. `what`
// names the input in the message, e.g. "the files".
int refuse_invalid_model(Workspace& ws, Io& io, const std::string& what);

// A path the Config sets (e.g. render.out, data), resolved against the Config's folder; `fallback`
// when `value` is null or absent.
std::string config_path(const Model& model, const Text* value, std::string fallback);

// Today's date in days since 1970-01-01 (UTC): from SOURCE_DATE_EPOCH when set, else the clock.
std::int64_t today();

}  // namespace opsflow::cli
