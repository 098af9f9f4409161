// The file format as tables (SPEC §2): each mapping's fields, what they mean, and how each is read
// into the model. Decoding a mapping reads exactly the fields of its table, so the table is the
// format: a key that is not in it is an unknown field.
#include "opsflow/load/fields.hpp"

#include <fmt/format.h>

#include <cmath>

#include "decode.hpp"
#include "map_reader.hpp"

namespace opsflow {
namespace detail {
namespace {

using yaml::kNoNode;
using yaml::NodeId;
using yaml::NodeType;

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

template <class T>
std::vector<FieldInfo> infos(const std::vector<FieldDef<T>>& defs) {
  std::vector<FieldInfo> out;
  for (const FieldDef<T>& d : defs) out.push_back(d.info);
  return out;
}

constexpr auto kText = FieldType::String;
constexpr auto kTextList = FieldType::StringList;
constexpr auto kId = FieldType::Id;
constexpr auto kNumber = FieldType::Number;
constexpr auto kDuration = FieldType::Duration;
constexpr auto kProbability = FieldType::Probability;
constexpr auto kDate = FieldType::Date;
constexpr auto kRate = FieldType::Rate;
constexpr auto kCapacity = FieldType::Capacity;
constexpr auto kQuantity = FieldType::Quantity;
constexpr auto kChoice = FieldType::Choice;

// --- metadata -------------------------------------------------------------------------------

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
    doc.meta.labels.emplace_back(std::move(key),
                                 read_text(ctx, entry.value, fmt::format("label '{}'", entry.key)));
  }
}

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
      custom<Document>({.name = "name", .type = kText, .description = "Any UTF-8 text"},
                       [](MapReader& m, const FieldInfo& f, Document& d) {
                         m.text(f.name, d.meta.name);
                       }),
      custom<Document>({.name = "description", .type = kText, .description = "A paragraph"},
                       [](MapReader& m, const FieldInfo& f, Document& d) {
                         m.text(f.name, d.meta.description);
                       }),
      custom<Document>(
          {.name = "owner", .type = kText, .description = "The Role accountable for it"},
          [](MapReader& m, const FieldInfo& f, Document& d) { m.text(f.name, d.meta.owner); }),
      custom<Document>(
          {.name = "version", .type = kText, .description = "The SOP version, shown in SOPs"},
          [](MapReader& m, const FieldInfo& f, Document& d) { m.text(f.name, d.meta.version); }),
      custom<Document>({.name = "reviewed",
                        .type = kDate,
                        .description = "When it was last reviewed (rule review-overdue)"},
                       [](MapReader& m, const FieldInfo& f, Document& d) {
                         m.date(f.name, d.meta.reviewed);
                       }),
      custom<Document>(
          {.name = "ignore",
           .type = kTextList,
           .description = "Rule ids not reported for this document (reviewed exceptions)"},
          [](MapReader& m, const FieldInfo& f, Document& d) { m.text_list(f.name, d.meta.ignore); }),
      custom<Document>(
          {.name = "labels", .type = FieldType::Map, .description = "Free key: value pairs"},
          read_labels),
  };
  return fields;
}

// --- Role -----------------------------------------------------------------------------------

const std::vector<FieldDef<Member>>& member_fields() {
  static const std::vector<FieldDef<Member>> fields = {
      custom<Member>(
          {.name = "name", .type = kText, .required = true, .description = "The person's name"},
          [](MapReader& m, const FieldInfo& f, Member& member) {
            m.text(f.name, member.name);
            if (member.name) m.set_what(fmt::format("member '{}'", member.name.value));
          },
          [](const Member& member) { return member.name.present; }),
      field<kTextList, &Member::skills>(
          {.name = "skills", .description = "Skills this person has, besides the role's"}),
  };
  return fields;
}

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
          {.name = "responsibilities", .description = "What the role is for, shown in its handbook"}),
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

// --- Process --------------------------------------------------------------------------------

// A three-point estimate as written.
struct ThreePoint {
  Field<double> min, likely, max;
};

const std::vector<FieldDef<ThreePoint>>& estimate_fields() {
  static const std::vector<FieldDef<ThreePoint>> fields = {
      field<kDuration, &ThreePoint::min>(
          {.name = "min", .required = true, .description = "The shortest it takes"}),
      field<kDuration, &ThreePoint::likely>(
          {.name = "likely", .required = true, .description = "What it usually takes"}),
      field<kDuration, &ThreePoint::max>(
          {.name = "max", .required = true, .description = "The longest it takes"}),
  };
  return fields;
}

