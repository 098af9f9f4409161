// The findings about people (SPEC §4): what hiring or training does to an overloaded role, who
// could be cross-trained, and untrained-member and retraining-due.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "findings.hpp"
#include "opsflow/model/training.hpp"

namespace opsflow::detail {
namespace {

// Whether a role's queue `q` is out of overloaded-role: utilization under the threshold (the rule
// fires at it), and a queue wait no longer than `wait_now` (SPEC §4 staffing).
bool meets(const RoleLoad& load, const RoleQueue& q, double warn, std::optional<double> wait_now) {
  if (!q.utilization || *q.utilization >= warn || *q.utilization >= 1) return false;
  if (!q.wait_hours) return load.arrivals_per_week <= 0;
  return wait_no_longer(q, wait_now);
}

// The fewest hires (at most kMaxHeadcount) that bring `capacity` to the goal.
std::optional<facts::StaffingOption> with_hires(const RoleLoad& load, double capacity, double warn,
                                                std::optional<double> wait_now) {
  const double per_member = load.role->capacity.value;
  double first =
      std::max(0.0, std::floor((load.demand_hours_per_week / warn - capacity) / per_member + 1e-9));
  auto found =
      fewest_added(load.demand_hours_per_week, load.arrivals_per_week, per_member, capacity, first,
                   [&](const RoleQueue& q) { return meets(load, q, warn, wait_now); });
  if (!found) return std::nullopt;
  facts::StaffingOption option;
  option.hires = found->first;
  option.utilization = *found->second.utilization;
  option.wait_hours = found->second.wait_hours;
  return option;
}

}  // namespace

void staffing_options(const RoleLoad& load, double warn, facts::OverloadedRole& said) {
  const Role& role = *load.role;
  const double per_member = role.capacity.value;
  if (per_member <= 0) return;
  said.hire = with_hires(load, load.capacity_hours_per_week, warn, load.queue_wait_hours);
  if (said.hire && said.hire->hires == 0) said.hire.reset();
  if (!load.training_counted) return;
  // Train first those whose training adds the most hours (ties: file order), until it does.
  std::vector<std::size_t> order(role.members.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return load.member_share[a] < load.member_share[b];
  });
  facts::StaffingOption train;
  double capacity = load.capacity_hours_per_week;
  for (std::size_t m : order) {
    if (load.member_share[m] >= 1) break;
    capacity += (1 - load.member_share[m]) * per_member;
    train.trained.push_back(role.members[m].name.value);
    RoleQueue q =
        role_queue(load.demand_hours_per_week, load.arrivals_per_week, capacity, per_member);
    if (meets(load, q, warn, load.queue_wait_hours)) {
      train.utilization = *q.utilization;
      train.wait_hours = q.wait_hours;
      said.train = std::move(train);
      return;
    }
  }
  if (train.trained.empty()) return;
  // Training everyone is not enough: hire as well.
  if (auto more = with_hires(load, capacity, warn, load.queue_wait_hours)) {
    more->trained = std::move(train.trained);
    said.train = std::move(*more);
  }
}

