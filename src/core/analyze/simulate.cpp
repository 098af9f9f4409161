// Monte Carlo lead times (SPEC §4): PERT-beta durations, exponential waits, branches, rework.
#include "opsflow/analyze/simulate.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "opsflow/base/parallel.hpp"
#include "opsflow/stats/random.hpp"
#include "opsflow/stats/stats.hpp"

namespace opsflow {
namespace {

// xoshiro256**: small, fast and good enough for simulation; seeded per instance by splitmix64.
class Random {
 public:
  Random(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t state = seed ^ (stream * 0xD1B54A32D192ED03ull);
    for (auto& word : s_) word = splitmix64(state);
  }

  std::uint64_t next() {
    std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  double exponential(double mean) { return mean > 0 ? -mean * std::log1p(-uniform()) : 0; }

  double normal() {
    // Box-Muller; the second value is not kept (simplicity over speed).
    double u1 = 1.0 - uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  }

  // Marsaglia and Tsang's method; shape >= 1 here (PERT shapes always are).
  double gamma(double shape) {
    double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      double x = normal();
      double v = 1.0 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      double u = uniform();
      if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
    }
  }

  double beta(double a, double b) {
    double x = gamma(a), y = gamma(b);
    return x / (x + y);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// What one step needs for sampling, precomputed once.
struct StepModel {
  double delay = 0;  // fixed: deliberate, not random
  double wait_mean = 0;
  double min = 0, range = 0;  // duration = min + range x Beta(alpha, beta)
  double alpha = 1, beta = 1;
  bool fixed = true;
  double probability = 1;
  std::vector<double> branch_probability;  // a decision: per branch, in the order written
  double rework_probability = 0;
  std::vector<std::size_t> loop_body;  // in topological order, when the step has a rework loop
  std::vector<char> in_loop_body;
};

constexpr int kMaxReworkRounds = 10'000;

class Simulator {
 public:
  Simulator(const Process& process, const std::vector<ReworkLoop>& loops) : graph_(process.graph) {
    std::size_t n = process.steps.size();
    steps_.resize(n);
    std::vector<std::size_t> position(n, 0);
    for (std::size_t i = 0; i < graph_.topological_order.size(); ++i)
      position[graph_.topological_order[i]] = i;
    for (std::size_t i = 0; i < n; ++i) {
      const Step& step = process.steps[i];
      StepModel& m = steps_[i];
      m.delay = step.delay.value;
      m.wait_mean = expected_wait(step);
      const Estimate& e = step.duration.value;
      m.min = e.min;
      m.range = e.max - e.min;
      m.fixed = !e.three_point || m.range <= 0;
      if (!m.fixed) {
        m.alpha = 1 + 4 * (e.likely - e.min) / m.range;
        m.beta = 1 + 4 * (e.max - e.likely) / m.range;
      } else {
        m.min = e.likely;
      }
      m.probability = step.probability.value;
      if (step.type.value == StepType::Decision) {
        for (const Branch& b : step.branches.value)
          m.branch_probability.push_back(b.probability.value);
      }
    }
    for (const ReworkLoop& loop : loops) {
      StepModel& m = steps_[loop.step];
      m.rework_probability = process.steps[loop.step].rework.probability.value;
      m.loop_body = loop.body;
      m.in_loop_body.assign(n, 0);
      for (std::size_t x : loop.body) m.in_loop_body[x] = 1;
      std::sort(m.loop_body.begin(), m.loop_body.end(),
                [&](std::size_t a, std::size_t b) { return position[a] < position[b]; });
    }
  }

  // Runs one instance; returns its lead time and marks the steps on its critical path. A step
  // runs when a predecessor passes the flow on to it (SPEC §2's dead paths): a decision passes it
  // only to the branch it takes; a step no flow reaches is dead and delays nothing.
  double run(Random& random, std::vector<double>& finish, std::vector<char>& ran,
             std::vector<char>& critical, std::vector<std::size_t>& taken) const {
    std::fill(ran.begin(), ran.end(), 0);
    constexpr double kDead = -std::numeric_limits<double>::infinity();
    double lead = 0;
    for (std::size_t v : graph_.topological_order) {
      bool live = graph_.predecessors[v].empty();
      double start = 0;
      // It waits for every predecessor that ran, even a decision that took another branch.
      for (std::size_t p : graph_.predecessors[v]) {
        if (finish[p] == kDead) continue;
        start = std::max(start, finish[p]);
        live = live || flow_passes(graph_, p, v, [&](std::size_t k) { return taken[p] == k; });
      }
      if (!live) {
        finish[v] = kDead;
        continue;
      }
      step(v, start, random, finish, ran, nullptr, v);
      if (!steps_[v].branch_probability.empty())
        taken[v] = pick_by_weight(steps_[v].branch_probability, random.uniform());
      lead = std::max(lead, finish[v]);
    }
    std::fill(critical.begin(), critical.end(), 0);
    trace_critical_path(graph_, finish, [&](std::size_t v) {
      if (ran[v]) critical[v] = 1;
    });
    return lead;
  }

 private:
  // Runs step v starting at `start`, then its rework loop (unless `loop_owner` is v, whose loop
  // the caller is repeating).
  void step(std::size_t v, double start, Random& random, std::vector<double>& finish,
            std::vector<char>& ran, const std::vector<char>* within, std::size_t loop_owner) const {
    const StepModel& m = steps_[v];
    if (m.probability < 1 && random.uniform() >= m.probability) {
      finish[v] = start;  // this branch is not taken: the step passes time through
      return;
    }
    ran[v] = 1;
    double duration = m.fixed ? m.min : m.min + m.range * random.beta(m.alpha, m.beta);
    finish[v] = start + m.delay + random.exponential(m.wait_mean) + duration;
    if (m.rework_probability <= 0 || (within && loop_owner == v)) return;
    // A loop of probability p repeats 1/(1-p) times on average; the cap only stops absurd
    // inputs (p = 0.9999999) from running for hours.
    for (int round = 0; round < kMaxReworkRounds && random.uniform() < m.rework_probability;
         ++round) {
      // The work goes back to rework.to: the loop body runs again after the step finished.
      double entry = finish[v];
      for (std::size_t x : m.loop_body) {
        if (finish[x] == -std::numeric_limits<double>::infinity()) continue;  // not on this path
        double s = entry;
        bool has_pred_in_body = false;
        for (std::size_t p : graph_.predecessors[x]) {
          if (!m.in_loop_body[p] || finish[p] == -std::numeric_limits<double>::infinity()) continue;
          s = has_pred_in_body ? std::max(s, finish[p]) : finish[p];
          has_pred_in_body = true;
        }
        step(x, s, random, finish, ran, &m.in_loop_body, v);
      }
    }
  }

  const StepGraph& graph_;
  std::vector<StepModel> steps_;
};

std::vector<TargetShare> targets_of(const Model& model, const Process& process) {
  std::vector<TargetShare> targets;
  std::unordered_map<std::string, const Metric*> metrics;
  for (const Metric& m : model.metrics) metrics.emplace(m.meta.id.value, &m);
  for (const Text& metric_id : process.metrics) {
    auto metric = metrics.find(metric_id.value);
    if (metric == metrics.end()) continue;
    for (const Goal& goal : model.goals) {
      for (const KeyResult& kr : goal.key_results) {
        if (kr.metric.value != metric_id.value || !kr.target || !kr.target.value.is_duration)
          continue;
        TargetShare t;
        t.goal = goal.meta.id.value;
        t.metric = metric_id.value;
        t.target = kr.target.value.value;
        t.direction = metric->second->direction.value;
        targets.push_back(std::move(t));
      }
    }
  }
  return targets;
}

}  // namespace

double step_runs_per_instance(const ProcessAnalysis& analysis) {
  double runs = 0;
  for (const StepTiming& t : analysis.steps) runs += t.rework_multiplier;
  return runs;
}

SimulationResult simulate(const Model& model, const ProcessAnalysis& analysis,
                          const SimulationOptions& options) {
  const Process& process = *analysis.process;
  SimulationResult result;
  result.process = process.meta.id.value;
  result.instances = options.instances;
  result.seed = options.seed;
  std::size_t n = process.steps.size();
  result.criticality.assign(n, 0.0);
  result.targets = targets_of(model, process);
  if (options.instances == 0 || process.graph.topological_order.empty()) return result;

  Simulator simulator(process, analysis.loops);
  std::vector<double> leads(options.instances);
  constexpr std::size_t kChunk = 256;
  unsigned threads = worker_count(options.threads, options.instances, kChunk);
  std::vector<std::vector<std::size_t>> critical_counts(threads, std::vector<std::size_t>(n, 0));
  struct Scratch {
    std::vector<double> finish;
    std::vector<char> ran, critical;
    std::vector<std::size_t> taken;  // per decision: the branch the instance takes
  };
  std::vector<Scratch> scratch(threads, Scratch{std::vector<double>(n), std::vector<char>(n),
                                                std::vector<char>(n), std::vector<std::size_t>(n)});
  std::atomic<std::size_t> done{0};
  parallel_for(options.instances, options.threads, kChunk, [&](std::size_t i, unsigned worker) {
    Scratch& s = scratch[worker];
    Random random(options.seed, i);
    leads[i] = simulator.run(random, s.finish, s.ran, s.critical, s.taken);
    for (std::size_t k = 0; k < n; ++k)
      critical_counts[worker][k] += static_cast<std::size_t>(s.critical[k]);
    std::size_t finished = done.fetch_add(1) + 1;
    if (options.progress && worker == 0 && i % kChunk == kChunk - 1) options.progress(finished);
  });
  // Sums in instance order, so the mean does not depend on how work was split.
  double sum = 0;
  for (double lead : leads) sum += lead;
  auto count = static_cast<double>(options.instances);
  result.mean = sum / count;
  for (std::size_t s = 0; s < n; ++s) {
    std::size_t total = 0;
    for (const auto& counts : critical_counts) total += counts[s];
    result.criticality[s] = static_cast<double>(total) / count;
  }
  for (TargetShare& t : result.targets) {
    std::size_t met = 0;
    for (double lead : leads) {
      met += t.direction == Direction::LowerIsBetter ? lead <= t.target : lead >= t.target;
    }
    t.share = static_cast<double>(met) / count;
  }
  std::sort(leads.begin(), leads.end());
  result.p50 = quantile(leads, 0.50);
  result.p85 = quantile(leads, 0.85);
  result.p95 = quantile(leads, 0.95);
  return result;
}

}  // namespace opsflow
