// The fields of every document's metadata, and of Roles, Goals and Metrics.
#include <fmt/format.h>

#include <cmath>

#include "decode.hpp"
#include "field_def.hpp"
#include "opsflow/base/text.hpp"

namespace opsflow::detail {

using yaml::kNoNode;
using yaml::NodeId;
using yaml::NodeType;

// --- metadata -------------------------------------------------------------------------------

const std::vector<FieldDef<VersionChange>>& change_fields() {
  static const std::vector<FieldDef<VersionChange>> fields = {
      field<kText, &VersionChange::version>(
          {.name = "version", .required = true, .description = "The SOP version it describes"}),
      field<kDate, &VersionChange::date>(
          {.name = "date", .description = "When that version came into force"}),
      field<kText, &VersionChange::summary>(
          {.name = "summary", .required = true, .description = "What changed, in a sentence"}),
  };
  return fields;
}

namespace {

void read_changes(MapReader& m, const FieldInfo& f, Document& doc) {
  read_entries<VersionChange>(
      m, f, "version change",
      "write changes: [{version: 3, date: 2026-09-15, summary: \"Rollback before hotfix\"}]",
      change_fields(), [](const VersionChange&) { return true; }, doc.meta.changes);
}

void read_labels(MapReader& m, const FieldInfo& f, Document& doc) {
  NodeId labels = m.get(f.name);
  if (labels == kNoNode) return;
  DecodeContext& ctx = m.context();
  MapReader l(ctx, labels, "labels");
  for (auto& entry : l.entries()) {
    Text key;
    key.value = std::string(entry.key);
    key.loc = ctx.doc.nodes[entry.key_node].loc;
    key.present = true;
    entry.used = true;
    doc.meta.labels.emplace_back(
        std::move(key), read_text(ctx, entry.value, fmt::format("label '{}'", excerpt(entry.key))));
  }
}

}  // namespace

const std::vector<FieldDef<Document>>& metadata_fields() {
  static const std::vector<FieldDef<Document>> fields = {
      custom<Document>(
          {.name = "id",
           .type = kId,
           .required = true,
           .description = "[a-z0-9][a-z0-9-]*, at most 100 characters, unique per kind"},
          [](MapReader& m, const FieldInfo& f, Document& doc) {
            m.id(f.name, doc.meta.id);
            if (doc.meta.id) m.set_what(fmt::format("the metadata of {}", describe(doc)));
          },
          [](const Document& doc) { return doc.meta.id.present; }),
      custom<Document>(
          {.name = "name", .type = kText, .description = "Any UTF-8 text"},
          [](MapReader& m, const FieldInfo& f, Document& d) { m.text(f.name, d.meta.name); }),
      custom<Document>({.name = "description", .type = kText, .description = "A paragraph"},
                       [](MapReader& m, const FieldInfo& f, Document& d) {
                         m.text(f.name, d.meta.description);
                       }),
      custom<Document>(
          {.name = "owner", .type = kText, .description = "The Role accountable for it"},
          [](MapReader& m, const FieldInfo& f, Document& d) { m.text(f.name, d.meta.owner); }),
      custom<Document>(
          {.name = "version",
           .type = kText,
           .description = "The SOP version, shown in SOPs; training records name it"},
          [](MapReader& m, const FieldInfo& f, Document& d) { m.text(f.name, d.meta.version); }),
      custom<Document>({.name = "changes",
                        .type = FieldType::List,
                        .description = "What changed in each SOP version: [{version, date, "
                                       "summary}]",
                        .shape = Shape::Change},
                       read_changes),
      custom<Document>(
          {.name = "reviewed",
           .type = kDate,
           .description = "When it was last reviewed (rule review-overdue)"},
          [](MapReader& m, const FieldInfo& f, Document& d) { m.date(f.name, d.meta.reviewed); }),
      custom<Document>(
          {.name = "ignore",
           .type = kTextList,
           .description = "Rule ids not reported for this document (reviewed exceptions)"},
          [](MapReader& m, const FieldInfo& f, Document& d) {
            m.text_list(f.name, d.meta.ignore);
          }),
      custom<Document>(
          {.name = "labels", .type = FieldType::Map, .description = "Free key: value pairs"},
          read_labels),
  };
  return fields;
}

// --- Role -----------------------------------------------------------------------------------

const std::vector<FieldDef<TrainingRecord>>& training_fields() {
  static const std::vector<FieldDef<TrainingRecord>> fields = {
      field<kText, &TrainingRecord::process>(
          {.name = "process", .required = true, .description = "The process whose SOP it is"}),
      field<kText, &TrainingRecord::version>(
          {.name = "version",
           .description = "The SOP version trained on (the process's metadata.version; none for "
                          "a process without one)"}),
      field<kDate, &TrainingRecord::date>(
          {.name = "date", .required = true, .description = "When the training was done"}),
  };
  return fields;
}

namespace {

void read_trained(MapReader& m, const FieldInfo& f, Member& member) {
  // `trained:` with nothing after it records nothing, like a member without the key; `trained: []`
  // records that they are trained on nothing yet.
  yaml::NodeId node = m.get(f.name);
  member.training_recorded = node != yaml::kNoNode && m.context().node(node).type != NodeType::Null;
  read_entries<TrainingRecord>(
      m, f, "training record",
      "write trained: [{process: incident-response, version: 3, date: 2026-10-02}]",
      training_fields(), [](const TrainingRecord&) { return true; }, member.trained);
}

}  // namespace

const std::vector<FieldDef<Member>>& member_fields() {
  static const std::vector<FieldDef<Member>> fields = {
      custom<Member>(
          {.name = "name", .type = kText, .required = true, .description = "The person's name"},
          [](MapReader& m, const FieldInfo& f, Member& member) {
            m.text(f.name, member.name);
            if (member.name) m.set_what(fmt::format("member '{}'", excerpt(member.name.value)));
          },
          [](const Member& member) { return member.name.present; }),
      field<kTextList, &Member::skills>(
          {.name = "skills", .description = "Skills this person has, besides the role's"}),
      custom<Member>({.name = "trained",
                      .type = FieldType::List,
                      .description = "The SOPs this person is trained on: [{process, version, "
                                     "date}]",
                      .shape = Shape::Training},
                     read_trained),
  };
  return fields;
}

namespace {

void read_members(MapReader& s, const FieldInfo& f, Role& role) {
  DecodeContext& ctx = s.context();
  for (NodeId item :
       s.items(f.name, "names",
               "write members: [alice, bob] or members: [{name: alice, skills: [sql]}]")) {
    Member member;
    if (ctx.node(item).type == NodeType::Map) {
      MapReader m(ctx, item, "a member");
      decode_fields(m, member_fields(), member);
      m.finish();
    } else {
      member.name = read_text(ctx, item, "a member");
    }
    if (member.name) role.members.push_back(std::move(member));
  }
}

}  // namespace

const std::vector<FieldDef<Role>>& role_fields() {
  static const std::vector<FieldDef<Role>> fields = {
      custom<Role>({.name = "members",
                    .type = FieldType::List,
                    .description = "Named people: names, or {name, skills}",
                    .shape = Shape::Member},
                   read_members),
      custom<Role>({.name = "headcount",
                    .type = kNumber,
                    .description = "How many people, when they are not named (a whole number)",
                    .min = 0,
                    .max = kMaxHeadcount},
                   [](MapReader& s, const FieldInfo& f, Role& role) {
                     // The upper limit is checked by check_role, which says why it exists.
                     s.number(f.name, role.headcount, f.min);
                   }),
      field<kCapacity, &Role::capacity>({.name = "capacity",
                                         .default_value = "32h/week",
                                         .description = "Process time each member has"}),
      field<kTextList, &Role::skills>({.name = "skills", .description = "Skills every member has"}),
      field<kTextList, &Role::responsibilities>(
          {.name = "responsibilities",
           .description = "What the role is for, shown in its handbook"}),
      field<kText, &Role::reports_to>({.name = "reportsTo", .description = "Another Role"}),
      field<kText, &Role::backup>(
          {.name = "backup", .description = "The Role that covers when nobody in this one can"}),
  };
  return fields;
}

void check_role(MapReader& s, Role& role) {
  DecodeContext& ctx = s.context();
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
  if (!role.members.empty() && role.headcount) {
    ctx.report(rule::kWrongType, role.headcount.loc,
               fmt::format("{} has both 'members' and 'headcount'; give one", s.what()),
               "headcount is for roles whose members are not named");
  }
}

// --- Goal and Metric ------------------------------------------------------------------------

const std::vector<FieldDef<Goal>>& period_fields() {
  static const std::vector<FieldDef<Goal>> fields = {
      field<kDate, &Goal::period_start>(
          {.name = "start", .required = true, .description = "First day"}),
      field<kDate, &Goal::period_end>(
          {.name = "end",
           .required = true,
           .description = "Last day (a date alone is included; a time is an instant)"}),
  };
  return fields;
}

namespace {

void read_period(MapReader& s, const FieldInfo& f, Goal& goal) {
  std::optional<SourceLoc> at =
      read_mapping(s, f, period_fields(), fmt::format("the period of {}", s.what()), goal);
  if (!at) return;
  DecodeContext& ctx = s.context();
  goal.period_loc = *at;
  goal.has_period = goal.period_start && goal.period_end;
  // An end date alone is inclusive (start = end is a one-day period); an end with a time is an
  // instant, which must come after the start.
  const DateTime& start = goal.period_start.value;
  const DateTime& end = goal.period_end.value;
  bool ends_before = end.seconds < start.seconds || (end.seconds == start.seconds && end.has_time);
  if (goal.has_period && ends_before) {
    auto shown = [](const DateTime& d) {
      return d.has_time ? format_utc(d.seconds) : format_date(d.days);
    };
    ctx.report(rule::kInvalidDate, goal.period_end.loc,
               fmt::format("the period of {} ends ({}) {} it starts ({})", s.what(), shown(end),
                           end.seconds == start.seconds ? "when" : "before", shown(start)));
    goal.has_period = false;
  }
}

}  // namespace

const std::vector<FieldDef<KeyResult>>& key_result_fields() {
  static const std::vector<FieldDef<KeyResult>> fields = {
      field<kText, &KeyResult::metric>(
          {.name = "metric", .required = true, .description = "The Metric it is measured by"}),
      field<kQuantity, &KeyResult::baseline>(
          {.name = "baseline", .description = "Where the metric stood when the goal was set"}),
      field<kQuantity, &KeyResult::target>(
          {.name = "target", .description = "Where it should be by the end of the period"}),
  };
  return fields;
}

namespace {

void read_key_results(MapReader& s, const FieldInfo& f, Goal& goal) {
  DecodeContext& ctx = s.context();
  for (NodeId item : s.items(f.name, "key results",
                             "write keyResults: [{metric: mttr, baseline: 4h, target: 1h}]")) {
    KeyResult kr;
    MapReader k(ctx, item, fmt::format("a key result of {}", s.what()));
    kr.loc = k.loc();
    decode_fields(k, key_result_fields(), kr);
    if (kr.baseline && kr.target && kr.baseline.value.is_duration != kr.target.value.is_duration) {
      ctx.report(rule::kInvalidValue, kr.target.loc,
                 fmt::format("the target of {} is {} but its baseline is {}", k.what(),
                             kr.target.value.is_duration ? "a duration" : "a number",
                             kr.baseline.value.is_duration ? "a duration" : "a number"),
                 "write both in the metric's unit, e.g. baseline: 4h, target: 1h");
    }
    k.finish();
    goal.key_results.push_back(std::move(kr));
  }
}

}  // namespace

const std::vector<FieldDef<Goal>>& goal_fields() {
  static const std::vector<FieldDef<Goal>> fields = {
      field<kText, &Goal::objective>(
          {.name = "objective", .required = true, .description = "What the team wants to achieve"}),
      custom<Goal>({.name = "period",
                    .type = FieldType::Mapping,
                    .description = "When: {start, end}",
                    .shape = Shape::Period},
                   read_period),
      field<kText, &Goal::parent>({.name = "parent", .description = "The Goal this one serves"}),
      custom<Goal>({.name = "keyResults",
                    .type = FieldType::List,
                    .description = "How it is measured: [{metric, baseline, target}]",
                    .shape = Shape::KeyResult},
                   read_key_results),
  };
  return fields;
}

const std::vector<FieldDef<Metric>>& metric_fields() {
  static const std::vector<FieldDef<Metric>> fields = {
      field<kText, &Metric::unit>(
          {.name = "unit",
           .required = true,
           .description = "hours, minutes, percent, count, currency or any other"}),
      field<kChoice, &Metric::direction>(
          {.name = "direction", .required = true, .description = "Which way is better"}),
      field<kChoice, &Metric::aggregation>(
          {.name = "aggregation",
           .default_value = "mean",
           .description = "How a period's measurements make its value"}),
      field<kText, &Metric::data>(
          {.name = "data", .description = "Its measurement CSV, relative to the Config's folder"}),
      custom<Metric>({.name = "span",
                      .type = FieldType::Mapping,
                      .description = "The stretch of a process it measures: {process, from, to}",
                      .shape = Shape::Span},
                     [](MapReader& s, const FieldInfo& f, Metric& m) {
                       std::optional<SourceLoc> at =
                           read_mapping(s, f, span_fields(),
                                        fmt::format("the span of {}", s.what()), m.process_span);
                       if (!at) return;
                       m.process_span.loc = *at;
                       m.process_span.present =
                           m.process_span.process && m.process_span.from && m.process_span.to;
                     }),
  };
  return fields;
}

const std::vector<FieldDef<Span>>& span_fields() {
  static const std::vector<FieldDef<Span>> fields = {
      field<kText, &Span::process>(
          {.name = "process", .required = true, .description = "The Process it measures"}),
      field<kText, &Span::from>({.name = "from",
                                 .required = true,
                                 .description = "The step whose start begins the stretch"}),
      field<kText, &Span::to>(
          {.name = "to", .required = true, .description = "The step whose end ends it"}),
  };
  return fields;
}

}  // namespace opsflow::detail
