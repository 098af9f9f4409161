// SOP pages, role handbook pages and the index, as Markdown, in English or Chinese.
#include "opsflow/render/render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "labels.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/model/training.hpp"
#include "opsflow/render/flowchart.hpp"
#include "opsflow/version.hpp"
#include "page.hpp"
#include "training_pages.hpp"
#include "user_markdown.hpp"

namespace opsflow {
namespace {

using detail::heading_text;
using detail::Labels;
using detail::labels;
using detail::Page;
using detail::role_link;
using detail::text;
using detail::user_markdown;

// The day the pages are as of: --date, when given (never the clock).
std::optional<std::int64_t> as_of(const RenderOptions& options) {
  if (options.date.empty()) return std::nullopt;
  Parsed<DateTime> date = parse_date(options.date);
  if (!date.value) return std::nullopt;
  return date.value->days;
}

// A metric's unit in the page's language: the units opsflow knows are translated, others (a
// team's own, such as "currency") are shown as written.
std::string unit_text(const std::string& unit, const Labels& l) {
  static constexpr std::string_view kKnownUnits[] = {"count",   "percent", "seconds",
                                                     "minutes", "hours",   "days"};
  for (std::size_t i = 0; i < std::size(kKnownUnits); ++i) {
    if (unit == kKnownUnits[i]) return l.units[i];
  }
  return markdown_escape(unit);
}

// A role's members by name, or its headcount; "-" when no Role document has the id.
std::string members_text(const Model& model, const std::string& id) {
  for (const Role& r : model.roles) {
    if (r.meta.id.value != id) continue;
    std::vector<std::string> names;
    for (const Member& m : r.members) names.push_back(text(m.name.value));
    return names.empty() ? fmt::format("{:.0f}", r.people())
                         : fmt::format("{}", fmt::join(names, ", "));
  }
  return "-";
}

// A role's display name, or its id when no Role document has it.
std::string role_name(const Model& model, const std::string& id) {
  for (const Role& r : model.roles) {
    if (r.meta.id.value == id) return r.display_name();
  }
  return id;
}

std::string frequency_text(const Process& p, const Labels& l) {
  if (!p.frequency) return l.not_set;
  const Rate& rate = p.frequency.value;
  return fmt::format(fmt::runtime(l.frequency_format), rate.count,
                     l.rate_units[static_cast<std::size_t>(rate.unit)]);
}

std::string duration_text(const Step& step) {
  const Estimate& e = step.duration.value;
  if (!e.three_point) return format_duration_approx(e.likely);
  return fmt::format("{} ({}–{})", format_duration_approx(e.expected()), format_duration(e.min),
                     format_duration(e.max));
}

// The RACI letter of `role` for a step; the accountable role defaults to the process owner.
std::string raci(const Process& p, const Step& s, const std::string& role, const Labels& l) {
  std::vector<std::string> letters;
  if (s.role.value == role) letters.emplace_back(l.r);
  std::string accountable = s.accountable ? s.accountable.value : p.meta.owner.value;
  if (accountable == role) letters.emplace_back(l.a);
  auto in = [&](const TextList& list) {
    return std::any_of(list.begin(), list.end(), [&](const Text& t) { return t.value == role; });
  };
  if (in(s.consulted)) letters.emplace_back(l.c);
  if (in(s.informed)) letters.emplace_back(l.i);
  return fmt::format("{}", fmt::join(letters, ", "));
}

// Roles involved in a process, in order of first appearance (owner first).
std::vector<std::string> roles_of(const Process& p) {
  std::vector<std::string> roles;
  auto add = [&](const Text& t) {
    if (t && std::find(roles.begin(), roles.end(), t.value) == roles.end())
      roles.push_back(t.value);
  };
  add(p.meta.owner);
  for (const Step& s : p.steps) {
    add(s.role);
    add(s.accountable);
    for (const Text& t : s.consulted) add(t);
    for (const Text& t : s.informed) add(t);
  }
  return roles;
}

std::string quantity_text(const Field<Quantity>& q) {
  if (!q) return "-";
  return q.value.is_duration ? format_duration_approx(q.value.value)
                             : fmt::format("{:g}", q.value.value);
}

// The flowchart's legend: only the shapes and arrows the chart uses.
std::string flowchart_legend(const ProcessAnalysis& a, const Labels& l) {
  const Process& p = *a.process;
  std::set<StepType> types;
  bool shares = false, rework = false;
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const Step& s = p.steps[i];
    types.insert(s.type.value);
    // A labelled arrow: a branch, or the way into an optional step (a first step has none).
    shares = shares || !p.graph.branch_to[i].empty() ||
             (s.probability.value < 1 && !p.graph.predecessors[i].empty());
    rework = rework || (s.rework.present && p.graph.rework_to[i] != StepGraph::kNoStep);
  }
  std::vector<std::string> shapes, arrows;
  const auto uses = [&](StepType t) { return types.count(t) > 0; };
  if (uses(StepType::Task)) shapes.emplace_back(l.legend.task);
  if (uses(StepType::Approval)) shapes.emplace_back(l.legend.approval);
  if (uses(StepType::Decision)) shapes.emplace_back(l.legend.decision);
  if (uses(StepType::Automated)) shapes.emplace_back(l.legend.automated);
  if (uses(StepType::Review) || uses(StepType::Handoff)) shapes.emplace_back(l.legend.rounded);
  if (shares) arrows.emplace_back(l.legend.share);
  if (rework) arrows.emplace_back(l.legend.rework);
  if (!a.critical_path.empty()) arrows.emplace_back(l.legend.typical);
  std::string out;
  for (const std::vector<std::string>* clauses : {&shapes, &arrows}) {
    if (clauses->empty()) continue;
    if (!out.empty()) out += l.sentence_gap;
    out += cap_first(fmt::format("{}", fmt::join(*clauses, l.legend_separator))) + l.sentence_end;
  }
  return out;
}

RenderedFile render_sop(const Model& model, const ProcessAnalysis& a,
                        const RenderOptions& options) {
  const Labels& l = labels(options.lang);
  const Process& p = *a.process;
  Page page(p.display_name());
  page.paragraph(fmt::format("{}: `{}`", l.sop, p.meta.id.value));
  // With a Config calendar the times are working time: lead times also in calendar time.
  auto calendar_time = [&](double seconds) {
    const Config* config = model.config();
    if (!config || !config->calendar.present) return std::string();
    const double open = open_hours_per_week(config->calendar);
    if (open <= 0) return std::string();
    return fmt::format(fmt::runtime(l.in_calendar_time),
                       format_duration_approx(seconds * 168 / open));
  };
  std::vector<std::vector<std::string>> meta{
      {l.process, fmt::format("`{}`", p.meta.id.value)},
      {l.owner, p.meta.owner ? role_link(model, p.meta.owner.value, "") : l.not_set},
      {l.version, p.meta.version ? text(p.meta.version.value) : l.not_set},
      {l.last_reviewed, p.meta.reviewed ? format_date(p.meta.reviewed.value.days) : l.not_set},
      {l.frequency, frequency_text(p, l)},
      {l.lead_time,
       (a.estimated ? "~" : "") + format_duration_approx(a.lead_time) + calendar_time(a.lead_time)},
      {l.touch_time, format_duration_approx(a.touch_time)},
      {l.efficiency, a.cycle_efficiency ? fmt::format("{:.0f}%", *a.cycle_efficiency * 100) : "-"},
  };
  // What the team's event log showed, beside the estimates (mine --write-observed).
  const Observation* observed = model.observation_of(p.meta.id.value);
  if (observed) {
    const bool dated = observed->period_start && observed->period_end;
    meta.push_back(
        {l.observed, text(fmt::format(fmt::runtime(l.observed_text), observed->cases.value,
                                      dated ? format_date(observed->period_start.value.days) : "?",
                                      dated ? format_date(observed->period_end.value.days) : "?",
                                      observed->source ? observed->source.value : "?"))});
  }
  // With choices, the most likely case beside the expectation (the same without them).
  if (a.scenarios.size() > 1) {
    meta.insert(meta.begin() + 6,
                {l.typical_lead_time,
                 format_duration_approx(a.typical_lead_time) + calendar_time(a.typical_lead_time)});
  }
  page.table({l.field, l.value}, meta);
  page.paragraph(fmt::format("[{}](index.md#{})", l.how_to_read, github_anchor(l.how_to_read)));
  if (p.meta.description) page.paragraph(text(p.meta.description.value));
  detail::changes_section(page, model, p, l);
  // Who to ask: the owner's role and its members.
  if (p.meta.owner) {
    page.heading(2, l.who_to_ask);
    page.paragraph(fmt::format(fmt::runtime(l.who_to_ask_text),
                               role_link(model, p.meta.owner.value, ""),
                               members_text(model, p.meta.owner.value)));
  }
  // The whole procedure at a glance, before its details: step, who, how long, wait, SLA.
  page.heading(2, l.at_a_glance);
  std::vector<std::vector<std::string>> glance;
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const Step& s = p.steps[i];
    glance.push_back({fmt::format("{}. {}", i + 1, text(s.display_name())),
                      s.role ? role_link(model, s.role.value, "") : l.automated, duration_text(s),
                      s.wait.value > 0 ? format_duration_approx(s.wait.value) : "-",
                      s.sla ? format_duration_approx(s.sla.value) : "-"});
  }
  page.table({l.step, l.who, l.duration, l.wait_short, l.sla}, glance);
  for (const auto& [title, field] : {std::pair{l.purpose, &p.purpose}, std::pair{l.scope, &p.scope},
                                     std::pair{l.trigger, &p.trigger}}) {
    page.heading(2, title);
    page.paragraph(*field ? text(field->value) : l.not_set);
  }

