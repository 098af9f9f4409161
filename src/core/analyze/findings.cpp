// The findings of SPEC §4, each with the saving of the change it suggests.
#include "findings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>

#include "opsflow/base/parallel.hpp"
#include "opsflow/base/text.hpp"
#include "what_if.hpp"

namespace opsflow::detail {

Limits limits_of(const Model& model) {
  const Thresholds defaults;
  const Thresholds& t = model.config() ? model.config()->thresholds : defaults;
  return {t.utilization_warn.value, t.wait_share.value, t.handoffs.value};
}

bool FindingSink::settle(Finding& f, Severity proposed) const {
  auto severity = policy_.resolve(f.rule, f.file, f.loc.line, proposed);
  if (severity) f.severity = *severity;
  return severity.has_value();
}

Finding FindingSink::at(Rule rule, const Document& doc, SourceLoc loc) const {
  Finding f;
  f.rule = rule;
  f.file = model_.path_of(doc);
  f.loc = loc.line ? loc : doc.meta.id.loc;
  return f;
}

namespace {

// Savings below a millisecond (of lead time or of work per instance) are rounding, not time.
constexpr double kNoSaving = 1e-3;

// A finding of one process, waiting for the saving of the change it proposes.
struct Pending {
  Finding finding;
  std::optional<WhatIf> change;
  std::size_t index = 0;  // of the change in the process's WhatIfs
};

// Sets the two measures of SPEC §4 on `f`: `lead` seconds of expected lead time and `work`
// seconds of staff time per instance, each as hours a week when the process has a frequency.
// A measure in which the change saves nothing is left out (never "saves 0s").
void set_savings(Finding& f, std::optional<double> lead, double work, const ProcessAnalysis& a) {
  if (lead && *lead > kNoSaving) {
    f.lead_saving = *lead;
    if (a.frequency_per_week)
      f.lead_saving_hours_per_week = *lead / kSecondsPerHour * *a.frequency_per_week;
  }
  if (work > kNoSaving && a.frequency_per_week)
    f.work_saving_hours_per_week = work / kSecondsPerHour * *a.frequency_per_week;
}

}  // namespace

void process_findings(const ProcessAnalysis& a, const Limits& limits, FindingSink& sink) {
  const Process& p = *a.process;
  const StepGraph& graph = p.graph;
  WhatIfs what_ifs(a);
  std::vector<Pending> pending;
  auto step_finding = [&](Rule rule, std::size_t i, SourceLoc loc) {
    Finding f = sink.at(rule, p, loc.line ? loc : p.steps[i].id.loc);
    f.process = p.meta.id.value;
    f.steps.push_back(p.steps[i].id.value);
    if (p.steps[i].role) f.roles.push_back(p.steps[i].role.value);
    return f;
  };
  // Keeps `f` (as the policy allows) with the change whose saving it proposes.
  auto propose = [&](Finding f, ChangeKind kind, std::optional<WhatIf> change) {
    f.change.kind = kind;
    if (!sink.settle(f)) return;
    Pending& entry = pending.emplace_back();
    entry.finding = std::move(f);
    if (change) {
      entry.change = change;
      entry.index = what_ifs.add(*change);
    }
  };
  auto wait_change = [&](std::size_t i, double wait) {
    return WhatIf{.kind = WhatIf::Kind::Wait, .step = i, .first = 0, .wait = wait};
  };
  auto removal = [&](std::size_t i) {
    return WhatIf{.kind = WhatIf::Kind::Remove, .step = i, .first = 0, .wait = 0};
  };
  auto merge = [&](std::size_t first, std::size_t second) {
    return WhatIf{.kind = WhatIf::Kind::Merge, .step = second, .first = first, .wait = 0};
  };

  // A step that must stay (`keep`) is never proposed for removal or merging: findings about it
  // propose halving its wait, or nothing when it has none.
  // The reason (`keep`) is shown in the SOP; the change only says that the step stays.
  auto propose_for_kept = [&](Finding f, std::size_t i) {
    if (a.steps[i].wait > 0) {
      propose(std::move(f), ChangeKind::HalveWaitStepStays, wait_change(i, a.steps[i].wait / 2));
    } else {
      propose(std::move(f), ChangeKind::None, std::nullopt);
    }
  };

  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const Step& step = p.steps[i];
    const StepTiming& t = a.steps[i];
    const bool kept = step.keep.present;
    double wait = t.wait * t.rework_multiplier;
    if (wait > 0 && a.lead_time > 0 && wait >= limits.wait_share * a.lead_time) {
      Finding f = step_finding(rule::kLongWait, i, step.wait.loc);
      f.facts = facts::LongWait{.step = &step, .wait = wait, .lead = a.lead_time, .reach = t.reach};
      if (kept) {
        propose_for_kept(std::move(f), i);
      } else {
        propose(std::move(f), ChangeKind::RemoveWait, wait_change(i, 0));
      }
    }
    // On the critical path of the instances that run it, in some scenario (an approval on a 30%
    // branch is on the critical path of those 30%).
    if (step.type.value == StepType::Approval && t.criticality > 0) {
      Finding f = step_finding(rule::kApprovalOnCriticalPath, i, step.type.loc);
      f.facts = facts::ApprovalOnCriticalPath{
          .step = &step, .wait = wait, .spent = t.duration * t.rework_multiplier, .reach = t.reach};
      if (kept) {
        propose_for_kept(std::move(f), i);
      } else {
        propose(std::move(f), ChangeKind::RemoveApproval, removal(i));
      }
    }
    if (step.type.value == StepType::Approval) {
      for (std::size_t before : graph.predecessors[i]) {
        if (p.steps[before].type.value != StepType::Approval) continue;
        Finding f = step_finding(rule::kConsecutiveApprovals, i, step.type.loc);
        f.steps.insert(f.steps.begin(), p.steps[before].id.value);
        if (p.steps[before].role) f.roles.insert(f.roles.begin(), p.steps[before].role.value);
        const bool stays = kept || p.steps[before].keep.present;
        f.facts = facts::ConsecutiveApprovals{
            .first = &p.steps[before], .second = &step, .wait = wait, .must_stay = stays};
        if (stays) {
          // Kept approvals are not merged; only this one's wait can shrink.
          if (t.wait == 0) continue;
          propose(std::move(f), ChangeKind::HalveWaitApprovalsStay, wait_change(i, t.wait / 2));
        } else {
          // One joint approval: the first's wait and rework over both durations (SPEC §4).
          propose(std::move(f), ChangeKind::MergeApprovals, merge(before, i));
        }
      }
    }
    const auto& preds = graph.predecessors[i];
    // Not a decision's branch (it runs only when taken) nor an optional step: one step would
    // always run both.
    if (preds.size() == 1 && step.role && t.wait == 0 && step.type.value != StepType::Approval &&
        step.probability.value == 1) {
      const Step& prev = p.steps[preds.front()];
      if (prev.role && prev.role.value == step.role.value &&
          prev.type.value != StepType::Approval && prev.type.value != StepType::Decision && !kept &&
          !prev.keep.present) {
        Finding f = step_finding(rule::kMergeCandidate, i, step.id.loc);
        f.steps.insert(f.steps.begin(), prev.id.value);
        f.facts = facts::MergeCandidate{.first = &prev, .second = &step};
        propose(std::move(f), ChangeKind::MergeSteps, merge(preds.front(), i));
      }
    }
    // An SLA covers the step's wait + duration, per run (SPEC §4).
    if (step.sla && t.reach > 0 && t.wait + t.duration > step.sla.value + kNoSaving) {
      Finding f = step_finding(rule::kSlaAtRisk, i, step.sla.loc);
      const double sla = step.sla.value;
      f.facts = facts::SlaAtRisk{.step = &step, .wait = t.wait, .duration = t.duration, .sla = sla};
      if (t.duration < sla) {
        f.change.amount = sla - t.duration;
        propose(std::move(f), ChangeKind::CutWaitTo, wait_change(i, sla - t.duration));
      } else {
        propose(std::move(f), ChangeKind::ShortenWork, std::nullopt);
      }
    }
    if (step.value.value == ValueClass::None) {
      Finding f = step_finding(rule::kNonValueAdd, i, step.value.loc);
      f.facts = facts::NonValueAdd{.step = &step, .duration = t.duration};
      if (kept) {
        propose_for_kept(std::move(f), i);
      } else {
        propose(std::move(f), ChangeKind::RemoveStep, removal(i));
      }
    }
  }

