#include "decode.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "map_reader.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/load/fields.hpp"

namespace opsflow::detail {
namespace {

using yaml::kNoNode;
using yaml::NodeId;
using yaml::NodeType;

// Whether a document that is not exactly opsflow/v1 is still meant to be ours (and so an error
// rather than another tool's YAML): any apiVersion naming opsflow, or an opsflow kind whose
// apiVersion is missing or a near-miss of ours. A Kubernetes Role or a kubeconfig is not ours.
bool meant_to_be_ours(std::string_view api_version, bool opsflow_kind) {
  std::string lower = ascii_lowercase(api_version);
  if (lower.starts_with("opsflow")) return true;
  if (!opsflow_kind) return false;
  return api_version.empty() || edit_distance(lower, kApiVersion) <= 2;
}

std::string scalar_of(DecodeContext& ctx, NodeId id) {
  if (id == kNoNode) return {};
  const yaml::Node& n = ctx.node(id);
  return n.type == NodeType::Scalar ? n.value : std::string();
}

template <class T>
T& start(std::vector<T>& list, Kind kind, std::uint32_t file, SourceLoc loc, LineSpan span) {
  T& doc = list.emplace_back();
  doc.kind = kind;
  doc.file = file;
  doc.loc = loc;
  doc.span = span;
  return doc;
}

}  // namespace

bool decode_document(const yaml::Document& ydoc, const std::string& path, std::uint32_t file_index,
                     Model& model, std::vector<Diagnostic>& diagnostics,
                     SuggestionBudget& suggestions) {
  DecodeContext ctx{ydoc, path, diagnostics, &suggestions};
  const yaml::Node& root = ydoc.at(ydoc.root);
  if (root.type == NodeType::Sequence) {
    // A list of opsflow documents would otherwise be skipped as someone else's YAML.
    for (NodeId item = root.first; item != kNoNode; item = ydoc.nodes[item].next) {
      const yaml::Node& map = ydoc.at(item);
      if (map.type != NodeType::Map) continue;
      for (NodeId key = map.first; key != kNoNode;) {
        NodeId value = ydoc.nodes[key].next;
        if (ydoc.at(key).value == "apiVersion" &&
            ascii_lowercase(scalar_of(ctx, value)).starts_with("opsflow")) {
          ctx.report(rule::kWrongType, root.loc,
                     "opsflow documents must be separate YAML documents, not items of a list",
                     "separate the documents with a line holding only ---");
          return true;
        }
        key = value == kNoNode ? kNoNode : ydoc.nodes[value].next;
      }
    }
  }
  if (root.type != NodeType::Map) return false;

  // Peek at apiVersion and kind before deciding whether this document is ours.
  // Read as MapReader reads (first key wins, merge keys count) but quietly: it may be another
  // tool's YAML, whose shape is none of our business.
  std::vector<Diagnostic> ignored;
  DecodeContext quiet{ydoc, path, ignored};
  MapReader peek(quiet, ydoc.root, "");
  NodeId api_node = peek.get("apiVersion"), kind_node = peek.get("kind");
  std::string api_version = scalar_of(ctx, api_node), kind_text = scalar_of(ctx, kind_node);
  SourceLoc api_loc = ydoc.at(api_node).loc, kind_loc = ydoc.at(kind_node).loc;
  std::optional<Kind> kind = parse_enum<Kind>(kind_text);
  bool ours_by_version = api_version == kApiVersion;
  // A document of ours that is not read hides what it defines (SPEC §3).
  auto hide = [&](Rule rule, SourceLoc loc) {
    MapReader meta(quiet, peek.get("metadata"), "");
    // The kind meant: as written, or the one a typo is closest to ("role" is a Role).
    std::optional<Kind> meant = kind;
    if (!meant && !kind_text.empty())
      meant = parse_enum<Kind>(did_you_mean(kind_text, enum_names<Kind>()));
    model.hidden.push_back({file_index, loc, rule, scalar_of(quiet, meta.get("id")), meant});
  };
  if (!ours_by_version) {
    if (!meant_to_be_ours(api_version, kind.has_value())) return false;
    std::string hint = fmt::format("write apiVersion: {}", kApiVersion);
    if (api_version.empty()) {
      ctx.report(rule::kBadApiVersion, root.loc,
                 fmt::format("{} document has no apiVersion, so it would be ignored", kind_text),
                 hint);
      hide(rule::kBadApiVersion, root.loc);
    } else {
      ctx.report(rule::kBadApiVersion, api_loc,
                 fmt::format("apiVersion '{}' is not supported", excerpt(api_version)), hint);
      hide(rule::kBadApiVersion, api_loc);
    }
    return true;
  }
  if (!kind) {
    if (kind_text.empty()) {
      ctx.report(rule::kMissingField, root.loc, "opsflow document has no 'kind'",
                 fmt::format("one of: {}", enum_list<Kind>(", ")));
      hide(rule::kMissingField, root.loc);
    } else {
      ctx.report(rule::kUnknownKind, kind_loc,
                 fmt::format("unknown kind '{}'{}", excerpt(kind_text),
                             did_you_mean_suffix(kind_text, enum_names<Kind>(), &suggestions)),
                 fmt::format("one of: {}", enum_list<Kind>(", ")));
      hide(rule::kUnknownKind, kind_loc);
    }
    return true;
  }

  MapReader top(ctx, ydoc.root, fmt::format("this {}", kind_noun(*kind)));
  for (const FieldInfo& f : fields_of(Shape::Document)) top.get(f.name);
  LineSpan span{root.loc.line, root.last_line};
  Document* doc = nullptr;
  switch (*kind) {
    case Kind::Role:
      doc = &start(model.roles, *kind, file_index, root.loc, span);
      break;
    case Kind::Process:
      doc = &start(model.processes, *kind, file_index, root.loc, span);
      break;
    case Kind::Goal:
      doc = &start(model.goals, *kind, file_index, root.loc, span);
      break;
    case Kind::Metric:
      doc = &start(model.metrics, *kind, file_index, root.loc, span);
      break;
    case Kind::Config:
      doc = &start(model.configs, *kind, file_index, root.loc, span);
      break;
    case Kind::Observation:
      doc = &start(model.observations, *kind, file_index, root.loc, span);
      break;
  }
  NodeId metadata = top.get("metadata");
  if (metadata != kNoNode) decode_metadata(ctx, metadata, *doc);
  top.require("metadata", metadata != kNoNode);
  std::string what = doc->meta.id ? describe(*doc) : fmt::format("this {}", kind_noun(*kind));
  top.set_what(what);
  NodeId spec = top.get("spec");
  MapReader s(ctx, spec, what);
  decode_spec(s, *doc);
  if (spec != kNoNode) s.finish();
  if (*kind != Kind::Role && *kind != Kind::Config) top.require("spec", spec != kNoNode);
  top.finish();
  return true;
}

}  // namespace opsflow::detail
