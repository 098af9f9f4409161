// Event logs of any content through mine: the reader from memory and streamed in chunks of a
// fuzzed size (they must agree), the statistics, their partial rows merged back and the log read
// case by case (the same counts), conformance to a process with a decision, an optional step and
// a rework loop with its Observation read back, and discovery with its YAML read back by the
// loader (both must load without errors). Seeds: the examples' logs and the CLI fixtures.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "discover_yaml.hpp"
#include "fuzz_common.hpp"
#include "mine_output.hpp"
#include "mine_partial_json.hpp"
#include "opsflow/load/load.hpp"
#include "opsflow/mine/conformance.hpp"
#include "opsflow/mine/discover.hpp"
#include "opsflow/mine/mine.hpp"
#include "opsflow/mine/partial.hpp"
#include "opsflow/validate/validate.hpp"

using opsflow::fuzz::require;

namespace {

constexpr const char* kModel = R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: agent}
spec: {members: [Ann]}
---
apiVersion: opsflow/v1
kind: Process
metadata: {id: tickets, owner: agent}
spec:
  steps:
    - {id: a, type: automated, duration: 1m}
    - id: b
      type: decision
      role: agent
      duration: 5m
      branches: [{to: c, probability: 0.5}, {to: d, probability: 0.5}]
    - {id: c, role: agent, duration: 1h, after: [b]}
    - {id: e, role: agent, duration: 10m, after: [c], rework: {to: c, probability: 0.2}}
    - {id: d, role: agent, duration: 5m, after: [b]}
    - {id: f, role: agent, duration: 10m, after: [e, d]}
    - {id: g, type: automated, duration: 1m, after: [f], probability: 0.5}
)";

const opsflow::Model& model() {
  static opsflow::Model m = [] {
    opsflow::Model out;
    std::vector<opsflow::Diagnostic> d;
    opsflow::load_from_string(kModel, "model.yaml", out, d);
    require(d.empty() && out.processes.size() == 1, "the fuzz model loads");
    return out;
  }();
  return m;
}