void read_estimate(MapReader& s, const FieldInfo& f, Step& step) {
  NodeId value = s.get(f.name);
  if (value == kNoNode) return;
  DecodeContext& ctx = s.context();
  const yaml::Node& node = ctx.node(value);
  Field<Estimate>& out = step.duration;
  if (node.type != NodeType::Map) {
    Field<double> single;
    s.duration(f.name, single);
    if (single) {
      out.value = Estimate{single.value, single.value, single.value, false};
      out.loc = single.loc;
      out.present = true;
    }
    return;
  }
  MapReader three(ctx, value, fmt::format("the three-point '{}' of {}", f.name, s.what()));
  ThreePoint p;
  decode_fields(three, estimate_fields(), p);
  three.finish();
  if (!p.min || !p.likely || !p.max) return;
  if (!(p.min.value <= p.likely.value && p.likely.value <= p.max.value)) {
    ctx.report(rule::kInvalidDuration, node.loc,
               fmt::format("'{}' of {} needs min <= likely <= max, got {}, {}, {}", f.name,
                           s.what(), format_duration(p.min.value), format_duration(p.likely.value),
                           format_duration(p.max.value)));
    return;
  }
  out.value = Estimate{p.min.value, p.likely.value, p.max.value, true};
  out.loc = node.loc;
  out.present = true;
}

const std::vector<FieldDef<Rework>>& rework_fields() {
  static const std::vector<FieldDef<Rework>> fields = {
      field<kText, &Rework::to>({.name = "to",
                                 .required = true,
                                 .description = "The step the work goes back to: this one or one "
                                                "before it"}),
      field<kProbability, &Rework::probability>(
          {.name = "probability",
           .required = true,
           .description = "Share of the runs that go back (below 1)"}),
  };
  return fields;
}

