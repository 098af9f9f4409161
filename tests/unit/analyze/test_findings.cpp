// The finding rules one by one: where each starts to fire, and its saving computed by hand.
#include <doctest/doctest.h>

#include <deque>
#include <string>
#include <vector>

#include "analyze/findings.hpp"
#include "helpers.hpp"
#include "opsflow/analyze/analyze.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {

constexpr double kHour = 3600;

using Files = std::vector<std::pair<std::string, std::string>>;

// A process owned by ops, one step a line: the first on line 6, or 7 with a frequency.
std::string process(const std::string& id, const std::string& frequency,
                    const std::vector<std::string>& steps) {
  std::string text = "apiVersion: opsflow/v1\nkind: Process\nmetadata: {id: " + id +
                     ", owner: ops}\nspec:\n" +
                     (frequency.empty() ? "" : "  frequency: " + frequency + "\n") + "  steps:\n";
  for (const std::string& step : steps) text += "    - {" + step + "}\n";
  return text;
}

std::string role(const std::string& id, const std::string& spec) {
  return "apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: " + id + "}\nspec: " + spec +
         "\n---\n";
}

const std::string kTeam = role("ops", "{members: [ann, bo], capacity: 30h/week}") +
                          role("rev", "{members: [cy, di], capacity: 30h/week}");

std::string config(const std::string& spec) {
  return "apiVersion: opsflow/v1\nkind: Config\nmetadata: {id: config}\nspec: " + spec + "\n";
}

Loaded load_clean(const Files& files) {
  Loaded l = load_files(files);
  for (const Diagnostic& d : l.diagnostics)
    FAIL_CHECK(d.file << ":" << d.loc.line << ": " << d.message);
  return l;
}

// The models of the findings a test looks at: findings point into their model, so it lives as
// long as the test run.
Loaded& kept(const Files& files) {
  static std::deque<Loaded> models;
  return models.emplace_back(load_clean(files));
}

// process_findings of the first process, with the limits and severities of the files.
std::vector<Finding> process_findings_of(const Files& files) {
  Loaded& l = kept(files);
  SeverityPolicy policy(l.model, {});
  ProcessAnalysis a = analyze_process(l.model.processes.at(0));
  std::vector<Finding> found;
  detail::FindingSink sink(l.model, policy, found);
  detail::process_findings(a, detail::limits_of(l.model), sink);
  return found;
}

// The findings of the whole analysis (role and duplicate-work findings need it).
std::vector<Finding> analyze_findings(const Files& files, AnalyzeOptions options = {}) {
  Loaded& l = kept(files);
  SeverityPolicy policy(l.model, {});
  return analyze(l.model, options, policy).findings;
}

std::vector<Finding> only(std::vector<Finding> found, std::string_view rule) {
  std::erase_if(found, [&](const Finding& f) { return f.rule.id() != rule; });
  return found;
}

// The one finding there must be.
Finding one(const std::vector<Finding>& found) {
  REQUIRE(found.size() == 1);
  return found[0];
}

// a 6h, then b after a wait; lead = 7h + wait. 4/week.
std::string waiting(const std::string& wait, const std::string& extra = "") {
  return process(
      "p", "4/week",
      {"id: a, role: ops, duration: 6h", "id: b, role: ops, duration: 1h, wait: " + wait + extra});
}

}  // namespace

TEST_CASE("limits: the Config's thresholds, or the defaults") {
  detail::Limits none = detail::limits_of(load_clean({{"t.yaml", kTeam}}).model);
  CHECK((none.utilization_warn == 0.85 && none.wait_share == 0.3 && none.handoffs == 5));
  Loaded l =
      load_clean({{"opsflow.yaml", config("{thresholds: {utilization-warn: 0.9, handoffs: 2}}")}});
  detail::Limits set = detail::limits_of(l.model);
  CHECK((set.utilization_warn == 0.9 && set.wait_share == 0.3 && set.handoffs == 2));
}

TEST_CASE("long-wait fires at wait-share of the lead time, not just below") {
  // 3h of 6h + 3h + 1h = 10h: 30% = the default wait-share
  Finding f = one(process_findings_of({{"p.yaml", waiting("3h")}}));
  CHECK(f.rule.id() == "long-wait");
  CHECK(f.severity == Severity::Warning);
  CHECK(f.file == "p.yaml");
  CHECK(f.loc.line == 8);  // the wait, on b's line (header 6 lines, a on 7)
  CHECK(f.process == "p");
  CHECK(f.steps == std::vector<std::string>{"b"});
  CHECK(f.roles == std::vector<std::string>{"ops"});
  CHECK(finding_message(f) ==
        "step 'b' waits 3h before it starts, 30% of the 10h expected lead time");
  CHECK(finding_change(f) == "remove the wait");
  CHECK(*f.lead_saving == doctest::Approx(3 * kHour));          // 10h -> 7h
  CHECK(*f.lead_saving_hours_per_week == doctest::Approx(12));  // 3h x 4/week
  // 2h59m of 6h + 2h59m + 1h = 9h59m: 29.9%
  CHECK(process_findings_of({{"p.yaml", waiting("2h59m")}}).empty());
  // A Config's wait-share of 50%: 3h (30%) no longer; 7h of 14h (50%) does
  std::string half = config("{thresholds: {wait-share: 0.5}}");
  CHECK(process_findings_of({{"p.yaml", waiting("3h")}, {"opsflow.yaml", half}}).empty());
  Finding seven = one(process_findings_of({{"p.yaml", waiting("7h")}, {"opsflow.yaml", half}}));
  CHECK(*seven.lead_saving_hours_per_week == doctest::Approx(28));  // 7h x 4/week
}

