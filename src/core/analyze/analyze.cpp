// The analysis as a whole: a parallel pass per process, then the passes across processes, then
// the ranking.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "findings.hpp"
#include "opsflow/base/parallel.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/model/training.hpp"

namespace opsflow {
namespace {

using detail::kNoRole;
using detail::ProcessFacts;

// Role ids -> index in model.roles (the first role with that id).
std::unordered_map<std::string_view, std::uint32_t> role_index(const Model& model) {
  std::unordered_map<std::string_view, std::uint32_t> index;
  for (std::size_t r = 0; r < model.roles.size(); ++r) {
    index.emplace(model.roles[r].meta.id.value, static_cast<std::uint32_t>(r));
  }
  return index;
}

// What the passes across processes need of each step of one analysed process.
ProcessFacts facts_of(const ProcessAnalysis& a,
                      const std::unordered_map<std::string_view, std::uint32_t>& roles) {
  const Process& p = *a.process;
  ProcessFacts facts;
  facts.steps.resize(p.steps.size());
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const Step& step = p.steps[i];
    detail::StepFacts& f = facts.steps[i];
    if (a.frequency_per_week) {
      f.runs_per_week = *a.frequency_per_week * a.steps[i].reach * a.steps[i].rework_multiplier;
    }
    f.needs_skills = !step.skills.empty();
    if (!step.role) continue;
    auto role = roles.find(step.role.value);
    if (role != roles.end()) f.role = role->second;
    std::size_t offset = facts.keys.size();
    append_normalised_step_name(facts.keys, step.display_name());
    facts.keys += '\0';
    facts.keys += step.role.value;
    f.key_offset = static_cast<std::uint32_t>(offset);
    f.key_size = static_cast<std::uint32_t>(facts.keys.size() - offset);
    f.key_hash = std::hash<std::string_view>{}(facts.key(i));
  }
  return facts;
}

// Each member's share of `load`'s demand: the part from processes whose current SOP they are
// trained on (SPEC §4); all of it when the role records no training or has no demand.
std::vector<double> member_shares(const Model& model, const RoleLoad& load) {
  const Role& role = *load.role;
  std::vector<double> shares(role.members.size(), 1.0);
  if (!load.training_counted || load.demand_hours_per_week <= 0) return shares;
  for (std::size_t m = 0; m < role.members.size(); ++m) {
    double trained = 0;
    for (const ProcessDemand& d : load.demand_by_process) {
      TrainingStatus status = training_status(role.members[m], model.processes[d.process], 0, 0);
      if (status.state == TrainingState::Current) trained += d.hours_per_week;
    }
    shares[m] = std::min(1.0, trained / load.demand_hours_per_week);
  }
  return shares;
}

// The load of every role (model order) over every process.
std::vector<RoleLoad> role_loads(const Model& model, const std::vector<ProcessAnalysis>& all,
                                 const std::vector<ProcessFacts>& facts,
                                 const detail::Limits& limits) {
  std::vector<RoleLoad> loads;
  loads.reserve(model.roles.size());
  for (const Role& role : model.roles) {
    RoleLoad& load = loads.emplace_back();
    load.role = &role;
    load.people = role.people();
    load.full_capacity_hours_per_week = role.people() * role.capacity.value;
    load.training_counted = role.records_training();
  }
  for (std::size_t p = 0; p < all.size(); ++p) {
    for (std::size_t i = 0; i < facts[p].steps.size(); ++i) {
      const detail::StepFacts& step = facts[p].steps[i];
      if (step.role == kNoRole || step.runs_per_week == 0) continue;
      RoleLoad& load = loads[step.role];
      double hours = step.runs_per_week * all[p].steps[i].duration / kSecondsPerHour;
      load.arrivals_per_week += step.runs_per_week;
      load.demand_hours_per_week += hours;
      if (load.demand_by_process.empty() || load.demand_by_process.back().process != p)
        load.demand_by_process.push_back({static_cast<std::uint32_t>(p), 0});
      load.demand_by_process.back().hours_per_week += hours;
    }
  }
  for (RoleLoad& load : loads) {
    if (load.arrivals_per_week > 0) {
      load.mean_service_hours = load.demand_hours_per_week / load.arrivals_per_week;
    }
    const double per_member = load.role->capacity.value;
    load.member_share = member_shares(model, load);
    if (load.training_counted) {
      load.capacity_hours_per_week = 0;
      for (double share : load.member_share) load.capacity_hours_per_week += share * per_member;
    } else {
      load.capacity_hours_per_week = load.full_capacity_hours_per_week;
    }
    RoleQueue q = role_queue(load.demand_hours_per_week, load.arrivals_per_week,
                             load.capacity_hours_per_week, per_member);
    load.utilization = q.utilization;
    load.servers = q.servers;
    load.wait_probability = q.wait_probability;
    load.queue_wait_hours = q.wait_hours;
    load.staffing = staffing_needed(load.demand_hours_per_week, load.arrivals_per_week, per_member,
                                    limits.utilization_warn, q.wait_hours, q.servers);
  }
  return loads;
}

// Ranking (SPEC §4): roles at or above 100% first; then findings that save time each week, by
// hours of lead time a week, then staff hours a week; then those whose process has no
// frequency, by their lead-time saving per instance; then the rest by severity.
int tier(const Finding& f) {
  if (f.ranks_first) return 0;
  if (f.lead_saving_hours_per_week || f.work_saving_hours_per_week) return 1;
  if (f.lead_saving) return 2;
  return 3;
}

// What the ranking compares first, computed once per finding.
struct RankKey {
  int tier;
  double lead_per_week;
  double work_per_week;
  double per_instance;
  Severity severity;
};

RankKey rank_key(const Finding& f) {
  return {tier(f), f.lead_saving_hours_per_week.value_or(0),
          f.work_saving_hours_per_week.value_or(0), f.lead_saving.value_or(0), f.severity};
}

bool finding_before(const RankKey& ka, const Finding& a, const RankKey& kb, const Finding& b) {
  if (ka.tier != kb.tier) return ka.tier < kb.tier;
  if (ka.lead_per_week != kb.lead_per_week) return ka.lead_per_week > kb.lead_per_week;
  if (ka.work_per_week != kb.work_per_week) return ka.work_per_week > kb.work_per_week;
  if (ka.per_instance != kb.per_instance) return ka.per_instance > kb.per_instance;
  if (ka.severity != kb.severity) return ka.severity > kb.severity;
  return std::forward_as_tuple(a.rule.id(), a.file, a.loc.line, a.loc.col, a.steps, a.roles) <
         std::forward_as_tuple(b.rule.id(), b.file, b.loc.line, b.loc.col, b.steps, b.roles);
}

// Ranks the findings of all `parts` (taken in order, so ties keep it) and moves each into place
// once. The sort runs on all cores: chunks sorted in parallel, then merged, which keeps the
// order a single stable sort would give.
std::vector<Finding> ranked(std::vector<std::vector<Finding>>& parts, unsigned jobs) {
  struct Ref {
    RankKey key;
    Finding* finding;
  };
  std::vector<Ref> refs;
  for (std::vector<Finding>& part : parts) {
    for (Finding& f : part) refs.push_back({rank_key(f), &f});
  }
  auto before = [](const Ref& a, const Ref& b) {
    return finding_before(a.key, *a.finding, b.key, *b.finding);
  };
  constexpr std::size_t kMinChunk = 4096;
  std::size_t chunks = std::max<std::size_t>(
      1, std::min<std::size_t>(worker_count(jobs, refs.size()), refs.size() / kMinChunk));
  std::vector<std::size_t> bounds;
  for (std::size_t c = 0; c <= chunks; ++c) bounds.push_back(refs.size() * c / chunks);
  parallel_for(chunks, static_cast<unsigned>(chunks), 1, [&](std::size_t c, unsigned) {
    std::stable_sort(refs.begin() + static_cast<std::ptrdiff_t>(bounds[c]),
                     refs.begin() + static_cast<std::ptrdiff_t>(bounds[c + 1]), before);
  });
  // Merge neighbouring runs until one is left; inplace_merge keeps the left run's element first
  // on a tie, as the stable sort would.
  while (bounds.size() > 2) {
    std::vector<std::size_t> merged{0};
    for (std::size_t k = 0; k + 2 < bounds.size(); k += 2) {
      auto at = [&](std::size_t i) {
        return refs.begin() + static_cast<std::ptrdiff_t>(bounds[i]);
      };
      std::inplace_merge(at(k), at(k + 1), at(k + 2), before);
      merged.push_back(bounds[k + 2]);
    }
    if (bounds.size() % 2 == 0) merged.push_back(bounds.back());
    bounds = std::move(merged);
  }
  std::vector<Finding> out(refs.size());
  parallel_for(refs.size(), jobs, 1024,
               [&](std::size_t i, unsigned) { out[i] = std::move(*refs[i].finding); });
  return out;
}

}  // namespace

