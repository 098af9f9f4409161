#pragma once
// The file format of SPEC §2, one table per mapping: every field with its type, whether it is
// required, its default, what it means and the values it may take. The loader decodes with these
// tables, so a key that is not in them is an unknown field (with a did-you-mean); the man page's
// FILE FORMAT section and the README are checked against them, and `opsflow schema` is built
// from them.

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "opsflow/base/enums.hpp"

namespace opsflow {

// What a field holds, as written in a file.
enum class FieldType : std::uint8_t {
  String,       // a single value (text)
  StringList,   // a list of single values
  Id,           // [a-z0-9][a-z0-9-]*, at most 100 characters
  Number,       // a plain number, within [min, max]
  Duration,     // 90s, 15m, 2h, 1h30m, 1.5h, 2d, 1w
  Estimate,     // a duration, or a three-point mapping {min, likely, max}
  Probability,  // 0..1, or a percentage such as 20%
  Date,         // ISO 8601: 2026-10-01, 2026-10-01T09:30:00+08:00
  Rate,         // N/day|week|month|quarter|year
  Capacity,     // hours per member per period: 30h/week
  Quantity,     // a number (95, 99.9%) or a duration (4h)
  Choice,       // one of `allowed`
  Mapping,      // the mapping `shape`
  List,         // a list of the mappings `shape` (or, where the field says so, of single values)
  Map,          // free keys: label values, or rule ids with a severity
};

// "text", "list of text", "id", "number", ... as the format documents them.
std::span<const EnumName<FieldType>> enum_table(FieldType);

// The mappings of the format: a document, a kind's spec, or a mapping inside one.
enum class Shape : std::uint8_t {
  Document,          // apiVersion, kind, metadata, spec
  Metadata,          // every document's metadata
  Change,            // an entry of metadata changes
  Role,              // spec of a Role
  Member,            // an entry of Role members
  Training,          // an entry of a member's trained records
  Process,           // spec of a Process
  Step,              // an entry of Process steps
  Estimate,          // a three-point duration
  Rework,            // step rework
  Branch,            // an entry of a decision's branches
  Goal,              // spec of a Goal
  Period,            // goal period
  KeyResult,         // an entry of Goal keyResults
  Metric,            // spec of a Metric
  Span,              // metric span
  Config,            // spec of a Config
  Override,          // an entry of Config overrides
  Thresholds,        // Config thresholds
  Render,            // Config render
  Calendar,          // Config calendar
  Observation,       // spec of an Observation
  ObservedPeriod,    // observation period
  ObservedStep,      // an entry of Observation steps
  ObservedDecision,  // an entry of Observation decisions
  ObservedBranch,    // an entry of an observed decision's branches
};
// "document", "metadata", "Role spec", "member", ... as a heading or a message names them.
std::span<const EnumName<Shape>> enum_table(Shape);

struct FieldInfo {
  std::string_view name{};
  FieldType type = FieldType::String;
  bool required = false;
  std::string_view default_value{};         // as it would be written; empty when there is none
  std::string_view description{};           // one line
  std::optional<Shape> shape{};             // for Mapping and List: the mapping it holds
  std::vector<std::string_view> allowed{};  // for Choice
  double min = -std::numeric_limits<double>::infinity();  // for Number
  double max = std::numeric_limits<double>::infinity();
};

// The fields of `shape`, in the order the format documents them.
std::span<const FieldInfo> fields_of(Shape shape);

// The apiVersion of every opsflow document.
inline constexpr std::string_view kApiVersion = "opsflow/v1";

}  // namespace opsflow
