// The as-is process from an event log (SPEC §6, `mine --discover`).
#include "opsflow/mine/discover.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "opsflow/base/values.hpp"
#include "opsflow/stats/stats.hpp"

namespace opsflow {
namespace {

constexpr double kOptionalBelow = 0.95;  // a step in fewer of the cases reaching it is optional

// A step's id from its activity name ("step-N" when nothing is left); "-2", "-3" for a second
// id alike.
std::string step_id(const std::string& name, std::size_t n, std::set<std::string>& used) {
  std::string id = id_from_name(name);
  if (id.empty()) id = fmt::format("step-{}", n + 1);
  std::string unique = id;
  for (int k = 2; used.contains(unique); ++k) unique = fmt::format("{}-{}", id, k);
  used.insert(unique);
  return unique;
}

double rounded(double share, double step = 0.01) {
  return std::round(share / step) * step;
}

}  // namespace

std::vector<double> exact_shares(const std::vector<std::uint64_t>& counts) {
  const double total = static_cast<double>(std::accumulate(counts.begin(), counts.end(), 0ull));
  std::vector<double> shares;
  double sum = 0;
  for (std::uint64_t c : counts) {
    shares.push_back(rounded(static_cast<double>(c) / total, 0.001));
    sum += shares.back();
  }
  auto largest = std::max_element(shares.begin(), shares.end());
  *largest = std::round((*largest + 1 - sum) * 1000) / 1000;
  return shares;
}

std::string id_from_name(std::string_view name) {
  std::string id;
  for (unsigned char c : name) {
    if (c < 0x80 && std::isalnum(c)) {
      id += static_cast<char>(std::tolower(c));
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  if (id.size() > 90) id.resize(90);
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id;
}

DiscoveredProcess discover_process(const EventLog& log, const DiscoverOptions& options) {
  DiscoveredProcess out;
  out.id = options.id;
  const std::size_t n_activities = log.activities.size();
  const auto n_cases = static_cast<double>(log.cases.size());

  // Which activities each case has, and where each first appears.
  std::vector<std::uint64_t> cases_with(n_activities, 0);
  std::vector<double> position_sum(n_activities, 0);
  std::vector<int> seen(n_activities, -1);
  for (std::uint32_t c = 0; c < log.cases.size(); ++c) {
    const LogCase& lc = log.cases[c];
    for (std::uint32_t k = 0; k < lc.count; ++k) {
      const std::uint32_t a = log.instances[lc.first + k].activity;
      if (seen[a] == static_cast<int>(c)) continue;
      seen[a] = static_cast<int>(c);
      ++cases_with[a];
      position_sum[a] += lc.count > 1 ? static_cast<double>(k) / (lc.count - 1) : 0;
    }
  }
  std::vector<std::uint32_t> kept;
  for (std::uint32_t a = 0; a < n_activities; ++a) {
    if (static_cast<double>(cases_with[a]) >= options.min_case_share * n_cases && cases_with[a])
      kept.push_back(a);
    else
      out.left_out.push_back(log.activities[a]);
  }
  std::sort(out.left_out.begin(), out.left_out.end());
  // Flow order: mean relative first position, then name.
  std::sort(kept.begin(), kept.end(), [&](std::uint32_t x, std::uint32_t y) {
    const double px = position_sum[x] / static_cast<double>(cases_with[x]);
    const double py = position_sum[y] / static_cast<double>(cases_with[y]);
    return px != py ? px < py : log.activities[x] < log.activities[y];
  });
  const std::size_t n = kept.size();
  std::vector<std::size_t> index_of(n_activities, SIZE_MAX);
  for (std::size_t i = 0; i < n; ++i) index_of[kept[i]] = i;

  // The directly-follows relation over the kept activities, with waits, service times, runs,
  // co-occurrence in cases and resources.
  std::vector<std::vector<std::uint64_t>> edge(n, std::vector<std::uint64_t>(n, 0));
  std::vector<std::vector<double>> waits_into(n), service(n);
  std::vector<std::uint64_t> runs(n, 0), starts(n, 0);
  std::vector<std::vector<std::uint64_t>> together(n, std::vector<std::uint64_t>(n, 0));
  std::vector<std::map<std::uint32_t, std::uint64_t>> resources(n);
  std::vector<std::size_t> trace, present;
  std::vector<const ActivityInstance*> instances;
  for (const LogCase& lc : log.cases) {
    trace.clear();
    instances.clear();
    for (std::uint32_t k = 0; k < lc.count; ++k) {
      const ActivityInstance& in = log.instances[lc.first + k];
      if (index_of[in.activity] == SIZE_MAX) continue;
      trace.push_back(index_of[in.activity]);
      instances.push_back(&in);
    }
    present.clear();
    for (std::size_t k = 0; k < trace.size(); ++k) {
      const std::size_t i = trace[k];
      ++runs[i];
      if (std::find(present.begin(), present.end(), i) == present.end()) present.push_back(i);
      service[i].push_back(seconds_between(instances[k]->start, instances[k]->complete));
      if (instances[k]->resource != kNoResource) ++resources[i][instances[k]->resource];
      if (k == 0) {
        ++starts[i];
        continue;
      }
      ++edge[trace[k - 1]][i];
      waits_into[i].push_back(seconds_between(instances[k - 1]->complete, instances[k]->start));
    }
    // The pairs of kept activities in this case (quadratic in its distinct activities, not in
    // all of the log's).
    for (std::size_t i : present) {
      for (std::size_t j : present) ++together[i][j];
    }
  }

  std::set<std::string> ids;
  for (std::size_t i = 0; i < n; ++i) {
    DiscoveredStep s;
    s.activity = log.activities[kept[i]];
    s.id = step_id(s.activity, i, ids);
    s.cases = cases_with[kept[i]];
    out.steps.push_back(std::move(s));
  }
  const bool service_times = log.mode != LogMode::CompleteOnly;
  std::vector<std::vector<std::size_t>> next(n);  // forward edges kept
  std::vector<bool> is_branch_target(n, false);
  auto frequent = [&](std::size_t i, std::size_t j) {
    return edge[i][j] > 0 &&
           static_cast<double>(edge[i][j]) >= options.min_edge_share * static_cast<double>(runs[i]);
  };
  // Forward edges that are not noise become `after` (flow order keeps them acyclic).
  std::vector<std::vector<bool>> upstream(n, std::vector<bool>(n, false));  // [i][j]: j before i
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      if (!frequent(i, j)) continue;
      next[i].push_back(j);
      out.steps[j].after.push_back(out.steps[i].id);
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j : next[i]) {
      upstream[j][i] = true;
      for (std::size_t k = 0; k < n; ++k) upstream[j][k] = upstream[j][k] || upstream[i][k];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    DiscoveredStep& s = out.steps[i];
    // The most frequent edge back to a step upstream of it is its rework.
    std::uint64_t back = 0;
    std::size_t back_to = SIZE_MAX;
    for (std::size_t j = 0; j < i; ++j) {
      if (frequent(i, j) && upstream[i][j] && edge[i][j] > back) {
        back = edge[i][j];
        back_to = j;
      }
    }
    if (back_to != SIZE_MAX) {
      s.rework_to = out.steps[back_to].id;
      s.rework_probability = std::min(
          kMaxObservedRework, rounded(static_cast<double>(back) / static_cast<double>(runs[i])));
    }
    // Times.
    std::vector<double> sorted = service[i];
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> waits = waits_into[i];
    std::sort(waits.begin(), waits.end());
    // Whole minutes, at least one, and no longer than a duration can be (a log whose timestamps
    // span centuries).
    const auto round_minute = [](double seconds) {
      return std::clamp(std::round(seconds / 60) * 60, 60.0, kMaxDurationSeconds);
    };
    if (service_times && !sorted.empty()) {
      s.duration.min = round_minute(quantile(sorted, 0.1));
      s.duration.likely = round_minute(quantile(sorted, 0.5));
      s.duration.max = round_minute(quantile(sorted, 0.9));
      s.duration.three_point = s.duration.min < s.duration.max;
      if (!s.duration.three_point) s.duration.min = s.duration.max = s.duration.likely;
      s.wait = waits.empty() ? 0
                             : std::min(std::round(std::max(0.0, quantile(waits, 0.5)) / 60) * 60,
                                        kMaxDurationSeconds);
    } else {
      s.duration.likely = s.duration.min = s.duration.max =
          round_minute(waits.empty() ? 0 : std::max(0.0, quantile(waits, 0.5)));
    }
  }
  // Decisions: a step whose following steps never occur together in one case, and that none of
  // them shares with another decision.
  for (std::size_t i = 0; i < n; ++i) {
    if (next[i].size() < 2) continue;
    bool exclusive = true;
    for (std::size_t a = 0; a < next[i].size() && exclusive; ++a) {
      for (std::size_t b = a + 1; b < next[i].size() && exclusive; ++b)
        exclusive = together[next[i][a]][next[i][b]] == 0;
      exclusive = exclusive && !is_branch_target[next[i][a]];
    }
    if (!exclusive) continue;
    DiscoveredStep& s = out.steps[i];
    s.type = StepType::Decision;
    std::vector<std::uint64_t> counts;
    for (std::size_t j : next[i]) {
      counts.push_back(edge[i][j]);
      is_branch_target[j] = true;
    }
    std::vector<double> shares = exact_shares(counts);
    for (std::size_t k = 0; k < next[i].size(); ++k)
      s.branches.emplace_back(out.steps[next[i][k]].id, shares[k]);
  }
  // Optional steps: run in fewer than 95% of the cases that reached them.
  for (std::size_t j = 0; j < n; ++j) {
    if (is_branch_target[j]) continue;
    std::uint64_t reached = 0;
    if (out.steps[j].after.empty()) {
      reached = log.cases.size();
    } else {
      // Cases that ran a step before it: at least the most common of them.
      for (std::size_t i = 0; i < n; ++i) {
        if (std::find(next[i].begin(), next[i].end(), j) != next[i].end())
          reached = std::max(reached, cases_with[kept[i]]);
      }
    }
    const double share =
        reached ? static_cast<double>(out.steps[j].cases) / static_cast<double>(reached) : 1;
    if (share < kOptionalBelow) out.steps[j].probability = std::max(0.01, rounded(share));
  }
  // Roles: steps done by the same set of resources share one.
  std::map<std::vector<std::uint32_t>, std::size_t> role_of_set;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::uint32_t> set;
    const auto total = static_cast<double>(runs[i]);
    for (const auto& [resource, count] : resources[i]) {
      if (static_cast<double>(count) >= 0.05 * total) set.push_back(resource);
    }
    if (set.empty()) {
      if (out.steps[i].type != StepType::Decision) out.steps[i].type = StepType::Automated;
      if (out.steps[i].type == StepType::Automated) continue;
    }
    std::sort(set.begin(), set.end(), [&](std::uint32_t x, std::uint32_t y) {
      return log.resources[x] < log.resources[y];
    });
    auto [it, added] = role_of_set.try_emplace(set, out.roles.size());
    if (added) {
      DiscoveredRole role;
      role.id = fmt::format("{}-role-{}", options.id, out.roles.size() + 1);
      role.name = fmt::format("Observed role {}", out.roles.size() + 1);
      for (std::uint32_t r : set) role.members.push_back(log.resources[r]);
      if (role.members.empty()) role.members.push_back("(no resource in the log)");
      out.roles.push_back(std::move(role));
    }
    out.steps[i].role = out.roles[it->second].id;
  }
  if (!log.cases.empty()) {
    std::int64_t first = log.cases[0].first_time, last = log.cases[0].last_time;
    for (const LogCase& c : log.cases) {
      first = std::min(first, c.first_time);
      last = std::max(last, c.last_time);
    }
    const double weeks = seconds_between(first, last) / kSecondsPerWeek;
    out.cases_per_week = std::min(weeks > 0 ? n_cases / weeks : n_cases, kMaxRatePerWeek);
  }
  return out;
}

}  // namespace opsflow
