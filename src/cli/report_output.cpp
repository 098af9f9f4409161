#include "report_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "json_output.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/version.hpp"
#include "style.hpp"
#include "table.hpp"

namespace opsflow::cli {
namespace {

// Four significant digits, never scientific notation: 43, 10.23, 0.3056, 222185.
std::string number(double value) {
  if (std::abs(value) >= 1000) return fmt::format("{:.0f}", value);
  std::string text = fmt::format("{:.4g}", value);
  if (text.find('e') != std::string::npos) text = fmt::format("{:.6f}", value);
  return text;
}
std::string optional_number(const std::optional<double>& value) {
  return value ? number(*value) : "-";
}
// A share as a whole percentage; just short of 100% stays 99%, so it never reads as reached.
std::string share(const std::optional<double>& value) {
  if (!value) return "-";
  std::string text = whole_percent(*value);
  return text == "100%" && *value < 1 ? "99%" : text;
}

std::string status_text(const KeyResultReport& k) {
  return k.status ? std::string(enum_name(*k.status)) : "-";
}

std::string forecast_text(const KeyResultReport& k) {
  if (k.status == Status::Achieved) return "reached";
  if (k.forecast) return format_date(*k.forecast);
  return k.never_at_this_rate ? "not at this rate" : "-";
}

// The incomplete period's value so far, with how much of it has passed: "9.5 (9/30 d)".
std::string to_date_text(const std::optional<ToDate>& t) {
  if (!t) return "-";
  return fmt::format("{} ({}/{} d)", number(t->value.value), t->days_covered, t->days);
}

// What "current" and "to date" are, the same for every key result: the latest complete period,
// and the incomplete one that contains as-of (empty when as-of ends a period).
struct PeriodsNote {
  std::string current, to_date;
};

PeriodsNote periods_note(const Report& r) {
  PeriodsNote note;
  if (!r.as_of) return note;
  Period now = period_of(*r.as_of, r.options.period);
  std::string_view kind = enum_name(r.options.period);
  Period latest = latest_complete_period(*r.as_of, r.options.period);
  note.current = fmt::format("current = {}, the latest complete {}", period_label(latest), kind);
  if (latest != now) {
    note.to_date = fmt::format("to date = {}, {} of {} days so far, never deciding a status",
                               period_label(now), *r.as_of - period_start(now) + 1,
                               period_end(now) - period_start(now) + 1);
  }
  return note;
}

// In the order of enum Status; no status is dim.
constexpr Color kStatusColors[] = {Color::Green, Color::Green, Color::Yellow, Color::Red,
                                   Color::Red};

Color status_color(const std::optional<Status>& s) {
  return s ? kStatusColors[static_cast<std::size_t>(*s)] : Color::Dim;
}

std::vector<std::string> serving_processes(const Model& model, const Goal& goal) {
  std::vector<std::string> ids;
  for (const Process& p : model.processes) {
    for (const Text& g : p.goals) {
      if (g.value == goal.meta.id.value) ids.push_back(p.meta.id.value);
    }
  }
  return ids;
}

// Whether any metric has a period to date (as-of inside a period): the "to date" column.
bool any_to_date(const Report& r) {
  return std::any_of(r.metrics.begin(), r.metrics.end(),
                     [](const MetricReport& mr) { return mr.to_date.has_value(); });
}

// The key-result columns after goal and metric, with headers in lower case (text) or
// capitalised (Markdown), and each key result's cells for them.
std::vector<Column> key_result_columns(bool to_date, bool capitalised) {
  std::vector<Column> columns{{"baseline", Align::Right},
                              {"target", Align::Right},
                              {"current", Align::Right},
                              {"progress", Align::Right},
                              {"expected", Align::Right},
                              {"status"},
                              {"forecast"}};
  if (to_date) columns.push_back({"to date", Align::Right});
  if (capitalised) {
    for (Column& c : columns) c.header = cap_first(c.header);
  }
  return columns;
}

std::vector<std::string> key_result_cells(const KeyResultReport& k, bool to_date) {
  std::vector<std::string> cells{optional_number(k.baseline),
                                 optional_number(k.target),
                                 optional_number(k.current),
                                 share(k.progress),
                                 share(k.expected),
                                 status_text(k),
                                 forecast_text(k)};
  if (to_date) cells.push_back(to_date_text(k.to_date));
  return cells;
}

Table key_result_table(const Report& r) {
  const bool to_date = any_to_date(r);
  std::vector<Column> columns{{"goal"}, {"metric"}};
  for (Column& c : key_result_columns(to_date, false)) columns.push_back(std::move(c));
  Table t(std::move(columns));
  for (const KeyResultReport& k : r.key_results) {
    std::vector<std::optional<Color>> colors(7);
    colors.push_back(status_color(k.status));
    std::vector<std::string> row{k.goal->meta.id.value, k.key_result->metric.value};
    for (std::string& cell : key_result_cells(k, to_date)) row.push_back(std::move(cell));
    t.add(std::move(row), std::move(colors));
  }
  return t;
}

// The last complete period of a series that has data, if any.
const PeriodValue* last_complete(const Series& s) {
  for (auto it = s.periods.rbegin(); it != s.periods.rend(); ++it) {
    if (it->complete) return &*it;
  }
  return nullptr;
}

// Each --by group of `mr` in its last period with data: {group, period, value}.
std::vector<std::vector<std::string>> by_rows(const MetricReport& mr) {
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 1; i < mr.series.size(); ++i) {
    const PeriodValue* last = last_complete(mr.series[i]);
    if (!last) continue;
    rows.push_back({mr.series[i].dimension, period_label(last->period), number(last->value)});
  }
  return rows;
}

}  // namespace

