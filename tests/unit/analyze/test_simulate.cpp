// Monte Carlo: convergence to the analytic values, known percentiles, determinism across threads.
#include <doctest/doctest.h>

#include <cmath>

#include "helpers.hpp"
#include "opsflow/analyze/analyze.hpp"
#include "opsflow/analyze/simulate.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {

constexpr double kHour = 3600;

struct Sim {
  Loaded loaded;
  Analysis analysis;
};

Sim prepare(const std::string& steps, const std::string& extra = "") {
  std::string text =
      "apiVersion: opsflow/v1\nkind: Process\nmetadata: {id: p}\nspec:\n  metrics: [lead]\n  "
      "steps:\n" +
      steps + extra;
  Sim s{load_files({{"p.yaml", text}}), {}};
  for (const Diagnostic& d : s.loaded.diagnostics) FAIL_CHECK(d.message);
  SeverityPolicy policy(s.loaded.model, {});
  s.analysis = analyze(s.loaded.model, {}, policy);
  return s;
}

SimulationResult run(const Sim& s, std::size_t n, unsigned threads = 2, std::uint64_t seed = 1) {
  return simulate(s.loaded.model, s.analysis.processes.at(0), SimulationOptions{n, seed, threads});
}

}  // namespace

TEST_CASE("fixed durations without waits give the nominal lead time exactly") {
  Sim s = prepare(
      "    - {id: a, duration: 1h}\n    - {id: b, duration: 2h, after: []}\n"
      "    - {id: c, duration: 30m, after: [a, b]}\n");
  SimulationResult r = run(s, 1000);
  CHECK(r.mean == doctest::Approx(2.5 * kHour));
  CHECK(r.p50 == doctest::Approx(2.5 * kHour));
  CHECK(r.p95 == doctest::Approx(2.5 * kHour));
  CHECK(r.criticality == std::vector<double>{0, 1, 1});
}

TEST_CASE("rework loops converge to the analytic 1/(1-p) multiplier") {
  Sim s = prepare(
      "    - {id: a, duration: 1h}\n"
      "    - {id: b, duration: 1h, rework: {to: a, probability: 0.5}}\n");
  CHECK(s.analysis.processes[0].lead_time == doctest::Approx(4 * kHour));  // (1 + 1) x 2
  SimulationResult r = run(s, 40000);
  CHECK(r.mean == doctest::Approx(4 * kHour).epsilon(0.02));
}

TEST_CASE("a single exponential wait: P50 = mean x ln 2, P95 = mean x ln 20") {
  Sim s = prepare("    - {id: a, duration: 0s, wait: 1h}\n");
  SimulationResult r = run(s, 40000);
  CHECK(r.mean == doctest::Approx(kHour).epsilon(0.02));
  CHECK(r.p50 == doctest::Approx(kHour * std::log(2.0)).epsilon(0.02));
  CHECK(r.p95 == doctest::Approx(kHour * std::log(20.0)).epsilon(0.03));
}

TEST_CASE("three-point durations have the PERT mean") {
  Sim s = prepare("    - {id: a, duration: {min: 1h, likely: 2h, max: 6h}}\n");
  CHECK(s.analysis.processes[0].lead_time == doctest::Approx(2.5 * kHour));  // (1 + 8 + 6) / 6
  SimulationResult r = run(s, 40000);
  CHECK(r.mean == doctest::Approx(2.5 * kHour).epsilon(0.01));
  CHECK(r.p50 > 1 * kHour);
  CHECK(r.p95 < 6 * kHour);
}

TEST_CASE("branches run by their probability and shift the critical path") {
  Sim s = prepare(
      "    - {id: a, duration: 1h}\n    - {id: b, duration: 4h, probability: 0.25}\n"
      "    - {id: c, duration: 1h, after: [a], probability: 0.75}\n"
      "    - {id: d, duration: 1h, after: [b, c]}\n");
  SimulationResult r = run(s, 40000);
  // with b: 1 + 4 + 1 = 6h (25%); without: 1 + 1 + 1 = 3h or 2h, never longer than with b
  CHECK(r.criticality[1] == doctest::Approx(0.25).epsilon(0.05));
  CHECK(r.criticality[3] == doctest::Approx(1.0));
}

TEST_CASE("the share of instances meeting a duration key result's target") {
  std::string goal = R"(---
apiVersion: opsflow/v1
kind: Goal
metadata: {id: g}
spec:
  objective: fast
  keyResults: [{metric: lead, baseline: 2h, target: 1h}]
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: lead}
spec: {unit: hours, direction: lower-is-better}
)";
  Sim s = prepare("    - {id: a, duration: 0s, wait: 1h}\n", goal);
  SimulationResult r = run(s, 40000);
  REQUIRE(r.targets.size() == 1);
  CHECK(r.targets[0].goal == "g");
  CHECK(r.targets[0].share == doctest::Approx(1 - std::exp(-1.0)).epsilon(0.02));  // P(X <= mean)
}