TEST_CASE("long-wait counts the wait as often as rework repeats it") {
  // a 30m; b wait 1h + 30m; c 30m sends back to b half the time: b, c x 2.
  // lead = 0.5 + 1.5 x 2 + 0.5 x 2 = 4.5h; b waits 1h x 2 = 2h (44%; 1h alone would be 22%)
  std::string p =
      process("p", "1/week",
              {"id: a, role: ops, duration: 30m", "id: b, role: ops, duration: 30m, wait: 1h",
               "id: c, role: ops, duration: 30m, rework: {to: b, probability: 0.5}"});
  Finding wait = one(only(process_findings_of({{"p.yaml", p}}), "long-wait"));
  CHECK(finding_message(wait) ==
        "step 'b' waits 2h before it starts, 44% of the 4h30m expected lead time");
  // without the wait: 0.5 + 0.5 x 2 + 0.5 x 2 = 2.5h, 2h saved, once a week
  CHECK(*wait.lead_saving == doctest::Approx(2 * kHour));
  CHECK(*wait.lead_saving_hours_per_week == doctest::Approx(2));
}

TEST_CASE("approval-on-critical-path only when the approval is on the critical path") {
  // a 1h, then ok (approval) and work 2h side by side, then done 1h
  auto flow = [](const std::string& wait) {
    return process("p", "2/week",
                   {"id: a, role: ops, duration: 1h",
                    "id: ok, role: rev, type: approval, duration: 30m, wait: " + wait,
                    "id: work, role: ops, duration: 2h, after: [a]",
                    "id: done, role: ops, duration: 1h, after: [ok, work]"});
  };
  // ok takes 1h + 30m < work's 2h: off the critical path, no finding (and 1h of 4h is no long wait)
  std::vector<Finding> off = process_findings_of({{"p.yaml", flow("1h")}});
  CHECK(only(off, "approval-on-critical-path").empty());
  CHECK(only(off, "long-wait").empty());
  // ok takes 2h + 30m > 2h: critical, lead 1 + 2.5 + 1 = 4.5h
  Finding on =
      one(only(process_findings_of({{"p.yaml", flow("2h")}}), "approval-on-critical-path"));
  CHECK(on.steps == std::vector<std::string>{"ok"});
  CHECK(on.roles == std::vector<std::string>{"rev"});
  CHECK(on.severity == Severity::Info);
  CHECK(finding_message(on) ==
        "approval step 'ok' is on the critical path: every instance waits 2h for it and spends "
        "30m in it");
  CHECK(finding_change(on) == "remove the approval");
  // without ok, work is the longest branch: 1 + 2 + 1 = 4h; saves 0.5h, x 2/week = 1h
  CHECK(*on.lead_saving == doctest::Approx(0.5 * kHour));
  CHECK(*on.lead_saving_hours_per_week == doctest::Approx(1));
}

TEST_CASE("consecutive-approvals: one finding per approval that directly precedes another") {
  std::string p =
      process("p", "3/week",
              {"id: p1, role: rev, type: approval, duration: 1h",
               "id: p2, role: ops, type: approval, duration: 30m, after: []",
               "id: j, role: ops, type: approval, duration: 15m, wait: 1h, after: [p1, p2]",
               "id: go, role: ops, duration: 1h"});
  std::vector<Finding> found = process_findings_of({{"p.yaml", p}});
  // lead: p1 1h -> j 1h15m -> go 1h = 3.25h (p2's 30m branch has slack)
  std::vector<Finding> pairs = only(found, "consecutive-approvals");
  REQUIRE(pairs.size() == 2);  // p1 -> j and p2 -> j; go after j is no approval
  CHECK(pairs[0].steps == std::vector<std::string>{"p1", "j"});
  CHECK(pairs[0].roles == std::vector<std::string>{"rev", "ops"});
  CHECK(pairs[1].steps == std::vector<std::string>{"p2", "j"});
  CHECK(finding_message(pairs[0]) ==
        "approval step 'j' comes right after approval step 'p1'; one joint approval would skip "
        "its 1h wait");
  CHECK(finding_change(pairs[0]) == "merge the two approvals");
  // One joint approval has the first's wait, both durations and runs after the predecessors of
  // both (SPEC §4). p1 + j: after p2 (0.5h), 1h + 15m, then go 1h = 2.75h, saves 0.5h.
  // p2 + j: after p1 (1h), 30m + 15m, then go = 2.75h, saves 0.5h too. 0.5h x 3/week = 1.5h.
  for (const Finding& f : pairs) {
    CHECK(*f.lead_saving == doctest::Approx(0.5 * kHour));
    CHECK(*f.lead_saving_hours_per_week == doctest::Approx(1.5));
    CHECK_FALSE(f.work_saving_hours_per_week);  // the same work, in one step
  }
  // approvals on the critical path: p1 and j, not p2 (30m < p1's 1h)
  std::vector<Finding> approvals = only(found, "approval-on-critical-path");
  REQUIRE(approvals.size() == 2);
  CHECK(approvals[0].steps == std::vector<std::string>{"p1"});
  // without p1, p2 leads: 0.5 + 1.25 + 1 = 2.75h, saves 0.5h
  CHECK(*approvals[0].lead_saving == doctest::Approx(0.5 * kHour));
  CHECK(approvals[1].steps == std::vector<std::string>{"j"});
  // without j: 1 + 1 = 2h, saves 1.25h
  CHECK(*approvals[1].lead_saving == doctest::Approx(1.25 * kHour));
}