void print_report_text(std::ostream& out, const Report& r, bool color) {
  out << paint(r.as_of ? fmt::format("KPI report as of {} ({} periods)", format_date(*r.as_of),
                                     enum_entry(r.options.period).adjective)
                       : fmt::format("KPI report: no measurements yet ({} periods)",
                                     enum_entry(r.options.period).adjective),
               Color::Bold, color)
      << "\n\n"
      << paint("Key results", Color::Bold, color) << "\n";
  PeriodsNote note = periods_note(r);
  if (!note.current.empty()) out << "  " << note.current << "\n";
  if (!note.to_date.empty()) out << "  " << note.to_date << "\n";
  key_result_table(r).print_text_fit(out, 2, color, kTerminalWidth, 2);
  out << "\n" << paint("Metrics", Color::Bold, color) << " (the last complete period with data)\n";
  const bool to_date = any_to_date(r);
  std::vector<Column> columns{{"metric"},
                              {"unit"},
                              {"aggregation"},
                              {"period"},
                              {"value", Align::Right},
                              {"change", Align::Right},
                              {"trend"}};
  if (to_date) columns.push_back({"to date", Align::Right});
  Table m(std::move(columns));
  for (const MetricReport& mr : r.metrics) {
    const PeriodValue* last = last_complete(mr.series.front());
    std::vector<std::string> row{mr.metric->meta.id.value,
                                 mr.metric->unit.value,
                                 std::string(enum_name(mr.metric->aggregation.value)),
                                 last ? period_label(last->period) : "-",
                                 last ? number(last->value) : "-",
                                 optional_number(mr.change),
                                 std::string(enum_name(mr.trend))};
    if (to_date) row.push_back(to_date_text(mr.to_date));
    m.add(std::move(row));
  }
  m.print_text_fit(out, 2, false, kTerminalWidth, 1);
  if (!r.options.by.empty()) {
    out << "\n"
        << paint(fmt::format("By {}", r.options.by), Color::Bold, color)
        << " (the last complete period with data)\n";
    Table b({{"metric"}, {r.options.by}, {"period"}, {"value", Align::Right}});
    for (const MetricReport& mr : r.metrics) {
      for (std::vector<std::string>& row : by_rows(mr)) {
        row.insert(row.begin(), mr.metric->meta.id.value);
        b.add(std::move(row));
      }
    }
    b.print_text_fit(out, 2, false, kTerminalWidth, 2);
  }
  if (r.options.compare_at) {
    out << "\n"
        << paint(fmt::format("Before and after {}", format_date(*r.options.compare_at)),
                 Color::Bold, color)
        << " (equal windows; counts of events as rates)\n";
    Table c({{"metric"},
             {"window"},
             {"before", Align::Right},
             {"after", Align::Right},
             {"change", Align::Right},
             {"verdict"}});
    for (const MetricReport& mr : r.metrics) {
      if (!mr.comparison) continue;
      const WindowComparison& w = *mr.comparison;
      c.add({mr.metric->meta.id.value,
             fmt::format("{}..{}", format_date(w.before_start), format_date(w.after_end)),
             fmt::format("{} (n={})", number(w.before_value), w.before_count),
             fmt::format("{} (n={})", number(w.after_value), w.after_count),
             w.percent_change ? fmt::format("{:+.1f}%", *w.percent_change) : number(w.delta),
             w.wording});
    }
    if (c.empty()) {
      out << fmt::format("  no metric has measurements both before and from {}\n",
                         format_date(*r.options.compare_at));
    } else {
      c.print_text_fit(out, 2, false, kTerminalWidth, 1);
    }
  }
}

