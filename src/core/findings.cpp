// The findings of SPEC §4, each with the saving of the change it suggests, and their ranking.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <unordered_map>

#include "opsflow/analyze.hpp"
#include "opsflow/text.hpp"
#include "parallel.hpp"

namespace opsflow {
namespace {

// The Config's thresholds, or their defaults.
struct Limits {
  double utilization_warn;
  double wait_share;
  double handoffs;
};

Limits limits_of(const Model& model) {
  const Thresholds defaults;
  const Thresholds& t = model.config() ? model.config()->thresholds : defaults;
  return {t.utilization_warn.value, t.wait_share.value, t.handoffs.value};
}

std::string percent(double share) { return fmt::format("{:.0f}%", share * 100); }

std::string hours(double h) { return fmt::format("{:.1f}h", h); }

// Collects findings of one kind of analysis, resolving severities through the policy.
class FindingSink {
 public:
  FindingSink(const Model& model, const SeverityPolicy& policy, std::vector<Finding>& out)
      : model_(model), policy_(policy), out_(out) {}

  void add(Finding f, Severity proposed) {
    auto severity = policy_.resolve(f.rule, f.file, f.loc.line, proposed);
    if (!severity) return;
    f.severity = *severity;
    out_.push_back(std::move(f));
  }

  Finding at(std::string rule, const Document& doc, SourceLoc loc) const {
    Finding f;
    f.rule = std::move(rule);
    f.file = model_.path_of(doc);
    f.loc = loc.line ? loc : doc.meta.id.loc;
    return f;
  }

 private:
  const Model& model_;
  const SeverityPolicy& policy_;
  std::vector<Finding>& out_;
};

// What one process's nominal lead time would be with `change` applied to its elapsed times.
class LeadTimeSaving {
 public:
  explicit LeadTimeSaving(const ProcessAnalysis& a) : a_(a), graph_(a.process->graph) {
    for (const StepTiming& t : a.steps) elapsed_.push_back(t.elapsed);
  }

  // Sets the per-instance and per-week saving of the change on `f`.
  template <class Change>
  void apply(Finding& f, Change change) const {
    std::vector<double> changed = elapsed_;
    change(changed);
    double saving = std::max(0.0, a_.lead_time - longest_path(graph_, changed));
    f.saving_per_instance = saving;
    if (a_.frequency_per_week) f.saving_hours_per_week = saving / kSecondsPerHour * *a_.frequency_per_week;
  }

  // Elapsed time of step i without its wait.
  double without_wait(std::size_t i) const { return a_.steps[i].duration * a_.steps[i].rework_multiplier; }

  // Sets the saving of taking step i out of the process: it takes no time, and its own rework
  // loop (and its place in other loops) goes with it.
  void apply_removal(Finding& f, std::size_t i) const {
    std::vector<double> multiplier = rework_multipliers(a_.loops, a_.steps.size(), i);
    apply(f, [&](std::vector<double>& e) {
      for (std::size_t x = 0; x < e.size(); ++x) e[x] = (a_.steps[x].wait + a_.steps[x].duration) * multiplier[x];
    });
  }

