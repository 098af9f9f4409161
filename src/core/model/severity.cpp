#include "opsflow/model/severity.hpp"

#include <algorithm>
#include <filesystem>

#include "opsflow/base/glob.hpp"

namespace opsflow {

SeverityPolicy::SeverityPolicy(const Model& model, std::vector<RuleSeverity> cli)
    : model_(model), cli_(std::move(cli)) {
  if (model.config() && !model.config()->overrides.empty()) {
    for (const SourceFile& f : model.files) {
      relative_.emplace(
          f.path,
          std::filesystem::path(f.path).lexically_relative(model.config_dir).generic_string());
    }
  }
  auto add = [&](const Document& doc) {
    if (!doc.meta.ignore.empty())
      ignores_[model.path_of(doc)].push_back({doc.span, &doc.meta.ignore});
  };
  for (const Role& d : model.roles) add(d);
  for (const Goal& d : model.goals) add(d);
  for (const Metric& d : model.metrics) add(d);
  for (const Observation& d : model.observations) add(d);
  for (const Config& d : model.configs) add(d);
  for (const Process& p : model.processes) {
    add(p);
    for (const Step& s : p.steps) {
      if (!s.ignore.empty()) ignores_[model.path_of(p)].push_back({s.span, &s.ignore});
    }
  }
}

std::optional<Severity> SeverityPolicy::resolve(Rule rule, const std::string& file, int line,
                                                Severity proposed) const {
  Severity severity = proposed;
  if (const Config* config = model_.config()) {
    for (const RuleSetting& r : config->rules) {
      if (r.rule.value == rule.id()) severity = r.severity.value;
    }
    std::string relative;
    if (!config->overrides.empty()) {
      auto known = relative_.find(file);
      relative =
          known != relative_.end()
              ? known->second
              : std::filesystem::path(file).lexically_relative(model_.config_dir).generic_string();
    }
    for (const PathOverride& o : config->overrides) {
      bool matches = std::any_of(o.files.begin(), o.files.end(), [&](const Text& glob) {
        return glob_match(glob.value, relative);
      });
      if (!matches) continue;
      for (const RuleSetting& r : o.rules) {
        if (r.rule.value == rule.id()) severity = r.severity.value;
      }
    }
  }
  for (const RuleSeverity& r : cli_) {
    if (r.rule == rule) severity = r.severity;
  }
  // Input that was not read or parsed is never silenced: the model would be silently incomplete.
  if (rule.info().always_error()) return Severity::Error;
  if (severity == Severity::Off) return std::nullopt;
  if (auto it = ignores_.find(file); it != ignores_.end()) {
    for (const IgnoreScope& scope : it->second) {
      if (!scope.span.contains(line)) continue;
      for (const Text& r : *scope.rules) {
        if (r.value == rule.id()) return std::nullopt;
      }
    }
  }
  return severity;
}

}  // namespace opsflow
