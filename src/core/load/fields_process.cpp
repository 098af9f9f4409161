// The fields of a Process and its steps.
#include <fmt/format.h>

#include "decode.hpp"
#include "field_def.hpp"
#include "opsflow/base/text.hpp"

namespace opsflow::detail {

using yaml::kNoNode;
using yaml::NodeId;
using yaml::NodeType;

// --- Process --------------------------------------------------------------------------------

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

void read_estimate(MapReader& s, const FieldInfo& f, Field<Estimate>& out) {
  NodeId value = s.get(f.name);
  if (value == kNoNode) return;
  DecodeContext& ctx = s.context();
  const yaml::Node& node = ctx.node(value);
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

const std::vector<FieldDef<Branch>>& branch_fields() {
  static const std::vector<FieldDef<Branch>> fields = {
      field<kText, &Branch::to>(
          {.name = "to", .required = true, .description = "The step this branch leads to"}),
      field<kProbability, &Branch::probability>(
          {.name = "probability",
           .required = true,
           .description = "Share of the instances reaching the decision that take it"}),
      field<kText, &Branch::when>(
          {.name = "when", .description = "The condition people read in the SOP"}),
  };
  return fields;
}

namespace {

// A step has one Responsible role. A list there is one problem, said with the way to share the
// work, and its first role is kept so that nothing else reports the step as without one.
void read_step_role(MapReader& s, const FieldInfo& f, Step& step) {
  NodeId role = s.get(f.name);
  if (role == kNoNode) return;
  DecodeContext& ctx = s.context();
  const yaml::Node& node = ctx.node(role);
  if (node.type != NodeType::Sequence || node.count == 0) {
    step.role = read_text(ctx, role, "'role' of " + describe(step));
    return;
  }
  std::vector<std::string> names;
  for (NodeId item = node.first; item != kNoNode; item = ctx.doc.nodes[item].next) {
    Text name = read_text(ctx, item, "a role of " + describe(step));
    if (!name) continue;
    if (!step.role) step.role = name;
    names.push_back(name.value);
  }
  if (names.size() == 1) {
    ctx.report(rule::kWrongType, node.loc,
               fmt::format("'role' of {} is a list; write the role alone", describe(step)),
               fmt::format("role: {}", names.front()));
    return;
  }
  ctx.report(
      rule::kWrongType, node.loc,
      fmt::format("{} has {} roles; a step has one Responsible role", describe(step), node.count),
      names.empty() ? std::string("write role: ROLE")
                    : fmt::format("write role: {} and name the others in consulted or "
                                  "informed (consulted: [{}]), or split the step",
                                  names.front(), fmt::join(names.begin() + 1, names.end(), ", ")));
}

void read_branches(MapReader& s, const FieldInfo& f, Step& step) {
  NodeId value = s.get(f.name);
  if (value == kNoNode) return;
  DecodeContext& ctx = s.context();
  step.branches.loc = ctx.node(value).loc;
  step.branches.present = true;
  for (NodeId item : s.items(f.name, "branches",
                             "write branches: [{to: refund, probability: 0.7, when: \"...\"}]")) {
    Branch branch;
    MapReader b(ctx, item, fmt::format("a branch of {}", s.what()));
    branch.loc = b.loc();
    decode_fields(b, branch_fields(), branch);
    b.finish();
    // Kept even when incomplete (missing-field said so): validate then knows not to add up the
    // probabilities of the rest.
    step.branches.value.push_back(std::move(branch));
  }
}

void read_rework(MapReader& s, const FieldInfo& f, Step& step) {
  std::optional<SourceLoc> at =
      read_mapping(s, f, rework_fields(), fmt::format("the rework of {}", s.what()), step.rework);
  if (!at) return;
  DecodeContext& ctx = s.context();
  step.rework.loc = *at;
  step.rework.present = step.rework.to.present && step.rework.probability.present;
  if (step.rework.probability && step.rework.probability.value >= 1) {
    ctx.report(rule::kInvalidProbability, step.rework.probability.loc,
               fmt::format("the rework probability of {} must be below 1, or the loop never ends",
                           s.what()));
    step.rework.present = false;
  }
}

}  // namespace

const std::vector<FieldDef<Step>>& step_fields() {
  static const std::vector<FieldDef<Step>> fields = {
      custom<Step>(
          {.name = "id",
           .type = kId,
           .required = true,
           .description = "Unique within the process; same form as metadata.id"},
          [](MapReader& s, const FieldInfo& f, Step& step) {
            s.id(f.name, step.id);
            if (step.id) s.set_what(fmt::format("step '{}'", excerpt(step.id.value, kMaxIdLength)));
          },
          [](const Step& step) { return step.id.present; }),
      field<kText, &Step::name>({.name = "name", .description = "What the step is called in SOPs"}),
      field<kChoice, &Step::type>(
          {.name = "type", .default_value = "task", .description = "What kind of step it is"}),
      custom<Step>({.name = "role",
                    .type = kText,
                    .description = "The Responsible Role (required unless type: automated)"},
                   read_step_role),
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
      custom<Step>(
          {.name = "duration",
           .type = FieldType::Estimate,
           .required = true,
           .description = "Touch time: a duration, or {min, likely, max}",
           .shape = Shape::Estimate},
          [](MapReader& s, const FieldInfo& f, Step& step) { read_estimate(s, f, step.duration); },
          [](const Step& step) { return step.duration.present; }),
      field<kDuration, &Step::wait>(
          {.name = "wait", .default_value = "0s", .description = "Expected queue time before it"}),
      field<kDuration, &Step::delay>(
          {.name = "delay",
           .default_value = "0s",
           .description = "Deliberate time before it starts (never proposed for removal)"}),
      field<kText, &Step::keep>(
          {.name = "keep",
           .description = "Why the step must stay: never proposed for removal or merging"}),
      field<kChoice, &Step::value>(
          {.name = "value", .default_value = "business", .description = "Lean value class"}),
      field<kProbability, &Step::probability>(
          {.name = "probability",
           .default_value = "1",
           .description = "Share of the instances that run the step"}),
      custom<Step>({.name = "rework",
                    .type = FieldType::Mapping,
                    .description = "Work that goes back to an earlier step",
                    .shape = Shape::Rework},
                   read_rework),
      custom<Step>({.name = "branches",
                    .type = FieldType::List,
                    .description = "Decisions: [{to, probability, when}], exactly one is taken",
                    .shape = Shape::Branch},
                   read_branches),
      field<kTextList, &Step::skills>({.name = "skills", .description = "Skills the step needs"}),
      field<kText, &Step::activity>(
          {.name = "activity", .description = "The step's name in event logs"}),
      field<kTextList, &Step::tools>({.name = "tools", .description = "Tools used"}),
      field<kTextList, &Step::inputs>({.name = "inputs", .description = "What the step needs"}),
      field<kTextList, &Step::outputs>({.name = "outputs", .description = "What it produces"}),
      field<kText, &Step::instructions>(
          {.name = "instructions", .description = "How to do it, in Markdown"}),
      field<kTextList, &Step::checklist>({.name = "checklist", .description = "Items to tick off"}),
      field<kTextList, &Step::cautions>(
          {.name = "cautions", .description = "What must never go wrong"}),
      field<kDuration, &Step::sla>(
          {.name = "sla", .description = "Target for the step's wait + duration"}),
      field<kTextList, &Step::ignore>(
          {.name = "ignore", .description = "Rule ids not reported for this step"}),
  };
  return fields;
}

namespace {

void decode_step(DecodeContext& ctx, NodeId id, Step& step) {
  MapReader s(ctx, id, fmt::format("the step at line {}", ctx.doc.nodes[id].loc.line));
  // A step written as an alias (- *base) is placed where the alias is, not at its anchor.
  const yaml::Node& written = ctx.doc.nodes[id];
  step.loc = written.loc;
  step.span = {written.loc.line, written.last_line};
  decode_fields(s, step_fields(), step);
  s.finish();
}

}  // namespace

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

}  // namespace opsflow::detail
