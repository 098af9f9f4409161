// CSV reading, aggregations and calendar periods for measurement data.
#include "opsflow/report/measure.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "opsflow/analyze/simulate.hpp"

namespace opsflow {
namespace {

Diagnostic csv_problem(const std::string& file, int line, int col, std::string message) {
  return {.severity = Severity::Error,
          .rule = "invalid-csv",
          .file = file,
          .loc = {line, col},
          .message = std::move(message)};
}

}  // namespace

CsvTable parse_csv(std::string_view text, const std::string& file,
                   std::vector<Diagnostic>& diagnostics) {
  CsvTable table;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t pos = 0;
  int line = 1;
  while (pos < text.size()) {
    int row_line = line;
    std::size_t row_offset = pos;
    std::vector<std::string> cells;
    std::string cell;
    bool bad = false, row_done = false;
    int col = 1;
    while (!row_done) {
      if (pos < text.size() && text[pos] == '"') {
        // A quoted field: up to the closing quote, "" stands for one quote.
        int quote_line = line, quote_col = col;
        ++pos;
        ++col;
        bool closed = false;
        while (pos < text.size()) {
          char c = text[pos++];
          ++col;
          if (c == '"') {
            if (pos < text.size() && text[pos] == '"') {
              cell += '"';
              ++pos;
              ++col;
              continue;
            }
            closed = true;
            break;
          }
          if (c == '\n') {
            ++line;
            col = 1;
          }
          cell += c;
        }
        if (!closed) {
          diagnostics.push_back(
              csv_problem(file, quote_line, quote_col, "a quoted field is never closed"));
          return table;
        }
        if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          diagnostics.push_back(csv_problem(file, line, col, "text after a closing quote"));
          bad = true;
          while (pos < text.size() && text[pos] != ',' && text[pos] != '\n') ++pos;
        }
      } else {
        while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          cell += text[pos++];
          ++col;
        }
      }
      cells.push_back(std::move(cell));
      cell.clear();
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        ++col;
        continue;
      }
      if (pos < text.size() && text[pos] == '\r') ++pos;
      if (pos < text.size() && text[pos] == '\n') ++pos;
      ++line;
      row_done = true;
    }
    bool blank = cells.size() == 1 && cells[0].empty();
    if (blank) continue;
    if (table.header.empty() && table.rows.empty() && !bad) {
      table.header = std::move(cells);
      continue;
    }
    if (!bad && cells.size() != table.header.size()) {
      diagnostics.push_back(csv_problem(
          file, row_line, 1,
          fmt::format("row has {} cells, the header has {}", cells.size(), table.header.size())));
      bad = true;
    }
    if (bad) continue;
    table.rows.push_back(std::move(cells));
    table.lines.push_back(row_line);
    table.offsets.push_back(row_offset);
  }
  return table;
}

int csv_cell_column(std::string_view text, std::size_t offset, std::size_t cell) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t line_start = offset;
  bool quoted = false;
  std::size_t pos = offset;
  for (std::size_t seen = 0; pos < text.size() && seen < cell; ++pos) {
    char c = text[pos];
    if (c == '"')
      quoted = !quoted;  // "" inside quotes toggles twice: no change
    else if (c == '\n')
      line_start = pos + 1;
    else if (c == ',' && !quoted)
      ++seen;
  }
  return static_cast<int>(pos - line_start) + 1;
}

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

MannWhitney mann_whitney(const std::vector<double>& first, const std::vector<double>& second) {
  const std::size_t n1 = first.size(), n2 = second.size(), n = n1 + n2;
  // Pool, sort, and give tied values their average rank.
  std::vector<std::pair<double, bool>> pooled;  // (value, from the first sample)
  pooled.reserve(n);
  for (double v : first) pooled.emplace_back(v, true);
  for (double v : second) pooled.emplace_back(v, false);
  std::sort(pooled.begin(), pooled.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  double rank_sum = 0, tie_term = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && pooled[j].first == pooled[i].first) ++j;
    double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k) {
      if (pooled[k].second) rank_sum += average_rank;
    }
    double t = static_cast<double>(j - i);
    tie_term += t * t * t - t;
    i = j;
  }
  MannWhitney r;
  auto dn1 = static_cast<double>(n1), dn2 = static_cast<double>(n2), dn = static_cast<double>(n);
  r.u = rank_sum - dn1 * (dn1 + 1) / 2;
  double mean = dn1 * dn2 / 2;
  double variance = dn1 * dn2 / 12 * ((dn + 1) - tie_term / (dn * (dn - 1)));
  if (variance <= 0) return r;  // every value ties: no evidence either way
  double deviation = std::abs(r.u - mean) - 0.5;
  if (deviation < 0) deviation = 0;
  r.z = (r.u >= mean ? 1 : -1) * deviation / std::sqrt(variance);
  r.p = std::min(1.0, std::erfc(std::abs(r.z) / std::sqrt(2.0)));
  return r;
}

const char* status_name(Status status) {
  switch (status) {
    case Status::Achieved:
      return "achieved";
    case Status::OnTrack:
      return "on-track";
    case Status::AtRisk:
      return "at-risk";
    case Status::OffTrack:
      return "off-track";
  }
  return "off-track";
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

std::optional<std::int64_t> trend_reaches(
    const std::vector<std::pair<std::int64_t, double>>& points, double target,
    Direction direction) {
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
  double intercept = (sy - slope * sx) / n;
  bool improving = direction == Direction::LowerIsBetter ? slope < 0 : slope > 0;
  if (!improving) return std::nullopt;
  double x = (target - intercept) / slope;
  double day = std::ceil(x0 + x);
  if (!std::isfinite(day) || std::abs(day) > 1e7) return std::nullopt;
  return static_cast<std::int64_t>(day);
}

}  // namespace opsflow
