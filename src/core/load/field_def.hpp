#pragma once
// Internal: how a table of fields is written and decoded (fields.cpp and its siblings).

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "map_reader.hpp"
#include "opsflow/load/fields.hpp"

namespace opsflow::detail {

// One field of a mapping decoded into a T: its description, how it is read, and (for required
// fields) whether it was given.
template <class T>
struct FieldDef {
  FieldInfo info;
  void (*read)(MapReader& reader, const FieldInfo& field, T& object);
  bool (*present)(const T& object) = nullptr;
};

template <class>
struct MemberTraits;
template <class C, class M>
struct MemberTraits<M C::*> {
  using Class = C;
  using Type = M;
};
template <auto Member>
using ClassOf = typename MemberTraits<decltype(Member)>::Class;
template <auto Member>
using TypeOf = typename MemberTraits<decltype(Member)>::Type;

template <class V>
bool is_present(const Field<V>& field) {
  return field.present;
}
template <class V>
bool is_present(const std::vector<V>& list) {
  return !list.empty();
}

// Reads a field of `Type` into the member `Member` of the object.
template <FieldType Type, auto Member>
void read_member(MapReader& r, const FieldInfo& f, ClassOf<Member>& object) {
  auto& field = object.*Member;
  if constexpr (Type == FieldType::String) {
    r.text(f.name, field);
  } else if constexpr (Type == FieldType::StringList) {
    r.text_list(f.name, field);
  } else if constexpr (Type == FieldType::Id) {
    r.id(f.name, field);
  } else if constexpr (Type == FieldType::Number) {
    r.number(f.name, field, f.min, f.max);
  } else if constexpr (Type == FieldType::Duration) {
    r.duration(f.name, field);
  } else if constexpr (Type == FieldType::Probability) {
    r.probability(f.name, field);
  } else if constexpr (Type == FieldType::Date) {
    r.date(f.name, field);
  } else if constexpr (Type == FieldType::Rate) {
    r.rate(f.name, field);
  } else if constexpr (Type == FieldType::Capacity) {
    r.capacity(f.name, field);
  } else if constexpr (Type == FieldType::Quantity) {
    r.quantity(f.name, field);
  } else if constexpr (Type == FieldType::Choice) {
    r.enumeration(f.name, field);
  } else {
    static_assert(Type == FieldType::String, "this type needs its own reader");
  }
}

template <auto Member>
bool member_present(const ClassOf<Member>& object) {
  return is_present(object.*Member);
}

// A field read into a member by its type. Choices take their allowed values from the enum's table.
template <FieldType Type, auto Member>
FieldDef<ClassOf<Member>> field(FieldInfo info) {
  info.type = Type;
  if constexpr (Type == FieldType::Choice) {
    info.allowed = enum_names<decltype(TypeOf<Member>::value)>();
  }
  return {std::move(info), &read_member<Type, Member>, &member_present<Member>};
}

// A field with its own reader.
template <class T>
FieldDef<T> custom(FieldInfo info, void (*read)(MapReader&, const FieldInfo&, T&),
                   bool (*present)(const T&) = nullptr) {
  return {std::move(info), read, present};
}

// Reads every field of `defs`, then reports the required ones that are missing. The caller calls
// finish() once its own checks are done.
template <class T>
void decode_fields(MapReader& reader, const std::vector<FieldDef<T>>& defs, T& object) {
  for (const FieldDef<T>& d : defs) d.read(reader, d.info, object);
  for (const FieldDef<T>& d : defs) {
    if (d.info.required && d.present) reader.require(d.info.name, d.present(object));
  }
}

// Reads the mapping at `f.name` of `s` with `fields` into `object`, naming it `what` in messages;
// returns where the mapping is, or nullopt when it is absent.
template <class T>
std::optional<SourceLoc> read_mapping(MapReader& s, const FieldInfo& f,
                                      const std::vector<FieldDef<T>>& fields, std::string what,
                                      T& object) {
  yaml::NodeId node = s.get(f.name);
  if (node == yaml::kNoNode) return std::nullopt;
  MapReader m(s.context(), node, std::move(what));
  decode_fields(m, fields, object);
  m.finish();
  return m.loc();
}

template <class T>
std::vector<FieldInfo> infos(const std::vector<FieldDef<T>>& defs) {
  std::vector<FieldInfo> out;
  for (const FieldDef<T>& d : defs) out.push_back(d.info);
  return out;
}

inline constexpr auto kText = FieldType::String;
inline constexpr auto kTextList = FieldType::StringList;
inline constexpr auto kId = FieldType::Id;
inline constexpr auto kNumber = FieldType::Number;
inline constexpr auto kDuration = FieldType::Duration;
inline constexpr auto kProbability = FieldType::Probability;
inline constexpr auto kDate = FieldType::Date;
inline constexpr auto kRate = FieldType::Rate;
inline constexpr auto kCapacity = FieldType::Capacity;
inline constexpr auto kQuantity = FieldType::Quantity;
inline constexpr auto kChoice = FieldType::Choice;

// A three-point estimate as written.
struct ThreePoint {
  Field<double> min, likely, max;
};

// The table of each mapping (see fields.cpp for the format's documents and Config,
// fields_documents.cpp for metadata, Role, Goal and Metric, fields_process.cpp for Process).
const std::vector<FieldDef<Document>>& metadata_fields();
const std::vector<FieldDef<VersionChange>>& change_fields();
const std::vector<FieldDef<Member>>& member_fields();
const std::vector<FieldDef<TrainingRecord>>& training_fields();
const std::vector<FieldDef<Role>>& role_fields();
const std::vector<FieldDef<Process>>& process_fields();
const std::vector<FieldDef<Step>>& step_fields();
const std::vector<FieldDef<ThreePoint>>& estimate_fields();
const std::vector<FieldDef<Rework>>& rework_fields();
const std::vector<FieldDef<Branch>>& branch_fields();
const std::vector<FieldDef<Span>>& span_fields();
const std::vector<FieldDef<Goal>>& goal_fields();
const std::vector<FieldDef<Goal>>& period_fields();
const std::vector<FieldDef<KeyResult>>& key_result_fields();
const std::vector<FieldDef<Metric>>& metric_fields();
const std::vector<FieldDef<Observation>>& observation_fields();
const std::vector<FieldDef<Observation>>& observed_period_fields();
const std::vector<FieldDef<ObservedStep>>& observed_step_fields();
const std::vector<FieldDef<ObservedDecision>>& observed_decision_fields();
const std::vector<FieldDef<ObservedBranch>>& observed_branch_fields();

// Reads a duration estimate at `f.name`: one duration, or {min, likely, max} with min <= likely
// <= max.
void read_estimate(MapReader& s, const FieldInfo& f, Field<Estimate>& out);

// Role checks across fields (headcount: whole, not absurd, not beside members).
void check_role(MapReader& spec, Role& role);

// Reads the list at `f.name` of `s`, each entry (`one`, in messages: "an observed step of ...")
// a mapping of `fields` with a `loc`, into `out`: the entries `keep` accepts (the others said what
// they lack).
template <class T>
void read_entries(MapReader& s, const FieldInfo& f, std::string_view one, const char* hint,
                  const std::vector<FieldDef<T>>& fields, bool (*keep)(const T&),
                  std::vector<T>& out) {
  DecodeContext& ctx = s.context();
  const bool vowel = !one.empty() && std::string_view("aeiou").find(one.front()) != one.npos;
  for (yaml::NodeId item : s.items(f.name, fmt::format("{}s", one), hint)) {
    T entry;
    MapReader m(ctx, item, fmt::format("{} {} of {}", vowel ? "an" : "a", one, s.what()));
    entry.loc = m.loc();
    decode_fields(m, fields, entry);
    m.finish();
    if (keep(entry)) out.push_back(std::move(entry));
  }
}

}  // namespace opsflow::detail
