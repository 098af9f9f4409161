#include <doctest/doctest.h>

#include "helpers.hpp"

using namespace opsflow;
using namespace opsflow::test;

TEST_CASE("a full process decodes into the model") {
  auto l = load_yaml(R"(apiVersion: opsflow/v1
kind: Process
metadata:
  id: incident
  name: 事故响应
  owner: ops
  version: 3
  reviewed: 2026-09-01
  labels: {team: sre}
spec:
  purpose: Restore service
  frequency: 12/week
  goals: [fast]
  metrics: [lead]
  steps:
    - id: detect
      type: automated
      duration: 1m
    - id: triage
      role: ops
      duration: {min: 10m, likely: 15m, max: 1h}
      wait: 30m
      value: customer
      probability: 0.5
      consulted: [sre]
      rework: {to: detect, probability: 0.2}
      checklist: [Severity set]
      sla: 1h
)");
  CHECK(l.diagnostics.empty());
  REQUIRE(l.model.processes.size() == 1);
  const Process& p = l.model.processes[0];
  CHECK(p.meta.id.value == "incident");
  CHECK(p.meta.id.loc == SourceLoc{4, 7});
  CHECK(p.display_name() == "事故响应");
  CHECK(p.meta.version.value == "3");
  CHECK(format_date(p.meta.reviewed.value.days) == "2026-09-01");
  REQUIRE(p.meta.labels.size() == 1);
  CHECK(p.meta.labels[0].second.value == "sre");
  CHECK(p.frequency.value.per_week() == 12);
  REQUIRE(p.steps.size() == 2);
  const Step& t = p.steps[1];
  CHECK(t.duration.value.three_point);
  CHECK(t.duration.value.expected() == doctest::Approx((600 + 4 * 900 + 3600) / 6.0));
  CHECK(t.wait.value == 1800);
  CHECK(t.value.value == ValueClass::Customer);
  CHECK(t.probability.value == 0.5);
  CHECK(t.rework.present);
  CHECK(t.rework.to.value == "detect");
  CHECK(t.rework.probability.value == doctest::Approx(0.2));
  CHECK_FALSE(t.after.present);
  CHECK(t.span.first == 19);
  CHECK(t.span.last == 28);
  CHECK(p.steps[0].type.value == StepType::Automated);
  CHECK_FALSE(p.steps[0].role.present);
}

TEST_CASE("roles: members with skills, capacity per period, headcount") {
  auto l = load_yaml(R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: sre}
spec:
  members: [alice, {name: bob, skills: [k8s]}]
  capacity: 6h/day
  skills: [sql]
---
apiVersion: opsflow/v1
kind: Role
metadata: {id: support}
spec: {headcount: 3}
)");
  CHECK(l.diagnostics.empty());
  REQUIRE(l.model.roles.size() == 2);
  const Role& sre = l.model.roles[0];
  CHECK(sre.people() == 2);
  CHECK(sre.capacity.value == doctest::Approx(42));
  CHECK(sre.has_skill("k8s"));
  CHECK(sre.has_skill("sql"));
  CHECK_FALSE(sre.has_skill("go"));
  CHECK(l.model.roles[1].people() == 3);
  CHECK(l.model.roles[1].capacity.value == kDefaultCapacityHoursPerWeek);
}

TEST_CASE("schema problems are reported with precise rules and positions") {
  auto d = check(R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: p, owner: ops}
spec:
  steps:
    - id: a
      role: ops
      duration: 15
      wiat: 10m
      type: aproval
      probability: 2
      after: b
)");
  const Diagnostic* bare = find(d, "invalid-duration");
  REQUIRE(bare);
  CHECK(bare->loc == SourceLoc{8, 17});
  CHECK(bare->message == "'duration' of step 'a': bare number 15 is ambiguous: did you mean 15m?");
  const Diagnostic* unknown = find(d, "unknown-field");
  REQUIRE(unknown);
  CHECK(unknown->message == "unknown field 'wiat' in step 'a' (did you mean 'wait'?)");
  const Diagnostic* type = find(d, "invalid-value");
  REQUIRE(type);
  CHECK(type->message == "'type' of step 'a' cannot be 'aproval' (did you mean 'approval'?)");
  CHECK(find(d, "invalid-probability"));
  const Diagnostic* after = find(d, "wrong-type");
  REQUIRE(after);
  CHECK(after->hint == "write a list: [b]");
  CHECK_FALSE(find(d, "missing-field"));  // the unreadable duration is not also "missing"
}

