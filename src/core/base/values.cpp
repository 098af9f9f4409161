#include "opsflow/base/values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "opsflow/base/text.hpp"

namespace opsflow {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads a non-negative decimal (digits with an optional fraction) at `pos`; advances `pos`.
std::optional<double> read_decimal(std::string_view text, size_t& pos) {
  size_t start = pos;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t frac = pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    if (frac == pos) return std::nullopt;
  }
  if (pos == start) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data() + start, text.data() + pos, value);
  if (ec != std::errc() || ptr != text.data() + pos || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads exactly `n` digits as an integer.
bool read_fixed(std::string_view text, size_t& pos, size_t n, int& out) {
  if (pos + n > text.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = text[pos + i];
    if (!is_digit(c)) return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  out = v;
  return true;
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr const char* kRatePeriodsHint = "periods are day, week, month, quarter and year";

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

}  // namespace

namespace {

// Durations as the format writes them (parse_duration adds what a person may have meant).
Parsed<double> parse_duration_exact(std::string_view raw);

// The unit letter of a spelled-out unit ("day", "hours", "min"), or 0.
char unit_letter(std::string_view word) {
  static constexpr std::pair<std::string_view, char> kUnits[] = {
      {"s", 's'},    {"sec", 's'},  {"secs", 's'},  {"second", 's'}, {"seconds", 's'},
      {"m", 'm'},    {"min", 'm'},  {"mins", 'm'},  {"minute", 'm'}, {"minutes", 'm'},
      {"h", 'h'},    {"hr", 'h'},   {"hrs", 'h'},   {"hour", 'h'},   {"hours", 'h'},
      {"d", 'd'},    {"day", 'd'},  {"days", 'd'},  {"w", 'w'},      {"wk", 'w'},
      {"wks", 'w'},  {"week", 'w'}, {"weeks", 'w'}, {"天", 'd'},     {"小时", 'h'},
      {"分钟", 'm'}, {"周", 'w'},   {"秒", 's'}};
  for (const auto& [name, letter] : kUnits) {
    if (name == word) return letter;
  }
  return 0;
}

// "1 day" -> "1d", "2 hours 30 min" -> "2h30m": what someone meant who spelled a duration out;
// "" when the text is not numbers and units.
std::string spelled_duration(std::string_view text) {
  std::string meant;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ') ++pos;
    std::size_t start = pos;
    if (!read_decimal(text, pos)) return {};
    std::string_view number = text.substr(start, pos - start);
    while (pos < text.size() && text[pos] == ' ') ++pos;
    std::size_t word_start = pos;
    while (pos < text.size() && text[pos] != ' ' && !is_digit(text[pos])) ++pos;
    char letter = unit_letter(ascii_lowercase(text.substr(word_start, pos - word_start)));
    if (letter == 0) return {};
    meant += number;
    meant += letter;
  }
  return meant;
}

}  // namespace

Parsed<double> parse_duration(std::string_view raw) {
  Parsed<double> parsed = parse_duration_exact(raw);
  if (parsed.value) return parsed;
  const std::string_view text = trim(raw);
  if (std::string meant = spelled_duration(text); !meant.empty() && meant != text) {
    if (parse_duration_exact(meant).value) {
      return Parsed<double>::fail(
          fmt::format("invalid duration '{}': did you mean {}?", excerpt(text), meant),
          "units are s, m, h, d (24h) and w, written right after the number: 1h30m");
    }
  }
  return parsed;
}

namespace {

Parsed<double> parse_duration_exact(std::string_view raw) {
  std::string_view text = trim(raw);
  if (text.empty())
    return Parsed<double>::fail("empty duration", "write it with a unit, e.g. 15m or 2h");
  if (text.front() == '-')
    return Parsed<double>::fail(fmt::format("negative duration '{}'", excerpt(text)));
  size_t pos = 0;
  double total = 0;
  int last_rank = 100;
  while (pos < text.size()) {
    size_t num_start = pos;
    auto number = read_decimal(text, pos);
    if (!number) {
      return Parsed<double>::fail(fmt::format("invalid duration '{}'", excerpt(text)),
                                  "use a number and a unit: 90s, 15m, 2h, 1h30m, 1.5h, 2d, 1w");
    }
    if (pos == text.size()) {
      if (num_start == 0) {
        return Parsed<double>::fail(fmt::format("bare number {} is ambiguous: did you mean {}m?",
                                                excerpt(text), excerpt(text)),
                                    "durations need a unit: s, m, h, d (24h) or w");
      }
      return Parsed<double>::fail(fmt::format("invalid duration '{}': '{}' has no unit",
                                              excerpt(text), excerpt(text.substr(num_start))),
                                  "use a number and a unit: 90s, 15m, 2h, 1h30m, 1.5h, 2d, 1w");
    }
    char unit = text[pos++];
    double factor = 0;
    int rank = 0;
    switch (unit) {
      case 'w':
        factor = kSecondsPerWeek;
        rank = 5;
        break;
      case 'd':
        factor = kSecondsPerDay;
        rank = 4;
        break;
      case 'h':
        factor = kSecondsPerHour;
        rank = 3;
        break;
      case 'm':
        factor = 60;
        rank = 2;
        break;
      case 's':
        factor = 1;
        rank = 1;
        break;
      default:
        return Parsed<double>::fail(
            fmt::format("invalid duration '{}': unknown unit '{}'", excerpt(text),
                        code_point_slice(text.substr(pos - 1), 0, 1)),
            "units are s, m, h, d (24h) and w");
    }
    if (rank >= last_rank) {
      return Parsed<double>::fail(
          fmt::format("invalid duration '{}': units must go from largest to smallest, once each",
                      excerpt(text)),
          "e.g. 1h30m, 2d4h");
    }
    last_rank = rank;
    total += *number * factor;
  }
  if (!std::isfinite(total) || total > kMaxDurationSeconds) {
    return Parsed<double>::fail(
        fmt::format("duration '{}' is longer than 100 years", excerpt(text)),
        "check the unit: 15m is 15 minutes, 15w is 15 weeks");
  }
  return Parsed<double>::ok(total);
}

}  // namespace

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds)) return "inf";
  if (std::fabs(seconds) > 1e15) return fmt::format("{:.3g}d", seconds / kSecondsPerDay);
  if (seconds < 0) {
    std::string positive = format_duration(-seconds);
    positive.insert(positive.begin(), '-');
    return positive;
  }
  // Whole seconds print as d/h/m/s parts; fractions keep up to 3 decimals of their unit.
  double rounded = std::round(seconds);
  if (std::fabs(seconds - rounded) > 1e-6) {
    if (seconds >= kSecondsPerHour) return fmt::format("{:.3g}h", seconds / kSecondsPerHour);
    if (seconds >= 60) return fmt::format("{:.3g}m", seconds / 60);
    return fmt::format("{:.3g}s", seconds);
  }
  auto total = static_cast<long long>(rounded);
  if (total == 0) return "0s";
  std::string out;
  long long d = total / 86400, h = total % 86400 / 3600, m = total % 3600 / 60, s = total % 60;
  if (d) out += fmt::format("{}d", d);
  if (h) out += fmt::format("{}h", h);
  if (m) out += fmt::format("{}m", m);
  if (s) out += fmt::format("{}s", s);
  return out;
}

