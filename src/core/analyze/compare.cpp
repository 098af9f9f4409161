// Before/after comparison of two analyses, for the pull-request regression guard.
#include "opsflow/analyze/compare.hpp"

#include <algorithm>
#include <map>

namespace opsflow {

bool Comparison::regressed() const {
  return std::any_of(changes.begin(), changes.end(),
                     [](const MeasureChange& c) { return c.regression; });
}

namespace {

using Scale = MeasureScale;

void add(Comparison& out, std::string subject, const std::string& id, std::string measure,
         double before, double after, Scale scale) {
  MeasureChange c;
  c.subject = std::move(subject);
  c.id = id;
  c.measure = std::move(measure);
  c.scale = scale;
  c.before = before;
  c.after = after;
  double allowed = scale == Scale::Count ? 0.0
                   : scale == Scale::Share
                       ? kRegressionTolerance
                       : std::max(std::abs(before) * kRegressionTolerance, 1e-9);
  c.regression = after > before + allowed && after != before;
  out.changes.push_back(std::move(c));
}

}  // namespace

Comparison compare(const Analysis& baseline, const Analysis& current) {
  Comparison out;
  std::map<std::string, const ProcessAnalysis*> before_processes;
  for (const ProcessAnalysis& p : baseline.processes)
    before_processes[p.process->meta.id.value] = &p;
  std::map<std::string, const RoleLoad*> before_roles;
  for (const RoleLoad& r : baseline.roles) before_roles[r.role->meta.id.value] = &r;

  for (const ProcessAnalysis& now : current.processes) {
    const std::string& id = now.process->meta.id.value;
    auto it = before_processes.find(id);
    if (it == before_processes.end()) {
      out.added.push_back("process " + id);
      continue;
    }
    const ProcessAnalysis& was = *it->second;
    add(out, "process", id, "lead time", was.lead_time, now.lead_time, Scale::Time);
    add(out, "process", id, "touch time", was.touch_time, now.touch_time, Scale::Time);
    add(out, "process", id, "handoffs", was.handoffs, now.handoffs, Scale::Count);
    add(out, "process", id, "approvals on the critical path", was.approvals_on_critical_path,
        now.approvals_on_critical_path, Scale::Count);
    before_processes.erase(it);
  }
  for (const auto& [id, p] : before_processes) out.removed.push_back("process " + id);

  for (const RoleLoad& now : current.roles) {
    const std::string& id = now.role->meta.id.value;
    auto it = before_roles.find(id);
    if (it == before_roles.end()) {
      out.added.push_back("role " + id);
      continue;
    }
    // No utilization means neither demand nor capacity: nothing to do, 0 beside the other side
    // (work moved onto a role without people is then a regression).
    const std::optional<double>& was = it->second->utilization;
    if (now.utilization || was) {
      add(out, "role", id, "utilization", was.value_or(0), now.utilization.value_or(0),
          Scale::Share);
    }
    before_roles.erase(it);
  }
  for (const auto& [id, r] : before_roles) out.removed.push_back("role " + id);
  return out;
}

}  // namespace opsflow
