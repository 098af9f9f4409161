// The tables of the file format: complete, consistent with the model's defaults, and what the
// loader accepts.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "helpers.hpp"
#include "opsflow/load/fields.hpp"

using namespace opsflow;
using namespace opsflow::test;

TEST_CASE("every mapping has fields, each named once, and every nested mapping is reachable") {
  std::set<Shape> reached{Shape::Document};
  for (const auto& shape : enum_table(Shape{})) {
    CAPTURE(shape.name);
    std::set<std::string_view> names;
    CHECK_FALSE(fields_of(shape.value).empty());
    for (const FieldInfo& f : fields_of(shape.value)) {
      CAPTURE(f.name);
      CHECK(names.insert(f.name).second);
      CHECK_FALSE(f.description.empty());
      CHECK(f.description.back() != '.');  // one line, no period: the docs add it
      CHECK(f.min <= f.max);
      CHECK((f.type == FieldType::Choice) == !f.allowed.empty());
      if (f.type == FieldType::List || f.type == FieldType::Mapping) {
        if (f.shape) reached.insert(*f.shape);
      } else if (f.type != FieldType::Estimate) {
        CHECK_FALSE(f.shape);
      }
      if (f.shape) reached.insert(*f.shape);
    }
  }
  // Kind specs are reached through `spec`, by kind.
  for (Shape spec :
       {Shape::Role, Shape::Process, Shape::Goal, Shape::Metric, Shape::Config, Shape::Observation})
    reached.insert(spec);
  CHECK(reached.size() == enum_table(Shape{}).size());
}

namespace {

const FieldInfo& field(Shape shape, std::string_view name) {
  for (const FieldInfo& f : fields_of(shape)) {
    if (f.name == name) return f;
  }
  FAIL("no field " << name);
  throw;
}

}  // namespace

TEST_CASE("the documented defaults are the model's") {
  auto l = load_yaml(R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: r}
spec: {members: [ann]}
---
apiVersion: opsflow/v1
kind: Process
metadata: {id: p}
spec:
  steps: [{id: a, role: r, duration: 1m}]
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: m}
spec: {unit: count, direction: higher-is-better}
)");
  REQUIRE(l.diagnostics.empty());
  const Step& step = l.model.processes[0].steps[0];
  CHECK(enum_name(step.type.value) == field(Shape::Step, "type").default_value);
  CHECK(enum_name(step.value.value) == field(Shape::Step, "value").default_value);
  CHECK(step.probability.value == *parse_number(field(Shape::Step, "probability").default_value));
  CHECK(step.wait.value == *parse_duration(field(Shape::Step, "wait").default_value).value);
  CHECK(l.model.roles[0].capacity.value ==
        *parse_capacity(field(Shape::Role, "capacity").default_value).value);
  CHECK(enum_name(l.model.metrics[0].aggregation.value) ==
        field(Shape::Metric, "aggregation").default_value);
  const Thresholds defaults;
  CHECK(defaults.utilization_warn.value ==
        *parse_number(field(Shape::Thresholds, "utilization-warn").default_value));
  CHECK(defaults.wait_share.value ==
        *parse_number(field(Shape::Thresholds, "wait-share").default_value));
  CHECK(defaults.handoffs.value ==
        *parse_number(field(Shape::Thresholds, "handoffs").default_value));
  CHECK(defaults.review_days.value ==
        *parse_number(field(Shape::Thresholds, "review-days").default_value));
  CHECK(field(Shape::Step, "type").allowed == enum_names<StepType>());
  CHECK(field(Shape::Render, "lang").allowed == enum_names<Lang>());
}

TEST_CASE("the loader knows exactly the fields of the tables") {
  // Every field of a step, written (as null, "not given"), is known; a field of another mapping
  // is not, and is suggested from the step's table.
  std::string step = "{id: a, duration: 1m";
  for (const FieldInfo& f : fields_of(Shape::Step)) {
    if (f.name != "id" && f.name != "duration") step += ", " + std::string(f.name) + ": null";
  }
  auto l = load_yaml("apiVersion: opsflow/v1\nkind: Process\nmetadata: {id: p}\nspec:\n  steps: [" +
                     step + ", objective: x, rol: y}]\n");
  REQUIRE(l.diagnostics.size() == 2);
  CHECK(l.diagnostics[0].message == "unknown field 'objective' in step 'a'");
  CHECK(l.diagnostics[1].message == "unknown field 'rol' in step 'a' (did you mean 'role'?)");

  std::string config = "apiVersion: opsflow/v1\nkind: Config\nmetadata: {id: c}\nspec:\n";
  for (const FieldInfo& f : fields_of(Shape::Config)) {
    if (f.name != "thresholds") config += "  " + std::string(f.name) + ":\n";
  }
  config += "  thresholds: {";
  for (const FieldInfo& f : fields_of(Shape::Thresholds)) config += std::string(f.name) + ": 1, ";
  config += "}\n";
  auto c = load_yaml(config);
  for (const Diagnostic& d : c.diagnostics) FAIL_CHECK(d.message);
}

TEST_CASE("required fields of the tables are reported missing") {
  auto l =
      load_yaml("apiVersion: opsflow/v1\nkind: Metric\nmetadata: {name: m}\nspec: {data: x.csv}\n");
  std::set<std::string> missing;
  for (const Diagnostic& d : l.diagnostics) {
    if (d.rule == rule::kMissingField) missing.insert(d.message);
  }
  CHECK(missing == std::set<std::string>{"the metadata of this metric has no 'id'",
                                         "this metric has no 'direction'",
                                         "this metric has no 'unit'"});
  CHECK(field(Shape::Metric, "unit").required);
  CHECK_FALSE(field(Shape::Metric, "data").required);
}
