// KPI report: periods, key results, trends and before/after comparisons (SPEC §5).
#include "opsflow/report/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace opsflow {

std::span<const EnumName<Trend>> enum_table(Trend) {
  static constexpr EnumName<Trend> kTrends[] = {{"improving", Trend::Improving},
                                                {"worsening", Trend::Worsening},
                                                {"flat", Trend::Flat},
                                                {"unknown", Trend::Unknown}};
  return kTrends;
}

namespace {

// Periods with data: the metric's aggregation over the measurements dated in each.
std::vector<PeriodValue> per_period(const Metric& metric,
                                    const std::vector<const Measurement*>& rows, PeriodKind kind) {
  std::map<Period, std::vector<double>> buckets;
  for (const Measurement* m : rows) buckets[period_of(m->day, kind)].push_back(m->value);
  std::vector<PeriodValue> out;
  out.reserve(buckets.size());
  for (auto& [period, values] : buckets) {
    out.push_back({period, aggregate(metric.aggregation.value, values), values.size()});
  }
  return out;
}

Trend judge(double delta, Direction direction) {
  if (delta == 0) return Trend::Flat;
  bool better = direction == Direction::LowerIsBetter ? delta < 0 : delta > 0;
  return better ? Trend::Improving : Trend::Worsening;
}

double median(std::vector<double> values) {
  return aggregate(Aggregation::Median, std::move(values));
}

std::optional<WindowComparison> compare_windows(const Metric& metric,
                                                const std::vector<const Measurement*>& rows,
                                                std::int64_t at, std::int64_t first,
                                                std::int64_t last) {
  // Equal windows on both sides of the change, as long as the data allows.
  std::int64_t length = std::min(at - first, last - at + 1);
  if (length <= 0) return std::nullopt;
  WindowComparison c;
  c.before_start = at - length;
  c.after_end = at + length - 1;
  std::vector<double> before, after;
  for (const Measurement* m : rows) {
    if (m->day >= c.before_start && m->day < at) before.push_back(m->value);
    if (m->day >= at && m->day <= c.after_end) after.push_back(m->value);
  }
  if (before.empty() || after.empty()) return std::nullopt;
  c.before_count = before.size();
  c.after_count = after.size();
  c.before_median = median(before);
  c.after_median = median(after);
  c.delta = c.after_median - c.before_median;
  if (c.before_median != 0) c.percent_change = c.delta / std::abs(c.before_median) * 100;
  c.test = mann_whitney(before, after);
  std::string p = c.test.p < 0.001 ? "p < 0.001" : fmt::format("p = {:.3f}", c.test.p);
  if (c.test.p < 0.05 && c.delta != 0) {
    c.verdict = judge(c.delta, metric.direction.value);
    c.wording = fmt::format("{}, unlikely to be noise ({})",
                            c.verdict == Trend::Improving ? "improved" : "worsened", p);
  } else {
    c.verdict = Trend::Flat;
    c.wording = fmt::format("no clear change: the difference could be noise ({})", p);
  }
  return c;
}

// A key-result number in the metric's unit: durations are converted.
std::optional<double> in_unit(const Field<Quantity>& q, const Metric& metric) {
  if (!q) return std::nullopt;
  double per_unit = seconds_per_unit(metric.unit.value);
  if (q.value.is_duration && per_unit > 0) return q.value.value / per_unit;
  return q.value.value;
}

constexpr std::size_t kTrendPeriods = 6;  // the forecast fits a line through the last 6 periods

}  // namespace

