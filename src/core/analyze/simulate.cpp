// Monte Carlo lead times (SPEC §4): PERT-beta durations, exponential waits, branches, rework.
#include "opsflow/analyze/simulate.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
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
constexpr std::size_t kNoRun = static_cast<std::size_t>(-1);

// One run of a step in an instance, and the run whose end started it (kNoRun: none).
struct StepRun {
  std::size_t step;
  std::size_t cause;
};

// What one instance writes, reused from instance to instance by one worker.
struct InstanceScratch {
  explicit InstanceScratch(std::size_t n)
      : finish(n), begun(n), served(n), ran(n), critical(n), taken(n), last_run(n, kNoRun) {}
  std::vector<double> finish;  // per step: when its latest run ended (-inf: dead)
  std::vector<double> begun;   // per step: when work on its first run began (after delay, wait)
  std::vector<double> served;  // per step: its first run's wait + duration
  std::vector<char> ran, critical;
  std::vector<std::size_t> taken;     // per decision: the branch the instance takes
  std::vector<std::size_t> last_run;  // per step: its latest run in `runs`
  std::vector<StepRun> runs;
};

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

  // Runs one instance; returns its lead time and fills `scratch`: the steps on its critical
  // path, when work on each began and how long its first run was reached-to-done. A step runs
  // when a predecessor passes the flow on to it (SPEC §2's dead paths): a decision passes it only
  // to the branch it takes; a step no flow reaches is dead and delays nothing.
  double run(Random& random, InstanceScratch& scratch) const {
    std::vector<double>& finish = scratch.finish;
    std::fill(scratch.ran.begin(), scratch.ran.end(), 0);
    scratch.runs.clear();
    constexpr double kDead = -std::numeric_limits<double>::infinity();
    double lead = 0;
    for (std::size_t v : graph_.topological_order) {
      bool live = graph_.predecessors[v].empty();
      double start = 0;
      std::size_t cause = kNoRun;
      // It waits for every predecessor that ran, even a decision that took another branch; the
      // one that finishes last (the first listed on a tie) decides its start.
      for (std::size_t p : graph_.predecessors[v]) {
        if (finish[p] == kDead) continue;
        if (cause == kNoRun || finish[p] > start) {
          start = std::max(start, finish[p]);
          cause = scratch.last_run[p];
        }
        live =
            live || flow_passes(graph_, p, v, [&](std::size_t k) { return scratch.taken[p] == k; });
      }
      if (!live) {
        finish[v] = kDead;
        continue;
      }
      step(v, start, cause, random, scratch, nullptr, v);
      if (!steps_[v].branch_probability.empty())
        scratch.taken[v] = pick_by_weight(steps_[v].branch_probability, random.uniform());
      lead = std::max(lead, finish[v]);
    }
    // The critical path, traced through every run (repeats of a loop included) from the step
    // that finishes last (the latest in the list on a tie) back through what started each run.
    std::fill(scratch.critical.begin(), scratch.critical.end(), 0);
    std::size_t end = kNoRun;
    for (std::size_t v : graph_.topological_order) {
      if (finish[v] == kDead) continue;
      if (end == kNoRun || finish[v] > finish[end] || (finish[v] == finish[end] && v > end))
        end = v;
    }
    for (std::size_t r = end == kNoRun ? kNoRun : scratch.last_run[end]; r != kNoRun;
         r = scratch.runs[r].cause) {
      std::size_t v = scratch.runs[r].step;
      if (scratch.ran[v]) scratch.critical[v] = 1;
    }
    return lead;
  }

 private:
  // Runs step v starting at `start` (after the run `cause`), then its rework loop (unless
  // `loop_owner` is v, whose loop the caller is repeating).
  void step(std::size_t v, double start, std::size_t cause, Random& random,
            InstanceScratch& scratch, const std::vector<char>* within,
            std::size_t loop_owner) const {
    const StepModel& m = steps_[v];
    std::vector<double>& finish = scratch.finish;
    scratch.last_run[v] = scratch.runs.size();
    scratch.runs.push_back({v, cause});
    if (m.probability < 1 && random.uniform() >= m.probability) {
      finish[v] = start;  // this branch is not taken: the step passes time through
      return;
    }
    double duration = m.fixed ? m.min : m.min + m.range * random.beta(m.alpha, m.beta);
    double wait = random.exponential(m.wait_mean);
    if (!within) {
      scratch.begun[v] = start + m.delay + wait;
      scratch.served[v] = wait + duration;
    }
    scratch.ran[v] = 1;
    finish[v] = start + m.delay + wait + duration;
    if (m.rework_probability <= 0 || (within && loop_owner == v)) return;
    // A loop of probability p repeats 1/(1-p) times on average; the cap only stops absurd
    // inputs (p = 0.9999999) from running for hours.
    for (int round = 0; round < kMaxReworkRounds && random.uniform() < m.rework_probability;
         ++round) {
      // The work goes back to rework.to: the loop body runs again after the step finished.
      double entry = finish[v];
      std::size_t entry_run = scratch.last_run[v];
      for (std::size_t x : m.loop_body) {
        if (finish[x] == -std::numeric_limits<double>::infinity()) continue;  // not on this path
        double s = entry;
        std::size_t by = entry_run;
        bool has_pred_in_body = false;
        for (std::size_t p : graph_.predecessors[x]) {
          if (!m.in_loop_body[p] || finish[p] == -std::numeric_limits<double>::infinity()) continue;
          if (!has_pred_in_body || finish[p] > s) {
            s = finish[p];
            by = scratch.last_run[p];
          }
          has_pred_in_body = true;
        }
        step(x, s, by, random, scratch, &m.in_loop_body, v);
      }
    }
  }

  const StepGraph& graph_;
  std::vector<StepModel> steps_;
};