TEST_CASE("merge-candidate: only predecessor, same role, no wait, neither one an approval") {
  std::string p = process("p", "1/week",
                          {"id: a, role: ops, duration: 1h",
                           "id: b, role: ops, duration: 1h",                  // merges
                           "id: c, role: ops, duration: 1h, wait: 1m",        // a wait
                           "id: d, role: rev, duration: 1h",                  // another role
                           "id: e, type: automated, duration: 1m",            // no role
                           "id: f, role: rev, duration: 1h",                  // e has no role
                           "id: g, role: rev, duration: 1h, after: [d, f]",   // two before it
                           "id: h, role: rev, type: review, duration: 1h",    // merges
                           "id: i, role: rev, type: approval, duration: 1h",  // an approval
                           "id: j, role: rev, duration: 1h"});                // after one
  std::vector<Finding> merges = only(process_findings_of({{"p.yaml", p}}), "merge-candidate");
  REQUIRE(merges.size() == 2);
  CHECK(merges[0].steps == std::vector<std::string>{"a", "b"});
  CHECK(finding_message(merges[0]) ==
        "step 'b' follows only step 'a', done by the same role without a wait; the two could be "
        "one step");
  CHECK(finding_change(merges[0]) == "merge into one step");
  CHECK(merges[1].steps == std::vector<std::string>{"g", "h"});
  // b has no wait to drop: the lead time does not change, and no saving is proposed
  CHECK_FALSE(merges[0].lead_saving);
  CHECK_FALSE(merges[0].lead_saving_hours_per_week);
}

TEST_CASE("non-value-add: the step's removal keeps the other loops, off the path saves nothing") {
  std::string p =
      process("p", "1/week",
              {"id: a, role: ops, duration: 1h", "id: b, role: ops, duration: 1h, value: none",
               "id: c, role: rev, duration: 1h, rework: {to: a, probability: 0.5}",
               "id: side, role: ops, duration: 30m, value: none, after: []",
               "id: end, role: ops, duration: 1h, after: [c, side]"});
  // lead = (1 + 1 + 1) x 2 + 1 = 7h
  std::vector<Finding> found = only(process_findings_of({{"p.yaml", p}}), "non-value-add");
  REQUIRE(found.size() == 2);
  CHECK(found[0].steps == std::vector<std::string>{"b"});
  CHECK(finding_message(found[0]) ==
        "step 'b' adds neither customer nor business value (value: none) and takes 1h of work");
  CHECK(finding_change(found[0]) == "remove the step");
  // without b, c's loop still doubles a and c: (1 + 1) x 2 + 1 = 5h, saves 2h
  CHECK(*found[0].lead_saving == doctest::Approx(2 * kHour));
  CHECK(*found[0].lead_saving_hours_per_week == doctest::Approx(2));
  CHECK(found[1].steps == std::vector<std::string>{"side"});
  CHECK_FALSE(found[1].lead_saving);  // side runs beside the 6h loop: saves nothing
}

TEST_CASE("handoff-heavy fires above thresholds.handoffs, not at it") {
  // steps alternating ops, rev, ops, ...: n steps, n - 1 handoffs
  auto alternating = [](int n) {
    std::vector<std::string> steps;
    for (int i = 0; i < n; ++i)
      steps.push_back("id: s" + std::to_string(i) + ", role: " + (i % 2 ? "rev" : "ops") +
                      ", duration: 1h");
    return process("p", "", steps);
  };
  auto heavy = [&](int n, const Files& more = {}) {
    Files files{{"p.yaml", alternating(n)}};
    files.insert(files.end(), more.begin(), more.end());
    return only(process_findings_of(files), "handoff-heavy");
  };
  CHECK(heavy(6).empty());  // 5 handoffs: at the default 5
  Finding six = one(heavy(7));
  CHECK(six.process == "p");
  CHECK(six.steps.empty());
  CHECK(six.roles == std::vector<std::string>{"ops", "rev"});
  CHECK(finding_message(six) ==
        "the critical path of process 'p' changes hands 6 times (threshold 5); each handoff is a "
        "queue and a chance to lose context");
  CHECK_FALSE(six.lead_saving);  // no saving estimated
  Files two{{"opsflow.yaml", config("{thresholds: {handoffs: 2}}")}};
  CHECK(heavy(3, two).empty());      // 2 handoffs
  CHECK(heavy(4, two).size() == 1);  // 3 handoffs
}

