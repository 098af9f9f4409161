// The regression guard: tolerances per kind of measure, added and removed processes and roles.
#include <doctest/doctest.h>

#include <algorithm>
#include <limits>

#include "helpers.hpp"
#include "opsflow/analyze/analyze.hpp"
#include "opsflow/analyze/compare.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {

constexpr double kHour = 3600;

// Processes p, q and roles ops, rev to point hand-made analyses at.
const char* kIds = R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: ops}
spec: {members: [ann, bo], capacity: 30h/week}
---
apiVersion: opsflow/v1
kind: Role
metadata: {id: rev}
spec: {members: [cy], capacity: 10h/week}
---
apiVersion: opsflow/v1
kind: Process
metadata: {id: p, owner: ops}
spec:
  steps: [{id: a, role: ops, duration: 1h}]
---
apiVersion: opsflow/v1
kind: Process
metadata: {id: q, owner: ops}
spec:
  steps: [{id: a, role: ops, duration: 1h}]
)";

struct Ids {
  Loaded loaded = load_yaml(kIds);
  const Process& process(std::size_t i) const { return loaded.model.processes.at(i); }
  const Role& role(std::size_t i) const { return loaded.model.roles.at(i); }
};

ProcessAnalysis measures(const Process& p, double lead, double touch, int handoffs, int approvals) {
  ProcessAnalysis a;
  a.process = &p;
  a.lead_time = lead;
  a.touch_time = touch;
  a.handoffs = handoffs;
  a.approvals_on_critical_path = approvals;
  return a;
}

RoleLoad load(const Role& r, std::optional<double> utilization) {
  RoleLoad l;
  l.role = &r;
  l.utilization = utilization;
  return l;
}

const MeasureChange& change(const Comparison& c, const std::string& id,
                            const std::string& measure) {
  auto it = std::find_if(c.changes.begin(), c.changes.end(), [&](const MeasureChange& m) {
    return m.id == id && m.measure == measure;
  });
  REQUIRE(it != c.changes.end());
  return *it;
}

// One process p with the given lead time (other measures fixed), before and after.
bool lead_regresses(double before, double after) {
  Ids ids;
  Analysis was, now;
  was.processes.push_back(measures(ids.process(0), before, kHour, 1, 1));
  now.processes.push_back(measures(ids.process(0), after, kHour, 1, 1));
  return compare(was, now).regressed();
}

bool utilization_regresses(std::optional<double> before, std::optional<double> after) {
  Ids ids;
  Analysis was, now;
  was.roles.push_back(load(ids.role(0), before));
  now.roles.push_back(load(ids.role(0), after));
  return compare(was, now).regressed();
}

}  // namespace

TEST_CASE("every measure present in both is listed, in order, with before and after") {
  Ids ids;
  Analysis was, now;
  was.processes.push_back(measures(ids.process(0), 8 * kHour, 2 * kHour, 2, 1));
  now.processes.push_back(measures(ids.process(0), 6 * kHour, 2 * kHour, 3, 0));
  was.roles.push_back(load(ids.role(0), 0.5));
  now.roles.push_back(load(ids.role(0), 0.5));
  Comparison c = compare(was, now);
  REQUIRE(c.changes.size() == 5);  // 4 process measures + 1 role measure
  const char* order[] = {"lead time", "touch time", "handoffs", "approvals on the critical path",
                         "utilization"};
  for (std::size_t i = 0; i < 5; ++i) CHECK(c.changes[i].measure == order[i]);
  CHECK(c.changes[0].subject == "process");
  CHECK(c.changes[0].id == "p");
  CHECK(c.changes[0].before == 8 * kHour);
  CHECK(c.changes[0].after == 6 * kHour);
  CHECK(c.changes[4].subject == "role");
  CHECK(c.changes[4].id == "ops");
  // lead 8h -> 6h is better; touch and utilization equal; approvals 1 -> 0 better
  CHECK_FALSE(c.changes[0].regression);
  CHECK_FALSE(c.changes[1].regression);
  CHECK(c.changes[2].regression);  // handoffs 2 -> 3: any increase of a count
  CHECK_FALSE(c.changes[3].regression);
  CHECK_FALSE(c.changes[4].regression);
  CHECK(c.regressed());
  CHECK(c.added.empty());
  CHECK(c.removed.empty());
}

