#include "map_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "opsflow/base/text.hpp"

namespace opsflow::detail {

using yaml::kNoNode;
using yaml::NodeId;
using yaml::NodeType;

void DecodeContext::report(Rule rule, SourceLoc loc, std::string message, std::string hint) {
  diagnostics.push_back({.rule = rule,
                         .file = file,
                         .loc = loc,
                         .message = std::move(message),
                         .hint = std::move(hint)});
}

const char* describe_node(const yaml::Node& node) {
  switch (node.type) {
    case NodeType::Null:
      return "nothing";
    case NodeType::Scalar:
      return "a single value";
    case NodeType::Sequence:
      return "a list";
    case NodeType::Map:
      return "a mapping";
    case NodeType::Alias:
      return "an alias";
  }
  return "a value";
}

namespace {

// Plain scalars that YAML 1.1 tools (PyYAML, older parsers) read as booleans.
bool is_yaml11_boolean(std::string_view s) {
  static constexpr std::array<std::string_view, 22> kWords = {
      "y",    "Y",    "yes",   "Yes",   "YES",   "n",  "N",  "no", "No",  "NO",  "true",
      "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"};
  return std::find(kWords.begin(), kWords.end(), s) != kWords.end();
}

}  // namespace

Text read_text(DecodeContext& ctx, NodeId id, std::string_view what) {
  Text out;
  if (id == kNoNode) return out;
  const yaml::Node& node = ctx.node(id);
  if (node.type == NodeType::Null) return out;
  if (node.type != NodeType::Scalar) {
    ctx.report(rule::kWrongType, node.loc,
               fmt::format("{} must be a single value, not {}", what, describe_node(node)));
    return out;
  }
  if (node.plain && is_yaml11_boolean(node.value)) {
    ctx.report(rule::kYaml11Boolean, node.loc,
               fmt::format("{} is the text '{}' here, but YAML 1.1 tools read it as a boolean",
                           what, node.value),
               fmt::format("quote it: \"{}\"", node.value));
  }
  // Control characters would rewrite a terminal or break a page; tabs and line breaks are text.
  auto control = std::find_if(node.value.begin(), node.value.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F;
  });
  if (control != node.value.end()) {
    ctx.report(rule::kInvalidValue, node.loc,
               fmt::format("{} contains the control character U+{:04X}", what,
                           static_cast<unsigned>(static_cast<unsigned char>(*control))),
               "remove it: it would garble terminals and break rendered pages");
  }
  out.value = node.value;
  out.loc = node.loc;
  out.present = true;
  return out;
}

TextList read_text_list(DecodeContext& ctx, NodeId id, std::string_view what) {
  TextList out;
  if (id == kNoNode) return out;
  const yaml::Node& node = ctx.node(id);
  if (node.type == NodeType::Null) return out;
  if (node.type != NodeType::Sequence) {
    std::string hint = node.type == NodeType::Scalar ? fmt::format("write a list: [{}]", node.value)
                                                     : std::string("write a list: [a, b]");
    ctx.report(rule::kWrongType, node.loc,
               fmt::format("{} must be a list, not {}", what, describe_node(node)), hint);
    return out;
  }
  out.reserve(node.count);
  for (NodeId item = node.first; item != kNoNode; item = ctx.doc.nodes[item].next) {
    Text text = read_text(ctx, item, fmt::format("an entry of {}", what));
    if (text) out.push_back(std::move(text));
  }
  return out;
}

bool is_valid_id(std::string_view text) {
  if (text.empty()) return false;
  auto ok_first = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!ok_first(text.front())) return false;
  return std::all_of(text.begin(), text.end(), [&](char c) { return ok_first(c) || c == '-'; });
}

MapReader::MapReader(DecodeContext& ctx, NodeId node, std::string what)
    : ctx_(ctx), what_(std::move(what)) {
  if (node == kNoNode) return;
  const yaml::Node& n = ctx.node(node);
  loc_ = n.loc;
  if (n.type == NodeType::Null) return;  // an empty mapping written as nothing
  if (n.type != NodeType::Map) {
    ctx.report(rule::kWrongType, n.loc,
               fmt::format("{} must be a mapping (key: value), not {}", what_, describe_node(n)));
    return;
  }
  is_map_ = true;
  collect(ctx.doc.resolve(node), nullptr);
}

