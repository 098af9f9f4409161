// Scenarios (SPEC §4): every number below is worked out by hand in the comments.
#include <doctest/doctest.h>

#include "helpers.hpp"
#include "opsflow/analyze/analyze.hpp"
#include "opsflow/analyze/scenarios.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {

constexpr double kHour = 3600;

struct Timed {
  Model model;
  ScenarioSet set;
  ScenarioTiming timing;
};

// Loads one process (roles are not needed here) and times it with elapsed = delay + wait +
// duration, as SPEC §4 defines it.
Timed timed(const std::string& steps, std::size_t limit = kMaxScenarios) {
  Timed t;
  t.model =
      load_yaml("apiVersion: opsflow/v1\nkind: Process\nmetadata: {id: p}\nspec:\n  steps:\n" +
                steps)
          .model;
  REQUIRE(t.model.processes.size() == 1);
  const Process& p = t.model.processes[0];
  REQUIRE(p.graph.acyclic());
  std::vector<double> elapsed, duration;
  for (const Step& s : p.steps) {
    elapsed.push_back(s.delay.value + expected_wait(s) + expected_duration(s));
    duration.push_back(expected_duration(s));
  }
  t.set = enumerate_scenarios(p, limit);
  t.timing = scenario_timing(p, t.set, elapsed, duration, rework_loops(p));
  return t;
}

}  // namespace

TEST_CASE("a decision: exactly one branch runs, and the join waits only for it") {
  // route 1h, then small 2h (70%) or large 10h (30%), then close 1h after both.
  // Scenario small: 1 + 2 + 1 = 4h, P 0.7. Scenario large: 1 + 10 + 1 = 12h, P 0.3.
  // Expected lead time 0.7 x 4 + 0.3 x 12 = 2.8 + 3.6 = 6.4h; no waits, so touch = lead.
  Timed t = timed(R"(    - id: route
      type: decision
      duration: 1h
      branches: [{to: small, probability: 0.7}, {to: large, probability: 0.3}]
    - {id: small, duration: 2h}
    - {id: large, duration: 10h}
    - {id: close, duration: 1h, after: [small, large]}
)");
  CHECK(t.set.choices.size() == 2);
  CHECK_FALSE(t.timing.estimated);
  CHECK(t.timing.expected_lead_time == doctest::Approx(6.4 * kHour));
  CHECK(t.timing.expected_touch_time == doctest::Approx(6.4 * kHour));
  CHECK(t.timing.reach == std::vector<double>{1, 0.7, 0.3, 1});
  // The most likely scenario takes the small branch: route -> small -> close, 4h.
  CHECK(t.timing.typical_path == std::vector<std::size_t>{0, 1, 3});
  CHECK(t.timing.typical_lead_time == doctest::Approx(4 * kHour));
}

TEST_CASE("an optional step: skipped, it takes no time and passes the flow on") {
  // a 1h; check: optional (40%), wait 1h + 3h; b 1h.
  // Run (0.4): 1 + 4 + 1 = 6h. Skip (0.6): 1 + 0 + 1 = 2h. Expected 2.4 + 1.2 = 3.6h.
  // Touch: run 1 + 3 + 1 = 5h, skip 2h: 0.4 x 5 + 0.6 x 2 = 3.2h.
  Timed t = timed(R"(    - {id: a, duration: 1h}
    - {id: check, duration: 3h, wait: 1h, probability: 0.4}
    - {id: b, duration: 1h}
)");
  CHECK(t.timing.expected_lead_time == doctest::Approx(3.6 * kHour));
  CHECK(t.timing.expected_touch_time == doctest::Approx(3.2 * kHour));
  CHECK(t.timing.reach[1] == doctest::Approx(0.4));
  CHECK(t.timing.reach[2] == doctest::Approx(1));
  // Skipping is likelier (0.6): the typical path is a -> b, 2h.
  CHECK(t.timing.typical_path == std::vector<std::size_t>{0, 2});
  CHECK(t.timing.typical_lead_time == doctest::Approx(2 * kHour));
}