TEST_CASE("a time regresses when it grows by more than 1% of its old value") {
  // 8h = 28800s; 1% of it = 288s
  CHECK_FALSE(lead_regresses(28800, 28800));        // equal
  CHECK_FALSE(lead_regresses(28800, 28800 + 288));  // exactly 1%: within the tolerance
  CHECK(lead_regresses(28800, 28800 + 289));        // 289 / 28800 = 1.003%
  CHECK_FALSE(lead_regresses(28800, 14400));        // halved: better
  CHECK_FALSE(lead_regresses(28800, 0));            // gone: better
  // from nothing, any time at all is a regression (tolerance 1% of 0 = 0, floor 1e-9s)
  CHECK(lead_regresses(0, 1));
  CHECK_FALSE(lead_regresses(0, 0));
}

TEST_CASE("touch time uses the same 1% tolerance") {
  Ids ids;
  Analysis was, now, worse;
  was.processes.push_back(measures(ids.process(0), 10 * kHour, 100 * 60, 0, 0));
  now.processes.push_back(measures(ids.process(0), 10 * kHour, 101 * 60, 0, 0));    // +1%
  worse.processes.push_back(measures(ids.process(0), 10 * kHour, 102 * 60, 0, 0));  // +2%
  CHECK_FALSE(change(compare(was, now), "p", "touch time").regression);
  Comparison c = compare(was, worse);
  const MeasureChange& t = change(c, "p", "touch time");
  CHECK(t.before == 6000);  // 100m
  CHECK(t.after == 6120);   // 102m
  CHECK(t.regression);
  CHECK_FALSE(change(c, "p", "lead time").regression);  // unchanged 10h
}

TEST_CASE("counts regress on any increase, never on a decrease") {
  Ids ids;
  auto regresses = [&](int handoffs_before, int handoffs_after, int approvals_before,
                       int approvals_after) {
    Analysis was, now;
    was.processes.push_back(
        measures(ids.process(0), kHour, kHour, handoffs_before, approvals_before));
    now.processes.push_back(
        measures(ids.process(0), kHour, kHour, handoffs_after, approvals_after));
    Comparison c = compare(was, now);
    return std::make_pair(change(c, "p", "handoffs").regression,
                          change(c, "p", "approvals on the critical path").regression);
  };
  // 10 -> 11 is +10% but a count has no tolerance; 100 -> 101 (+1%) too
  CHECK(regresses(10, 11, 0, 0) == std::make_pair(true, false));
  CHECK(regresses(100, 101, 0, 0) == std::make_pair(true, false));
  CHECK(regresses(0, 0, 0, 1) == std::make_pair(false, true));
  CHECK(regresses(3, 3, 2, 2) == std::make_pair(false, false));  // equal
  CHECK(regresses(3, 0, 2, 1) == std::make_pair(false, false));  // better
}

TEST_CASE("utilization regresses when it grows by more than 1 percentage point") {
  CHECK_FALSE(utilization_regresses(0.5, 0.5));
  CHECK_FALSE(utilization_regresses(0.25, 0.26));  // +1 point exactly
  CHECK(utilization_regresses(0.25, 0.2625));      // +1.25 points
  // points, not percent: 80% -> 80.9% is +0.9 points (1.1% of 0.8), not a regression
  CHECK_FALSE(utilization_regresses(0.8, 0.809));
  CHECK(utilization_regresses(0.8, 0.811));      // +1.1 points
  CHECK_FALSE(utilization_regresses(0.9, 0.1));  // better
  // a role that lost its capacity: finite -> unbounded is worse; unbounded both times is not
  constexpr double kInf = std::numeric_limits<double>::infinity();
  CHECK(utilization_regresses(0.5, kInf));
  CHECK_FALSE(utilization_regresses(kInf, kInf));
  CHECK_FALSE(utilization_regresses(kInf, 0.5));
}

TEST_CASE("a role with neither demand nor capacity on both sides has nothing to compare") {
  Ids ids;
  Analysis was, now;
  was.roles.push_back(load(ids.role(0), std::nullopt));
  now.roles.push_back(load(ids.role(0), std::nullopt));
  was.roles.push_back(load(ids.role(1), 0.2));  // rev has all its work taken away: not worse
  now.roles.push_back(load(ids.role(1), std::nullopt));
  Comparison c = compare(was, now);
  CHECK(c.added.empty());  // both still there: neither added nor removed
  CHECK(c.removed.empty());
  CHECK(std::none_of(c.changes.begin(), c.changes.end(),
                     [](const MeasureChange& m) { return m.id == "ops"; }));
  CHECK_FALSE(c.regressed());
}

TEST_CASE("a role with nothing to do that gets work it cannot do regresses") {
  // No utilization = no demand and no capacity, i.e. 0 against the other side: work moved onto a
  // role with headcount 0 makes its queue grow without bound.
  constexpr double kInf = std::numeric_limits<double>::infinity();
  CHECK(utilization_regresses(std::nullopt, kInf));
  CHECK(utilization_regresses(std::nullopt, 0.5));
  CHECK_FALSE(utilization_regresses(std::nullopt, 0.005));  // within 1 point
  CHECK_FALSE(utilization_regresses(kInf, std::nullopt));   // its work went elsewhere
}

