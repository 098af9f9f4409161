// Hand-computed fixtures for the numbers of SPEC §4 (the arithmetic is in the comments).
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <tuple>

#include "helpers.hpp"
#include "opsflow/analyze/analyze.hpp"
#include "opsflow/analyze/compare.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {

const char* kTeam = R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: ops}
spec: {members: [ann, bo], capacity: 30h/week}
---
apiVersion: opsflow/v1
kind: Role
metadata: {id: rev}
spec: {members: [cy], capacity: 10h/week}
)";

// a (1h) -> b (wait 2h, 30m) -> d (1h, rework to b p=0.5)
//        -> c (approval by rev, wait 4h, 15m) -> d
const char* kFlow = R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: flow, owner: ops}
spec:
  frequency: 10/week
  steps:
    - {id: a, role: ops, duration: 1h}
    - {id: b, role: ops, duration: 30m, wait: 2h}
    - {id: c, role: rev, type: approval, duration: 15m, wait: 4h, after: [a]}
    - {id: d, role: ops, duration: 1h, after: [b, c], rework: {to: b, probability: 0.5}}
)";

// draft -> legal (approval, rev) -> boss (approval, ops) -> build -> tidy, all in one line
const char* kChain = R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: chain, owner: ops}
spec:
  frequency: 5/week
  steps:
    - {id: draft, role: ops, duration: 1h}
    - {id: legal, role: rev, type: approval, duration: 30m, wait: 3h}
    - {id: boss, role: ops, type: approval, duration: 15m, wait: 1h}
    - {id: build, role: ops, duration: 1h}
    - {id: tidy, role: ops, duration: 30m, value: none}
)";

struct Fixture {
  Loaded loaded;
  Analysis analysis;
};

Fixture analyse(std::vector<std::pair<std::string, std::string>> files,
                AnalyzeOptions options = {}) {
  Fixture f{load_files(files), {}};
  for (const Diagnostic& d : f.loaded.diagnostics)
    FAIL_CHECK(d.file << ":" << d.loc.line << ": " << d.message);
  SeverityPolicy policy(f.loaded.model, {});
  f.analysis = analyze(f.loaded.model, options, policy);
  return f;
}

const Finding* finding(const Analysis& a, const std::string& rule, const std::string& step = {}) {
  for (const Finding& f : a.findings) {
    if (f.rule.id() == rule && (step.empty() || (!f.steps.empty() && f.steps.back() == step)))
      return &f;
  }
  return nullptr;
}

constexpr double kHour = 3600;

}  // namespace

TEST_CASE("lead time, touch time, PCE, work, slack and handoffs of a process with rework") {
  Fixture f = analyse({{"team.yaml", kTeam}, {"flow.yaml", kFlow}});
  const ProcessAnalysis& p = f.analysis.processes.at(0);
  // rework body = {b, d}, multiplier 1/(1-0.5) = 2
  CHECK(p.steps[1].rework_multiplier == 2);
  CHECK(p.steps[3].rework_multiplier == 2);
  CHECK(p.steps[2].rework_multiplier == 1);
  // elapsed: a 1h; b (2h + 0.5h) x 2 = 5h; c 4.25h; d 1h x 2 = 2h
  CHECK(p.steps[1].elapsed == doctest::Approx(5 * kHour));
  // a -> b -> d = 1 + 5 + 2 = 8h beats a -> c -> d = 1 + 4.25 + 2 = 7.25h
  CHECK(p.lead_time == doctest::Approx(8 * kHour));
  CHECK(p.critical_path == std::vector<std::size_t>{0, 1, 3});
  // touch = duration x rework multiplier on the path (SPEC §4): 1 + 0.5 x 2 + 1 x 2 = 4h;
  // PCE 4 / 8
  CHECK(p.touch_time == doctest::Approx(4 * kHour));
  CHECK(*p.cycle_efficiency == doctest::Approx(0.5));
  // work: 1 + 0.5 x 2 + 0.25 + 1 x 2 = 4.25h
  CHECK(p.work_per_instance == doctest::Approx(4.25 * kHour));
  // c can slip 8 - 2 - 5.25 = 0.75h
  CHECK(p.steps[2].slack == doctest::Approx(0.75 * kHour));
  CHECK(p.steps[1].slack == doctest::Approx(0));
  CHECK(p.handoffs == 0);
  CHECK(p.approvals_on_critical_path == 0);
}

