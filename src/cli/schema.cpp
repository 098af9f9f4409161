#include "schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>

#include "json_output.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/load/fields.hpp"
#include "opsflow/model/model.hpp"
#include "opsflow/version.hpp"

namespace opsflow::cli {
namespace {

// Patterns as lenient as the parsers (base/values.cpp): an editor must never flag what opsflow
// accepts. The parsers still give the precise message (e.g. units out of order).
// A decimal as read_decimal reads it: 15, 1.5, .5 (not "1.").
constexpr std::string_view kNumberPattern = "([0-9]*\\.)?[0-9]+";
constexpr std::string_view kDurationPattern = "(([0-9]*\\.)?[0-9]+[wdhms])+";
constexpr std::string_view kPeriodPattern = "(day|week|month|quarter|year)";

std::string anchored(std::string_view body) {
  return fmt::format("^[ \\t]*{}[ \\t]*$", body);
}

// The definition name of a shape: "Role spec" -> "Role-spec".
std::string definition_name(Shape shape) {
  std::string name(enum_name(shape));
  for (char& c : name) {
    if (c == ' ') c = '-';
  }
  return name;
}

JsonValue reference(Shape shape) {
  return {{"$ref", "#/definitions/" + definition_name(shape)}};
}

JsonValue text_value() {
  // YAML reads `version: 2` as a number; opsflow takes it as the text "2".
  return {{"type", JsonValue::array({"string", "number"})}};
}

JsonValue pattern(std::string_view body, std::string_view example) {
  return {
      {"type", "string"}, {"pattern", anchored(body)}, {"examples", JsonValue::array({example})}};
}

JsonValue duration_value() {
  return pattern(kDurationPattern, "15m");
}

JsonValue value_schema(const FieldInfo& f) {
  switch (f.type) {
    case FieldType::String:
      return text_value();
    case FieldType::StringList:
      return {{"type", "array"}, {"items", text_value()}};
    case FieldType::Id:
      return {{"type", "string"}, {"pattern", "^[a-z0-9][a-z0-9-]*$"}, {"maxLength", 100}};
    case FieldType::Number: {
      JsonValue v = {{"type", "number"}};
      if (std::isfinite(f.min)) v["minimum"] = f.min;
      if (std::isfinite(f.max)) v["maximum"] = f.max;
      return v;
    }
    case FieldType::Duration:
      return duration_value();
    case FieldType::Estimate:
      return {{"anyOf", JsonValue::array({duration_value(), reference(Shape::Estimate)})}};
    case FieldType::Probability:
      return {{"anyOf", JsonValue::array({{{"type", "number"}, {"minimum", 0}, {"maximum", 1}},
                                          pattern(fmt::format("{}%", kNumberPattern), "20%")})}};
    case FieldType::Date:
      return pattern(
          "[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?"
          "([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?)?",
          "2026-10-01");
    case FieldType::Rate:
      return pattern(
          fmt::format("{}([eE][-+]?[0-9]+)?[ \\t]*/[ \\t]*{}", kNumberPattern, kPeriodPattern),
          "12/week");
    case FieldType::Capacity:
      return pattern(fmt::format("{}[ \\t]*/[ \\t]*{}", kDurationPattern, kPeriodPattern),
                     "30h/week");
    case FieldType::Quantity:
      return {{"anyOf", JsonValue::array({{{"type", "number"}},
                                          pattern(fmt::format("-?{}%", kNumberPattern), "99.9%"),
                                          duration_value()})}};
    case FieldType::Choice:
      return {{"enum", JsonValue(f.allowed)}};
    case FieldType::Mapping:
      return f.shape ? reference(*f.shape) : JsonValue{{"type", "object"}};
    case FieldType::List: {
      JsonValue item = reference(*f.shape);
      // Members may be plain names (SPEC §2).
      if (f.shape == Shape::Member) item = {{"anyOf", JsonValue::array({text_value(), item})}};
      return {{"type", "array"}, {"items", item}};
    }
    case FieldType::Map:
      return {{"type", "object"}, {"additionalProperties", text_value()}};
  }
  return JsonValue::object();
}

// What an editor shows on hover: the field's description, its type and default.
std::string field_description(const FieldInfo& f) {
  std::string text = fmt::format("{} ({}", f.description, enum_name(f.type));
  if (f.required) text += ", required";
  if (!f.default_value.empty()) text += fmt::format(", default {}", f.default_value);
  return text + ")";
}

JsonValue shape_schema(Shape shape) {
  JsonValue properties = JsonValue::object(), required = JsonValue::array();
  for (const FieldInfo& f : fields_of(shape)) {
    JsonValue v = value_schema(f);
    v["description"] = field_description(f);
    if (!f.default_value.empty()) v["default"] = f.default_value;
    properties[std::string(f.name)] = std::move(v);
    if (f.required) required.push_back(f.name);
  }
  JsonValue s = {{"type", "object"},
                 {"description", std::string(enum_name(shape))},
                 {"properties", std::move(properties)},
                 // YAML merge keys (<<: *defaults) are read as the loader reads them.
                 {"patternProperties", {{"^<<$", JsonValue::object()}}},
                 {"additionalProperties", false}};
  if (!required.empty()) s["required"] = std::move(required);
  return s;
}

Shape spec_shape(Kind kind) {
  switch (kind) {
    case Kind::Role:
      return Shape::Role;
    case Kind::Process:
      return Shape::Process;
    case Kind::Goal:
      return Shape::Goal;
    case Kind::Metric:
      return Shape::Metric;
    case Kind::Config:
      return Shape::Config;
    case Kind::Observation:
      return Shape::Observation;
  }
  return Shape::Role;
}

// Adds to `names` the definitions `value` refers to, and those they refer to.
void collect_references(const JsonValue& value, const JsonValue& definitions,
                        std::set<std::string>& names) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (key == "$ref" && item.is_string()) {
        std::string name = item.get<std::string>().substr(std::string("#/definitions/").size());
        if (names.insert(name).second) collect_references(definitions.at(name), definitions, names);
      } else {
        collect_references(item, definitions, names);
      }
    }
  } else if (value.is_array()) {
    for (const JsonValue& item : value) collect_references(item, definitions, names);
  }
}

