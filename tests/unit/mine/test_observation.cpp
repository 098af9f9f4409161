// Observations (SPEC §6): what a log showed of a process, written by mine --write-observed, read
// back by the loader, and put in place of the estimates by analyze --observed. Every number below
// is computed by hand from the log in the comments.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <sstream>

#include "discover_yaml.hpp"
#include "helpers.hpp"
#include "opsflow/analyze/analyze.hpp"
#include "opsflow/mine/conformance.hpp"
#include "opsflow/model/observed.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {

// receive -> classify (decision: fix 70% | refund 30%) -> reply -> survey (optional, 30%).
const char* kModel = R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: agent}
spec: {members: [Ann]}
---
apiVersion: opsflow/v1
kind: Process
metadata: {id: tickets, owner: agent}
spec:
  frequency: 10/week
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
    - {id: refund, role: agent, duration: 5m, after: [classify]}
    - {id: reply, role: agent, duration: 10m, after: [fix, refund]}
    - {id: survey, type: automated, duration: 1m, after: [reply], probability: 0.3}
)";

// Start and complete rows, minutes after 09:00 on 2026-01-05:
//   c1: receive 0-1, classify 11-16, fix 20-80, reply 85-95, survey 96-97
//   c2: receive 0-1, classify 3-8, refund 10-15, reply 15-25
//   c3: receive 0-1, classify 5-10, fix 10-40, reply 40-50, survey 50-51
//   c4: receive 0-1, classify 1-6, fix 8-68, reply 70-80
const char* kLog = R"(c1 receive 0 1;c1 classify 11 16;c1 fix 20 80;c1 reply 85 95;c1 survey 96 97;
c2 receive 0 1;c2 classify 3 8;c2 refund 10 15;c2 reply 15 25;
c3 receive 0 1;c3 classify 5 10;c3 fix 10 40;c3 reply 40 50;c3 survey 50 51;
c4 receive 0 1;c4 classify 1 6;c4 fix 8 68;c4 reply 70 80)";

EventLog read_log() {
  std::string text = "case_id,activity,timestamp,lifecycle\n";
  std::string spec = kLog;
  std::size_t start = 0;
  auto at = [](int minute) {
    return fmt::format("2026-01-05T{:02}:{:02}:00Z", 9 + minute / 60, minute % 60);
  };
  while (start < spec.size()) {
    std::size_t end = spec.find(';', start);
    if (end == std::string::npos) end = spec.size();
    std::istringstream row(spec.substr(start, end - start));
    std::string c, activity;
    int from = 0, to = 0;
    row >> c >> activity >> from >> to;
    text += fmt::format("{},{},{},start\n{},{},{},complete\n", c, activity, at(from), c, activity,
                        at(to));
    start = end + 1;
  }
  std::vector<Diagnostic> problems;
  EventLog log = read_event_log(text, "tickets.csv", {}, problems);
  REQUIRE(problems.empty());
  return log;
}

void check_estimate(const Field<Estimate>& e, double p10, double median, double p90) {
  REQUIRE(e.present);
  CHECK(e.value.three_point);
  CHECK(e.value.min == doctest::Approx(p10));
  CHECK(e.value.likely == doctest::Approx(median));
  CHECK(e.value.max == doctest::Approx(p90));
}

}  // namespace

