#include "init_template.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "opsflow/base/values.hpp"
#include "opsflow/version.hpp"

namespace opsflow::cli {
namespace {

// The YAML files, with @NAME@ placeholders filled in by fill(). Each opsflow file gets the
// yaml-language-server line pointing at .opsflow/schema.json first.
constexpr std::string_view kConfig =
    R"(# The repository's settings. opsflow finds this file as git finds .git: run it anywhere below.
apiVersion: opsflow/v1
kind: Config
metadata:
  id: config
  name: Our operations
spec:
  data: data
  render: {out: docs/sop, lang: en}
)";

constexpr std::string_view kSupport = R"(apiVersion: opsflow/v1
kind: Role
metadata:
  id: support
  name: Support agent
  description: Answers customers and takes care of their requests.
spec:
  members: [Alex Kim, Sam Lee, Noor Aziz]
  capacity: 30h/week
  skills: [customer-communication, payments]
  responsibilities:
    - Answers every refund request within one working day
    - Keeps the customer informed until the request is closed
  reportsTo: support-lead
  backup: support-lead
)";

constexpr std::string_view kSupportLead = R"(apiVersion: opsflow/v1
kind: Role
metadata:
  id: support-lead
  name: Support lead
  description: Leads the support team and owns its processes.
spec:
  members: [Robin Diaz]
  capacity: 16h/week
  skills: [customer-communication, payments]
  responsibilities:
    - Owns the refund process, its SOP and its goal
    - Approves the refunds that the policy does not cover
  backup: support
)";

constexpr std::string_view kProcess = R"(apiVersion: opsflow/v1
kind: Process
metadata:
  id: refund
  name: Refund a customer
  owner: support-lead
  version: 1
  reviewed: @TODAY@
spec:
  purpose: Give customers their money back quickly when they are entitled to it.
  trigger: A customer asks for a refund
  frequency: 25/week
  goals: [faster-refunds]
  metrics: [refund-lead-time]
  steps:
    - id: check-request
      name: Check the request against the refund policy
      type: decision
      role: support
      duration: 10m
      wait: 4h
      value: business
      checklist:
        - The order exists and was paid
        - The request came within 30 days of the purchase
      branches:
        - {to: refund-payment, probability: 0.7, when: the policy covers it}
        - {to: approve-exception, probability: 0.3, when: it needs an exception}
    - id: approve-exception
      name: Approve or decline the exception
      type: approval
      role: support-lead
      duration: {min: 5m, likely: 15m, max: 1h}
      wait: 1d
      value: business
    - id: refund-payment
      name: Refund the payment
      role: support
      after: [check-request, approve-exception]
      duration: 15m
      wait: 2h
      value: customer
    - id: tell-customer
      name: Tell the customer
      role: support
      duration: 5m
      value: customer
)";

constexpr std::string_view kGoal = R"(apiVersion: opsflow/v1
kind: Goal
metadata:
  id: faster-refunds
  name: Refund customers within a day
  owner: support-lead
  reviewed: @TODAY@
spec:
  objective: Customers get their refund within one working day, so that they come back.
  period: {start: @START@, end: @END@}
  keyResults:
    - metric: refund-lead-time
      baseline: 30h
      target: 8h
)";

constexpr std::string_view kMetric = R"(apiVersion: opsflow/v1
kind: Metric
metadata:
  id: refund-lead-time
  name: Refund lead time
  description: Hours from the customer's request to the refund, one measurement per request.
  owner: support-lead
spec:
  unit: hours
  direction: lower-is-better
  aggregation: median
  span: {process: refund, from: check-request, to: refund-payment}
)";

constexpr std::string_view kWorkflow =
    R"(# What CI checks on every push and pull request (written by opsflow init; edit freely).
name: opsflow
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
  security-events: write  # code scanning shows opsflow's diagnostics
jobs:
  opsflow:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: {fetch-depth: 0}  # the base branch too, for the comparison below
      - uses: @ACTION@  # installs opsflow
      - name: Validate (annotations on the pull request, SARIF for code scanning)
        run: opsflow validate --format github --sarif opsflow.sarif
      - name: Upload the diagnostics to code scanning
        if: always()
        uses: github/codeql-action/upload-sarif@v3
        with: {sarif_file: opsflow.sarif}
      - name: The SOPs in docs/sop are up to date
        if: success() || failure()
        run: opsflow render --check
      - name: No process or role gets worse than on the base branch
        if: github.event_name == 'pull_request' && (success() || failure())
        env:
          BASE: origin/${{ github.base_ref }}
        run: |
          git worktree add --detach ../opsflow-base "$BASE"
          opsflow analyze --baseline ../opsflow-base --fail-on-regression
)";

constexpr std::string_view kPreCommit =
    R"(# pre-commit (https://pre-commit.com): checks the changed files within the whole repository.
repos:
  - repo: local
    hooks:
      - id: opsflow-validate
        name: opsflow validate
        entry: opsflow validate
        language: system
        types: [yaml]
        require_serial: true  # one run loads the whole repository; not one per batch of files
)";

// Replaces each @NAME@ of `text` by its value.
std::string fill(std::string_view text,
                 const std::vector<std::pair<std::string_view, std::string>>& values) {
  std::string out(text);
  for (const auto& [name, value] : values) {
    const std::string key = fmt::format("@{}@", name);
    for (std::size_t at = out.find(key); at != std::string::npos; at = out.find(key, at)) {
      out.replace(at, key.size(), value);
      at += value.size();
    }
  }
  return out;
}

// An opsflow file at `path` (relative to the repository): the editor line first.
InitFile opsflow_file(std::string path, std::string_view text,
                      const std::vector<std::pair<std::string_view, std::string>>& values) {
  const auto depth = static_cast<std::size_t>(std::count(path.begin(), path.end(), '/'));
  std::string up;
  for (std::size_t i = 0; i < depth; ++i) up += "../";
  std::string body = fmt::format("# yaml-language-server: $schema={}.opsflow/schema.json\n{}", up,
                                 fill(text, values));
  return {std::move(path), std::move(body)};
}

// A month of daily measurements ending yesterday, improving with the noise of real data.
std::string measurements(std::int64_t today) {
  std::string csv = "date,value\n";
  constexpr int kDays = 30;
  for (int i = 0; i < kDays; ++i) {
    const double value = 30 - 0.6 * i + (i * 7 % 5) - 2;
    csv += fmt::format("{},{:.1f}\n", format_date(today - kDays + i), value);
  }
  return csv;
}

}  // namespace

std::vector<InitFile> init_files(std::int64_t today, const std::string& schema_json) {
  const std::vector<std::pair<std::string_view, std::string>> values = {
      {"TODAY", format_date(today)},
      {"START", format_date(today - 30)},
      {"END", format_date(today + 120)},
      {"ACTION", fmt::format("{}@v{}", kActionRepository, kVersion)}};
  return {
      opsflow_file("opsflow.yaml", kConfig, values),
      opsflow_file("roles/support.yaml", kSupport, values),
      opsflow_file("roles/support-lead.yaml", kSupportLead, values),
      opsflow_file("processes/refund.yaml", kProcess, values),
      opsflow_file("goals/faster-refunds.yaml", kGoal, values),
      opsflow_file("metrics/refund-lead-time.yaml", kMetric, values),
      {"data/refund-lead-time.csv", measurements(today)},
      {".opsflow/schema.json", schema_json},
      {".github/workflows/opsflow.yml", fill(kWorkflow, values)},
      {".pre-commit-config.yaml", std::string(kPreCommit)},
  };
}

}  // namespace opsflow::cli