  page.heading(2, l.roles_and_responsibilities);
  std::vector<std::string> roles = roles_of(p);
  std::vector<std::vector<std::string>> role_rows;
  for (const std::string& id : roles) {
    std::vector<std::string> steps;
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      if (p.steps[i].role.value == id) steps.push_back(std::to_string(i + 1));
    }
    role_rows.push_back({role_link(model, id, ""), members_text(model, id),
                         steps.empty() ? "-" : fmt::format("{}", fmt::join(steps, ", "))});
  }
  page.table({l.role, l.members, l.steps}, role_rows);
  page.heading(3, l.raci_matrix);
  page.paragraph(l.raci_legend);
  std::vector<std::string> header{l.step};
  std::vector<ColumnAlign> align{ColumnAlign::Left};
  for (const std::string& id : roles) {
    header.push_back(text(role_name(model, id)));  // names, not ids, which break mid-word
    align.push_back(ColumnAlign::Centre);
  }
  std::vector<std::vector<std::string>> raci_rows;
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    std::vector<std::string> row{fmt::format("{}. {}", i + 1, text(p.steps[i].display_name()))};
    for (const std::string& id : roles) row.push_back(raci(p, p.steps[i], id, l));
    raci_rows.push_back(std::move(row));
  }
  page.table(header, raci_rows, align);

  page.heading(2, l.flowchart);
  page.paragraph(flowchart_legend(a, l));
  page.fence(
      "mermaid",
      mermaid_flowchart(
          a, FlowchartText{.rework = l.rework_edge,
                           .wait = l.wait_word,
                           .role_name = [&](const std::string& id) { return role_name(model, id); },
                           .times = true}));
  std::vector<std::string> path;
  for (std::size_t v : a.critical_path) path.push_back(fmt::format("{}", v + 1));
  page.paragraph(fmt::format("{}: {}", l.critical_path, fmt::join(path, " → ")));

  page.heading(2, l.procedure);
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const Step& s = p.steps[i];
    page.heading(3, fmt::format("{}. {}", i + 1, s.display_name()));
    std::vector<std::string> facts;
    facts.push_back(fmt::format("**{}**: {}", l.role,
                                s.role ? role_link(model, s.role.value, "") : l.automated));
    facts.push_back(
        fmt::format("**{}**: {}", l.type, l.step_types[static_cast<std::size_t>(s.type.value)]));
    facts.push_back(fmt::format("**{}**: {}", l.duration, duration_text(s)));
    if (s.delay.value > 0)
      facts.push_back(fmt::format("**{}**: {}", l.delay, format_duration_approx(s.delay.value)));
    if (s.wait.value > 0)
      facts.push_back(fmt::format("**{}**: {}", l.wait, format_duration_approx(s.wait.value)));
    if (const ObservedStep* seen = observed ? observed->step(s.id.value) : nullptr) {
      std::vector<std::string> parts;
      auto range = [&](const char* label, const Estimate& e) {
        parts.push_back(fmt::format(fmt::runtime(label), format_duration_approx(e.likely),
                                    format_duration_approx(e.min), format_duration_approx(e.max)));
      };
      if (seen->duration) range(l.observed_duration, seen->duration.value);
      if (seen->wait) range(l.observed_wait, seen->wait.value);
      if (seen->cases)
        parts.push_back(fmt::format(fmt::runtime(l.observed_cases), seen->cases.value));
      if (!parts.empty()) {
        facts.push_back(fmt::format("**{}**: {}", l.observed, fmt::join(parts, l.list_separator)));
      }
    }
    if (s.keep) facts.push_back(fmt::format("**{}**: {}", l.keep, text(s.keep.value)));
    if (s.probability.value < 1) {
      facts.push_back(fmt::format("**{}**: {:g}%", l.probability, s.probability.value * 100));
    }
    if (s.sla) {
      facts.push_back(fmt::format("**{}**: {}", l.sla, format_duration_approx(s.sla.value)));
      // Escalation: whom the step's role reports to, else its backup, else the process owner.
      std::string to;
      for (const Role& r : model.roles) {
        if (!s.role || r.meta.id.value != s.role.value) continue;
        to = r.reports_to ? r.reports_to.value : r.backup ? r.backup.value : "";
      }
      if (to.empty() && p.meta.owner) to = p.meta.owner.value;
      if (!to.empty())
        facts.push_back(fmt::format("**{}**: {}", l.escalate, role_link(model, to, "")));
    }
    auto joined = [](const TextList& list) {
      std::vector<std::string> items;
      for (const Text& t : list) items.push_back(text(t.value));
      return fmt::format("{}", fmt::join(items, ", "));
    };
    if (!s.inputs.empty()) facts.push_back(fmt::format("**{}**: {}", l.inputs, joined(s.inputs)));
    if (!s.outputs.empty())
      facts.push_back(fmt::format("**{}**: {}", l.outputs, joined(s.outputs)));
    if (!s.tools.empty()) facts.push_back(fmt::format("**{}**: {}", l.tools, joined(s.tools)));
    if (!s.skills.empty()) facts.push_back(fmt::format("**{}**: {}", l.skills, joined(s.skills)));
    // A step another one leads to, as its procedure heading numbers it (the graph resolved the
    // id; rendered models have no unknown ones).
    auto step_title = [&](std::size_t k, std::string fallback) {
      return k == StepGraph::kNoStep
                 ? fallback
                 : fmt::format("{}. {}", k + 1, text(p.steps[k].display_name()));
    };
    if (!s.branches.value.empty()) {
      std::vector<std::string> ways;
      for (std::size_t k = 0; k < s.branches.value.size(); ++k) {
        const Branch& b = s.branches.value[k];
        std::string target = step_title(p.graph.branch_to[i][k], text(b.to.value));
        std::string way = fmt::format(fmt::runtime(l.branch_text),
                                      fmt::format("{:g}%", b.probability.value * 100), target);
        if (b.when) way += fmt::format(fmt::runtime(l.branch_when), text(b.when.value));
        ways.push_back(std::move(way));
      }
      facts.push_back(fmt::format("**{}**: {}", l.branches, fmt::join(ways, "; ")));
    }
    if (s.rework.present) {
      std::string target = step_title(p.graph.rework_to[i], fmt::format("`{}`", s.rework.to.value));
      facts.push_back(
          fmt::format("**{}**: {}", l.rework,
                      fmt::format(fmt::runtime(l.rework_text),
                                  fmt::format("{:g}%", s.rework.probability.value * 100), target)));
    }
    page.list(facts);
    // Cautions before the instructions they guard, in one callout whose title is its own.
    if (!s.cautions.empty()) {
      std::string callout = "> [!WARNING]";
      for (std::size_t k = 0; k < s.cautions.size(); ++k)
        callout += (k ? "\n>\n> " : "\n> ") + text(s.cautions[k].value);
      page.paragraph(callout);
    }
    if (s.instructions) page.paragraph(user_markdown(s.instructions.value));
    if (!s.checklist.empty()) {
      page.heading(4, l.checklist);
      std::vector<std::string> items;
      for (const Text& t : s.checklist) items.push_back("[ ] " + text(t.value));
      page.list(items);
    }
  }

  page.heading(2, l.goals_and_metrics);
  std::vector<std::string> items;
  for (const Text& g : p.goals) {
    for (const Goal& goal : model.goals) {
      if (goal.meta.id.value != g.value) continue;
      items.push_back(fmt::format("{}: [{}](index.md#{}) — {}", l.goal, text(goal.display_name()),
                                  github_anchor(l.goals),
                                  goal.objective ? text(goal.objective.value) : ""));
    }
  }
  // The metrics the process lists, then those whose span is on it, each with its expected span.
  auto metric_item = [&](const Metric& metric) {
    std::string item = fmt::format("{}: {} (`{}`, {}, {})", l.metric, text(metric.display_name()),
                                   metric.meta.id.value, unit_text(metric.unit.value, l),
                                   l.directions[static_cast<std::size_t>(metric.direction.value)]);
    for (const SpanTiming& span : a.spans) {
      if (span.metric != &metric || !span.expected) continue;
      item += " — " + fmt::format(fmt::runtime(l.expected_span), span.from + 1, span.to + 1,
                                  format_duration_approx(*span.expected));
    }
    items.push_back(std::move(item));
  };
  for (const Text& m : p.metrics) {
    for (const Metric& metric : model.metrics) {
      if (metric.meta.id.value == m.value) metric_item(metric);
    }
  }
  for (const SpanTiming& span : a.spans) {
    bool listed = std::any_of(p.metrics.begin(), p.metrics.end(),
                              [&](const Text& m) { return m.value == span.metric->meta.id.value; });
    if (!listed) metric_item(*span.metric);
  }
  if (items.empty()) page.paragraph(l.not_set);
  page.list(items);

  page.heading(2, l.revision);
  std::string revision = fmt::format(
      fmt::runtime(l.revision_text), p.meta.version ? text(p.meta.version.value) : l.not_set,
      p.meta.reviewed ? format_date(p.meta.reviewed.value.days) : l.not_set);
  // Sentences run on after a full-width full stop, as Chinese is written; after a '.' a space.
  auto then = [&](const std::string& sentence) {
    revision += (revision.ends_with("。") ? "" : " ") + sentence;
  };
  then(fmt::format(fmt::runtime(l.generated), kVersion));
  if (!options.date.empty()) then(fmt::format(fmt::runtime(l.generated_on), options.date));
  page.paragraph(revision);
  return {p.meta.id.value + ".md", page.finish()};
}

