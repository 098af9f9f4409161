// SeverityPolicy: the precedence of settings, ignore lists, and rules no setting can lower.
#include <doctest/doctest.h>

#include "helpers.hpp"
#include "opsflow/model/severity.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {

Loaded repository() {
  return load_files({{"opsflow.yaml", R"(apiVersion: opsflow/v1
kind: Config
metadata: {id: c}
spec:
  rules: {long-wait: info, missing-owner: off}
  overrides:
    - {files: ["legacy/**"], rules: {long-wait: error}}
)"},
                     {"legacy/old.yaml", R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: old, ignore: [review-overdue]}
spec:
  steps:
    - {id: a, duration: 1m, ignore: [non-value-add]}
    - {id: b, duration: 1m}
)"}});
}

}  // namespace

TEST_CASE("default < Config rules < overrides for the file < command line") {
  Loaded l = repository();
  l.model.config_dir = ".";
  SeverityPolicy none(l.model, {});
  CHECK(none.resolve(rule::kLongWait, "a.yaml", 1, Severity::Warning) == Severity::Info);
  CHECK(none.resolve(rule::kLongWait, "legacy/old.yaml", 1, Severity::Warning) == Severity::Error);
  CHECK(none.resolve(rule::kBusFactor, "a.yaml", 1, Severity::Info) == Severity::Info);
  CHECK_FALSE(none.resolve(rule::kMissingOwner, "a.yaml", 1, Severity::Warning));  // off

  SeverityPolicy cli(
      l.model, {{rule::kLongWait, Severity::Warning}, {rule::kMissingOwner, Severity::Error}});
  CHECK(cli.resolve(rule::kLongWait, "legacy/old.yaml", 1, Severity::Warning) == Severity::Warning);
  CHECK(cli.resolve(rule::kMissingOwner, "a.yaml", 1, Severity::Warning) == Severity::Error);
}

TEST_CASE("ignore lists silence a rule within their document or step only") {
  Loaded l = repository();
  l.model.config_dir = ".";
  SeverityPolicy policy(l.model, {});
  const Process& p = l.model.processes.at(0);
  int in_step_a = p.steps[0].loc.line, in_step_b = p.steps[1].loc.line;
  CHECK_FALSE(policy.resolve(rule::kNonValueAdd, "legacy/old.yaml", in_step_a, Severity::Info));
  CHECK(policy.resolve(rule::kNonValueAdd, "legacy/old.yaml", in_step_b, Severity::Info) ==
        Severity::Info);
  CHECK_FALSE(
      policy.resolve(rule::kReviewOverdue, "legacy/old.yaml", in_step_b, Severity::Warning));
  CHECK(policy.resolve(rule::kReviewOverdue, "other.yaml", 3, Severity::Warning) ==
        Severity::Warning);
}

TEST_CASE("input that was not read or parsed is an error whatever the settings") {
  Loaded l = repository();
  SeverityPolicy policy(
      l.model, {{rule::kYamlSyntax, Severity::Off}, {rule::kUnreadableFile, Severity::Info}});
  CHECK(policy.resolve(rule::kYamlSyntax, "a.yaml", 1, Severity::Error) == Severity::Error);
  CHECK(policy.resolve(rule::kUnreadableFile, "a.yaml", 0, Severity::Error) == Severity::Error);
  CHECK(policy.resolve(rule::kInputLimit, "a.yaml", 0, Severity::Error) == Severity::Error);
}
