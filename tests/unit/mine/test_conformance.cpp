// Conformance of event logs to a process with a decision, an optional step and a rework loop.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "helpers.hpp"
#include "opsflow/mine/conformance.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {

// receive -> classify (decision: fix 70% | refund 30%) -> reply (after fix, refund) -> survey
// (optional, 50%); verify reworks back to fix (20%).
const char* kModel = R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: agent}
spec: {members: [Ann]}
---
apiVersion: opsflow/v1
kind: Process
metadata: {id: tickets, owner: agent}
spec:
  steps:
    - {id: receive, type: automated, duration: 1m}
    - id: classify
      type: decision
      role: agent
      duration: 5m
      wait: 10m
      branches:
        - {to: fix, probability: 0.7, when: a bug}
        - {to: refund, probability: 0.3, when: a refund}
    - {id: fix, role: agent, duration: {min: 30m, likely: 1h, max: 2h}, after: [classify]}
    - {id: verify, role: agent, duration: 10m, after: [fix], rework: {to: fix, probability: 0.2}}
    - {id: refund, name: Refund the order, role: agent, duration: 5m, after: [classify]}
    - {id: reply, role: agent, duration: 10m, after: [verify, refund], activity: Replied}
    - {id: survey, type: automated, duration: 1m, after: [reply], probability: 0.5}
)";

struct Checked {
  Loaded loaded;
  EventLog log;
  Conformance c;
};

// One row per activity: "case,activity,minute" with minutes from 09:00, complete-only.
Checked conform(const std::string& rows) {
  Checked r;
  r.loaded = load_files({{"t.yaml", kModel}});
  REQUIRE(r.loaded.model.processes.size() == 1);
  std::string text = "case_id,activity,timestamp\n";
  std::size_t start = 0;
  while (start < rows.size()) {
    std::size_t end = rows.find(';', start);
    if (end == std::string::npos) end = rows.size();
    std::string row = rows.substr(start, end - start);
    std::size_t a = row.find(','), b = row.rfind(',');
    int minute = std::stoi(row.substr(b + 1));
    text += fmt::format("{},{},2026-01-01T{:02}:{:02}:00Z\n", row.substr(0, a),
                        row.substr(a + 1, b - a - 1), 9 + minute / 60, minute % 60);
    start = end + 1;
  }
  std::vector<Diagnostic> problems;
  r.log = read_event_log(text, "log.csv", {}, problems);
  REQUIRE(problems.empty());
  r.c = check_conformance(r.log, r.loaded.model.processes[0]);
  return r;
}

std::vector<std::string> deviations(const Conformance& c) {
  std::vector<std::string> out;
  for (const Deviation& d : c.deviations) out.push_back(fmt::format("{} x{}", d.what, d.cases));
  return out;
}

}  // namespace

TEST_CASE("runs of the model conform: a branch, a skipped optional step, a rework loop") {
  Checked r = conform(
      "c1,receive,0;c1,classify,20;c1,fix,90;c1,verify,100;c1,Replied,110;c1,survey,111;"
      "c2,receive,0;c2,classify,15;c2,Refund the order,30;c2,Replied,45;"
      "c3,receive,0;c3,classify,10;c3,fix,60;c3,verify,70;c3,fix,130;c3,verify,140;c3,Replied,150");
  CHECK(deviations(r.c).empty());
  CHECK(r.c.cases == 3);
  CHECK(r.c.conforming == 3);
  CHECK(r.c.fitness == 1);
  CHECK_FALSE(r.c.service_times);
  const auto& steps = r.c.steps;
  // classify: decision in 3 cases, fix in 2 (67%), refund in 1 (33%).
  REQUIRE(steps[1].branch_shares.size() == 2);
  CHECK(steps[1].branch_shares[0] == doctest::Approx(2.0 / 3));
  CHECK(steps[1].branch_shares[1] == doctest::Approx(1.0 / 3));
  // fix ran 3 times in 2 cases; verify sent it back once in 3 runs.
  CHECK(steps[2].cases == 2);
  CHECK(steps[2].runs == 3);
  CHECK(*steps[3].rework_share == doctest::Approx(1.0 / 3));
  // survey: reached in 3 cases (reply ran), ran in 1.
  CHECK(*steps[6].run_share == doctest::Approx(1.0 / 3));
  // Waits without service times run from ready to completion: classify 20, 15, 10 minutes.
  REQUIRE(steps[1].wait);
  CHECK(steps[1].wait->median == 15 * 60);
  CHECK_FALSE(steps[1].wait_drift);  // model: wait 10m + duration 5m = 15m
  CHECK_FALSE(steps[0].wait);        // the first step has nothing to wait for
  // fix: ready when classify completed (c1 70m, c3 50m), or, run again, when verify sent it back
  // (c3: 130 - 70 = 60m): median 60m against the model's 0 + (30 + 4 x 60 + 120) / 6 = 65m.
  CHECK(steps[2].wait->median == 60 * 60);
  CHECK_FALSE(steps[2].wait_drift);
}

