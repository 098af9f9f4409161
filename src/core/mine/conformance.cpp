// An event log against a modelled process (SPEC §6 with §2's decision rules).
#include "opsflow/mine/conformance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "opsflow/base/values.hpp"
#include "opsflow/mine/discover.hpp"
#include "opsflow/stats/stats.hpp"

namespace opsflow {
namespace {

constexpr std::size_t kNoStep = StepGraph::kNoStep;
// Below a minute, a difference from an estimate is not drift, however large in percent (a wait
// estimated at 0 observed at 20 seconds).
constexpr double kDriftFloorSeconds = 60;

std::string quoted(const Step& step) {
  return fmt::format("'{}'", step.display_name());
}

// The step each activity of the log stands for: its `activity`, else its name, else its id.
std::vector<std::size_t> steps_of_activities(const EventLog& log, const Process& p) {
  std::unordered_map<std::string_view, std::size_t> by_name;
  for (std::size_t s = 0; s < p.steps.size(); ++s) {
    const Step& step = p.steps[s];
    const std::string& name =
        step.activity ? step.activity.value : (step.name ? step.name.value : step.id.value);
    by_name.emplace(name, s);  // the first step with a name takes it
  }
  std::vector<std::size_t> out(log.activities.size(), kNoStep);
  for (std::size_t a = 0; a < log.activities.size(); ++a) {
    if (auto found = by_name.find(log.activities[a]); found != by_name.end())
      out[a] = found->second;
  }
  return out;
}

// The steps inside a rework loop: on a path from a rework target to its rework step.
std::vector<bool> loop_steps(const Process& p) {
  const StepGraph& g = p.graph;
  std::vector<bool> in_loop(p.steps.size(), false);
  for (std::size_t r = 0; r < p.steps.size(); ++r) {
    const std::size_t t = g.rework_to[r];
    if (t == kNoStep) continue;
    std::vector<bool> from_t(p.steps.size(), false), to_r(p.steps.size(), false);
    from_t[t] = true;
    for (std::size_t s : g.topological_order) {
      if (!from_t[s]) continue;
      for (std::size_t next : g.successors[s]) from_t[next] = true;
    }
    to_r[r] = true;
    for (auto it = g.topological_order.rbegin(); it != g.topological_order.rend(); ++it) {
      if (!to_r[*it]) continue;
      for (std::size_t prev : g.predecessors[*it]) to_r[prev] = true;
    }
    for (std::size_t s = 0; s < p.steps.size(); ++s)
      in_loop[s] = in_loop[s] || (from_t[s] && to_r[s]);
  }
  return in_loop;
}

// Counts per step for the shares, over all cases.
struct ShareCounts {
  std::vector<std::uint64_t> reached, reached_and_ran, rework_followed;
  std::vector<std::vector<std::uint64_t>> branches;  // per decision step, per branch
};

class Checker {
 public:
  Checker(const EventLog& log, const Process& p)
      : log_(log),
        p_(p),
        g_(p.graph),
        step_of_(steps_of_activities(log, p)),
        in_loop_(loop_steps(p)),
        n_(p.steps.size()),
        ran_(n_),
        first_(n_),
        count_(n_),
        reach_(n_),
        last_complete_(n_),
        has_complete_(n_),
        last_pos_(n_),
        sent_back_by_(n_) {
    for (std::size_t r = 0; r < n_; ++r) {
      if (g_.rework_to[r] != kNoStep) sent_back_by_[g_.rework_to[r]].push_back(r);
    }
    result_.process = &p;
    result_.service_times = log.mode != LogMode::CompleteOnly;
    result_.steps.resize(n_);
    for (std::size_t s = 0; s < n_; ++s) result_.steps[s].step = s;
    shares_.reached.assign(n_, 0);
    shares_.reached_and_ran.assign(n_, 0);
    shares_.rework_followed.assign(n_, 0);
    shares_.branches.resize(n_);
    for (std::size_t s = 0; s < n_; ++s) shares_.branches[s].assign(g_.branch_to[s].size(), 0);
  }

  Conformance run() {
    for (const LogCase& c : log_.cases) check_case(c);
    result_.cases = log_.cases.size();
    result_.fitness =
        result_.cases ? static_cast<double>(result_.conforming) / static_cast<double>(result_.cases)
                      : 0;
    for (const auto& [what, cases] : deviation_counts_) result_.deviations.push_back({what, cases});
    std::stable_sort(result_.deviations.begin(), result_.deviations.end(),
                     [](const Deviation& a, const Deviation& b) { return a.cases > b.cases; });
    summarize_steps();
    return std::move(result_);
  }