TEST_CASE("processes and roles only on one side are added or removed, never regressions") {
  Ids ids;
  Analysis was, now;
  // before: p, q and rev; after: q and ops
  was.processes.push_back(measures(ids.process(0), kHour, kHour, 0, 0));
  was.processes.push_back(measures(ids.process(1), kHour, kHour, 0, 0));
  now.processes.push_back(measures(ids.process(1), kHour, kHour, 0, 0));
  was.roles.push_back(load(ids.role(1), 0.5));
  now.roles.push_back(load(ids.role(0), 2.0));  // overloaded, but new: nothing to compare with
  Comparison c = compare(was, now);
  CHECK(c.added == std::vector<std::string>{"role ops"});
  CHECK(c.removed == std::vector<std::string>{"process p", "role rev"});
  REQUIRE(c.changes.size() == 4);  // q's four measures only
  for (const MeasureChange& m : c.changes) CHECK(m.id == "q");
  CHECK_FALSE(c.regressed());

  // the other way round
  Comparison back = compare(now, was);
  CHECK(back.added == std::vector<std::string>{"process p", "role rev"});
  CHECK(back.removed == std::vector<std::string>{"role ops"});
}

TEST_CASE("an empty baseline: everything is added, nothing regresses") {
  Ids ids;
  Analysis now;
  now.processes.push_back(measures(ids.process(1), kHour, kHour, 9, 9));
  now.processes.push_back(measures(ids.process(0), kHour, kHour, 9, 9));
  now.roles.push_back(load(ids.role(0), 5.0));
  Comparison c = compare(Analysis{}, now);
  CHECK(c.added == std::vector<std::string>{"process q", "process p", "role ops"});  // their order
  CHECK(c.changes.empty());
  CHECK_FALSE(c.regressed());
  Comparison gone = compare(now, Analysis{});
  CHECK(gone.removed == std::vector<std::string>{"process p", "process q", "role ops"});  // sorted
  CHECK_FALSE(gone.regressed());
}

TEST_CASE("end to end: a new approval on the critical path regresses four measures") {
  std::string team = std::string(kRole) + R"(---
apiVersion: opsflow/v1
kind: Role
metadata: {id: rev}
spec: {members: [cy], capacity: 10h/week}
)";
  const char* before = R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: flow, owner: ops}
spec:
  frequency: 10/week
  steps:
    - {id: a, role: ops, duration: 1h}
    - {id: b, role: ops, duration: 1h}
)";
  std::string after = before;
  after += "    - {id: ok, role: rev, type: approval, duration: 30m, wait: 1h}\n";
  Loaded was = load_files({{"team.yaml", team}, {"flow.yaml", before}});
  Loaded now = load_files({{"team.yaml", team}, {"flow.yaml", after}});
  REQUIRE(was.diagnostics.empty());
  REQUIRE(now.diagnostics.empty());
  SeverityPolicy was_policy(was.model, {}), now_policy(now.model, {});
  Comparison c = compare(analyze(was.model, {}, was_policy), analyze(now.model, {}, now_policy));
  // lead 2h -> 3.5h (a 1h + b 1h + ok's 1h wait + 30m); touch 2h -> 2.5h
  CHECK(change(c, "flow", "lead time").after == doctest::Approx(3.5 * kHour));
  CHECK(change(c, "flow", "lead time").regression);
  CHECK(change(c, "flow", "touch time").after == doctest::Approx(2.5 * kHour));
  CHECK(change(c, "flow", "touch time").regression);
  // ops -> rev: 0 -> 1 handoff; 0 -> 1 approval on the path
  CHECK(change(c, "flow", "handoffs").after == 1);
  CHECK(change(c, "flow", "handoffs").regression);
  CHECK(change(c, "flow", "approvals on the critical path").regression);
  // ops: 10 x 2h = 20h of 2 x 30h both times (the approval is rev's work): 1/3, no regression
  const MeasureChange& ops = change(c, "ops", "utilization");
  CHECK(ops.before == doctest::Approx(1.0 / 3));
  CHECK(ops.after == doctest::Approx(1.0 / 3));
  CHECK_FALSE(ops.regression);
  // rev: 0h -> 10 x 0.5h = 5h of 10h: 0% -> 50%
  const MeasureChange& rev = change(c, "rev", "utilization");
  CHECK(rev.after == doctest::Approx(0.5));
  CHECK(rev.regression);
}
