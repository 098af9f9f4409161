#pragma once
// KPI reports (SPEC §5): metric values per period, key result progress and status, trend, and
// before/after comparison around a process change.

#include <cstdint>
#include <optional>
#include <span>
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
  bool complete = true;   // as-of is on or after its last day (SPEC §5)
};

// The period that contains as-of while it is not complete: its value so far and how much of it
// has passed. Shown beside the current value, never deciding a status.
struct ToDate {
  PeriodValue value;
  std::int64_t days_covered = 0;  // from its first day to as-of, both included
  std::int64_t days = 0;          // its length
};

// A metric's values per period, for all data or one value of the --by dimension.
struct Series {
  std::string dimension;  // "" without --by; the dimension value otherwise ("(none)" if absent)
  std::vector<PeriodValue> periods;
};

// How a metric moved from the period before the last to the last.
enum class Trend : std::uint8_t { Improving, Worsening, Flat, Unknown };
std::span<const EnumName<Trend>> enum_table(Trend);  // "improving", "worsening", ...

// How the two windows of --compare-at are compared (SPEC §5).
enum class WindowTest : std::uint8_t {
  MannWhitney,  // the aggregation of each window; two-sided Mann-Whitney U
  PoissonRate,  // counts of events (count, or sum of whole numbers): the two totals as rates;
                // two-sided exact conditional test (binomial, p = 0.5 for equal windows)
};
std::span<const EnumName<WindowTest>> enum_table(WindowTest);  // "mann-whitney", "poisson-rate"

// Before/after windows around --compare-at.
struct WindowComparison {
  std::int64_t before_start = 0,
               after_end = 0;  // the windows are [before_start, at) and [at, after_end]
  std::size_t before_count = 0, after_count = 0;  // measurements in each
  WindowTest test = WindowTest::MannWhitney;
  double before_value = 0, after_value = 0;  // each window's aggregation, or its total
  double delta = 0;
  std::optional<double> percent_change;  // absent when the before value is 0
  double u = 0;                          // Mann-Whitney U (of the after window); 0 for rates
  double p = 1;                          // the test's two-sided p-value
  Trend verdict = Trend::Unknown;        // improving / worsening when p < 0.05, flat otherwise
  std::string wording;                   // e.g. "improved, unlikely to be noise (p = 0.003)"
};

struct MetricReport {
  const Metric* metric = nullptr;
  std::vector<Series> series;     // the whole metric first, then one per dimension value
  std::optional<ToDate> to_date;  // the incomplete period containing as-of, when it has data
  std::optional<double> change;   // the last complete period with data minus the one before
  Trend trend = Trend::Unknown;
  std::optional<WindowComparison> comparison;  // with --compare-at, when both windows have data
};

struct KeyResultReport {
  const Goal* goal = nullptr;
  const KeyResult* key_result = nullptr;
  const Metric* metric = nullptr;
  std::optional<double> baseline, target, current;  // in the metric's unit
  std::optional<Period> current_period;  // the latest complete period, which `current` is of
  std::optional<ToDate> to_date;         // the incomplete period beside it
  std::optional<double> progress;
  std::optional<double> expected;  // elapsed share of the goal period, both ends included
  // no-data when the latest complete period has no measurement; absent without a baseline and
  // a target (nothing to judge against)
  std::optional<Status> status;
  std::optional<std::int64_t> forecast;  // the day the trend reaches the target
  bool never_at_this_rate = false;       // there is a trend, but it does not move toward it
};

struct Report {
  ReportOptions options;
  // "Today": --as-of, else the latest measurement date; absent when there is neither.
  std::optional<std::int64_t> as_of;
  std::vector<KeyResultReport> key_results;  // goals in model order, key results in file order
  std::vector<MetricReport> metrics;         // metrics in model order
};

// Whether a report on `model` carries the built-in metric training-coverage (SPEC §5): some role
// records training or a key result names it, and no Metric document takes its id. Its values
// per role are split by the dimension 'role'.
bool reports_training_coverage(const Model& model);

// Computes the report. A key result's current value is its metric's value in the latest complete
// period; without a measurement there its status is no-data.
Report build_report(const Model& model, const MeasurementData& data, const ReportOptions& options);

}  // namespace opsflow