RenderedFile render_role(const Model& model, const Role& role, const Analysis& analysis,
                         const RenderOptions& options) {
  const Labels& l = labels(options.lang);
  Page page(fmt::format("{}: {}", l.role_handbook, role.display_name()));
  const std::string& id = role.meta.id.value;
  std::vector<std::vector<std::string>> facts{{l.role, fmt::format("`{}`", id)}};
  const RoleLoad* load = nullptr;
  for (const RoleLoad& r : analysis.roles) {
    if (r.role == &role) load = &r;
  }
  // The role's work is the team's total; each member carries an even share of it.
  const double hours = load ? load->demand_hours_per_week : 0;
  const double capacity = load ? load->capacity_hours_per_week : 0;
  const std::string utilization =
      load && load->utilization ? whole_percent(*load->utilization) : std::string("-");
  facts.push_back(
      {l.role_work, fmt::format(fmt::runtime(l.role_work_text), hours, capacity, utilization)});
  // This page is in roles/, next to the pages it links to.
  if (role.backup) facts.push_back({l.backup, role_link(model, role.backup.value, "../")});
  if (role.reports_to)
    facts.push_back({l.reports_to, role_link(model, role.reports_to.value, "../")});
  page.table({l.field, l.value}, facts);
  page.paragraph(fmt::format("[{}](../index.md#{})", l.how_to_read, github_anchor(l.how_to_read)));
  if (role.meta.description) page.paragraph(text(role.meta.description.value));

  page.heading(2, l.members);
  std::vector<std::vector<std::string>> members;
  const double people = static_cast<double>(role.members.size());
  for (std::size_t i = 0; i < role.members.size(); ++i) {
    const Member& m = role.members[i];
    std::vector<std::string> skills;
    for (const Text& s : m.skills) skills.push_back(text(s.value));
    // Each member's share of the capacity: even, or, when it counts training, the hours they
    // are trained for; the work goes with it.
    double share = 1 / people;
    if (load && load->training_counted && capacity > 0)
      share = load->member_share[i] * role.capacity.value / capacity;
    else if (load && load->training_counted)
      share = 0;
    members.push_back({text(m.name.value),
                       skills.empty() ? "-" : fmt::format("{}", fmt::join(skills, ", ")),
                       fmt::format(fmt::runtime(l.member_share_text), hours * share,
                                   capacity * share, utilization)});
  }
  if (members.empty())
    page.paragraph(fmt::format("{:g}", role.people()));
  else
    page.table({l.members, l.skills,
                load && load->training_counted ? l.member_share_trained : l.member_share},
               members);
  if (!role.skills.empty()) {
    std::vector<std::string> skills;
    for (const Text& s : role.skills) skills.push_back(text(s.value));
    page.paragraph(fmt::format("**{}**: {}", l.skills, fmt::join(skills, ", ")));
  }
  page.heading(2, l.responsibilities);
  std::vector<std::string> duties;
  for (const Text& t : role.responsibilities) duties.push_back(text(t.value));
  if (duties.empty()) page.paragraph(l.not_set);
  page.list(duties);
  detail::training_section(page, model, role, l, as_of(options));

  page.heading(2, l.steps);
  std::vector<std::vector<std::string>> rows;
  for (const Process& p : model.processes) {
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      std::string letters = raci(p, p.steps[i], id, l);
      if (letters.empty()) continue;
      // The step links to its section of the SOP.
      const std::string heading = fmt::format("{}. {}", i + 1, p.steps[i].display_name());
      rows.push_back({fmt::format("[{}](../{}.md)", text(p.display_name()), p.meta.id.value),
                      fmt::format("[{}. {}](../{}.md#{})", i + 1, text(p.steps[i].display_name()),
                                  p.meta.id.value, github_anchor(heading)),
                      letters});
    }
  }
  if (rows.empty())
    page.paragraph(l.not_set);
  else
    page.table({l.process, l.step, "RACI"}, rows);
  return {"roles/" + id + ".md", page.finish()};
}

