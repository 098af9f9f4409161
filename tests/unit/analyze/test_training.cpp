// Training in the analysis (SPEC §4): capacity counted from training records, the Erlang C queue
// and staffing against a published table, and the findings untrained-member, retraining-due and
// cross-training, each computed by hand.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "opsflow/analyze/analyze.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

// A process at version 2, one step a line.
std::string process(const std::string& id, const std::string& frequency,
                    const std::vector<std::string>& steps, const std::string& version = "2") {
  std::string text = "apiVersion: opsflow/v1\nkind: Process\nmetadata: {id: " + id +
                     ", owner: ops, version: " + version + "}\nspec:\n  frequency: " + frequency +
                     "\n  steps:\n";
  for (const std::string& step : steps) text += "    - {" + step + "}\n";
  return text;
}

std::string role(const std::string& id, const std::string& spec) {
  return "apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: " + id + "}\nspec: " + spec +
         "\n---\n";
}

std::string trained(const std::string& process, const std::string& version,
                    const std::string& date = "2026-01-05") {
  return "{process: " + process + ", version: " + version + ", date: " + date + "}";
}

// Findings point into their model, so it lives as long as the test run.
Loaded& kept(const Files& files) {
  static std::deque<Loaded> models;
  Loaded& l = models.emplace_back(load_files(files));
  for (const Diagnostic& d : l.diagnostics)
    FAIL_CHECK(d.file << ":" << d.loc.line << ": " << d.message);
  return l;
}

Analysis analysis_of(const Files& files, std::int64_t today = days_from_civil(2026, 3, 1)) {
  Loaded& l = kept(files);
  SeverityPolicy policy(l.model, {});
  AnalyzeOptions options;
  options.today = today;
  return analyze(l.model, options, policy);
}

const RoleLoad& load_of(const Analysis& a, std::string_view role) {
  for (const RoleLoad& l : a.roles) {
    if (l.role->meta.id.value == role) return l;
  }
  FAIL("no role " << role);
  return a.roles.front();
}

std::vector<const Finding*> only(const Analysis& a, std::string_view rule) {
  std::vector<const Finding*> out;
  for (const Finding& f : a.findings) {
    if (f.rule.id() == rule) out.push_back(&f);
  }
  return out;
}

}  // namespace

TEST_CASE("one process: an untrained member's hours do not count, and training them is worth") {
  // ops: 2 x 30h; p: 20 runs a week of 1h = 20h. ann is on the current version 2, bo on 1.
  Files files{{"team.yaml", role("ops", "{capacity: 30h/week, members: [{name: ann, trained: [" +
                                            trained("p", "2") + "]}, {name: bo, trained: [" +
                                            trained("p", "1") + "]}]}")},
              {"p.yaml", process("p", "20/week", {"id: a, role: ops, duration: 1h"})}};
  Analysis a = analysis_of(files);
  const RoleLoad& ops = load_of(a, "ops");
  CHECK(ops.training_counted);
  CHECK(ops.full_capacity_hours_per_week == doctest::Approx(60));
  CHECK(ops.capacity_hours_per_week == doctest::Approx(30));  // ann only
  CHECK(ops.member_share == std::vector<double>{1, 0});
  CHECK(*ops.utilization == doctest::Approx(20.0 / 30));
  // c = floor(30 / 30) = 1: M/M/1 with rho 2/3 and 1h jobs waits rho / (1 - rho) x 1h = 2h
  CHECK(ops.servers == 1);
  CHECK(*ops.queue_wait_hours == doctest::Approx(2.0));
  // bo trained: 60h, c = 2, a = 2/3; Erlang C = 2 rho^2 / (1 + rho) = 1/6 with rho = 1/3, and
  // the wait 1/6 x 1h / (2 - 2/3) = 0.125h
  auto untrained = only(a, "untrained-member");
  REQUIRE(untrained.size() == 1);
  const Finding& f = *untrained[0];
  CHECK(finding_subject(f) == "ops: bo");
  CHECK(f.severity == Severity::Warning);
  CHECK(finding_message(f) ==
        "bo in role 'ops' is not trained on the current SOP of p (version 2; trained on 1); "
        "training makes 30.0h a week of theirs count: utilization from 67% to 33%, queue wait "
        "from 2.00h to 0.12h");
  CHECK(finding_change(f) == "train them on the current SOP");
  const auto& said = std::get<facts::UntrainedMember>(f.facts);
  CHECK(said.gain_hours == doctest::Approx(30));
  CHECK(*said.wait_after == doctest::Approx(0.125));
  // SPEC §4 staffing: the fewest fully trained members with utilization <= 85% and a wait no
  // longer than 2h: 1 member is 67% and 2h exactly, so 1
  CHECK(*ops.staffing == 1);
}

