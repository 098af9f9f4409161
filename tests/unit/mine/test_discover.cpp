// mine --discover: the as-is process from a log, written with yaml-cpp and read back by the loader.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "discover_yaml.hpp"
#include "helpers.hpp"
#include "opsflow/mine/discover.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {

// Cases of a ticket process: open -> triage, then either fix (x3) or answer (x1), then close;
// one case in four also escalates after triage (optional); one fix in three is verified and
// sent back once. Activity names that YAML would misread unless quoted.
EventLog ticket_log(bool escalations = true) {
  const std::string open = "no", triage = "1.0", fix = "a: b", answer = "中文 回复",
                    close = "#close \"it\"", escalate = "- escalate", verify = "yes";
  std::string text = "case_id,activity,timestamp,lifecycle,resource\n";
  auto row = [&](int c, const std::string& a, int minute, const char* lifecycle,
                 const std::string& who) {
    std::string quoted = "\"";
    for (char ch : a) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    quoted += "\"";
    text += fmt::format("c{},{},2026-01-05T{:02}:{:02}:00Z,{},{}\n", c, quoted, 8 + minute / 60,
                        minute % 60, lifecycle, who);
  };
  for (int c = 0; c < 40; ++c) {
    int t = 0;
    auto step = [&](const std::string& a, int wait, int work, const std::string& who) {
      t += wait;
      row(c, a, t, "start", who);
      t += work;
      row(c, a, t, "complete", who);
    };
    step(open, 0, 1, "bot");
    step(triage, 10, 5, "ann");
    if (escalations && c % 4 == 0) step(escalate, 5, 5, "lead");
    if (c % 4 != 1) {
      step(fix, 20, 30, "bo");
      if (c % 3 == 0) {
        step(verify, 5, 5, "ann");
        step(fix, 10, 20, "bo");
      }
    } else {
      step(answer, 15, 10, "ann");
    }
    step(close, 5, 1, "bot");
  }
  std::vector<Diagnostic> problems;
  EventLog log = read_event_log(text, "tickets.csv", {}, problems);
  REQUIRE(problems.empty());
  return log;
}

}  // namespace

TEST_CASE("the discovered process is valid opsflow YAML that reads back as written") {
  EventLog log = ticket_log();
  DiscoverOptions options;
  options.id = "tickets-as-is";
  DiscoveredProcess p = discover_process(log, options);
  p.name = "Tickets: as-is";
  p.description = "From tickets.csv";
  const std::string yaml = cli::discovered_yaml(p, "tickets.csv");
  CAPTURE(yaml);
  CHECK(yaml.starts_with(cli::kDiscoverMarker));

  Loaded back = load_yaml(yaml);
  CHECK(back.diagnostics.empty());
  std::vector<Diagnostic> problems = check(yaml);
  for (const Diagnostic& d : problems) CHECK_MESSAGE(d.severity != Severity::Error, d.message);
  REQUIRE(back.model.processes.size() == 1);
  const Process& read = back.model.processes[0];
  CHECK(read.meta.id.value == "tickets-as-is");
  CHECK(read.meta.name.value == "Tickets: as-is");
  REQUIRE(read.steps.size() == p.steps.size());
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const DiscoveredStep& want = p.steps[i];
    const Step& got = read.steps[i];
    CAPTURE(want.activity);
    CHECK(got.id.value == want.id);
    CHECK(got.name.value == want.activity);  // names YAML would misread survive
    CHECK(got.activity.value == want.activity);
    CHECK(got.type.value == want.type);
    CHECK(got.role.value == want.role);
    CHECK(got.after.value.size() == want.after.size());
    CHECK(got.duration.value.likely == want.duration.likely);
    CHECK(got.duration.value.min == want.duration.min);
    CHECK(got.wait.value == want.wait);
    CHECK(got.probability.value == doctest::Approx(want.probability));
    CHECK(got.rework.to.value == want.rework_to);
    REQUIRE(got.branches.value.size() == want.branches.size());
    for (std::size_t k = 0; k < want.branches.size(); ++k) {
      CHECK(got.branches.value[k].to.value == want.branches[k].first);
      CHECK(got.branches.value[k].probability.value == doctest::Approx(want.branches[k].second));
    }
  }
  // Roles: members as the log names them.
  REQUIRE(back.model.roles.size() == p.roles.size());
  CHECK(back.model.roles[0].members.size() == p.roles[0].members.size());
}

