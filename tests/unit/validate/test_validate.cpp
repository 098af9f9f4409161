#include <doctest/doctest.h>

#include "helpers.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {

std::string process(const std::string& steps, const std::string& extra_spec = "  goals: [fast]\n") {
  return "apiVersion: opsflow/v1\nkind: Process\nmetadata: {id: p, owner: ops}\nspec:\n" +
         extra_spec + "  steps:\n" + steps;
}

std::vector<Diagnostic> check_process(const std::string& steps,
                                      const std::string& extra_spec = "  goals: [fast]\n") {
  return check(
      {{"roles.yaml", kRole}, {"goals.yaml", kGoal}, {"p.yaml", process(steps, extra_spec)}});
}

}  // namespace

TEST_CASE("a complete small repository is clean") {
  auto d = check_process(
      "    - {id: a, role: ops, duration: 10m}\n    - {id: b, role: ops, duration: 5m}\n");
  CHECK(rules_of(d).empty());
}

TEST_CASE("unknown references suggest the closest id") {
  auto d = check_process(R"(    - {id: detect, role: ops, duration: 1m}
    - {id: fix, role: opz, duration: 1m, after: [detetc], consulted: [nobody]}
)");
  const Diagnostic* step = find(d, "unknown-step");
  REQUIRE(step);
  CHECK(step->message == "step 'fix' runs after unknown step 'detetc' (did you mean 'detect'?)");
  const Diagnostic* role = find(d, "unknown-role");
  REQUIRE(role);
  CHECK(role->message == "role 'opz' does not exist (did you mean 'ops'?)");
  auto rules = rules_of(d);
  CHECK(std::count(rules.begin(), rules.end(), "unknown-role") == 2);
}

TEST_CASE("a cycle is named in flow order and its followers cannot start") {
  auto d = check_process(R"(    - {id: a, role: ops, duration: 1m, after: [c]}
    - {id: b, role: ops, duration: 1m, after: [a]}
    - {id: c, role: ops, duration: 1m, after: [b]}
    - {id: d, role: ops, duration: 1m, after: [c]}
)");
  const Diagnostic* cycle = find(d, "cycle");
  REQUIRE(cycle);
  CHECK(cycle->message == "steps wait on each other in a cycle: a -> b -> c -> a");
  CHECK(cycle->loc.line == 7);  // the after: [c] of step a
  const Diagnostic* unreachable = find(d, "unreachable-step");
  REQUIRE(unreachable);
  CHECK(unreachable->message == "step 'd' can never start: it waits on steps caught in a cycle");
}

TEST_CASE("a long cycle shows its first steps and how many more there are") {
  std::string steps = "    - {id: s0, role: ops, duration: 1m, after: [s29]}\n";
  for (int i = 1; i < 30; ++i) {
    steps += "    - {id: s" + std::to_string(i) + ", role: ops, duration: 1m, after: [s" +
             std::to_string(i - 1) + "]}\n";
  }
  auto d = check_process(steps);
  const Diagnostic* cycle = find(d, "cycle");
  REQUIRE(cycle);
  CHECK(
      cycle->message ==
      std::string(
          "steps wait on each other in a cycle: s0 -> s1 -> s2 -> s3 -> s4 -> s5 -> s6 -> s7 -> s8 "
          "-> s9 -> … (20 more steps) -> s0"));
}

TEST_CASE("rework must loop back upstream") {
  auto d = check_process(R"(    - {id: a, role: ops, duration: 1m}
    - {id: b, role: ops, duration: 1m, after: []}
    - {id: c, role: ops, duration: 1m, after: [a], rework: {to: b, probability: 0.1}}
    - {id: e, role: ops, duration: 1m, after: [b, c], rework: {to: a, probability: 0.1}}
)");
  auto rules = rules_of(d);
  CHECK(std::count(rules.begin(), rules.end(), "rework-not-upstream") == 1);
  CHECK(find(d, "rework-not-upstream")->message ==
        "step 'c' reworks to 'b', which does not come before it");
}