namespace {

JsonValue series_json(const Series& s) {
  JsonValue periods = JsonValue::array();
  for (const PeriodValue& pv : s.periods) {
    periods.push_back({{"period", period_label(pv.period)},
                       {"start", format_date(period_start(pv.period))},
                       {"end", format_date(period_end(pv.period))},
                       {"value", pv.value},
                       {"count", pv.count},
                       {"complete", pv.complete}});
  }
  return periods;
}

JsonValue to_date_json(const std::optional<ToDate>& t) {
  if (!t) return nullptr;
  return {{"period", period_label(t->value.period)},
          {"value", t->value.value},
          {"count", t->value.count},
          {"days_covered", t->days_covered},
          {"days", t->days}};
}

}  // namespace

void print_report_json(std::ostream& out, const Report& r, const Model& model) {
  JsonValue doc;
  doc["version"] = kVersion;
  doc["as_of"] = r.as_of ? JsonValue(format_date(*r.as_of)) : JsonValue(nullptr);
  doc["period"] = enum_entry(r.options.period).adjective;
  JsonValue krs = JsonValue::array();
  for (const KeyResultReport& k : r.key_results) {
    auto opt = [](const std::optional<double>& v) {
      return v ? JsonValue(*v) : JsonValue(nullptr);
    };
    krs.push_back(
        {{"goal", k.goal->meta.id.value},
         {"metric", k.key_result->metric.value},
         {"baseline", opt(k.baseline)},
         {"target", opt(k.target)},
         {"current", opt(k.current)},
         {"current_period",
          k.current_period ? JsonValue(period_label(*k.current_period)) : JsonValue(nullptr)},
         {"to_date", to_date_json(k.to_date)},
         {"progress", opt(k.progress)},
         {"expected", opt(k.expected)},
         {"status", k.status ? JsonValue(enum_name(*k.status)) : JsonValue(nullptr)},
         {"forecast", k.forecast ? JsonValue(format_date(*k.forecast)) : JsonValue(nullptr)},
         {"never_at_this_rate", k.never_at_this_rate},
         {"processes", serving_processes(model, *k.goal)}});
  }
  doc["key_results"] = std::move(krs);
  JsonValue metrics = JsonValue::array();
  for (const MetricReport& mr : r.metrics) {
    JsonValue j;
    j["id"] = mr.metric->meta.id.value;
    j["unit"] = mr.metric->unit.value;
    j["direction"] = enum_name(mr.metric->direction.value);
    j["aggregation"] = enum_name(mr.metric->aggregation.value);
    j["periods"] = series_json(mr.series.front());
    if (mr.series.size() > 1) {
      JsonValue split = JsonValue::array();
      for (std::size_t i = 1; i < mr.series.size(); ++i) {
        split.push_back({{"dimension", r.options.by},
                         {"value", mr.series[i].dimension},
                         {"periods", series_json(mr.series[i])}});
      }
      j["by"] = std::move(split);
    }
    j["to_date"] = to_date_json(mr.to_date);
    j["change"] = mr.change ? JsonValue(*mr.change) : JsonValue(nullptr);
    j["trend"] = enum_name(mr.trend);
    if (mr.comparison) {
      const WindowComparison& w = *mr.comparison;
      j["comparison"] = {
          {"before_start", format_date(w.before_start)},
          {"after_end", format_date(w.after_end)},
          {"before_count", w.before_count},
          {"after_count", w.after_count},
          {"test", enum_name(w.test)},
          {"before_value", w.before_value},
          {"after_value", w.after_value},
          {"delta", w.delta},
          {"percent_change", w.percent_change ? JsonValue(*w.percent_change) : JsonValue(nullptr)},
          {"u", w.test == WindowTest::MannWhitney ? JsonValue(w.u) : JsonValue(nullptr)},
          {"p_value", w.p},
          {"verdict", enum_name(w.verdict)},
          {"wording", w.wording}};
    }
    metrics.push_back(std::move(j));
  }
  doc["metrics"] = std::move(metrics);
  write_json(out, doc);
}

