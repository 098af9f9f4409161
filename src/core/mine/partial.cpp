#include "opsflow/mine/partial.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>

#include "opsflow/base/diagnostic.hpp"

namespace opsflow {
namespace {

PartialRow row(std::string kind, std::string a = {}, std::string b = {}, std::uint64_t n = 0) {
  PartialRow r;
  r.kind = std::move(kind);
  r.a = std::move(a);
  r.b = std::move(b);
  r.n = n;
  return r;
}

void add_summary(std::vector<PartialRow>& out, const char* kind, const char* bucket_kind,
                 const std::string& a, const std::string& b, const DurationSummary& s) {
  if (s.count == 0) return;
  PartialRow& r = out.emplace_back(row(kind, a, b, s.count));
  r.sum = s.sum;
  r.m2 = s.m2;
  r.min = s.min;
  r.max = s.max;
  s.sketch.each([&](int sign, int bucket, std::uint64_t n) {
    PartialRow& b_row = out.emplace_back(row(bucket_kind, a, b, n));
    b_row.sign = sign;
    b_row.bucket = bucket;
  });
}

// A summary being merged: its exact parts and its sketch.
struct Aggregate {
  std::uint64_t count = 0;
  double sum = 0, m2 = 0, min = 0, max = 0;
  QuantileSketch sketch;

  // Chan, Golub and LeVeque's update of the squared differences for the union of two sets.
  void merge(const PartialRow& row) {
    if (row.n == 0) return;
    if (count == 0) {
      count = row.n;
      sum = row.sum;
      m2 = row.m2;
      min = row.min;
      max = row.max;
      return;
    }
    const double na = static_cast<double>(count), nb = static_cast<double>(row.n);
    const double delta = row.sum / nb - sum / na;
    m2 += row.m2 + delta * delta * na * nb / (na + nb);
    sum += row.sum;
    count += row.n;
    min = std::min(min, row.min);
    max = std::max(max, row.max);
  }

