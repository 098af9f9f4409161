// Event log statistics (SPEC §6), with PM4Py's semantics.
#include "opsflow/mine/mine.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

#include "opsflow/stats/stats.hpp"

namespace opsflow {
namespace {

// Sorts indexes by the names they stand for.
template <class T, class Key>
void sort_by_name(std::vector<T>& items, const std::vector<std::string>& names, Key key) {
  std::sort(items.begin(), items.end(),
            [&](const T& a, const T& b) { return names[key(a)] < names[key(b)]; });
}

}  // namespace

DurationSummary summarize(std::vector<double>& values, bool sketch) {
  DurationSummary s;
  if (sketch) {
    for (double v : values) s.sketch.add(v);
  }
  s.count = values.size();
  if (values.empty()) return s;
  // Summed in the order the values came (the log's), before selection reorders them.
  s.sum = std::accumulate(values.begin(), values.end(), 0.0);
  const double n = static_cast<double>(values.size());
  s.mean = s.sum / n;
  const auto [min, max] = std::minmax_element(values.begin(), values.end());
  s.min = *min;
  s.max = *max;
  s.median = select_quantile(values, 0.5);
  s.p90 = select_quantile(values, 0.9);
  if (values.size() > 1) {
    double squares = 0;
    for (double v : values) squares += (v - s.mean) * (v - s.mean);
    s.stdev = std::sqrt(squares / (n - 1));
    s.m2 = squares;
  }
  return s;
}

LogStats compute_log_stats(const EventLog& log, const Calendar* calendar, bool sketches) {
  LogStats stats;
  stats.log = &log;
  stats.calendar = calendar;
  stats.cases = log.cases.size();
  stats.instances = log.instances.size();

  const std::size_t n_activities = log.activities.size();
  std::vector<std::vector<double>> service(n_activities), working_service(n_activities);
  std::vector<std::vector<double>> working_waits;  // beside waits, with a calendar
  std::vector<double> working_durations;
  std::unordered_map<std::uint64_t, std::size_t> edge_index;  // (from << 32 | to) -> waits
  std::vector<std::pair<std::uint64_t, std::vector<double>>> waits;
  std::vector<std::uint64_t> starts(n_activities), ends(n_activities);
  std::vector<double> durations;
  durations.reserve(log.cases.size());
  std::vector<ResourceStats> resources(log.resources.size());
  std::vector<std::uint32_t> last_case(log.resources.size(), UINT32_MAX);
  std::map<std::vector<std::uint32_t>, std::uint64_t> variants;
  std::vector<std::uint32_t> sequence;

  for (std::uint32_t c = 0; c < log.cases.size(); ++c) {
    const LogCase& lc = log.cases[c];
    durations.push_back(seconds_between(lc.first_time, lc.last_time));
    if (calendar)
      working_durations.push_back(working_seconds(*calendar, lc.first_time, lc.last_time));
    stats.first_time = c == 0 ? lc.first_time : std::min(stats.first_time, lc.first_time);
    stats.last_time = c == 0 ? lc.last_time : std::max(stats.last_time, lc.last_time);
    if (lc.count == 0) continue;
    const ActivityInstance* first = log.instances.data() + lc.first;
    sequence.clear();
    for (std::uint32_t k = 0; k < lc.count; ++k) {
      const ActivityInstance& in = first[k];
      const double busy = seconds_between(in.start, in.complete);
      service[in.activity].push_back(busy);
      if (calendar)
        working_service[in.activity].push_back(working_seconds(*calendar, in.start, in.complete));
      sequence.push_back(in.activity);
      if (in.resource != kNoResource) {
        ResourceStats& r = resources[in.resource];
        ++r.instances;
        r.busy += busy;
        if (last_case[in.resource] != c) {
          last_case[in.resource] = c;
          ++r.cases;
        }
      }
      if (k == 0) continue;
      const ActivityInstance& prev = first[k - 1];
      const std::uint64_t key = (std::uint64_t{prev.activity} << 32) | in.activity;
      auto [it, added] = edge_index.try_emplace(key, waits.size());
      if (added) {
        waits.emplace_back(key, std::vector<double>{});
        if (calendar) working_waits.emplace_back();
      }
      waits[it->second].second.push_back(seconds_between(prev.complete, in.start));
      if (calendar)
        working_waits[it->second].push_back(working_seconds(*calendar, prev.complete, in.start));
    }
    ++starts[first[0].activity];
    ++ends[first[lc.count - 1].activity];
    ++variants[sequence];
  }

  for (std::uint32_t a = 0; a < n_activities; ++a) {
    stats.activities.push_back({.activity = a,
                                .events = log.activity_rows[a],
                                .service = summarize(service[a], sketches)});
    if (calendar) stats.activities.back().working_service = summarize(working_service[a]);
    if (starts[a]) stats.start_activities.emplace_back(a, starts[a]);
    if (ends[a]) stats.end_activities.emplace_back(a, ends[a]);
  }

  for (std::size_t e = 0; e < waits.size(); ++e) {
    auto& [key, values] = waits[e];
    stats.dfg.push_back({.from = static_cast<std::uint32_t>(key >> 32),
                         .to = static_cast<std::uint32_t>(key & 0xFFFFFFFFu),
                         .wait = summarize(values, sketches)});
    if (calendar) stats.dfg.back().working_wait = summarize(working_waits[e]);
  }

  stats.case_duration = summarize(durations, sketches);
  if (calendar) stats.working_case_duration = summarize(working_durations);

  for (std::uint32_t r = 0; r < resources.size(); ++r) {
    resources[r].resource = r;
    if (resources[r].instances > 0) stats.resources.push_back(resources[r]);
  }
  for (auto& [activities, cases] : variants) stats.variants.push_back({activities, cases});
  order_log_stats(stats);
  return stats;
}

void order_log_stats(LogStats& stats) {
  const std::vector<std::string>& names = stats.log->activities;
  sort_by_name(stats.activities, names, [](const ActivityStats& s) { return s.activity; });
  sort_by_name(stats.start_activities, names, [](const auto& p) { return p.first; });
  sort_by_name(stats.end_activities, names, [](const auto& p) { return p.first; });
  std::sort(stats.dfg.begin(), stats.dfg.end(), [&](const EdgeStats& a, const EdgeStats& b) {
    if (a.from != b.from) return names[a.from] < names[b.from];
    return names[a.to] < names[b.to];
  });
  sort_by_name(stats.resources, stats.log->resources,
               [](const ResourceStats& s) { return s.resource; });
  std::stable_sort(
      stats.variants.begin(), stats.variants.end(), [&](const Variant& a, const Variant& b) {
        if (a.cases != b.cases) return a.cases > b.cases;
        return std::lexicographical_compare(
            a.activities.begin(), a.activities.end(), b.activities.begin(), b.activities.end(),
            [&](std::uint32_t x, std::uint32_t y) { return names[x] < names[y]; });
      });

  // Edges are already in name order, so a stable sort leaves ties that way.
  stats.by_mean_wait.resize(stats.dfg.size());
  std::iota(stats.by_mean_wait.begin(), stats.by_mean_wait.end(), std::size_t{0});
  stats.by_total_wait = stats.by_mean_wait;
  std::stable_sort(stats.by_mean_wait.begin(), stats.by_mean_wait.end(),
                   [&](std::size_t a, std::size_t b) {
                     return stats.dfg[a].wait.mean > stats.dfg[b].wait.mean;
                   });
  std::stable_sort(
      stats.by_total_wait.begin(), stats.by_total_wait.end(),
      [&](std::size_t a, std::size_t b) { return stats.dfg[a].wait.sum > stats.dfg[b].wait.sum; });
}

}  // namespace opsflow
