#include "mine_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "json_output.hpp"
#include "mine_partial_json.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/base/values.hpp"
#include "opsflow/render/flowchart.hpp"
#include "style.hpp"
#include "table.hpp"

namespace opsflow::cli {
namespace {

// A duration for people; waits can be negative (instances that overlap).
std::string duration(double seconds) {
  if (!std::isfinite(seconds)) return "-";
  return (seconds < 0 ? "-" : "") + format_duration_approx(std::abs(seconds));
}

std::string date_of(std::int64_t micros) {
  return format_date(day_of_micros(micros));
}

std::string mode_text(LogMode mode) {
  switch (mode) {
    case LogMode::Lifecycle:
      return "start and complete rows paired";
    case LogMode::StartColumn:
      return "start and end timestamps per row";
    case LogMode::CompleteOnly:
      break;
  }
  return "one timestamp per row: no service times";
}

std::string share(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? "-" : whole_percent(static_cast<double>(part) / static_cast<double>(whole));
}

// The first `top` of `n` rows (0: all).
std::size_t shown(std::size_t n, std::size_t top) {
  return top == 0 ? n : std::min(n, top);
}

// "1 case", "2 cases": `one` and `many` are the noun's two forms.
std::string count_of(std::uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string more_line(std::size_t n, std::size_t top, std::string_view one, std::string_view many) {
  std::size_t rows = shown(n, top);
  return rows < n ? fmt::format("  ... {} more {} (--top 0 shows all)\n", n - rows,
                                n - rows == 1 ? one : many)
                  : "";
}

std::string sequence(const LogStats& s, const Variant& v) {
  std::vector<std::string_view> names;
  for (std::uint32_t a : v.activities) names.push_back(s.log->activities[a]);
  return fmt::format("{}", fmt::join(names, " → "));
}

std::string edge_name(const LogStats& s, const EdgeStats& e) {
  return fmt::format("{} → {}", s.log->activities[e.from], s.log->activities[e.to]);
}

// Edges by how often they are taken, most first; ties by name (dfg's order).
std::vector<std::size_t> by_count(const LogStats& s) {
  std::vector<std::size_t> order(s.dfg.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return s.dfg[a].wait.count > s.dfg[b].wait.count;
  });
  return order;
}

// The tables every format shows, built once.
struct Tables {
  // Without service times (complete-only logs) the service columns would be all zeros; with a
  // calendar, edges get a working-time column.
  Tables(bool service, bool working)
      : activities(service ? std::vector<Column>{{"activity"},
                                                 {"instances", Align::Right},
                                                 {"events", Align::Right},
                                                 {"service mean", Align::Right},
                                                 {"median", Align::Right},
                                                 {"total", Align::Right}}
                           : std::vector<Column>{{"activity"}, {"instances", Align::Right}}),
        edges([working] {
          std::vector<Column> columns{{"from → to"},
                                      {"count", Align::Right},
                                      {"wait mean", Align::Right},
                                      {"median", Align::Right},
                                      {"P90", Align::Right}};
          if (working) columns.push_back({"working median", Align::Right});
          return columns;
        }()),
        resources(service
                      ? std::vector<Column>{{"resource"},
                                            {"instances", Align::Right},
                                            {"cases", Align::Right},
                                            {"busy", Align::Right}}
                      : std::vector<Column>{
                            {"resource"}, {"instances", Align::Right}, {"cases", Align::Right}}) {}
  Table activities;
  Table edges;
  Table variants{{{"cases", Align::Right}, {"share", Align::Right}, {"activities"}}};
  Table resources;
  Table by_mean{{{"from → to"},
                 {"wait mean", Align::Right},
                 {"count", Align::Right},
                 {"total", Align::Right}}};
  Table by_total{{{"from → to"},
                  {"total wait", Align::Right},
                  {"count", Align::Right},
                  {"mean", Align::Right}}};
};

Tables build_tables(const LogStats& s, std::size_t top) {
  const bool service = s.log->mode != LogMode::CompleteOnly;
  Tables t(service, s.calendar != nullptr);
  std::vector<std::size_t> activity_order(s.activities.size());
  for (std::size_t i = 0; i < activity_order.size(); ++i) activity_order[i] = i;
  std::stable_sort(activity_order.begin(), activity_order.end(), [&](std::size_t a, std::size_t b) {
    return s.activities[a].service.count > s.activities[b].service.count;
  });
  for (std::size_t i = 0; i < shown(activity_order.size(), top); ++i) {
    const ActivityStats& a = s.activities[activity_order[i]];
    std::vector<std::string> row{s.log->activities[a.activity], std::to_string(a.service.count)};
    if (service) {
      row.insert(row.end(), {std::to_string(a.events), duration(a.service.mean),
                             duration(a.service.median), duration(a.service.sum)});
    }
    t.activities.add(std::move(row));
  }
  std::vector<std::size_t> edges = by_count(s);
  for (std::size_t i = 0; i < shown(edges.size(), top); ++i) {
    const EdgeStats& e = s.dfg[edges[i]];
    std::vector<std::string> row{edge_name(s, e), std::to_string(e.wait.count),
                                 duration(e.wait.mean), duration(e.wait.median),
                                 duration(e.wait.p90)};
    if (e.working_wait) row.push_back(duration(e.working_wait->median));
    t.edges.add(std::move(row));
  }
  for (std::size_t i = 0; i < shown(s.variants.size(), top); ++i) {
    const Variant& v = s.variants[i];
    t.variants.add({std::to_string(v.cases), share(v.cases, s.cases), sequence(s, v)});
  }
  std::vector<ResourceStats> resources = s.resources;
  std::stable_sort(
      resources.begin(), resources.end(),
      [](const ResourceStats& a, const ResourceStats& b) { return a.instances > b.instances; });
  for (std::size_t i = 0; i < shown(resources.size(), top); ++i) {
    const ResourceStats& r = resources[i];
    std::vector<std::string> row{s.log->resources[r.resource], std::to_string(r.instances),
                                 std::to_string(r.cases)};
    if (service) row.push_back(duration(r.busy));
    t.resources.add(std::move(row));
  }
  for (std::size_t i = 0; i < shown(s.by_mean_wait.size(), top); ++i) {
    const EdgeStats& e = s.dfg[s.by_mean_wait[i]];
    t.by_mean.add({edge_name(s, e), duration(e.wait.mean), std::to_string(e.wait.count),
                   duration(e.wait.sum)});
  }
  for (std::size_t i = 0; i < shown(s.by_total_wait.size(), top); ++i) {
    const EdgeStats& e = s.dfg[s.by_total_wait[i]];
    t.by_total.add({edge_name(s, e), duration(e.wait.sum), std::to_string(e.wait.count),
                    duration(e.wait.mean)});
  }
  return t;
}

std::string overview(const LogStats& s) {
  const EventLog& log = *s.log;
  std::string text =
      fmt::format("{}, {}, {} ({}), {}, {}", count_of(log.rows, "row", "rows"),
                  count_of(s.cases, "case", "cases"),
                  count_of(s.instances, "activity instance", "activity instances"),
                  mode_text(log.mode), count_of(log.activities.size(), "activity", "activities"),
                  count_of(log.resources.size(), "resource", "resources"));
  if (s.cases > 0)
    text += fmt::format(", from {} to {}", date_of(s.first_time), date_of(s.last_time));
  std::vector<std::string> dropped;
  if (log.skipped_rows) dropped.push_back(fmt::format("{} rows skipped", log.skipped_rows));
  if (log.ignored_rows)
    dropped.push_back(fmt::format("{} rows with other lifecycle transitions", log.ignored_rows));
  if (log.unmatched_starts)
    dropped.push_back(fmt::format("{} starts never completed", log.unmatched_starts));
  if (!dropped.empty()) text += fmt::format(" (not counted: {})", fmt::join(dropped, ", "));
  if (s.approximate_quantiles()) {
    text += fmt::format("; {}: medians and P90 from sketches, within {:g}%",
                        s.by_case ? std::string("read case by case")
                                  : "merged from " + count_of(s.merged_parts, "part", "parts"),
                        QuantileSketch::kRelativeAccuracy * 100);
  }
  return text;
}

std::string case_duration_text(const DurationSummary& d) {
  return fmt::format("mean {}, median {}, P90 {}, min {}, max {}", duration(d.mean),
                     duration(d.median), duration(d.p90), duration(d.min), duration(d.max));
}

// With a calendar: what working time means here, and the case durations in it.
std::string working_time_text(const LogStats& s) {
  return fmt::format("in working time ({} h a week open): {}",
                     format_decimal(open_hours_per_week(*s.calendar), 1),
                     case_duration_text(*s.working_case_duration));
}

JsonValue summary_json(const DurationSummary& d) {
  JsonValue j = {{"count", d.count}, {"mean", d.mean}, {"median", d.median}, {"p90", d.p90},
                 {"min", d.min},     {"max", d.max},   {"sum", d.sum}};
  j["stdev"] = d.stdev ? JsonValue(*d.stdev) : JsonValue(nullptr);
  return j;
}

// The model's estimate as people read it: "10m" or "5m-20m" for a three-point estimate.
std::string estimate_text(const Estimate& e) {
  return e.three_point ? fmt::format("{}-{}", duration(e.min), duration(e.max))
                       : duration(e.likely);
}

// "40m (5m) !": the observed median, the model's estimate, and a mark when it drifts.
std::string beside(const std::optional<DurationSummary>& d, const Estimate& model, bool drift) {
  if (!d) return "- (" + estimate_text(model) + ")";
  return fmt::format("{} ({}){}", duration(d->median), estimate_text(model), drift ? " !" : "");
}

// The conformance table: per step, observed medians beside the model's estimates.
Table conformance_table(const Conformance& c) {
  Table t({{"step"},
           {"cases", Align::Right},
           {"runs", Align::Right},
           {"wait (model)", Align::Right},
           {"duration (model)", Align::Right}});
  const Process& p = *c.process;
  for (const StepObservation& o : c.steps) {
    const Step& step = p.steps[o.step];
    Estimate wait{.likely = step.wait.value};
    if (!c.service_times) wait.likely += step.duration.value.expected();
    t.add({fmt::format("{}. {}", o.step + 1, step.display_name()), std::to_string(o.cases),
           std::to_string(o.runs), beside(o.wait, wait, o.wait_drift),
           c.service_times ? beside(o.duration, step.duration.value, o.duration_drift)
                           : "- (" + estimate_text(step.duration.value) + ")"});
  }
  return t;
}

// The shares the model estimates, observed: optional steps' runs, decisions' branches, rework.
std::vector<std::string> share_lines(const Conformance& c) {
  std::vector<std::string> lines;
  const Process& p = *c.process;
  for (const StepObservation& o : c.steps) {
    const Step& step = p.steps[o.step];
    const std::string name = fmt::format("{}. {}", o.step + 1, step.display_name());
    if (step.probability.value < 1 && o.run_share) {
      lines.push_back(fmt::format("{} ran in {} of the cases that reached it (model {})", name,
                                  whole_percent(*o.run_share),
                                  whole_percent(step.probability.value)));
    }
    if (!o.branch_shares.empty() && o.cases > 0) {
      std::vector<std::string> parts;
      for (std::size_t k = 0; k < o.branch_shares.size(); ++k) {
        const Branch& b = step.branches.value[k];
        const std::size_t target = p.graph.branch_to[o.step][k];
        const std::string to =
            target == StepGraph::kNoStep
                ? b.to.value
                : fmt::format("{}. {}", target + 1, p.steps[target].display_name());
        parts.push_back(fmt::format("{} {} (model {})", to, whole_percent(o.branch_shares[k]),
                                    whole_percent(b.probability.value)));
      }
      lines.push_back(fmt::format("{} took: {}", name, fmt::join(parts, "; ")));
    }
    if (o.rework_share) {
      lines.push_back(fmt::format("{} sent the work back in {} of its runs (model {})", name,
                                  whole_percent(*o.rework_share),
                                  whole_percent(step.rework.probability.value)));
    }
  }
  return lines;
}

std::string fitness_line(const Conformance& c) {
  return fmt::format("{} of {} conform to {}: fitness {}", c.conforming,
                     count_of(c.cases, "case", "cases"), c.process->meta.id.value,
                     whole_percent(c.fitness));
}
}  // namespace

void print_mine_text(std::ostream& out, const LogStats& s, const Conformance* conformance,
                     std::size_t top, bool color) {
  out << paint(fmt::format("Event log {}", s.log->file), Color::Bold, color) << "\n";
  std::string lines;
  append_wrapped(lines, overview(s), "  ", kTerminalWidth);
  out << lines;
  if (s.cases == 0) return;
  out << "\n" << paint("Case duration", Color::Bold, color) << "\n";
  out << "  " << case_duration_text(s.case_duration) << "\n";
  if (s.working_case_duration) {
    std::string working;
    append_wrapped(working, working_time_text(s), "  ", kTerminalWidth);
    out << working;
  }
  Tables t = build_tables(s, top);
  auto section = [&](std::string_view title, const Table& table, std::size_t n,
                     std::string_view one, std::string_view many) {
    out << "\n" << paint(std::string(title), Color::Bold, color) << "\n";
    table.print_text_fit(out, 2, color, kTerminalWidth, 1);
    out << more_line(n, top, one, many);
  };
  section("Activities (most instances first)", t.activities, s.activities.size(), "activity",
          "activities");
  section("Directly-follows (most frequent first; wait = next start - previous end)", t.edges,
          s.dfg.size(), "edge", "edges");
  // Variants: a case count, then the activity sequence wrapped under it (sequences are long).
  out << "\n"
      << paint(fmt::format("Variants ({} in all, most cases first)", s.variants.size()),
               Color::Bold, color)
      << "\n";
  std::string variants;
  for (std::size_t i = 0; i < shown(s.variants.size(), top); ++i) {
    const Variant& v = s.variants[i];
    variants +=
        fmt::format("  {} ({})\n", count_of(v.cases, "case", "cases"), share(v.cases, s.cases));
    append_wrapped(variants, sequence(s, v), "    ", kTerminalWidth);
  }
  out << variants << more_line(s.variants.size(), top, "variant", "variants");
  if (!t.resources.empty())
    section("Resources", t.resources, s.resources.size(), "resource", "resources");
  section("Bottlenecks by mean wait", t.by_mean, s.by_mean_wait.size(), "edge", "edges");
  section("Bottlenecks by total wait", t.by_total, s.by_total_wait.size(), "edge", "edges");
  if (!conformance) return;
  const Conformance& c = *conformance;
  out << "\n"
      << paint(fmt::format("Against the model: {}", c.process->display_name()), Color::Bold, color)
      << "\n  " << fitness_line(c) << "\n";
  if (!c.deviations.empty()) {
    Table d({{"cases", Align::Right}, {"deviation"}});
    for (std::size_t i = 0; i < shown(c.deviations.size(), top); ++i)
      d.add({std::to_string(c.deviations[i].cases), c.deviations[i].what});
    d.print_text_fit(out, 2, color, kTerminalWidth, 1);
    out << more_line(c.deviations.size(), top, "deviation", "deviations");
  }
  out << "\n"
      << paint("Observed medians (the model's) - ! marks drift: outside the range, or 50% off",
               Color::Bold, color)
      << "\n";
  conformance_table(c).print_text_fit(out, 2, color, kTerminalWidth, 1);
  std::string shares;
  for (const std::string& line : share_lines(c)) append_wrapped(shares, line, "  ", kTerminalWidth);
  if (!shares.empty()) out << "\n" << shares;
}

void print_mine_json(std::ostream& out, const LogStats& s, const Conformance* conformance) {
  const EventLog& log = *s.log;
  const auto& names = log.activities;
  JsonValue doc;
  doc["log"] = log.file;
  doc["input"] = {{"rows", log.rows},
                  {"skipped_rows", log.skipped_rows},
                  {"ignored_rows", log.ignored_rows},
                  {"unmatched_starts", log.unmatched_starts},
                  {"cases", s.cases},
                  {"instances", s.instances},
                  {"mode", enum_name(log.mode)}};
  if (s.cases > 0) {
    doc["input"]["first"] = date_of(s.first_time);
    doc["input"]["last"] = date_of(s.last_time);
  }
  JsonValue activities = JsonValue::object();
  for (const ActivityStats& a : s.activities) {
    activities[names[a.activity]] = {
        {"events", a.events}, {"instances", a.service.count}, {"service", summary_json(a.service)}};
    if (a.working_service)
      activities[names[a.activity]]["working_service"] = summary_json(*a.working_service);
  }
  doc["activities"] = std::move(activities);
  for (auto [key, list] : {std::pair{"start_activities", &s.start_activities},
                           std::pair{"end_activities", &s.end_activities}}) {
    JsonValue counts = JsonValue::object();
    for (const auto& [activity, n] : *list) counts[names[activity]] = n;
    doc[key] = std::move(counts);
  }
  JsonValue dfg = JsonValue::array();
  for (const EdgeStats& e : s.dfg) {
    dfg.push_back({{"from", names[e.from]}, {"to", names[e.to]}, {"wait", summary_json(e.wait)}});
    if (e.working_wait) dfg.back()["working_wait"] = summary_json(*e.working_wait);
  }
  doc["dfg"] = std::move(dfg);
  doc["case_duration"] = summary_json(s.case_duration);
  if (s.working_case_duration) {
    doc["working_case_duration"] = summary_json(*s.working_case_duration);
    doc["calendar"] = {{"open_hours_per_week", open_hours_per_week(*s.calendar)}};
  }
  JsonValue resources = JsonValue::object();
  for (const ResourceStats& r : s.resources) {
    resources[log.resources[r.resource]] = {
        {"instances", r.instances}, {"cases", r.cases}, {"busy_sum", r.busy}};
  }
  doc["resources"] = std::move(resources);
  JsonValue variants = JsonValue::array();
  for (const Variant& v : s.variants) {
    JsonValue sequence = JsonValue::array();
    for (std::uint32_t a : v.activities) sequence.push_back(names[a]);
    variants.push_back(
        {{"activities", std::move(sequence)},
         {"cases", v.cases},
         {"share", s.cases ? static_cast<double>(v.cases) / static_cast<double>(s.cases) : 0.0}});
  }
  doc["variants"] = std::move(variants);
  auto ranked = [&](const std::vector<std::size_t>& order, bool by_mean) {
    JsonValue list = JsonValue::array();
    for (std::size_t i : order) {
      const EdgeStats& e = s.dfg[i];
      list.push_back({{"from", names[e.from]},
                      {"to", names[e.to]},
                      {by_mean ? "mean" : "sum", by_mean ? e.wait.mean : e.wait.sum},
                      {"count", e.wait.count}});
    }
    return list;
  };
  doc["bottlenecks"] = {{"by_mean_wait", ranked(s.by_mean_wait, true)},
                        {"by_total_wait", ranked(s.by_total_wait, false)}};
  if (conformance) {
    const Conformance& c = *conformance;
    JsonValue j = {{"process", c.process->meta.id.value},
                   {"cases", c.cases},
                   {"conforming", c.conforming},
                   {"fitness", c.fitness},
                   {"service_times", c.service_times}};
    JsonValue deviations = JsonValue::array();
    for (const Deviation& d : c.deviations)
      deviations.push_back({{"deviation", d.what}, {"cases", d.cases}});
    j["deviations"] = std::move(deviations);
    JsonValue steps = JsonValue::array();
    auto optional_summary = [](const std::optional<DurationSummary>& d) {
      return d ? summary_json(*d) : JsonValue(nullptr);
    };
    auto optional_number = [](const std::optional<double>& v) {
      return v ? JsonValue(*v) : JsonValue(nullptr);
    };
    for (const StepObservation& o : c.steps) {
      const Step& step = c.process->steps[o.step];
      JsonValue js = {{"step", step.id.value},
                      {"cases", o.cases},
                      {"runs", o.runs},
                      {"wait", optional_summary(o.wait)},
                      {"wait_drift", o.wait_drift},
                      {"duration", optional_summary(o.duration)},
                      {"duration_drift", o.duration_drift},
                      {"run_share", optional_number(o.run_share)},
                      {"rework_share", optional_number(o.rework_share)}};
      JsonValue branches = JsonValue::array();
      for (std::size_t k = 0; k < o.branch_shares.size(); ++k) {
        branches.push_back(
            {{"to", step.branches.value[k].to.value}, {"share", o.branch_shares[k]}});
      }
      js["branches"] = std::move(branches);
      steps.push_back(std::move(js));
    }
    j["steps"] = std::move(steps);
    doc["conformance"] = std::move(j);
  }
  // What merging needs (mine --merge); merged results carry it too, so merges can be merged.
  doc["merged_parts"] = s.merged_parts;
  doc["sorted_by_case"] = s.by_case;
  doc["approximate_quantiles"] = s.approximate_quantiles();
  // The rows one a line: thousands of them (a sketch's buckets) would otherwise fill pages.
  std::string text = doc.dump(2, ' ', false, JsonValue::error_handler_t::replace);
  text.resize(text.rfind('}'));  // the document's closing brace
  while (!text.empty() && text.back() == '\n') text.pop_back();
  text += ",\n  \"partial\": [";
  const JsonValue rows = partial_json(partial_rows(s));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    text += i ? ",\n    " : "\n    ";
    text += rows[i].dump(-1, ' ', false, JsonValue::error_handler_t::replace);
  }
  text += rows.empty() ? "]\n}\n" : "\n  ]\n}\n";
  out << text;
}

