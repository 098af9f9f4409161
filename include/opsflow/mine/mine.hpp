#pragma once
// What an event log says about a process (SPEC §6): cases, activities, the directly-follows
// graph with its waits, variants, resources and bottlenecks. Durations are in seconds.

#include <cstdint>
#include <optional>
#include <vector>

#include "opsflow/mine/event_log.hpp"
#include "opsflow/model/model.hpp"
#include "opsflow/stats/sketch.hpp"

namespace opsflow {

// A set of durations: count, mean, median, P90 (linear between closest ranks, as NumPy), min,
// max, sum and the sample standard deviation (none for fewer than two). All 0 when count is 0.
struct DurationSummary {
  std::uint64_t count = 0;
  double mean = 0, median = 0, p90 = 0, min = 0, max = 0, sum = 0;
  std::optional<double> stdev;
  double m2 = 0;  // the sum of squared differences from the mean (for merging)
  // When asked for: the values in a mergeable sketch (mine --merge, SPEC §6); merged summaries
  // take their median and P90 from it.
  QuantileSketch sketch;
};

// Summarises `values` (reordered in place), with their sketch when `sketch` is set.
DurationSummary summarize(std::vector<double>& values, bool sketch = false);

struct ActivityStats {
  std::uint32_t activity = 0;  // index into EventLog::activities
  std::uint64_t events = 0;    // its rows that count (start and complete rows both)
  DurationSummary service;     // complete - start of each instance (count = instances)
  std::optional<DurationSummary> working_service{};  // the same in working time, with a calendar
};

// A directly-follows edge a -> b: how often b's instance follows a's within a case, and the
// waiting time start(b) - complete(a) (not clipped: overlapping instances wait less than 0).
struct EdgeStats {
  std::uint32_t from = 0, to = 0;
  DurationSummary wait;
  std::optional<DurationSummary> working_wait{};  // the same in working time, with a calendar
};

struct ResourceStats {
  std::uint32_t resource = 0;
  std::uint64_t instances = 0, cases = 0;
  double busy = 0;  // the sum of its instances' service times
};

struct Variant {
  std::vector<std::uint32_t> activities;  // the activity sequence of its cases
  std::uint64_t cases = 0;
};

struct LogStats {
  const EventLog* log = nullptr;
  std::uint64_t cases = 0, instances = 0;
  std::int64_t first_time = 0, last_time = 0;  // the log's earliest and latest row (µs, UTC)
  std::vector<ActivityStats> activities;       // by activity name
  // (activity, cases) of the first and the last instance of each case, by activity name.
  std::vector<std::pair<std::uint32_t, std::uint64_t>> start_activities, end_activities;
  std::vector<EdgeStats> dfg;     // by (from name, to name)
  DurationSummary case_duration;  // last - first timestamp of each case's rows
  // With a calendar: the same durations in working time (SPEC §6 business time).
  const Calendar* calendar = nullptr;
  std::optional<DurationSummary> working_case_duration{};
  std::vector<ResourceStats> resources;  // by resource name
  std::vector<Variant> variants;         // most cases first, then by sequence of names
  // Indexes into dfg: by mean wait, then by total wait, largest first (ties by name).
  std::vector<std::size_t> by_mean_wait, by_total_wait;
  // Merged from partial results (mine --merge), or read case by case (--sorted-by-case): medians
  // and P90 come from sketches.
  std::size_t merged_parts = 0;
  bool by_case = false;
  bool approximate_quantiles() const { return merged_parts > 0 || by_case; }
};

// Computes every statistic of SPEC §6 from a log read by read_event_log; with `calendar`, every
// duration also in working time (only its open hours of working days); with `sketches`, the case
// durations, service times and waits also as mergeable sketches (for mine --format json).
LogStats compute_log_stats(const EventLog& log, const Calendar* calendar = nullptr,
                           bool sketches = false);

// Sorts the activities, edges, start and end activities, resources and variants of `stats` by
// name (variants most cases first) and ranks the bottlenecks: the last step of computing or of
// merging statistics.
void order_log_stats(LogStats& stats);

}  // namespace opsflow
