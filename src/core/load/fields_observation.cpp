// The fields of an Observation (SPEC §6): what an event log showed about a process, written by
// `mine --write-observed` and kept in git beside the process.
#include <fmt/format.h>

#include <cmath>

#include "decode.hpp"
#include "field_def.hpp"
#include "opsflow/base/text.hpp"

namespace opsflow::detail {

using yaml::NodeId;

namespace {

// A count of cases: a whole number.
void read_cases(MapReader& s, const FieldInfo& f, Field<double>& out) {
  s.number(f.name, out, f.min, f.max);
  if (out && out.value != std::floor(out.value)) {
    s.context().report(rule::kInvalidValue, out.loc,
                       fmt::format("'{}' of {} must be a whole number of cases, not {:g}", f.name,
                                   s.what(), out.value));
    out.present = false;
  }
}

void read_observed_period(MapReader& s, const FieldInfo& f, Observation& o) {
  std::optional<SourceLoc> at =
      read_mapping(s, f, observed_period_fields(), fmt::format("the period of {}", s.what()), o);
  if (!at) return;
  o.period_loc = *at;
  if (o.period_start && o.period_end && o.period_end.value.seconds < o.period_start.value.seconds) {
    s.context().report(rule::kInvalidDate, o.period_end.loc,
                       fmt::format("the period of {} ends before it starts", s.what()));
    o.period_end.present = false;
  }
}

void read_observed_steps(MapReader& s, const FieldInfo& f, Observation& o) {
  read_entries<ObservedStep>(
      s, f, "observed step",
      "write steps: [{step: triage, cases: 120, wait: {min: 1m, likely: 5m, max: 20m}}]",
      observed_step_fields(), [](const ObservedStep& e) { return e.step.present; }, o.steps);
}

void read_observed_branches(MapReader& s, const FieldInfo& f, ObservedDecision& d) {
  read_entries<ObservedBranch>(
      s, f, "observed branch", "write branches: [{to: rollback, share: 0.3}]",
      observed_branch_fields(),
      [](const ObservedBranch& e) { return e.to.present && e.share.present; }, d.branches);
}

void read_observed_decisions(MapReader& s, const FieldInfo& f, Observation& o) {
  read_entries<ObservedDecision>(
      s, f, "observed decision",
      "write decisions: [{step: assess, branches: [{to: fix, share: 0.7}]}]",
      observed_decision_fields(), [](const ObservedDecision& e) { return e.step.present; },
      o.decisions);
}

}  // namespace

const std::vector<FieldDef<Observation>>& observation_fields() {
  static const std::vector<FieldDef<Observation>> fields = {
      field<kText, &Observation::source>(
          {.name = "source", .description = "The event log it was mined from"}),
      custom<Observation>({.name = "period",
                           .type = FieldType::Mapping,
                           .description = "The first and the last event: {start, end}",
                           .shape = Shape::ObservedPeriod},
                          read_observed_period),
      custom<Observation>(
          {.name = "cases",
           .type = kNumber,
           .required = true,
           .description = "How many cases the log held (a whole number)",
           .min = 0},
          [](MapReader& s, const FieldInfo& f, Observation& o) { read_cases(s, f, o.cases); },
          [](const Observation& o) { return o.cases.present; }),
      custom<Observation>({.name = "steps",
                           .type = FieldType::List,
                           .description = "What each step showed: [{step, cases, runs, wait, "
                                          "duration, rework}]",
                           .shape = Shape::ObservedStep},
                          read_observed_steps),
      custom<Observation>({.name = "decisions",
                           .type = FieldType::List,
                           .description = "The branches each decision took: [{step, branches}]",
                           .shape = Shape::ObservedDecision},
                          read_observed_decisions),
  };
  return fields;
}

const std::vector<FieldDef<Observation>>& observed_period_fields() {
  static const std::vector<FieldDef<Observation>> fields = {
      field<kDate, &Observation::period_start>(
          {.name = "start", .required = true, .description = "The first event"}),
      field<kDate, &Observation::period_end>(
          {.name = "end", .required = true, .description = "The last event"}),
  };
  return fields;
}

const std::vector<FieldDef<ObservedStep>>& observed_step_fields() {
  static const std::vector<FieldDef<ObservedStep>> fields = {
      custom<ObservedStep>(
          {.name = "step", .type = kText, .required = true, .description = "The step's id"},
          [](MapReader& s, const FieldInfo& f, ObservedStep& step) {
            s.text(f.name, step.step);
            if (step.step) s.set_what(fmt::format("observed step '{}'", excerpt(step.step.value)));
          },
          [](const ObservedStep& step) { return step.step.present; }),
      custom<ObservedStep>({.name = "cases",
                            .type = kNumber,
                            .description = "Cases in which it ran (a whole number)",
                            .min = 0},
                           [](MapReader& s, const FieldInfo& f, ObservedStep& step) {
                             read_cases(s, f, step.cases);
                           }),
      field<kProbability, &ObservedStep::runs>(
          {.name = "runs",
           .description = "Of the cases that reached it, the share in which it ran (used for an "
                          "optional step's probability)"}),
      custom<ObservedStep>({.name = "wait",
                            .type = FieldType::Estimate,
                            .description = "The wait before it: {min: p10, likely: median, max: "
                                           "p90}",
                            .shape = Shape::Estimate},
                           [](MapReader& s, const FieldInfo& f, ObservedStep& step) {
                             read_estimate(s, f, step.wait);
                           }),
      custom<ObservedStep>({.name = "duration",
                            .type = FieldType::Estimate,
                            .description = "Its duration: {min: p10, likely: median, max: p90}",
                            .shape = Shape::Estimate},
                           [](MapReader& s, const FieldInfo& f, ObservedStep& step) {
                             read_estimate(s, f, step.duration);
                           }),
      custom<ObservedStep>(
          {.name = "rework",
           .type = kProbability,
           .description = "Of its runs, the share its rework sent back (below 1)"},
          [](MapReader& s, const FieldInfo& f, ObservedStep& step) {
            s.probability(f.name, step.rework);
            if (step.rework && step.rework.value >= 1) {
              s.context().report(
                  rule::kInvalidProbability, step.rework.loc,
                  fmt::format("the rework share of {} must be below 1, or the loop never ends",
                              s.what()));
              step.rework.present = false;
            }
          }),
  };
  return fields;
}

const std::vector<FieldDef<ObservedDecision>>& observed_decision_fields() {
  static const std::vector<FieldDef<ObservedDecision>> fields = {
      custom<ObservedDecision>(
          {.name = "step", .type = kText, .required = true, .description = "The decision's id"},
          [](MapReader& s, const FieldInfo& f, ObservedDecision& d) {
            s.text(f.name, d.step);
            if (d.step) s.set_what(fmt::format("observed decision '{}'", excerpt(d.step.value)));
          },
          [](const ObservedDecision& d) { return d.step.present; }),
      custom<ObservedDecision>({.name = "branches",
                                .type = FieldType::List,
                                .required = true,
                                .description = "The share of each branch: [{to, share}]",
                                .shape = Shape::ObservedBranch},
                               read_observed_branches,
                               [](const ObservedDecision& d) { return !d.branches.empty(); }),
  };
  return fields;
}

const std::vector<FieldDef<ObservedBranch>>& observed_branch_fields() {
  static const std::vector<FieldDef<ObservedBranch>> fields = {
      field<kText, &ObservedBranch::to>(
          {.name = "to", .required = true, .description = "The step the branch leads to"}),
      field<kProbability, &ObservedBranch::share>(
          {.name = "share",
           .required = true,
           .description = "Of the cases that ran the decision, the share taking it"}),
  };
  return fields;
}

}  // namespace opsflow::detail