std::string format_decimal(double value, int decimals) {
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text.find('.') != std::string::npos) {
    while (text.ends_with('0')) text.pop_back();
    if (text.ends_with('.')) text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

std::string format_duration_approx(double seconds) {
  if (!std::isfinite(seconds)) return format_duration(seconds);
  double unit = std::fabs(seconds) >= 60 ? 60 : 1;
  return format_duration(std::round(seconds / unit) * unit);
}

std::span<const EnumName<RateUnit>> enum_table(RateUnit) {
  static constexpr EnumName<RateUnit> kUnits[] = {{"day", RateUnit::Day},
                                                  {"week", RateUnit::Week},
                                                  {"month", RateUnit::Month},
                                                  {"quarter", RateUnit::Quarter},
                                                  {"year", RateUnit::Year}};
  return kUnits;
}

double Rate::per_week() const {
  switch (unit) {
    case RateUnit::Day:
      return count * 7;
    case RateUnit::Week:
      return count;
    case RateUnit::Month:
      return count * 7 / kDaysPerMonth;
    case RateUnit::Quarter:
      return count * 7 / (3 * kDaysPerMonth);
    case RateUnit::Year:
      return count * 7 / 365.25;
  }
  return count;
}

Parsed<Rate> parse_rate(std::string_view raw) {
  std::string_view text = trim(raw);
  const char* hint = "write a count per period: 12/week, 3/day, 2/month, 1/quarter, 4/year";
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    if (parse_number(text)) {
      return Parsed<Rate>::fail(fmt::format("bare number {} is ambiguous: did you mean {}/week?",
                                            excerpt(text), excerpt(text)),
                                hint);
    }
    return Parsed<Rate>::fail(fmt::format("invalid rate '{}'", excerpt(text)), hint);
  }
  std::string_view number_text = trim(text.substr(0, slash));
  std::optional<double> number = parse_number(number_text);
  bool all_digits =
      !number_text.empty() && std::all_of(number_text.begin(), number_text.end(),
                                          [](char c) { return is_digit(c) || c == '.'; });
  if ((!number && !all_digits) || (number && *number < 0)) {
    return Parsed<Rate>::fail(fmt::format("invalid rate '{}': '{}' is not a non-negative number",
                                          excerpt(text), excerpt(number_text)),
                              hint);
  }
  std::string_view unit = trim(text.substr(slash + 1));
  std::optional<RateUnit> rate_unit = parse_enum<RateUnit>(unit);
  if (!rate_unit) {
    return Parsed<Rate>::fail(
        fmt::format("invalid rate '{}': unknown period '{}'{}", excerpt(text), excerpt(unit),
                    did_you_mean_suffix(unit, enum_names<RateUnit>())),
        kRatePeriodsHint);
  }
  // One bound for every rate, however it is written (digits too many for a number included).
  Rate rate{number.value_or(std::numeric_limits<double>::infinity()), *rate_unit};
  if (!(rate.per_week() <= kMaxRatePerWeek)) {
    return Parsed<Rate>::fail(fmt::format("rate '{}' is more than {} a week, which no team does",
                                          excerpt(text), "1,000,000,000"),
                              "check the count and the period for a typo");
  }
  return Parsed<Rate>::ok(rate);
}

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  // Howard Hinnant's algorithm.
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilDate civil_from_days(std::int64_t z) {
  // Howard Hinnant's algorithm.
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), m, d};
}

