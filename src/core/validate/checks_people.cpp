// Responsibilities (RACI, capacity, owners), goals (SMART, served) and review dates.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "checks.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/base/values.hpp"

namespace opsflow::detail {

void check_responsibilities(Checker& c) {
  std::set<std::string> used_roles;
  auto use = [&](const Text& t) {
    if (t) used_roles.insert(t.value);
  };
  for (const Process& p : c.model.processes) {
    const StepGraph& g = p.graph;
    use(p.meta.owner);
    if (!p.meta.owner) {
      c.report(rule::kMissingOwner, p, p.meta.id.loc, fmt::format("{} has no owner", describe(p)),
               "set metadata.owner to the role accountable for the process");
    }
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      const Step& s = p.steps[i];
      use(s.role);
      use(s.accountable);
      for (const Text& r : s.consulted) use(r);
      for (const Text& r : s.informed) use(r);
      if (!s.role && s.type.value != StepType::Automated) {
        c.report(rule::kMissingResponsible, p, s.id.present ? s.id.loc : s.loc,
                 fmt::format("{} has no Responsible role", describe(s)),
                 "set 'role', or 'type: automated' if no person does it");
      }
      if (s.type.value == StepType::Approval && s.role) {
        for (std::size_t before : g.predecessors[i]) {
          const Step& prev = p.steps[before];
          if (prev.role && prev.role.value == s.role.value) {
            c.report(rule::kSelfApproval, p, s.role.loc,
                     fmt::format("approval {} is given by role '{}', which also did {} just "
                                 "before it",
                                 describe(s), excerpt(s.role.value, kMaxIdLength), describe(prev)),
                     "an approval by the same role adds a wait without a second pair of eyes");
          }
        }
      }
    }
  }
  for (const Goal& g : c.model.goals) use(g.meta.owner);
  for (const Metric& m : c.model.metrics) {
    use(m.meta.owner);
    if (!m.meta.owner) {
      c.report(rule::kMissingOwner, m, m.meta.id.loc, fmt::format("{} has no owner", describe(m)),
               "set metadata.owner to the role that keeps the measurements");
    }
  }
  for (const Role& r : c.model.roles) {
    // A role's own reportsTo/backup/owner pointing at itself does not make it used.
    if (r.meta.owner.value != r.meta.id.value) use(r.meta.owner);
    if (r.reports_to.value != r.meta.id.value) use(r.reports_to);
    if (r.backup.value != r.meta.id.value) use(r.backup);
  }
  for (const Role& r : c.model.roles) {
    // A headcount written but refused already has its error; "no headcount" would repeat it.
    bool headcount_refused = r.members.empty() && r.headcount.loc.line && !r.headcount.present;
    if ((r.people() <= 0 || r.capacity.value <= 0) && !headcount_refused) {
      c.report(rule::kNoCapacity, r, r.meta.id.loc,
               r.people() > 0 ? fmt::format("{} has a capacity of 0", describe(r))
               : r.headcount  ? fmt::format("{} has a headcount of 0", describe(r))
                              : fmt::format("{} has no members and no headcount", describe(r)),
               "list its members (or a headcount) and their capacity, e.g. 30h/week");
    }
    if (r.meta.id && c.model.all_read() && !used_roles.contains(r.meta.id.value)) {
      c.report(rule::kUnusedRole, r, r.meta.id.loc,
               fmt::format("{} is not used by any step, owner or other role", describe(r)),
               "remove it, or assign it the steps it does");
    }
  }
}