 private:
  void check_case(const LogCase& c) {
    std::fill(ran_.begin(), ran_.end(), false);
    std::fill(count_.begin(), count_.end(), 0);
    std::fill(has_complete_.begin(), has_complete_.end(), false);
    std::vector<std::string> found;  // this case's deviations (each counted once per case)
    const ActivityInstance* in = log_.instances.data() + c.first;
    std::vector<std::size_t> unknown;
    for (std::uint32_t k = 0; k < c.count; ++k) {
      const std::size_t s = step_of_[in[k].activity];
      if (s == kNoStep) {
        if (std::find(unknown.begin(), unknown.end(), in[k].activity) == unknown.end()) {
          unknown.push_back(in[k].activity);
          found.push_back(fmt::format("unknown activity '{}'", log_.activities[in[k].activity]));
        }
        continue;
      }
      if (!ran_[s]) first_[s] = k;
      ran_[s] = true;
      ++count_[s];
      last_pos_[s] = k;
      observe(s, in[k]);
    }
    check_flow(found);
    check_order_and_repeats(found);
    count_shares(in, c.count);
    if (found.empty()) ++result_.conforming;
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    for (const std::string& what : found) ++deviation_counts_[what];
  }

  // The wait before an instance (from the latest completion of a predecessor that ran before it)
  // and its duration.
  void observe(std::size_t s, const ActivityInstance& in) {
    StepObservation& o = result_.steps[s];
    ++o.runs;
    bool ready_known = false;
    std::int64_t ready = 0;
    auto after = [&](std::size_t p) {
      if (!has_complete_[p]) return;
      ready = ready_known ? std::max(ready, last_complete_[p]) : last_complete_[p];
      ready_known = true;
    };
    for (std::size_t p : g_.predecessors[s]) after(p);
    for (std::size_t r : sent_back_by_[s]) after(r);  // a rework run is ready when sent back
    if (ready_known) {
      const std::int64_t until = result_.service_times ? in.start : in.complete;
      o.waits.push_back(seconds_between(ready, until));
    }
    if (result_.service_times) o.durations.push_back(seconds_between(in.start, in.complete));
    last_complete_[s] = has_complete_[s] ? std::max(last_complete_[s], in.complete) : in.complete;
    has_complete_[s] = true;
  }

  // Decisions take one branch; every step that ran was reached; no required step reached was
  // skipped. A step reached but skipped still passes the flow on (its skip is the deviation).
  void check_flow(std::vector<std::string>& found) {
    for (std::size_t s : g_.topological_order) {
      bool reached = g_.predecessors[s].empty();
      for (std::size_t p : g_.predecessors[s]) {
        if (!reach_[p]) continue;
        auto taken = [&](std::size_t k) {
          const std::size_t target = g_.branch_to[p][k];
          return target != kNoStep && ran_[target];
        };
        if (flow_passes(g_, p, s, taken)) {
          reached = true;
          break;
        }
      }
      reach_[s] = reached;
      if (ran_[s] && !reached) {
        found.push_back(
            fmt::format("{} ran, but nothing that leads to it did", quoted(p_.steps[s])));
        reach_[s] = true;  // report the cause once, not every step after it
      }
      if (!ran_[s] && reached && p_.steps[s].probability.value >= 1 &&
          g_.decision_of[s] == kNoStep) {
        found.push_back(fmt::format("required step {} skipped", quoted(p_.steps[s])));
      }
      const std::vector<std::size_t>& targets = g_.branch_to[s];
      if (!ran_[s] || targets.empty()) continue;
      std::vector<std::size_t> taken;
      for (std::size_t t : targets) {
        if (t != kNoStep && ran_[t]) taken.push_back(t);
      }
      if (taken.size() > 1) {
        found.push_back(fmt::format("two branches of {} taken: {} and {}", quoted(p_.steps[s]),
                                    quoted(p_.steps[taken[0]]), quoted(p_.steps[taken[1]])));
      } else if (taken.empty()) {
        found.push_back(fmt::format("no branch of {} taken", quoted(p_.steps[s])));
      }
    }
  }

