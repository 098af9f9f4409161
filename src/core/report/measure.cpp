// Aggregations, calendar periods, key-result progress and trends (SPEC §5).
#include "opsflow/report/measure.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "opsflow/stats/stats.hpp"

namespace opsflow {
double aggregate(Aggregation aggregation, std::vector<double> values) {
  switch (aggregation) {
    case Aggregation::Sum:
      return std::accumulate(values.begin(), values.end(), 0.0);
    case Aggregation::Count:
      return static_cast<double>(values.size());
    case Aggregation::Mean:
      return std::accumulate(values.begin(), values.end(), 0.0) /
             static_cast<double>(values.size());
    case Aggregation::Min:
      return *std::min_element(values.begin(), values.end());
    case Aggregation::Max:
      return *std::max_element(values.begin(), values.end());
    case Aggregation::Last:
      return values.back();
    case Aggregation::Median:
    case Aggregation::P90:
    case Aggregation::P95: {
      std::sort(values.begin(), values.end());
      double q = aggregation == Aggregation::Median ? 0.5
                 : aggregation == Aggregation::P90  ? 0.9
                                                    : 0.95;
      return quantile(values, q);
    }
  }
  return 0;
}

namespace {

// Weekday of a day number: 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday).
int weekday(std::int64_t day) {
  return static_cast<int>(((day % 7) + 7 + 3) % 7);
}

// Monday of ISO week 1 of ISO year `year`: the week holding January 4th.
std::int64_t iso_week_one(int year) {
  std::int64_t jan4 = days_from_civil(year, 1, 4);
  return jan4 - weekday(jan4);
}

}  // namespace

std::span<const PeriodKindName> enum_table(PeriodKind) {
  static constexpr PeriodKindName kKinds[] = {{"week", PeriodKind::Week, "weekly"},
                                              {"month", PeriodKind::Month, "monthly"},
                                              {"quarter", PeriodKind::Quarter, "quarterly"}};
  return kKinds;
}

Period period_of(std::int64_t day, PeriodKind kind) {
  CivilDate c = civil_from_days(day);
  auto month = static_cast<int>(c.month);
  switch (kind) {
    case PeriodKind::Month:
      return {kind, c.year, month};
    case PeriodKind::Quarter:
      return {kind, c.year, (month - 1) / 3 + 1};
    case PeriodKind::Week: {
      int year = c.year;
      if (day >= iso_week_one(year + 1)) {
        ++year;
      } else if (day < iso_week_one(year)) {
        --year;
      }
      return {kind, year, static_cast<int>((day - iso_week_one(year)) / 7) + 1};
    }
  }
  return {};
}

std::int64_t period_start(const Period& p) {
  switch (p.kind) {
    case PeriodKind::Month:
      return days_from_civil(p.year, static_cast<unsigned>(p.index), 1);
    case PeriodKind::Quarter:
      return days_from_civil(p.year, static_cast<unsigned>((p.index - 1) * 3 + 1), 1);
    case PeriodKind::Week:
      return iso_week_one(p.year) + 7 * (p.index - 1);
  }
  return 0;
}

std::int64_t period_end(const Period& p) {
  switch (p.kind) {
    case PeriodKind::Week:
      return period_start(p) + 6;
    case PeriodKind::Month:
      return p.index == 12 ? days_from_civil(p.year + 1, 1, 1) - 1
                           : days_from_civil(p.year, static_cast<unsigned>(p.index + 1), 1) - 1;
    case PeriodKind::Quarter:
      return p.index == 4 ? days_from_civil(p.year + 1, 1, 1) - 1
                          : days_from_civil(p.year, static_cast<unsigned>(p.index * 3 + 1), 1) - 1;
  }
  return 0;
}

std::string period_label(const Period& p) {
  switch (p.kind) {
    case PeriodKind::Week:
      return fmt::format("{:04}-W{:02}", p.year, p.index);
    case PeriodKind::Month:
      return fmt::format("{:04}-{:02}", p.year, p.index);
    case PeriodKind::Quarter:
      return fmt::format("{:04}-Q{}", p.year, p.index);
  }
  return {};
}

std::span<const EnumName<Status>> enum_table(Status) {
  static constexpr EnumName<Status> kStatuses[] = {{"achieved", Status::Achieved},
                                                   {"on-track", Status::OnTrack},
                                                   {"at-risk", Status::AtRisk},
                                                   {"off-track", Status::OffTrack},
                                                   {"no-data", Status::NoData}};
  return kStatuses;
}

double key_result_progress(double baseline, double target, double current, Direction direction) {
  if (target == baseline) {
    bool met = direction == Direction::LowerIsBetter ? current <= target : current >= target;
    return met ? 1 : 0;
  }
  return (current - baseline) / (target - baseline);
}

Status key_result_status(double progress, double expected) {
  if (progress >= 1) return Status::Achieved;
  if (progress >= expected - 0.1) return Status::OnTrack;
  if (progress >= expected - 0.25) return Status::AtRisk;
  return Status::OffTrack;
}

Period latest_complete_period(std::int64_t day, PeriodKind kind) {
  Period period = period_of(day, kind);
  return period_end(period) > day ? period_of(period_start(period) - 1, kind) : period;
}

double expected_progress(std::int64_t start, std::int64_t end, std::int64_t day) {
  double length = static_cast<double>(end - start + 1);
  if (length <= 0) return 1;
  double elapsed = static_cast<double>(day - start + 1);
  return std::clamp(elapsed / length, 0.0, 1.0);
}

double planned_value(double baseline, double target, std::int64_t start, std::int64_t end,
                     std::int64_t day) {
  return baseline + (target - baseline) * expected_progress(start, end, day);
}

std::optional<TrendLine> trend_line(const std::vector<std::pair<std::int64_t, double>>& points) {
  if (points.size() < 2) return std::nullopt;
  double n = static_cast<double>(points.size()), sx = 0, sy = 0, sxx = 0, sxy = 0;
  double x0 = static_cast<double>(points.front().first);  // centred for precision
  for (const auto& [day, value] : points) {
    double x = static_cast<double>(day) - x0;
    sx += x;
    sy += value;
    sxx += x * x;
    sxy += x * value;
  }
  double denominator = n * sxx - sx * sx;
  if (denominator == 0) return std::nullopt;
  double slope = (n * sxy - sx * sy) / denominator;
  return TrendLine{.x0 = x0, .intercept = (sy - slope * sx) / n, .slope = slope};
}

std::optional<std::int64_t> trend_reaches(
    const std::vector<std::pair<std::int64_t, double>>& points, double target,
    Direction direction) {
  std::optional<TrendLine> line = trend_line(points);
  if (!line) return std::nullopt;
  bool improving = direction == Direction::LowerIsBetter ? line->slope < 0 : line->slope > 0;
  if (!improving) return std::nullopt;
  double x = (target - line->intercept) / line->slope;
  double day = std::ceil(line->x0 + x);
  if (!std::isfinite(day) || std::abs(day) > 1e7) return std::nullopt;
  return static_cast<std::int64_t>(day);
}

}  // namespace opsflow