 private:
  const ProcessAnalysis& a_;
  const StepGraph& graph_;
  std::vector<double> elapsed_;
};

void process_findings(const ProcessAnalysis& a, const Limits& limits, FindingSink& sink) {
  const Process& p = *a.process;
  const StepGraph& graph = p.graph;
  LeadTimeSaving saving(a);
  auto step_finding = [&](const char* rule, std::size_t i, SourceLoc loc) {
    Finding f = sink.at(rule, p, loc.line ? loc : p.steps[i].id.loc);
    f.process = p.meta.id.value;
    f.steps.push_back(p.steps[i].id.value);
    if (p.steps[i].role) f.roles.push_back(p.steps[i].role.value);
    return f;
  };

  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const Step& step = p.steps[i];
    const StepTiming& t = a.steps[i];
    double wait = t.wait * t.rework_multiplier;
    if (wait > 0 && a.lead_time > 0 && wait >= limits.wait_share * a.lead_time) {
      Finding f = step_finding("long-wait", i, step.wait.loc);
      f.message = fmt::format("{} waits {} before it starts, {} of the {} lead time", describe(step),
                              format_duration_approx(wait), percent(wait / a.lead_time),
                              format_duration_approx(a.lead_time));
      f.change = "remove the wait";
      saving.apply(f, [&](std::vector<double>& e) { e[i] = saving.without_wait(i); });
      sink.add(std::move(f), Severity::Warning);
    }
    if (step.type.value == StepType::Approval && t.critical) {
      Finding f = step_finding("approval-on-critical-path", i, step.type.loc);
      f.message = fmt::format("approval {} is on the critical path: every instance waits {} for "
                              "it and spends {} in it",
                              describe(step), format_duration_approx(wait),
                              format_duration_approx(t.duration * t.rework_multiplier));
      f.change = "remove the approval";
      saving.apply_removal(f, i);
      sink.add(std::move(f), Severity::Info);
    }
    if (step.type.value == StepType::Approval) {
      for (std::size_t before : graph.predecessors[i]) {
        if (p.steps[before].type.value != StepType::Approval) continue;
        Finding f = step_finding("consecutive-approvals", i, step.type.loc);
        f.steps.insert(f.steps.begin(), p.steps[before].id.value);
        if (p.steps[before].role) f.roles.insert(f.roles.begin(), p.steps[before].role.value);
        f.message = fmt::format("approval {} comes right after approval {}; one joint approval "
                                "would skip its {} wait",
                                describe(step), describe(p.steps[before]), format_duration_approx(wait));
        f.change = "merge the two approvals";
        saving.apply(f, [&](std::vector<double>& e) { e[i] = saving.without_wait(i); });
        sink.add(std::move(f), Severity::Warning);
      }
    }
    const auto& preds = graph.predecessors[i];
    if (preds.size() == 1 && step.role && t.wait == 0 && step.type.value != StepType::Approval) {
      const Step& prev = p.steps[preds.front()];
      if (prev.role && prev.role.value == step.role.value && prev.type.value != StepType::Approval) {
        Finding f = step_finding("merge-candidate", i, step.id.loc);
        f.steps.insert(f.steps.begin(), prev.id.value);
        f.message = fmt::format("{} follows only {}, done by the same role without a wait; the "
                                "two could be one step",
                                describe(step), describe(prev));
        f.change = "merge into one step";
        saving.apply(f, [&](std::vector<double>& e) { e[i] = saving.without_wait(i); });
        sink.add(std::move(f), Severity::Info);
      }
    }
    if (step.value.value == ValueClass::None) {
      Finding f = step_finding("non-value-add", i, step.value.loc);
      f.message = fmt::format("{} adds neither customer nor business value (value: none) and takes "
                              "{} of work",
                              describe(step), format_duration_approx(t.duration));
      f.change = "remove the step";
      saving.apply_removal(f, i);
      sink.add(std::move(f), Severity::Info);
    }
  }
  if (a.handoffs > limits.handoffs) {
    Finding f = sink.at("handoff-heavy", p, p.meta.id.loc);
    f.process = p.meta.id.value;
    std::set<std::string> roles;
    for (std::size_t v : a.critical_path) {
      if (p.steps[v].role) roles.insert(p.steps[v].role.value);
    }
    f.roles.assign(roles.begin(), roles.end());
    f.message = fmt::format("the critical path of {} changes hands {} times (threshold {:g}); each "
                            "handoff is a queue and a chance to lose context",
                            describe(p), a.handoffs, limits.handoffs);
    f.change = "fewer roles on the critical path";
    sink.add(std::move(f), Severity::Warning);
  }
}

// Names of the members of `role` holding `skill` (role-wide skills: everybody).
std::vector<std::string> holders(const Role& role, const std::string& skill) {
  std::vector<std::string> names;
  bool role_wide = std::any_of(role.skills.begin(), role.skills.end(),
                               [&](const Text& s) { return s.value == skill; });
  for (const Member& m : role.members) {
    if (role_wide || std::any_of(m.skills.begin(), m.skills.end(),
                                 [&](const Text& s) { return s.value == skill; })) {
      names.push_back(m.name.value);
    }
  }
  if (role.members.empty() && role_wide) {
    for (int i = 0; i < static_cast<int>(role.people()); ++i) names.emplace_back();
  }
  return names;
}

struct RoleUse {
  std::vector<std::pair<const Process*, std::size_t>> steps;  // (process, step index)
  std::set<std::string_view> critical_in;                     // process ids
};

// `loads` are in model order, one per role; `selected` flags the processes reported on.
void role_findings(const std::vector<ProcessAnalysis>& all, const std::vector<char>& selected,
                   const std::vector<RoleLoad>& loads, const Limits& limits, FindingSink& sink) {
  std::unordered_map<std::string_view, std::size_t> role_index;
  for (std::size_t r = 0; r < loads.size(); ++r) role_index.emplace(loads[r].role->meta.id.value, r);
  std::vector<RoleUse> uses(loads.size());
  for (std::size_t pi = 0; pi < all.size(); ++pi) {
    if (!selected[pi]) continue;
    const ProcessAnalysis& a = all[pi];
    for (std::size_t i = 0; i < a.process->steps.size(); ++i) {
      const Step& step = a.process->steps[i];
      auto r = step.role ? role_index.find(step.role.value) : role_index.end();
      if (r == role_index.end()) continue;
      RoleUse& use = uses[r->second];
      use.steps.emplace_back(a.process, i);
      if (a.steps[i].critical) use.critical_in.insert(a.process->meta.id.value);
    }
  }
  for (std::size_t r = 0; r < loads.size(); ++r) {
    const RoleLoad& load = loads[r];
    const Role& role = *load.role;
    const RoleUse& use = uses[r];
    if (use.steps.empty()) continue;
    auto role_finding = [&](const char* rule) {
      Finding f = sink.at(rule, role, role.meta.id.loc);
      f.roles.push_back(role.meta.id.value);
      return f;
    };
    double per_member = role.capacity.value;
    if (load.utilization && *load.utilization >= limits.utilization_warn) {
      Finding f = role_finding("overloaded-role");
      bool saturated = *load.utilization >= 1;
      f.ranks_first = saturated;
      if (per_member > 0) {
        // Clamped before the cast: absurd inputs must not overflow the count.
        double needed = std::ceil(load.demand_hours_per_week / (per_member * limits.utilization_warn) - 1e-9);
        double more = std::clamp(needed - load.people, 1.0, 1e9);
        f.people_needed = static_cast<int>(more);
        std::string util = std::isfinite(*load.utilization) ? percent(*load.utilization) : "no capacity";
        f.message = fmt::format("{} is loaded at {} ({} of work a week for {} of capacity){}; {} more "
                                "member{} would bring it under {}",
                                describe(role), util, hours(load.demand_hours_per_week),
                                hours(load.capacity_hours_per_week),
                                saturated ? ", so its queue grows without bound" : "",
                                *f.people_needed, *f.people_needed == 1 ? "" : "s",
                                percent(limits.utilization_warn));
        f.change = fmt::format("add {} member{}", *f.people_needed, *f.people_needed == 1 ? "" : "s");
      } else {
        f.message = fmt::format("{} has {} of work a week but a capacity of 0, so its queue grows "
                                "without bound",
                                describe(role), hours(load.demand_hours_per_week));
        f.change = "give its members a capacity (e.g. 30h/week)";
      }
      sink.add(std::move(f), saturated ? Severity::Error : Severity::Warning);
    }
    if (load.people == 1 && !role.backup && !use.critical_in.empty()) {
      Finding f = role_finding("single-point-of-failure");
      f.people_needed = 1;
      std::string who = role.members.empty() ? std::string() : fmt::format(" ({})", role.members.front().name.value);
      f.message = fmt::format("{} has one member{} and no backup, and is on the critical path of {}",
                              describe(role), who, fmt::join(use.critical_in, ", "));
      f.change = "name a backup role or train 1 more person";
      sink.add(std::move(f), Severity::Warning);
    }
    // Skills the role's steps need: who has them.
    std::map<std::string, std::vector<const Step*>> needed;
    for (const auto& [process, i] : use.steps) {
      for (const Text& skill : process->steps[i].skills) needed[skill.value].push_back(&process->steps[i]);
    }
    for (const auto& [skill, steps] : needed) {
      std::vector<std::string> who = holders(role, skill);
      if (who.empty()) {
        for (const auto& [process, i] : use.steps) {
          const Step& step = process->steps[i];
          auto it = std::find_if(step.skills.begin(), step.skills.end(),
                                 [&](const Text& s) { return s.value == skill; });
          if (it == step.skills.end()) continue;
          Finding f = sink.at("skill-gap", *process, it->loc);
          f.process = process->meta.id.value;
          f.steps.push_back(step.id.value);
          f.roles.push_back(role.meta.id.value);
          f.people_needed = 1;
          f.message = fmt::format("{} needs skill '{}', which nobody in {} has", describe(step),
                                  skill, describe(role));
          f.change = "train 1 person";
          sink.add(std::move(f), Severity::Warning);
        }
      } else if (who.size() == 1) {
        Finding f = role_finding("bus-factor");
        f.people_needed = 1;
        std::set<std::string> step_ids;
        for (const Step* s : steps) step_ids.insert(s->id.value);
        f.steps.assign(step_ids.begin(), step_ids.end());
        f.message = fmt::format("only {} in {} has skill '{}', needed by {} step{}",
                                who.front().empty() ? "one person" : who.front(), describe(role),
                                skill, step_ids.size(), step_ids.size() == 1 ? "" : "s");
        f.change = "train 1 more person";
        sink.add(std::move(f), Severity::Info);
      }
    }
  }
}

void duplicate_findings(const std::vector<ProcessAnalysis>& all, const std::vector<char>& selected,
                        FindingSink& sink) {
  struct Occurrence {
    const ProcessAnalysis* analysis;
    std::size_t step;
    double hours_per_week;
  };
  // Group by normalised name and role; only groups across two processes become findings, in
  // the order of their first occurrence.
  // The keys (normalised name + role) are computed in parallel, per process; grouping is a
  // single pass over them.
  std::vector<std::vector<std::string>> keys(all.size());
  detail::parallel_for(all.size(), detail::worker_count(0, all.size()), 16, [&](std::size_t p, unsigned) {
    const Process& process = *all[p].process;
    keys[p].resize(process.steps.size());
    for (std::size_t i = 0; i < process.steps.size(); ++i) {
      const Step& step = process.steps[i];
      if (!step.role) continue;
      std::string& key = keys[p][i];
      key = normalise_step_name(step.display_name());
      key += '\0';
      key += step.role.value;
    }
  });
  std::size_t total_steps = 0;
  for (const auto& k : keys) total_steps += k.size();
  std::unordered_map<std::string_view, std::size_t> group_of;
  group_of.reserve(total_steps);
  std::vector<std::vector<Occurrence>> groups;
  for (std::size_t p = 0; p < all.size(); ++p) {
    const ProcessAnalysis& a = all[p];
    for (std::size_t i = 0; i < a.process->steps.size(); ++i) {
      const Step& step = a.process->steps[i];
      if (!step.role) continue;
      double work = a.frequency_per_week
                        ? *a.frequency_per_week * step.probability.value * a.steps[i].duration *
                              a.steps[i].rework_multiplier / kSecondsPerHour
                        : 0;
      auto [it, inserted] = group_of.try_emplace(keys[p][i], groups.size());
      if (inserted) groups.emplace_back();
      groups[it->second].push_back({&a, i, work});
    }
  }
  // Building the findings is independent per group: in parallel, each into its own slot.
  std::vector<std::optional<Finding>> built(groups.size());
  detail::parallel_for(groups.size(), detail::worker_count(0, groups.size()), 64,
                       [&](std::size_t g, unsigned) {
    const std::vector<Occurrence>& occurrences = groups[g];
    if (occurrences.size() < 2) return;
    bool relevant = std::any_of(occurrences.begin(), occurrences.end(), [&](const Occurrence& o) {
      return selected[static_cast<std::size_t>(o.analysis - all.data())];
    });
    if (!relevant) return;
    std::vector<std::string_view> processes;
    for (const Occurrence& o : occurrences) processes.push_back(o.analysis->process->meta.id.value);
    std::sort(processes.begin(), processes.end());
    processes.erase(std::unique(processes.begin(), processes.end()), processes.end());
    if (processes.size() < 2) return;
    // Reported at the first occurrence in another process than the first one's.
    const Occurrence* at = &occurrences[1];
    for (const Occurrence& o : occurrences) {
      if (o.analysis != occurrences[0].analysis) {
        at = &o;
        break;
      }
    }
    const Process& p = *at->analysis->process;
    const Step& step = p.steps[at->step];
    Finding f = sink.at("duplicate-work", p, step.id.loc);
    f.process = p.meta.id.value;
    f.steps.reserve(occurrences.size());
    double total = 0, largest = 0;
    for (const Occurrence& o : occurrences) {
      const Process& in = *o.analysis->process;
      f.steps.push_back(in.meta.id.value + "/" + in.steps[o.step].id.value);
      total += o.hours_per_week;
      largest = std::max(largest, o.hours_per_week);
    }
    f.roles.push_back(step.role.value);
    f.saving_hours_per_week = total - largest;
    constexpr std::size_t kNamed = 3;
    std::string names = fmt::format(
        "{}", fmt::join(processes.begin(), processes.begin() + static_cast<std::ptrdiff_t>(
                                                               std::min(kNamed, processes.size())),
                        ", "));
    if (processes.size() > kNamed) names += fmt::format(" and {} more", processes.size() - kNamed);
    f.message = fmt::format("'{}' by role '{}' is done in {} processes: {}", step.display_name(),
                            step.role.value, processes.size(), names);
    f.change = "do it once and share the result";
    built[g] = std::move(f);
  });
  for (std::optional<Finding>& f : built) {
    if (f) sink.add(std::move(*f), Severity::Info);
  }
}

// Ranking: roles at or above 100% first; then findings that save lead time each week (most
// first); then those whose process has no frequency, by their saving per instance; then the rest
// by severity.
int tier(const Finding& f) {
  if (f.ranks_first) return 0;
  if (f.saving_hours_per_week.value_or(0) > 0) return 1;
  if (!f.saving_hours_per_week && f.saving_per_instance.value_or(0) > 0) return 2;
  return 3;
}

// What the ranking compares first, computed once per finding.
struct RankKey {
  int tier;
  double per_week;
  double per_instance;
  Severity severity;
};

RankKey rank_key(const Finding& f) {
  return {tier(f), f.saving_hours_per_week.value_or(0), f.saving_per_instance.value_or(0), f.severity};
}

bool finding_before(const RankKey& ka, const Finding& a, const RankKey& kb, const Finding& b) {
  if (ka.tier != kb.tier) return ka.tier < kb.tier;
  if (ka.per_week != kb.per_week) return ka.per_week > kb.per_week;
  if (ka.per_instance != kb.per_instance) return ka.per_instance > kb.per_instance;
  if (ka.severity != kb.severity) return ka.severity > kb.severity;
  return std::tie(a.rule, a.file, a.loc.line, a.loc.col, a.steps, a.roles) <
         std::tie(b.rule, b.file, b.loc.line, b.loc.col, b.steps, b.roles);
}

// Ranks findings by sorting indices (findings are large), then moves them into place once.
std::vector<Finding> ranked(std::vector<Finding> findings) {
  std::vector<RankKey> keys;
  keys.reserve(findings.size());
  for (const Finding& f : findings) keys.push_back(rank_key(f));
  std::vector<std::size_t> order(findings.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return finding_before(keys[a], findings[a], keys[b], findings[b]);
  });
  std::vector<Finding> out;
  out.reserve(order.size());
  for (std::size_t i : order) out.push_back(std::move(findings[i]));
  return out;
}

}  // namespace