// The duration key results on the metrics a process lists or whose span is on it; `span` is the
// index in analysis.spans of the metric's span (compared with the span, else the lead time).
struct TargetOf {
  TargetShare share;
  std::optional<std::size_t> span;
};

std::vector<TargetOf> targets_of(const Model& model, const ProcessAnalysis& analysis) {
  const Process& process = *analysis.process;
  std::vector<const Metric*> metrics;
  for (const Metric& m : model.metrics) {
    bool spans = std::any_of(analysis.spans.begin(), analysis.spans.end(),
                             [&](const SpanTiming& t) { return t.metric == &m; });
    bool listed = std::any_of(process.metrics.begin(), process.metrics.end(),
                              [&](const Text& id) { return id.value == m.meta.id.value; });
    if (spans || listed) metrics.push_back(&m);
  }
  // In the order the process lists them, then the other spans in model order.
  std::stable_sort(metrics.begin(), metrics.end(), [&](const Metric* a, const Metric* b) {
    auto rank = [&](const Metric* m) {
      auto it = std::find_if(process.metrics.begin(), process.metrics.end(),
                             [&](const Text& id) { return id.value == m->meta.id.value; });
      return static_cast<std::size_t>(it - process.metrics.begin());
    };
    return rank(a) < rank(b);
  });
  std::vector<TargetOf> targets;
  for (const Metric* metric : metrics) {
    std::optional<std::size_t> span;
    for (std::size_t k = 0; k < analysis.spans.size(); ++k) {
      if (analysis.spans[k].metric == metric) span = k;
    }
    for (const Goal& goal : model.goals) {
      for (const KeyResult& kr : goal.key_results) {
        if (kr.metric.value != metric->meta.id.value || !kr.target || !kr.target.value.is_duration)
          continue;
        TargetOf t;
        t.share.goal = goal.meta.id.value;
        t.share.metric = metric->meta.id.value;
        t.share.target = kr.target.value.value;
        t.share.direction = metric->direction.value;
        t.share.span = span.has_value();
        t.span = span;
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
  std::vector<TargetOf> targets = targets_of(model, analysis);
  for (const SpanTiming& span : analysis.spans) {
    result.spans.push_back({.metric = span.metric->meta.id.value});
  }
  std::vector<std::size_t> sla_steps;
  for (std::size_t i = 0; i < n; ++i) {
    if (!process.steps[i].sla) continue;
    sla_steps.push_back(i);
    result.slas.push_back({.step = i, .sla = process.steps[i].sla.value});
  }
  auto finish_targets = [&] {
    for (TargetOf& t : targets) result.targets.push_back(std::move(t.share));
  };
  if (options.instances == 0 || process.graph.topological_order.empty()) {
    finish_targets();
    return result;
  }

  Simulator simulator(process, analysis.loops);
  std::vector<double> leads(options.instances);
  // Per span, per instance: the span, or NaN when an end did not run. Per SLA, per instance:
  // 1 breached, 0 met, -1 the step did not run.
  constexpr double kNotRun = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<double>> spans(analysis.spans.size(),
                                         std::vector<double>(options.instances, kNotRun));
  std::vector<std::vector<signed char>> breaches(sla_steps.size(),
                                                 std::vector<signed char>(options.instances, -1));
  constexpr std::size_t kChunk = 256;
  unsigned threads = worker_count(options.threads, options.instances, kChunk);
  std::vector<std::vector<std::size_t>> critical_counts(threads, std::vector<std::size_t>(n, 0));
  std::vector<InstanceScratch> scratch(threads, InstanceScratch(n));
  std::atomic<std::size_t> done{0};
  parallel_for(options.instances, options.threads, kChunk, [&](std::size_t i, unsigned worker) {
    InstanceScratch& s = scratch[worker];
    Random random(options.seed, i);
    leads[i] = simulator.run(random, s);
    for (std::size_t k = 0; k < n; ++k)
      critical_counts[worker][k] += static_cast<std::size_t>(s.critical[k]);
    for (std::size_t k = 0; k < analysis.spans.size(); ++k) {
      const SpanTiming& span = analysis.spans[k];
      if (s.ran[span.from] && s.ran[span.to]) spans[k][i] = s.finish[span.to] - s.begun[span.from];
    }
    for (std::size_t k = 0; k < sla_steps.size(); ++k) {
      std::size_t v = sla_steps[k];
      if (s.ran[v]) breaches[k][i] = s.served[v] > result.slas[k].sla ? 1 : 0;
    }
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
  // Targets: the share of instances meeting each, on the span (of the instances that run both
  // ends) or on the lead time.
  for (TargetOf& t : targets) {
    std::size_t met = 0, of = 0;
    auto meets = [&](double x) {
      return t.share.direction == Direction::LowerIsBetter ? x <= t.share.target
                                                           : x >= t.share.target;
    };
    if (t.span) {
      for (double x : spans[*t.span]) {
        if (std::isnan(x)) continue;
        ++of;
        met += meets(x);
      }
    } else {
      for (double lead : leads) met += meets(lead);
      of = leads.size();
    }
    t.share.share = of ? static_cast<double>(met) / static_cast<double>(of) : 0;
  }
  finish_targets();
  for (std::size_t k = 0; k < spans.size(); ++k) {
    std::vector<double> values;
    for (double x : spans[k]) {
      if (!std::isnan(x)) values.push_back(x);
    }
    SpanSimulation& out = result.spans[k];
    out.instances = values.size();
    if (values.empty()) continue;
    double total = 0;
    for (double x : values) total += x;
    out.mean = total / static_cast<double>(values.size());
    std::sort(values.begin(), values.end());
    out.p50 = quantile(values, 0.50);
    out.p85 = quantile(values, 0.85);
    out.p95 = quantile(values, 0.95);
  }
  for (std::size_t k = 0; k < sla_steps.size(); ++k) {
    std::size_t runs = 0, breached = 0;
    for (signed char b : breaches[k]) {
      if (b < 0) continue;
      ++runs;
      breached += static_cast<std::size_t>(b);
    }
    result.slas[k].runs = runs;
    result.slas[k].breached = runs ? static_cast<double>(breached) / static_cast<double>(runs) : 0;
  }
  std::sort(leads.begin(), leads.end());
  result.p50 = quantile(leads, 0.50);
  result.p85 = quantile(leads, 0.85);
  result.p95 = quantile(leads, 0.95);
  return result;
}

}  // namespace opsflow