TEST_CASE("the sink drops findings switched off in the Config or ignored on the step") {
  // 4h of 6h + 4h + 1h = 11h: a long wait (36%) unless switched off
  std::string off = config("{rules: {long-wait: off}}");
  CHECK(process_findings_of({{"p.yaml", waiting("4h")}, {"opsflow.yaml", off}}).empty());
  CHECK(process_findings_of({{"p.yaml", waiting("4h", ", ignore: [long-wait]")}}).empty());
  // ignoring another rule leaves long-wait alone; a Config can raise it
  CHECK(process_findings_of({{"p.yaml", waiting("4h", ", ignore: [non-value-add]")}}).size() == 1);
  std::string error = config("{rules: {long-wait: error}}");
  Finding raised = one(process_findings_of({{"p.yaml", waiting("4h")}, {"opsflow.yaml", error}}));
  CHECK(raised.severity == Severity::Error);

  // The sink itself: at() locates a finding at the document's id without a place of its own
  Loaded l =
      load_clean({{"p.yaml", waiting("4h")},
                  {"opsflow.yaml", config("{rules: {long-wait: info, merge-candidate: off}}")}});
  SeverityPolicy policy(l.model, {});
  std::vector<Finding> out;
  detail::FindingSink sink(l.model, policy, out);
  const Process& p = l.model.processes[0];
  Finding f = sink.at(rule::kLongWait, p, SourceLoc{});
  CHECK(f.file == "p.yaml");
  CHECK(f.loc.line == 3);  // metadata: {id: p, ...}
  CHECK(sink.at(rule::kLongWait, p, SourceLoc{7, 5}).loc == SourceLoc{7, 5});
  sink.add(f, Severity::Error);  // the Config's info wins over a proposed error
  Finding merge = sink.at(rule::kMergeCandidate, p, SourceLoc{});
  CHECK_FALSE(sink.settle(merge));  // off
  sink.add(merge);
  sink.add(sink.at(rule::kOverloadedRole, p, SourceLoc{}), Severity::Error);  // no setting
  REQUIRE(out.size() == 2);
  CHECK(out[0].severity == Severity::Info);
  CHECK(out[1].rule.id() == "overloaded-role");
  CHECK(out[1].severity == Severity::Error);
}

TEST_CASE(
    "overloaded-role from utilization-warn; people needed = the fewest members below warn, "
    "floor(demand / (capacity x warn)) + 1, minus the people") {
  // ops: 2 x 30h = 60h a week; one 1h step n times a week
  auto overloaded = [](int per_week, const Files& more = {}) {
    Files files{{"team.yaml", kTeam},
                {"p.yaml", process("p", std::to_string(per_week) + "/week",
                                   {"id: a, role: ops, duration: 1h"})}};
    files.insert(files.end(), more.begin(), more.end());
    return only(analyze_findings(files), "overloaded-role");
  };
  CHECK(overloaded(50).empty());  // 50 / 60 = 83%
  // 51 / 60 = 85% exactly: fires; 51 / (30 x 0.85) = 2 members reach 85%, so 3: 1 more
  CHECK(*one(overloaded(51)).people_needed == 1);
  Finding warn = one(overloaded(55));
  CHECK(warn.severity == Severity::Warning);
  CHECK_FALSE(warn.ranks_first);
  CHECK(warn.roles == std::vector<std::string>{"ops"});
  // 55 / 60 = 91.7%; ceil(55 / 25.5) - 2 = ceil(2.16) - 2 = 1
  CHECK(finding_message(warn) ==
        "role 'ops' is loaded at 92% (55.0h of work a week for 60.0h of capacity); 1 more member "
        "would bring it under 85% with a queue wait no longer than today's");
  // 3 members: 55 / 90 = 61%; M/M/3 with a = 55 / 30 = 1.833 and 1h jobs: Erlang C 0.3691,
  // wait 0.3691 x 1h / (3 - 1.833) = 0.32h (today, 2 members: 5.26h)
  CHECK(finding_change(warn) == "hire 1 (utilization 61%, queue wait 0.32h)");
  CHECK(*warn.people_needed == 1);
  // 60 / 60 = 100%: saturated, an error ranked first; ceil(60 / 25.5) - 2 = ceil(2.35) - 2 = 1
  Finding full = one(overloaded(60));
  CHECK(full.severity == Severity::Error);
  CHECK(full.ranks_first);
  CHECK(*full.people_needed == 1);
  // 100 / 60 = 167%: ceil(100 / 25.5) - 2 = ceil(3.92) - 2 = 2 (4 x 30h x 0.85 = 102h >= 100h)
  Finding far = one(overloaded(100));
  CHECK(*far.people_needed == 2);
  // 4 members: 100 / 120 = 83%; M/M/4, a = 3.333: Erlang C 0.6577, wait 0.6577 / 0.667 = 0.99h
  CHECK(finding_change(far) == "hire 2 (utilization 83%, queue wait 0.99h)");
  // utilization-warn 0.5: 46 / 60 = 77% fires; ceil(46 / (30 x 0.5)) - 2 = ceil(3.07) - 2 = 2
  Files half{{"opsflow.yaml", config("{thresholds: {utilization-warn: 0.5}}")}};
  Finding strict = one(overloaded(46, half));
  CHECK(*strict.people_needed == 2);
  CHECK(finding_message(strict).ends_with(
      "; 2 more members would bring it under 50% with a queue wait no longer than today's"));
}

TEST_CASE("overloaded-role: the members advised bring the role under the threshold, not onto it") {
  // ops: 2 x 30h. 153 runs of 30m = 76.5h a week (128%). With 3 members 76.5 / 90 = 85%
  // exactly, which still fires; with 4, 64%. So 2 more, not 1.
  Files files{{"team.yaml", kTeam},
              {"p.yaml", process("p", "153/week", {"id: a, role: ops, duration: 30m"})}};
  Finding f = one(only(analyze_findings(files), "overloaded-role"));
  CHECK(*f.people_needed == 2);
  // 4 members: M/M/4 with a = 76.5 / 30 = 2.55 and 30m jobs: Erlang C 0.3369, wait
  // 0.3369 x 0.5h / (4 - 2.55) = 0.12h
  CHECK(finding_change(f) == "hire 2 (utilization 64%, queue wait 0.12h)");
}