namespace {

// RFC 4180: quote a field when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::span<const EnumName<ReportTable>> enum_table(ReportTable) {
  static constexpr EnumName<ReportTable> kTables[] = {{"periods", ReportTable::Periods},
                                                      {"key-results", ReportTable::KeyResults},
                                                      {"comparison", ReportTable::Comparison}};
  return kTables;
}

namespace {

// A number for a CSV cell: ten significant digits; empty when absent.
std::string csv_number(const std::optional<double>& value) {
  return value ? fmt::format("{:.10g}", *value) : std::string();
}

}  // namespace

void print_report_csv(std::ostream& out, const Report& r, ReportTable table) {
  switch (table) {
    case ReportTable::Periods:
      out << "metric,dimension,period,start,end,value,count,complete\n";
      for (const MetricReport& mr : r.metrics) {
        for (const Series& s : mr.series) {
          for (const PeriodValue& pv : s.periods) {
            out << fmt::format("{},{},{},{},{},{},{},{}\n", csv_field(mr.metric->meta.id.value),
                               csv_field(s.dimension), period_label(pv.period),
                               format_date(period_start(pv.period)),
                               format_date(period_end(pv.period)), csv_number(pv.value), pv.count,
                               pv.complete);
          }
        }
      }
      return;
    case ReportTable::KeyResults:
      out << "goal,metric,baseline,target,current,current_period,progress,expected,status,"
             "forecast,to_date,to_date_period,to_date_days_covered,to_date_days\n";
      for (const KeyResultReport& k : r.key_results) {
        const std::optional<ToDate>& t = k.to_date;
        out << fmt::format(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(k.goal->meta.id.value),
            csv_field(k.key_result->metric.value), csv_number(k.baseline), csv_number(k.target),
            csv_number(k.current), k.current_period ? period_label(*k.current_period) : "",
            csv_number(k.progress), csv_number(k.expected),
            k.status ? enum_name(*k.status) : std::string_view(),
            k.forecast ? format_date(*k.forecast) : "", t ? csv_number(t->value.value) : "",
            t ? period_label(t->value.period) : "", t ? std::to_string(t->days_covered) : "",
            t ? std::to_string(t->days) : "");
      }
      return;
    case ReportTable::Comparison:
      out << "metric,before_start,after_end,test,before_count,after_count,before_value,"
             "after_value,delta,percent_change,u,p_value,verdict\n";
      for (const MetricReport& mr : r.metrics) {
        if (!mr.comparison) continue;
        const WindowComparison& w = *mr.comparison;
        out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                           csv_field(mr.metric->meta.id.value), format_date(w.before_start),
                           format_date(w.after_end), enum_name(w.test), w.before_count,
                           w.after_count, csv_number(w.before_value), csv_number(w.after_value),
                           csv_number(w.delta), csv_number(w.percent_change),
                           w.test == WindowTest::MannWhitney ? csv_number(w.u) : "",
                           csv_number(w.p), enum_name(w.verdict));
      }
      return;
  }
}

namespace {

// A number as Mermaid's xychart grammar accepts it: a plain decimal, never scientific notation
// (which the chart cannot parse), up to six decimals.
std::string chart_number(double value) {
  return format_decimal(value, 6);
}

// A Mermaid xychart string: quotes must not end it early.
std::string chart_text(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '"' ? '\'' : (c == '\n' ? ' ' : c);
  return out;
}

}  // namespace

namespace {

// A value as people read it, with its unit: durations for metrics measured in time (to the
// nearest hour above a day, the nearest minute above an hour), "87.3%" for percentages (one
// decimal), the number and its unit otherwise (no unit for counts).
std::string unit_value(const std::optional<double>& value, const Metric* metric) {
  if (!value) return "-";
  const double v = *value;
  if (!metric) return number(v);
  const std::string& unit = metric->unit.value;
  if (double per_unit = seconds_per_unit(unit); per_unit > 0) {
    double seconds = v * per_unit;
    bool negative = seconds < 0;
    seconds = std::abs(seconds);
    if (seconds >= 86400)
      seconds = std::round(seconds / 3600) * 3600;
    else if (seconds >= 3600)
      seconds = std::round(seconds / 60) * 60;
    return (negative ? "-" : "") + format_duration_approx(seconds);
  }
  if (unit == "percent") return format_decimal(v, 1) + "%";
  if (unit == "count" || unit.empty()) return number(v);
  return number(v) + " " + unit;
}

// A key result by its metric's name (its id when it has none, or is unknown).
std::string key_result_name(const KeyResultReport& k) {
  return k.metric ? k.metric->display_name() : k.key_result->metric.value;
}

}  // namespace

