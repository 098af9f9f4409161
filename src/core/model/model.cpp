#include "opsflow/model/model.hpp"

#include "opsflow/base/text.hpp"

namespace opsflow {

std::span<const KindName> enum_table(Kind) {
  static constexpr KindName kKinds[] = {
      {"Role", Kind::Role, "role"},       {"Process", Kind::Process, "process"},
      {"Goal", Kind::Goal, "goal"},       {"Metric", Kind::Metric, "metric"},
      {"Config", Kind::Config, "config"}, {"Observation", Kind::Observation, "observation"}};
  return kKinds;
}

std::string describe(const Document& doc) {
  std::string noun(kind_noun(doc.kind));
  // Ids are at most kMaxIdLength long; one that is not is quoted in part, never in full.
  if (doc.meta.id) return noun + " '" + excerpt(doc.meta.id.value, kMaxIdLength) + "'";
  return "the " + noun + " at line " + std::to_string(doc.loc.line);
}

const ObservedStep* Observation::step(std::string_view id) const {
  for (const ObservedStep& s : steps) {
    if (s.step.value == id) return &s;
  }
  return nullptr;
}

const Observation* Model::observation_of(std::string_view id) const {
  for (const Observation& o : observations) {
    if (o.meta.id.value == id) return &o;
  }
  return nullptr;
}

const HiddenDocument* Model::hidden_with_id(std::string_view id, Kind kind) const {
  for (const HiddenDocument& h : hidden) {
    if (!h.id.empty() && h.id == id && (!h.kind || *h.kind == kind)) return &h;
  }
  return nullptr;
}

std::string describe(const Step& step) {
  if (step.id) return "step '" + excerpt(step.id.value, kMaxIdLength) + "'";
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

}  // namespace

std::span<const EnumName<StepType>> enum_table(StepType) {
  return kStepTypes;
}
std::span<const EnumName<ValueClass>> enum_table(ValueClass) {
  return kValueClasses;
}
std::span<const EnumName<Direction>> enum_table(Direction) {
  return kDirections;
}
std::span<const EnumName<Aggregation>> enum_table(Aggregation) {
  return kAggregations;
}

std::span<const EnumName<Lang>> enum_table(Lang) {
  static constexpr EnumName<Lang> kLangs[] = {{"en", Lang::En}, {"zh", Lang::Zh}};
  return kLangs;
}

bool Role::records_training() const {
  for (const Member& m : members) {
    if (m.training_recorded) return true;
  }
  return false;
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