TEST_CASE("role demand, utilization and the Erlang C queue wait") {
  Fixture f = analyse({{"team.yaml", kTeam}, {"flow.yaml", kFlow}});
  const RoleLoad& ops = f.analysis.roles.at(0);
  // 10/week x (1 + 0.5 x 2 + 1 x 2) = 40h of 2 x 30h
  CHECK(ops.demand_hours_per_week == doctest::Approx(40));
  CHECK(ops.capacity_hours_per_week == doctest::Approx(60));
  CHECK(*ops.utilization == doctest::Approx(2.0 / 3));
  // runs: 10 x (1 + 2 + 2) = 50/week, mean service 40/50 = 0.8h
  CHECK(ops.arrivals_per_week == doctest::Approx(50));
  CHECK(ops.mean_service_hours == doctest::Approx(0.8));
  // M/M/2 at rho 2/3: P(wait) = 2 rho^2 / (1 + rho) = 8/15; Wq = P x s / (c - a) = 0.64h
  CHECK(*ops.wait_probability == doctest::Approx(8.0 / 15));
  CHECK(*ops.queue_wait_hours == doctest::Approx(0.64));
  const RoleLoad& rev = f.analysis.roles.at(1);
  CHECK(*rev.utilization == doctest::Approx(0.25));  // 10 x 0.25h of 10h
}

TEST_CASE("Erlang C matches published table values") {
  CHECK(erlang_c(1, 0.5) == doctest::Approx(0.5));      // M/M/1: P(wait) = rho
  CHECK(erlang_c(2, 1.0) == doctest::Approx(1.0 / 3));  // 2 rho^2/(1+rho), rho = 0.5
  CHECK(erlang_c(5, 4.0) == doctest::Approx(0.5541).epsilon(1e-3));
  CHECK(erlang_c(10, 8.0) == doctest::Approx(0.4092).epsilon(1e-3));
  CHECK(erlang_c(3, 2.0) == doctest::Approx(4.0 / 9));  // M/M/3 at rho 2/3
}

TEST_CASE("long waits are found with the lead time they would save") {
  Fixture f = analyse({{"team.yaml", kTeam}, {"flow.yaml", kFlow}});
  // b waits 2h x 2 = 4h = 50% of 8h. Without it: a -> b -> d = 1 + 1 + 2 = 4h, a -> c -> d = 7.25h
  const Finding* b = finding(f.analysis, "long-wait", "b");
  REQUIRE(b);
  CHECK(*b->lead_saving == doctest::Approx(0.75 * kHour));
  CHECK(*b->lead_saving_hours_per_week == doctest::Approx(7.5));
  // c waits 4h (50%) but is not on the critical path: removing it saves nothing, so no saving
  // is proposed (SPEC §4), only the finding
  const Finding* c = finding(f.analysis, "long-wait", "c");
  REQUIRE(c);
  CHECK_FALSE(c->lead_saving);
  CHECK_FALSE(c->lead_saving_hours_per_week);
  CHECK(f.analysis.findings.front().steps == std::vector<std::string>{"b"});  // ranked first
}

