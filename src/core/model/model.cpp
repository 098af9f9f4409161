#include "opsflow/model/model.hpp"

namespace opsflow {

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::Role:
      return "Role";
    case Kind::Process:
      return "Process";
    case Kind::Goal:
      return "Goal";
    case Kind::Metric:
      return "Metric";
    case Kind::Config:
      return "Config";
  }
  return "?";
}

const char* kind_noun(Kind kind) {
  switch (kind) {
    case Kind::Role:
      return "role";
    case Kind::Process:
      return "process";
    case Kind::Goal:
      return "goal";
    case Kind::Metric:
      return "metric";
    case Kind::Config:
      return "config";
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

namespace {

constexpr EnumName<StepType> kStepTypes[] = {
    {"task", StepType::Task},         {"approval", StepType::Approval},
    {"review", StepType::Review},     {"automated", StepType::Automated},
    {"decision", StepType::Decision}, {"handoff", StepType::Handoff}};
constexpr EnumName<ValueClass> kValueClasses[] = {{"customer", ValueClass::Customer},
                                                  {"business", ValueClass::Business},
                                                  {"none", ValueClass::None}};
constexpr EnumName<Direction> kDirections[] = {{"lower-is-better", Direction::LowerIsBetter},
                                               {"higher-is-better", Direction::HigherIsBetter}};
constexpr EnumName<Aggregation> kAggregations[] = {
    {"mean", Aggregation::Mean}, {"median", Aggregation::Median}, {"p90", Aggregation::P90},
    {"p95", Aggregation::P95},   {"sum", Aggregation::Sum},       {"count", Aggregation::Count},
    {"min", Aggregation::Min},   {"max", Aggregation::Max},       {"last", Aggregation::Last}};

template <class E, std::size_t N>
const char* name_of(const EnumName<E> (&names)[N], E value) {
  for (const EnumName<E>& n : names) {
    if (n.value == value) return n.name.data();
  }
  return names[0].name.data();
}

}  // namespace

std::span<const EnumName<StepType>> step_type_names() {
  return kStepTypes;
}
std::span<const EnumName<ValueClass>> value_class_names() {
  return kValueClasses;
}
std::span<const EnumName<Direction>> direction_names() {
  return kDirections;
}
std::span<const EnumName<Aggregation>> aggregation_names() {
  return kAggregations;
}

const char* step_type_name(StepType type) {
  return name_of(kStepTypes, type);
}
const char* value_class_name(ValueClass value) {
  return name_of(kValueClasses, value);
}
const char* direction_name(Direction direction) {
  return name_of(kDirections, direction);
}
const char* aggregation_name(Aggregation aggregation) {
  return name_of(kAggregations, aggregation);
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