  void check_order_and_repeats(std::vector<std::string>& found) {
    for (std::size_t s = 0; s < n_; ++s) {
      if (!ran_[s]) continue;
      for (std::size_t p : g_.predecessors[s]) {
        if (ran_[p] && first_[p] > first_[s]) {
          found.push_back(fmt::format("{} before {}", quoted(p_.steps[s]), quoted(p_.steps[p])));
        }
      }
      if (count_[s] > 1 && !in_loop_[s])
        found.push_back(fmt::format("{} repeated outside a rework loop", quoted(p_.steps[s])));
    }
  }

  void count_shares(const ActivityInstance* in, std::uint32_t count) {
    for (std::size_t s = 0; s < n_; ++s) {
      if (ran_[s]) ++result_.steps[s].cases;
      bool reached = g_.predecessors[s].empty();
      for (std::size_t p : g_.predecessors[s]) reached = reached || ran_[p];
      if (reached) {
        ++shares_.reached[s];
        if (ran_[s]) ++shares_.reached_and_ran[s];
      }
      const std::vector<std::size_t>& targets = g_.branch_to[s];
      for (std::size_t k = 0; ran_[s] && k < targets.size(); ++k) {
        if (targets[k] != kNoStep && ran_[targets[k]]) ++shares_.branches[s][k];
      }
    }
    // Rework: a run of a rework step followed later in the case by a run of its target.
    for (std::uint32_t k = 0; k < count; ++k) {
      const std::size_t s = step_of_[in[k].activity];
      if (s == kNoStep || g_.rework_to[s] == kNoStep) continue;
      const std::size_t t = g_.rework_to[s];
      if (ran_[t] && last_pos_[t] > k) ++shares_.rework_followed[s];
    }
  }

  void summarize_steps() {
    for (std::size_t s = 0; s < n_; ++s) {
      StepObservation& o = result_.steps[s];
      const Step& step = p_.steps[s];
      if (!o.waits.empty()) {
        std::vector<double> copy = o.waits;
        o.wait = summarize(copy);
        // Without service times the wait runs to the completion: it holds the work too.
        Estimate model{.likely = step.wait.value};
        if (!result_.service_times) model.likely += step.duration.value.expected();
        o.wait_drift = drifts(o.wait->median, model);
      }
      if (!o.durations.empty()) {
        std::vector<double> copy = o.durations;
        o.duration = summarize(copy);
        o.duration_drift = step.duration && drifts(o.duration->median, step.duration.value);
      }
      if (shares_.reached[s] > 0) {
        o.run_share = static_cast<double>(shares_.reached_and_ran[s]) /
                      static_cast<double>(shares_.reached[s]);
      }
      if (g_.rework_to[s] != kNoStep && o.runs > 0) {
        o.rework_share =
            static_cast<double>(shares_.rework_followed[s]) / static_cast<double>(o.runs);
      }
      for (std::uint64_t n : shares_.branches[s]) {
        o.branch_shares.push_back(o.cases ? static_cast<double>(n) / static_cast<double>(o.cases)
                                          : 0);
        o.branch_cases.push_back(n);
      }
    }
  }