Report build_report(const Model& model, const MeasurementData& data, const ReportOptions& options) {
  Report report;
  report.options = options;
  // The rows in range, per metric.
  std::map<std::string, std::vector<const Measurement*>> rows;
  std::int64_t latest = 0;
  bool any = false;
  // Nothing measured after "today" exists yet as of then.
  std::optional<std::int64_t> until = options.to;
  if (options.as_of) until = std::min(until.value_or(*options.as_of), *options.as_of);
  for (const auto& [id, measurements] : data.by_metric) {
    for (const Measurement& m : measurements) {
      if (options.from && m.day < *options.from) continue;
      if (until && m.day > *until) continue;
      rows[id].push_back(&m);
      latest = any ? std::max(latest, m.day) : m.day;
      any = true;
    }
  }
  report.as_of = options.as_of;
  if (!report.as_of && any) report.as_of = latest;

  std::map<std::string, const MetricReport*> by_id;
  report.metrics.reserve(model.metrics.size());
  for (const Metric& metric : model.metrics) {
    MetricReport& mr = report.metrics.emplace_back();
    mr.metric = &metric;
    const auto& mine = rows[metric.meta.id.value];
    mr.series.push_back({"", per_period(metric, mine, options.period)});
    if (!options.by.empty()) {
      std::map<std::string, std::vector<const Measurement*>> split;
      for (const Measurement* m : mine) {
        // A blank cell is no value, like a file without the column (and never the overall
        // series, whose name is empty).
        std::string value = "(none)";
        for (const auto& [name, v] : *m->dimensions) {
          if (name == options.by && !v.empty()) value = v;
        }
        split[value].push_back(m);
      }
      // A metric without that column is not split at all.
      bool has_column = !(split.size() == 1 && split.begin()->first == "(none)");
      if (has_column) {
        for (const auto& [value, part] : split)
          mr.series.push_back({value, per_period(metric, part, options.period)});
      }
    }
    const auto& all = mr.series.front().periods;
    if (all.size() >= 2) {
      mr.change = all.back().value - all[all.size() - 2].value;
      mr.trend = judge(*mr.change, metric.direction.value);
    }
    if (options.compare_at && !mine.empty()) {
      std::int64_t first = mine.front()->day, last = mine.front()->day;
      for (const Measurement* m : mine) {
        first = std::min(first, m->day);
        last = std::max(last, m->day);
      }
      mr.comparison = compare_windows(metric, mine, *options.compare_at, first, last);
    }
  }
  for (const MetricReport& mr : report.metrics) by_id[mr.metric->meta.id.value] = &mr;

  for (const Goal& goal : model.goals) {
    for (const KeyResult& kr : goal.key_results) {
      KeyResultReport k;
      k.goal = &goal;
      k.key_result = &kr;
      auto found = by_id.find(kr.metric.value);
      if (found == by_id.end()) {
        report.key_results.push_back(k);
        continue;
      }
      const MetricReport& mr = *found->second;
      k.metric = mr.metric;
      k.baseline = in_unit(kr.baseline, *k.metric);
      k.target = in_unit(kr.target, *k.metric);
      const auto& periods = mr.series.front().periods;
      if (!report.as_of) {
        report.key_results.push_back(k);
        continue;
      }
      const std::int64_t today = *report.as_of;
      Period now = period_of(today, options.period);
      for (const PeriodValue& pv : periods) {
        if (pv.period == now) k.current = pv.value;
      }
      if (goal.has_period) {
        double span =
            static_cast<double>(goal.period_end.value.days - goal.period_start.value.days);
        double elapsed = static_cast<double>(today - goal.period_start.value.days);
        k.expected = std::clamp(span > 0 ? elapsed / span : 1.0, 0.0, 1.0);
      }
      Direction direction = k.metric->direction.value;
      if (k.current && k.baseline && k.target) {
        k.progress = key_result_progress(*k.baseline, *k.target, *k.current, direction);
        k.status = key_result_status(*k.progress, k.expected.value_or(1.0));
      }
      if (k.target && periods.size() >= 2) {
        std::vector<std::pair<std::int64_t, double>> points;
        std::size_t first = periods.size() > kTrendPeriods ? periods.size() - kTrendPeriods : 0;
        for (std::size_t i = first; i < periods.size(); ++i) {
          points.emplace_back(period_start(periods[i].period), periods[i].value);
        }
        k.forecast = trend_reaches(points, *k.target, direction);
        k.never_at_this_rate = !k.forecast;
        // A line that crossed the target in the past while the value has not: "now, at this rate".
        if (k.forecast && *k.forecast < today) k.forecast = today;
      }
      report.key_results.push_back(k);
    }
  }
  return report;
}

}  // namespace opsflow