TEST_CASE("single-point-of-failure: one person, no backup, on a critical path") {
  std::string roles = role("solo", "{members: [ann]}") +
                      role("backed", "{members: [bo], backup: solo}") +
                      role("pair", "{members: [cy, di]}") + role("head", "{headcount: 1}") +
                      role("side", "{members: [ed]}");
  std::string p = process("p", "",
                          {"id: s1, role: solo, duration: 1h", "id: s2, role: backed, duration: 1h",
                           "id: s3, role: pair, duration: 1h", "id: s4, role: head, duration: 1h",
                           "id: s5, role: side, duration: 1m, after: []"});  // off the path
  std::string first = process("a-first", "", {"id: x, role: solo, duration: 1h"});
  Files files{{"team.yaml", roles}, {"p.yaml", p}, {"a.yaml", first}};
  std::vector<Finding> spof = only(analyze_findings(files), "single-point-of-failure");
  REQUIRE(spof.size() == 2);
  CHECK(spof[0].roles == std::vector<std::string>{"solo"});
  CHECK(finding_message(spof[0]) ==
        "role 'solo' has one member (ann) and no backup, and is on the critical path of a-first, "
        "p");
  // the least-loaded other role with named members (all are at 0%: the first, backed)
  CHECK(finding_change(spof[0]) ==
        "cross-train bo (backed, 0% utilized) in the role's work and make 'backed' its backup: 2 "
        "people could do it instead of 1");
  CHECK(*spof[0].people_needed == 1);
  CHECK(spof[1].roles == std::vector<std::string>{"head"});
  CHECK(finding_message(spof[1]) ==
        "role 'head' has one member and no backup, and is on the critical path of p");
  // only the selected processes count, and only the roles working in them are looked at
  Finding selected = one(only(analyze_findings(files, {{"a-first"}}), "single-point-of-failure"));
  CHECK(finding_message(selected).ends_with("is on the critical path of a-first"));
}

TEST_CASE("skill-gap per step; bus-factor when one person holds a needed skill") {
  std::string roles =
      role("one", "{headcount: 1, skills: [sql]}") + role("two", "{headcount: 2, skills: [sql]}") +
      role("named", "{members: [{name: ann, skills: [k8s]}, {name: bo, skills: [k8s]}]}");
  std::string p = process("p", "",
                          {"id: q1, role: one, duration: 1h, skills: [sql]",
                           "id: q2, role: one, duration: 1h, skills: [sql]",
                           "id: q3, role: two, duration: 1h, skills: [sql]",
                           "id: d1, role: named, duration: 1h, skills: [k8s, go]",
                           "id: d2, role: named, duration: 1h, skills: [go]"});
  std::vector<Finding> found = analyze_findings({{"team.yaml", roles}, {"p.yaml", p}});
  // one: headcount 1 with sql role-wide holds it alone; two: 2 people; named: 2 hold k8s
  Finding bus = one(only(found, "bus-factor"));
  CHECK(bus.roles == std::vector<std::string>{"one"});
  CHECK(bus.steps == std::vector<std::string>{"q1", "q2"});
  CHECK(finding_message(bus) == "only one person in role 'one' has skill 'sql', needed by 2 steps");
  // nobody else in 'one' and no backup: a member of the least-loaded role with named people
  CHECK(finding_change(bus) ==
        "cross-train ann (named, 0% utilized) in 'sql': 2 people would have it instead of 1 (the "
        "role's hours, and so its queue wait, stay as they are)");
  CHECK(bus.severity == Severity::Info);
  // nobody in named has go: one finding per step that needs it, at the skill
  std::vector<Finding> gaps = only(found, "skill-gap");
  REQUIRE(gaps.size() == 2);
  CHECK(gaps[0].steps == std::vector<std::string>{"d1"});
  CHECK(gaps[0].loc.line == 9);  // d1's line (header 5 lines, q1-q3 on 6-8)
  CHECK(gaps[1].steps == std::vector<std::string>{"d2"});
  CHECK(gaps[1].roles == std::vector<std::string>{"named"});
  CHECK(finding_message(gaps[1]) == "step 'd2' needs skill 'go', which nobody in role 'named' has");
  CHECK(finding_change(gaps[1]) == "train 1 person");
  CHECK(*gaps[1].people_needed == 1);
}

TEST_CASE("duplicate-work saves all the hours a week but the largest occurrence's") {
  std::string p1 = process("p1", "5/week", {"id: tidy, name: Tidy up!, role: ops, duration: 30m"});
  std::string p2 = process("p2", "2/week",
                           {"id: clean, name: tidy  UP, role: ops, duration: 30m",
                            "id: other, name: Tidy up, role: rev, duration: 30m"});
  std::string p3 = process("p3", "4/week",
                           {"id: wrap, name: Tidy up, role: ops, duration: 1h, probability: 0.5",
                            "id: again, name: Wrap, role: ops, duration: 1h",
                            "id: twice, name: Wrap, role: ops, duration: 1h"});
  std::string p4 = process("p4", "1/week", {"id: z, role: ops, duration: 1h"});
  Files files{{"team.yaml", kTeam}, {"p.yaml", p1 + "---\n" + p2 + "---\n" + p3 + "---\n" + p4}};
  // rev's "Tidy up" is another role; "Wrap" twice in p3 is one process: neither is duplicate work
  Finding dup = one(only(analyze_findings(files), "duplicate-work"));
  CHECK(dup.steps == std::vector<std::string>{"p1/tidy", "p2/clean", "p3/wrap"});
  CHECK(dup.process == "p2");  // the first occurrence outside p1
  CHECK(dup.roles == std::vector<std::string>{"ops"});
  CHECK(finding_message(dup) == "'tidy  UP' by role 'ops' is done in 3 processes: p1, p2, p3");
  CHECK(finding_change(dup) == "do it once and share the result");
  // p1 5 x 0.5h = 2.5h, p2 2 x 0.5h = 1h, p3 4 x 0.5 x 1h = 2h: 5.5h - 2.5h = 3h a week of work
  CHECK(*dup.work_saving_hours_per_week == doctest::Approx(3));
  CHECK_FALSE(dup.lead_saving);
  // reported when one of its processes is selected, through the sink's settings
  CHECK(only(analyze_findings(files, AnalyzeOptions{{"p3"}}), "duplicate-work").size() == 1);
  CHECK(only(analyze_findings(files, AnalyzeOptions{{"p4"}}), "duplicate-work").empty());
  files.emplace_back("opsflow.yaml", config("{rules: {duplicate-work: off}}"));
  CHECK(only(analyze_findings(files), "duplicate-work").empty());
}

