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
  for (std::size_t i = 0; i < n; ++i) {
    const Step& step = process.steps[i];
    StepTiming& t = a.steps[i];
    t.delay = step.delay.value;
    t.wait = expected_wait(step);
    t.duration = expected_duration(step);
    t.rework_multiplier = multiplier[i];
    t.elapsed = (t.delay + t.wait + t.duration) * multiplier[i];
  }
  if (process.frequency) a.frequency_per_week = process.frequency.value.per_week();

  // Forward pass: earliest start and finish; the lead time is the latest finish.
  for (std::size_t v : graph.topological_order) {
    double start = 0;
    for (std::size_t p : graph.predecessors[v]) start = std::max(start, a.steps[p].earliest_finish);
    a.steps[v].earliest_start = start;
    a.steps[v].earliest_finish = start + a.steps[v].elapsed;
    a.lead_time = std::max(a.lead_time, a.steps[v].earliest_finish);
  }
  // Backward pass: latest finish; slack = latest start - earliest start.
  std::vector<double> latest_finish(n, a.lead_time);
  for (auto it = graph.topological_order.rbegin(); it != graph.topological_order.rend(); ++it) {
    std::size_t v = *it;
    for (std::size_t s : graph.successors[v]) {
      latest_finish[v] = std::min(latest_finish[v], latest_finish[s] - a.steps[s].elapsed);
    }
    a.steps[v].slack = std::max(0.0, latest_finish[v] - a.steps[v].earliest_finish);
  }

  std::vector<double> finish(n);
  for (std::size_t i = 0; i < n; ++i) finish[i] = a.steps[i].earliest_finish;
  trace_critical_path(graph, finish, [&](std::size_t v) {
    a.critical_path.push_back(v);
    a.steps[v].critical = true;
  });
  std::reverse(a.critical_path.begin(), a.critical_path.end());

  // Handoffs are changes of role between the people who do consecutive steps: an automated step
  // is transparent (person A -> script -> person B is one handoff, A -> script -> A none).
  const std::string* last_person = nullptr;
  for (std::size_t k = 0; k < a.critical_path.size(); ++k) {
    const Step& step = process.steps[a.critical_path[k]];
    a.touch_time += a.steps[a.critical_path[k]].duration;
    if (step.type.value == StepType::Approval) a.approvals_on_critical_path++;
    if (step.type.value == StepType::Automated || !step.role) continue;
    if (last_person && *last_person != step.role.value) a.handoffs++;
    last_person = &step.role.value;
  }
  if (a.lead_time > 0) a.cycle_efficiency = a.touch_time / a.lead_time;

  // Reach: the share of instances that run each step (SPEC §4). Without decisions every path is
  // open, so it is the step's own probability (1 unless optional); with decisions, the sum over
  // the scenarios in which it runs.
  bool decisions = false;
  for (std::size_t i = 0; i < n; ++i) {
    a.steps[i].reach = process.steps[i].probability.value;
    decisions |= !graph.branch_to[i].empty();
  }
  if (decisions) {
    ScenarioTiming timing = scenario_timing(a, enumerate_scenarios(process));
    for (std::size_t i = 0; i < n; ++i) a.steps[i].reach = timing.reach[i];
  }
  // Work per instance = sum of reach x duration x rework.
  for (const StepTiming& t : a.steps)
    a.work_per_instance += t.reach * t.duration * t.rework_multiplier;
  return a;
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