TEST_CASE("two processes, partial training: a member counts for the share of demand trained on") {
  // p: 10 runs of 1h = 10h; q: 20 runs of 30m = 10h; demand 20h in 30 jobs (40m each).
  // ann is trained on both (30h), bo on p only (half the demand: 15h): 45h counted.
  Files files{
      {"team.yaml", role("ops", "{capacity: 30h/week, members: [{name: ann, trained: [" +
                                    trained("p", "2") + ", " + trained("q", "2") +
                                    "]}, {name: bo, trained: [" + trained("p", "2") + "]}]}")},
      {"p.yaml", process("p", "10/week", {"id: a, role: ops, duration: 1h"})},
      {"q.yaml", process("q", "20/week", {"id: b, role: ops, duration: 30m"})}};
  Analysis a = analysis_of(files);
  const RoleLoad& ops = load_of(a, "ops");
  CHECK(ops.member_share[0] == doctest::Approx(1));
  CHECK(ops.member_share[1] == doctest::Approx(0.5));
  CHECK(ops.capacity_hours_per_week == doctest::Approx(45));
  CHECK(*ops.utilization == doctest::Approx(20.0 / 45));
  // c = floor(45 / 30) = 1, a = 4/9: M/M/1 waits (4/9) / (5/9) x 40m = 0.533h
  CHECK(ops.servers == 1);
  CHECK(*ops.queue_wait_hours == doctest::Approx(0.5333).epsilon(1e-3));
  const Finding& f = *only(a, "untrained-member").at(0);
  CHECK(finding_message(f) ==
        "bo in role 'ops' is not trained on the current SOP of q (version 2; no record); training "
        "makes 15.0h a week of theirs count: utilization from 44% to 33%, queue wait from 0.53h "
        "to 0.08h");  // 60h: c = 2, a = 2/3, Erlang C 1/6, wait 1/6 x 40m / (4/3) = 0.083h
  // A role that records no training counts everyone fully and has no training findings
  Files untracked{
      {"team.yaml", role("ops", "{capacity: 30h/week, members: [ann, bo]}")}, files[1], files[2]};
  Analysis plain = analysis_of(untracked);
  CHECK_FALSE(load_of(plain, "ops").training_counted);
  CHECK(load_of(plain, "ops").capacity_hours_per_week == doctest::Approx(60));
  CHECK(only(plain, "untrained-member").empty());
}