TEST_CASE("approvals, consecutive approvals, merges and non-value steps") {
  Fixture f = analyse({{"team.yaml", kTeam}, {"chain.yaml", kChain}});
  const ProcessAnalysis& p = f.analysis.processes.at(0);
  // 1 + 3.5 + 1.25 + 1 + 0.5 = 7.25h; ops -> rev -> ops: 2 handoffs; 2 approvals on the path
  CHECK(p.lead_time == doctest::Approx(7.25 * kHour));
  CHECK(p.handoffs == 2);
  CHECK(p.approvals_on_critical_path == 2);
  CHECK(*finding(f.analysis, "approval-on-critical-path", "legal")->lead_saving ==
        doctest::Approx(3.5 * kHour));
  CHECK(*finding(f.analysis, "approval-on-critical-path", "boss")->lead_saving ==
        doctest::Approx(1.25 * kHour));
  // one joint approval: boss keeps its 15m but not its 1h wait; 5/week
  const Finding* joint = finding(f.analysis, "consecutive-approvals", "boss");
  REQUIRE(joint);
  CHECK(joint->steps == std::vector<std::string>{"legal", "boss"});
  CHECK(*joint->lead_saving == doctest::Approx(kHour));
  CHECK(*joint->lead_saving_hours_per_week == doctest::Approx(5));
  // tidy follows only build, same role, no wait: merge; nothing to save in lead time
  const Finding* merge = finding(f.analysis, "merge-candidate", "tidy");
  REQUIRE(merge);
  CHECK(merge->steps == std::vector<std::string>{"build", "tidy"});
  CHECK_FALSE(merge->lead_saving);  // a merge without a wait saves nothing
  // boss is an approval, so boss -> build is not a merge
  CHECK_FALSE(finding(f.analysis, "merge-candidate", "build"));
  CHECK(*finding(f.analysis, "non-value-add", "tidy")->lead_saving == doctest::Approx(0.5 * kHour));
  // rev: one member, no backup, on the critical path
  const Finding* spof = finding(f.analysis, "single-point-of-failure");
  REQUIRE(spof);
  CHECK(spof->roles == std::vector<std::string>{"rev"});
  CHECK(*spof->people_needed == 1);
}

TEST_CASE("an overloaded role says how many people bring it under the threshold") {
  std::string busy = R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: busy, owner: ops}
spec:
  frequency: 40/week
  steps:
    - {id: check, role: rev, type: review, duration: 30m}
)";
  Fixture f = analyse({{"team.yaml", kTeam}, {"busy.yaml", busy}});
  // rev: 40 x 0.5h = 20h of 10h: 200%; under 85% needs ceil(20 / 8.5) = 3 people, 2 more
  const Finding* o = finding(f.analysis, "overloaded-role");
  REQUIRE(o);
  CHECK(o->severity == Severity::Error);
  CHECK(o->ranks_first);
  CHECK(*o->people_needed == 2);
  CHECK(f.analysis.findings.front().rule.id() == "overloaded-role");
  CHECK_FALSE(f.analysis.roles.at(1).queue_wait_hours);  // unbounded queue
}

TEST_CASE("skill gaps and skills held by one person") {
  std::string team = R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: ops}
spec:
  members: [{name: ann, skills: [sql]}, {name: bo}]
  skills: [writing]
)";
  std::string p = R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: p, owner: ops}
spec:
  steps:
    - {id: query, role: ops, duration: 1h, skills: [sql]}
    - {id: deploy, role: ops, duration: 1h, skills: [k8s, writing]}
)";
  Fixture f = analyse({{"team.yaml", team}, {"p.yaml", p}});
  const Finding* gap = finding(f.analysis, "skill-gap", "deploy");
  REQUIRE(gap);
  CHECK(finding_message(*gap) == "step 'deploy' needs skill 'k8s', which nobody in role 'ops' has");
  const Finding* bus = finding(f.analysis, "bus-factor");
  REQUIRE(bus);
  CHECK(finding_message(*bus) == "only ann in role 'ops' has skill 'sql', needed by 1 step");
  CHECK(std::count_if(f.analysis.findings.begin(), f.analysis.findings.end(),
                      [](const Finding& x) { return x.rule.id() == "bus-factor"; }) == 1);
}