TEST_CASE("a kept approval is never proposed for removal: halving its wait is") {
  // a 1h, then legal (approval, kept) wait 4h + 30m, then done 1h: lead 6.5h, 2/week.
  // Halving the wait: 1 + 2.5 + 1 = 4.5h, saves 2h per instance, 4h a week.
  std::string p = process(
      "p", "2/week",
      {"id: a, role: ops, duration: 1h",
       "id: legal, role: rev, type: approval, duration: 30m, wait: 4h, keep: \"Legal requires it\"",
       "id: done, role: ops, duration: 1h"});
  std::vector<Finding> found = process_findings_of({{"p.yaml", p}});
  Finding approval = one(only(found, "approval-on-critical-path"));
  CHECK(finding_change(approval) == "halve its wait (the step must stay)");
  CHECK(*approval.lead_saving == doctest::Approx(2 * kHour));
  CHECK(*approval.lead_saving_hours_per_week == doctest::Approx(4));
  // Its wait is 4h of 6.5h, a long wait: also halved, not removed.
  Finding wait = one(only(found, "long-wait"));
  CHECK(finding_change(wait) == "halve its wait (the step must stay)");
  // Without a wait there is nothing to propose.
  std::string no_wait =
      process("p", "2/week",
              {"id: a, role: ops, duration: 1h",
               "id: legal, role: rev, type: approval, duration: 30m, keep: \"Legal requires it\"",
               "id: done, role: ops, duration: 1h"});
  Finding none = one(only(process_findings_of({{"p.yaml", no_wait}}), "approval-on-critical-path"));
  CHECK(finding_change(none) == "none: the step must stay");
  CHECK_FALSE(none.lead_saving);
}

TEST_CASE("kept steps are not merge candidates, and kept non-value steps are not removed") {
  std::string p = process("p", "2/week",
                          {"id: a, role: ops, duration: 1h",
                           "id: log, role: ops, duration: 1h, keep: \"Audit trail\", value: none"});
  std::vector<Finding> found = process_findings_of({{"p.yaml", p}});
  CHECK(only(found, "merge-candidate").empty());
  CHECK(finding_change(one(only(found, "non-value-add"))) == "none: the step must stay");
}

TEST_CASE("a delay counts in the lead time but is never proposed for removal") {
  // a 1h; review: delay 30d, wait 2d, 1h. Lead = 1h + 30d + 2d + 1h = 32d 2h. The long wait's
  // saving removes the 2d wait only: 2d = 48h per instance.
  std::string p = process("p", "1/month",
                          {"id: a, role: ops, duration: 1h",
                           "id: review, role: ops, duration: 1h, delay: 30d, wait: 2d"});
  Loaded l = load_clean({{"p.yaml", p}});
  ProcessAnalysis a = analyze_process(l.model.processes.at(0));
  CHECK(a.lead_time == doctest::Approx((32 * 24 + 2) * kHour));
  CHECK(a.touch_time == doctest::Approx(2 * kHour));
  std::vector<Finding> found = process_findings_of({{"p.yaml", p}});
  // 2d of 32d 2h is 6%: below the default wait share, so no long-wait; the delay is not a wait.
  CHECK(only(found, "long-wait").empty());
  std::string waits = process("p", "1/month",
                              {"id: a, role: ops, duration: 1h",
                               "id: review, role: ops, duration: 1h, delay: 1d, wait: 2d"});
  // Lead 1h + 1d + 2d + 1h = 3d 2h; the wait (2d) is 65%: removing it saves exactly 2d.
  Finding wait = one(only(process_findings_of({{"p.yaml", waits}}), "long-wait"));
  CHECK(finding_change(wait) == "remove the wait");
  CHECK(*wait.lead_saving == doctest::Approx(48 * kHour));
}