std::string format_date(std::int64_t days) {
  CivilDate c = civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

std::string format_utc(std::int64_t seconds) {
  const std::int64_t day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const std::int64_t second = seconds - day * 86400;  // of the UTC day
  return fmt::format("{}T{:02}:{:02}:{:02}Z", format_date(day), second / 3600, second % 3600 / 60,
                     second % 60);
}

Parsed<DateTime> parse_date(std::string_view raw) {
  std::string_view text = trim(raw);
  const char* hint = "use ISO 8601: 2026-10-01 or 2026-10-01T09:30:00Z";
  auto fail = [&](std::string why) {
    return Parsed<DateTime>::fail(fmt::format("invalid date '{}': {}", excerpt(text), why), hint);
  };
  size_t pos = 0;
  int year = 0, month = 0, day = 0;
  if (!read_fixed(text, pos, 4, year) || pos >= text.size() || text[pos++] != '-' ||
      !read_fixed(text, pos, 2, month) || pos >= text.size() || text[pos++] != '-' ||
      !read_fixed(text, pos, 2, day)) {
    return fail("expected YYYY-MM-DD");
  }
  if (month < 1 || month > 12) return fail(fmt::format("month {} does not exist", month));
  if (day < 1 || day > days_in_month(year, month)) {
    return fail(fmt::format("day {} does not exist in {:04}-{:02}", day, year, month));
  }
  DateTime result;
  result.days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  result.seconds = result.days * 86400;
  if (pos == text.size()) return Parsed<DateTime>::ok(result);
  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')
    return fail("unexpected text after the date");
  ++pos;
  int hour = 0, minute = 0, second = 0;
  if (!read_fixed(text, pos, 2, hour) || pos >= text.size() || text[pos++] != ':' ||
      !read_fixed(text, pos, 2, minute)) {
    return fail("expected a time HH:MM after the date");
  }
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!read_fixed(text, pos, 2, second)) return fail("expected seconds SS");
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      size_t frac = pos;
      std::int32_t scale = 100'000;
      while (pos < text.size() && is_digit(text[pos])) {
        result.micros += (text[pos++] - '0') * scale;  // digits past microseconds are dropped
        scale /= 10;
      }
      if (frac == pos) return fail("expected digits after the decimal point");
    }
  }
  if (hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute || second))) {
    return fail("time out of range");
  }
  int offset_minutes = 0;
  if (pos < text.size()) {
    char sign = text[pos++];
    if (sign == 'Z' || sign == 'z') {
      if (pos != text.size()) return fail("unexpected text after the time zone");
    } else if (sign == '+' || sign == '-') {
      int oh = 0, om = 0;
      if (!read_fixed(text, pos, 2, oh)) return fail("expected a time zone offset ±HH:MM");
      bool colon = pos < text.size() && text[pos] == ':';
      if (colon) ++pos;
      if ((colon || pos < text.size()) && !read_fixed(text, pos, 2, om)) {
        return fail("expected a time zone offset ±HH:MM");
      }
      if (pos != text.size() || oh > 23 || om > 59) return fail("invalid time zone offset");
      offset_minutes = (oh * 60 + om) * (sign == '-' ? -1 : 1);
    } else {
      return fail("unexpected text after the time");
    }
  }
  result.has_time = true;
  result.seconds = result.days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return Parsed<DateTime>::ok(result);
}