void MapReader::collect(NodeId map, std::unordered_set<std::string_view>* merged_keys) {
  const auto& nodes = ctx_.doc.nodes;
  std::vector<NodeId> merge_sources;
  for (NodeId key = nodes[map].first; key != kNoNode;) {
    NodeId value = nodes[key].next;
    const yaml::Node& k = ctx_.node(key);
    key = value == kNoNode ? kNoNode : nodes[value].next;
    if (k.type != NodeType::Scalar) {
      ctx_.report(rule::kWrongType, k.loc,
                  fmt::format("keys in {} must be plain names, not {}", what_, describe_node(k)));
      continue;
    }
    if (k.plain && k.value == "<<") {  // YAML merge key: entries of the merged maps fill in
      merge_sources.push_back(value);
      continue;
    }
    // Keys written in the mapping win over merged ones; the first merged source wins over later.
    if (merged_keys && !merged_keys->insert(k.value).second) continue;
    entries_.push_back({k.value, static_cast<NodeId>(&k - nodes.data()), value, false});
  }
  if (merge_sources.empty()) return;
  std::unordered_set<std::string_view> keys;
  if (!merged_keys) {
    for (const Entry& e : entries_) keys.insert(e.key);
    merged_keys = &keys;
  }
  for (NodeId source : merge_sources) {
    const yaml::Node& s = ctx_.node(source);
    if (s.type == NodeType::Map) {
      collect(ctx_.doc.resolve(source), merged_keys);
    } else if (s.type == NodeType::Sequence) {
      for (NodeId item = s.first; item != kNoNode; item = nodes[item].next) {
        if (ctx_.node(item).type == NodeType::Map) collect(ctx_.doc.resolve(item), merged_keys);
      }
    } else {
      ctx_.report(rule::kWrongType, s.loc,
                  fmt::format("a merge key (<<) in {} needs a mapping or an alias of one", what_));
    }
  }
}

MapReader::Entry* MapReader::find(std::string_view key) {
  for (Entry& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

NodeId MapReader::get(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.push_back(key);
  Entry* e = find(key);
  if (!e) return kNoNode;
  e->used = true;
  return e->value;
}

SourceLoc MapReader::key_loc(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.key == key) return ctx_.doc.nodes[e.key_node].loc;
  }
  return {};
}

std::string MapReader::field_name(std::string_view key) const {
  return fmt::format("'{}' of {}", key, what_);
}

void MapReader::text(std::string_view key, Text& out) {
  NodeId value = get(key);
  if (value != kNoNode) out = read_text(ctx_, value, field_name(key));
}

void MapReader::text_list(std::string_view key, TextList& out) {
  NodeId value = get(key);
  if (value != kNoNode) out = read_text_list(ctx_, value, field_name(key));
}

void MapReader::id(std::string_view key, Text& out) {
  text(key, out);
  if (out && !is_valid_id(out.value)) {
    ctx_.report(rule::kInvalidId, out.loc,
                fmt::format("'{}' is not a valid id", excerpt(out.value, kMaxIdLength)),
                "ids use lowercase letters, digits and '-', and start with a letter or digit");
  } else if (out && out.value.size() > kMaxIdLength) {
    ctx_.report(rule::kInvalidId, out.loc,
                fmt::format("id '{}...' is {} characters long; at most {} are allowed",
                            out.value.substr(0, 20), out.value.size(), kMaxIdLength),
                "ids name the rendered pages' files: keep them short");
  }
}

namespace {

// Applies a parser of user values to a scalar field, reporting `rule` on failure.
template <class T, class Parse>
void parse_scalar(DecodeContext& ctx, NodeId id, const std::string& what, Rule rule, Field<T>& out,
                  Parse parse) {
  if (id == kNoNode) return;
  const yaml::Node& node = ctx.node(id);
  if (node.type == NodeType::Null) return;
  if (node.type != NodeType::Scalar) {
    ctx.report(rule::kWrongType, node.loc,
               fmt::format("{} must be a single value, not {}", what, describe_node(node)));
    return;
  }
  auto parsed = parse(node.value);
  if (!parsed.value) {
    ctx.report(rule, node.loc, fmt::format("{}: {}", what, parsed.error), parsed.hint);
    out.loc = node.loc;  // written, but unusable: not "missing"
    return;
  }
  out.value = *parsed.value;
  out.loc = node.loc;
  out.present = true;
}

}  // namespace

void MapReader::number(std::string_view key, Field<double>& out, double min_value,
                       double max_value) {
  parse_scalar(
      ctx_, get(key), field_name(key), rule::kInvalidValue, out, [&](const std::string& s) {
        auto n = parse_number(s);
        if (!n) return Parsed<double>::fail(fmt::format("'{}' is not a number", excerpt(s)));
        if (*n < min_value)
          return Parsed<double>::fail(fmt::format("{} is below {}", excerpt(s), min_value));
        if (*n > max_value)
          return Parsed<double>::fail(fmt::format("{} is above {}", excerpt(s), max_value));
        return Parsed<double>::ok(*n);
      });
}

void MapReader::duration(std::string_view key, Field<double>& out) {
  parse_scalar(ctx_, get(key), field_name(key), rule::kInvalidDuration, out,
               [](const std::string& s) { return parse_duration(s); });
}

