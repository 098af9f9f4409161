#include "opsflow/diagnostic.hpp"

#include <tuple>

#include "opsflow/model.hpp"

namespace opsflow {

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::Off: return "off";
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "error";
}

bool parse_severity(std::string_view text, Severity& out) {
  for (Severity s : {Severity::Off, Severity::Info, Severity::Warning, Severity::Error}) {
    if (text == severity_name(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

bool diagnostic_less(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.file, a.loc.line, a.loc.col, a.rule, a.message) <
         std::tie(b.file, b.loc.line, b.loc.col, b.rule, b.message);
}

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::Role: return "Role";
    case Kind::Process: return "Process";
    case Kind::Goal: return "Goal";
    case Kind::Metric: return "Metric";
    case Kind::Config: return "Config";
  }
  return "?";
}

const char* kind_noun(Kind kind) {
  switch (kind) {
    case Kind::Role: return "role";
    case Kind::Process: return "process";
    case Kind::Goal: return "goal";
    case Kind::Metric: return "metric";
    case Kind::Config: return "config";
  }
  return "?";
}

std::string describe(const Document& doc) {
  if (doc.meta.id) return std::string(kind_noun(doc.kind)) + " '" + doc.meta.id.value + "'";
  return std::string("the ") + kind_noun(doc.kind) + " at line " + std::to_string(doc.loc.line);
}

std::string describe(const Step& step) {
  if (step.id) return "step '" + step.id.value + "'";
  return "the step at line " + std::to_string(step.loc.line);
}

const char* step_type_name(StepType type) {
  switch (type) {
    case StepType::Task: return "task";
    case StepType::Approval: return "approval";
    case StepType::Review: return "review";
    case StepType::Automated: return "automated";
    case StepType::Decision: return "decision";
    case StepType::Handoff: return "handoff";
  }
  return "task";
}

const char* value_class_name(ValueClass value) {
  switch (value) {
    case ValueClass::Customer: return "customer";
    case ValueClass::Business: return "business";
    case ValueClass::None: return "none";
  }
  return "business";
}

const char* direction_name(Direction direction) {
  return direction == Direction::LowerIsBetter ? "lower-is-better" : "higher-is-better";
}

const char* aggregation_name(Aggregation aggregation) {
  switch (aggregation) {
    case Aggregation::Mean: return "mean";
    case Aggregation::Median: return "median";
    case Aggregation::P90: return "p90";
    case Aggregation::P95: return "p95";
    case Aggregation::Sum: return "sum";
    case Aggregation::Count: return "count";
    case Aggregation::Min: return "min";
    case Aggregation::Max: return "max";
    case Aggregation::Last: return "last";
  }
  return "mean";
}

bool Role::has_skill(const std::string& skill) const {
  for (const Text& s : skills) {
    if (s.value == skill) return true;
  }
  for (const Member& m : members) {
    for (const Text& s : m.skills) {
      if (s.value == skill) return true;
    }
  }
  return false;
}

}  // namespace opsflow
