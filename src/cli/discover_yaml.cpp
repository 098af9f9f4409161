#include "discover_yaml.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "opsflow/base/text.hpp"
#include "opsflow/base/values.hpp"

namespace opsflow::cli {
namespace {

// Whether YAML 1.1 tools (and opsflow's lint) would read the plain scalar `s` as something other
// than text: a boolean or null word, or what starts like a number, a date or a time.
bool misread(std::string_view s) {
  static constexpr std::string_view kWords[] = {
      "y",  "Y",    "yes",  "Yes",  "YES",   "n",     "N",     "no", "No",
      "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On",
      "ON", "off",  "Off",  "OFF",  "null",  "Null",  "NULL",  "~",  ""};
  for (std::string_view w : kWords) {
    if (s == w) return true;
  }
  const char c = s.front();
  return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// A string from the log or derived from it, quoted when its plain form would be misread (yaml-cpp
// quotes what YAML 1.2 would misparse, not `no` or `1.0`).
// `raw` as opsflow reads text back: valid UTF-8 whatever the log's encoding was, and control
// characters (which the loader refuses: they would garble terminals) as U+FFFD; tabs and line
// breaks are text.
std::string loadable(const std::string& raw) {
  std::string out;
  for (char c : to_valid_utf8(raw)) {
    const auto byte = static_cast<unsigned char>(c);
    const bool control = (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F;
    if (control)
      out += "\xEF\xBF\xBD";
    else
      out += c;
  }
  return out;
}

YAML::Emitter& text(YAML::Emitter& out, const std::string& raw) {
  const std::string s = loadable(raw);
  if (misread(s)) out << YAML::DoubleQuoted;
  return out << s;
}

void text_list(YAML::Emitter& out, const std::vector<std::string>& list) {
  out << YAML::Flow << YAML::BeginSeq;
  for (const std::string& s : list) text(out, s);
  out << YAML::EndSeq;
}

void header(YAML::Emitter& out, std::string_view kind) {
  out << YAML::BeginDoc << YAML::BeginMap;
  out << YAML::Key << "apiVersion" << YAML::Value << "opsflow/v1";
  out << YAML::Key << "kind" << YAML::Value << std::string(kind);
}

void three_point(YAML::Emitter& out, const Estimate& e) {
  out << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "min" << YAML::Value << format_duration(e.min);
  out << YAML::Key << "likely" << YAML::Value << format_duration(e.likely);
  out << YAML::Key << "max" << YAML::Value << format_duration(e.max);
  out << YAML::EndMap;
}

void duration(YAML::Emitter& out, const char* key, const Estimate& e) {
  out << YAML::Key << key << YAML::Value;
  if (e.three_point)
    three_point(out, e);
  else
    out << format_duration(e.likely);
}

}  // namespace

std::string discovered_yaml(const DiscoveredProcess& p, const std::string& source) {
  YAML::Emitter out;
  out.SetDoublePrecision(6);  // shares such as 0.3, never 0.29999999999999999
  for (const DiscoveredRole& role : p.roles) {
    header(out, "Role");
    out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "id" << YAML::Value;
    text(out, role.id);
    out << YAML::Key << "name" << YAML::Value;
    text(out, role.name);
    out << YAML::Key << "description" << YAML::Value
        << "A placeholder for the people seen doing these steps in the log: name the role.";
    out << YAML::EndMap;
    out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "members" << YAML::Value;
    text_list(out, role.members);
    out << YAML::EndMap << YAML::EndMap;
  }
  header(out, "Process");
  out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value;
  text(out, p.id);
  out << YAML::Key << "name" << YAML::Value;
  text(out, p.name);
  out << YAML::Key << "description" << YAML::Value;
  text(out, p.description);
  if (!p.roles.empty()) {
    out << YAML::Key << "owner" << YAML::Value;
    text(out, p.roles.front().id);
  }
  out << YAML::EndMap;
  out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
  if (p.cases_per_week > 0) {
    out << YAML::Key << "frequency" << YAML::Value
        << format_decimal(std::max(p.cases_per_week, 0.01), 2) + "/week";
  }
  out << YAML::Key << "steps" << YAML::Value << YAML::BeginSeq;
  for (const DiscoveredStep& s : p.steps) {
    out << YAML::BeginMap;
    out << YAML::Key << "id" << YAML::Value;
    text(out, s.id);
    out << YAML::Key << "name" << YAML::Value;
    text(out, s.activity);
    if (s.type != StepType::Task)
      out << YAML::Key << "type" << YAML::Value << std::string(enum_name(s.type));
    if (!s.role.empty()) {
      out << YAML::Key << "role" << YAML::Value;
      text(out, s.role);
    }
    out << YAML::Key << "after" << YAML::Value;
    text_list(out, s.after);
    duration(out, "duration", s.duration);
    if (s.wait > 0) out << YAML::Key << "wait" << YAML::Value << format_duration(s.wait);
    if (s.probability < 1) out << YAML::Key << "probability" << YAML::Value << s.probability;
    if (!s.rework_to.empty()) {
      out << YAML::Key << "rework" << YAML::Value << YAML::Flow << YAML::BeginMap;
      out << YAML::Key << "to" << YAML::Value;
      text(out, s.rework_to);
      out << YAML::Key << "probability" << YAML::Value << s.rework_probability;
      out << YAML::EndMap;
    }
    if (!s.branches.empty()) {
      out << YAML::Key << "branches" << YAML::Value << YAML::BeginSeq;
      for (const auto& [to, share] : s.branches) {
        out << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "to" << YAML::Value;
        text(out, to);
        out << YAML::Key << "probability" << YAML::Value << share;
        out << YAML::EndMap;
      }
      out << YAML::EndSeq;
    }
    out << YAML::Key << "activity" << YAML::Value;
    text(out, s.activity);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
  return fmt::format("{}\n# from {}: edit it, then keep it in git beside the processes.\n{}\n",
                     kDiscoverMarker, loadable(source), out.c_str());
}

std::string observation_yaml(const Observation& o) {
  YAML::Emitter out;
  out.SetDoublePrecision(6);
  header(out, "Observation");
  out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value;
  text(out, o.meta.id.value);
  out << YAML::Key << "name" << YAML::Value;
  text(out, o.meta.name.value);
  out << YAML::EndMap;
  out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "source" << YAML::Value;
  text(out, o.source.value);
  if (o.period_start && o.period_end) {
    out << YAML::Key << "period" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "start" << YAML::Value << format_utc(o.period_start.value.seconds);
    out << YAML::Key << "end" << YAML::Value << format_utc(o.period_end.value.seconds);
    out << YAML::EndMap;
  }
  out << YAML::Key << "cases" << YAML::Value << o.cases.value;
  if (!o.steps.empty()) {
    out << YAML::Key << "steps" << YAML::Value << YAML::BeginSeq;
    for (const ObservedStep& s : o.steps) {
      out << YAML::BeginMap;
      out << YAML::Key << "step" << YAML::Value;
      text(out, s.step.value);
      out << YAML::Key << "cases" << YAML::Value << s.cases.value;
      if (s.runs) out << YAML::Key << "runs" << YAML::Value << s.runs.value;
      if (s.wait) {
        out << YAML::Key << "wait" << YAML::Value;
        three_point(out, s.wait.value);
      }
      if (s.duration) {
        out << YAML::Key << "duration" << YAML::Value;
        three_point(out, s.duration.value);
      }
      if (s.rework) out << YAML::Key << "rework" << YAML::Value << s.rework.value;
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!o.decisions.empty()) {
    out << YAML::Key << "decisions" << YAML::Value << YAML::BeginSeq;
    for (const ObservedDecision& d : o.decisions) {
      out << YAML::BeginMap;
      out << YAML::Key << "step" << YAML::Value;
      text(out, d.step.value);
      out << YAML::Key << "branches" << YAML::Value << YAML::BeginSeq;
      for (const ObservedBranch& b : d.branches) {
        out << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "to" << YAML::Value;
        text(out, b.to.value);
        out << YAML::Key << "share" << YAML::Value << b.share.value;
        out << YAML::EndMap;
      }
      out << YAML::EndSeq << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap << YAML::EndMap;
  return fmt::format(
      "{}\n# What the event log showed about process {}: analyze --observed uses these\n# "
      "values instead of the estimates, render shows them beside them. Mine the log again\n# "
      "to update it.\n{}\n",
      kObservedMarker, loadable(o.meta.id.value), out.c_str());
}

}  // namespace opsflow::cli
