#pragma once
// The measures of SPEC §5 that a KPI report is made of: aggregation, calendar periods, key-result
// progress and status, and the trend towards a target.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "opsflow/model/model.hpp"

namespace opsflow {

// The value of `aggregation` over `values` (not empty). Percentiles (median, p90, p95)
// interpolate linearly between closest ranks (NumPy's default, R's type 7); `last` is the last
// value in the order given.
double aggregate(Aggregation aggregation, std::vector<double> values);

enum class PeriodKind : std::uint8_t { Week, Month, Quarter };
// A period as an option spells it ("week") and as a report describes it ("weekly").
struct PeriodKindName {
  std::string_view name;
  PeriodKind value;
  std::string_view adjective;
};
std::span<const PeriodKindName> enum_table(PeriodKind);

// A calendar period: an ISO 8601 week (Monday to Sunday, week 1 holding the year's first
// Thursday), a month or a quarter.
struct Period {
  PeriodKind kind = PeriodKind::Month;
  int year = 0;   // the ISO week-numbering year for weeks
  int index = 0;  // week 1..53, month 1..12, quarter 1..4
  friend auto operator<=>(const Period&, const Period&) = default;
};

// The period of `kind` that contains day `day` (days since 1970-01-01).
Period period_of(std::int64_t day, PeriodKind kind);
// The first and last day of a period.
std::int64_t period_start(const Period& period);
std::int64_t period_end(const Period& period);
// The latest complete period of `kind` as of `day` (SPEC §5): the one containing `day` when `day`
// is its last day, else the one before.
Period latest_complete_period(std::int64_t day, PeriodKind kind);
// "2026-W05", "2026-03", "2026-Q1".
std::string period_label(const Period& period);

// Key result status (SPEC §5).
// Worse statuses compare greater; no-data is the worst: a gate does not pass on missing data.
enum class Status : std::uint8_t { Achieved, OnTrack, AtRisk, OffTrack, NoData };
std::span<const EnumName<Status>> enum_table(Status);  // "achieved", "on-track", ... "no-data"

// (current - baseline) / (target - baseline). When target equals baseline: 1 if current is at or
// beyond the target in the metric's direction, else 0.
double key_result_progress(double baseline, double target, double current, Direction direction);

// achieved when progress >= 1, on-track when >= expected - 0.1, at-risk when >= expected - 0.25,
// else off-track; `expected` is the elapsed share of the goal period (0..1).
Status key_result_status(double progress, double expected);

// The expected progress of a key result on day `day` for a goal period from `start` to `end`,
// both included (SPEC §5): (day - start + 1) / (end - start + 1), clipped to 0..1; a one-day
// goal is 0 before its day and 1 from it.
double expected_progress(std::int64_t start, std::int64_t end, std::int64_t day);

// The planned value of a key result on day `day`: the straight way from `baseline` at the goal's
// start to `target` at its end, baseline + (target - baseline) x expected_progress, so a value on
// the plan has exactly the expected progress (what the report's chart draws as the plan line).
double planned_value(double baseline, double target, std::int64_t start, std::int64_t end,
                     std::int64_t day);

// A least-squares line through (day, value) points: value = intercept + slope x (day - x0).
struct TrendLine {
  double x0 = 0;
  double intercept = 0;
  double slope = 0;  // per day
};
// Absent with fewer than two distinct days.
std::optional<TrendLine> trend_line(const std::vector<std::pair<std::int64_t, double>>& points);

// The day a least-squares line through (day, value) points reaches `target`, if it moves towards
// it (needs two points with different days); nullopt when it never will at this rate.
std::optional<std::int64_t> trend_reaches(
    const std::vector<std::pair<std::int64_t, double>>& points, double target, Direction direction);

}  // namespace opsflow