TEST_CASE("missing required fields") {
  auto d = check(R"(apiVersion: opsflow/v1
kind: Process
metadata: {name: x}
spec:
  steps:
    - role: ops
)");
  auto rules = rules_of(d);
  CHECK(std::count(rules.begin(), rules.end(), "missing-field") == 3);  // id, step id, duration
}

TEST_CASE("apiVersion decides what is opsflow's") {
  SUBCASE("another tool's YAML is skipped, even a Kubernetes Role or a kubeconfig") {
    auto l = load_yaml(R"(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader}
---
apiVersion: v1
kind: Config
clusters: []
---
on: push
jobs: {}
)");
    CHECK(l.diagnostics.empty());
    CHECK(l.model.roles.empty());
    CHECK(l.model.configs.empty());
  }
  SUBCASE("an opsflow kind without apiVersion is an error, never silently dropped") {
    auto l = load_yaml("kind: Process\nmetadata: {id: p}\n");
    REQUIRE(l.diagnostics.size() == 1);
    CHECK(l.diagnostics[0].rule.id() == "bad-api-version");
    CHECK(l.diagnostics[0].message == "Process document has no apiVersion, so it would be ignored");
  }
  SUBCASE("a mistyped opsflow apiVersion is an error") {
    auto l = load_yaml("apiVersion: opsflow/v2\nkind: Role\nmetadata: {id: r}\n");
    REQUIRE(l.diagnostics.size() == 1);
    CHECK(l.diagnostics[0].message == "apiVersion 'opsflow/v2' is not supported");
    auto typo = load_yaml("apiVersion: opsfow/v1\nkind: Process\n");
    REQUIRE(typo.diagnostics.size() == 1);
    CHECK(typo.diagnostics[0].rule.id() == "bad-api-version");
    auto foreign = load_yaml("apiVersion: workflow/v1\nkind: Pipeline\n");
    CHECK(foreign.diagnostics.empty());
  }
  SUBCASE("an unknown kind under opsflow/v1 gets a suggestion") {
    auto l = load_yaml("apiVersion: opsflow/v1\nkind: Proces\nmetadata: {id: r}\n");
    REQUIRE(l.diagnostics.size() == 1);
    CHECK(l.diagnostics[0].message == "unknown kind 'Proces' (did you mean 'Process'?)");
  }
}

TEST_CASE("YAML 1.1 booleans where text is expected are warned about, quoted ones are not") {
  auto l = load_yaml(R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: r, name: no, description: "no"}
)");
  REQUIRE(l.diagnostics.size() == 1);
  CHECK(l.diagnostics[0].rule.id() == "yaml11-boolean");
  CHECK(l.diagnostics[0].loc == SourceLoc{3, 25});
}

TEST_CASE("merge keys fill in fields that the mapping does not set") {
  auto l = load_yaml(R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: p}
spec:
  steps:
    - &base {id: a, role: ops, duration: 10m, wait: 1h}
    - <<: *base
      id: b
      wait: 5m
)");
  CHECK(l.diagnostics.empty());
  const Step& b = l.model.processes[0].steps[1];
  CHECK(b.id.value == "b");
  CHECK(b.role.value == "ops");
  CHECK(b.duration.value.likely == 600);
  CHECK(b.wait.value == 300);
}

TEST_CASE("three-point estimates must be ordered") {
  auto l = load_yaml(R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: p}
spec:
  steps:
    - {id: a, role: ops, duration: {min: 1h, likely: 10m, max: 2h}}
)");
  REQUIRE(l.diagnostics.size() == 1);
  CHECK(l.diagnostics[0].message ==
        "'duration' of step 'a' needs min <= likely <= max, got 1h, 10m, 2h");
}