void print_mine_markdown(std::ostream& out, const LogStats& s, const Conformance* conformance,
                         std::size_t top) {
  const EventLog& log = *s.log;
  out << fmt::format("# Event log {}\n\n", markdown_escape(log.file));
  out << markdown_escape(overview(s)) << ".\n";
  if (s.cases == 0) return;
  out << fmt::format("\nCase duration: {}.\n", case_duration_text(s.case_duration));
  if (s.working_case_duration) out << fmt::format("\nCase duration {}.\n", working_time_text(s));

  // The directly-follows graph: the `top` most frequent edges (0: all), labelled with their
  // count and median wait; the edges of the most frequent variant drawn thick.
  std::vector<std::size_t> edges = by_count(s);
  edges.resize(shown(edges.size(), top));
  std::vector<bool> used(log.activities.size(), false);
  for (std::size_t i : edges) used[s.dfg[i].from] = used[s.dfg[i].to] = true;
  std::vector<bool> heavy(s.dfg.size(), false);
  if (!s.variants.empty()) {
    const std::vector<std::uint32_t>& path = s.variants.front().activities;
    for (std::size_t k = 0; k + 1 < path.size(); ++k) {
      for (std::size_t i = 0; i < s.dfg.size(); ++i) {
        if (s.dfg[i].from == path[k] && s.dfg[i].to == path[k + 1]) heavy[i] = true;
      }
    }
  }
  out << "\n## Directly-follows graph\n\n";
  out << fmt::format(
      "{}, each with how many times it was taken and its median wait; the most frequent "
      "variant's edges are thick.\n\n",
      edges.size() < s.dfg.size()
          ? fmt::format("The {} most frequent of {} edges", edges.size(), s.dfg.size())
          : fmt::format("All {}", count_of(s.dfg.size(), "edge", "edges")));
  out << "```mermaid\nflowchart TD\n";
  for (std::uint32_t a = 0; a < log.activities.size(); ++a) {
    if (used[a]) out << fmt::format("    a{}[\"{}\"]\n", a, mermaid_label(log.activities[a]));
  }
  std::vector<std::size_t> thick;
  for (std::size_t k = 0; k < edges.size(); ++k) {
    const EdgeStats& e = s.dfg[edges[k]];
    out << fmt::format("    a{} -->|\"{} · {}\"| a{}\n", e.from, e.wait.count,
                       mermaid_label(duration(e.wait.median)), e.to);
    if (heavy[edges[k]]) thick.push_back(k);
  }
  if (!thick.empty())
    out << fmt::format("    linkStyle {} stroke-width:4px\n", fmt::join(thick, ","));
  out << "```\n";

  Tables t = build_tables(s, top);
  auto section = [&](std::string_view title, const Table& table, std::size_t n,
                     std::string_view one, std::string_view many) {
    out << fmt::format("\n## {}\n\n", title);
    table.print_markdown(out);
    if (shown(n, top) < n) {
      const std::size_t more = n - shown(n, top);
      out << fmt::format("\n{} more {} in `--format json` (or with `--top 0`).\n", more,
                         more == 1 ? one : many);
    }
  };
  section("Activities", t.activities, s.activities.size(), "activity", "activities");
  section("Directly-follows edges", t.edges, s.dfg.size(), "edge", "edges");
  section(fmt::format("Variants ({} in all)", s.variants.size()), t.variants, s.variants.size(),
          "variant", "variants");
  if (!t.resources.empty())
    section("Resources", t.resources, s.resources.size(), "resource", "resources");
  section("Bottlenecks by mean wait", t.by_mean, s.by_mean_wait.size(), "edge", "edges");
  section("Bottlenecks by total wait", t.by_total, s.by_total_wait.size(), "edge", "edges");
  if (!conformance) return;
  const Conformance& c = *conformance;
  out << fmt::format("\n## Against the model: {}\n\n{}.\n",
                     markdown_escape(c.process->display_name()), markdown_escape(fitness_line(c)));
  if (!c.deviations.empty()) {
    Table d({{"cases", Align::Right}, {"deviation"}});
    for (std::size_t i = 0; i < shown(c.deviations.size(), top); ++i)
      d.add({std::to_string(c.deviations[i].cases), c.deviations[i].what});
    out << "\n";
    d.print_markdown(out);
  }
  out << "\nObserved medians, the model's estimates in brackets; ! marks drift: outside a "
         "three-point range, or more than 50% (and a minute) off a single estimate.\n\n";
  conformance_table(c).print_markdown(out);
  std::vector<std::string> shares = share_lines(c);
  if (!shares.empty()) out << "\n";
  for (const std::string& line : shares) {
    // "6. Confirm ..." after a bullet would open a numbered list inside it.
    std::string text = markdown_escape(line);
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits > 0 && text.compare(digits, 2, ". ") == 0) text.insert(digits, "\\");
    out << "- " << text << "\n";
  }
}

}  // namespace opsflow::cli