TEST_CASE("an Observation holds the log's p10, median and p90 and its shares, computed by hand") {
  Loaded model = load_files({{"t.yaml", kModel}});
  REQUIRE(model.diagnostics.empty());
  const Process& p = model.model.processes[0];
  EventLog log = read_log();
  Conformance c = check_conformance(log, p);
  Observation o = observation_of(log, c, "tickets.csv");

  CHECK(o.meta.id.value == "tickets");
  CHECK(o.source.value == "tickets.csv");
  CHECK(o.cases.value == 4);
  CHECK(format_utc(o.period_start.value.seconds) == "2026-01-05T09:00:00Z");
  CHECK(format_utc(o.period_end.value.seconds) == "2026-01-05T10:37:00Z");
  REQUIRE(o.steps.size() == 6);

  // receive starts every case: no wait; 1 minute each time.
  const ObservedStep* receive = o.step("receive");
  REQUIRE(receive);
  CHECK_FALSE(receive->wait.present);
  check_estimate(receive->duration, 60, 60, 60);
  // classify waits 10, 2, 4, 0 minutes after receive: sorted 0, 2, 4, 10; quantiles at rank
  // (n-1)q: p10 0.3 -> 0.6m, median 1.5 -> 3m, p90 2.7 -> 4 + 0.7 x 6 = 8.2m.
  const ObservedStep* classify = o.step("classify");
  REQUIRE(classify);
  CHECK(classify->cases.value == 4);
  check_estimate(classify->wait, 36, 180, 492);
  check_estimate(classify->duration, 300, 300, 300);
  // fix: in 3 of the 4 cases that reached it; waits 4, 0, 2 minutes; durations 60, 30, 60.
  const ObservedStep* fix = o.step("fix");
  REQUIRE(fix);
  CHECK(fix->cases.value == 3);
  CHECK(fix->runs.value == doctest::Approx(0.75));
  check_estimate(fix->wait, 24, 120, 216);
  check_estimate(fix->duration, 2160, 3600, 3600);
  // reply is ready at the completion of fix or refund: waits 5, 0, 0, 2 minutes.
  check_estimate(o.step("reply")->wait, 0, 60, 246);
  // survey ran in 2 of the 4 cases that ran reply, 1 and 0 minutes after it.
  const ObservedStep* survey = o.step("survey");
  CHECK(survey->runs.value == doctest::Approx(0.5));
  check_estimate(survey->wait, 6, 30, 54);
  CHECK_FALSE(survey->rework.present);
  // The decision: fix in 3 cases, refund in 1.
  REQUIRE(o.decisions.size() == 1);
  CHECK(o.decisions[0].step.value == "classify");
  REQUIRE(o.decisions[0].branches.size() == 2);
  CHECK(o.decisions[0].branches[0].to.value == "fix");
  CHECK(o.decisions[0].branches[0].share.value == doctest::Approx(0.75));
  CHECK(o.decisions[0].branches[1].to.value == "refund");
  CHECK(o.decisions[0].branches[1].share.value == doctest::Approx(0.25));
}

TEST_CASE("the Observation written as YAML reads back as written and passes validate") {
  Loaded model = load_files({{"t.yaml", kModel}});
  EventLog log = read_log();
  Conformance c = check_conformance(log, model.model.processes[0]);
  Observation o = observation_of(log, c, "logs/no: 1.0.csv");  // a name YAML would misread
  const std::string yaml = cli::observation_yaml(o);
  CAPTURE(yaml);
  CHECK(yaml.starts_with(cli::kObservedMarker));

  std::vector<Diagnostic> problems = check({{"t.yaml", kModel}, {"o.yaml", yaml}});
  for (const Diagnostic& d : problems) CHECK_MESSAGE(d.severity != Severity::Error, d.message);
  Loaded back = load_files({{"t.yaml", kModel}, {"o.yaml", yaml}});
  CHECK(back.diagnostics.empty());
  REQUIRE(back.model.observations.size() == 1);
  const Observation& read = back.model.observations[0];
  CHECK(read.meta.id.value == o.meta.id.value);
  CHECK(read.source.value == "logs/no: 1.0.csv");
  CHECK(read.cases.value == o.cases.value);
  CHECK(read.period_start.value.seconds == o.period_start.value.seconds);
  CHECK(read.period_end.value.seconds == o.period_end.value.seconds);
  REQUIRE(read.steps.size() == o.steps.size());
  for (std::size_t i = 0; i < o.steps.size(); ++i) {
    const ObservedStep& want = o.steps[i];
    const ObservedStep& got = read.steps[i];
    CAPTURE(want.step.value);
    CHECK(got.step.value == want.step.value);
    CHECK(got.cases.value == want.cases.value);
    CHECK(got.runs.present == want.runs.present);
    CHECK(got.runs.value == doctest::Approx(want.runs.value));
    CHECK(got.wait.present == want.wait.present);
    CHECK(got.wait.value.min == want.wait.value.min);
    CHECK(got.wait.value.likely == want.wait.value.likely);
    CHECK(got.wait.value.max == want.wait.value.max);
    CHECK(got.duration.value.min == want.duration.value.min);
    CHECK(got.duration.value.likely == want.duration.value.likely);
    CHECK(got.duration.value.max == want.duration.value.max);
  }
  REQUIRE(read.decisions.size() == 1);
  REQUIRE(read.decisions[0].branches.size() == 2);
  CHECK(read.decisions[0].branches[1].share.value == doctest::Approx(0.25));
}