TEST_CASE("an overloaded role that records training: hire or train, with the effect of each") {
  // p: 28 runs of 1h = 28h; ann trained (30h), bo not at all: 93%, over 85%.
  Files files{{"team.yaml", role("ops", "{capacity: 30h/week, members: [{name: ann, trained: [" +
                                            trained("p", "2") + "]}, {name: bo, trained: []}]}")},
              {"p.yaml", process("p", "28/week", {"id: a, role: ops, duration: 1h"})}};
  Analysis a = analysis_of(files);
  const Finding& f = *only(a, "overloaded-role").at(0);
  CHECK(finding_message(f) ==
        "role 'ops' is loaded at 93% (28.0h of work a week for 30.0h of capacity counted from "
        "training, of 60.0h); 1 more fully trained member would bring it under 85% with a queue "
        "wait no longer than today's");
  // Either way 60h: 47%, c = 2, a = 0.933; Erlang C 2 rho^2 / (1 + rho) with rho = 0.467:
  // 0.2971, wait 0.2971 x 1h / (2 - 0.933) = 0.28h (today 0.933 / 0.067 = 14h)
  CHECK(finding_change(f) ==
        "hire 1 (utilization 47%, queue wait 0.28h), or train bo on the SOPs they lack "
        "(utilization 47%, queue wait 0.28h)");
  CHECK(*f.people_needed == 1);
  // Nobody trained at all: no capacity counts, the queue never drains
  Files none{{"team.yaml", role("ops",
                                "{capacity: 30h/week, members: [{name: ann, trained: "
                                "[]}, {name: bo, trained: []}]}")},
             files[1]};
  Analysis b = analysis_of(none);
  const Finding& g = *only(b, "overloaded-role").at(0);
  CHECK(g.severity == Severity::Error);
  CHECK(finding_message(g) ==
        "role 'ops' has 28.0h of work a week but nobody trained on its current SOPs to do it, so "
        "its queue grows without bound; 2 more fully trained members would bring it under 85%");
  // training one is not enough (93%); both are: 47%
  CHECK(finding_change(g) ==
        "hire 2 (utilization 47%, queue wait 0.28h), or train ann, bo on the SOPs they lack "
        "(utilization 47%, queue wait 0.28h)");
}

TEST_CASE("Erlang C and staffing against a published table: 10 Erlangs, 3-minute jobs") {
  // The classic call-centre example: 100 calls in 30 minutes of 180 s each = 10 Erlangs. The
  // published Erlang C table gives the probability of waiting and the average speed of answer:
  // 11 agents 68.21%, 122.8 s; 12: 44.94%, 40.4 s; 13: 28.54%, 17.1 s; 14: 17.41%, 7.8 s;
  // 15: 10.20%, 3.7 s. Here: 400h of demand a week in 8000 jobs (3 minutes) with 40h members.
  const double demand = 400, arrivals = 8000, per_member = 40;
  struct Row {
    int agents;
    double waits, seconds;
  };
  for (Row row : {Row{11, 0.6821, 122.8}, Row{12, 0.4494, 40.4}, Row{13, 0.2853, 17.1},
                  Row{14, 0.1741, 7.8}, Row{15, 0.1020, 3.7}}) {
    CAPTURE(row.agents);
    RoleQueue q = role_queue(demand, arrivals, row.agents * per_member, per_member);
    CHECK(q.servers == row.agents);
    CHECK(*q.wait_probability == doctest::Approx(row.waits).epsilon(0.0005));
    CHECK(std::abs(*q.wait_hours * 3600 - row.seconds) < 0.05);  // the table's 0.1 s rounding
  }
  // The fewest agents at or under 85% (10 / 0.85 = 11.8: 12) with a wait no longer than today's
  CHECK(*staffing_needed(demand, arrivals, per_member, 0.85, std::nullopt) == 12);
  RoleQueue at12 = role_queue(demand, arrivals, 12 * per_member, per_member);
  CHECK(*staffing_needed(demand, arrivals, per_member, 0.85, at12.wait_hours) == 12);
  CHECK(*staffing_needed(demand, arrivals, per_member, 0.85, 20.0 / 3600) == 13);  // 17.1 s
  CHECK(*staffing_needed(demand, arrivals, per_member, 0.85, 5.0 / 3600) == 15);   // 3.7 s
  CHECK(*staffing_needed(demand, arrivals, per_member, 0.7, std::nullopt) == 15);  // 14.3
  // Nothing to staff without demand or a capacity per member
  CHECK_FALSE(staffing_needed(0, 0, per_member, 0.85, std::nullopt));
  CHECK_FALSE(staffing_needed(demand, arrivals, 0, 0.85, std::nullopt));
}