TEST_CASE("the same step by the same role in two processes is duplicate work") {
  std::string two = std::string(kChain) + R"(---
apiVersion: opsflow/v1
kind: Process
metadata: {id: other, owner: ops}
spec:
  frequency: 2/week
  steps:
    - {id: wrap, name: "Tidy", role: ops, duration: 30m}
)";
  Fixture f = analyse({{"team.yaml", kTeam}, {"p.yaml", two}});
  const Finding* dup = finding(f.analysis, "duplicate-work");
  REQUIRE(dup);
  CHECK(dup->steps == std::vector<std::string>{"chain/tidy", "other/wrap"});
  // chain: 5/week x 0.5h = 2.5h; other: 2 x 0.5 = 1h; shared once: saves the smaller 1h
  CHECK(*dup->work_saving_hours_per_week == doctest::Approx(1));
}

TEST_CASE("step names are normalised for duplicate detection, independent of the locale") {
  CHECK(normalise_step_name("  Review  the DRAFT (v2)! ") == "review the draft v2");
  CHECK(normalise_step_name("审核 初稿") == "审核 初稿");
  CHECK(normalise_step_name("---").empty());
  // Appending: no space at the seam, and what was there stays.
  std::string keys = "first";
  keys += '\0';
  append_normalised_step_name(keys, "  Second Step");
  CHECK(keys == std::string("first\0second step", 17));
}

TEST_CASE("ignore lists and Config rules apply to findings") {
  std::string p = std::string(kChain);
  p.replace(p.find("value: none}"), 12, "value: none, ignore: [non-value-add]}");
  Fixture f = analyse({{"team.yaml", kTeam}, {"chain.yaml", p}});
  CHECK_FALSE(finding(f.analysis, "non-value-add"));
  CHECK(finding(f.analysis, "merge-candidate"));
}

TEST_CASE("--process limits the report but not the role load") {
  Fixture f = analyse({{"team.yaml", kTeam}, {"flow.yaml", kFlow}, {"chain.yaml", kChain}},
                      AnalyzeOptions{{"chain"}});
  REQUIRE(f.analysis.processes.size() == 1);
  CHECK(f.analysis.processes[0].process->meta.id.value == "chain");
  // ops demand counts both: flow 40h + chain 5 x (1 + 0.25 + 1 + 0.5) = 13.75h
  CHECK(f.analysis.roles.at(0).demand_hours_per_week == doctest::Approx(53.75));
  Loaded l = load_files({{"flow.yaml", kFlow}});
  SeverityPolicy policy(l.model, {});
  CHECK_THROWS_WITH_AS(analyze(l.model, AnalyzeOptions{{"flwo"}}, policy),
                       "--process: no process 'flwo' (did you mean 'flow'?)", Error);
}

TEST_CASE("comparing with a baseline flags what got worse") {
  Fixture before = analyse({{"team.yaml", kTeam}, {"flow.yaml", kFlow}});
  std::string slower = kFlow;
  slower.replace(slower.find("wait: 2h"), 8, "wait: 3h");
  Fixture after = analyse({{"team.yaml", kTeam}, {"flow.yaml", slower}});
  Comparison c = compare(before.analysis, after.analysis);
  CHECK(c.regressed());
  auto lead = std::find_if(c.changes.begin(), c.changes.end(),
                           [](const MeasureChange& m) { return m.measure == "lead time"; });
  REQUIRE(lead != c.changes.end());
  CHECK(lead->before == doctest::Approx(8 * kHour));
  CHECK(lead->after == doctest::Approx(10 * kHour));  // b: (3 + 0.5) x 2 = 7h
  CHECK(lead->regression);
  CHECK_FALSE(compare(before.analysis, before.analysis).regressed());
}

