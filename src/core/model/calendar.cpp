// Working time under a team's calendar (SPEC §2 Config calendar, §6 business time).
#include <algorithm>
#include <bit>

#include "opsflow/model/model.hpp"

namespace opsflow {
namespace {

constexpr std::int64_t kMicrosPerMinute = 60'000'000;
constexpr std::int64_t kMinutesPerDay = 24 * 60;
constexpr std::int64_t kMicrosPerDay = kMinutesPerDay * kMicrosPerMinute;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// Monday = 0: day 0 (1970-01-01) was a Thursday.
int weekday(std::int64_t day) {
  return static_cast<int>(((day + 3) % 7 + 7) % 7);
}

bool working_day(const Calendar& c, std::int64_t day) {
  return (c.weekdays >> weekday(day) & 1) &&
         !std::binary_search(c.holiday_days.begin(), c.holiday_days.end(), day);
}

// Working microseconds of local day `day` within [from, to) (local microseconds).
std::int64_t within_day(const Calendar& c, std::int64_t day, std::int64_t from, std::int64_t to) {
  if (!working_day(c, day)) return 0;
  const std::int64_t open = day * kMicrosPerDay + c.open * kMicrosPerMinute;
  const std::int64_t close = day * kMicrosPerDay + c.close * kMicrosPerMinute;
  return std::max<std::int64_t>(0, std::min(close, to) - std::max(open, from));
}

}  // namespace

double open_hours_per_week(const Calendar& c) {
  return std::popcount(static_cast<unsigned>(c.weekdays & 0x7F)) * (c.close - c.open) / 60.0;
}

double working_seconds(const Calendar& c, std::int64_t from, std::int64_t to) {
  if (to < from) return -working_seconds(c, to, from);
  const std::int64_t offset = static_cast<std::int64_t>(c.utc_offset_minutes) * kMicrosPerMinute;
  from += offset;
  to += offset;
  const std::int64_t first = floor_div(from, kMicrosPerDay);
  const std::int64_t last = floor_div(to, kMicrosPerDay);
  if (first == last) return static_cast<double>(within_day(c, first, from, to)) / 1e6;
  std::int64_t micros = within_day(c, first, from, to) + within_day(c, last, from, to);
  // The whole days between: whole weeks at once, the rest one by one, less the holidays on
  // working weekdays among them.
  const std::int64_t begin = first + 1, end = last;  // [begin, end)
  const std::int64_t per_day = static_cast<std::int64_t>(c.close - c.open) * kMicrosPerMinute;
  const std::int64_t weeks = (end - begin) / 7;
  micros += weeks * std::popcount(static_cast<unsigned>(c.weekdays & 0x7F)) * per_day;
  for (std::int64_t day = begin + weeks * 7; day < end; ++day) {
    if (c.weekdays >> weekday(day) & 1) micros += per_day;
  }
  auto lo = std::lower_bound(c.holiday_days.begin(), c.holiday_days.end(), begin);
  auto hi = std::lower_bound(c.holiday_days.begin(), c.holiday_days.end(), end);
  for (auto it = lo; it != hi; ++it) {
    if (c.weekdays >> weekday(*it) & 1) micros -= per_day;
  }
  return static_cast<double>(micros) / 1e6;
}

}  // namespace opsflow