  const EventLog& log_;
  const Process& p_;
  const StepGraph& g_;
  std::vector<std::size_t> step_of_;
  std::vector<bool> in_loop_;
  std::size_t n_;
  // Per step, for the case being checked.
  std::vector<bool> ran_;
  std::vector<std::uint32_t> first_;
  std::vector<std::uint32_t> count_;
  std::vector<bool> reach_;
  std::vector<std::int64_t> last_complete_;
  std::vector<bool> has_complete_;
  std::vector<std::uint32_t> last_pos_;
  std::vector<std::vector<std::size_t>> sent_back_by_;  // per step: the steps whose rework is it
  ShareCounts shares_;
  std::map<std::string, std::uint64_t> deviation_counts_;
  Conformance result_;
};

}  // namespace

bool drifts(double observed_median, const Estimate& estimate) {
  if (estimate.three_point) {
    const double off = std::max(estimate.min - observed_median, observed_median - estimate.max);
    return off > 0 && off > kDriftFloorSeconds;
  }
  const double off = std::abs(observed_median - estimate.likely);
  return off > 0.5 * estimate.likely && off > kDriftFloorSeconds;
}

std::vector<ObservedSpan> observed_spans(const EventLog& log, const Process& process,
                                         const Metric& metric) {
  std::vector<ObservedSpan> out;
  const Span& span = metric.process_span;
  if (!span.present || span.process.value != process.meta.id.value) return out;
  std::size_t from = kNoStep, to = kNoStep;
  for (std::size_t s = 0; s < process.steps.size(); ++s) {
    if (from == kNoStep && process.steps[s].id.value == span.from.value) from = s;
    if (to == kNoStep && process.steps[s].id.value == span.to.value) to = s;
  }
  if (from == kNoStep || to == kNoStep) return out;
  const std::vector<std::size_t> step_of = steps_of_activities(log, process);
  for (const LogCase& c : log.cases) {
    const ActivityInstance* in = log.instances.data() + c.first;
    bool started = false, ended = false;
    std::int64_t start = 0, end = 0;
    for (std::uint32_t k = 0; k < c.count; ++k) {  // instances in start order
      const std::size_t s = step_of[in[k].activity];
      if (s == from && !started) {
        started = true;
        start = in[k].start;
      }
      if (s == to && started && in[k].complete >= start) {
        end = ended ? std::max(end, in[k].complete) : in[k].complete;
        ended = true;
      }
    }
    if (!ended) continue;
    out.push_back({day_of_micros(end), seconds_between(start, end), c.id});
  }
  return out;
}

Conformance check_conformance(const EventLog& log, const Process& process) {
  return Checker(log, process).run();
}

namespace {

// The p10, median and p90 of `values` in whole seconds, none below 0 and none longer than a
// duration can be (a log whose timestamps span centuries; as mine --discover does), so that the
// Observation written always loads.
Field<Estimate> observed_estimate(std::vector<double> values) {
  Field<Estimate> out;
  if (values.empty()) return out;
  std::sort(values.begin(), values.end());
  auto at = [&](double q) {
    return std::clamp(std::round(quantile(values, q)), 0.0, kMaxDurationSeconds);
  };
  out.value = Estimate{at(0.1), at(0.5), at(0.9), true};
  out.present = true;
  return out;
}

template <class T>
Field<T> given(T value) {
  Field<T> f(std::move(value));
  f.present = true;
  return f;
}

Text given_text(std::string value) {
  return given(std::move(value));
}

DateTime instant(std::int64_t micros, bool round_up) {
  std::int64_t seconds = micros >= 0 ? micros / 1'000'000 : -((-micros + 999'999) / 1'000'000);
  if (round_up && seconds * 1'000'000 < micros) ++seconds;
  DateTime d;
  d.seconds = seconds;
  d.days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  d.has_time = true;
  return d;
}

}  // namespace

Observation observation_of(const EventLog& log, const Conformance& conformance,
                           const std::string& source) {
  const Process& p = *conformance.process;
  Observation o;
  o.kind = Kind::Observation;
  o.meta.id = given_text(p.meta.id.value);
  o.meta.name = given_text(fmt::format("Observed: {}", p.display_name()));
  o.source = given_text(source);
  if (!log.cases.empty()) {
    std::int64_t first = log.cases.front().first_time, last = log.cases.front().last_time;
    for (const LogCase& c : log.cases) {
      first = std::min(first, c.first_time);
      last = std::max(last, c.last_time);
    }
    o.period_start = given(instant(first, false));
    o.period_end = given(instant(last, true));
  }
  o.cases = given(static_cast<double>(conformance.cases));
  for (const StepObservation& seen : conformance.steps) {
    if (seen.cases == 0) continue;
    const Step& step = p.steps[seen.step];
    ObservedStep s;
    s.step = given_text(step.id.value);
    s.cases = given(static_cast<double>(seen.cases));
    if (seen.run_share) s.runs = given(std::round(*seen.run_share * 1000) / 1000);
    // Without service times a "wait" runs to the completion and holds the work: neither it nor
    // a duration can stand for the model's values.
    if (conformance.service_times) {
      s.wait = observed_estimate(seen.waits);
      s.duration = observed_estimate(seen.durations);
    }
    if (seen.rework_share) {
      s.rework = given(std::min(kMaxObservedRework, std::round(*seen.rework_share * 1000) / 1000));
    }
    o.steps.push_back(std::move(s));
    const std::uint64_t took =
        std::accumulate(seen.branch_cases.begin(), seen.branch_cases.end(), std::uint64_t{0});
    if (step.type.value != StepType::Decision || took == 0) continue;
    ObservedDecision d;
    d.step = given_text(step.id.value);
    std::vector<double> shares = exact_shares(seen.branch_cases);
    for (std::size_t k = 0; k < shares.size(); ++k) {
      d.branches.push_back({.to = given_text(step.branches.value[k].to.value),
                            .share = given(shares[k]),
                            .loc = {}});
    }
    o.decisions.push_back(std::move(d));
  }
  return o;
}

}  // namespace opsflow