  // Every change evaluated over the scenarios at once.
  std::vector<std::optional<double>> lead = what_ifs.lead_savings();
  for (Pending& entry : pending) {
    if (entry.change) {
      std::optional<double> saved = lead[entry.index];
      // A merge that would lengthen the lead time is no merge candidate (SPEC §4).
      if (entry.change->kind == WhatIf::Kind::Merge && saved && *saved < -kNoSaving) continue;
      entry.finding.change.not_estimated = !saved;
      set_savings(entry.finding, saved, what_ifs.work_saving(*entry.change), a);
    }
    sink.keep(std::move(entry.finding));
  }

  if (a.handoffs > limits.handoffs) {
    Finding f = sink.at(rule::kHandoffHeavy, p, p.meta.id.loc);
    f.process = p.meta.id.value;
    std::set<std::string> roles;
    for (std::size_t v : a.critical_path) {
      if (p.steps[v].role) roles.insert(p.steps[v].role.value);
    }
    f.roles.assign(roles.begin(), roles.end());
    f.facts =
        facts::HandoffHeavy{.process = &p, .handoffs = a.handoffs, .threshold = limits.handoffs};
    f.change.kind = ChangeKind::FewerRoles;
    sink.add(std::move(f));
  }
}

void target_findings(const Model& model, const ProcessAnalysis& a, FindingSink& sink) {
  const Process& p = *a.process;
  for (const SpanTiming& span : a.spans) {
    if (!span.expected) continue;
    const Metric& m = *span.metric;
    const bool lower = m.direction.value == Direction::LowerIsBetter;
    for (const Goal& goal : model.goals) {
      for (const KeyResult& kr : goal.key_results) {
        if (kr.metric.value != m.meta.id.value || !kr.target || !kr.target.value.is_duration)
          continue;
        const double target = kr.target.value.value;
        if (lower ? *span.expected <= target : *span.expected >= target) continue;
        Finding f = sink.at(rule::kTargetAtRisk, goal, kr.target.loc);
        f.process = p.meta.id.value;
        f.steps = {p.steps[span.from].id.value, p.steps[span.to].id.value};
        f.facts = facts::TargetAtRisk{.metric = &m,
                                      .process = &p,
                                      .from = &p.steps[span.from],
                                      .to = &p.steps[span.to],
                                      .goal = &goal,
                                      .expected = *span.expected,
                                      .target = target,
                                      .lower_is_better = lower};
        f.change.kind = ChangeKind::ShortenSpan;
        sink.add(std::move(f));
      }
    }
  }
}