TEST_CASE("rework that makes a step run more than 100 times per instance is an error") {
  SUBCASE("nested loops multiply: 10 x 10 x 2 = 200 runs of b") {
    auto d = check_process(R"(    - {id: a, role: ops, duration: 1m}
    - {id: b, role: ops, duration: 1m, rework: {to: a, probability: 0.9}}
    - {id: c, role: ops, duration: 1m, rework: {to: a, probability: 0.9}}
    - {id: e, role: ops, duration: 1m, rework: {to: b, probability: 0.5}}
)");
    const Diagnostic* runaway = find(d, "excessive-rework");
    REQUIRE(runaway);
    CHECK(runaway->severity == Severity::Error);
    CHECK(runaway->loc.line == 8);  // the probability of b's loop (the first of the likeliest)
    CHECK(
        runaway->message ==
        "with its rework loops, step 'b' runs 200 times per instance on average (at most 100 make "
        "sense); the loop of step 'b' alone repeats 10 times");
  }
  SUBCASE("loops one after the other do not multiply, however many") {
    // Five loops of p = 0.7 (3.3 runs each): their product is above 100, but no step is in two.
    auto d = check_process(R"(    - {id: a1, role: ops, duration: 1m}
    - {id: b1, role: ops, duration: 1m, rework: {to: a1, probability: 0.7}}
    - {id: a2, role: ops, duration: 1m}
    - {id: b2, role: ops, duration: 1m, rework: {to: a2, probability: 0.7}}
    - {id: a3, role: ops, duration: 1m}
    - {id: b3, role: ops, duration: 1m, rework: {to: a3, probability: 0.7}}
    - {id: a4, role: ops, duration: 1m}
    - {id: b4, role: ops, duration: 1m, rework: {to: a4, probability: 0.7}}
    - {id: a5, role: ops, duration: 1m}
    - {id: b5, role: ops, duration: 1m, rework: {to: a5, probability: 0.7}}
)");
    CHECK_FALSE(find(d, "excessive-rework"));
  }
}

TEST_CASE("a duration baseline or target needs a metric measured in time") {
  std::string goal = kGoal;
  goal.replace(goal.find("unit: hours"), 11, "unit: count");
  auto d = check({{"roles.yaml", kRole}, {"goals.yaml", goal}});
  auto rules = rules_of(d);
  CHECK(std::count(rules.begin(), rules.end(), "invalid-value") == 2);
  const Diagnostic* bad = find(d, "invalid-value");
  REQUIRE(bad);
  CHECK(bad->message ==
        "the baseline of key result 'lead' of goal 'fast' is a duration, but metric 'lead' is "
        "measured in 'count'");
  CHECK(bad->loc.line == 7);
  // In hours (kGoal as it is) the durations convert: no problem.
  CHECK_FALSE(find(check({{"roles.yaml", kRole}, {"goals.yaml", kGoal}}), "invalid-value"));
}

TEST_CASE("a key result whose target is its baseline measures nothing") {
  std::string goal = kGoal;
  goal.replace(goal.find("target: 1h"), 10, "target: 4h");
  auto d = check({{"roles.yaml", kRole}, {"goals.yaml", goal}});
  const Diagnostic* smart = find(d, "goal-not-smart");
  REQUIRE(smart);
  CHECK(smart->message ==
        "goal 'fast' is not SMART: key result 'lead' has its target equal to its baseline");
}

TEST_CASE("more than one end step is information") {
  auto d = check_process(R"(    - {id: a, role: ops, duration: 1m}
    - {id: b, role: ops, duration: 1m, after: [a]}
    - {id: c, role: ops, duration: 1m, after: [a]}
)");
  const Diagnostic* ends = find(d, "multiple-end-steps");
  REQUIRE(ends);
  CHECK(ends->severity == Severity::Info);
  CHECK(ends->message == "process 'p' ends in 2 steps: b, c");
}

TEST_CASE("responsibilities") {
  SUBCASE("only automated steps may lack a role") {
    auto d = check_process(
        "    - {id: a, duration: 1m}\n    - {id: b, type: automated, duration: 1m}\n");
    CHECK(rules_of(d) == std::vector<std::string>{"missing-responsible"});
  }
  SUBCASE("approval by the role that did the step before") {
    auto d = check_process(
        "    - {id: a, role: ops, duration: 1m}\n    - {id: ok, role: ops, type: approval, "
        "duration: 1m}\n");
    REQUIRE(find(d, "self-approval"));
    CHECK(find(d, "self-approval")->message ==
          "approval step 'ok' is given by role 'ops', which also did step 'a' just before it");
  }
  SUBCASE("roles without capacity and unused roles") {
    auto d = check(
        {{"roles.yaml",
          std::string(kRole) + "---\napiVersion: opsflow/v1\nkind: Role\nmetadata: {id: idle}\n"},
         {"goals.yaml", kGoal},
         {"p.yaml", process("    - {id: a, role: ops, duration: 1m}\n")}});
    CHECK(find(d, "no-capacity")->message == "role 'idle' has no members and no headcount");
    CHECK(find(d, "unused-role")->message ==
          "role 'idle' is not used by any step, owner or other role");
  }
}

