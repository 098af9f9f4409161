// The nominal model of SPEC §4 for one process: expected times, rework loops, critical path; and
// the Erlang C formula and step-name normalisation the passes across processes use.
#include <algorithm>
#include <cmath>
#include <limits>

#include "opsflow/analyze/analyze.hpp"

namespace opsflow {

double expected_wait(const Step& step) {
  return step.wait.value;
}

double expected_duration(const Step& step) {
  return step.duration.value.expected();
}

namespace {

// Steps reachable from `from` following `edges` (including `from`).
std::vector<bool> reachable(const std::vector<std::vector<std::size_t>>& edges, std::size_t from) {
  std::vector<bool> seen(edges.size(), false);
  std::vector<std::size_t> todo{from};
  seen[from] = true;
  while (!todo.empty()) {
    std::size_t v = todo.back();
    todo.pop_back();
    for (std::size_t w : edges[v]) {
      if (!seen[w]) {
        seen[w] = true;
        todo.push_back(w);
      }
    }
  }
  return seen;
}

}  // namespace

std::vector<ReworkLoop> rework_loops(const Process& process) {
  const StepGraph& graph = process.graph;
  std::vector<ReworkLoop> loops;
  for (std::size_t s = 0; s < process.steps.size(); ++s) {
    std::size_t to = graph.rework_to[s];
    if (to == StepGraph::kNoStep) continue;
    std::vector<bool> after_to = reachable(graph.successors, to);
    std::vector<bool> before_step = reachable(graph.predecessors, s);
    ReworkLoop loop{s, 1.0 / (1.0 - process.steps[s].rework.probability.value), {}};
    for (std::size_t x = 0; x < after_to.size(); ++x) {
      if (after_to[x] && before_step[x]) loop.body.push_back(x);
    }
    if (!loop.body.empty()) loops.push_back(std::move(loop));
  }
  return loops;
}

std::vector<double> rework_multipliers(const std::vector<ReworkLoop>& loops, std::size_t steps,
                                       std::optional<std::size_t> removed) {
  std::vector<double> multiplier(steps, 1.0);
  for (const ReworkLoop& loop : loops) {
    if (removed == loop.step) continue;
    for (std::size_t x : loop.body) multiplier[x] *= loop.factor;
  }
  if (removed) multiplier[*removed] = 0;
  return multiplier;
}

double longest_path(const StepGraph& graph, const std::vector<double>& elapsed) {
  std::vector<double> finish(elapsed.size(), 0.0);
  double lead = 0;
  for (std::size_t v : graph.topological_order) {
    double start = 0;
    for (std::size_t p : graph.predecessors[v]) start = std::max(start, finish[p]);
    finish[v] = start + elapsed[v];
    lead = std::max(lead, finish[v]);
  }
  return lead;
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
    t.wait = expected_wait(step);
    t.duration = expected_duration(step);
    t.rework_multiplier = multiplier[i];
    t.elapsed = (t.wait + t.duration) * multiplier[i];
    a.work_per_instance += t.duration * step.probability.value * multiplier[i];
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

  // The critical path: from the step that finishes last (the latest in the list on a tie), back
  // through the predecessor that finishes last (the first listed on a tie).
  if (!graph.topological_order.empty()) {
    std::size_t end = graph.topological_order.front();
    for (std::size_t v : graph.topological_order) {
      if (a.steps[v].earliest_finish > a.steps[end].earliest_finish ||
          (a.steps[v].earliest_finish == a.steps[end].earliest_finish && v > end)) {
        end = v;
      }
    }
    for (std::size_t v = end;;) {
      a.critical_path.push_back(v);
      a.steps[v].critical = true;
      const auto& preds = graph.predecessors[v];
      if (preds.empty()) break;
      std::size_t best = preds.front();
      for (std::size_t p : preds) {
        if (a.steps[p].earliest_finish > a.steps[best].earliest_finish) best = p;
      }
      v = best;
    }
    std::reverse(a.critical_path.begin(), a.critical_path.end());
  }

  for (std::size_t k = 0; k < a.critical_path.size(); ++k) {
    const Step& step = process.steps[a.critical_path[k]];
    a.touch_time += a.steps[a.critical_path[k]].duration;
    if (step.type.value == StepType::Approval) a.approvals_on_critical_path++;
    if (k > 0 && process.steps[a.critical_path[k - 1]].role.value != step.role.value) a.handoffs++;
  }
  if (a.lead_time > 0) a.cycle_efficiency = a.touch_time / a.lead_time;
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