TEST_CASE(
    "handoffs: changes of role between people on the critical path; scripts are transparent") {
  // SPEC §4: person A -> script -> person A is no handoff, A -> script -> B one. (Before issue
  // 11 both counted 2: the script's missing role was taken for a role.)
  auto count = [](const std::string& last_role) {
    std::string p = R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: auto, owner: ops}
spec:
  steps:
    - {id: write, role: ops, duration: 1h}
    - {id: check, type: automated, duration: 1m}
    - {id: ship, role: )" +
                    last_role + R"(, duration: 1h}
)";
    Fixture f = analyse({{"team.yaml", kTeam}, {"p.yaml", p}});
    return f.analysis.processes.at(0).handoffs;
  };
  CHECK(count("ops") == 0);
  CHECK(count("rev") == 1);
}

TEST_CASE("removing an approval also removes the rework loop it sends back") {
  std::string p = R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: loop, owner: ops}
spec:
  frequency: 1/week
  steps:
    - {id: draft, role: ops, duration: 1h}
    - {id: ok, role: rev, type: approval, duration: 1h, rework: {to: draft, probability: 0.5}}
)";
  Fixture f = analyse({{"team.yaml", kTeam}, {"p.yaml", p}});
  // lead (1 + 1) x 2 = 4h; without the approval and its loop: draft alone, 1h
  CHECK(f.analysis.processes.at(0).lead_time == doctest::Approx(4 * kHour));
  CHECK(*finding(f.analysis, "approval-on-critical-path", "ok")->lead_saving ==
        doctest::Approx(3 * kHour));
}

TEST_CASE("work for a role without capacity is an unbounded queue, ranked first") {
  std::string team = R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: ops}
spec: {members: [ann], capacity: 0h/week}
)";
  std::string p = R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: p, owner: ops}
spec:
  frequency: 10/week
  steps:
    - {id: a, role: ops, duration: 1h}
)";
  Fixture f = analyse({{"team.yaml", team}, {"p.yaml", p}});
  CHECK(std::isinf(*f.analysis.roles.at(0).utilization));
  const Finding* o = finding(f.analysis, "overloaded-role");
  REQUIRE(o);
  CHECK(o->severity == Severity::Error);
  CHECK(o->ranks_first);
  CHECK(
      finding_message(*o) ==
      "role 'ops' has 10.0h of work a week but a capacity of 0, so its queue grows without bound");
}

TEST_CASE("findings of a process without frequency rank by their saving per instance") {
  std::string p = R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: p, owner: ops}
spec:
  steps:
    - {id: a, role: ops, duration: 1h}
    - {id: b, role: ops, duration: 1h, wait: 5d}
    - {id: c, role: ops, duration: 1h}
)";
  Fixture f = analyse({{"team.yaml", kTeam}, {"p.yaml", p}});
  REQUIRE_FALSE(f.analysis.findings.empty());
  CHECK(f.analysis.findings.front().rule.id() ==
        "long-wait");  // before the 0-saving merge candidate
}

TEST_CASE("absurd loads ask to check the inputs, not for a billion people") {
  // 1000/day x 7 x 1h = 7000 h/week for 2 x 30h: 273 more members would do; at 1e9/day no
  // staffing would.
  auto load = [](const std::string& frequency) {
    std::string p =
        "apiVersion: opsflow/v1\nkind: Process\nmetadata: {id: p, owner: ops}\nspec:\n"
        "  frequency: " +
        frequency + "\n  steps:\n    - {id: a, role: ops, duration: 1h}\n";
    return analyse({{"team.yaml", kTeam}, {"p.yaml", p}});
  };
  Fixture busy = load("1000/day");
  const Finding* o = finding(busy.analysis, "overloaded-role");
  REQUIRE(o);
  CHECK(*o->people_needed == 273);          // ceil(7000 / (30 x 0.85)) - 2
  Fixture absurd = load("100000000/week");  // 1e8 hours a week: millions of members
  o = finding(absurd.analysis, "overloaded-role");
  REQUIRE(o);
  CHECK_FALSE(o->people_needed);
  CHECK(finding_change(*o) == "check the frequencies and durations of its steps");
  CHECK(finding_message(*o).ends_with("; even 1000000 more members would not bring it under 85%"));
}