namespace {

// Names of the members of `role` holding `skill` (role-wide skills: everybody).
// Views into the model; an unnamed member (a role with a headcount) is an empty view, and at most
// two of those are listed: only "nobody" and "one person" matter.
std::vector<std::string_view> holders(const Role& role, std::string_view skill) {
  std::vector<std::string_view> names;
  bool role_wide = std::any_of(role.skills.begin(), role.skills.end(),
                               [&](const Text& s) { return s.value == skill; });
  for (const Member& m : role.members) {
    if (role_wide || std::any_of(m.skills.begin(), m.skills.end(),
                                 [&](const Text& s) { return s.value == skill; })) {
      names.push_back(m.name.value);
    }
  }
  if (role.members.empty() && role_wide) {
    for (int i = 0; i < std::min(2, static_cast<int>(role.people())); ++i) names.emplace_back();
  }
  return names;
}

// Where a role works: its steps in the selected processes, and the processes whose critical
// path it is on.
struct RoleUse {
  bool used = false;
  // The steps that need skills, as (process, step index).
  std::vector<std::pair<const Process*, std::size_t>> skilled_steps;
  std::vector<std::size_t> critical_in;  // process indices, ascending
};

}  // namespace

void role_findings(const std::vector<ProcessAnalysis>& all, const std::vector<ProcessFacts>& facts,
                   const std::vector<char>& selected, const std::vector<RoleLoad>& loads,
                   const Limits& limits, FindingSink& sink) {
  std::vector<RoleUse> uses(loads.size());
  for (std::size_t pi = 0; pi < all.size(); ++pi) {
    if (!selected[pi]) continue;
    const ProcessAnalysis& a = all[pi];
    for (std::size_t i = 0; i < facts[pi].steps.size(); ++i) {
      std::uint32_t role = facts[pi].steps[i].role;
      if (role == kNoRole) continue;
      RoleUse& use = uses[role];
      use.used = true;
      if (facts[pi].steps[i].needs_skills) use.skilled_steps.emplace_back(a.process, i);
      if (a.steps[i].critical && (use.critical_in.empty() || use.critical_in.back() != pi)) {
        use.critical_in.push_back(pi);
      }
    }
  }
  for (std::size_t r = 0; r < loads.size(); ++r) {
    const RoleLoad& load = loads[r];
    const Role& role = *load.role;
    const RoleUse& use = uses[r];
    if (!use.used) continue;
    auto role_finding = [&](Rule rule) {
      Finding f = sink.at(rule, role, role.meta.id.loc);
      f.roles.push_back(role.meta.id.value);
      return f;
    };
    double per_member = role.capacity.value;
    if (load.utilization && *load.utilization >= limits.utilization_warn) {
      Finding f = role_finding(rule::kOverloadedRole);
      bool saturated = *load.utilization >= 1;
      f.ranks_first = saturated;
      // What hiring or training does (staffing_options); neither is found only beyond any
      // headcount a role may have.
      facts::OverloadedRole said{.role = &role,
                                 .utilization = *load.utilization,
                                 .demand_hours = load.demand_hours_per_week,
                                 .capacity_hours = load.capacity_hours_per_week,
                                 .full_capacity_hours = load.full_capacity_hours_per_week,
                                 .capacity_per_member = per_member,
                                 .threshold = limits.utilization_warn,
                                 .saturated = saturated,
                                 .beyond_headcount = false,
                                 .training_counted = load.training_counted,
                                 .hire = std::nullopt,
                                 .train = std::nullopt};
      staffing_options(load, limits.utilization_warn, said);
      if (per_member <= 0) {
        f.change.kind = ChangeKind::GiveCapacity;
      } else if (!said.hire && !said.train) {
        // More people than any role may have: the inputs are wrong, not the staffing.
        said.beyond_headcount = true;
        f.change.kind = ChangeKind::CheckInputs;
      } else {
        if (said.hire) f.people_needed = said.hire->hires;
        f.change = {.kind = ChangeKind::HireOrTrain,
                    .amount = said.hire ? static_cast<double>(said.hire->hires) : 0,
                    .not_estimated = false};
      }
      f.facts = said;
      sink.add(std::move(f), saturated ? Severity::Error : Severity::Warning);
    }
    if (load.people == 1 && !role.backup && !use.critical_in.empty()) {
      Finding f = role_finding(rule::kSinglePointOfFailure);
      f.people_needed = 1;
      std::vector<std::string_view> critical_in;
      for (std::size_t pi : use.critical_in) critical_in.push_back(all[pi].process->meta.id.value);
      std::sort(critical_in.begin(), critical_in.end());
      RoleQueue two = role_queue(load.demand_hours_per_week, load.arrivals_per_week,
                                 load.capacity_hours_per_week + per_member, per_member);
      f.facts = facts::SinglePointOfFailure{
          .role = &role,
          .critical_in = std::move(critical_in),
          .candidate = cross_training(loads, r, {}, {}, limits.utilization_warn),
          .wait_now = load.queue_wait_hours,
          .wait_with_two = two.wait_hours};
      f.change.kind = std::get<facts::SinglePointOfFailure>(f.facts).candidate
                          ? ChangeKind::CrossTrain
                          : ChangeKind::NameBackupOrTrain;
      sink.add(std::move(f));
    }
    // Skills the role's steps need: who has them.
    // Keyed by views into the model, which the findings keep.
    std::map<std::string_view, std::vector<const Step*>> needed;
    for (const auto& [process, i] : use.skilled_steps) {
      for (const Text& skill : process->steps[i].skills)
        needed[skill.value].push_back(&process->steps[i]);
    }
    for (const auto& entry : needed) {
      std::string_view skill = entry.first;  // a named variable: lambdas capture it (clang 14)
      std::vector<std::string_view> who = holders(role, skill);
      if (who.empty()) {
        for (const auto& [process, i] : use.skilled_steps) {
          const Step& step = process->steps[i];
          auto it = std::find_if(step.skills.begin(), step.skills.end(),
                                 [&](const Text& s) { return s.value == skill; });
          if (it == step.skills.end()) continue;
          Finding f = sink.at(rule::kSkillGap, *process, it->loc);
          f.process = process->meta.id.value;
          f.steps.push_back(step.id.value);
          f.roles.push_back(role.meta.id.value);
          f.people_needed = 1;
          f.facts = facts::SkillGap{.step = &step, .role = &role, .skill = skill};
          f.change.kind = ChangeKind::TrainOne;
          sink.add(std::move(f));
        }
      } else if (who.size() == 1) {
        Finding f = role_finding(rule::kBusFactor);
        f.people_needed = 1;
        // Sorted and unique, copied once: a skill can be needed by thousands of steps.
        std::vector<std::string_view> step_ids;
        step_ids.reserve(entry.second.size());
        for (const Step* s : entry.second) step_ids.push_back(s->id.value);
        std::sort(step_ids.begin(), step_ids.end());
        step_ids.erase(std::unique(step_ids.begin(), step_ids.end()), step_ids.end());
        f.steps.assign(step_ids.begin(), step_ids.end());
        auto candidate = cross_training(loads, r, skill, who.front(), limits.utilization_warn);
        f.change.kind = candidate ? ChangeKind::CrossTrain : ChangeKind::TrainOneMore;
        f.facts = facts::BusFactor{.role = &role,
                                   .holder = who.front(),
                                   .skill = skill,
                                   .steps = step_ids.size(),
                                   .candidate = candidate};
        sink.add(std::move(f));
      }
    }
  }
}