void read_rework(MapReader& s, const FieldInfo& f, Step& step) {
  NodeId rework = s.get(f.name);
  if (rework == kNoNode) return;
  DecodeContext& ctx = s.context();
  MapReader r(ctx, rework, fmt::format("the rework of {}", s.what()));
  decode_fields(r, rework_fields(), step.rework);
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

const std::vector<FieldDef<Step>>& step_fields() {
  static const std::vector<FieldDef<Step>> fields = {
      custom<Step>({.name = "id",
                    .type = kId,
                    .required = true,
                    .description = "Unique within the process; same form as metadata.id"},
                   [](MapReader& s, const FieldInfo& f, Step& step) {
                     s.id(f.name, step.id);
                     if (step.id) s.set_what(fmt::format("step '{}'", step.id.value));
                   },
                   [](const Step& step) { return step.id.present; }),
      field<kText, &Step::name>({.name = "name", .description = "What the step is called in SOPs"}),
      field<kChoice, &Step::type>(
          {.name = "type", .default_value = "task", .description = "What kind of step it is"}),
      field<kText, &Step::role>(
          {.name = "role",
           .description = "The Responsible Role (required unless type: automated)"}),
      field<kText, &Step::accountable>(
          {.name = "accountable",
           .description = "The Accountable Role (default: the process owner)"}),
      field<kTextList, &Step::consulted>({.name = "consulted", .description = "Consulted Roles"}),
      field<kTextList, &Step::informed>({.name = "informed", .description = "Informed Roles"}),
      custom<Step>(
          {.name = "after",
           .type = kTextList,
           .description = "Steps it waits for; absent: the previous step; []: starts at once"},
          [](MapReader& s, const FieldInfo& f, Step& step) {
            NodeId after = s.get(f.name);
            if (after == kNoNode) return;
            DecodeContext& ctx = s.context();
            step.after.value =
                read_text_list(ctx, after, fmt::format("'{}' of {}", f.name, s.what()));
            step.after.loc = ctx.node(after).loc;
            step.after.present = ctx.node(after).type == NodeType::Sequence;
          }),
      custom<Step>({.name = "duration",
                    .type = FieldType::Estimate,
                    .required = true,
                    .description = "Touch time: a duration, or {min, likely, max}",
                    .shape = Shape::Estimate},
                   read_estimate, [](const Step& step) { return step.duration.present; }),
      field<kDuration, &Step::wait>(
          {.name = "wait", .default_value = "0s", .description = "Expected queue time before it"}),
      field<kChoice, &Step::value>({.name = "value",
                                    .default_value = "business",
                                    .description = "Lean value class"}),
      field<kProbability, &Step::probability>(
          {.name = "probability",
           .default_value = "1",
           .description = "Share of the instances that run the step"}),
      custom<Step>({.name = "rework",
                    .type = FieldType::Mapping,
                    .description = "Work that goes back to an earlier step",
                    .shape = Shape::Rework},
                   read_rework),
      field<kTextList, &Step::skills>({.name = "skills", .description = "Skills the step needs"}),
      field<kText, &Step::activity>(
          {.name = "activity", .description = "The step's name in event logs"}),
      field<kTextList, &Step::tools>({.name = "tools", .description = "Tools used"}),
      field<kTextList, &Step::inputs>({.name = "inputs", .description = "What the step needs"}),
      field<kTextList, &Step::outputs>({.name = "outputs", .description = "What it produces"}),
      field<kText, &Step::instructions>(
          {.name = "instructions", .description = "How to do it, in Markdown"}),
      field<kTextList, &Step::checklist>(
          {.name = "checklist", .description = "Items to tick off"}),
      field<kTextList, &Step::cautions>(
          {.name = "cautions", .description = "What must never go wrong"}),
      field<kDuration, &Step::sla>(
          {.name = "sla", .description = "Target for the step's wait + duration"}),
      field<kTextList, &Step::ignore>(
          {.name = "ignore", .description = "Rule ids not reported for this step"}),
  };
  return fields;
}

void decode_step(DecodeContext& ctx, NodeId id, Step& step) {
  MapReader s(ctx, id, fmt::format("the step at line {}", ctx.doc.nodes[id].loc.line));
  // A step written as an alias (- *base) is placed where the alias is, not at its anchor.
  const yaml::Node& written = ctx.doc.nodes[id];
  step.loc = written.loc;
  step.span = {written.loc.line, written.last_line};
  decode_fields(s, step_fields(), step);
  s.finish();
}

const std::vector<FieldDef<Process>>& process_fields() {
  static const std::vector<FieldDef<Process>> fields = {
      field<kText, &Process::purpose>({.name = "purpose", .description = "Why it exists"}),
      field<kText, &Process::scope>({.name = "scope", .description = "What it covers, and not"}),
      field<kText, &Process::trigger>({.name = "trigger", .description = "What starts it"}),
      field<kRate, &Process::frequency>(
          {.name = "frequency", .description = "How often it runs: N/day|week|month|quarter|year"}),
      field<kTextList, &Process::goals>({.name = "goals", .description = "Goals it serves"}),
      field<kTextList, &Process::metrics>({.name = "metrics", .description = "Metrics it moves"}),
      custom<Process>(
          {.name = "steps",
           .type = FieldType::List,
           .required = true,
           .description = "The steps, in the order people read them",
           .shape = Shape::Step},
          [](MapReader& s, const FieldInfo& f, Process& process) {
            std::vector<NodeId> steps = s.items(f.name, "steps");
            process.steps.resize(steps.size());
            for (std::size_t i = 0; i < steps.size(); ++i)
              decode_step(s.context(), steps[i], process.steps[i]);
          },
          [](const Process& p) { return !p.steps.empty(); }),
  };
  return fields;
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

void read_period(MapReader& s, const FieldInfo& f, Goal& goal) {
  NodeId period = s.get(f.name);
  if (period == kNoNode) return;
  DecodeContext& ctx = s.context();
  MapReader p(ctx, period, fmt::format("the period of {}", s.what()));
  decode_fields(p, period_fields(), goal);
  p.finish();
  goal.period_loc = p.loc();
  goal.has_period = goal.period_start && goal.period_end;
  // An end date alone is inclusive (start = end is a one-day period); an end with a time is an
  // instant, which must come after the start.
  const DateTime& start = goal.period_start.value;
  const DateTime& end = goal.period_end.value;
  bool ends_before = end.seconds < start.seconds || (end.seconds == start.seconds && end.has_time);
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
          {.name = "data",
           .description = "Its measurement CSV, relative to the Config's folder"}),
  };
  return fields;
}

// --- Config ---------------------------------------------------------------------------------

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

const std::vector<FieldDef<PathOverride>>& override_fields() {
  static const std::vector<FieldDef<PathOverride>> fields = {
      field<kTextList, &PathOverride::files>(
          {.name = "files",
           .required = true,
           .description = "Globs relative to the Config's folder (** any folders, * and ?)"}),
      custom<PathOverride>(
          {.name = "rules",
           .type = FieldType::Map,
           .required = true,
           .description = "rule-id: off|info|warning|error for those files"},
          [](MapReader& r, const FieldInfo& f, PathOverride& o) {
            NodeId settings = r.get(f.name);
            if (settings != kNoNode)
              o.rules = read_rule_settings(r.context(), settings, "the override's rules");
          },
          [](const PathOverride& o) { return !o.rules.empty(); }),
  };
  return fields;
}