  DurationSummary summary(const std::string& what) const {
    DurationSummary s;
    s.count = count;
    if (sketch.count() != count) {
      throw Error(fmt::format("the sketch of {} holds {} values, but its count is {}", what,
                              sketch.count(), count));
    }
    if (count == 0) return s;
    s.sum = sum;
    s.mean = sum / static_cast<double>(count);
    s.min = min;
    s.max = max;
    s.m2 = m2;
    if (count > 1) s.stdev = std::sqrt(std::max(0.0, m2) / static_cast<double>(count - 1));
    // A bucket's value is within 1% of what is in it; the extremes are known exactly.
    s.median = std::clamp(sketch.quantile(0.5), min, max);
    s.p90 = std::clamp(sketch.quantile(0.9), min, max);
    s.sketch = sketch;
    return s;
  }
};

}  // namespace

std::vector<PartialRow> partial_rows(const LogStats& s) {
  const EventLog& log = *s.log;
  const auto& names = log.activities;
  std::vector<PartialRow> out;
  out.push_back(row("mode", std::string(enum_name(log.mode))));
  for (const auto& [what, n] :
       {std::pair{"cases", s.cases}, std::pair{"instances", s.instances},
        std::pair{"rows", log.rows}, std::pair{"skipped_rows", log.skipped_rows},
        std::pair{"ignored_rows", log.ignored_rows},
        std::pair{"unmatched_starts", log.unmatched_starts}}) {
    out.push_back(row("count", what, {}, n));
  }
  if (s.cases > 0) {
    PartialRow& r = out.emplace_back(row("period"));
    r.min = static_cast<double>(s.first_time);
    r.max = static_cast<double>(s.last_time);
  }
  add_summary(out, "case_duration", "case_duration_bucket", "", "", s.case_duration);
  for (const ActivityStats& a : s.activities) {
    out.push_back(row("events", names[a.activity], {}, a.events));
    add_summary(out, "service", "service_bucket", names[a.activity], "", a.service);
  }
  for (const EdgeStats& e : s.dfg)
    add_summary(out, "wait", "wait_bucket", names[e.from], names[e.to], e.wait);
  for (const auto& [activity, n] : s.start_activities)
    out.push_back(row("start", names[activity], {}, n));
  for (const auto& [activity, n] : s.end_activities)
    out.push_back(row("end", names[activity], {}, n));
  for (const ResourceStats& r : s.resources) {
    out.emplace_back(row("resource", log.resources[r.resource], {}, r.instances)).sum = r.busy;
    out.push_back(row("resource_cases", log.resources[r.resource], {}, r.cases));
  }
  for (const Variant& v : s.variants) {
    PartialRow& r = out.emplace_back(row("variant", {}, {}, v.cases));
    for (std::uint32_t a : v.activities) r.sequence.push_back(names[a]);
  }
  return out;
}

// What the parts added so far add up to.
struct LogMerger::State {
  struct Merged {
    std::optional<std::string> mode, empty_mode;
    std::map<std::string, std::uint64_t> counts;
    std::optional<std::pair<double, double>> period;
    Aggregate case_duration;
    std::map<std::string, Aggregate> service;
    std::map<std::string, std::uint64_t> events, starts, ends, resource_instances, resource_cases;
    std::map<std::string, double> busy;
    std::map<std::pair<std::string, std::string>, Aggregate> waits;
    std::map<std::vector<std::string>, std::uint64_t> variants;
  } merged;
  std::size_t parts = 0;
  std::string name;  // of the last part
};

LogMerger::LogMerger() : state_(std::make_unique<State>()) {}
LogMerger::~LogMerger() = default;

void LogMerger::add(const std::string& part, const std::vector<PartialRow>& rows) {
  auto& [mode, empty_mode, counts, period, case_duration, service, events, starts, ends,
         resource_instances, resource_cases, busy, waits, variants] = state_->merged;
  ++state_->parts;
  state_->name = part;
  std::optional<std::string> part_mode;
  std::map<std::string, std::uint64_t> counted;  // this part's counts, by what they count
  bool part_period = false;
  for (const PartialRow& r : rows) {
    const std::string& k = r.kind;
    if (k == "error") {  // the SQL could not read some of its log
      throw Error(fmt::format("{}: {}", part, r.a));
    } else if (k == "mode") {
      if (r.a != enum_name(LogMode::CompleteOnly) && r.a != enum_name(LogMode::Lifecycle) &&
          r.a != enum_name(LogMode::StartColumn)) {
        throw Error(fmt::format("{}: unknown mode '{}' (complete_only, lifecycle or start_column)",
                                part, r.a));
      }
      part_mode = r.a;
    } else if (k == "count") {
      counts[r.a] += r.n;
      counted[r.a] += r.n;
    } else if (k == "period") {
      part_period = true;
      period = period ? std::pair{std::min(period->first, r.min), std::max(period->second, r.max)}
                      : std::pair{r.min, r.max};
    } else if (k == "case_duration") {
      case_duration.merge(r);
    } else if (k == "case_duration_bucket") {
      case_duration.sketch.add_bucket(r.sign, r.bucket, r.n);
    } else if (k == "service") {
      service[r.a].merge(r);
    } else if (k == "service_bucket") {
      service[r.a].sketch.add_bucket(r.sign, r.bucket, r.n);
    } else if (k == "events") {
      events[r.a] += r.n;
    } else if (k == "wait") {
      waits[{r.a, r.b}].merge(r);
    } else if (k == "wait_bucket") {
      waits[{r.a, r.b}].sketch.add_bucket(r.sign, r.bucket, r.n);
    } else if (k == "start") {
      starts[r.a] += r.n;
    } else if (k == "end") {
      ends[r.a] += r.n;
    } else if (k == "resource") {
      resource_instances[r.a] += r.n;
      busy[r.a] += r.sum;
    } else if (k == "resource_cases") {
      resource_cases[r.a] += r.n;
    } else if (k == "variant") {
      variants[r.sequence] += r.n;
    } else {
      throw Error(fmt::format("{}: unknown kind of row '{}'", part, k));
    }
  }
  if (!part_mode) throw Error(fmt::format("{}: no 'mode' row: not a partial result", part));
  if (!counted.contains("cases") || !counted.contains("instances") || !counted.contains("rows")) {
    throw Error(fmt::format(
        "{}: no 'count' rows of cases, instances and rows: not a partial result", part));
  }
  if (counted["cases"] > 0 && !part_period)
    throw Error(fmt::format("{}: it has cases but no 'period' row: not a partial result", part));
  // A part without rows (an empty partition) read nothing, in no mode.
  if (counted["rows"] == 0) {
    if (!mode) empty_mode = part_mode;
    return;
  }
  // Single timestamps are lifecycle rows whose lifecycle is empty (complete): a part that had no
  // lifecycle values merges with one that had. A start column reads rows otherwise.
  const bool start_column = *part_mode == enum_name(LogMode::StartColumn);
  if (mode && start_column != (*mode == enum_name(LogMode::StartColumn))) {
    throw Error(fmt::format(
        "{} read its log as {}, the parts before it as {}: merged, their numbers would mean "
        "different things",
        part, *part_mode, *mode));
  }
  if (!mode || *part_mode == enum_name(LogMode::Lifecycle)) mode = part_mode;
}

LogStats LogMerger::finish(EventLog& log) {
  auto& [mode, empty_mode, counts, period, case_duration, service, events, starts, ends,
         resource_instances, resource_cases, busy, waits, variants] = state_->merged;
  if (!mode) mode = empty_mode;
  log = EventLog{};
  log.file = state_->parts == 1 ? state_->name : fmt::format("{} parts", state_->parts);
  for (const EnumName<LogMode>& e : enum_table(LogMode{})) {
    if (mode && e.name == *mode) log.mode = e.value;
  }
  log.rows = counts["rows"];
  log.skipped_rows = counts["skipped_rows"];
  log.ignored_rows = counts["ignored_rows"];
  log.unmatched_starts = counts["unmatched_starts"];

  // Every activity named anywhere, in name order; indexes into it from here on.
  std::map<std::string, std::uint32_t> activity;
  auto name = [&](const std::string& a) { activity.emplace(a, 0); };
  for (const auto& [a, n] : events) name(a);
  for (const auto& [a, agg] : service) name(a);
  for (const auto& [edge, agg] : waits) {
    name(edge.first);
    name(edge.second);
  }
  for (const auto& [a, n] : starts) name(a);
  for (const auto& [a, n] : ends) name(a);
  for (const auto& [sequence, n] : variants) {
    for (const std::string& a : sequence) name(a);
  }
  for (auto& [a, index] : activity) {
    index = static_cast<std::uint32_t>(log.activities.size());
    log.activities.push_back(a);
    log.activity_rows.push_back(events[a]);
  }

  LogStats s;
  s.log = &log;
  s.merged_parts = state_->parts;
  s.cases = counts["cases"];
  s.instances = counts["instances"];
  if (period) {
    s.first_time = static_cast<std::int64_t>(period->first);
    s.last_time = static_cast<std::int64_t>(period->second);
  }
  s.case_duration = case_duration.summary("the case durations");
  for (const auto& [a, index] : activity) {
    auto it = service.find(a);
    s.activities.push_back({.activity = index,
                            .events = events[a],
                            .service = it == service.end() ? DurationSummary{}
                                                           : it->second.summary(fmt::format(
                                                                 "the service of '{}'", a))});
  }
  for (const auto& [edge, agg] : waits) {
    s.dfg.push_back(
        {.from = activity[edge.first],
         .to = activity[edge.second],
         .wait = agg.summary(fmt::format("the waits of '{}' -> '{}'", edge.first, edge.second))});
  }
  for (const auto& [a, n] : starts) s.start_activities.emplace_back(activity[a], n);
  for (const auto& [a, n] : ends) s.end_activities.emplace_back(activity[a], n);
  for (const auto& [r, n] : resource_instances) {
    const auto index = static_cast<std::uint32_t>(log.resources.size());
    log.resources.push_back(r);
    s.resources.push_back(
        {.resource = index, .instances = n, .cases = resource_cases[r], .busy = busy[r]});
  }
  for (const auto& [sequence, n] : variants) {
    Variant v{.activities = {}, .cases = n};
    for (const std::string& a : sequence) v.activities.push_back(activity[a]);
    s.variants.push_back(std::move(v));
  }
  order_log_stats(s);
  return s;
}

LogStats merge_partials(const std::vector<std::pair<std::string, std::vector<PartialRow>>>& parts,
                        EventLog& names) {
  LogMerger merger;
  for (const auto& [part, rows] : parts) merger.add(part, rows);
  return merger.finish(names);
}

}  // namespace opsflow
