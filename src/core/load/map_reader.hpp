#pragma once
// Typed, position-keeping access to one YAML mapping, reporting schema problems as diagnostics.

#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "opsflow/base/text.hpp"
#include "opsflow/model/model.hpp"
#include "yaml_tree.hpp"

namespace opsflow::detail {

// Where decoded values come from and where problems go.
struct DecodeContext {
  const yaml::Document& doc;
  const std::string& file;
  std::vector<Diagnostic>& diagnostics;
  SuggestionBudget* suggestions = nullptr;  // did-you-mean work left for the file

  void report(Rule rule, SourceLoc loc, std::string message, std::string hint = {});
  const yaml::Node& node(yaml::NodeId id) const { return doc.at(id); }
};

// "a mapping", "a list", "text", "nothing" — for wrong-type messages.
const char* describe_node(const yaml::Node& node);

// Reads the scalar of `id` as text; reports wrong-type and YAML 1.1 booleans. Null gives absent.
Text read_text(DecodeContext& ctx, yaml::NodeId id, std::string_view what);
// Reads a list of scalars (a single scalar is a wrong-type error with a hint).
TextList read_text_list(DecodeContext& ctx, yaml::NodeId id, std::string_view what);
// True if `text` is a valid id: [a-z0-9][a-z0-9-]*.
bool is_valid_id(std::string_view text);

// One mapping. Every key asked for becomes known; finish() reports the rest as unknown fields.
class MapReader {
 public:
  // `what` names the mapping in messages, e.g. "step 'triage'" or "metadata".
  MapReader(DecodeContext& ctx, yaml::NodeId node, std::string what);

  bool is_map() const { return is_map_; }
  SourceLoc loc() const { return loc_; }
  const std::string& what() const { return what_; }
  void set_what(std::string what) { what_ = std::move(what); }
  DecodeContext& context() { return ctx_; }

  // The value node of `key`, or kNoNode when absent. Marks the key known.
  yaml::NodeId get(std::string_view key);
  // Where `key` itself is written (zero when absent).
  SourceLoc key_loc(std::string_view key) const;

  void text(std::string_view key, Text& out);
  void text_list(std::string_view key, TextList& out);
  void id(std::string_view key, Text& out);
  void number(std::string_view key, Field<double>& out, double min_value,
              double max_value = std::numeric_limits<double>::infinity());
  void duration(std::string_view key, Field<double>& out);
  void probability(std::string_view key, Field<double>& out);
  void date(std::string_view key, Field<DateTime>& out);
  void rate(std::string_view key, Field<Rate>& out);
  void capacity(std::string_view key, Field<double>& out);
  // A key-result number (95, 99.9%) or a duration (4h).
  void quantity(std::string_view key, Field<Quantity>& out);
  void severity(std::string_view key, Field<Severity>& out);

  // Reads an enumerated value spelled as in its table (enum_table).
  template <class E>
  void enumeration(std::string_view key, Field<E>& out);

  // The items of the list at `key` (empty when absent or null). Anything but a list is reported
  // as wrong-type, saying it must be "a list of <items>" and giving `hint`.
  std::vector<yaml::NodeId> items(std::string_view key, std::string_view items_name,
                                  std::string_view hint = {});

  // Reports missing-field for `key` when `present` is false.
  void require(std::string_view key, bool present);
  // Reports every key not asked for as unknown-field, with a did-you-mean.
  void finish();

  // Entries in file order (after merge keys are applied).
  struct Entry {
    std::string_view key;
    yaml::NodeId key_node;
    yaml::NodeId value;
    bool used;
  };
  std::vector<Entry>& entries() { return entries_; }

 private:
  // Adds the entries of `map`, then those of its merge keys (<<) whose keys are not in
  // `merged_keys` yet (null at the top level: explicit keys are all kept, duplicates included).
  void collect(yaml::NodeId map, std::unordered_set<std::string_view>* merged_keys);
  Entry* find(std::string_view key);
  std::string field_name(std::string_view key) const;
  bool enum_value(std::string_view key, yaml::NodeId value, std::string& out_text, SourceLoc& loc);
  void report_enum(std::string_view key, const std::string& text, SourceLoc loc,
                   const std::vector<std::string_view>& names);

  DecodeContext& ctx_;
  std::string what_;
  SourceLoc loc_;
  bool is_map_ = false;
  std::vector<Entry> entries_;
  std::vector<std::string_view> known_;
};

template <class E>
void MapReader::enumeration(std::string_view key, Field<E>& out) {
  std::string text;
  SourceLoc loc;
  if (!enum_value(key, get(key), text, loc)) return;
  if (std::optional<E> value = parse_enum<E>(text)) {
    out.value = *value;
    out.loc = loc;
    out.present = true;
    return;
  }
  report_enum(key, text, loc, enum_names<E>());
}

}  // namespace opsflow::detail