TEST_CASE("deviations: unknown activities, two branches, order, repeats, skipped steps") {
  Checked r = conform(
      // two branches of the decision
      "d1,receive,0;d1,classify,5;d1,fix,10;d1,verify,20;d1,Refund the order,25;d1,Replied,30;"
      // reply before verify; an unknown activity
      "d2,receive,0;d2,classify,5;d2,fix,10;d2,Replied,15;d2,verify,20;d2,Escalate,25;"
      // a required step skipped (verify), and receive repeated outside a loop
      "d3,receive,0;d3,receive,1;d3,classify,5;d3,fix,10;d3,Replied,30;"
      // no branch taken, so nothing leads to the reply (steps are named by name, else id)
      "d4,receive,0;d4,classify,5;d4,Replied,30");
  CHECK(r.c.conforming == 0);
  CHECK(r.c.fitness == 0);
  CHECK(deviations(r.c) == std::vector<std::string>{
                               "'receive' repeated outside a rework loop x1",
                               "'reply' before 'verify' x1",
                               "'reply' ran, but nothing that leads to it did x1",
                               "no branch of 'classify' taken x1",
                               "required step 'verify' skipped x1",
                               "two branches of 'classify' taken: 'fix' and 'Refund the order' x1",
                               "unknown activity 'Escalate' x1",
                           });
}

TEST_CASE("drift: outside a three-point range, or half and a minute off a single estimate") {
  const Estimate range{.min = 1800, .likely = 3600, .max = 7200, .three_point = true};
  CHECK_FALSE(drifts(1800, range));
  CHECK_FALSE(drifts(7200 + 60, range));  // a minute over: not yet
  CHECK(drifts(7200 + 61, range));
  CHECK(drifts(1000, range));
  const Estimate single{.likely = 600};
  CHECK_FALSE(drifts(900, single));  // 50% off exactly
  CHECK(drifts(901, single));
  CHECK_FALSE(drifts(30, Estimate{}));  // 30 s against 0: under a minute
  CHECK(drifts(61, Estimate{}));
}

TEST_CASE("observed spans: from the first start of one step to the last end of another") {
  Checked r = conform(
      "c1,receive,0;c1,classify,20;c1,fix,90;c1,verify,100;c1,Replied,110;"
      "c2,receive,0;c2,classify,15;c2,Refund the order,30;c2,Replied,45;"
      "c3,receive,0;c3,classify,10;c3,fix,60;c3,verify,70;c3,fix,130;c3,verify,140");
  Loaded metric = load_files({{"m.yaml", R"(apiVersion: opsflow/v1
kind: Metric
metadata: {id: fix-time}
spec:
  unit: minutes
  direction: lower-is-better
  span: {process: tickets, from: fix, to: verify}
)"}});
  REQUIRE(metric.model.metrics.size() == 1);
  std::vector<ObservedSpan> spans =
      observed_spans(r.log, r.loaded.model.processes[0], metric.model.metrics[0]);
  // c1: 90 -> 100; c2 never fixes; c3: the rework runs verify again, so 60 -> 140.
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].seconds == 10 * 60);
  CHECK(spans[1].seconds == 80 * 60);
  CHECK(r.log.case_ids[spans[1].case_id] == "c3");
  CHECK(format_date(spans[1].day) == "2026-01-01");
}