void duplicate_findings(const std::vector<ProcessAnalysis>& all,
                        const std::vector<ProcessFacts>& facts, const std::vector<char>& selected,
                        FindingSink& sink, unsigned jobs) {
  struct Occurrence {
    std::size_t hash;
    std::string_view key;
    std::uint32_t process;
    std::uint32_t step;
  };
  // Group by normalised name and role; only groups across two processes become findings, in
  // the order of their first occurrence. Grouped by sorting (keys hashed once, in the parallel
  // pass): equal keys become neighbours, in step order, without a node or a list per key.
  std::size_t total_steps = 0;
  for (const ProcessFacts& f : facts) total_steps += f.steps.size();
  std::vector<Occurrence> all_occurrences;
  all_occurrences.reserve(total_steps);
  for (std::size_t p = 0; p < all.size(); ++p) {
    for (std::size_t i = 0; i < facts[p].steps.size(); ++i) {
      const StepFacts& step = facts[p].steps[i];
      if (step.key_size == 0) continue;
      all_occurrences.push_back({step.key_hash, facts[p].key(i), static_cast<std::uint32_t>(p),
                                 static_cast<std::uint32_t>(i)});
    }
  }
  std::stable_sort(all_occurrences.begin(), all_occurrences.end(),
                   [](const Occurrence& a, const Occurrence& b) {
                     return a.hash != b.hash ? a.hash < b.hash : a.key < b.key;
                   });
  // Each group as a range of all_occurrences, ordered by its first occurrence.
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  for (std::size_t begin = 0; begin < all_occurrences.size();) {
    std::size_t end = begin + 1;
    while (end < all_occurrences.size() &&
           all_occurrences[end].hash == all_occurrences[begin].hash &&
           all_occurrences[end].key == all_occurrences[begin].key)
      ++end;
    if (end - begin >= 2) ranges.emplace_back(begin, end);
    begin = end;
  }
  std::sort(ranges.begin(), ranges.end(), [&](const auto& a, const auto& b) {
    const Occurrence& x = all_occurrences[a.first];
    const Occurrence& y = all_occurrences[b.first];
    return std::pair(x.process, x.step) < std::pair(y.process, y.step);
  });
  auto hours_per_week = [&](const Occurrence& o) {
    return facts[o.process].steps[o.step].runs_per_week * all[o.process].steps[o.step].duration /
           kSecondsPerHour;
  };
  // Building the findings is independent per group: in parallel, each into its own slot.
  std::vector<std::optional<Finding>> built(ranges.size());
  parallel_for(ranges.size(), jobs, 64, [&](std::size_t g, unsigned) {
    std::span<const Occurrence> occurrences(all_occurrences.data() + ranges[g].first,
                                            ranges[g].second - ranges[g].first);
    bool relevant = std::any_of(occurrences.begin(), occurrences.end(),
                                [&](const Occurrence& o) { return selected[o.process]; });
    if (!relevant) return;
    std::vector<std::string_view> processes;
    for (const Occurrence& o : occurrences)
      processes.push_back(all[o.process].process->meta.id.value);
    std::sort(processes.begin(), processes.end());
    processes.erase(std::unique(processes.begin(), processes.end()), processes.end());
    if (processes.size() < 2) return;
    // Reported at the first occurrence in another process than the first one's.
    const Occurrence* at = &occurrences[1];
    for (const Occurrence& o : occurrences) {
      if (o.process != occurrences[0].process) {
        at = &o;
        break;
      }
    }
    const Process& p = *all[at->process].process;
    const Step& step = p.steps[at->step];
    Finding f = sink.at(rule::kDuplicateWork, p, step.id.loc);
    f.process = p.meta.id.value;
    f.steps.reserve(occurrences.size());
    double total = 0, largest = 0;
    for (const Occurrence& o : occurrences) {
      const Process& in = *all[o.process].process;
      const std::string& id = in.steps[o.step].id.value;
      std::string& qualified = f.steps.emplace_back();
      qualified.reserve(in.meta.id.value.size() + 1 + id.size());
      qualified.append(in.meta.id.value).append(1, '/').append(id);
      double hours = hours_per_week(o);
      total += hours;
      largest = std::max(largest, hours);
    }
    f.roles.push_back(step.role.value);
    f.work_saving_hours_per_week = total - largest;
    facts::DuplicateWork said{.step = &step, .processes = processes.size(), .named = {}};
    std::copy_n(processes.begin(), std::min(said.named.size(), processes.size()),
                said.named.begin());
    f.facts = said;
    f.change.kind = ChangeKind::ShareResult;
    if (sink.settle(f)) built[g] = std::move(f);
  });
  for (std::optional<Finding>& f : built) {
    if (f) sink.keep(std::move(*f));
  }
}

}  // namespace opsflow::detail