std::optional<facts::CrossTraining> cross_training(const std::vector<RoleLoad>& loads,
                                                   std::size_t r, std::string_view skill,
                                                   std::string_view holder, double warn) {
  const Role& role = *loads[r].role;
  auto lacks = [&](const Role& in, const Member& m) {
    if (skill.empty()) return true;
    auto has = [&](const TextList& list) {
      return std::any_of(list.begin(), list.end(), [&](const Text& s) { return s.value == skill; });
    };
    return !has(in.skills) && !has(m.skills);
  };
  auto first_lacking = [&](std::size_t k) -> const Member* {
    for (const Member& m : loads[k].role->members) {
      if (m.name.value != holder && lacks(*loads[k].role, m)) return &m;
    }
    return nullptr;
  };
  auto candidate = [&](std::size_t k, const Member& m) {
    return facts::CrossTraining{
        .member = m.name.value,
        .role = loads[k].role,
        .same_role = k == r,
        .backup_role = k != r && role.backup && loads[k].role->meta.id.value == role.backup.value,
        .utilization = loads[k].utilization};
  };
  if (!skill.empty()) {
    if (const Member* m = first_lacking(r)) return candidate(r, *m);
  }
  if (role.backup) {
    for (std::size_t k = 0; k < loads.size(); ++k) {
      if (k == r || loads[k].role->meta.id.value != role.backup.value) continue;
      if (const Member* m = first_lacking(k)) return candidate(k, *m);
      break;
    }
  }
  // The least-loaded other role with named people and room under the threshold.
  std::optional<std::size_t> best;
  for (std::size_t k = 0; k < loads.size(); ++k) {
    const RoleLoad& l = loads[k];
    if (k == r || l.role->members.empty() || l.role->capacity.value <= 0) continue;
    double u = l.utilization.value_or(0);
    if (u >= warn || !first_lacking(k)) continue;
    if (!best || u < loads[*best].utilization.value_or(0)) best = k;
  }
  if (!best) return std::nullopt;
  return candidate(*best, *first_lacking(*best));
}

void training_findings(const Model& model, const std::vector<char>& selected,
                       const std::vector<RoleLoad>& loads, std::int64_t today, FindingSink& sink) {
  const double limit = retrain_days(model);
  const std::vector<RequiredTraining> trainings = required_trainings(model);
  for (const RequiredTraining& training : trainings) {
    const Role& role = *training.role;
    const RoleLoad& load = loads[static_cast<std::size_t>(&role - model.roles.data())];
    std::vector<const Process*> required;
    for (const Process* p : training.processes) {
      if (selected[static_cast<std::size_t>(p - model.processes.data())]) required.push_back(p);
    }
    const double per_member = role.capacity.value;
    for (std::size_t m = 0; m < role.members.size(); ++m) {
      const Member& member = role.members[m];
      facts::UntrainedMember said;
      said.role = &role;
      said.member = &member;
      double gained_share = 0;
      for (const Process* p : required) {
        TrainingStatus status = training_status(member, *p, today, limit);
        if (status.state == TrainingState::Current) {
          if (!status.due) continue;
          Finding f = sink.at(rule::kRetrainingDue, role, status.record->loc);
          f.roles.push_back(role.meta.id.value);
          f.process = p->meta.id.value;
          f.facts = facts::RetrainingDue{.role = &role,
                                         .member = &member,
                                         .process = p,
                                         .record = status.record,
                                         .age_days = today - status.record->date.value.days,
                                         .limit_days = limit};
          f.change.kind = ChangeKind::Retrain;
          sink.add(std::move(f));
          continue;
        }
        said.gaps.push_back({p, status.record});
        for (const ProcessDemand& d : load.demand_by_process) {
          if (&model.processes[d.process] == p && load.demand_hours_per_week > 0)
            gained_share += d.hours_per_week / load.demand_hours_per_week;
        }
      }
      if (said.gaps.empty()) continue;
      said.gain_hours = std::min(gained_share, 1 - load.member_share[m]) * per_member;
      if (load.demand_hours_per_week > 0) {
        said.utilization_before = load.utilization;
        said.wait_before = load.queue_wait_hours;
        RoleQueue after = role_queue(load.demand_hours_per_week, load.arrivals_per_week,
                                     load.capacity_hours_per_week + said.gain_hours, per_member);
        said.utilization_after = after.utilization;
        said.wait_after = after.wait_hours;
      }
      Finding f = sink.at(rule::kUntrainedMember, role, member.name.loc);
      f.roles.push_back(role.meta.id.value);
      f.people_needed = 1;
      f.facts = std::move(said);
      f.change.kind = ChangeKind::TrainMember;
      sink.add(std::move(f));
    }
  }
}

}  // namespace opsflow::detail