void MapReader::probability(std::string_view key, Field<double>& out) {
  parse_scalar(ctx_, get(key), field_name(key), rule::kInvalidProbability, out,
               [](const std::string& s) { return parse_probability(s); });
}

void MapReader::date(std::string_view key, Field<DateTime>& out) {
  parse_scalar(ctx_, get(key), field_name(key), rule::kInvalidDate, out,
               [](const std::string& s) { return parse_date(s); });
}

void MapReader::rate(std::string_view key, Field<Rate>& out) {
  parse_scalar(ctx_, get(key), field_name(key), rule::kInvalidRate, out,
               [](const std::string& s) { return parse_rate(s); });
}

void MapReader::capacity(std::string_view key, Field<double>& out) {
  parse_scalar(ctx_, get(key), field_name(key), rule::kInvalidRate, out,
               [](const std::string& s) { return parse_capacity(s); });
}

void MapReader::quantity(std::string_view key, Field<Quantity>& out) {
  parse_scalar(ctx_, get(key), field_name(key), rule::kInvalidValue, out, [](const std::string& s) {
    std::string_view text = s;
    const bool percent = text.ends_with('%');
    if (percent) text.remove_suffix(1);
    if (auto number = parse_number(text))
      return Parsed<Quantity>::ok(Quantity{*number, false, percent});
    if (auto duration = parse_duration(s); duration.value) {
      return Parsed<Quantity>::ok(Quantity{*duration.value, true, false});
    }
    return Parsed<Quantity>::fail(
        fmt::format("'{}' is neither a number nor a duration", excerpt(s)),
        "e.g. 95, 99.9%, 4h or 30m");
  });
}

void MapReader::severity(std::string_view key, Field<Severity>& out) {
  enumeration(key, out);
}

bool MapReader::enum_value(std::string_view key, NodeId value, std::string& out_text,
                           SourceLoc& loc) {
  if (value == kNoNode) return false;
  const yaml::Node& node = ctx_.node(value);
  if (node.type == NodeType::Null) return false;
  if (node.type != NodeType::Scalar) {
    ctx_.report(
        rule::kWrongType, node.loc,
        fmt::format("{} must be a single value, not {}", field_name(key), describe_node(node)));
    return false;
  }
  out_text = node.value;
  loc = node.loc;
  return true;
}

void MapReader::report_enum(std::string_view key, const std::string& text, SourceLoc loc,
                            const std::vector<std::string_view>& names) {
  std::string list;
  for (std::string_view n : names) list += (list.empty() ? "" : ", ") + std::string(n);
  ctx_.report(rule::kInvalidValue, loc,
              fmt::format("{} cannot be '{}'{}", field_name(key), excerpt(text),
                          did_you_mean_suffix(text, names, ctx_.suggestions)),
              fmt::format("choose one of: {}", list));
}

std::vector<NodeId> MapReader::items(std::string_view key, std::string_view items_name,
                                     std::string_view hint) {
  std::vector<NodeId> out;
  NodeId value = get(key);
  if (value == kNoNode) return out;
  const yaml::Node& list = ctx_.node(value);
  if (list.type == NodeType::Sequence) {
    out.reserve(list.count);
    for (NodeId item = list.first; item != kNoNode; item = ctx_.doc.nodes[item].next) {
      out.push_back(item);
    }
  } else if (list.type != NodeType::Null) {
    ctx_.report(rule::kWrongType, list.loc,
                fmt::format("{} must be a list of {}, not {}", field_name(key), items_name,
                            describe_node(list)),
                std::string(hint));
  }
  return out;
}

void MapReader::require(std::string_view key, bool present) {
  if (present || !is_map_) return;
  // A value that is written but unreadable was reported already, where it is written.
  for (const Entry& e : entries_) {
    if (e.key != key) continue;
    const yaml::Node& v = ctx_.node(e.value);
    if (v.type == NodeType::Sequence && v.count == 0) {
      ctx_.report(rule::kMissingField, v.loc, fmt::format("'{}' of {} is empty", key, what_));
      return;
    }
    if (v.type != NodeType::Null) return;
  }
  SourceLoc where = key_loc(key);
  ctx_.report(rule::kMissingField, where.line ? where : loc_,
              where.line ? fmt::format("'{}' of {} has no value", key, what_)
                         : fmt::format("{} has no '{}'", what_, key));
}

void MapReader::finish() {
  for (const Entry& e : entries_) {
    if (e.used) continue;
    // A second entry for a known key is a duplicate key, reported as such by the parser.
    if (std::find(known_.begin(), known_.end(), e.key) != known_.end()) continue;
    const yaml::Node& k = ctx_.doc.nodes[e.key_node];
    ctx_.report(rule::kUnknownField, k.loc,
                fmt::format("unknown field '{}' in {}{}", excerpt(e.key), what_,
                            did_you_mean_suffix(e.key, known_, ctx_.suggestions)));
  }
}

}  // namespace opsflow::detail