TEST_CASE("config: rules, overrides, thresholds") {
  auto l = load_yaml(R"(apiVersion: opsflow/v1
kind: Config
metadata: {id: config}
spec:
  exclude: ["drafts/**"]
  rules: {review-overdue: off, unused-role: error}
  overrides:
    - files: ["legacy/**"]
      rules: {missing-owner: info}
  thresholds: {utilization-warn: 0.9, review-days: 180}
  render: {out: docs, lang: zh}
)");
  CHECK(l.diagnostics.empty());
  const Config& c = l.model.configs.at(0);
  CHECK(c.rules.size() == 2);
  CHECK(c.rules[0].severity.value == Severity::Off);
  CHECK(c.overrides.at(0).rules.at(0).severity.value == Severity::Info);
  CHECK(c.thresholds.utilization_warn.value == 0.9);
  CHECK(c.thresholds.review_days.value == 180);
  CHECK(c.thresholds.handoffs.value == 5);  // default kept
  CHECK(c.render.lang.value == "zh");
}

TEST_CASE("thresholds out of range are refused") {
  auto l = load_yaml(R"(apiVersion: opsflow/v1
kind: Config
metadata: {id: config}
spec:
  thresholds: {utilization-warn: 0, wait-share: 1.5, review-days: 0}
)");
  REQUIRE(l.diagnostics.size() == 3);
  CHECK(l.diagnostics[0].message == "'utilization-warn' of thresholds: 0 is below 0.01");
  CHECK(l.diagnostics[1].message == "'wait-share' of thresholds: 1.5 is above 1");
  CHECK(l.diagnostics[2].message == "'review-days' of thresholds: 0 is below 1");
}

TEST_CASE("a duplicate key is reported once, not also as an unknown field") {
  auto l = load_yaml("apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: r, name: a, name: b}\n");
  REQUIRE(l.diagnostics.size() == 1);
  CHECK(l.diagnostics[0].rule.id() == "duplicate-key");
}

TEST_CASE("a list of opsflow documents is an error, not someone else's YAML") {
  auto l = load_yaml("- apiVersion: opsflow/v1\n  kind: Role\n  metadata: {id: r}\n");
  REQUIRE(l.diagnostics.size() == 1);
  CHECK(l.diagnostics[0].message ==
        "opsflow documents must be separate YAML documents, not items of a list");
  CHECK(load_yaml("- a\n- b\n").diagnostics.empty());
}

TEST_CASE("an empty step list is reported as empty") {
  auto l =
      load_yaml("apiVersion: opsflow/v1\nkind: Process\nmetadata: {id: p}\nspec: {steps: []}\n");
  REQUIRE(l.diagnostics.size() == 1);
  CHECK(l.diagnostics[0].message == "'steps' of process 'p' is empty");
}

TEST_CASE("headcount must be a whole number") {
  auto l =
      load_yaml("apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: r}\nspec: {headcount: 2.5}\n");
  REQUIRE(l.diagnostics.size() == 1);
  CHECK(l.diagnostics[0].message ==
        "'headcount' of role 'r' must be a whole number of people, not 2.5");
}

TEST_CASE(
    "key results: baseline and target of different kinds; an unreadable one is not also missing") {
  std::string goal = R"(apiVersion: opsflow/v1
kind: Goal
metadata: {id: g, owner: ops}
spec:
  objective: o
  period: {start: 2026-10-01, end: 2026-12-31}
  keyResults:
    - {metric: m, baseline: 50%, target: 4h}
    - {metric: m, baseline: soon, target: 1h}
)";
  auto d = check({{"g.yaml", goal}});
  auto rules = rules_of(d);
  CHECK(std::count(rules.begin(), rules.end(), "invalid-value") == 2);
  CHECK_FALSE(find(d, "missing-baseline"));
  CHECK(find(d, "invalid-value")->message ==
        "the target of a key result of goal 'g' is a duration but its baseline is a number");
}

TEST_CASE("apiVersion and kind may come from a merge key") {
  auto l = load_yaml("<<: {apiVersion: opsflow/v1, kind: Role}\nmetadata: {id: r}\nbogus: 1\n");
  REQUIRE(l.model.roles.size() == 1);
  REQUIRE(l.diagnostics.size() == 1);
  CHECK(l.diagnostics[0].rule.id() == "unknown-field");
}