Analysis analyze(const Model& model, const AnalyzeOptions& options, const SeverityPolicy& policy) {
  std::vector<std::string_view> ids;
  for (const Process& p : model.processes) ids.push_back(p.meta.id.value);
  for (const std::string& wanted : options.processes) {
    if (std::find(ids.begin(), ids.end(), wanted) == ids.end()) {
      throw Error(fmt::format("--process: no process '{}'{}", wanted,
                              unknown_name_suffix(wanted, ids, "processes")));
    }
  }
  std::size_t n = model.processes.size();
  std::vector<char> selected(n, options.processes.empty() ? 1 : 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (std::find(options.processes.begin(), options.processes.end(), ids[i]) !=
        options.processes.end()) {
      selected[i] = 1;
    }
  }

  // Role load needs every process; the report covers the selected ones. Processes are
  // independent, so they are analysed in parallel, each into its own slot.
  std::vector<ProcessAnalysis> all(n);
  std::vector<ProcessFacts> facts(n);
  // Findings per process, then the role, duplicate-work and training findings; they stay in these
  // parts until the ranking moves each into place.
  std::vector<std::vector<Finding>> found(n + 3);
  const auto roles = role_index(model);
  detail::Limits limits = detail::limits_of(model);
  // The metrics with a span, by the process it is on.
  std::unordered_map<std::string_view, std::vector<const Metric*>> spans;
  for (const Metric& m : model.metrics) {
    if (m.process_span.present) spans[m.process_span.process.value].push_back(&m);
  }
  parallel_for(n, options.jobs, 16, [&](std::size_t i, unsigned) {
    all[i] = analyze_process(model.processes[i]);
    if (auto it = spans.find(ids[i]); it != spans.end()) {
      for (const Metric* m : it->second) {
        if (auto span = span_timing(all[i], *m)) all[i].spans.push_back(*span);
      }
    }
    facts[i] = facts_of(all[i], roles);
    if (!selected[i] || !options.findings) return;
    detail::FindingSink sink(model, policy, found[i]);
    detail::process_findings(all[i], limits, sink);
    detail::target_findings(model, all[i], sink);
  });
  Analysis result;
  if (const Config* config = model.config(); config && config->calendar.present) {
    result.open_hours_per_week = open_hours_per_week(config->calendar);
    if (result.open_hours_per_week > 0) result.calendar_ratio = 168 / result.open_hours_per_week;
  }
  result.roles = role_loads(model, all, facts, limits);
  if (options.findings) {
    detail::FindingSink role_sink(model, policy, found[n]);
    detail::role_findings(all, facts, selected, result.roles, limits, role_sink);
    detail::FindingSink duplicate_sink(model, policy, found[n + 1]);
    detail::duplicate_findings(all, facts, selected, duplicate_sink, options.jobs);
    detail::FindingSink training_sink(model, policy, found[n + 2]);
    detail::training_findings(model, selected, result.roles, options.today, training_sink);
    result.findings = ranked(found, options.jobs);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (selected[i]) result.processes.push_back(std::move(all[i]));
  }
  return result;
}

}  // namespace opsflow
