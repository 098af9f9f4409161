#pragma once
// Measurement data for `opsflow report` (SPEC §2 measurement CSV, §5 semantics): CSV reading,
// aggregation and calendar periods. The report command itself builds on these.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "opsflow/diagnostic.hpp"
#include "opsflow/model.hpp"

namespace opsflow {

// A CSV file as rows of cells (RFC 4180: quoted fields, "" for a quote, line breaks inside quotes,
// CRLF or LF, an optional UTF-8 byte order mark).
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;  // the line each row starts on (1-based; the header is line 1)
};

// Parses CSV text; problems (an unterminated quote, text after a closing quote, a row with a
// different number of cells than the header) are appended to `diagnostics` with `file`, and the
// offending rows are left out of the table (never silently: each has its diagnostic).
CsvTable parse_csv(std::string_view text, const std::string& file, std::vector<Diagnostic>& diagnostics);

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

}  // namespace opsflow
