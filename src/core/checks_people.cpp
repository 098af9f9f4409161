// Responsibilities (RACI, capacity, owners), goals (SMART, served) and review dates.
#include <algorithm>
#include <fmt/format.h>
#include <set>

#include "checks.hpp"

namespace opsflow::detail {

void check_responsibilities(Checker& c) {
  std::set<std::string> used_roles;
  auto use = [&](const Text& t) {
    if (t) used_roles.insert(t.value);
  };
  for (std::size_t pi = 0; pi < c.model.processes.size(); ++pi) {
    const Process& p = c.model.processes[pi];
    const StepGraph& g = c.graphs[pi];
    use(p.meta.owner);
    if (!p.meta.owner) {
      c.report(Severity::Warning, "missing-owner", p, p.meta.id.loc,
               fmt::format("process '{}' has no owner", p.meta.id.value),
               "set metadata.owner to the role accountable for the process");
    }
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      const Step& s = p.steps[i];
      use(s.role);
      use(s.accountable);
      for (const Text& r : s.consulted) use(r);
      for (const Text& r : s.informed) use(r);
      if (!s.role && s.type.value != StepType::Automated) {
        c.report(Severity::Error, "missing-responsible", p, s.id.present ? s.id.loc : s.loc,
                 fmt::format("step '{}' has no Responsible role", s.id.value),
                 "set 'role', or 'type: automated' if no person does it");
      }
      if (s.type.value == StepType::Approval && s.role) {
        for (std::size_t before : g.predecessors[i]) {
          const Step& prev = p.steps[before];
          if (prev.role && prev.role.value == s.role.value) {
            c.report(Severity::Info, "self-approval", p, s.role.loc,
                     fmt::format("approval '{}' is given by role '{}', which also did '{}' just "
                                 "before it",
                                 s.id.value, s.role.value, prev.id.value),
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
      c.report(Severity::Warning, "missing-owner", m, m.meta.id.loc,
               fmt::format("metric '{}' has no owner", m.meta.id.value),
               "set metadata.owner to the role that keeps the measurements");
    }
  }
  for (const Role& r : c.model.roles) {
    use(r.reports_to);
    use(r.backup);
  }
  for (const Role& r : c.model.roles) {
    if (r.people() <= 0 || r.capacity.value <= 0) {
      c.report(Severity::Warning, "no-capacity", r, r.meta.id.loc,
               r.people() <= 0
                   ? fmt::format("role '{}' has no members and no headcount", r.meta.id.value)
                   : fmt::format("role '{}' has a capacity of 0", r.meta.id.value),
               "list its members (or a headcount) and their capacity, e.g. 30h/week");
    }
    if (r.meta.id && !used_roles.contains(r.meta.id.value)) {
      // A role that is only a reportsTo/backup target of itself does not count.
      c.report(Severity::Warning, "unused-role", r, r.meta.id.loc,
               fmt::format("role '{}' is not used by any step, owner or other role",
                           r.meta.id.value),
               "remove it, or assign it the steps it does");
    }
  }
}

void check_goals(Checker& c) {
  std::set<std::string> served;
  for (const Process& p : c.model.processes) {
    for (const Text& g : p.goals) served.insert(g.value);
    if (p.goals.empty()) {
      c.report(Severity::Info, "process-without-goal", p, p.meta.id.loc,
               fmt::format("process '{}' serves no goal", p.meta.id.value),
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
      std::string name = kr.metric ? fmt::format("'{}'", kr.metric.value) : fmt::format("{}", i + 1);
      if (!kr.target) missing.push_back(fmt::format("no target for key result {}", name));
      if (!kr.baseline && kr.metric) {
        c.report(Severity::Info, "missing-baseline", g, kr.loc,
                 fmt::format("key result '{}' of goal '{}' has no baseline", kr.metric.value,
                             g.meta.id.value),
                 "record where the metric stood when the goal was set, so progress can be measured");
      }
    }
    if (!g.has_period && !g.period_start && !g.period_end) missing.emplace_back("no period");
    if (!g.meta.owner) missing.emplace_back("no owner");
    if (!missing.empty()) {
      c.report(Severity::Warning, "goal-not-smart", g, g.meta.id.loc,
               fmt::format("goal '{}' is not SMART: {}", g.meta.id.value, fmt::join(missing, ", ")),
               "a goal needs measurable key results (metric, baseline, target), a period and an owner");
    }
    if (g.meta.id && !served.contains(g.meta.id.value)) {
      c.report(Severity::Info, "goal-not-served", g, g.meta.id.loc,
               fmt::format("no process serves goal '{}'", g.meta.id.value),
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
    c.report(Severity::Warning, "review-overdue", doc, reviewed.loc,
             fmt::format("{} '{}' was last reviewed {} days ago ({}), more than {} days",
                         kind_name(doc.kind), doc.meta.id.value, age,
                         format_date(reviewed.value.days), limit),
             "review it with the team, then update metadata.reviewed");
  };
  for (const Role& d : c.model.roles) check(d);
  for (const Process& d : c.model.processes) check(d);
  for (const Goal& d : c.model.goals) check(d);
  for (const Metric& d : c.model.metrics) check(d);
}

}  // namespace opsflow::detail