namespace {

// The metric's chart: its line strong, and, for a key result, the plan light grey: from the
// baseline at the goal's start to the target at its end, at each period's end (SPEC §5's expected
// progress). Mermaid's xychart has no gaps, so outside the goal's period the plan takes the
// metric's own values and is drawn first, under the metric's line, where it cannot be seen. A
// goal without a period has the target as its plan, over every period. A legend says which line
// is which.
void print_metric_chart(std::ostream& out, const Metric& metric,
                        const std::vector<PeriodValue>& periods, const KeyResultReport* plan) {
  std::vector<std::string> labels, values, planned;
  const Goal* goal = plan ? plan->goal : nullptr;
  for (const PeriodValue& pv : periods) {
    labels.push_back("\"" + period_label(pv.period) + "\"");
    values.push_back(chart_number(pv.value));
    if (!plan) continue;
    if (!goal->has_period) {
      planned.push_back(chart_number(*plan->target));
      continue;
    }
    const std::int64_t start = goal->period_start.value.days, end = goal->period_end.value.days;
    const bool in_goal = period_end(pv.period) >= start && period_start(pv.period) <= end;
    double value = pv.value;
    if (in_goal) {
      value = plan->baseline ? planned_value(*plan->baseline, *plan->target, start, end,
                                             std::min(period_end(pv.period), end))
                             : *plan->target;
    }
    planned.push_back(chart_number(value));
  }
  out << fmt::format(
      "\n```mermaid\n%%{{init: {{\"themeVariables\": {{\"xyChart\": {{\"plotColorPalette\": "
      "\"{}\"}}}}}}}}%%\nxychart-beta\n",
      plan ? "#b0b0b0, #0b5cad" : "#0b5cad");
  out << fmt::format("    title \"{}\"\n", chart_text(metric.display_name()));
  out << fmt::format("    x-axis [{}]\n", fmt::join(labels, ", "));
  out << fmt::format("    y-axis \"{}\"\n", chart_text(metric.unit.value));
  if (plan) out << fmt::format("    line [{}]\n", fmt::join(planned, ", "));
  out << fmt::format("    line [{}]\n", fmt::join(values, ", "));
  out << "```\n";
  const std::string name = markdown_escape(metric.display_name());
  if (!plan) {
    out << fmt::format("\nBlue line: {}.\n", name);
  } else if (!goal->has_period) {
    out << fmt::format("\nBlue line: {}; grey line: the target, {}.\n", name,
                       unit_value(plan->target, &metric));
  } else {
    const std::string span = fmt::format("{} to {}", format_date(goal->period_start.value.days),
                                         format_date(goal->period_end.value.days));
    out << (plan->baseline
                ? fmt::format("\nBlue line: {}. Grey line: the plan, straight from the baseline "
                              "{} on {} to the target {} on {} (the value expected by each "
                              "period's end).\n",
                              name, unit_value(plan->baseline, &metric),
                              format_date(goal->period_start.value.days),
                              unit_value(plan->target, &metric),
                              format_date(goal->period_end.value.days))
                : fmt::format("\nBlue line: {}; grey line: the target, {}, over the goal's period "
                              "({}).\n",
                              name, unit_value(plan->target, &metric), span));
  }
}

}  // namespace