TEST_CASE("thousands of findings are ranked as one stable sort would rank them") {
  // Enough findings for the ranking to sort in parallel chunks and merge them; frequencies
  // repeat, so many findings tie on their savings and fall through to the later keys.
  std::vector<std::pair<std::string, std::string>> files{{"team.yaml", kTeam}};
  const std::string chain = kChain;
  for (int i = 0; i < 2100; ++i) {
    std::string p = chain;
    p.replace(p.find("id: chain"), 9, "id: chain-" + std::to_string(i));
    p.replace(p.find("frequency: 5/week"), 17, "frequency: " + std::to_string(i % 7 + 1) + "/week");
    files.emplace_back("p" + std::to_string(i) + ".yaml", p);
  }
  Fixture f = analyse(files);
  const std::vector<Finding>& found = f.analysis.findings;
  REQUIRE(found.size() > 3 * 4096);
  auto tier = [](const Finding& x) {
    if (x.ranks_first) return 0;
    if (x.lead_saving_hours_per_week || x.work_saving_hours_per_week) return 1;
    if (x.lead_saving) return 2;
    return 3;
  };
  auto key = [&](const Finding& x) {
    return std::make_tuple(tier(x), -x.lead_saving_hours_per_week.value_or(0),
                           -x.work_saving_hours_per_week.value_or(0), -x.lead_saving.value_or(0),
                           -static_cast<int>(x.severity), std::string(x.rule.id()), x.file,
                           x.loc.line, x.loc.col, x.steps, x.roles);
  };
  for (std::size_t k = 1; k < found.size(); ++k) {
    INFO("findings " << k - 1 << " and " << k);
    REQUIRE_FALSE(key(found[k]) < key(found[k - 1]));
  }
  // Every process's findings are all there, none lost or repeated in the merge.
  std::map<std::string, int> per_rule;
  for (const Finding& x : found) per_rule[std::string(x.rule.id())]++;
  CHECK(per_rule["approval-on-critical-path"] == 2 * 2100);
  CHECK(per_rule["consecutive-approvals"] == 2100);
  CHECK(per_rule["non-value-add"] == 2100);
}

TEST_CASE("a role with nobody in it has work but nobody to do it") {
  std::string team = R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: ops}
spec: {headcount: 0, capacity: 30h/week}
)";
  std::string p = R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: p, owner: ops}
spec:
  frequency: 10/week
  steps:
    - {id: a, role: ops, duration: 1h}
)";
  Fixture f = analyse({{"team.yaml", team}, {"p.yaml", p}});
  const Finding* o = finding(f.analysis, "overloaded-role");
  REQUIRE(o);
  CHECK(finding_message(*o) ==
        "role 'ops' has 10.0h of work a week but nobody to do it, so its queue grows without "
        "bound; 1 more member would bring it under 85%");
  CHECK(f.analysis.roles.at(0).mean_service_hours == doctest::Approx(1));  // 10h for 10 runs
}

TEST_CASE("a process that takes no time has no cycle efficiency, not 0%") {
  std::string p = R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: p, owner: ops}
spec:
  steps:
    - {id: a, type: automated, duration: 0s}
)";
  Fixture f = analyse({{"team.yaml", kTeam}, {"p.yaml", p}});
  CHECK(f.analysis.processes.at(0).lead_time == 0);
  CHECK_FALSE(f.analysis.processes.at(0).cycle_efficiency);
}

TEST_CASE("an approval nobody waits for is described without a wait") {
  std::string p = R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: p, owner: ops}
spec:
  steps:
    - {id: a, role: ops, duration: 1h}
    - {id: ok, role: rev, type: approval, duration: 15m}
)";
  Fixture f = analyse({{"team.yaml", kTeam}, {"p.yaml", p}});
  const Finding* approval = finding(f.analysis, "approval-on-critical-path");
  REQUIRE(approval);
  CHECK(finding_message(*approval) ==
        "approval step 'ok' is on the critical path: every instance spends 15m in it");
}