TEST_CASE("an approval that some instances reach is never described as 'every instance'") {
  // route: quick (70%) or ok, an approval (30%) waiting 4h; then done. Reach of ok = 0.3.
  std::string p = process(
      "p", "10/week",
      {"id: route, role: ops, type: decision, duration: 5m, branches: [{to: quick, probability: "
       "0.7, when: small}, {to: ok, probability: 0.3, when: large}]",
       "id: quick, role: ops, duration: 10m",
       "id: ok, role: rev, type: approval, duration: 30m, wait: 4h",
       "id: done, role: ops, duration: 10m, after: [quick, ok]"});
  Loaded l = load_clean({{"p.yaml", p}});
  ProcessAnalysis a = analyze_process(l.model.processes.at(0));
  CHECK(a.steps[0].reach == doctest::Approx(1));
  CHECK(a.steps[1].reach == doctest::Approx(0.7));
  CHECK(a.steps[2].reach == doctest::Approx(0.3));
  CHECK(a.steps[3].reach == doctest::Approx(1));
  Finding f = one(only(process_findings_of({{"p.yaml", p}}), "approval-on-critical-path"));
  CHECK(finding_message(f) ==
        "approval step 'ok' is on the critical path: instances that reach it (30%) wait 4h for "
        "it and spend 30m in it");
}

TEST_CASE("work and role demand are weighted by reach: a branch's steps count for its share") {
  // 40/week. ops: check 10m (reach 1), route 2m (1), payout 5m (after ok, reach 0.3), follow 5m
  // (optional 50%, after quick or payout, so reached always: 0.5). rev: ok 15m (reach 0.3).
  // ops work = 10 + 2 + 0.3 x 5 + 0.5 x 5 = 16m an instance, x 40 = 640m = 10.67h a week;
  // rev = 0.3 x 15m x 40 = 180m = 3h a week. Counting every step as run gave 13h and 10h.
  // The process's work adds ok and the automated quick: 16 + 0.3 x 15 + 0.7 x 1 = 21.2m.
  std::string p = process(
      "p", "40/week",
      {"id: check, role: ops, duration: 10m",
       "id: route, role: ops, type: decision, duration: 2m, branches: [{to: quick, probability: "
       "0.7, when: small}, {to: ok, probability: 0.3, when: large}]",
       "id: quick, type: automated, duration: 1m",
       "id: ok, role: rev, type: approval, duration: 15m, wait: 4h",
       "id: payout, role: ops, duration: 5m",
       "id: follow, role: ops, duration: 5m, probability: 0.5, after: [quick, payout]"});
  Loaded l = load_clean({{"team.yaml", kTeam}, {"p.yaml", p}});
  SeverityPolicy policy(l.model, {});
  Analysis a = analyze(l.model, {}, policy);
  CHECK(a.processes.at(0).work_per_instance == doctest::Approx(21.2 * 60));
  CHECK(a.roles.at(0).demand_hours_per_week == doctest::Approx(640.0 / 60));
  CHECK(a.roles.at(1).demand_hours_per_week == doctest::Approx(3));
}

TEST_CASE("savings are expected over the scenarios: a change on a 30% branch saves 30% of it") {
  // 10/week. route 5m, then quick 10m (70%) or ok, an approval of 30m after a 4h wait (30%);
  // done 10m after either.
  // Scenario quick (0.7): 5 + 10 + 10 = 25m. Scenario ok (0.3): 5 + 240 + 30 + 10 = 285m.
  // Expected lead time 0.7 x 25 + 0.3 x 285 = 17.5 + 85.5 = 103m.
  std::string p = process(
      "p", "10/week",
      {"id: route, role: ops, type: decision, duration: 5m, branches: [{to: quick, probability: "
       "0.7, when: small}, {to: ok, probability: 0.3, when: large}]",
       "id: quick, role: ops, duration: 10m",
       "id: ok, role: rev, type: approval, duration: 30m, wait: 4h",
       "id: done, role: ops, duration: 10m, after: [quick, ok]"});
  Loaded l = load_clean({{"p.yaml", p}});
  ProcessAnalysis a = analyze_process(l.model.processes.at(0));
  CHECK(a.lead_time == doctest::Approx(103 * 60));
  CHECK(a.typical_lead_time == doctest::Approx(25 * 60));
  CHECK(a.critical_path == std::vector<std::size_t>{0, 1, 3});  // route > quick > done
  // Touch: 5 + 10 + 10 = 25m (0.7) and 5 + 30 + 10 = 45m (0.3): 17.5 + 13.5 = 31m; PCE 31 / 103.
  CHECK(a.touch_time == doctest::Approx(31 * 60));
  CHECK(*a.cycle_efficiency == doctest::Approx(31.0 / 103));
  // ok does not run in the typical scenario: no start, finish or slack there.
  CHECK_FALSE(a.steps[2].in_typical);
  CHECK(a.steps[3].in_typical);
  CHECK(a.steps[3].earliest_start == doctest::Approx(15 * 60));
  std::vector<Finding> found = process_findings_of({{"p.yaml", p}});

  // Without the approval, the ok scenario takes 5 + 10 = 15m: 0.3 x (285 - 15) = 81m saved an
  // instance, x 10/week = 13.5 hours of lead time a week; its work, 0.3 x 30m x 10 = 1.5 staff
  // hours a week, is freed.
  Finding approval = one(only(found, "approval-on-critical-path"));
  CHECK(finding_message(approval) ==
        "approval step 'ok' is on the critical path: instances that reach it (30%) wait 4h for "
        "it and spend 30m in it");
  CHECK(*approval.lead_saving == doctest::Approx(81 * 60));
  CHECK(*approval.lead_saving_hours_per_week == doctest::Approx(13.5));
  CHECK(*approval.work_saving_hours_per_week == doctest::Approx(1.5));

  // Its 4h wait (>= 30% of 103m): removing it saves 0.3 x 240m = 72m, 12 hours of lead time a
  // week; a wait is nobody's work.
  Finding wait = one(only(found, "long-wait"));
  CHECK(finding_message(wait) ==
        "step 'ok' waits 4h before it starts in the instances that reach it (30%); the expected "
        "lead time is 1h43m");
  CHECK(*wait.lead_saving == doctest::Approx(72 * 60));
  CHECK(*wait.lead_saving_hours_per_week == doctest::Approx(12));
  CHECK_FALSE(wait.work_saving_hours_per_week);

  // quick follows only route, by the same role, without a wait; but route is a decision and
  // quick one of its branches: one step would always run both, so no merge is proposed.
  CHECK(only(found, "merge-candidate").empty());
}