TEST_CASE("retraining-due: a current training older than retrain-days") {
  // ann was trained on version 2 on 2025-01-01; on 2026-01-10 that is 374 days
  Files files{{"team.yaml", role("ops", "{members: [{name: ann, trained: [" +
                                            trained("p", "2", "2025-01-01") + "]}]}")},
              {"p.yaml", process("p", "1/week", {"id: a, role: ops, duration: 1h"})}};
  std::int64_t day = days_from_civil(2026, 1, 10);
  Analysis a = analysis_of(files, day);
  auto due = only(a, "retraining-due");
  REQUIRE(due.size() == 1);
  CHECK(finding_subject(*due[0]) == "ops: ann");
  CHECK(due[0]->process == "p");
  CHECK(due[0]->loc.line == 4);  // the record
  CHECK(finding_message(*due[0]) ==
        "ann in role 'ops' was trained on version 2 of process 'p' on 2025-01-01, 374 days ago; "
        "training is due again after 365 days");
  CHECK(finding_change(*due[0]) == "retrain on the current SOP and record the new date");
  CHECK(only(a, "untrained-member").empty());                          // due is still trained
  CHECK(only(analysis_of(files, day - 9), "retraining-due").empty());  // 365 days: not yet
  Files longer = files;
  longer.push_back({"opsflow.yaml",
                    "apiVersion: opsflow/v1\nkind: Config\nmetadata: {id: c}\nspec: {thresholds: "
                    "{retrain-days: 400}}\n"});
  CHECK(only(analysis_of(longer, day), "retraining-due").empty());
  // A process without a version is trained on without one
  Files unversioned{
      {"team.yaml",
       role("ops", "{members: [{name: ann, trained: [{process: p, date: 2025-01-01}]}]}")},
      {"p.yaml",
       "apiVersion: opsflow/v1\nkind: Process\nmetadata: {id: p, owner: ops}\nspec:\n"
       "  frequency: 1/week\n  steps: [{id: a, role: ops, duration: 1h}]\n"}};
  Analysis u = analysis_of(unversioned, day);
  CHECK(finding_message(*only(u, "retraining-due").at(0)) ==
        "ann in role 'ops' was trained on process 'p' on 2025-01-01, 374 days ago; training is "
        "due again after 365 days");
  CHECK(only(u, "untrained-member").empty());
}

TEST_CASE("cross-training: a member of the same role, of the backup role, or of the least loaded") {
  // sql is held by ann alone in ops; bo could learn it
  std::string team =
      role("ops", "{members: [{name: ann, skills: [sql]}, bo], backup: rev}") +
      role("rev", "{members: [cy]}") + role("busy", "{members: [di], capacity: 10h/week}") +
      role("calm", "{members: [ed, fay], capacity: 40h/week}") + role("solo", "{members: [gus]}");
  std::string p = process("p", "5/week",
                          {"id: a, role: ops, duration: 1h, skills: [sql]",
                           "id: b, role: busy, duration: 1h", "id: c, role: calm, duration: 1h",
                           "id: d, role: solo, duration: 2h", "id: e, role: rev, duration: 1h"});
  Analysis a = analysis_of({{"team.yaml", team}, {"p.yaml", p}});
  const Finding& bus = *only(a, "bus-factor").at(0);
  CHECK(finding_change(bus) ==
        "train bo in 'sql': 2 people would have it instead of 1 (the role's hours, and so its "
        "queue wait, stay as they are)");
  // solo: one member, no backup, on the critical path; the least loaded other role is calm
  // (5h of 80h: 6%), before ops (5h of 64h: 8%), rev (5h of 32h: 16%), busy (50%)
  // Its queue: 5 jobs of 2h in 32h, M/M/1 rho 0.3125: 0.3125 / 0.6875 x 2h = 0.91h; with a
  // second member's 32h, M/M/2 rho 0.156: Erlang C 2 rho^2 / (1 + rho) = 0.0422, x 2h / 1.6875
  // = 0.05h
  auto spofs = only(a, "single-point-of-failure");
  auto solo = std::find_if(spofs.begin(), spofs.end(), [](const Finding* f) {
    return f->roles == std::vector<std::string>{"solo"};
  });
  REQUIRE(solo != spofs.end());
  const Finding& spof = **solo;
  CHECK(
      finding_change(spof) ==
      "cross-train ed (calm, 6% utilized) in the role's work and make 'calm' its backup: 2 people "
      "could do it instead of 1; with a second member's hours, the queue wait goes from 0.91h "
      "to 0.05h");
  // rev (one member, cy) backs ops; when only ann and no one else in ops, cy is asked
  std::string alone = role("ops", "{members: [{name: ann, skills: [sql]}], backup: rev}") +
                      role("rev", "{members: [cy]}");
  Analysis b = analysis_of({{"team.yaml", alone},
                            {"p.yaml", process("p", "5/week",
                                               {"id: a, role: ops, duration: 1h, skills: [sql]",
                                                "id: e, role: rev, duration: 1h"})}});
  CHECK(finding_change(*only(b, "bus-factor").at(0)) ==
        "cross-train cy (backup role rev, 16% utilized) in 'sql': 2 people would have it instead "
        "of 1 (the role's hours, and so its queue wait, stay as they are)");
}

