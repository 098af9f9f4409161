#include "workspace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "diagnostics_output.hpp"
#include "opsflow/base/rules.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/load/load.hpp"
#include "opsflow/load/measurements.hpp"

namespace opsflow::cli {

std::vector<RuleSeverity> parse_rule_options(const std::vector<std::string>& values) {
  std::vector<std::string_view> names;
  for (const RuleInfo& r : all_rules()) names.push_back(r.id);
  std::vector<RuleSeverity> out;
  for (const std::string& value : values) {
    std::size_t eq = value.find('=');
    if (eq == std::string::npos) {
      throw Error(fmt::format("--rule '{}' needs the form ID=off|info|warning|error", value));
    }
    std::string id = value.substr(0, eq);
    std::optional<Rule> rule = find_rule(id);
    if (!rule) {
      throw Error(fmt::format("--rule: unknown rule '{}'{}", id, did_you_mean_suffix(id, names)));
    }
    std::optional<Severity> severity = parse_enum<Severity>(std::string_view(value).substr(eq + 1));
    if (!severity) {
      throw Error(fmt::format("--rule {}: '{}' is not one of {}", id, value.substr(eq + 1),
                              enum_list<Severity>(", ")));
    }
    out.push_back({*rule, *severity});
  }
  return out;
}

std::int64_t today() {
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
    long long seconds = 0;
    auto [ptr, ec] = std::from_chars(epoch, epoch + std::char_traits<char>::length(epoch), seconds);
    if (ec != std::errc() || *ptr != '\0') {
      throw Error(fmt::format("SOURCE_DATE_EPOCH '{}' is not a number of seconds", epoch));
    }
    return seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  }
  auto now = std::chrono::system_clock::now();
  return std::chrono::duration_cast<std::chrono::days>(now.time_since_epoch()).count();
}

std::string unread_input_error(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    if (d.rule.info().environment())
      return "some input could not be read or was refused (see above)";
  }
  return {};
}

namespace {

// Unreadable or refused input, or errors in the Config, make the whole run unreliable
// (SPEC §3: exit 2). Returns why, or "".
std::string environment_error(const Model& model, const std::vector<Diagnostic>& diagnostics) {
  const Config* config = model.config();
  if (std::string unread = unread_input_error(diagnostics); !unread.empty()) return unread;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity != Severity::Error) continue;
    if (d.rule == rule::kMultipleConfigs) return "there is more than one Config; keep one";
    bool in_config =
        (config && d.file == model.path_of(*config) && config->span.contains(d.loc.line)) ||
        (!model.config_file.empty() && d.file == model.config_file);
    if (in_config) return fmt::format("the Config in {} has errors; fix them first", d.file);
  }
  return {};
}

}  // namespace

Workspace load_workspace(const std::vector<std::string>& paths,
                         const std::vector<RuleSeverity>& cli_rules, unsigned jobs,
                         const std::string& root, const std::vector<std::string>& also) {
  LoadOptions options;
  options.paths = paths;
  options.also = also;
  options.root = root;
  options.threads = jobs;
  return load_workspace(options, cli_rules);
}

namespace {

// The measurement files' problems (a CI gate on validate catches bad data before report does),
// with the files read added to `files`.
std::vector<Diagnostic> measurement_problems(const Model& model, std::vector<std::string>& files) {
  const Config* config = model.config();
  std::string folder = config ? config_path(model, &config->data, "data") : std::string();
  std::error_code ec;
  if (!folder.empty() && !std::filesystem::is_directory(folder, ec)) folder.clear();
  bool named = std::any_of(model.metrics.begin(), model.metrics.end(),
                           [](const Metric& m) { return m.data.present; });
  std::vector<Diagnostic> problems;
  if (folder.empty() && !named) return problems;
  MeasurementData data = load_measurements(model, folder, problems);
  // A metric's `data:` outside the repository was reported at the metric already.
  std::set<std::string> named_files;
  for (const Metric& m : model.metrics) {
    if (m.data) named_files.insert(metric_data_path(model, m));
  }
  std::erase_if(problems, [&](const Diagnostic& d) {
    return d.rule == rule::kOutsideRepository && named_files.contains(d.file);
  });
  std::set<std::string> read(data.files.begin(), data.files.end());
  files.assign(read.begin(), read.end());
  return problems;
}

}  // namespace

