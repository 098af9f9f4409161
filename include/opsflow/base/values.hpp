#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "opsflow/base/enums.hpp"

namespace opsflow {

// Result of parsing a value written by a user: either the value or a message (+ optional hint).
template <class T>
struct Parsed {
  std::optional<T> value;
  std::string error;  // set when value is empty
  std::string hint;
  static Parsed ok(T v) { return Parsed{std::move(v), {}, {}}; }
  static Parsed fail(std::string message, std::string hint_text = {}) {
    return Parsed{std::nullopt, std::move(message), std::move(hint_text)};
  }
};

inline constexpr double kSecondsPerHour = 3600.0;
inline constexpr double kSecondsPerDay = 86400.0;
inline constexpr double kSecondsPerWeek = 7 * kSecondsPerDay;
inline constexpr double kDaysPerMonth = 365.25 / 12.0;
inline constexpr double kMaxDurationSeconds = 100 * 365.25 * kSecondsPerDay;

// Parses a duration such as 90s, 15m, 2h, 1h30m, 1.5h, 2d (24h) or 1w into seconds.
// A bare number fails with a hint ("did you mean 15m?"); negative values fail.
Parsed<double> parse_duration(std::string_view text);

// Formats seconds compactly and exactly enough to read back: 1h30m, 45m, 2d, 1.5s.
std::string format_duration(double seconds);
// Formats seconds for people: rounded to whole minutes (whole seconds under a minute): 1d4h30m.
std::string format_duration_approx(double seconds);
// Formats a number as a plain decimal with at most `decimals` decimals and no trailing zeros,
// never in scientific notation: 12, 0.92, 12345678.9 (and 0, never -0).
std::string format_decimal(double value, int decimals);

// The unit of a rate such as 12/week.
enum class RateUnit : std::uint8_t { Day, Week, Month, Quarter, Year };
std::span<const EnumName<RateUnit>> enum_table(RateUnit);  // "day", "week", ...

// A frequency "N/unit". per_week() converts with month = 365.25/12 days, quarter = 3 months.
struct Rate {
  double count = 0;
  RateUnit unit = RateUnit::Week;
  double per_week() const;
};

// The largest rate accepted, whatever its period: larger ones are typos that would make every
// load figure meaningless.
inline constexpr double kMaxRatePerWeek = 1e9;

// Parses N/day|week|month|quarter|year (N >= 0, decimals or 1e6 allowed; at most
// kMaxRatePerWeek a week).
Parsed<Rate> parse_rate(std::string_view text);

// A calendar date or date-time. `days` counts days since 1970-01-01 of the local date written;
// `seconds` is the UTC instant (for a plain date: midnight UTC).
struct DateTime {
  std::int64_t days = 0;
  std::int64_t seconds = 0;
  std::int32_t micros = 0;  // the fraction of the second written, in microseconds (0..999999)
  bool has_time = false;
  // The UTC instant in microseconds since 1970-01-01T00:00:00Z.
  std::int64_t utc_micros() const { return seconds * 1'000'000 + micros; }
  friend bool operator==(const DateTime&, const DateTime&) = default;
};

// Parses ISO 8601: YYYY-MM-DD, optionally followed by THH:MM[:SS[.fff]] (a 'T', 't' or a space
// between; a fraction of any length, kept to the microsecond, '.' or ',') and Z or ±HH[:]MM; a
// date-time without a zone is taken as UTC.
Parsed<DateTime> parse_date(std::string_view text);

// Days since 1970-01-01 of a proleptic Gregorian date (no validation).
std::int64_t days_from_civil(int year, unsigned month, unsigned day);
// The calendar date of a day number.
struct CivilDate {
  int year;
  unsigned month;
  unsigned day;
};
CivilDate civil_from_days(std::int64_t days);
// YYYY-MM-DD of a day number.
std::string format_date(std::int64_t days);
// YYYY-MM-DDTHH:MM:SSZ of an instant in whole seconds since 1970 (UTC).
std::string format_utc(std::int64_t seconds);
// The day number (UTC) of an instant in microseconds since 1970, rounding down before 1970 too.
std::int64_t day_of_micros(std::int64_t micros);

// Seconds in one unit of a metric measured in time ("minutes" -> 60), or 0 for other units.
double seconds_per_unit(std::string_view unit);

// Parses a role capacity "30h/week", "6h/day" into hours per week (at most 168).
Parsed<double> parse_capacity(std::string_view text);

// Parses a probability in [0, 1]; "50%" is accepted as 0.5.
Parsed<double> parse_probability(std::string_view text);

// Parses a plain finite decimal number (no units). Fails on anything else.
std::optional<double> parse_number(std::string_view text);

}  // namespace opsflow