void print_report_markdown(std::ostream& out, const Report& r, const Model& model) {
  out << "# KPI report\n\n";
  if (r.as_of) {
    out << fmt::format("As of {}, {} periods.\n\n", format_date(*r.as_of),
                       enum_entry(r.options.period).adjective);
  } else {
    out << fmt::format("No measurements yet; {} periods.\n\n",
                       enum_entry(r.options.period).adjective);
  }
  out << "## Key results\n\n";
  if (PeriodsNote note = periods_note(r); !note.current.empty()) {
    out << cap_first(note.current) << (note.to_date.empty() ? "" : "; " + note.to_date) << ".\n\n";
  }
  // A compact summary that fits a page, then the details of each goal below it.
  Table summary(
      {{"Goal"}, {"Key result"}, {"Current → target"}, {"Progress", Align::Right}, {"Status"}});
  for (const KeyResultReport& k : r.key_results) {
    summary.add(
        {k.goal->display_name(), key_result_name(k),
         fmt::format("{} → {}", unit_value(k.current, k.metric), unit_value(k.target, k.metric)),
         share(k.progress), status_text(k)});
  }
  summary.print_markdown(out);
  const Goal* goal = nullptr;
  for (const KeyResultReport& k : r.key_results) {
    if (k.goal != goal) {
      goal = k.goal;
      out << fmt::format("\n### {}\n\n", markdown_escape(goal->display_name()));
      std::vector<std::string> facts;
      if (goal->has_period) {
        facts.push_back(fmt::format("Period {} to {} (both included)",
                                    format_date(goal->period_start.value.days),
                                    format_date(goal->period_end.value.days)));
      }
      if (std::vector<std::string> ids = serving_processes(model, *goal); !ids.empty())
        facts.push_back(fmt::format("served by {}", fmt::join(ids, ", ")));
      if (!facts.empty())
        out << markdown_escape(fmt::format("{}.", fmt::join(facts, "; "))) << "\n\n";
    }
    // One line per key result: from the baseline to the target, where it stands, what was
    // expected by now, the status and the forecast.
    std::string line =
        fmt::format("- **{}**: {} → {}; current {}{}: {} of the way, {} expected by now — **{}**",
                    markdown_escape(key_result_name(k)), unit_value(k.baseline, k.metric),
                    unit_value(k.target, k.metric), unit_value(k.current, k.metric),
                    k.current_period ? fmt::format(" ({})", period_label(*k.current_period)) : "",
                    share(k.progress), share(k.expected), status_text(k));
    if (std::string forecast = forecast_text(k); forecast != "-")
      line += forecast == "reached" ? "; reached" : fmt::format("; forecast {}", forecast);
    if (k.to_date) {
      line +=
          fmt::format("; {} to date ({} of {} days)", unit_value(k.to_date->value.value, k.metric),
                      k.to_date->days_covered, k.to_date->days);
    }
    out << line << ".\n";
  }
  for (const MetricReport& mr : r.metrics) {
    const Metric& metric = *mr.metric;
    const auto& periods = mr.series.front().periods;
    out << fmt::format("\n## {}\n\n", markdown_escape(metric.display_name()));
    out << fmt::format("`{}`: {}, {}, {} per period.\n", metric.meta.id.value,
                       markdown_escape(metric.unit.value), enum_name(metric.direction.value),
                       enum_name(metric.aggregation.value));
    if (periods.empty()) {
      out << "\nNo measurements in the period.\n";
      continue;
    }
    const KeyResultReport* plan = nullptr;  // the first key result on this metric with a target
    for (const KeyResultReport& k : r.key_results) {
      if (k.metric == &metric && k.target && !plan) plan = &k;
    }
    print_metric_chart(out, metric, periods, plan);
    // The last few periods; the whole series is in the JSON and CSV outputs.
    constexpr std::size_t kShownPeriods = 4;
    std::size_t first = periods.size() > kShownPeriods ? periods.size() - kShownPeriods : 0;
    out << (first > 0 ? fmt::format("\nThe last {} periods (all {} in `--format csv` or "
                                    "`json`):\n\n",
                                    kShownPeriods, periods.size())
                      : std::string("\n"));
    Table t({{"Period"}, {"Value", Align::Right}, {"Measurements", Align::Right}});
    for (std::size_t i = first; i < periods.size(); ++i) {
      const PeriodValue& pv = periods[i];
      t.add({period_label(pv.period) + (pv.complete ? "" : " (to date)"),
             unit_value(pv.value, &metric), std::to_string(pv.count)});
    }
    t.print_markdown(out);
    if (std::vector<std::vector<std::string>> groups = by_rows(mr); !groups.empty()) {
      out << fmt::format("\nBy {}, in the last complete period with data:\n\n",
                         markdown_escape(r.options.by));
      Table b({{r.options.by}, {"Period"}, {"Value", Align::Right}});
      for (std::vector<std::string>& row : groups) b.add(std::move(row));
      b.print_markdown(out);
    }
    if (mr.comparison) {
      const WindowComparison& w = *mr.comparison;
      out << fmt::format(
          "\nBefore and after {}: {} {} (n={}) then {} (n={}): {}.\n",
          format_date(*r.options.compare_at),
          w.test == WindowTest::PoissonRate ? "total" : enum_name(mr.metric->aggregation.value),
          number(w.before_value), w.before_count, number(w.after_value), w.after_count, w.wording);
    }
  }
}

}  // namespace opsflow::cli
