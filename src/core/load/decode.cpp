#include "decode.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "map_reader.hpp"
#include "opsflow/base/text.hpp"

namespace opsflow::detail {
namespace {

using yaml::kNoNode;
using yaml::NodeId;
using yaml::NodeType;

constexpr std::string_view kApiVersion = "opsflow/v1";

std::string lowercase(std::string_view text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return lower;
}

// Whether a document that is not exactly opsflow/v1 is still meant to be ours (and so an error
// rather than another tool's YAML): any apiVersion naming opsflow, or an opsflow kind whose
// apiVersion is missing or a near-miss of ours. A Kubernetes Role or a kubeconfig is not ours.
bool meant_to_be_ours(std::string_view api_version, bool opsflow_kind) {
  std::string lower = lowercase(api_version);
  if (lower.starts_with("opsflow")) return true;
  if (!opsflow_kind) return false;
  return api_version.empty() || edit_distance(lower, kApiVersion) <= 2;
}

std::string scalar_of(DecodeContext& ctx, NodeId id) {
  if (id == kNoNode) return {};
  const yaml::Node& n = ctx.node(id);
  return n.type == NodeType::Scalar ? n.value : std::string();
}

void decode_metadata(DecodeContext& ctx, NodeId id, Document& doc) {
  MapReader m(ctx, id, fmt::format("the metadata of this {}", kind_noun(doc.kind)));
  m.id("id", doc.meta.id);
  if (doc.meta.id) m.set_what(fmt::format("the metadata of {}", describe(doc)));
  m.text("name", doc.meta.name);
  m.text("description", doc.meta.description);
  m.text("owner", doc.meta.owner);
  m.text("version", doc.meta.version);
  m.date("reviewed", doc.meta.reviewed);
  m.text_list("ignore", doc.meta.ignore);
  NodeId labels = m.get("labels");
  if (labels != kNoNode) {
    MapReader l(ctx, labels, "labels");
    for (auto& entry : l.entries()) {
      Text key;
      key.value = std::string(entry.key);
      key.loc = ctx.doc.nodes[entry.key_node].loc;
      key.present = true;
      entry.used = true;
      doc.meta.labels.emplace_back(
          std::move(key), read_text(ctx, entry.value, fmt::format("label '{}'", entry.key)));
    }
  }
  m.require("id", doc.meta.id.present);
  m.finish();
}

void decode_role(DecodeContext& ctx, MapReader& s, Role& role) {
  for (NodeId item :
       s.items("members", "names",
               "write members: [alice, bob] or members: [{name: alice, skills: [sql]}]")) {
    Member member;
    if (ctx.node(item).type == NodeType::Map) {
      MapReader m(ctx, item, "a member");
      m.text("name", member.name);
      if (member.name) m.set_what(fmt::format("member '{}'", member.name.value));
      m.text_list("skills", member.skills);
      m.require("name", member.name.present);
      m.finish();
    } else {
      member.name = read_text(ctx, item, "a member");
    }
    if (member.name) role.members.push_back(std::move(member));
  }
  s.number("headcount", role.headcount, 0);
  s.capacity("capacity", role.capacity);
  if (role.headcount && role.headcount.value != std::floor(role.headcount.value)) {
    ctx.report(rule::kInvalidValue, role.headcount.loc,
               fmt::format("'headcount' of {} must be a whole number of people, not {:g}", s.what(),
                           role.headcount.value));
    role.headcount.present = false;
    role.headcount.value = 0;
  } else if (role.headcount && role.headcount.value > kMaxHeadcount) {
    // Surely a typo; and the queueing model's cost grows with the number of people.
    ctx.report(rule::kInvalidValue, role.headcount.loc,
               fmt::format("'headcount' of {} is {:.0f}; a role can have at most {} people",
                           s.what(), role.headcount.value, kMaxHeadcount),
               "split the role, or check the number for a typo");
    role.headcount.present = false;
    role.headcount.value = 0;
  }
  s.text_list("skills", role.skills);
  s.text_list("responsibilities", role.responsibilities);
  s.text("reportsTo", role.reports_to);
  s.text("backup", role.backup);
  if (!role.members.empty() && role.headcount) {
    ctx.report(rule::kWrongType, role.headcount.loc,
               fmt::format("{} has both 'members' and 'headcount'; give one", s.what()),
               "headcount is for roles whose members are not named");
  }
}

void decode_step(DecodeContext& ctx, NodeId id, Step& step) {
  MapReader s(ctx, id, fmt::format("the step at line {}", ctx.doc.nodes[id].loc.line));
  // A step written as an alias (- *base) is placed where the alias is, not at its anchor.
  const yaml::Node& written = ctx.doc.nodes[id];
  step.loc = written.loc;
  step.span = {written.loc.line, written.last_line};
  s.id("id", step.id);
  if (step.id) s.set_what(fmt::format("step '{}'", step.id.value));
  s.text("name", step.name);
  s.enumeration("type", step.type);
  s.text("role", step.role);
  s.text("accountable", step.accountable);
  s.text_list("consulted", step.consulted);
  s.text_list("informed", step.informed);
  NodeId after = s.get("after");
  if (after != kNoNode) {
    step.after.value = read_text_list(ctx, after, fmt::format("'after' of {}", s.what()));
    step.after.loc = ctx.node(after).loc;
    step.after.present = ctx.node(after).type == NodeType::Sequence;
  }
  s.estimate("duration", step.duration);
  s.duration("wait", step.wait);
  s.enumeration("value", step.value);
  s.probability("probability", step.probability);
  NodeId rework = s.get("rework");
  if (rework != kNoNode) {
    MapReader r(ctx, rework, fmt::format("the rework of {}", s.what()));
    r.text("to", step.rework.to);
    r.probability("probability", step.rework.probability);
    r.require("to", step.rework.to.present);
    r.require("probability", step.rework.probability.present);
    r.finish();
    step.rework.loc = r.loc();
    step.rework.present = step.rework.to.present && step.rework.probability.present;
    if (step.rework.probability && step.rework.probability.value >= 1) {
      ctx.report(rule::kInvalidProbability, step.rework.probability.loc,
                 fmt::format("the rework probability of {} must be below 1, or the loop never ends",
                             s.what()));
      step.rework.present = false;
    }
  }
  s.text_list("skills", step.skills);
  s.text("activity", step.activity);
  s.text_list("tools", step.tools);
  s.text_list("inputs", step.inputs);
  s.text_list("outputs", step.outputs);
  s.text("instructions", step.instructions);
  s.text_list("checklist", step.checklist);
  s.text_list("cautions", step.cautions);
  s.duration("sla", step.sla);
  s.text_list("ignore", step.ignore);
  s.require("id", step.id.present);
  s.require("duration", step.duration.present);
  s.finish();
}

void decode_process(DecodeContext& ctx, MapReader& s, Process& process) {
  s.text("purpose", process.purpose);
  s.text("scope", process.scope);
  s.text("trigger", process.trigger);
  s.rate("frequency", process.frequency);
  s.text_list("goals", process.goals);
  s.text_list("metrics", process.metrics);
  std::vector<NodeId> steps = s.items("steps", "steps");
  process.steps.resize(steps.size());
  for (std::size_t i = 0; i < steps.size(); ++i) decode_step(ctx, steps[i], process.steps[i]);
  s.require("steps", !process.steps.empty());
  process.graph = build_step_graph(process);
}

void decode_goal(DecodeContext& ctx, MapReader& s, Goal& goal) {
  s.text("objective", goal.objective);
  NodeId period = s.get("period");
  if (period != kNoNode) {
    MapReader p(ctx, period, fmt::format("the period of {}", s.what()));
    p.date("start", goal.period_start);
    p.date("end", goal.period_end);
    p.require("start", goal.period_start.present);
    p.require("end", goal.period_end.present);
    p.finish();
    goal.period_loc = p.loc();
    goal.has_period = goal.period_start && goal.period_end;
    // An end date alone is inclusive (start = end is a one-day period); an end with a time is
    // an instant, which must come after the start.
    const DateTime& start = goal.period_start.value;
    const DateTime& end = goal.period_end.value;
    bool ends_before =
        end.seconds < start.seconds || (end.seconds == start.seconds && end.has_time);
    if (goal.has_period && ends_before) {
      auto shown = [](const DateTime& d) {
        if (!d.has_time) return format_date(d.days);
        std::int64_t day = d.seconds >= 0 ? d.seconds / 86400 : (d.seconds - 86399) / 86400;
        std::int64_t second = d.seconds - day * 86400;  // of the UTC day
        return fmt::format("{}T{:02}:{:02}:{:02}Z", format_date(day), second / 3600,
                           second % 3600 / 60, second % 60);
      };
      ctx.report(rule::kInvalidDate, goal.period_end.loc,
                 fmt::format("the period of {} ends ({}) {} it starts ({})", s.what(), shown(end),
                             end.seconds == start.seconds ? "when" : "before", shown(start)));
      goal.has_period = false;
    }
  }
  s.text("parent", goal.parent);
  for (NodeId item : s.items("keyResults", "key results",
                             "write keyResults: [{metric: mttr, baseline: 4h, target: 1h}]")) {
    KeyResult kr;
    MapReader k(ctx, item, fmt::format("a key result of {}", s.what()));
    kr.loc = k.loc();
    k.text("metric", kr.metric);
    k.quantity("baseline", kr.baseline);
    k.quantity("target", kr.target);
    if (kr.baseline && kr.target && kr.baseline.value.is_duration != kr.target.value.is_duration) {
      ctx.report(rule::kInvalidValue, kr.target.loc,
                 fmt::format("the target of {} is {} but its baseline is {}", k.what(),
                             kr.target.value.is_duration ? "a duration" : "a number",
                             kr.baseline.value.is_duration ? "a duration" : "a number"),
                 "write both in the metric's unit, e.g. baseline: 4h, target: 1h");
    }
    k.require("metric", kr.metric.present);
    k.finish();
    goal.key_results.push_back(std::move(kr));
  }
  s.require("objective", goal.objective.present);
}

void decode_metric(MapReader& s, Metric& metric) {
  s.text("unit", metric.unit);
  s.enumeration("direction", metric.direction);
  s.enumeration("aggregation", metric.aggregation);
  s.text("data", metric.data);
  s.require("unit", metric.unit.present);
  s.require("direction", metric.direction.present);
}

std::vector<RuleSetting> read_rule_settings(DecodeContext& ctx, NodeId id, std::string what) {
  std::vector<RuleSetting> out;
  MapReader r(ctx, id, std::move(what));
  for (auto& entry : r.entries()) {
    RuleSetting setting;
    setting.rule.value = std::string(entry.key);
    setting.rule.loc = ctx.doc.nodes[entry.key_node].loc;
    setting.rule.present = true;
    r.severity(entry.key, setting.severity);
    if (setting.severity) out.push_back(std::move(setting));
  }
  return out;
}

void decode_config(DecodeContext& ctx, MapReader& s, Config& config) {
  s.text_list("paths", config.paths);
  s.text_list("exclude", config.exclude);
  s.text("data", config.data);
  NodeId rules = s.get("rules");
  if (rules != kNoNode) config.rules = read_rule_settings(ctx, rules, "rules");
  for (NodeId item : s.items("overrides", "{files, rules}")) {
    PathOverride o;
    MapReader r(ctx, item, "an override");
    o.loc = r.loc();
    r.text_list("files", o.files);
    NodeId settings = r.get("rules");
    if (settings != kNoNode) o.rules = read_rule_settings(ctx, settings, "the override's rules");
    r.require("files", !o.files.empty());
    r.require("rules", settings != kNoNode);
    r.finish();
    config.overrides.push_back(std::move(o));
  }
  NodeId thresholds = s.get("thresholds");
  if (thresholds != kNoNode) {
    MapReader t(ctx, thresholds, "thresholds");
    // Shares are of 100%; at 0 every role or wait would be flagged, with advice that cannot be
    // followed.
    t.number("utilization-warn", config.thresholds.utilization_warn, 0.01, 1);
    t.number("wait-share", config.thresholds.wait_share, 0.01, 1);
    t.number("handoffs", config.thresholds.handoffs, 0);
    t.number("review-days", config.thresholds.review_days, 1);
    t.finish();
  }
  NodeId render = s.get("render");
  if (render != kNoNode) {
    MapReader r(ctx, render, "render settings");
    r.text("out", config.render.out);
    r.text("lang", config.render.lang);
    r.finish();
    if (config.render.lang && !parse_enum<Lang>(config.render.lang.value)) {
      ctx.report(rule::kInvalidValue, config.render.lang.loc,
                 fmt::format("render language '{}' is not supported", config.render.lang.value),
                 fmt::format("choose one of: {}", enum_list<Lang>(", ")));
    }
  }
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
                     Model& model, std::vector<Diagnostic>& diagnostics) {
  DecodeContext ctx{ydoc, path, diagnostics};
  const yaml::Node& root = ydoc.at(ydoc.root);
  if (root.type == NodeType::Sequence) {
    // A list of opsflow documents would otherwise be skipped as someone else's YAML.
    for (NodeId item = root.first; item != kNoNode; item = ydoc.nodes[item].next) {
      const yaml::Node& map = ydoc.at(item);
      if (map.type != NodeType::Map) continue;
      for (NodeId key = map.first; key != kNoNode;) {
        NodeId value = ydoc.nodes[key].next;
        if (ydoc.at(key).value == "apiVersion" &&
            lowercase(scalar_of(ctx, value)).starts_with("opsflow")) {
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
  if (!ours_by_version) {
    if (!meant_to_be_ours(api_version, kind.has_value())) return false;
    std::string hint = fmt::format("write apiVersion: {}", kApiVersion);
    if (api_version.empty()) {
      ctx.report(rule::kBadApiVersion, root.loc,
                 fmt::format("{} document has no apiVersion, so it would be ignored", kind_text),
                 hint);
    } else {
      ctx.report(rule::kBadApiVersion, api_loc,
                 fmt::format("apiVersion '{}' is not supported", api_version), hint);
    }
    return true;
  }
  if (!kind) {
    if (kind_text.empty()) {
      ctx.report(rule::kMissingField, root.loc, "opsflow document has no 'kind'",
                 fmt::format("one of: {}", enum_list<Kind>(", ")));
    } else {
      ctx.report(rule::kUnknownKind, kind_loc,
                 fmt::format("unknown kind '{}'{}", kind_text,
                             did_you_mean_suffix(kind_text, enum_names<Kind>())),
                 fmt::format("one of: {}", enum_list<Kind>(", ")));
    }
    return true;
  }

  MapReader top(ctx, ydoc.root, fmt::format("this {}", kind_noun(*kind)));
  top.get("apiVersion");
  top.get("kind");
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
  }
  NodeId metadata = top.get("metadata");
  if (metadata != kNoNode) decode_metadata(ctx, metadata, *doc);
  top.require("metadata", metadata != kNoNode);
  std::string what = doc->meta.id ? describe(*doc) : fmt::format("this {}", kind_noun(*kind));
  top.set_what(what);
  NodeId spec = top.get("spec");
  MapReader s(ctx, spec, what);
  switch (*kind) {
    case Kind::Role:
      decode_role(ctx, s, model.roles.back());
      break;
    case Kind::Process:
      decode_process(ctx, s, model.processes.back());
      break;
    case Kind::Goal:
      decode_goal(ctx, s, model.goals.back());
      break;
    case Kind::Metric:
      decode_metric(s, model.metrics.back());
      break;
    case Kind::Config:
      decode_config(ctx, s, model.configs.back());
      break;
  }
  if (spec != kNoNode) s.finish();
  if (*kind != Kind::Role && *kind != Kind::Config) top.require("spec", spec != kNoNode);
  top.finish();
  return true;
}

}  // namespace opsflow::detail