TEST_CASE("a merge that would lengthen the lead time is no merge candidate") {
  // a 1h; b 1h after a (same role, no wait); c 1h after a (rev). Lead: max(a+b, a+c) = 2h.
  // Merged, a+b take 2h and c starts after them: 3h. Longer, so b is no merge candidate.
  std::vector<Finding> longer = process_findings_of(
      {{"p.yaml", process("p", "1/week",
                          {"id: a, role: ops, duration: 1h", "id: b, role: ops, duration: 1h",
                           "id: c, role: rev, duration: 1h, after: [a]"})}});
  CHECK(only(longer, "merge-candidate").empty());
  // Without c the merge changes nothing in lead time (2h either way): proposed, saving nothing.
  Finding same =
      one(only(process_findings_of({{"p.yaml", process("p", "1/week",
                                                       {"id: a, role: ops, duration: 1h",
                                                        "id: b, role: ops, duration: 1h"})}}),
               "merge-candidate"));
  CHECK(same.steps == std::vector<std::string>{"a", "b"});
  CHECK_FALSE(same.lead_saving);
  CHECK_FALSE(same.work_saving_hours_per_week);
  CHECK(finding_change(same) == "merge into one step");
}

TEST_CASE("removing a step frees its work weighted by reach, with the rework its loop caused") {
  // 4/week. a 1h; tidy (value: none) 30m, optional 50%; fix (value: none) 2h loops back to a
  // with p 0.5: the loop body a, tidy, fix repeats x2.
  std::vector<Finding> found = process_findings_of(
      {{"p.yaml", process("p", "4/week",
                          {"id: a, role: ops, duration: 1h",
                           "id: tidy, role: ops, duration: 30m, value: none, probability: 0.5",
                           "id: fix, role: ops, duration: 2h, value: none, rework: {to: a, "
                           "probability: 0.5}"})}});
  std::vector<Finding> removals = only(found, "non-value-add");
  REQUIRE(removals.size() == 2);
  // tidy: when it runs (0.5) it takes 30m x 2 = 1h: saves 0.5 x 1h = 30m an instance, 2 hours of
  // lead time a week; its work 0.5 x 30m x 2 x 4/week = 2 staff hours a week.
  const Finding& tidy = removals[0];
  CHECK(tidy.steps == std::vector<std::string>{"tidy"});
  CHECK(*tidy.lead_saving == doctest::Approx(30 * 60));
  CHECK(*tidy.lead_saving_hours_per_week == doctest::Approx(2));
  CHECK(*tidy.work_saving_hours_per_week == doctest::Approx(2));
  // fix, and with it the loop: tidy runs (0.5): (1 + 0.5 + 2) x 2 = 7h becomes 1.5h, saves 5.5h;
  // skipped (0.5): (1 + 2) x 2 = 6h becomes 1h, saves 5h. Expected 5.25h, x 4 = 21h a week.
  // Work: a 1 x 2 + tidy 0.5 x 0.5 x 2 + fix 2 x 2 = 6.5h an instance; after, a 1h and tidy
  // 0.25h: 5.25h freed an instance, 21 staff hours a week.
  const Finding& fix = removals[1];
  CHECK(fix.steps == std::vector<std::string>{"fix"});
  CHECK(*fix.lead_saving == doctest::Approx(5.25 * kHour));
  CHECK(*fix.lead_saving_hours_per_week == doctest::Approx(21));
  CHECK(*fix.work_saving_hours_per_week == doctest::Approx(21));
}

TEST_CASE("sla-at-risk: expected wait + duration above the step's SLA, and what meeting it saves") {
  // 5/week. a 1h; b waits 3h, works 30m, SLA 1h: 3h30m > 1h. Cutting its wait to 30m (SLA -
  // duration) takes 2h30m off the 4h30m lead time: 12.5 hours of lead time a week; a wait is no
  // one's work.
  Finding f = one(only(
      process_findings_of({{"p.yaml", process("p", "5/week",
                                              {"id: a, role: ops, duration: 1h",
                                               "id: b, role: ops, duration: 30m, wait: 3h, sla: "
                                               "1h"})}}),
      "sla-at-risk"));
  CHECK(
      finding_message(f) ==
      "step 'b' takes 3h30m from being reached to done (3h wait + 30m work), above its SLA of 1h");
  CHECK(finding_change(f) == "cut its wait to 30m");
  CHECK(*f.lead_saving == doctest::Approx(2.5 * kHour));
  CHECK(*f.lead_saving_hours_per_week == doctest::Approx(12.5));
  CHECK_FALSE(f.work_saving_hours_per_week);
  // Work alone above the SLA: nothing to cut but the work.
  Finding work = one(
      only(process_findings_of(
               {{"p.yaml", process("p", "5/week", {"id: b, role: ops, duration: 2h, sla: 1h"})}}),
           "sla-at-risk"));
  CHECK(finding_change(work) == "shorten the work itself: its duration alone exceeds the SLA");
  CHECK_FALSE(work.lead_saving);
}
