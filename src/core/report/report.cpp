// KPI report: periods, key results, trends and before/after comparisons (SPEC §5).
#include "opsflow/report/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "opsflow/model/training.hpp"

namespace opsflow {

std::span<const EnumName<Trend>> enum_table(Trend) {
  static constexpr EnumName<Trend> kTrends[] = {{"improving", Trend::Improving},
                                                {"worsening", Trend::Worsening},
                                                {"flat", Trend::Flat},
                                                {"unknown", Trend::Unknown}};
  return kTrends;
}

std::span<const EnumName<WindowTest>> enum_table(WindowTest) {
  static constexpr EnumName<WindowTest> kTests[] = {{"mann-whitney", WindowTest::MannWhitney},
                                                    {"poisson-rate", WindowTest::PoissonRate}};
  return kTests;
}

bool reports_training_coverage(const Model& model) {
  for (const Metric& m : model.metrics) {
    if (m.meta.id.value == kTrainingCoverage) return false;
  }
  for (const Goal& g : model.goals) {
    for (const KeyResult& kr : g.key_results) {
      if (kr.metric.value == kTrainingCoverage) return true;
    }
  }
  return any_role_records_training(model);
}

namespace {

// The days training-coverage is measured on, from `changes` (training_dates) up to `last`: each
// day something changed, and, as coverage is a state that lasts until the next change, the last
// day of every period after the first change (and `last` itself), so that a period without a
// change carries the value forward.
std::vector<std::int64_t> coverage_days(std::vector<std::int64_t> changes, std::int64_t last,
                                        PeriodKind kind) {
  std::erase_if(changes, [&](std::int64_t d) { return d > last; });
  if (changes.empty()) return changes;
  std::vector<std::int64_t> days = changes;
  for (std::int64_t end = period_end(period_of(changes.front(), kind)); end < last;
       end = period_end(period_of(end + 1, kind)))
    days.push_back(end);
  days.push_back(last);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

// The values of training-coverage in percent on `days`: overall (no dimensions) and per role
// (dimension role), on the days any training is required.
void training_coverage_values(const std::vector<RequiredTraining>& required,
                              const std::vector<std::int64_t>& days,
                              std::vector<Measurement>& overall,
                              std::vector<Measurement>& by_role) {
  auto percent = [](const TrainingCoverage& c) {
    return 100.0 * static_cast<double>(c.current) / static_cast<double>(c.required);
  };
  for (std::int64_t day : days) {
    TrainingCoverage all = coverage_at(required, day);
    if (all.required == 0) continue;
    overall.push_back({.day = day, .seconds = day * 86400, .value = percent(all)});
  }
  for (const RequiredTraining& r : required) {
    auto dims = std::make_shared<const Dimensions>(Dimensions{{"role", r.role->meta.id.value}});
    for (std::int64_t day : days) {
      TrainingCoverage c = coverage_at(required, day, r.role);
      if (c.required == 0) continue;
      by_role.push_back(
          {.day = day, .seconds = day * 86400, .value = percent(c), .dimensions = dims});
    }
  }
}

// Periods with data: the metric's aggregation over the measurements dated in each.
std::vector<PeriodValue> per_period(const Metric& metric,
                                    const std::vector<const Measurement*>& rows, PeriodKind kind) {
  std::map<Period, std::vector<double>> buckets;
  // Rows come mostly in date order: the period of the row before is checked first.
  std::vector<double>* bucket = nullptr;
  std::int64_t first = 1, last = 0;  // the days of that period
  for (const Measurement* m : rows) {
    if (!bucket || m->day < first || m->day > last) {
      Period period = period_of(m->day, kind);
      first = period_start(period);
      last = period_end(period);
      bucket = &buckets[period];
    }
    bucket->push_back(m->value);
  }
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

// Counts of events are compared as rates (SPEC §5): a `count`, or a `sum` of whole numbers.
bool counts_events(const Metric& metric, const std::vector<double>& values) {
  if (metric.aggregation.value == Aggregation::Count) return true;
  if (metric.aggregation.value != Aggregation::Sum) return false;
  return std::all_of(values.begin(), values.end(),
                     [](double v) { return v >= 0 && v == std::floor(v) && v < 9e15; });
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
  if (before.empty() && after.empty()) return std::nullopt;
  c.before_count = before.size();
  c.after_count = after.size();
  std::vector<double> both = before;
  both.insert(both.end(), after.begin(), after.end());
  if (counts_events(metric, both)) {
    // Totals of events over equal windows: the exact conditional test of equal Poisson rates,
    // the after total given the sum of both.
    c.test = WindowTest::PoissonRate;
    bool count = metric.aggregation.value == Aggregation::Count;
    for (double v : before) c.before_value += count ? 1 : v;
    for (double v : after) c.after_value += count ? 1 : v;
    auto events = [](double x) { return static_cast<std::uint64_t>(std::llround(x)); };
    c.p = binomial_test_half(events(c.after_value), events(c.before_value + c.after_value));
  } else {
    if (before.empty() || after.empty()) return std::nullopt;
    c.test = WindowTest::MannWhitney;
    c.before_value = aggregate(metric.aggregation.value, before);
    c.after_value = aggregate(metric.aggregation.value, after);
    MannWhitney test = mann_whitney(before, after);
    c.u = test.u;
    c.p = test.p;
  }
  c.delta = c.after_value - c.before_value;
  if (c.before_value != 0) c.percent_change = c.delta / std::abs(c.before_value) * 100;
  std::string p = c.p < 0.001 ? "p < 0.001" : fmt::format("p = {:.3f}", c.p);
  const char* test = c.test == WindowTest::PoissonRate ? "exact rate test" : "Mann-Whitney";
  if (c.p < 0.05 && c.delta != 0) {
    c.verdict = judge(c.delta, metric.direction.value);
    c.wording = fmt::format("{}, unlikely to be noise ({}, {})",
                            c.verdict == Trend::Improving ? "improved" : "worsened", test, p);
  } else {
    c.verdict = Trend::Flat;
    c.wording = fmt::format("no clear change: could be noise ({}, {})", test, p);
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
    std::vector<const Measurement*>& list = rows[id];
    list.reserve(measurements.size());
    for (const Measurement& m : measurements) {
      if (options.from && m.day < *options.from) continue;
      if (until && m.day > *until) continue;
      list.push_back(&m);
      latest = any ? std::max(latest, m.day) : m.day;
      any = true;
    }
  }
  // The built-in training-coverage (SPEC §5), when the team records training or a key result
  // names it and no Metric document takes its id: one value per date on which a training record
  // or a version changed, overall; per role beside it, split as the dimension 'role'.
  const Metric* coverage_metric =
      reports_training_coverage(model) ? &training_coverage_metric() : nullptr;
  std::vector<RequiredTraining> required;
  std::vector<std::int64_t> changes;
  if (coverage_metric) {
    required = required_trainings(model);
    changes = training_dates(required);
    for (std::int64_t day : changes) {
      if ((options.from && day < *options.from) || (until && day > *until)) continue;
      latest = any ? std::max(latest, day) : day;
      any = true;
    }
  }
  report.as_of = options.as_of;
  if (!report.as_of && any) report.as_of = latest;
  std::vector<Measurement> coverage_values, coverage_by_role;
  std::vector<const Measurement*> coverage_rows, coverage_role_rows;
  if (coverage_metric && report.as_of) {
    std::int64_t last = until ? std::min(*until, *report.as_of) : *report.as_of;
    training_coverage_values(required, coverage_days(changes, last, options.period),
                             coverage_values, coverage_by_role);
    for (const auto& [values, out] : {std::pair{&coverage_values, &coverage_rows},
                                      std::pair{&coverage_by_role, &coverage_role_rows}}) {
      for (const Measurement& m : *values) {
        if (!options.from || m.day >= *options.from) out->push_back(&m);
      }
    }
  }

  std::map<std::string, const MetricReport*> by_id;
  report.metrics.reserve(model.metrics.size() + 1);
  std::vector<std::pair<const Metric*, std::pair<const std::vector<const Measurement*>*,
                                                 const std::vector<const Measurement*>*>>>
      metrics;
  for (const Metric& metric : model.metrics) {
    const auto* mine = &rows[metric.meta.id.value];
    metrics.push_back({&metric, {mine, mine}});
  }
  if (coverage_metric) metrics.push_back({coverage_metric, {&coverage_rows, &coverage_role_rows}});
  for (const auto& [metric_ptr, measured] : metrics) {
    const Metric& metric = *metric_ptr;
    MetricReport& mr = report.metrics.emplace_back();
    mr.metric = &metric;
    const auto& mine = *measured.first;
    mr.series.push_back({"", per_period(metric, mine, options.period)});
    if (!options.by.empty()) {
      std::map<std::string, std::vector<const Measurement*>> split;
      for (const Measurement* m : *measured.second) {
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
    // A period is complete when as-of is on or after its last day; the one that contains
    // as-of, if incomplete, is "to date" (SPEC §5).
    for (Series& series : mr.series) {
      for (PeriodValue& pv : series.periods) {
        pv.complete = report.as_of && period_end(pv.period) <= *report.as_of;
      }
    }
    const auto& all = mr.series.front().periods;
    if (report.as_of && !all.empty() && !all.back().complete) {
      const Period& now = all.back().period;
      mr.to_date = ToDate{.value = all.back(),
                          .days_covered = *report.as_of - period_start(now) + 1,
                          .days = period_end(now) - period_start(now) + 1};
    }
    // The change from the complete period before the last to the last.
    std::vector<const PeriodValue*> complete;
    for (const PeriodValue& pv : all) {
      if (pv.complete) complete.push_back(&pv);
    }
    if (complete.size() >= 2) {
      mr.change = complete.back()->value - complete[complete.size() - 2]->value;
      mr.trend = judge(*mr.change, metric.direction.value);
    }
    // Coverage is a state valued where it changes, not a sample of events: a test of the
    // difference between its before and after windows would measure how it was sampled.
    if (options.compare_at && !mine.empty() && &metric != coverage_metric) {
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
        if (k.baseline && k.target) k.status = Status::NoData;
        report.key_results.push_back(k);
        continue;
      }
      const std::int64_t today = *report.as_of;
      // The latest complete period: the one containing as-of when as-of is its last day, else
      // the one before. Its value is the current one; the incomplete period is only "to date".
      const Period closed = latest_complete_period(today, options.period);
      k.current_period = closed;
      std::vector<std::pair<std::int64_t, double>> points;  // the complete periods, for the trend
      for (const PeriodValue& pv : periods) {
        if (pv.period == closed) k.current = pv.value;
        if (pv.complete) points.emplace_back(period_start(pv.period), pv.value);
      }
      k.to_date = mr.to_date;
      if (goal.has_period) {
        k.expected =
            expected_progress(goal.period_start.value.days, goal.period_end.value.days, today);
      }
      Direction direction = k.metric->direction.value;
      if (k.baseline && k.target) {
        if (k.current) {
          k.progress = key_result_progress(*k.baseline, *k.target, *k.current, direction);
          k.status = key_result_status(*k.progress, k.expected.value_or(1.0));
        } else {
          k.status = Status::NoData;
        }
      }
      // Forecast: only while the target is not reached, from the complete periods' trend, when it
      // moves toward the target (SPEC §5).
      if (k.target && k.current && k.status != Status::Achieved && points.size() >= 2) {
        if (points.size() > kTrendPeriods)
          points.erase(points.begin(), points.end() - static_cast<std::ptrdiff_t>(kTrendPeriods));
        std::optional<TrendLine> line = trend_line(points);
        bool toward =
            line && (direction == Direction::LowerIsBetter ? line->slope < 0 : line->slope > 0);
        if (toward) {
          // Where the line meets the target; a line that met it before as-of while the value
          // has not goes on from the current value at the line's rate.
          double x = line->x0 + (*k.target - line->intercept) / line->slope;
          if (x <= static_cast<double>(today))
            x = static_cast<double>(today) + (*k.target - *k.current) / line->slope;
          double day = std::ceil(x);
          if (std::isfinite(day) && std::abs(day) <= 1e7)
            k.forecast = static_cast<std::int64_t>(day);
        }
        k.never_at_this_rate = !k.forecast;
      }
      report.key_results.push_back(k);
    }
  }
  return report;
}

}  // namespace opsflow