Analysis analyze(const Model& model, const AnalyzeOptions& options, const SeverityPolicy& policy) {
  std::vector<std::string_view> ids;
  for (const Process& p : model.processes) ids.push_back(p.meta.id.value);
  for (const std::string& wanted : options.processes) {
    if (std::find(ids.begin(), ids.end(), wanted) == ids.end()) {
      throw Error(fmt::format("--process: no process '{}'{}", wanted, did_you_mean_suffix(wanted, ids)));
    }
  }
  std::size_t n = model.processes.size();
  std::vector<char> selected(n, options.processes.empty() ? 1 : 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (std::find(options.processes.begin(), options.processes.end(), ids[i]) != options.processes.end()) {
      selected[i] = 1;
    }
  }

  // Role load needs every process; the report covers the selected ones. Processes are
  // independent, so they are analysed in parallel, each into its own slot.
  std::vector<ProcessAnalysis> all(n);
  std::vector<std::vector<Finding>> per_process(n);
  Limits limits = limits_of(model);
  detail::parallel_for(n, detail::worker_count(0, n), 16, [&](std::size_t i, unsigned) {
    all[i] = analyze_process(model.processes[i]);
    if (!selected[i]) return;
    FindingSink sink(model, policy, per_process[i]);
    process_findings(all[i], limits, sink);
  });
  Analysis result;
  result.roles = role_loads(model, all);
  std::size_t count = 0;
  for (const auto& found : per_process) count += found.size();
  std::vector<Finding> findings;
  findings.reserve(count);
  for (auto& found : per_process) std::move(found.begin(), found.end(), std::back_inserter(findings));
  FindingSink sink(model, policy, findings);
  role_findings(all, selected, result.roles, limits, sink);
  duplicate_findings(all, selected, sink);
  result.findings = ranked(std::move(findings));
  for (std::size_t i = 0; i < n; ++i) {
    if (selected[i]) result.processes.push_back(std::move(all[i]));
  }
  return result;
}

}  // namespace opsflow