// The definitions `root` uses, in their order: `schema Role` holds no step.
JsonValue reachable(const JsonValue& root, const JsonValue& definitions) {
  std::set<std::string> names;
  collect_references(root, definitions, names);
  JsonValue kept = JsonValue::object();
  for (const auto& [name, definition] : definitions.items()) {
    if (names.contains(name)) kept[name] = definition;
  }
  return kept;
}

}  // namespace

JsonValue json_schema(std::optional<Kind> only) {
  JsonValue definitions = JsonValue::object();
  for (const EnumName<Shape>& entry : enum_table(Shape{})) {
    if (entry.value == Shape::Document) continue;
    definitions[definition_name(entry.value)] = shape_schema(entry.value);
  }
  JsonValue doc = shape_schema(Shape::Document);
  doc["description"] = "An opsflow document: apiVersion, kind, metadata and spec";
  doc["properties"]["apiVersion"]["const"] = kApiVersion;
  doc["required"].erase(std::find(doc["required"].begin(), doc["required"].end(), "spec"));
  JsonValue branches = JsonValue::array();
  std::vector<std::string_view> kinds;
  for (const auto& entry : enum_table(Kind{})) {
    if (only && entry.value != *only) continue;
    kinds.push_back(entry.name);
    JsonValue when = {{"properties", {{"kind", {{"const", entry.name}}}}}};
    JsonValue then = {{"properties", {{"spec", reference(spec_shape(entry.value))}}}};
    // As the loader requires it: a Role's or a Config's spec may be left out.
    if (entry.value != Kind::Role && entry.value != Kind::Config)
      then["required"] = JsonValue::array({"spec"});
    branches.push_back({{"if", std::move(when)}, {"then", std::move(then)}});
  }
  doc["properties"]["kind"]["enum"] = JsonValue(kinds);
  JsonValue schema = {
      {"$schema", "http://json-schema.org/draft-07/schema#"},
      {"$comment", fmt::format("opsflow {}: generated by opsflow schema{}", kVersion,
                               only ? " " + std::string(enum_name(*only)) : std::string())},
      {"title", only ? fmt::format("opsflow {}", enum_name(*only)) : std::string("opsflow files")}};
  for (auto& [key, value] : doc.items()) schema[key] = value;
  schema["allOf"] = std::move(branches);
  schema["definitions"] = reachable(schema, definitions);
  return schema;
}

}  // namespace opsflow::cli
