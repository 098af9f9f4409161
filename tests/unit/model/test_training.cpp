// Training records read one way (SPEC §2, §4, §5): a member's standing on a SOP now and at a
// date, the coverage, and the days it can change.
#include <doctest/doctest.h>

#include <string>

#include "helpers.hpp"
#include "opsflow/model/training.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {

std::int64_t day(int y, unsigned m, unsigned d) {
  return days_from_civil(y, m, d);
}

}  // namespace

TEST_CASE("versions compare as numbers and dotted numbers; labels only by equality") {
  CHECK(*compare_versions("2", "10") < 0);
  CHECK(*compare_versions("2.10", "2.9") > 0);
  CHECK(*compare_versions("3", "3") == 0);
  CHECK(*compare_versions("beta", "beta") == 0);
  CHECK_FALSE(compare_versions("beta", "3"));
  CHECK_FALSE(compare_versions("3.", "3"));
}

TEST_CASE("a member's standing on a SOP: current, outdated with the version, missing; due") {
  Loaded l = load_files({{"t.yaml", kTrainingTeam}});
  REQUIRE(l.diagnostics.empty());
  const Process& p = l.model.processes[0];
  const Process& q = l.model.processes[1];
  const Role& ops = l.model.roles[0];
  CHECK(ops.records_training());
  CHECK_FALSE(l.model.roles[1].records_training());
  CHECK(ops.members[2].training_recorded == false);  // cy: a plain name

  TrainingStatus ann = training_status(ops.members[0], p, day(2027, 6, 10), 365);
  CHECK(ann.state == TrainingState::Current);
  CHECK(ann.record->date.value.days == day(2026, 6, 10));  // the v3 record, not the later v2
  CHECK(*ann.renew_by == day(2027, 6, 10));
  CHECK_FALSE(ann.due);                                                  // 365 days exactly
  CHECK(training_status(ops.members[0], p, day(2027, 6, 11), 365).due);  // 366 days
  TrainingStatus bo = training_status(ops.members[1], p, day(2026, 7, 1), 365);
  CHECK(bo.state == TrainingState::Outdated);
  CHECK(bo.record->version.value == "2");
  CHECK_FALSE(bo.renew_by);
  CHECK(training_status(ops.members[2], p, 0, 365).state == TrainingState::Missing);
  CHECK(training_status(ops.members[0], q, 0, 365).state == TrainingState::Missing);

  // ops does steps in p and q; rev only in p
  CHECK(required_processes(l.model, ops) == std::vector<const Process*>{&p, &q});
  CHECK(required_processes(l.model, l.model.roles[1]) == std::vector<const Process*>{&p});
}

TEST_CASE("coverage now and at a date, by the version in force then") {
  Loaded l = load_files({{"t.yaml", kTrainingTeam}});
  const Process& p = l.model.processes[0];
  const Member& ann = l.model.roles[0].members[0];
  const Member& bo = l.model.roles[0].members[1];
  // v2 is in force from 2026-02-01; ann is trained on it from 2026-02-10
  CHECK_FALSE(trained_at(ann, p, day(2026, 2, 9)));
  CHECK(trained_at(ann, p, day(2026, 2, 10)));
  CHECK(trained_at(bo, p, day(2026, 5, 31)));
  CHECK_FALSE(trained_at(bo, p, day(2026, 6, 1)));  // v3 in force, bo is on v2
  CHECK_FALSE(trained_at(ann, p, day(2026, 6, 9)));
  CHECK(trained_at(ann, p, day(2026, 6, 10)));
  // Required: ops (ann, bo, cy) x (p, q) = 6; rev records nothing. Now: ann on p only.
  const std::vector<RequiredTraining> required = required_trainings(l.model);
  REQUIRE(required.size() == 1);  // rev records no training
  CHECK(required[0].processes ==
        std::vector<const Process*>{&l.model.processes[0], &l.model.processes[1]});
  TrainingCoverage now = coverage_now(required);
  CHECK(now.required == 6);
  CHECK(now.current == 1);
  CHECK(coverage_at(required, day(2026, 3, 1)).current == 2);  // ann and bo on v2
  CHECK(coverage_at(required, day(2026, 6, 1)).current == 0);  // v3 came in
  CHECK(coverage_at(required, day(2026, 6, 10)).current == 1);
  CHECK(coverage_at(required, day(2026, 6, 10), &l.model.roles[1]).required == 0);
  // The days it changes: the records and the dated versions, each once, ascending
  CHECK(training_dates(required) == std::vector<std::int64_t>{day(2026, 2, 1), day(2026, 2, 10),
                                                              day(2026, 3, 1), day(2026, 6, 1),
                                                              day(2026, 6, 10)});
}

TEST_CASE("the version in force: the current one from its own change on, else from the last") {
  auto process = [](const std::string& changes) {
    return load_files({{"p.yaml",
                        "apiVersion: opsflow/v1\nkind: Process\nmetadata: {id: p, "
                        "version: 4, changes: [" +
                            changes + "]}\nspec: {steps: [{id: a, role: ops, duration: 1h}]}\n"}});
  };
  // The current version's change is dated: before it, the earlier dated change; nothing before
  Loaded dated = process(
      "{version: 4, date: 2026-09-01, summary: x}, {version: 3, date: 2026-03-01, summary: y}");
  const Process& p = dated.model.processes[0];
  CHECK(version_in_force(p, day(2026, 2, 28)) == nullptr);
  CHECK(version_in_force(p, day(2026, 3, 1))->value == "3");
  CHECK(version_in_force(p, day(2026, 9, 1))->value == "4");
  // Undated: the current version from the latest dated change on, so that the last day agrees
  // with training_status (a member on version 3 is not current)
  Loaded undated = process("{version: 4, summary: x}, {version: 3, date: 2026-03-01, summary: y}");
  const Process& q = undated.model.processes[0];
  CHECK(version_in_force(q, day(2026, 2, 28)) == nullptr);
  CHECK(version_in_force(q, day(2026, 3, 1))->value == "4");
  // Nothing dated: the current version throughout
  Loaded none = process("{version: 4, summary: x}");
  CHECK(version_in_force(none.model.processes[0], 0)->value == "4");
  // "04" is version 4, and a later version covers an earlier one; labels only as written
  CHECK(covers("04", "4"));
  CHECK(covers("5", "4"));
  CHECK_FALSE(covers("3.9", "4"));
  CHECK(covers("beta", "beta"));
  CHECK_FALSE(covers("gamma", "beta"));
}