TEST_CASE("same seed, same numbers, whatever the number of threads; another seed differs") {
  Sim s = prepare(
      "    - {id: a, duration: {min: 1h, likely: 2h, max: 6h}, wait: 1h}\n"
      "    - {id: b, duration: 1h, wait: 30m, rework: {to: a, probability: 0.3}}\n"
      "    - {id: c, duration: 1h, after: [], probability: 0.5}\n");
  SimulationResult one = run(s, 5000, 1);
  SimulationResult two = run(s, 5000, 2);
  SimulationResult three = run(s, 5000, 3);
  CHECK(one.mean == two.mean);
  CHECK(one.p85 == two.p85);
  CHECK(one.criticality == two.criticality);
  CHECK(one.mean == three.mean);
  CHECK(one.p95 == three.p95);
  CHECK(run(s, 5000, 2, 2).mean != one.mean);
}

TEST_CASE("a rework probability close to 1 cannot make the simulation run for hours") {
  Sim s = prepare("    - {id: a, duration: 1m, rework: {to: a, probability: 0.9999999}}\n");
  SimulationResult r = run(s, 200);
  CHECK(std::isfinite(r.mean));
  CHECK(r.mean <= 10'001 * 60.0);  // at most 10,000 repeats of the 1m loop per instance
}

TEST_CASE("on a tie the simulated critical path is the nominal one (latest step in the list)") {
  // s1 and s0 both finish at 2h; s0 comes after s1 in the flow but first in the list.
  Sim s = prepare(
      "    - {id: s0, duration: 1h, after: [s2]}\n"
      "    - {id: s1, duration: 2h, after: []}\n"
      "    - {id: s2, duration: 1h, after: []}\n");
  CHECK(s.analysis.processes[0].critical_path == std::vector<std::size_t>{1});
  SimulationResult r = run(s, 100);
  CHECK(r.criticality == std::vector<double>{0, 1, 0});
}

TEST_CASE("one branch per decision: the Monte Carlo converges to the scenarios' expectation") {
  // route 1h, then small 2h (70%) or large 10h (30%), then close 1h after both: scenario leads
  // 4h (P 0.7) and 12h (P 0.3), expected 6.4h (test_scenarios.cpp works it out). Durations are
  // fixed and there are no waits, so the branch is the only randomness: the P50 is exactly 4h,
  // the P85 12h, and the branches are exclusive (criticality 0.7 and 0.3, summing to 1).
  Sim s = prepare(R"(    - id: route
      type: decision
      duration: 1h
      branches: [{to: small, probability: 0.7, when: small}, {to: large, probability: 0.3, when: large}]
    - {id: small, duration: 2h}
    - {id: large, duration: 10h}
    - {id: close, duration: 1h, after: [small, large]}
)");
  SimulationResult r = run(s, 20000);
  CHECK(r.mean == doctest::Approx(6.4 * kHour).epsilon(0.02));
  CHECK(r.p50 == doctest::Approx(4 * kHour));
  CHECK(r.p85 == doctest::Approx(12 * kHour));
  CHECK(r.criticality[1] == doctest::Approx(0.7).epsilon(0.02));
  CHECK(r.criticality[2] == doctest::Approx(0.3).epsilon(0.05));
  CHECK(r.criticality[1] + r.criticality[2] == doctest::Approx(1));
  CHECK(r.criticality[3] == doctest::Approx(1));
  // The same numbers whatever the threads.
  SimulationResult one = run(s, 20000, 1);
  CHECK(one.mean == r.mean);
}

TEST_CASE("a step after a branch not taken is dead: it neither runs nor delays the join") {
  // route 0 then auto 1h (90%) or manual 2h (10%) -> payout 5h; notify 1h after auto and payout.
  // Leads: 2h (0.9) and 8h (0.1); expected 2.6h. Were payout run in every instance, notify
  // would always wait for it.
  Sim s = prepare(R"(    - id: route
      type: decision
      duration: 0s
      branches: [{to: auto, probability: 0.9, when: a}, {to: manual, probability: 0.1, when: b}]
    - {id: auto, duration: 1h}
    - {id: manual, duration: 2h}
    - {id: payout, duration: 5h}
    - {id: notify, duration: 1h, after: [auto, payout]}
)");
  SimulationResult r = run(s, 20000);
  CHECK(r.mean == doctest::Approx(2.6 * kHour).epsilon(0.03));
  CHECK(r.p50 == doctest::Approx(2 * kHour));
  CHECK(r.p95 == doctest::Approx(8 * kHour));
}

TEST_CASE("a delay is fixed in the Monte Carlo, not drawn like a wait") {
  // a 1h, then review 1h after a deliberate 1d: every instance takes exactly 26h.
  Sim s = prepare("    - {id: a, duration: 1h}\n    - {id: review, duration: 1h, delay: 1d}\n");
  SimulationResult r = run(s, 1000);
  CHECK(r.mean == doctest::Approx(26 * kHour));
  CHECK(r.p95 == doctest::Approx(26 * kHour));
}

TEST_CASE("criticality is traced through every repeat of a rework loop") {
  // x 10h and a 1h start together; b 1h after both; b sends the work back to a half the time.
  // b's first run starts when x ends (10h), so x fixes the finish of every instance, reworked or
  // not: criticality 1. a lies on the path only when a repeat of it precedes the last b: the
  // instances reworked at least once, 0.5. (Tracing the final finish times alone gave x 0.5.)
  Sim s = prepare(
      "    - {id: x, duration: 10h}\n    - {id: a, duration: 1h, after: []}\n"
      "    - {id: b, duration: 1h, after: [a, x], rework: {to: a, probability: 0.5}}\n");
  SimulationResult r = run(s, 20000);
  CHECK(r.criticality[0] == doctest::Approx(1));
  CHECK(r.criticality[1] == doctest::Approx(0.5).epsilon(0.03));
  CHECK(r.criticality[2] == doctest::Approx(1));
}

TEST_CASE("with waits as the only randomness the Monte Carlo converges to the expected lead") {
  // route waits 1h; small waits 2h (70%) or large 10h (30%); close after either; check is
  // optional (40%) and waits 3h. Durations 0, so the lead time is the waits on the path taken:
  // expected 1 + 0.7 x 2 + 0.3 x 10 + 0.4 x 3 = 6.6h, the scenarios' expectation exactly.
  Sim s = prepare(R"(    - id: route
      type: decision
      duration: 0s
      wait: 1h
      branches: [{to: small, probability: 0.7, when: small}, {to: large, probability: 0.3, when: large}]
    - {id: small, duration: 0s, wait: 2h}
    - {id: large, duration: 0s, wait: 10h}
    - {id: close, duration: 0s, after: [small, large]}
    - {id: check, duration: 0s, wait: 3h, probability: 0.4}
)");
  CHECK(s.analysis.processes.at(0).lead_time == doctest::Approx(6.6 * kHour));
  SimulationResult r = run(s, 40000);
  CHECK(r.mean == doctest::Approx(6.6 * kHour).epsilon(0.02));
}

TEST_CASE("a span: its expected value, simulated percentiles and the share meeting the target") {
  // start 1h; a waits 1h, then 2h of work; b 1h; c 1h. The span a -> b runs from the start of
  // work on a (after its wait) to the end of b: 2h + 1h = 3h in every instance, whatever a's
  // random wait, so the percentiles are exactly 3h; a 2h target is never met.
  std::string docs = R"(---
apiVersion: opsflow/v1
kind: Goal
metadata: {id: g}
spec:
  objective: fast
  keyResults: [{metric: handling, baseline: 4h, target: 2h}]
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: handling}
spec: {unit: hours, direction: lower-is-better, span: {process: p, from: a, to: b}}
)";
  Sim s = prepare(
      "    - {id: start, duration: 1h}\n    - {id: a, duration: 2h, wait: 1h}\n"
      "    - {id: b, duration: 1h}\n    - {id: c, duration: 1h}\n",
      docs);
  const ProcessAnalysis& a = s.analysis.processes.at(0);
  REQUIRE(a.spans.size() == 1);
  CHECK(a.spans[0].probability == doctest::Approx(1));
  CHECK(*a.spans[0].expected == doctest::Approx(3 * kHour));
  SimulationResult r = run(s, 2000);
  REQUIRE(r.spans.size() == 1);
  CHECK(r.spans[0].metric == "handling");
  CHECK(r.spans[0].instances == 2000);
  CHECK(r.spans[0].p50 == doctest::Approx(3 * kHour));
  CHECK(r.spans[0].p95 == doctest::Approx(3 * kHour));
  // The key result compares the span, not the lead time (5h + a's wait).
  REQUIRE(r.targets.size() == 1);
  CHECK(r.targets[0].span);
  CHECK(r.targets[0].share == 0);
  // And the expected 3h misses the 2h target: target-at-risk, at the key result.
  const Finding* risk = nullptr;
  for (const Finding& f : s.analysis.findings) {
    if (f.rule.id() == std::string_view("target-at-risk")) risk = &f;
  }
  REQUIRE(risk);
  CHECK(risk->steps == std::vector<std::string>{"a", "b"});
  CHECK(finding_message(*risk) ==
        "metric 'handling' measures process 'p' from step 'a' to step 'b': expected 3h, above "
        "the target of 2h that goal 'g' sets");
}

TEST_CASE("an SLA: the share of simulated runs over it") {
  // a waits 1h on average (exponential), no work; SLA 1h. Expected wait + duration = 1h: within
  // the SLA, so no sla-at-risk; but P(wait > 1h) = e^-1 = 36.8% of runs breach it.
  Sim s = prepare("    - {id: a, duration: 0s, wait: 1h, sla: 1h}\n");
  for (const Finding& f : s.analysis.findings)
    CHECK(f.rule.id() != std::string_view("sla-at-risk"));
  SimulationResult r = run(s, 40000);
  REQUIRE(r.slas.size() == 1);
  CHECK(r.slas[0].runs == 40000);
  CHECK(r.slas[0].breached == doctest::Approx(std::exp(-1.0)).epsilon(0.02));
}