TEST_CASE("untrained-member says when what training is worth cannot be estimated") {
  // q has no frequency: bo lacks only q, which adds no hours
  Files files{{"team.yaml", role("ops", "{capacity: 30h/week, members: [{name: ann, trained: [" +
                                            trained("p", "2") + ", " + trained("q", "2") +
                                            "]}, {name: bo, "
                                            "trained: [" +
                                            trained("p", "2") + "]}]}")},
              {"p.yaml", process("p", "10/week", {"id: a, role: ops, duration: 1h"})},
              {"q.yaml",
               "apiVersion: opsflow/v1\nkind: Process\nmetadata: {id: q, owner: ops, version: "
               "2}\nspec:\n  steps: [{id: b, role: ops, duration: 1h}]\n"}};
  Analysis a = analysis_of(files);
  const Finding& f = *only(a, "untrained-member").at(0);
  CHECK(finding_message(f) ==
        "bo in role 'ops' is not trained on the current SOP of q (version 2; no record); the work "
        "it lacks has no frequency, so what training is worth is not estimated");
  // Nobody trained: training one makes 30h count where none counts now (10h in 10 jobs: M/M/1
  // rho 1/3 waits 0.5 x 1h)
  Files none{
      {"team.yaml", role("ops", "{capacity: 30h/week, members: [{name: ann, trained: []}]}")},
      files[1]};
  Analysis b = analysis_of(none);
  const Finding& g = *only(b, "untrained-member").at(0);
  CHECK(finding_message(g).ends_with(
      "training makes 30.0h a week of theirs count where none counts now: utilization 33%, queue "
      "wait 0.50h"));
}

TEST_CASE("staffing of a role that records no training and is under the threshold is its people") {
  // 12 people and one 20-minute job a week: every member less lengthens the (tiny) wait
  Files files{{"team.yaml", role("ops", "{headcount: 12, capacity: 30h/week}")},
              {"p.yaml", process("p", "1/week", {"id: a, role: ops, duration: 20m"})}};
  CHECK(*load_of(analysis_of(files), "ops").staffing == 12);
}

TEST_CASE("'trained:' with nothing after it records nothing; 'trained: []' records no training") {
  std::string p = process("p", "10/week", {"id: a, role: ops, duration: 1h"});
  Analysis blank = analysis_of(
      {{"team.yaml", role("ops", "{capacity: 30h/week, members: [{name: ann, trained: }]}")},
       {"p.yaml", p}});
  CHECK_FALSE(load_of(blank, "ops").training_counted);
  Analysis empty = analysis_of(
      {{"team.yaml", role("ops", "{capacity: 30h/week, members: [{name: ann, trained: []}]}")},
       {"p.yaml", p}});
  CHECK(load_of(empty, "ops").training_counted);
  CHECK(load_of(empty, "ops").capacity_hours_per_week == 0);
}
