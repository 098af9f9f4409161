#pragma once
// KPI reports (SPEC §5): metric values per period, key result progress and status, trend, and
// before/after comparison around a process change.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "opsflow/load/measurements.hpp"
#include "opsflow/model/model.hpp"
#include "opsflow/report/measure.hpp"
#include "opsflow/stats/stats.hpp"

namespace opsflow {

struct ReportOptions {
  PeriodKind period = PeriodKind::Month;
  std::optional<std::int64_t> from;        // first day counted
  std::optional<std::int64_t> to;          // last day counted
  std::optional<std::int64_t> as_of;       // "today"; default: the latest measurement date
  std::string by;                          // a dimension column to split metrics by
  std::optional<std::int64_t> compare_at;  // the day of a process change
};

// One period of one series.
struct PeriodValue {
  Period period;
  double value = 0;
  std::size_t count = 0;  // measurements aggregated
};

// A metric's values per period, for all data or one value of the --by dimension.
struct Series {
  std::string dimension;  // "" without --by; the dimension value otherwise ("(none)" if absent)
  std::vector<PeriodValue> periods;
};

// How a metric moved from the period before the last to the last.
enum class Trend : std::uint8_t { Improving, Worsening, Flat, Unknown };
std::span<const EnumName<Trend>> enum_table(Trend);  // "improving", "worsening", ...

// Before/after windows around --compare-at.
struct WindowComparison {
  std::int64_t before_start = 0,
               after_end = 0;  // the windows are [before_start, at) and [at, after_end]
  std::size_t before_count = 0, after_count = 0;
  double before_median = 0, after_median = 0;
  double delta = 0;
  std::optional<double> percent_change;  // absent when the before median is 0
  MannWhitney test;
  Trend verdict = Trend::Unknown;  // improving / worsening when p < 0.05, flat otherwise
  std::string wording;             // e.g. "improved, unlikely to be noise (p = 0.003)"
};

struct MetricReport {
  const Metric* metric = nullptr;
  std::vector<Series> series;    // the whole metric first, then one per dimension value
  std::optional<double> change;  // last period minus the one before
  Trend trend = Trend::Unknown;
  std::optional<WindowComparison> comparison;  // with --compare-at, when both windows have data
};

struct KeyResultReport {
  const Goal* goal = nullptr;
  const KeyResult* key_result = nullptr;
  const Metric* metric = nullptr;
  std::optional<double> baseline, target, current;  // in the metric's unit
  std::optional<double> progress;
  std::optional<double> expected;        // elapsed share of the goal period
  std::optional<Status> status;          // absent without data (or without target)
  std::optional<std::int64_t> forecast;  // the day the trend reaches the target
  bool never_at_this_rate = false;       // there is a trend, but it does not reach the target
};

struct Report {
  ReportOptions options;
  // "Today": --as-of, else the latest measurement date; absent when there is neither.
  std::optional<std::int64_t> as_of;
  std::vector<KeyResultReport> key_results;  // goals in model order, key results in file order
  std::vector<MetricReport> metrics;         // metrics in model order
};

// Computes the report. Key results of metrics without data in the as-of period get no status.
Report build_report(const Model& model, const MeasurementData& data, const ReportOptions& options);

}  // namespace opsflow