std::int64_t day_of_micros(std::int64_t micros) {
  constexpr std::int64_t kPerDay = 86'400'000'000;
  return micros >= 0 ? micros / kPerDay : (micros + 1) / kPerDay - 1;
}

double seconds_per_unit(std::string_view unit) {
  if (unit == "seconds" || unit == "second" || unit == "s") return 1;
  if (unit == "minutes" || unit == "minute" || unit == "min") return 60;
  if (unit == "hours" || unit == "hour" || unit == "h") return kSecondsPerHour;
  if (unit == "days" || unit == "day" || unit == "d") return kSecondsPerDay;
  return 0;
}

Parsed<double> parse_capacity(std::string_view raw) {
  std::string_view text = trim(raw);
  const char* hint = "write hours per member per period: 30h/week, 6h/day";
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    return Parsed<double>::fail(fmt::format("capacity '{}' has no period", excerpt(text)), hint);
  }
  auto time = parse_duration(text.substr(0, slash));
  if (!time.value)
    return Parsed<double>::fail(fmt::format("capacity '{}': {}", excerpt(text), time.error), hint);
  auto rate = parse_rate(fmt::format("1/{}", trim(text.substr(slash + 1))));
  if (!rate.value) {
    const std::string_view period = trim(text.substr(slash + 1));
    return Parsed<double>::fail(
        fmt::format("capacity '{}': unknown period '{}'{}", excerpt(text), excerpt(period),
                    did_you_mean_suffix(period, enum_names<RateUnit>())),
        kRatePeriodsHint);
  }
  double hours = *time.value / kSecondsPerHour * rate.value->per_week();
  if (hours > 168) {
    return Parsed<double>::fail(fmt::format("capacity '{}' is {:.0f} hours a week, more than the "
                                            "168 a week has",
                                            excerpt(text), hours),
                                hint);
  }
  return Parsed<double>::ok(hours);
}

Parsed<double> parse_probability(std::string_view raw) {
  std::string_view text = trim(raw);
  bool percent = !text.empty() && text.back() == '%';
  if (percent) text.remove_suffix(1);
  auto number = parse_number(text);
  if (!number) {
    return Parsed<double>::fail(fmt::format("invalid probability '{}'", excerpt(raw)),
                                "write a share between 0 and 1, e.g. 0.2 (or 20%)");
  }
  double value = percent ? *number / 100 : *number;
  if (value < 0 || value > 1) {
    return Parsed<double>::fail(fmt::format("probability {} is outside {}", excerpt(trim(raw)),
                                            percent ? "0%..100%" : "0..1"),
                                percent ? "a percentage must be between 0% and 100%"
                                        : "write a share between 0 and 1, e.g. 0.2 (or 20%)");
  }
  return Parsed<double>::ok(value);
}

std::optional<double> parse_number(std::string_view raw) {
  std::string_view text = trim(raw);
  if (text.empty()) return std::nullopt;
  bool negative = text.front() == '-';
  if (negative || text.front() == '+') text.remove_prefix(1);
  size_t pos = 0;
  auto value = read_decimal(text, pos);
  if (!value) return std::nullopt;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    // scientific notation: let from_chars validate the whole thing
    double v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v))
      return std::nullopt;
    return negative ? -v : v;
  }
  if (pos != text.size()) return std::nullopt;
  return negative ? -*value : *value;
}

}  // namespace opsflow