void check_goals(Checker& c) {
  std::set<std::string> served;
  for (const Process& p : c.model.processes) {
    for (const Text& g : p.goals) served.insert(g.value);
    if (p.goals.empty()) {
      c.report(rule::kProcessWithoutGoal, p, p.meta.id.loc,
               fmt::format("{} serves no goal", describe(p)),
               "list the goals it contributes to in spec.goals");
    }
  }
  // A goal is served through any sub-goal that is served.
  bool grew = true;
  while (grew) {
    grew = false;
    for (const Goal& g : c.model.goals) {
      if (g.parent && served.contains(g.meta.id.value) && served.insert(g.parent.value).second) {
        grew = true;
      }
    }
  }
  for (const Goal& g : c.model.goals) {
    std::vector<std::string> missing;
    if (g.key_results.empty()) missing.emplace_back("no key result");
    for (std::size_t i = 0; i < g.key_results.size(); ++i) {
      const KeyResult& kr = g.key_results[i];
      std::string name = kr.metric ? fmt::format("'{}'", excerpt(kr.metric.value, kMaxIdLength))
                                   : fmt::format("{}", i + 1);
      // A value written but unreadable (loc set) was reported already; only absent ones count.
      if (!kr.target && !kr.target.loc.line)
        missing.push_back(fmt::format("no target for key result {}", name));
      if (kr.target && kr.baseline && kr.target.value.value == kr.baseline.value.value &&
          kr.target.value.is_duration == kr.baseline.value.is_duration)
        missing.push_back(fmt::format("key result {} has its target equal to its baseline", name));
      // A duration only means something for a metric measured in time.
      auto metric = kr.metric ? c.metrics.find(kr.metric.value) : c.metrics.end();
      if (metric != c.metrics.end()) {
        const auto& m = static_cast<const Metric&>(*metric->second);
        // On a percent metric 80% is 80; a bare 0.8 is 0.8% (SPEC §2), rarely what was meant.
        for (const auto* q : {&kr.baseline, &kr.target}) {
          if (!*q || m.unit.value != "percent" || q->value.is_percent || q->value.is_duration ||
              !(q->value.value > 0 && q->value.value < 1))
            continue;
          c.report(rule::kPercentScale, g, q->loc,
                   fmt::format("the {} of key result '{}' of {} is {:g}, which on percent metric "
                               "'{}' means {:g}% (did you mean {:g}%?)",
                               q == &kr.baseline ? "baseline" : "target",
                               excerpt(kr.metric.value, kMaxIdLength), describe(g), q->value.value,
                               excerpt(kr.metric.value, kMaxIdLength), q->value.value,
                               q->value.value * 100),
                   "write percentages with '%' (80%), or as the number of percent (80)");
        }
        for (const auto* q : {&kr.baseline, &kr.target}) {
          if (!*q || !q->value.is_duration || seconds_per_unit(m.unit.value) > 0) continue;
          c.report(rule::kInvalidValue, g, q->loc,
                   fmt::format("the {} of key result '{}' of {} is a duration, but metric '{}' is "
                               "measured in '{}'",
                               q == &kr.baseline ? "baseline" : "target",
                               excerpt(kr.metric.value, kMaxIdLength), describe(g),
                               excerpt(kr.metric.value, kMaxIdLength), excerpt(m.unit.value)),
                   "write a number in the metric's unit, or measure the metric in seconds, "
                   "minutes, hours or days");
        }
      }
      if (!kr.baseline && !kr.baseline.loc.line && kr.metric) {
        c.report(
            rule::kMissingBaseline, g, kr.loc,
            fmt::format("key result '{}' of {} has no baseline",
                        excerpt(kr.metric.value, kMaxIdLength), describe(g)),
            "record where the metric stood when the goal was set, so progress can be measured");
      }
    }
    if (!g.has_period && !g.period_start && !g.period_end) missing.emplace_back("no period");
    if (!g.meta.owner) missing.emplace_back("no owner");
    if (!missing.empty()) {
      c.report(
          rule::kGoalNotSmart, g, g.meta.id.loc,
          fmt::format("{} is not SMART: {}", describe(g), fmt::join(missing, ", ")),
          "a goal needs measurable key results (metric, baseline, target), a period and an owner");
    }
    if (g.meta.id && c.model.all_read() && !served.contains(g.meta.id.value)) {
      c.report(rule::kGoalNotServed, g, g.meta.id.loc,
               fmt::format("no process serves goal '{}'", excerpt(g.meta.id.value, kMaxIdLength)),
               "list it in the spec.goals of the processes that move its metrics");
    }
  }
}

void check_reviews(Checker& c) {
  double limit = 365;
  if (const Config* config = c.model.config()) limit = config->thresholds.review_days.value;
  auto check = [&](const Document& doc) {
    const Field<DateTime>& reviewed = doc.meta.reviewed;
    if (!reviewed) return;
    std::int64_t age = c.options.today - reviewed.value.days;
    if (static_cast<double>(age) <= limit) return;
    c.report(rule::kReviewOverdue, doc, reviewed.loc,
             fmt::format("{} was last reviewed {} days ago ({}), more than {} days", describe(doc),
                         age, format_date(reviewed.value.days), limit),
             "review it with the team, then update metadata.reviewed");
  };
  for (const Role& d : c.model.roles) check(d);
  for (const Process& d : c.model.processes) check(d);
  for (const Goal& d : c.model.goals) check(d);
  for (const Metric& d : c.model.metrics) check(d);
}

}  // namespace opsflow::detail