TEST_CASE("a goal period may be one day; an end instant must come after the start") {
  auto goal = [](const std::string& period) {
    return load_yaml(
        "apiVersion: opsflow/v1\nkind: Goal\nmetadata: {id: g}\nspec:\n  objective: o\n  period: " +
        period + "\n");
  };
  auto one_day = goal("{start: 2026-03-01, end: 2026-03-01}");
  CHECK(one_day.diagnostics.empty());
  CHECK(one_day.model.goals.at(0).has_period);

  auto same_instant = goal("{start: 2026-03-01T10:00:00Z, end: 2026-03-01T12:00:00+02:00}");
  REQUIRE(same_instant.diagnostics.size() == 1);
  CHECK(same_instant.diagnostics[0].message ==
        "the period of goal 'g' ends (2026-03-01T10:00:00Z) when it starts (2026-03-01T10:00:00Z)");
  CHECK_FALSE(same_instant.model.goals.at(0).has_period);

  auto backwards = goal("{start: 2026-03-02, end: 2026-03-01}");
  REQUIRE(backwards.diagnostics.size() == 1);
  CHECK(backwards.diagnostics[0].message ==
        "the period of goal 'g' ends (2026-03-01) before it starts (2026-03-02)");
}

TEST_CASE("text with control characters is refused; tabs and line breaks are text") {
  auto l = load_yaml(
      "apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: r, name: \"a\\tb\\nc\\x07\"}\nspec: "
      "{headcount: 1}\n");
  REQUIRE(l.diagnostics.size() == 1);
  CHECK(l.diagnostics[0].rule.id() == "invalid-value");
  CHECK(l.diagnostics[0].message ==
        "'name' of the metadata of role 'r' contains the control character U+0007");
}

TEST_CASE("ids are at most 100 characters: they name the rendered pages") {
  auto l = load_yaml("apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: " + std::string(101, 'a') +
                     "}\nspec: {headcount: 1}\n");
  REQUIRE(l.diagnostics.size() == 1);
  CHECK(l.diagnostics[0].rule.id() == "invalid-id");
  CHECK(l.diagnostics[0].message ==
        "id 'aaaaaaaaaaaaaaaaaaaa...' is 101 characters long; at most 100 are allowed");
  CHECK(load_yaml("apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: " + std::string(100, 'a') +
                  "}\nspec: {headcount: 1}\n")
            .diagnostics.empty());
}

TEST_CASE("PATHs inside a repository select the files and folders reported") {
  const std::vector<std::string> none;
  CHECK(is_selected(none, "anything.yaml"));
  const std::vector<std::string> some{"processes", "roles/sre.yaml"};
  CHECK(is_selected(some, "processes/refund.yaml"));
  CHECK(is_selected(some, "processes/deep/x.yaml"));
  CHECK(is_selected(some, "roles/sre.yaml"));
  CHECK_FALSE(is_selected(some, "processes-old/x.yaml"));
  CHECK_FALSE(is_selected(some, "roles/sre.yaml.bak"));
  CHECK_FALSE(is_selected(some, "roles/support.yaml"));
  // The working folder selected from inside the repository: not what lies above it.
  const std::vector<std::string> here{"."};
  CHECK(is_selected(here, "refund.yaml"));
  CHECK(is_selected(here, "sub/refund.yaml"));
  CHECK_FALSE(is_selected(here, "../roles/sre.yaml"));
  CHECK_FALSE(is_selected(here, "/abs/x.yaml"));
  // The folder above, from a subfolder: what lies below it, not what lies above that.
  const std::vector<std::string> up{".."};
  CHECK(is_selected(up, "../x.yaml"));
  CHECK(is_selected(up, "../sub/x.yaml"));
  CHECK_FALSE(is_selected(up, "../../roles/x.yaml"));
  const std::vector<std::string> up_two{"../.."};
  CHECK(is_selected(up_two, "../../roles/x.yaml"));
  CHECK_FALSE(is_selected(up_two, "../../../x.yaml"));
}
