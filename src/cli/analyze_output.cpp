#include "analyze_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "json_output.hpp"
#include "json_writer.hpp"
#include "opsflow/base/parallel.hpp"
#include "opsflow/base/rules.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/version.hpp"
#include "style.hpp"
#include "table.hpp"

namespace opsflow::cli {

namespace {

std::string percent(double share) {
  return std::isfinite(share) ? whole_percent(share) : std::string("no capacity");
}

// A rate per week: up to two decimals.
std::string per_week(double value) {
  return format_decimal(value, 2);
}
std::string hours(double h) {
  return fmt::format("{:.1f}", h);
}
// Numbers in JSON: rounded to a microsecond (or millionth), so they read cleanly and stay stable.
double num(double x) {
  return std::round(x * 1e6) / 1e6;
}

std::vector<const Finding*> shown_findings(const AnalyzeReport& r) {
  std::vector<const Finding*> out;
  for (const Finding& f : r.analysis.findings) {
    if (r.top && out.size() >= r.top) break;
    out.push_back(&f);
  }
  return out;
}

std::string critical_path_text(const ProcessAnalysis& a, const char* arrow) {
  std::string text;
  for (std::size_t v : a.critical_path) {
    if (!text.empty()) text += arrow;
    text += a.process->steps[v].id.value;
  }
  return text;
}

Table process_table(const AnalyzeReport& r) {
  Table t({{"process"},
           {"steps", Align::Right},
           {"lead", Align::Right},
           {"typical", Align::Right},
           {"touch", Align::Right},
           {"PCE", Align::Right},
           {"work", Align::Right},
           {"handoffs", Align::Right},
           {"approvals", Align::Right},
           {"/week", Align::Right}});
  for (const ProcessAnalysis& a : r.analysis.processes) {
    // "~": estimated from a sample of scenarios (SPEC §4).
    const char* mark = a.estimated ? "~" : "";
    t.add({a.process->meta.id.value, std::to_string(a.process->steps.size()),
           mark + format_duration_approx(a.lead_time), format_duration_approx(a.typical_lead_time),
           mark + format_duration_approx(a.touch_time),
           a.cycle_efficiency ? percent(*a.cycle_efficiency) : "-",
           format_duration_approx(a.work_per_instance), std::to_string(a.handoffs),
           std::to_string(a.approvals_on_critical_path),
           a.frequency_per_week ? per_week(*a.frequency_per_week) : "-"});
  }
  return t;
}

// With a calendar: each process's lead times in calendar time.
Table calendar_table(const AnalyzeReport& r) {
  Table t({{"process"}, {"lead", Align::Right}, {"typical", Align::Right}});
  const double ratio = r.analysis.calendar_ratio.value_or(1);
  for (const ProcessAnalysis& a : r.analysis.processes) {
    t.add({a.process->meta.id.value,
           (a.estimated ? "~" : "") + format_duration_approx(a.lead_time * ratio),
           format_duration_approx(a.typical_lead_time * ratio)});
  }
  return t;
}

// "480 cases, 2026-09-01 to 2026-11-28, from logs/incident.csv": what an Observation rests on.
std::string observation_text(const Observation& o) {
  std::string text = fmt::format("{:.0f} case{}", o.cases.value, o.cases.value == 1 ? "" : "s");
  if (o.period_start && o.period_end) {
    text += fmt::format(", {} to {}", format_date(o.period_start.value.days),
                        format_date(o.period_end.value.days));
  }
  if (o.source) text += fmt::format(", from {}", o.source.value);
  return text;
}

// With --observed, the analysed processes that have an Observation.
std::vector<std::pair<const ProcessAnalysis*, const Observation*>> observed_processes(
    const AnalyzeReport& r) {
  std::vector<std::pair<const ProcessAnalysis*, const Observation*>> out;
  if (!r.observed) return out;
  for (const ProcessAnalysis& a : r.analysis.processes) {
    if (const Observation* o = r.model->observation_of(a.process->meta.id.value))
      out.emplace_back(&a, o);
  }
  return out;
}

Table role_table(const AnalyzeReport& r) {
  Table t({{"role"},
           {"people", Align::Right},
           {"needs", Align::Right},
           {"demand", Align::Right},
           {"capacity", Align::Right},
           {"util", Align::Right},
           {"wait", Align::Right},
           {"name"}});
  for (const RoleLoad& l : r.analysis.roles) {
    std::string wait = "-";
    if (l.queue_wait_hours)
      wait = fmt::format("{:.2f}h", *l.queue_wait_hours);
    else if (l.utilization && *l.utilization >= 1)
      wait = "unbounded";
    t.add({l.role->meta.id.value, fmt::format("{:.0f}", l.people),
           l.staffing ? fmt::format("{}", *l.staffing) : "-", hours(l.demand_hours_per_week),
           hours(l.capacity_hours_per_week) + (l.training_counted ? "*" : ""),
           l.utilization ? percent(*l.utilization) : "-", wait, l.role->display_name()});
  }
  return t;
}

// What the role table's columns mean, and which capacities count training.
std::string role_table_note(const AnalyzeReport& r) {
  std::string note =
      "needs = the staffing: the fewest fully trained members that keep util at or under "
      "utilization-warn with a wait no longer than today's";
  if (std::any_of(r.analysis.roles.begin(), r.analysis.roles.end(),
                  [](const RoleLoad& l) { return l.training_counted; })) {
    note +=
        "; * = counted from training: each member's hours only for the share of the role's work "
        "whose current SOP they are trained on";
  }
  return note;
}

// Simulated lead times, and the share of instances that meet duration key results.
Table simulation_table(const AnalyzeReport& r) {
  Table t({{"process"},
           {"mean", Align::Right},
           {"P50", Align::Right},
           {"P85", Align::Right},
           {"P95", Align::Right},
           {"meets target"}});
  for (const SimulationResult& s : r.simulations) {
    std::vector<std::string> met;
    for (const TargetShare& target : s.targets) {
      met.push_back(fmt::format("{}{} ({} {}): {}", target.metric, target.span ? " span" : "",
                                target.direction == Direction::LowerIsBetter ? "<=" : ">=",
                                format_duration_approx(target.target), percent(target.share)));
    }
    t.add({s.process, format_duration_approx(s.mean), format_duration_approx(s.p50),
           format_duration_approx(s.p85), format_duration_approx(s.p95),
           met.empty() ? "-" : met.front()});
    // One target a line: a list in one cell would run past the terminal's width.
    for (std::size_t i = 1; i < met.size(); ++i) t.add({"", "", "", "", "", met[i]});
  }
  return t;
}

// The simulation of a process, if it was simulated.
const SimulationResult* simulation_of(const AnalyzeReport& r, const ProcessAnalysis& a) {
  for (const SimulationResult& s : r.simulations) {
    if (s.process == a.process->meta.id.value) return &s;
  }
  return nullptr;
}

bool any_spans(const AnalyzeReport& r) {
  return std::any_of(r.analysis.processes.begin(), r.analysis.processes.end(),
                     [](const ProcessAnalysis& a) { return !a.spans.empty(); });
}

// Each metric's span: expected over the instances that run both ends.
Table span_table(const AnalyzeReport& r) {
  Table t({{"metric"}, {"process/from > to"}, {"runs", Align::Right}, {"expected", Align::Right}});
  for (const ProcessAnalysis& a : r.analysis.processes) {
    const Process& p = *a.process;
    for (const SpanTiming& span : a.spans) {
      t.add({span.metric->meta.id.value,
             fmt::format("{}/{} > {}", p.meta.id.value, p.steps[span.from].id.value,
                         p.steps[span.to].id.value),
             percent(span.probability),
             span.expected ? format_duration_approx(*span.expected) : "-"});
    }
  }
  return t;
}

// Each metric's span over the simulated instances that run both ends.
Table simulated_span_table(const AnalyzeReport& r) {
  Table t({{"metric"},
           {"instances", Align::Right},
           {"mean", Align::Right},
           {"P50", Align::Right},
           {"P85", Align::Right},
           {"P95", Align::Right}});
  for (const SimulationResult& sim : r.simulations) {
    for (const SpanSimulation& s : sim.spans) {
      auto q = [&](double x) { return s.instances ? format_duration_approx(x) : "-"; };
      t.add({s.metric, std::to_string(s.instances), q(s.mean), q(s.p50), q(s.p85), q(s.p95)});
    }
  }
  return t;
}

// Simulated SLA breaches: the share of the runs of each step with an SLA that exceeded it.
Table sla_table(const AnalyzeReport& r) {
  Table t({{"step"}, {"SLA", Align::Right}, {"expected", Align::Right}, {"over it", Align::Right}});
  for (const ProcessAnalysis& a : r.analysis.processes) {
    const SimulationResult* sim = simulation_of(r, a);
    if (!sim) continue;
    for (const SlaShare& sla : sim->slas) {
      const StepTiming& timing = a.steps[sla.step];
      t.add({a.process->meta.id.value + "/" + a.process->steps[sla.step].id.value,
             format_duration_approx(sla.sla), format_duration_approx(timing.wait + timing.duration),
             sla.runs ? percent(sla.breached) : "-"});
    }
  }
  return t;
}

// The measures that changed, before and after, with a verdict.
Table comparison_table(const Comparison& comparison) {
  Table t(
      {{"subject"}, {"measure"}, {"before", Align::Right}, {"after", Align::Right}, {"verdict"}});
  for (const MeasureChange& c : comparison.changes) {
    if (c.before == c.after) continue;
    auto value = [&](double v) {
      switch (c.scale) {
        case MeasureScale::Time:
          return format_duration_approx(v);
        case MeasureScale::Share:
          return percent(v);
        case MeasureScale::Count:
          break;
      }
      return fmt::format("{:g}", v);
    };
    const char* verdict = c.regression         ? "worse"
                          : c.after < c.before ? "better"
                                               : "within tolerance";
    t.add({c.subject + " " + c.id, c.measure, value(c.before), value(c.after), verdict});
  }
  return t;
}

// A step as the SOP names it: its number and name ("3. Editor review").
std::string numbered_step(const Process& p, std::size_t i) {
  return fmt::format("{}. {}", i + 1, p.steps[i].display_name());
}

// What a finding is about, for Markdown: the process and its steps by their numbered names, as
// the SOP shows them; roles and duplicate work as finding_subject gives them.
std::string markdown_subject(const AnalyzeReport& r, const Finding& f) {
  const Process* process = nullptr;
  if (!f.process.empty() && !f.steps.empty() &&
      !std::holds_alternative<facts::DuplicateWork>(f.facts)) {
    for (const Process& p : r.model->processes) {
      if (p.meta.id.value == f.process) process = &p;
    }
  }
  if (!process) return markdown_escape(finding_subject(f));
  std::vector<std::string> names;
  for (const std::string& id : f.steps) {
    for (std::size_t i = 0; i < process->steps.size(); ++i) {
      if (process->steps[i].id.value == id) names.push_back(numbered_step(*process, i));
    }
  }
  return markdown_escape(fmt::format("{}: {}", process->display_name(), fmt::join(names, " + ")));
}

// The change and what it saves, in SPEC §4's two measures, named plainly.
std::string saving_text(const Finding& f) {
  std::string lead, work;
  if (f.lead_saving) {
    lead =
        fmt::format("saves {} of lead time per instance", format_duration_approx(*f.lead_saving));
    if (f.lead_saving_hours_per_week)
      lead += fmt::format(" ({} hours of lead time a week, summed over instances)",
                          hours(*f.lead_saving_hours_per_week));
  }
  if (f.work_saving_hours_per_week)
    work = fmt::format("frees {} staff hours a week", hours(*f.work_saving_hours_per_week));
  std::string change = finding_change(f);
  if (lead.empty() && work.empty()) return change;
  if (lead.empty() || work.empty()) return fmt::format("{}: {}{}", change, lead, work);
  return fmt::format("{}: {}; {}", change, lead, work);
}

// `text` as a terminal may show it: itself, or escaped into `scratch` (see printable()).
std::string_view shown(std::string_view text, std::string& scratch) {
  if (is_plain_text(text)) return text;
  scratch = printable(text);
  return scratch;
}

// One finding of the text output: rank, severity, rule and subject; the message and the saving,
// wrapped; where to look.
void append_finding(std::string& out, std::size_t rank, const Finding& f, bool color,
                    std::string& scratch) {
  fmt::format_to(std::back_inserter(out), "{:>3}. ", rank);
  append_painted(out, enum_name(f.severity), severity_color(f.severity), color);
  out += ' ';
  out += f.rule.id();
  out += "  ";
  std::string subject = finding_subject(f);
  append_painted(out, shown(subject, scratch), Color::Bold, color);
  out += '\n';
  append_wrapped(out, shown(finding_message(f), scratch), "     ", kTerminalWidth);
  append_wrapped(out, shown(saving_text(f), scratch), "     ", kTerminalWidth);
  out += "     ";
  std::string place = fmt::format("{}:{}:{}", f.file, f.loc.line, f.loc.col);
  append_painted(out, place, Color::Dim, color);
  out += '\n';
}

}  // namespace

void print_analysis_text(std::ostream& out, const AnalyzeReport& r, bool color) {
  out << paint("Processes", Color::Bold, color)
      << " (expected per instance over the scenarios; typical = the most likely scenario)\n";
  process_table(r).print_text_fit(out, 2, false, kTerminalWidth, 1);
  out << "  PCE = touch/lead; work = reach x duration x rework";
  if (std::any_of(r.analysis.processes.begin(), r.analysis.processes.end(),
                  [](const ProcessAnalysis& a) { return a.estimated; }))
    out << fmt::format("; ~ = estimated from {} sampled scenarios", kMaxScenarios);
  out << "\n";
  if (auto observed = observed_processes(r); !observed.empty()) {
    out << "\n"
        << paint("Observed", Color::Bold, color)
        << " (what event logs showed replaces the estimates: Observation files)\n";
    for (const auto& [a, o] : observed) {
      std::string line;
      append_wrapped(line,
                     printable(fmt::format("{}: {} ({})", a->process->meta.id.value,
                                           observation_text(*o), r.model->path_of(*o))),
                     "  ", kTerminalWidth);
      out << line;
    }
  }
  if (r.analysis.calendar_ratio) {
    out << "\n"
        << paint("Calendar time", Color::Bold, color)
        << fmt::format(
               " (times above are working time; the calendar is open {} h a week, so a "
               "lead time\n  takes x {:.2f} in calendar time)\n",
               format_decimal(r.analysis.open_hours_per_week, 1), *r.analysis.calendar_ratio);
    calendar_table(r).print_text_fit(out, 2, false, kTerminalWidth, 1);
  }
  out << "\n"
      << paint("Critical paths", Color::Bold, color)
      << " (of the most likely scenario: the typical path)\n";
  for (const ProcessAnalysis& a : r.analysis.processes) {
    out << "  " << paint(a.process->meta.id.value, Color::Bold, color);
    if (a.process->meta.name) out << " (" << printable(a.process->meta.name.value) << ")";
    std::string path;
    append_wrapped(path, critical_path_text(a, " > "), "    ", kTerminalWidth);
    out << "\n" << path;
  }
  if (any_spans(r)) {
    out << "\n"
        << paint("Spans", Color::Bold, color)
        << " (from the start of work on one step to the end of another; runs = the share of "
           "instances\n  that run both, over which the expected value is taken)\n";
    span_table(r).print_text_fit(out, 2, false, kTerminalWidth, 1);
  }
  if (!r.simulations.empty()) {
    std::size_t n = r.simulations.front().instances;
    out << "\n"
        << paint(fmt::format("Simulation ({} instance{} per process, seed {})", n,
                             n == 1 ? "" : "s", r.simulations.front().seed),
                 Color::Bold, color)
        << "\n";
    simulation_table(r).print_text_fit(out, 2, false, kTerminalWidth, 1);
    if (Table spans = simulated_span_table(r); !spans.empty()) {
      out << "\n"
          << paint("Spans, simulated", Color::Bold, color)
          << " (over the instances that run both ends)\n";
      spans.print_text_fit(out, 2, false, kTerminalWidth, 1);
    }
    Table slas = sla_table(r);
    if (!slas.empty()) {
      out << "\n"
          << paint("SLAs", Color::Bold, color)
          << " (expected wait + duration; over it: the share of simulated runs above the SLA)\n";
      slas.print_text_fit(out, 2, false, kTerminalWidth, 1);
    }
  }
  out << "\n"
      << paint("Role load", Color::Bold, color)
      << " (hours a week; wait: Erlang C queue wait, in working hours)\n";
  role_table(r).print_text_fit(out, 2, false, kTerminalWidth, 1);
  std::string note;
  append_wrapped(note, role_table_note(r), "  ", kTerminalWidth);
  out << note;

  if (r.comparison) {
    out << "\n" << paint("Against the baseline", Color::Bold, color) << "\n";
    Table t = comparison_table(*r.comparison);
    if (t.empty())
      out << "  no measured change\n";
    else
      t.print_text_fit(out, 2, false, kTerminalWidth, 1);
    for (const std::string& a : r.comparison->added) out << "  new: " << a << "\n";
    for (const std::string& a : r.comparison->removed) out << "  removed: " << a << "\n";
  }

  std::vector<const Finding*> findings = shown_findings(r);
  out << "\n"
      << paint("Findings", Color::Bold, color)
      << fmt::format(" ({} of {}, ranked by saving)\n", findings.size(),
                     r.analysis.findings.size());
  // Thousands of findings take longer to format than to analyse: formatted in parallel, in
  // blocks, then written in rank order.
  constexpr std::size_t kBlock = 256;
  std::vector<std::string> blocks((findings.size() + kBlock - 1) / kBlock);
  parallel_for(blocks.size(), r.jobs, 1, [&](std::size_t b, unsigned) {
    std::string scratch;
    for (std::size_t k = b * kBlock; k < std::min(findings.size(), (b + 1) * kBlock); ++k) {
      append_finding(blocks[b], k + 1, *findings[k], color, scratch);
    }
  });
  for (const std::string& block : blocks) out << block;
  if (std::size_t more = r.analysis.findings.size() - findings.size(); more > 0) {
    out << fmt::format("  … and {} more finding{} (--top 0 shows all)\n", more,
                       more == 1 ? "" : "s");
  }
}

namespace {

// A number rounded as num(), or null.
void optional_field(JsonWriter& w, std::string_view name, const std::optional<double>& x) {
  if (x)
    w.field(name, num(*x));
  else
    w.null_field(name);
}

void write_process_json(JsonWriter& w, const AnalyzeReport& r, const ProcessAnalysis& a) {
  const Process& p = *a.process;
  w.begin_object();
  w.field("id", p.meta.id.value);
  w.field("name", p.display_name());
  w.field("file", r.model->path_of(p));
  optional_field(w, "frequency_per_week", a.frequency_per_week);
  w.field("lead_time_seconds", num(a.lead_time));
  w.field("typical_lead_time_seconds", num(a.typical_lead_time));
  // With a calendar the times are working time; these are the lead times in calendar time.
  if (const auto& ratio = r.analysis.calendar_ratio) {
    w.field("lead_time_calendar_seconds", num(a.lead_time * *ratio));
    w.field("typical_lead_time_calendar_seconds", num(a.typical_lead_time * *ratio));
  } else {
    w.null_field("lead_time_calendar_seconds");
    w.null_field("typical_lead_time_calendar_seconds");
  }
  w.field("scenarios", static_cast<std::uint64_t>(a.scenario_count));
  w.field("estimated", a.estimated);
  w.field("touch_time_seconds", num(a.touch_time));
  optional_field(w, "cycle_efficiency", a.cycle_efficiency);
  w.field("work_per_instance_seconds", num(a.work_per_instance));
  w.field("handoffs", a.handoffs);
  w.field("approvals_on_critical_path", a.approvals_on_critical_path);
  // With --observed, what the values rest on; null when they are the file's estimates.
  const Observation* o = r.observed ? r.model->observation_of(p.meta.id.value) : nullptr;
  if (o) {
    w.key("observed").begin_object();
    w.field("file", r.model->path_of(*o));
    w.field("source", o->source.value);
    w.field("cases", num(o->cases.value));
    if (o->period_start && o->period_end) {
      w.field("from", format_date(o->period_start.value.days));
      w.field("to", format_date(o->period_end.value.days));
    } else {
      w.null_field("from");
      w.null_field("to");
    }
    w.end_object();
  } else {
    w.null_field("observed");
  }
  w.key("critical_path").begin_array();
  for (std::size_t v : a.critical_path) w.value(p.steps[v].id.value);
  w.end_array();
  const SimulationResult* sim = simulation_of(r, a);
  w.key("steps").begin_array();
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const StepTiming& t = a.steps[i];
    w.begin_object();
    w.field("id", p.steps[i].id.value);
    if (p.steps[i].role)
      w.field("role", p.steps[i].role.value);
    else
      w.null_field("role");
    w.field("type", enum_name(p.steps[i].type.value));
    w.field("delay_seconds", num(t.delay));
    w.field("wait_seconds", num(t.wait));
    w.field("duration_seconds", num(t.duration));
    w.field("probability", num(p.steps[i].probability.value));
    w.field("reach", num(t.reach));
    w.field("rework_multiplier", num(t.rework_multiplier));
    w.field("elapsed_seconds", num(t.elapsed));
    // Start, finish and slack in the typical scenario; null for a step that does not run there.
    auto typical = [&](std::string_view name, double x) {
      optional_field(w, name, t.in_typical ? std::optional<double>(x) : std::nullopt);
    };
    typical("earliest_start_seconds", t.earliest_start);
    typical("earliest_finish_seconds", t.earliest_finish);
    typical("slack_seconds", t.slack);
    w.field("critical", t.critical);
    if (sim) w.field("criticality_index", num(sim->criticality[i]));
    w.end_object();
  }
  w.end_array();
  w.key("spans").begin_array();
  for (std::size_t k = 0; k < a.spans.size(); ++k) {
    const SpanTiming& span = a.spans[k];
    w.begin_object();
    w.field("metric", span.metric->meta.id.value);
    w.field("from", p.steps[span.from].id.value);
    w.field("to", p.steps[span.to].id.value);
    w.field("probability", num(span.probability));
    optional_field(w, "expected_seconds", span.expected);
    if (sim) {
      const SpanSimulation& ss = sim->spans[k];
      auto q = [&](double x) { return ss.instances ? std::optional<double>(x) : std::nullopt; };
      w.key("simulation").begin_object();
      w.field("instances", static_cast<std::uint64_t>(ss.instances));
      optional_field(w, "mean_seconds", q(ss.mean));
      optional_field(w, "p50_seconds", q(ss.p50));
      optional_field(w, "p85_seconds", q(ss.p85));
      optional_field(w, "p95_seconds", q(ss.p95));
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();
  if (sim) {
    w.key("simulation").begin_object();
    w.field("instances", static_cast<std::uint64_t>(sim->instances));
    w.field("seed", static_cast<std::uint64_t>(sim->seed));
    w.field("mean_seconds", num(sim->mean));
    w.field("p50_seconds", num(sim->p50));
    w.field("p85_seconds", num(sim->p85));
    w.field("p95_seconds", num(sim->p95));
    w.key("targets").begin_array();
    for (const TargetShare& t : sim->targets) {
      w.begin_object();
      w.field("goal", t.goal);
      w.field("metric", t.metric);
      w.field("target_seconds", num(t.target));
      w.field("direction", enum_name(t.direction));
      w.field("compared_with", t.span ? "span" : "lead_time");
      w.field("share", num(t.share));
      w.end_object();
    }
    w.end_array();
    w.key("slas").begin_array();
    for (const SlaShare& sla : sim->slas) {
      w.begin_object();
      w.field("step", p.steps[sla.step].id.value);
      w.field("sla_seconds", num(sla.sla));
      w.field("runs", static_cast<std::uint64_t>(sla.runs));
      w.field("breached", num(sla.breached));
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_object();
}

// What a finding about people adds: the member it is about, what training them makes count,
// and an overloaded role's hire and train options (SPEC §4); null or empty for other findings.
void write_people_json(JsonWriter& w, const Finding& f) {
  const auto* untrained = std::get_if<facts::UntrainedMember>(&f.facts);
  const auto* due = std::get_if<facts::RetrainingDue>(&f.facts);
  const Member* member = untrained ? untrained->member : due ? due->member : nullptr;
  if (member)
    w.field("member", member->name.value);
  else
    w.null_field("member");
  optional_field(w, "capacity_gain_hours_per_week",
                 untrained ? std::optional(untrained->gain_hours) : std::nullopt);
  w.key("training_gaps").begin_array();
  if (untrained) {
    for (const facts::TrainingGap& g : untrained->gaps) w.value(g.process->meta.id.value);
  }
  w.end_array();
  w.key("staffing_options").begin_array();
  if (const auto* o = std::get_if<facts::OverloadedRole>(&f.facts)) {
    for (const auto* option : {&o->hire, &o->train}) {
      if (!*option) continue;
      w.begin_object();
      w.field("hires", static_cast<std::int64_t>((*option)->hires));
      w.key("train").begin_array();
      for (std::string_view name : (*option)->trained) w.value(name);
      w.end_array();
      w.field("utilization", num((*option)->utilization));
      optional_field(w, "queue_wait_hours", (*option)->wait_hours);
      w.end_object();
    }
  }
  w.end_array();
}

void write_finding_json(JsonWriter& w, int rank, const Finding& f) {
  w.begin_object();
  w.field("rank", rank);
  w.field("rule", f.rule.id());
  w.field("severity", enum_name(f.severity));
  w.field("file", f.file);
  w.field("line", static_cast<std::int64_t>(f.loc.line));
  w.field("column", static_cast<std::int64_t>(f.loc.col));
  if (f.process.empty())
    w.null_field("process");
  else
    w.field("process", f.process);
  for (const auto& [name, list] : {std::pair{"steps", &f.steps}, std::pair{"roles", &f.roles}}) {
    w.key(name).begin_array();
    for (const std::string& x : *list) w.value(x);
    w.end_array();
  }
  w.field("message", finding_message(f));
  w.field("change", finding_change(f));
  optional_field(w, "lead_time_saving_seconds", f.lead_saving);
  optional_field(w, "lead_time_saving_hours_per_week", f.lead_saving_hours_per_week);
  optional_field(w, "work_saving_hours_per_week", f.work_saving_hours_per_week);
  if (f.people_needed)
    w.field("people_needed", *f.people_needed);
  else
    w.null_field("people_needed");
  write_people_json(w, f);
  w.end_object();
}

// Writes `count` elements of an array, each by write(writer, k), formatted in parallel blocks
// into their own strings at the array's depth and written to `out` in order.
template <class Write>
void write_elements(JsonWriter& w, std::ostream& out, std::size_t count, unsigned jobs,
                    Write write) {
  constexpr std::size_t kBlock = 64;
  constexpr int kElementDepth = 2;  // doc { "key": [ element
  std::vector<std::vector<std::string>> blocks((count + kBlock - 1) / kBlock);
  parallel_for(blocks.size(), jobs, 1, [&](std::size_t b, unsigned) {
    for (std::size_t k = b * kBlock; k < std::min(count, (b + 1) * kBlock); ++k) {
      std::string& text = blocks[b].emplace_back();
      JsonWriter part(text, kElementDepth);
      write(part, k);
    }
  });
  for (const std::vector<std::string>& block : blocks) {
    for (const std::string& text : block) w.element(text, out);
  }
}

}  // namespace

// Written as a stream (not a document built in memory), the processes and findings formatted in
// parallel: a large repository's JSON is tens of megabytes.
void print_analysis_json(std::ostream& out, const AnalyzeReport& r) {
  std::string text;
  JsonWriter w(text);
  w.begin_object();
  w.field("version", kVersion);
  if (r.analysis.calendar_ratio) {
    w.key("calendar").begin_object();
    w.field("open_hours_per_week", num(r.analysis.open_hours_per_week));
    w.field("calendar_time_ratio", num(*r.analysis.calendar_ratio));
    w.end_object();
  } else {
    w.null_field("calendar");
  }
  w.key("processes").begin_array();
  write_elements(w, out, r.analysis.processes.size(), r.jobs, [&](JsonWriter& part, std::size_t k) {
    write_process_json(part, r, r.analysis.processes[k]);
  });
  w.end_array();
  w.key("roles").begin_array();
  for (const RoleLoad& l : r.analysis.roles) {
    w.begin_object();
    w.field("id", l.role->meta.id.value);
    w.field("name", l.role->display_name());
    w.field("people", num(l.people));
    w.field("demand_hours_per_week", num(l.demand_hours_per_week));
    w.field("capacity_hours_per_week", num(l.capacity_hours_per_week));
    w.field("full_capacity_hours_per_week", num(l.full_capacity_hours_per_week));
    w.field("capacity_counts_training", l.training_counted);
    // No capacity but work: utilization is unbounded, written as null with no_capacity true.
    optional_field(w, "utilization",
                   l.utilization && std::isfinite(*l.utilization) ? l.utilization : std::nullopt);
    w.field("no_capacity", l.utilization && !std::isfinite(*l.utilization));
    w.field("arrivals_per_week", num(l.arrivals_per_week));
    w.field("mean_service_hours", num(l.mean_service_hours));
    optional_field(w, "wait_probability", l.wait_probability);
    optional_field(w, "queue_wait_hours", l.queue_wait_hours);
    w.field("servers", static_cast<std::int64_t>(l.servers));
    if (l.staffing)
      w.field("staffing", static_cast<std::int64_t>(*l.staffing));
    else
      w.null_field("staffing");
    w.end_object();
  }
  w.end_array();
  std::vector<const Finding*> findings = shown_findings(r);
  w.field("findings_total", static_cast<std::uint64_t>(r.analysis.findings.size()));
  w.key("findings").begin_array();
  write_elements(w, out, findings.size(), r.jobs, [&](JsonWriter& part, std::size_t k) {
    write_finding_json(part, static_cast<int>(k + 1), *findings[k]);
  });
  w.end_array();
  if (r.comparison) {
    w.key("baseline").begin_object();
    w.field("regressed", r.comparison->regressed());
    w.key("changes").begin_array();
    for (const MeasureChange& c : r.comparison->changes) {
      w.begin_object();
      w.field("subject", c.subject);
      w.field("id", c.id);
      w.field("measure", c.measure);
      optional_field(w, "before", std::isfinite(c.before) ? std::optional(c.before) : std::nullopt);
      optional_field(w, "after", std::isfinite(c.after) ? std::optional(c.after) : std::nullopt);
      w.field("regression", c.regression);
      w.end_object();
    }
    w.end_array();
    for (const auto& [name, list] :
         {std::pair{"added", &r.comparison->added}, std::pair{"removed", &r.comparison->removed}}) {
      w.key(name).begin_array();
      for (const std::string& x : *list) w.value(x);
      w.end_array();
    }
    w.end_object();
  }
  w.end_object();
  text += '\n';
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void print_analysis_markdown(std::ostream& out, const AnalyzeReport& r) {
  out << "# Process analysis\n\n";
  out << "Times are expected values per instance over the process's scenarios (each choice of "
         "branch and optional step, weighted by its probability): lead time is the longest chain "
         "of delay + wait + duration through the steps that run, rework included; touch time is "
         "the work on that chain. Typical is the lead time of the most likely scenario, whose "
         "critical path (the typical path) is shown.\n\n";
  out << "## Processes\n\n";
  process_table(r).print_markdown(out);
  out << "\nlead: expected lead time; typical: the most likely scenario's; touch: the work on the "
         "critical path; PCE: touch / lead; work: staff time an instance takes (reach × duration "
         "× rework); handoffs and approvals: on the typical path; /week: instances a week.\n";
  if (auto observed = observed_processes(r); !observed.empty()) {
    out << "\nObserved: what event logs showed replaces the estimates (Observation files):\n\n";
    for (const auto& [a, o] : observed) {
      out << fmt::format("- `{}`: {} (`{}`)\n", markdown_escape(a->process->meta.id.value),
                         markdown_escape(observation_text(*o)),
                         markdown_escape(r.model->path_of(*o)));
    }
  }
  if (r.analysis.calendar_ratio) {
    out << fmt::format(
        "\nThe times are working time: the Config calendar is open {} h a week, so a lead time "
        "takes {:.2f} times as long in calendar time:\n\n",
        format_decimal(r.analysis.open_hours_per_week, 1), *r.analysis.calendar_ratio);
    calendar_table(r).print_markdown(out);
  }
  out << "\n## Critical paths (typical)\n\n";
  for (const ProcessAnalysis& a : r.analysis.processes) {
    std::vector<std::string> names;
    for (std::size_t v : a.critical_path) names.push_back(numbered_step(*a.process, v));
    const std::string& id = a.process->meta.id.value;
    const std::string name = a.process->display_name();
    out << fmt::format("- **{}**{}: {}\n", markdown_escape(name),
                       name == id ? std::string() : fmt::format(" (`{}`)", markdown_escape(id)),
                       markdown_escape(fmt::format("{}", fmt::join(names, " → "))));
  }
  if (any_spans(r)) {
    out << "\n## Spans\n\nFrom the start of work on one step to the end of another; runs is the "
           "share of instances that run both, over which the expected value is taken.\n\n";
    span_table(r).print_markdown(out);
  }
  if (!r.simulations.empty()) {
    std::size_t n = r.simulations.front().instances;
    out << fmt::format("\n## Simulation ({} instance{} per process, seed {})\n\n", n,
                       n == 1 ? "" : "s", r.simulations.front().seed);
    simulation_table(r).print_markdown(out);
    if (Table spans = simulated_span_table(r); !spans.empty()) {
      out << "\n### Spans, simulated\n\nOver the instances that run both ends.\n\n";
      spans.print_markdown(out);
    }
    Table slas = sla_table(r);
    if (!slas.empty()) {
      out << "\n### SLAs\n\nExpected wait + duration; over it: the share of simulated runs "
             "above the SLA.\n\n";
      slas.print_markdown(out);
    }
  }
  out << "\n## Role load\n\n";
  role_table(r).print_markdown(out);
  out << "\nHours a week: demand is the role's work, capacity its members' hours; util is demand "
         "/ capacity; wait is the Erlang C expected queue wait before a member picks a job up, in "
         "working hours; "
      << role_table_note(r) << ".\n";
  if (r.comparison) {
    out << "\n## Against the baseline\n\n";
    Table t = comparison_table(*r.comparison);
    if (t.empty())
      out << "No measured change.\n";
    else
      t.print_markdown(out);
    for (const std::string& a : r.comparison->added) out << "\nNew: " << markdown_escape(a) << "\n";
    for (const std::string& a : r.comparison->removed)
      out << "\nRemoved: " << markdown_escape(a) << "\n";
  }
  out << "\n## Findings\n\n";
  std::vector<const Finding*> findings = shown_findings(r);
  if (findings.empty()) {
    out << "No findings.\n";
    return;
  }
  const std::size_t total = r.analysis.findings.size();
  out << fmt::format(
      "{}, ranked by the hours of lead time a week they would save (summed over instances), then "
      "the staff hours a week they would free; roles at or above their capacity first.\n\n",
      findings.size() == total
          ? fmt::format("{} finding{}", total, total == 1 ? "" : "s")
          : fmt::format("The first {} of {} findings", findings.size(), total));
  // A numbered list: a title line (severity, rule, what it is about), the explanation, the change
  // with its saving, and where to look, each a paragraph of the item.
  int rank = 0;
  for (const Finding* f : findings) {
    std::string number = fmt::format("{}. ", ++rank);
    std::string indent(number.size(), ' ');
    out << number
        << fmt::format("**{}** `{}` — {}\n\n", enum_name(f->severity), f->rule.id(),
                       markdown_subject(r, *f));
    out << indent << markdown_escape(cap_first(finding_message(*f))) << ".\n\n";
    out << indent << "Change: " << markdown_escape(saving_text(*f)) << ".\n\n";
    out << indent << fmt::format("`{}:{}:{}`\n", f->file, f->loc.line, f->loc.col);
    if (rank < static_cast<int>(findings.size())) out << "\n";
  }
}

}  // namespace opsflow::cli