Workspace load_workspace(const LoadOptions& options, const std::vector<RuleSeverity>& cli_rules,
                         bool measurements) {
  LoadResult loaded = load(options);
  Workspace ws;
  ws.files_read = loaded.files_read;
  ws.selected = std::move(loaded.selected);
  ws.excluded_paths = std::move(loaded.excluded_paths);
  if (!loaded.stdin_name.empty()) ws.lines.add(loaded.stdin_name, loaded.stdin_text);
  std::vector<Diagnostic> diagnostics = std::move(loaded.diagnostics);
  std::vector<Diagnostic> checks = validate(loaded.model, ValidateOptions{today()});
  std::move(checks.begin(), checks.end(), std::back_inserter(diagnostics));
  if (measurements) {
    std::vector<Diagnostic> problems = measurement_problems(loaded.model, ws.measurement_files);
    ws.files_read += ws.measurement_files.size();
    std::move(problems.begin(), problems.end(), std::back_inserter(diagnostics));
  }
  // The measurement files' problems are not the model's: analyze never reads them.
  std::set<std::string> measurement_files(ws.measurement_files.begin(), ws.measurement_files.end());
  fold_cascades(diagnostics);
  for (const Diagnostic& d : diagnostics) {
    if (d.rule.info().breaks_model() && !measurement_files.contains(d.file))
      ws.model_problems.push_back(d);
  }
  ws.diagnostics = apply_severities(std::move(diagnostics), loaded.model, cli_rules);
  ws.environment_error = environment_error(loaded.model, ws.diagnostics);
  ws.model = std::move(loaded.model);
  return ws;
}

int refuse_invalid_model(Workspace& ws, Io& io, const std::string& what) {
  std::vector<Diagnostic> shown;
  for (const Diagnostic& d : ws.diagnostics) {
    if (d.severity == Severity::Error) shown.push_back(d);
  }
  // Model problems the settings lowered or ignored still make any analysis wrong. `shown` is
  // sorted (the diagnostics are), so each is looked up, not searched for.
  std::vector<Diagnostic> problems = ws.model_problems;
  std::sort(problems.begin(), problems.end(), diagnostic_less);
  problems.erase(std::unique(problems.begin(), problems.end(), same_finding), problems.end());
  std::size_t listed = shown.size(), lowered = 0;
  for (Diagnostic& d : problems) {
    if (std::binary_search(shown.begin(), shown.begin() + static_cast<std::ptrdiff_t>(listed), d,
                           diagnostic_less))
      continue;
    d.severity = Severity::Error;
    shown.push_back(std::move(d));
    ++lowered;
  }
  std::size_t errors = shown.size();
  if (errors == 0 && ws.environment_error.empty()) return kExitOk;
  std::inplace_merge(shown.begin(), shown.begin() + static_cast<std::ptrdiff_t>(listed),
                     shown.end(), diagnostic_less);
  print_text(io.err, shown, ws.lines, false, io.err_is_terminal ? kTerminalWidth : 0);
  if (lowered > 0) {
    io.say("note", fmt::format("{} of them {} lowered or ignored (Config rules, --rule, ignore "
                               "lists) for validate, but {} still leave{} the model unlike the "
                               "files",
                               lowered, lowered == 1 ? "is" : "are", lowered == 1 ? "it" : "they",
                               lowered == 1 ? "s" : ""));
  }
  io.say("error", fmt::format("{} {} not valid ({} error{}); run opsflow validate and fix {} first",
                              what, what == "the files" ? "are" : "is", errors,
                              errors == 1 ? "" : "s", errors == 1 ? "it" : "them"));
  if (!ws.environment_error.empty()) {
    io.say("error", ws.environment_error);
    return kExitUsage;
  }
  return kExitCheckFailed;
}

std::string config_path(const Model& model, const Text* value, std::string fallback) {
  if (!value || !*value) return fallback;
  return (std::filesystem::path(model.config_dir.empty() ? "." : model.config_dir) / value->value)
      .lexically_normal()
      .generic_string();
}

}  // namespace opsflow::cli