TEST_CASE("dead paths: a step after a branch not taken does not run, nor delay the join") {
  // route 0 then auto (90%, 1h) or manual (10%, 2h) -> payout 5h (after manual only);
  // notify after [auto, payout] 1h. Scenario auto: 1 + 1 = 2h (payout dead). Scenario manual:
  // 2 + 5 + 1 = 8h. Expected 0.9 x 2 + 0.1 x 8 = 2.6h. Reach of payout = 0.1.
  Timed t = timed(R"(    - id: route
      type: decision
      duration: 0s
      branches: [{to: auto, probability: 0.9}, {to: manual, probability: 0.1}]
    - {id: auto, duration: 1h}
    - {id: manual, duration: 2h}
    - {id: payout, duration: 5h}
    - {id: notify, duration: 1h, after: [auto, payout]}
)");
  CHECK(t.timing.expected_lead_time == doctest::Approx(2.6 * kHour));
  CHECK(t.timing.reach[3] == doctest::Approx(0.1));
  CHECK(t.timing.reach[4] == doctest::Approx(1));
  std::vector<StepState> manual = scenario_states(t.model.processes[0], t.set, 1);
  CHECK(manual == std::vector<StepState>{StepState::Runs, StepState::Dead, StepState::Runs,
                                         StepState::Runs, StepState::Runs});
}

TEST_CASE("a decision and an optional step multiply into four scenarios") {
  // route: a (60%, 1h) or b (40%, 3h); then extra (50%, 2h); then end 0.
  // Lead: a+extra 3h (0.3), a 1h (0.3), b+extra 5h (0.2), b 3h (0.2):
  // 0.9 + 0.3 + 1.0 + 0.6 = 2.8h. Ties between running and skipping extra go to running.
  Timed t = timed(R"(    - id: route
      type: decision
      duration: 0s
      branches: [{to: a, probability: 0.6}, {to: b, probability: 0.4}]
    - {id: a, duration: 1h}
    - {id: b, duration: 3h}
    - {id: extra, duration: 2h, probability: 0.5, after: [a, b]}
    - {id: end, duration: 0s}
)");
  CHECK(t.set.choices.size() == 4);
  CHECK(t.timing.expected_lead_time == doctest::Approx(2.8 * kHour));
  CHECK(t.timing.typical_path == std::vector<std::size_t>{0, 1, 3, 4});
  CHECK(t.timing.typical_lead_time == doctest::Approx(3 * kHour));
}

TEST_CASE("rework applies in the scenarios where its looping step runs") {
  // route: fix (50%, 1h, rework to itself p 0.5: x2 = 2h) or skip-fix (50%, 1h).
  // Expected 0.5 x 2 + 0.5 x 1 = 1.5h.
  Timed t = timed(R"(    - id: route
      type: decision
      duration: 0s
      branches: [{to: fix, probability: 0.5}, {to: other, probability: 0.5}]
    - {id: fix, duration: 1h, rework: {to: fix, probability: 0.5}}
    - {id: other, duration: 1h}
)");
  CHECK(t.timing.expected_lead_time == doctest::Approx(1.5 * kHour));
}

TEST_CASE("delay counts in the lead time like a wait") {
  Timed t = timed(R"(    - {id: a, duration: 1h}
    - {id: review, duration: 1h, delay: 1d}
)");
  CHECK(t.timing.expected_lead_time == doctest::Approx(26 * kHour));
  CHECK(t.timing.expected_touch_time == doctest::Approx(2 * kHour));
}

TEST_CASE("above the limit, a seeded sample stands in for the scenarios, marked estimated") {
  // 13 independent optional steps of 1h at 50%: 8,192 scenarios > 4,096. The expected lead time
  // is 13 x 0.5 x 1h = 6.5h; the sample mean is close, and the same on every run.
  std::string steps;
  for (int i = 0; i < 13; ++i)
    steps += "    - {id: s" + std::to_string(i) + ", duration: 1h, probability: 0.5}\n";
  Timed t = timed(steps);
  CHECK(t.timing.estimated);
  CHECK(t.timing.scenarios == kMaxScenarios);
  CHECK(t.timing.expected_lead_time == doctest::Approx(6.5 * kHour).epsilon(0.03));
  Timed again = timed(steps);
  CHECK(again.timing.expected_lead_time == t.timing.expected_lead_time);
  // Below the limit, every scenario: 4 steps -> 16 scenarios, exactly 2h.
  Timed small = timed(steps.substr(0, steps.find("    - {id: s4")));
  CHECK_FALSE(small.timing.estimated);
  CHECK(small.timing.scenarios == 16);
  CHECK(small.timing.expected_lead_time == doctest::Approx(2 * kHour));
}