TEST_CASE("analyze --observed: the observed values replace the estimates, lead time by hand") {
  Loaded model = load_files({{"t.yaml", kModel}});
  EventLog log = read_log();
  Process p = model.model.processes[0];
  Conformance c = check_conformance(log, p);
  apply_observation(p, observation_of(log, c, "tickets.csv"));

  // classify: wait = (36 + 4 x 180 + 492) / 6 = 208 s.
  CHECK(p.steps[1].wait.value == doctest::Approx(208));
  // fix: duration {36m, 1h, 1h}; still required though the log ran it in 75% of the cases.
  CHECK(p.steps[2].duration.value.min == 2160);
  CHECK(p.steps[2].probability.value == 1);
  // survey is optional: its probability is the observed 0.5 (the model said 0.3).
  CHECK(p.steps[5].probability.value == doctest::Approx(0.5));
  CHECK(p.steps[1].branches.value[0].probability.value == doctest::Approx(0.75));
  CHECK(p.steps[1].branches.value[1].probability.value == doctest::Approx(0.25));

  // Per step, wait + expected duration (seconds): receive 0 + 60; classify 208 + 300;
  // fix 120 + (2160 + 4 x 3600 + 3600) / 6 = 120 + 3360; refund (one case, 2 minutes) 120 + 300;
  // reply (0 + 4 x 60 + 246) / 6 = 81 + 600; survey (6 + 120 + 54) / 6 = 30 + 60.
  // Through fix 4729, through refund 1669; the survey adds 90 in half the instances:
  // 0.75 x (4729 + 45) + 0.25 x (1669 + 45) = 4009.
  ProcessAnalysis a = analyze_process(p);
  CHECK(a.lead_time == doctest::Approx(4009));
}

TEST_CASE("apply_observation keeps the model's structure: rework only where the model has it") {
  Loaded model = load_files({{"t.yaml", R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: p}
spec:
  steps:
    - {id: a, type: automated, duration: 1h}
    - {id: b, type: automated, duration: 1h, rework: {to: a, probability: 0.1}}
    - {id: c, type: automated, duration: 1h}
)"}});
  REQUIRE(model.diagnostics.empty());
  Process p = model.model.processes[0];
  Observation o;
  for (const char* id : {"b", "c"}) {
    ObservedStep s;
    s.step.value = id;
    s.step.present = true;
    s.rework.value = 0.4;
    s.rework.present = true;
    s.runs.value = 0.5;
    s.runs.present = true;
    o.steps.push_back(s);
  }
  apply_observation(p, o);
  CHECK(p.steps[1].rework.probability.value == doctest::Approx(0.4));
  CHECK_FALSE(p.steps[2].rework.present);           // no rework in the model: none observed into it
  CHECK(p.steps[2].probability.value == 1);         // required: stays required
  CHECK(p.steps[0].duration.value.likely == 3600);  // not observed: the estimate stays
}

TEST_CASE("a log whose timestamps lie centuries apart still gives an Observation that loads") {
  // A 'fix' that took a thousand years (a typo in a year): the observed durations are held to the
  // longest duration the files allow, as mine --discover holds them.
  const std::string text =
      "case_id,activity,timestamp,lifecycle\n"
      "c1,receive,2026-01-05T09:00:00Z,start\nc1,receive,2026-01-05T09:01:00Z,complete\n"
      "c1,classify,2026-01-05T09:02:00Z,start\nc1,classify,2026-01-05T09:07:00Z,complete\n"
      "c1,fix,2026-01-05T09:10:00Z,start\nc1,fix,3026-01-05T10:10:00Z,complete\n"
      "c1,reply,3026-01-05T10:15:00Z,start\nc1,reply,3026-01-05T10:25:00Z,complete\n";
  std::vector<Diagnostic> problems;
  EventLog log = read_event_log(text, "tickets.csv", {}, problems);
  REQUIRE(problems.empty());
  Loaded model = load_files({{"t.yaml", kModel}});
  Conformance c = check_conformance(log, model.model.processes[0]);
  Observation o = observation_of(log, c, "tickets.csv");
  const ObservedStep* fix = o.step("fix");
  REQUIRE(fix);
  CHECK(fix->duration.value.max == doctest::Approx(kMaxDurationSeconds));
  Loaded back = load_files({{"t.yaml", kModel}, {"o.yaml", cli::observation_yaml(o)}});
  for (const Diagnostic& d : back.diagnostics) CHECK_MESSAGE(false, d.message);
}