bool same(const opsflow::EventLog& x, const opsflow::EventLog& y) {
  if (x.rows != y.rows || x.instances.size() != y.instances.size() ||
      x.cases.size() != y.cases.size() || x.activities != y.activities)
    return false;
  for (std::size_t i = 0; i < x.instances.size(); ++i) {
    const auto &a = x.instances[i], &b = y.instances[i];
    if (a.activity != b.activity || a.start != b.start || a.complete != b.complete ||
        a.order != b.order)
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  opsflow::fuzz::Bytes bytes(data, size);
  const unsigned mode = bytes.byte();
  const std::size_t chunk = 1 + mode % 13;
  std::string text(bytes.rest());
  opsflow::LogOptions options;
  options.on_error = mode & 0x80 ? opsflow::OnError::Skip : opsflow::OnError::Fail;
  if (mode & 0x40) options.delimiter = ';';

  std::vector<opsflow::Diagnostic> d1, d2;
  opsflow::EventLog log = opsflow::read_event_log(text, "log.csv", options, d1);
  std::size_t pos = 0;
  opsflow::LogOptions stream_options = options;
  stream_options.read_ahead = (mode & 0x20) != 0;  // rows split on a second thread
  opsflow::EventLog streamed = opsflow::read_event_log(
      [&](char* out, std::size_t room) {
        std::size_t n = std::min({chunk, room, text.size() - pos});
        std::copy_n(text.data() + pos, n, out);
        pos += n;
        return n;
      },
      "log.csv", stream_options, d2);
  require(same(log, streamed), "streamed and in-memory logs differ");
  require(d1.size() == d2.size(), "streamed and in-memory diagnostics differ");
  for (std::size_t i = 0; i < d1.size(); ++i) {
    require(d1[i].message == d2[i].message && d1[i].loc == d2[i].loc,
            "streamed and in-memory diagnostics come in another order");
  }
  for (const opsflow::Diagnostic& d : d1) {
    require(d.loc.line >= 0 && d.loc.col >= 0, "a negative position");
    require(d.message.size() < 2000, "a huge message");
  }
  for (const opsflow::ActivityInstance& in : log.instances)
    require(in.start <= in.complete || log.mode == opsflow::LogMode::StartColumn,
            "an instance ends before it starts");

  opsflow::LogStats stats = opsflow::compute_log_stats(log, nullptr, true);

  // Its partial rows, through JSON and back, merge into the same counts.
  {
    // As mine writes JSON: invalid UTF-8 as U+FFFD (two such names may become one).
    const std::string json =
        opsflow::cli::partial_json(opsflow::partial_rows(stats))
            .dump(-1, ' ', false, opsflow::cli::JsonValue::error_handler_t::replace);
    opsflow::EventLog names;
    opsflow::LogStats merged = opsflow::merge_partials(
        {{"part.json", opsflow::cli::parse_partial(json, "part.json")}}, names);
    require(merged.cases == stats.cases && merged.instances == stats.instances &&
                names.rows == log.rows && merged.case_duration.count == stats.case_duration.count,
            "a log's partial rows merge into other counts");
  }
  // Read case by case (--sorted-by-case) in batches of 16 to 208 rows: the same counts, or the one
  // error of a log whose cases are not grouped.
  {
    std::vector<opsflow::Diagnostic> d3;
    opsflow::LogMerger merger;
    std::size_t at = 0;
    opsflow::read_event_log_by_case(
        [&](char* out, std::size_t room) {
          std::size_t n = std::min({chunk, room, text.size() - at});
          std::copy_n(text.data() + at, n, out);
          at += n;
          return n;
        },
        "log.csv", options, d3, chunk * 16,
        [&](const opsflow::EventLog& batch) {
          merger.add("batch",
                     opsflow::partial_rows(opsflow::compute_log_stats(batch, nullptr, true)));
        });
    const bool split = std::any_of(d3.begin(), d3.end(), [](const opsflow::Diagnostic& d) {
      return d.message.find("comes again") != std::string::npos;
    });
    opsflow::EventLog names;
    opsflow::LogStats by_case = merger.finish(names);
    if (!split && opsflow::count_diagnostics(d1).errors == 0) {
      require(by_case.cases == stats.cases && by_case.instances == stats.instances &&
                  names.rows == log.rows && names.unmatched_starts == log.unmatched_starts,
              "a log read case by case counts otherwise");
    }
  }
  std::uint64_t in_variants = 0;
  for (const opsflow::Variant& v : stats.variants) in_variants += v.cases;
  require(in_variants <= stats.cases, "more cases in variants than in the log");
  for (const opsflow::EdgeStats& e : stats.dfg)
    require(e.wait.count > 0 && e.wait.min <= e.wait.median && e.wait.median <= e.wait.max,
            "a wait summary out of order");

  const opsflow::Process& process = model().processes[0];
  opsflow::Conformance c = opsflow::check_conformance(log, process);
  require(c.conforming <= c.cases && c.fitness >= 0 && c.fitness <= 1, "fitness out of range");
  // What it showed of the process, as an Observation: it loads beside the model without errors.
  {
    const std::string yaml =
        opsflow::cli::observation_yaml(opsflow::observation_of(log, c, "log.csv"));
    opsflow::Model with = model();
    std::vector<opsflow::Diagnostic> problems;
    opsflow::load_from_string(yaml, "observed.yaml", with, problems);
    for (const opsflow::Diagnostic& d : problems) {
      require(d.severity != opsflow::Severity::Error,
              fmt::format("the Observation does not load: {}", d.message));
    }
    require(with.observations.size() == 1, "the Observation does not read back");
  }
  std::ostringstream text_out, json_out, markdown_out;
  opsflow::cli::print_mine_text(text_out, stats, &c, 5, false);
  opsflow::cli::print_mine_json(json_out, stats, &c);
  opsflow::cli::print_mine_markdown(markdown_out, stats, &c, 5);

  opsflow::DiscoveredProcess discovered = opsflow::discover_process(log, {});
  if (discovered.steps.empty()) return 0;  // mine --discover refuses to write an empty process
  discovered.name = "as-is";
  discovered.description = "fuzzed";
  const std::string yaml = opsflow::cli::discovered_yaml(discovered, "log.csv");
  opsflow::Model back;
  std::vector<opsflow::Diagnostic> load_problems;
  opsflow::load_from_string(yaml, "as-is.yaml", back, load_problems);
  for (const opsflow::Diagnostic& d : load_problems) {
    require(d.severity != opsflow::Severity::Error,
            fmt::format("the discovered YAML does not load: {}", d.message));
  }
  require(back.processes.size() == 1 && back.processes[0].steps.size() == discovered.steps.size(),
          "the discovered process does not read back");
  return 0;
}