TEST_CASE("goals must be SMART and served") {
  auto d = check({{"roles.yaml", kRole},
                  {"g.yaml", R"(apiVersion: opsflow/v1
kind: Goal
metadata: {id: vague}
spec:
  objective: Be better
  keyResults: [{metric: lead}]
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: lead, owner: ops}
spec: {unit: hours, direction: lower-is-better}
)"},
                  {"p.yaml", process("    - {id: a, role: ops, duration: 1m}\n", "")}});
  const Diagnostic* smart = find(d, "goal-not-smart");
  REQUIRE(smart);
  CHECK(smart->message ==
        "goal 'vague' is not SMART: no target for key result 'lead', no period, no owner");
  CHECK(find(d, "missing-baseline"));
  CHECK(find(d, "goal-not-served"));
  CHECK(find(d, "process-without-goal"));
}

TEST_CASE("goal parents may not loop") {
  auto d = check({{"roles.yaml", kRole}, {"g.yaml", R"(apiVersion: opsflow/v1
kind: Goal
metadata: {id: a, owner: ops}
spec: {objective: A, parent: b}
---
apiVersion: opsflow/v1
kind: Goal
metadata: {id: b, owner: ops}
spec: {objective: B, parent: a}
)"}});
  REQUIRE(find(d, "goal-cycle"));
  CHECK(find(d, "goal-cycle")->message == "goals are each other's parents in a loop: a -> b -> a");
}

TEST_CASE("duplicate ids across files show both places") {
  auto d = check({{"a.yaml", kRole}, {"b.yaml", kRole}});
  const Diagnostic* dup = find(d, "duplicate-id");
  REQUIRE(dup);
  CHECK(dup->file == "b.yaml");
  CHECK(dup->message == "role id 'ops' is already used at a.yaml:3:16");
  REQUIRE(dup->related.size() == 1);
  CHECK(dup->related[0].file == "a.yaml");
}

TEST_CASE("review dates older than the threshold") {
  std::string role =
      "apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: ops, reviewed: 2025-01-01}\n"
      "spec: {members: [a]}\n";
  std::int64_t today = parse_date("2026-11-28").value->days;
  auto d = check({{"r.yaml", role}}, today);
  const Diagnostic* overdue = find(d, "review-overdue");
  REQUIRE(overdue);
  CHECK(overdue->message ==
        "role 'ops' was last reviewed 696 days ago (2025-01-01), more than 365 days");
  auto fresh = check({{"r.yaml", role}}, parse_date("2025-06-01").value->days);
  CHECK_FALSE(find(fresh, "review-overdue"));
}

TEST_CASE("severity precedence: default < config rules < overrides < command line; ignore lists") {
  std::string config = R"(apiVersion: opsflow/v1
kind: Config
metadata: {id: config}
spec:
  rules: {unused-role: error, no-capacity: off}
  overrides:
    - files: ["legacy/**"]
      rules: {unused-role: info}
)";
  std::string idle = "apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: idle}\n";
  std::string ignored =
      "apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: quiet, ignore: [unused-role]}\n";
  Loaded l =
      load_files({{"opsflow.yaml", config},
                  {"a.yaml", idle},
                  {"legacy/b.yaml", ignored},
                  {"legacy/c.yaml", "apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: old}\n"}});
  l.model.config_dir = ".";
  auto raw = validate(l.model, ValidateOptions{20000});
  auto d = apply_severities(raw, l.model, {});
  REQUIRE(d.size() == 2);
  CHECK(d[0].file == "a.yaml");
  CHECK(d[0].severity == Severity::Error);
  CHECK(d[1].file == "legacy/c.yaml");
  CHECK(d[1].severity == Severity::Info);
  auto cli = apply_severities(raw, l.model, {{"unused-role", Severity::Warning}});
  CHECK(cli[0].severity == Severity::Warning);
  CHECK(cli[1].severity == Severity::Warning);
}

TEST_CASE("ignore on a step silences only that step, and unknown rule ids are reported") {
  auto d = check_process(R"(    - {id: a, duration: 1m, ignore: [missing-responsible]}
    - {id: b, duration: 1m, ignore: [long-wait, no-such-rule]}
)");
  auto rules = rules_of(d);
  CHECK(std::count(rules.begin(), rules.end(), "missing-responsible") == 1);
  const Diagnostic* unknown = find(d, "unknown-rule");
  REQUIRE(unknown);
  CHECK(unknown->message == "'ignore' names unknown rule 'no-such-rule'");
}

TEST_CASE("an unknown 'after' is reported once, not again as a bad rework or an extra end step") {
  auto d = check_process(R"(    - {id: qa, role: ops, duration: 1m}
    - {id: approve, role: ops, type: review, duration: 1m}
    - {id: rollout, role: ops, duration: 1m, after: [aprove], rework: {to: qa, probability: 0.1}}
)");
  CHECK(rules_of(d) == std::vector<std::string>{"unknown-step"});
}

TEST_CASE("a step repeated through an alias is reported where the alias is") {
  auto d = check_process(R"(    - &t {id: triage, role: ops, duration: 1m}
    - *t
)");
  const Diagnostic* dup = find(d, "duplicate-id");
  REQUIRE(dup);
  CHECK(dup->loc.line == 8);
  CHECK(dup->message ==
        "step 'triage' appears twice in this process: line 8 repeats the step anchored at line 7");
}

TEST_CASE("the same finding reached through an alias is shown once") {
  auto d = check_process(R"(    - {id: a, role: &r nobody, duration: 1m}
    - {id: b, role: *r, duration: 1m}
    - {id: c, role: *r, duration: 1m}
)");
  auto rules = rules_of(d);
  CHECK(std::count(rules.begin(), rules.end(), "unknown-role") == 1);
}

TEST_CASE("a file that does not parse does not make ids elsewhere look unknown or unused") {
  auto d = check({{"roles.yaml", "apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: ops\n"},
                  {"other.yaml",
                   "apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: idle}\n"
                   "spec: {members: [a]}\n"},
                  {"goals.yaml", kGoal},
                  {"p.yaml", process("    - {id: a, role: ops, duration: 1m}\n")}});
  CHECK(rules_of(d) == std::vector<std::string>{"yaml-syntax"});
}

TEST_CASE("a role that is its own backup is an invalid value, not an unknown role") {
  auto d = check(
      "apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: ops}\n"
      "spec: {members: [a], backup: ops}\n");
  REQUIRE(find(d, "invalid-value"));
  CHECK(find(d, "invalid-value")->message == "role 'ops' is its own backup");
  CHECK_FALSE(find(d, "unknown-role"));
}

TEST_CASE("a file that does not parse can never be switched off") {
  Loaded l = load_files({{"bad.yaml", "a: {b: 1\n"}});
  auto d = apply_severities(l.diagnostics, l.model, {{"yaml-syntax", Severity::Off}});
  REQUIRE(d.size() == 1);
  CHECK(d[0].severity == Severity::Error);
}

TEST_CASE("owners of roles and configs are references too") {
  auto d = check(
      "apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: ops, owner: boss}\n"
      "spec: {members: [a]}\n");
  REQUIRE(find(d, "unknown-role"));
  CHECK(find(d, "unknown-role")->message == "owner role 'boss' does not exist");
}

TEST_CASE("a value of 100,000 characters in any field is quoted as an excerpt in every message") {
  // Found by reading the output of a file full of long values: unknown references, enum values,
  // kinds, labels and members were echoed in full, so a file could flood (or leak into) CI logs.
  const std::string l(100000, 'q');
  const std::string text = R"(apiVersion: opsflow/v1
kind: Role
metadata:
  id: agent
  name: Agent
  labels: {? )" + l + R"( : x}
  ? )" + l + R"(
  : 1
spec:
  members: [{name: )" + l + R"(, skills: [)" +
                           l + R"(]}]
  capacity: )" + l + R"(
  backup: )" + l + R"(
  reportsTo: )" + l + R"(
---
apiVersion: opsflow/v1
kind: Process
metadata: {id: p, name: P, owner: agent)" +
                           l + R"(, ignore: [)" + l + R"(]}
spec:
  frequency: )" + l + R"(
  goals: [)" + l + R"(]
  metrics: [)" + l + R"(]
  steps:
    - id: one
      name: One
      role: agent
      accountable: )" + l + R"(
      consulted: [)" + l + R"(]
      type: )" + l + R"(
      duration: )" + l + R"(
      wait: {min: 1m, likely: )" +
                           l + R"(, max: 1h}
      after: [)" + l + R"(]
      probability: )" + l + R"(
      rework: {to: )" + l + R"(, probability: 0.1}
      value: )" + l + R"(
      skills: [)" + l + R"(]
      sla: )" + l + R"(
    - {id: )" + l + R"(, role: agent, duration: 1m}
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: m, owner: agent}
spec: {unit: )" + l + R"(, direction: )" +
                           l + R"(, aggregation: )" + l + R"(, data: )" + l + R"(}
---
apiVersion: opsflow/v1
kind: Goal
metadata: {id: g, owner: agent, reviewed: )" +
                           l + R"(}
spec:
  objective: x
  period: {start: )" + l + R"(, end: 2026-12-31}
  parent: )" + l + R"(
  keyResults: [{metric: )" +
                           l + R"(, baseline: )" + l + R"(, target: 5}]
---
apiVersion: opsflow/v1
kind: )" + l + R"(
metadata: {id: x}
---
apiVersion: )" + l + R"(
kind: Goal
metadata: {id: y}
---
apiVersion: opsflow/v1
kind: Config
metadata: {id: c}
spec: {rules: {)" + l.substr(0, 1000) +
                           R"(: off}, render: {lang: )" + l + R"(}}
)";
  std::vector<Diagnostic> d = check({{"team.yaml", text}});
  CHECK(d.size() >= 25);
  for (const Diagnostic& x : d) {
    INFO(x.rule.id(), ": ", x.message.substr(0, 200));
    CHECK(x.message.size() < 1000);
    CHECK(x.hint.size() < 1000);
  }
}

TEST_CASE("a document not read hides what it defines: references to it fold into its problem") {
  SUBCASE("an unknown kind") {
    auto d = check({{"p.yaml", process("    - {id: a, role: ops, duration: 1m}\n"
                                       "    - {id: b, role: ops, duration: 1m}\n")},
                    {"roles.yaml", "apiVersion: opsflow/v1\nkind: role\nmetadata: {id: ops}\n"}});
    // The cause comes first although its file sorts last, and nothing else blames 'ops'.
    REQUIRE(!d.empty());
    CHECK(d[0].rule.id() == std::string("unknown-kind"));
    CHECK(d[0].file == "roles.yaml");
    CHECK(d[0].message == "unknown kind 'role' (did you mean 'Role'?) (… and 3 references to it)");
    CHECK(find(d, "unknown-role") == nullptr);
    CHECK(find(d, "unknown-owner") == nullptr);
    CHECK(find(d, "unused-role") == nullptr);
  }
  SUBCASE("a wrong apiVersion") {
    auto d = check({{"p.yaml", process("    - {id: a, role: ops, duration: 1m}\n")},
                    {"roles.yaml", "apiVersion: opsflow/v2\nkind: Role\nmetadata: {id: ops}\n"}});
    REQUIRE(!d.empty());
    CHECK(d[0].rule.id() == std::string("bad-api-version"));
    CHECK(d[0].message == "apiVersion 'opsflow/v2' is not supported (… and 2 references to it)");
    CHECK(find(d, "unknown-role") == nullptr);
  }
  SUBCASE("other references are still checked, with suggestions") {
    auto d = check({{"p.yaml", process("    - {id: a, role: opps, duration: 1m}\n")},
                    {"roles.yaml", kRole},
                    {"other.yaml", "apiVersion: opsflow/v1\nkind: role\nmetadata: {id: x}\n"}});
    const Diagnostic* unknown = find(d, "unknown-role");
    REQUIRE(unknown);
    CHECK(unknown->message == "role 'opps' does not exist (did you mean 'ops'?)");
    CHECK(d[0].message == "unknown kind 'role' (did you mean 'Role'?)");
  }
  SUBCASE("a file that does not parse: references are counted, not checked") {
    auto d =
        check({{"a.yaml",
                process("    - {id: a, role: nobody, duration: 1m}\n")},  // and its goal and owner
               {"z.yaml", "apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: ops\n"}});
    REQUIRE(d.size() == 1);
    CHECK(d[0].rule.id() == std::string("yaml-syntax"));
    INFO(d[0].message);
    CHECK(d[0].message.ends_with("(… and 3 references not checked)"));
  }
}

TEST_CASE("a document not read hides only references to its own kind") {
  // A Process 'ops' not read does not hide that the role 'ops' is missing.
  auto d = check(
      {{"p.yaml", process("    - {id: a, role: ops, duration: 1m}\n")},
       {"goals.yaml", kGoal},
       {"hidden.yaml", "apiVersion: opsflow/v2\nkind: Process\nmetadata: {id: ops}\nspec: {}\n"}});
  CHECK(std::any_of(d.begin(), d.end(),
                    [](const Diagnostic& x) { return x.message == "role 'ops' does not exist"; }));
  REQUIRE(find(d, "bad-api-version"));
  CHECK(find(d, "bad-api-version")->message == "apiVersion 'opsflow/v2' is not supported");
}