const std::vector<FieldDef<Thresholds>>& threshold_fields() {
  // Shares are of 100%; at 0 every role or wait would be flagged, with advice that cannot be
  // followed.
  static const std::vector<FieldDef<Thresholds>> fields = {
      field<kNumber, &Thresholds::utilization_warn>(
          {.name = "utilization-warn",
           .default_value = "0.85",
           .description = "Role utilization that is flagged (overloaded-role)",
           .min = 0.01,
           .max = 1}),
      field<kNumber, &Thresholds::wait_share>(
          {.name = "wait-share",
           .default_value = "0.3",
           .description = "Share of the lead time a wait must reach to be flagged (long-wait)",
           .min = 0.01,
           .max = 1}),
      field<kNumber, &Thresholds::handoffs>(
          {.name = "handoffs",
           .default_value = "5",
           .description = "Handoffs on a critical path above which it is flagged",
           .min = 0}),
      field<kNumber, &Thresholds::review_days>(
          {.name = "review-days",
           .default_value = "365",
           .description = "Days after which a review is overdue",
           .min = 1}),
  };
  return fields;
}

const std::vector<FieldDef<RenderSettings>>& render_fields() {
  static const std::vector<FieldDef<RenderSettings>> fields = {
      field<kText, &RenderSettings::out>(
          {.name = "out",
           .default_value = "docs/sop",
           .description = "Folder for the pages, relative to the Config's folder"}),
      custom<RenderSettings>(
          {.name = "lang",
           .type = kChoice,
           .default_value = "en",
           .description = "Language of headings and labels",
           .allowed = enum_names<Lang>()},
          [](MapReader& r, const FieldInfo& f, RenderSettings& render) {
            r.text(f.name, render.lang);
            if (render.lang && !parse_enum<Lang>(render.lang.value)) {
              r.context().report(
                  rule::kInvalidValue, render.lang.loc,
                  fmt::format("render language '{}' is not supported", render.lang.value),
                  fmt::format("choose one of: {}", enum_list<Lang>(", ")));
            }
          }),
  };
  return fields;
}

// Reads the mapping at `f.name` of `s` with `fields` into `object`, naming it `what`.
template <class T>
void read_mapping(MapReader& s, const FieldInfo& f, const std::vector<FieldDef<T>>& fields,
                  std::string what, T& object) {
  NodeId node = s.get(f.name);
  if (node == kNoNode) return;
  MapReader m(s.context(), node, std::move(what));
  decode_fields(m, fields, object);
  m.finish();
}

const std::vector<FieldDef<Config>>& config_fields() {
  static const std::vector<FieldDef<Config>> fields = {
      field<kTextList, &Config::paths>(
          {.name = "paths", .description = "What to read when no PATH is given"}),
      field<kTextList, &Config::exclude>(
          {.name = "exclude", .description = "Globs of files and folders never read"}),
      field<kText, &Config::data>(
          {.name = "data", .default_value = "data", .description = "The measurement folder"}),
      custom<Config>({.name = "rules",
                      .type = FieldType::Map,
                      .description = "rule-id: off|info|warning|error"},
                     [](MapReader& s, const FieldInfo& f, Config& config) {
                       NodeId rules = s.get(f.name);
                       if (rules != kNoNode)
                         config.rules = read_rule_settings(s.context(), rules, "rules");
                     }),
      custom<Config>({.name = "overrides",
                      .type = FieldType::List,
                      .description = "Rule settings for some files: [{files, rules}]",
                      .shape = Shape::Override},
                     [](MapReader& s, const FieldInfo& f, Config& config) {
                       for (NodeId item : s.items(f.name, "{files, rules}")) {
                         PathOverride o;
                         MapReader r(s.context(), item, "an override");
                         o.loc = r.loc();
                         decode_fields(r, override_fields(), o);
                         r.finish();
                         config.overrides.push_back(std::move(o));
                       }
                     }),
      custom<Config>({.name = "thresholds",
                      .type = FieldType::Mapping,
                      .description = "Limits of the findings",
                      .shape = Shape::Thresholds},
                     [](MapReader& s, const FieldInfo& f, Config& config) {
                       read_mapping(s, f, threshold_fields(), "thresholds", config.thresholds);
                     }),
      custom<Config>({.name = "render",
                      .type = FieldType::Mapping,
                      .description = "Where and in which language render writes",
                      .shape = Shape::Render},
                     [](MapReader& s, const FieldInfo& f, Config& config) {
                       read_mapping(s, f, render_fields(), "render settings", config.render);
                     }),
  };
  return fields;
}

