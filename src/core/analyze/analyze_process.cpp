// The nominal model of SPEC §4 for one process: expected times, rework loops, critical path; and
// the Erlang C formula and step-name normalisation the passes across processes use.
#include <algorithm>
#include <cmath>
#include <limits>

#include "opsflow/analyze/analyze.hpp"
#include "opsflow/analyze/scenarios.hpp"

namespace opsflow {

double expected_wait(const Step& step) {
  return step.wait.value;
}

double expected_duration(const Step& step) {
  return step.duration.value.expected();
}

ProcessAnalysis analyze_process(const Process& process) {
  const StepGraph& graph = process.graph;
  ProcessAnalysis a;
  a.process = &process;
  std::size_t n = process.steps.size();
  a.steps.resize(n);
  a.loops = rework_loops(process);
  std::vector<double> multiplier = rework_multipliers(a.loops, n);
  std::vector<double> base(n), duration(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Step& step = process.steps[i];
    StepTiming& t = a.steps[i];
    t.delay = step.delay.value;
    t.wait = expected_wait(step);
    t.duration = expected_duration(step);
    t.rework_multiplier = multiplier[i];
    t.elapsed = (t.delay + t.wait + t.duration) * multiplier[i];
    base[i] = t.delay + t.wait + t.duration;
    duration[i] = t.duration;
  }
  if (process.frequency) a.frequency_per_week = process.frequency.value.per_week();

  // Expected lead and touch time and reach over the scenarios; the typical path (SPEC §4).
  ScenarioSet set = enumerate_scenarios(process);
  a.scenarios = distinct_scenarios(process, set);
  ScenarioTiming timing = scenario_timing(process, set, a.scenarios, base, duration, a.loops);
  a.scenario_count = timing.scenarios;
  a.estimated = timing.estimated;
  a.lead_time = timing.expected_lead_time;
  a.typical_lead_time = timing.typical_lead_time;
  a.touch_time = timing.expected_touch_time;
  if (a.lead_time > 0) a.cycle_efficiency = a.touch_time / a.lead_time;
  for (std::size_t i = 0; i < n; ++i) {
    a.steps[i].reach = timing.reach[i];
    a.steps[i].criticality = timing.criticality[i];
  }
  a.critical_path = std::move(timing.typical_path);
  for (std::size_t v : a.critical_path) a.steps[v].critical = true;

  // Start, finish and slack in the typical scenario: a forward pass for the earliest finish and a
  // backward one for the latest, over the steps that run or are skipped there.
  const Scenario typical{1.0, std::move(timing.typical_state)};
  const std::vector<double>& times = timing.typical_elapsed;
  const std::vector<double>& finish = timing.typical_finish;
  std::vector<double> latest_finish(n, a.typical_lead_time);
  for (auto it = graph.topological_order.rbegin(); it != graph.topological_order.rend(); ++it) {
    std::size_t v = *it;
    StepTiming& t = a.steps[v];
    t.in_typical = typical.state[v] != StepState::Dead;
    if (!t.in_typical) continue;
    for (std::size_t s : graph.successors[v]) {
      if (typical.state[s] == StepState::Dead) continue;
      latest_finish[v] = std::min(latest_finish[v], latest_finish[s] - times[s]);
    }
    t.earliest_start = finish[v] - times[v];
    t.earliest_finish = finish[v];
    t.slack = std::max(0.0, latest_finish[v] - finish[v]);
  }

  // Handoffs are changes of role between the people who do consecutive steps: an automated step
  // is transparent (person A -> script -> person B is one handoff, A -> script -> A none).
  const std::string* last_person = nullptr;
  for (std::size_t v : a.critical_path) {
    const Step& step = process.steps[v];
    if (step.type.value == StepType::Approval) a.approvals_on_critical_path++;
    if (step.type.value == StepType::Automated || !step.role) continue;
    if (last_person && *last_person != step.role.value) a.handoffs++;
    last_person = &step.role.value;
  }
  // Work per instance = sum of reach x duration x rework.
  for (const StepTiming& t : a.steps)
    a.work_per_instance += t.reach * t.duration * t.rework_multiplier;
  return a;
}

std::optional<SpanTiming> span_timing(const ProcessAnalysis& a, const Metric& metric) {
  const Process& p = *a.process;
  const Span& span = metric.process_span;
  if (!span.present || span.process.value != p.meta.id.value) return std::nullopt;
  auto index = [&](const Text& id) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      if (p.steps[i].id.value == id.value) return i;
    }
    return std::nullopt;
  };
  std::optional<std::size_t> from = index(span.from), to = index(span.to);
  if (!from || !to) return std::nullopt;
  SpanTiming t{.metric = &metric, .from = *from, .to = *to, .probability = 0, .expected = {}};
  const std::size_t n = p.steps.size();
  std::vector<double> base(n), multiplier, times, finish;
  for (std::size_t i = 0; i < n; ++i)
    base[i] = a.steps[i].delay + a.steps[i].wait + a.steps[i].duration;
  double sum = 0;
  for (const Scenario& scenario : a.scenarios) {
    if (scenario.state[*from] != StepState::Runs || scenario.state[*to] != StepState::Runs)
      continue;
    scenario_multipliers(a.loops, scenario, multiplier);
    scenario_elapsed(scenario, base, multiplier, times);
    longest_path(p.graph, times, finish);
    // Work on `from` starts after its delay and first wait.
    double begins = finish[*from] - times[*from] + a.steps[*from].delay + a.steps[*from].wait;
    sum += scenario.probability * (finish[*to] - begins);
    t.probability += scenario.probability;
  }
  if (t.probability > 0) t.expected = sum / t.probability;
  return t;
}

double erlang_c(int servers, double offered_load) {
  // Erlang B by the stable recurrence B(k) = a B(k-1) / (k + a B(k-1)), then
  // C = c B / (c - a (1 - B)).
  double b = 1.0;
  for (int k = 1; k <= servers; ++k) b = offered_load * b / (k + offered_load * b);
  return servers * b / (servers - offered_load * (1.0 - b));
}

void append_normalised_step_name(std::string& out, std::string_view name) {
  // ASCII rules spelled out, not <cctype>: the result must not depend on the C locale.
  const std::size_t start = out.size();
  bool space = false;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    bool upper = c >= 'A' && c <= 'Z';
    bool word = c >= 0x80 || upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!word) {
      space = true;
      continue;
    }
    if (space && out.size() > start) out += ' ';
    space = false;
    out += static_cast<char>(upper ? c - 'A' + 'a' : c);
  }
}

std::string normalise_step_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  append_normalised_step_name(out, name);
  return out;
}

}  // namespace opsflow