RenderedFile render_index(const Model& model, const Analysis& analysis,
                          const RenderOptions& options) {
  const Labels& l = labels(options.lang);
  Page page(l.index_title);
  page.heading(2, l.processes);
  std::vector<std::vector<std::string>> processes;
  for (const ProcessAnalysis& a : analysis.processes) {
    const Process& p = *a.process;
    processes.push_back({fmt::format("[{}]({}.md)", text(p.display_name()), p.meta.id.value),
                         p.meta.owner ? role_link(model, p.meta.owner.value, "") : "-",
                         frequency_text(p, l), format_duration_approx(a.lead_time)});
  }
  page.table({l.process, l.owner, l.frequency, l.lead_time}, processes);
  page.heading(2, l.roles);
  std::vector<std::vector<std::string>> roles;
  for (const Role& r : model.roles) {
    roles.push_back({fmt::format("[{}](roles/{}.md)", text(r.display_name()), r.meta.id.value),
                     fmt::format("{:g}", r.people())});
  }
  page.table({l.role, l.members}, roles);
  if (any_role_records_training(model)) {
    page.paragraph(
        fmt::format("[{}](training.md): {}", l.training_matrix,
                    detail::coverage_sentence(l, coverage_now(required_trainings(model)))));
  }
  page.heading(2, l.goals);
  // The goal tree: children under their parent, in file order.
  std::map<std::string, std::vector<const Goal*>> children;
  std::set<std::string> ids;
  for (const Goal& g : model.goals) ids.insert(g.meta.id.value);
  std::vector<const Goal*> roots;
  for (const Goal& g : model.goals) {
    if (g.parent && ids.contains(g.parent.value) && g.parent.value != g.meta.id.value) {
      children[g.parent.value].push_back(&g);
    } else {
      roots.push_back(&g);
    }
  }
  std::vector<std::string> lines;
  std::set<const Goal*> seen;
  auto add = [&](auto&& self, const Goal* g, int depth) -> void {
    if (!seen.insert(g).second) return;
    std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
    lines.push_back(fmt::format("{}- **{}**{}", indent, text(g->display_name()),
                                g->objective ? ": " + text(g->objective.value) : ""));
    for (const KeyResult& kr : g->key_results) {
      lines.push_back(fmt::format("{}  - {}: `{}` {} {} → {} {}", indent, l.key_result,
                                  kr.metric.value, l.baseline, quantity_text(kr.baseline), l.target,
                                  quantity_text(kr.target)));
    }
    for (const Goal* child : children[g->meta.id.value]) self(self, child, depth + 1);
  };
  for (const Goal* g : roots) add(add, g, 0);
  if (lines.empty())
    page.paragraph(l.not_set);
  else
    page.paragraph(fmt::format("{}", fmt::join(lines, "\n")));
  page.heading(2, l.how_to_read);
  page.list(std::vector<std::string>(l.how_to_read_items.begin(), l.how_to_read_items.end()));
  return {"index.md", page.finish()};
}

}  // namespace

std::vector<RenderedFile> render_documentation(const Model& model, const Analysis& analysis,
                                               const RenderOptions& options) {
  std::vector<RenderedFile> files;
  for (const ProcessAnalysis& a : analysis.processes)
    files.push_back(render_sop(model, a, options));
  for (const Role& r : model.roles) files.push_back(render_role(model, r, analysis, options));
  if (any_role_records_training(model)) {
    files.push_back(
        detail::render_training_matrix(model, detail::labels(options.lang), as_of(options)));
  }
  files.push_back(render_index(model, analysis, options));
  return files;
}

}  // namespace opsflow
