#pragma once
// Measurement data for `opsflow report` (SPEC §2 measurement CSV, §5 semantics): CSV reading,
// aggregation and calendar periods. The report command itself builds on these.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "opsflow/base/diagnostic.hpp"
#include "opsflow/model/model.hpp"

namespace opsflow {

// A CSV file as rows of cells (RFC 4180: quoted fields, "" for a quote, line breaks inside quotes,
// CRLF or LF, an optional UTF-8 byte order mark).
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;            // the line each row starts on (1-based; the header is line 1)
  std::vector<std::size_t> offsets;  // the byte each row starts at (after a byte order mark)
};

// Parses CSV text; problems (an unterminated quote, text after a closing quote, a row with a
// different number of cells than the header) are appended to `diagnostics` with `file`, and the
// offending rows are left out of the table (never silently: each has its diagnostic).
CsvTable parse_csv(std::string_view text, const std::string& file,
                   std::vector<Diagnostic>& diagnostics);

// The column (1-based, in bytes on its line) where cell `cell` of the row at byte `offset` of
// `text` begins; `text` as given to parse_csv. For messages about one cell.
int csv_cell_column(std::string_view text, std::size_t offset, std::size_t cell);

// The value of `aggregation` over `values` (not empty). Percentiles (median, p90, p95)
// interpolate linearly between closest ranks (NumPy's default, R's type 7); `last` is the last
// value in the order given.
double aggregate(Aggregation aggregation, std::vector<double> values);

enum class PeriodKind : std::uint8_t { Week, Month, Quarter };

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
// "2026-W05", "2026-03", "2026-Q1".
std::string period_label(const Period& period);

// Seconds in one unit of a metric measured in time ("minutes" -> 60), or 0 for other units.
double seconds_per_unit(std::string_view unit);

// One measured value of a metric.
struct Measurement {
  std::int64_t day = 0;      // calendar day as written (local date)
  std::int64_t seconds = 0;  // the instant, UTC (midnight for a plain date)
  double value = 0;          // in the metric's unit (a duration is converted to it)
  std::vector<std::pair<std::string, std::string>> dimensions;  // other columns: name, value
  std::uint32_t file = 0;                                       // index into MeasurementData::files
  int line = 0;
};

// Every measurement found, by metric id, each list in file then row order.
struct MeasurementData {
  std::vector<std::string> files;  // the CSV files read, in the order they were read
  std::vector<std::pair<std::string, std::vector<Measurement>>> by_metric;  // sorted by metric id
  const std::vector<Measurement>* find(std::string_view metric) const;
};

// Reads the measurement CSVs of SPEC §2: each Metric's `data:` file (relative to the Config's
// folder), then every *.csv in `data_dir`: long form (a `metric` column) or per metric (the file
// name is the metric id); the other columns besides date, metric and value are dimensions.
// Values are numbers, or durations for metrics measured in seconds, minutes, hours or days.
// Every unreadable or wrong row gets a diagnostic with file and line (unknown metric ids with a
// suggestion). A second value for the same date, metric and dimensions is flagged for snapshot
// metrics (aggregation: last); event metrics have many per date. Throws Error when `data_dir` is
// missing.
MeasurementData load_measurements(const Model& model, const std::string& data_dir,
                                  std::vector<Diagnostic>& diagnostics);

// A two-sided Mann–Whitney U test of two samples (both non-empty): U of the first sample, the z
// score and the p-value by the normal approximation with the tie correction and a continuity
// correction of 0.5 (SciPy's mannwhitneyu(method="asymptotic")). p is 1 when every value ties.
struct MannWhitney {
  double u = 0;
  double z = 0;
  double p = 1;
};
MannWhitney mann_whitney(const std::vector<double>& first, const std::vector<double>& second);

// Key result status (SPEC §5).
enum class Status : std::uint8_t { Achieved, OnTrack, AtRisk, OffTrack };
const char* status_name(Status status);  // "achieved", "on-track", "at-risk", "off-track"

// (current - baseline) / (target - baseline). When target equals baseline: 1 if current is at or
// beyond the target in the metric's direction, else 0.
double key_result_progress(double baseline, double target, double current, Direction direction);

// achieved when progress >= 1, on-track when >= expected - 0.1, at-risk when >= expected - 0.25,
// else off-track; `expected` is the elapsed share of the goal period (0..1).
Status key_result_status(double progress, double expected);

// The day a least-squares line through (day, value) points reaches `target`, if it moves towards
// it (needs two points with different days); nullopt when it never will at this rate.
std::optional<std::int64_t> trend_reaches(
    const std::vector<std::pair<std::int64_t, double>>& points, double target, Direction direction);

}  // namespace opsflow
