#pragma once
// Enumerations and how files, options and output spell them. Each enumeration has one table,
// found by argument-dependent lookup as enum_table(E{}); parsing, printing, command-line choices
// and did-you-mean suggestions all read it, so a spelling is written once.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opsflow {

// An enumerator and how it is written. Tables with more columns (a Chinese label, a noun) use
// their own entry type with the same `name` and `value` members.
template <class E>
struct EnumName {
  std::string_view name;
  E value;
};

// The table entry of `value`. Every enumerator has one (each table's unit test checks it).
template <class E>
const auto& enum_entry(E value) {
  const auto& table = enum_table(E{});
  for (const auto& entry : table) {
    if (entry.value == value) return entry;
  }
  return table.front();
}

// How `value` is written, e.g. "warning".
template <class E>
std::string_view enum_name(E value) {
  return enum_entry(value).name;
}

// The enumerator written `text`, or nullopt.
template <class E>
std::optional<E> parse_enum(std::string_view text) {
  for (const auto& entry : enum_table(E{})) {
    if (entry.name == text) return entry.value;
  }
  return std::nullopt;
}

// Every spelling, in table order (for choices and did-you-mean).
template <class E>
std::vector<std::string_view> enum_names() {
  std::vector<std::string_view> names;
  for (const auto& entry : enum_table(E{})) names.push_back(entry.name);
  return names;
}

// The spellings joined by `separator`: "off, info, warning, error" or "text|json".
template <class E>
std::string enum_list(std::string_view separator) {
  std::string list;
  for (const auto& entry : enum_table(E{})) {
    if (!list.empty()) list += separator;
    list += entry.name;
  }
  return list;
}

}  // namespace opsflow