TEST_CASE("discovery: flow order, a decision with its shares, an optional step, rework") {
  EventLog log = ticket_log();
  DiscoveredProcess p = discover_process(log, {});
  std::vector<std::string> names;
  for (const DiscoveredStep& s : p.steps) names.push_back(s.activity);
  // In the order of their mean first position in a case: escalate (10 cases of 40) right after
  // triage, the verification right after the fix, before the answer.
  CHECK(names == std::vector<std::string>{"no", "1.0", "- escalate", "a: b", "yes", "中文 回复",
                                          "#close \"it\""});
  const DiscoveredStep& triage = p.steps[1];
  CHECK(triage.type == StepType::Task);  // escalate happens with the fix: not exclusive
  const DiscoveredStep& escalate = p.steps[2];
  CHECK(escalate.probability == doctest::Approx(0.25));  // 10 of the 40 cases reaching it
  // Every verification sends the fix back (10 of 10): a rework of probability 1 is not valid
  // (the loop would never end), so it is capped at 0.95.
  const DiscoveredStep& verify = p.steps[4];
  CHECK(verify.rework_to == "a-b");
  CHECK(verify.rework_probability == doctest::Approx(0.95));
  // Triage is followed by the fix or the answer, never both, but escalations come with fixes:
  // no decision, two optional steps with their shares (30 and 10 of 40 cases).
  CHECK(p.steps[3].probability == doctest::Approx(0.75));
  CHECK(p.steps[5].probability == doctest::Approx(0.25));
  CHECK(p.steps[3].duration.likely == 30 * 60);  // the fix's median service time
  CHECK(p.steps[1].wait == 10 * 60);             // triage waits 10 minutes after opening
  CHECK(p.roles.size() >= 2);
  CHECK(p.left_out.empty());
}

TEST_CASE("discovery: steps that never occur together after one step make it a decision") {
  DiscoveredProcess p = discover_process(ticket_log(false), {});
  const DiscoveredStep& triage = p.steps[1];
  CHECK(triage.type == StepType::Decision);
  // Fix in 30 cases, answer in 10: shares rounded to 0.001 that sum to exactly 1.
  REQUIRE(triage.branches.size() == 2);
  CHECK(triage.branches[0] == std::pair<std::string, double>{"a-b", 0.75});
  CHECK(triage.branches[1] == std::pair<std::string, double>{"step-5", 0.25});
  // Order: open, triage, fix, verify, answer, close.
  CHECK(p.steps[2].probability == 1);  // branch targets, not optional steps
  CHECK(p.steps[4].probability == 1);
  CHECK(p.steps[3].probability == doctest::Approx(0.37));  // verify: 11 of the 30 fixed cases
  std::vector<Diagnostic> problems = check(cli::discovered_yaml(p, "tickets.csv"));
  for (const Diagnostic& d : problems) CHECK_MESSAGE(d.severity != Severity::Error, d.message);
}

TEST_CASE("a log exported as Latin-1, or with control characters, gives a file that loads") {
  std::vector<Diagnostic> problems;
  EventLog log = read_event_log(
      std::string("case_id,activity,timestamp\nc1,caf\xE9,2026-01-01\nc1,do\x01ne\0,2026-01-02\n",
                  67),
      "l.csv", {}, problems);
  DiscoveredProcess p = discover_process(log, {});
  Loaded back = load_yaml(cli::discovered_yaml(p, "l\xE9.csv"));
  CHECK(back.diagnostics.empty());
  REQUIRE(back.model.processes.size() == 1);
  CHECK(back.model.processes[0].steps[0].name.value == "caf\xEF\xBF\xBD");
  // Control characters (a NUL too), which the loader refuses, become U+FFFD as well.
  CHECK(back.model.processes[0].steps[1].name.value == "do\xEF\xBF\xBDne\xEF\xBF\xBD");
}