// --- documents ------------------------------------------------------------------------------

const std::vector<FieldInfo>& document_fields() {
  static const std::vector<FieldInfo> fields = {
      {.name = "apiVersion",
       .type = kText,
       .required = true,
       .description = "opsflow/v1: what makes the document opsflow's"},
      {.name = "kind",
       .type = kChoice,
       .required = true,
       .description = "What the document describes",
       .allowed = enum_names<Kind>()},
      {.name = "metadata",
       .type = FieldType::Mapping,
       .required = true,
       .description = "Its id, name, owner, version and review date",
       .shape = Shape::Metadata},
      {.name = "spec",
       .type = FieldType::Mapping,
       .required = true,
       .description = "The content, by kind (a Role's or a Config's may be left out)"},
  };
  return fields;
}

}  // namespace

void decode_metadata(DecodeContext& ctx, NodeId id, Document& doc) {
  MapReader m(ctx, id, fmt::format("the metadata of this {}", kind_noun(doc.kind)));
  decode_fields(m, metadata_fields(), doc);
  m.finish();
}

void decode_spec(MapReader& spec, Document& doc) {
  switch (doc.kind) {
    case Kind::Role: {
      auto& role = static_cast<Role&>(doc);
      decode_fields(spec, role_fields(), role);
      check_role(spec, role);
      break;
    }
    case Kind::Process: {
      auto& process = static_cast<Process&>(doc);
      decode_fields(spec, process_fields(), process);
      process.graph = build_step_graph(process);
      break;
    }
    case Kind::Goal:
      decode_fields(spec, goal_fields(), static_cast<Goal&>(doc));
      break;
    case Kind::Metric:
      decode_fields(spec, metric_fields(), static_cast<Metric&>(doc));
      break;
    case Kind::Config:
      decode_fields(spec, config_fields(), static_cast<Config&>(doc));
      break;
  }
}

}  // namespace detail

std::span<const EnumName<FieldType>> enum_table(FieldType) {
  static constexpr EnumName<FieldType> kTypes[] = {
      {"text", FieldType::String},
      {"list of text", FieldType::StringList},
      {"id", FieldType::Id},
      {"number", FieldType::Number},
      {"duration", FieldType::Duration},
      {"duration or three-point duration", FieldType::Estimate},
      {"probability", FieldType::Probability},
      {"date", FieldType::Date},
      {"rate", FieldType::Rate},
      {"capacity", FieldType::Capacity},
      {"number or duration", FieldType::Quantity},
      {"choice", FieldType::Choice},
      {"mapping", FieldType::Mapping},
      {"list", FieldType::List},
      {"mapping of values", FieldType::Map}};
  return kTypes;
}

std::span<const EnumName<Shape>> enum_table(Shape) {
  static constexpr EnumName<Shape> kShapes[] = {
      {"document", Shape::Document},      {"metadata", Shape::Metadata},
      {"Role spec", Shape::Role},         {"member", Shape::Member},
      {"Process spec", Shape::Process},   {"step", Shape::Step},
      {"three-point duration", Shape::Estimate},
      {"rework", Shape::Rework},          {"Goal spec", Shape::Goal},
      {"period", Shape::Period},          {"key result", Shape::KeyResult},
      {"Metric spec", Shape::Metric},     {"Config spec", Shape::Config},
      {"override", Shape::Override},      {"thresholds", Shape::Thresholds},
      {"render", Shape::Render}};
  return kShapes;
}

std::span<const FieldInfo> fields_of(Shape shape) {
  using namespace detail;
  static const std::vector<FieldInfo> kTables[] = {
      document_fields(),         infos(metadata_fields()),   infos(role_fields()),
      infos(member_fields()),    infos(process_fields()),    infos(step_fields()),
      infos(estimate_fields()),  infos(rework_fields()),     infos(goal_fields()),
      infos(period_fields()),    infos(key_result_fields()), infos(metric_fields()),
      infos(config_fields()),    infos(override_fields()),   infos(threshold_fields()),
      infos(render_fields())};
  return kTables[static_cast<std::size_t>(shape)];
}

}  // namespace opsflow
