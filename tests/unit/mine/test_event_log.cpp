// Event logs: columns, lifecycle pairing, order within a case, bad rows (SPEC §6).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "helpers.hpp"
#include "opsflow/mine/mine.hpp"

using namespace opsflow;
using opsflow::test::chunks_of;

namespace {

struct Read {
  EventLog log;
  std::vector<Diagnostic> problems;
};

Read read(const std::string& text, LogOptions options = {}) {
  Read r;
  r.log = read_event_log(text, "log.csv", options, r.problems);
  return r;
}

// The activity names of a case's instances, in order.
std::vector<std::string> trace(const EventLog& log, std::size_t c) {
  std::vector<std::string> out;
  const LogCase& lc = log.cases[c];
  for (std::uint32_t k = 0; k < lc.count; ++k)
    out.push_back(log.activities[log.instances[lc.first + k].activity]);
  return out;
}

constexpr std::int64_t kMinute = 60'000'000;

}  // namespace

TEST_CASE("default and XES-style column names; flags name others") {
  Read plain = read("case_id,activity,timestamp\nc1,a,2026-01-01T09:00:00Z\n");
  CHECK(plain.problems.empty());
  CHECK(plain.log.instances.size() == 1);
  Read xes =
      read("case:concept:name,concept:name,time:timestamp,org:resource\nc1,a,2026-01-01,ann\n");
  CHECK(xes.problems.empty());
  CHECK(xes.log.resources == std::vector<std::string>{"ann"});
  LogOptions options;
  options.columns = {.case_id = "ticket", .activity = "status", .timestamp = "at"};
  options.delimiter = ';';
  Read flagged = read("ticket;status;at\nT-1;open;2026-01-01 09:00\n", options);
  CHECK(flagged.problems.empty());
  CHECK(flagged.log.case_ids == std::vector<std::string>{"T-1"});
}

TEST_CASE("a missing column is one error naming what to pass; a wrong flag suggests the name") {
  Read r = read("id,activity,timestamp\nc1,a,2026-01-01\n");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].message == "no case column: expected case_id or case:concept:name");
  CHECK(r.problems[0].hint ==
        "name it with --case COLUMN; the columns are: id, activity, timestamp");
  CHECK(r.log.instances.empty());
  LogOptions options;
  options.columns.resource = "owner";
  Read wrong = read("case_id,activity,timestamp,owners\nc1,a,2026-01-01\n", options);
  REQUIRE(wrong.problems.size() == 1);
  CHECK(wrong.problems[0].message ==
        "--resource owner: the log has no column 'owner' (did you mean 'owners'?)");
}

TEST_CASE("start and complete pair first-in first-out per activity; other transitions ignored") {
  Read r = read(
      "case_id,activity,timestamp,lifecycle,resource\n"
      "c1,a,2026-01-01T09:00:00Z,start,ann\n"
      "c1,a,2026-01-01T09:01:00Z,START,ann\n"
      "c1,a,2026-01-01T09:05:00Z,complete,bob\n"  // takes the 09:00 start
      "c1,b,2026-01-01T09:06:00Z,schedule,\n"
      "c1,a,2026-01-01T09:10:00Z,Complete,bob\n"  // takes the 09:01 start
      "c1,c,2026-01-01T09:20:00Z,,\n"             // empty: complete, no start: instantaneous
      "c1,d,2026-01-01T09:30:00Z,start,\n");      // never completed: dropped
  CHECK(r.problems.empty());
  const EventLog& log = r.log;
  CHECK(log.mode == LogMode::Lifecycle);
  CHECK(log.rows == 7);
  CHECK(log.ignored_rows == 1);
  CHECK(log.unmatched_starts == 1);
  REQUIRE(log.instances.size() == 3);
  const std::int64_t nine = log.instances[0].start;
  CHECK(log.instances[0].complete - nine == 5 * kMinute);
  CHECK(log.instances[1].start - nine == 1 * kMinute);
  CHECK(log.instances[1].complete - nine == 10 * kMinute);
  CHECK(log.resources[log.instances[0].resource] == "bob");  // the complete row's resource
  CHECK(log.instances[2].start == log.instances[2].complete);
  CHECK(trace(log, 0) == std::vector<std::string>{"a", "a", "c"});
  // The case spans all its rows, the ignored and the unmatched ones too.
  CHECK(log.cases[0].last_time - log.cases[0].first_time == 30 * kMinute);
  CHECK(log.activity_rows == std::vector<std::uint64_t>{4, 1, 1});  // a, c, d (b ignored)
}

TEST_CASE("rows out of order within a case are sorted, not dropped; cases may interleave") {
  Read r = read(
      "case_id,activity,timestamp\n"
      "c1,second,2026-01-01T10:00:00Z\n"
      "c2,only,2026-01-01T08:00:00Z\n"
      "c1,first,2026-01-01T09:00:00Z\n"
      "c1,tie-a,2026-01-01T11:00:00Z\n"
      "c1,tie-b,2026-01-01T11:00:00Z\n");
  CHECK(r.problems.empty());
  CHECK(r.log.mode == LogMode::CompleteOnly);
  CHECK(trace(r.log, 0) == std::vector<std::string>{"first", "second", "tie-a", "tie-b"});
  CHECK(trace(r.log, 1) == std::vector<std::string>{"only"});
  LogStats s = compute_log_stats(r.log);
  CHECK(s.cases == 2);
  REQUIRE(s.variants.size() == 2);
  CHECK(s.variants[0].cases == 1);
}

TEST_CASE("a start-timestamp column gives each row its own start") {
  Read r = read(
      "case_id,activity,timestamp,start_timestamp\n"
      "c1,a,2026-01-01T09:30:00Z,2026-01-01T09:00:00Z\n"
      "c1,b,2026-01-01T10:00:00Z,\n");
  CHECK(r.problems.empty());
  CHECK(r.log.mode == LogMode::StartColumn);
  CHECK(r.log.instances[0].complete - r.log.instances[0].start == 30 * kMinute);
  CHECK(r.log.instances[1].complete == r.log.instances[1].start);
  // The case spans its rows' timestamps, not the start column's.
  CHECK(r.log.cases[0].last_time - r.log.cases[0].first_time == 30 * kMinute);
}

TEST_CASE("bad rows: each an error with line and column, or counted and skipped") {
  const std::string text =
      "case_id,activity,timestamp\n"
      "c1,a,2026-01-01T09:00:00Z\n"
      ",b,2026-01-01T09:10:00Z\n"
      "c1,,2026-01-01T09:20:00Z\n"
      "c1,c,yesterday\n"
      "c1,d,2026-02-30\n"
      "c1,e,2026-01-01T09:40:00Z\n";
  Read failing = read(text);
  REQUIRE(failing.problems.size() == 4);
  CHECK(failing.problems[0].message == "no case");
  CHECK(failing.problems[0].loc == SourceLoc{3, 1});
  CHECK(failing.problems[1].message == "no activity");
  CHECK(failing.problems[1].loc == SourceLoc{4, 4});
  CHECK(failing.problems[2].message == "invalid date 'yesterday': expected YYYY-MM-DD");
  CHECK(failing.problems[2].loc == SourceLoc{5, 6});
  CHECK(failing.problems[3].message ==
        "invalid date '2026-02-30': day 30 does not exist in 2026-02");
  for (const Diagnostic& d : failing.problems) CHECK(d.rule == rule::kInvalidEvent);
  LogOptions skip;
  skip.on_error = OnError::Skip;
  Read skipped = read(text, skip);
  REQUIRE(skipped.problems.size() == 1);
  CHECK(skipped.problems[0].severity == Severity::Warning);
  CHECK(skipped.problems[0].message == "4 rows skipped (--on-error skip); the first on line 3");
  CHECK(skipped.log.rows == 6);
  CHECK(skipped.log.skipped_rows == 4);
  CHECK(trace(skipped.log, 0) == std::vector<std::string>{"a", "e"});
}

TEST_CASE("statistics by hand: waits, service, case durations, resources, bottlenecks") {
  // Two cases. c1: a 09:00-09:10 (ann), b 09:30-10:00 (bob), a 10:00-10:05 (ann).
  // c2: a 12:00-12:20 (ann), b 13:20-13:40 (ann).
  Read r = read(
      "case_id,activity,timestamp,lifecycle,resource\n"
      "c1,a,2026-01-01T09:00:00Z,start,ann\n"
      "c1,a,2026-01-01T09:10:00Z,complete,ann\n"
      "c1,b,2026-01-01T09:30:00Z,start,bob\n"
      "c1,b,2026-01-01T10:00:00Z,complete,bob\n"
      "c1,a,2026-01-01T10:00:00Z,start,ann\n"
      "c1,a,2026-01-01T10:05:00Z,complete,ann\n"
      "c2,a,2026-01-01T12:00:00Z,start,ann\n"
      "c2,a,2026-01-01T12:20:00Z,complete,ann\n"
      "c2,b,2026-01-01T13:20:00Z,start,ann\n"
      "c2,b,2026-01-01T13:40:00Z,complete,ann\n");
  REQUIRE(r.problems.empty());
  LogStats s = compute_log_stats(r.log);
  CHECK(s.instances == 5);
  // a -> b twice: waits 20m and 60m; b -> a once: 0.
  REQUIRE(s.dfg.size() == 2);
  const EdgeStats& ab = s.dfg[0];
  CHECK(ab.wait.count == 2);
  CHECK(ab.wait.mean == 2400);
  CHECK(ab.wait.median == 2400);
  CHECK(ab.wait.sum == 4800);
  CHECK(ab.wait.min == 1200);
  CHECK(ab.wait.max == 3600);
  CHECK(*ab.wait.stdev == doctest::Approx(1697.0563));  // sqrt(2 x 1200^2)
  CHECK(s.dfg[1].wait.count == 1);
  CHECK(!s.dfg[1].wait.stdev);
  // Service: a 10m, 5m, 20m; b 30m, 20m.
  CHECK(s.activities[0].service.mean == doctest::Approx(700));  // (600+300+1200)/3
  CHECK(s.activities[0].service.median == 600);
  CHECK(s.activities[0].events == 6);
  CHECK(s.activities[1].service.sum == 3000);
  // Cases: 65m and 100m; P90 = 65 + 0.9 x 35 = 96.5m.
  CHECK(s.case_duration.mean == 4950);
  CHECK(s.case_duration.p90 == doctest::Approx(5790));
  // ann: 4 instances in 2 cases, busy 10+5+20+20 = 55m; bob 1 in 1, 30m.
  REQUIRE(s.resources.size() == 2);
  CHECK(s.resources[0].instances == 4);
  CHECK(s.resources[0].cases == 2);
  CHECK(s.resources[0].busy == 3300);
  CHECK(s.resources[1].busy == 1800);
  CHECK(s.start_activities == std::vector<std::pair<std::uint32_t, std::uint64_t>>{{0, 2}});
  // Variants: a b a, and a b, one case each (the longer sequence sorts after its prefix).
  REQUIRE(s.variants.size() == 2);
  CHECK(s.variants[0].activities.size() == 2);
  CHECK(s.by_mean_wait == std::vector<std::size_t>{0, 1});
}

TEST_CASE("a case with many open starts pairs each complete with its own start") {
  // 20,000 activities started, then completed in the same order: first in, first out per
  // activity, whatever the number of starts still open.
  std::string text = "case_id,activity,timestamp,lifecycle\n";
  const int n = 20000;
  for (int i = 0; i < n; ++i)
    text += fmt::format("c,a{},2026-01-01T00:00:{:02}Z,start\n", i, i % 60);
  for (int i = 0; i < n; ++i) text += fmt::format("c,a{},2026-01-02T00:00:00Z,complete\n", i);
  Read r = read(text);
  CHECK(r.problems.empty());
  REQUIRE(r.log.instances.size() == static_cast<std::size_t>(n));
  CHECK(r.log.unmatched_starts == 0);
  for (const ActivityInstance& in : r.log.instances) {
    const int i = std::stoi(r.log.activities[in.activity].substr(1));
    CHECK(in.complete - in.start == (86400 - i % 60) * std::int64_t{1'000'000});
  }
}

TEST_CASE("with a calendar, every duration also in working time") {
  Read r = read(
      "case_id,activity,timestamp,lifecycle\n"
      "c1,open,2026-10-02T17:00:00Z,complete\n"  // Friday 17:00
      "c1,answer,2026-10-05T09:30:00Z,start\n"   // Monday 09:30
      "c1,answer,2026-10-05T10:00:00Z,complete\n");
  Calendar calendar;  // 09:00-18:00, Monday to Friday, UTC
  calendar.present = true;
  LogStats s = compute_log_stats(r.log, &calendar);
  REQUIRE(s.dfg.size() == 1);
  CHECK(s.dfg[0].wait.median == (2 * 86400 + 16 * 3600 + 30 * 60));  // 64h30m on the clock
  CHECK(s.dfg[0].working_wait->median == 90 * 60);                   // 1h Friday, 30m Monday
  CHECK(s.activities[0].working_service->median == 30 * 60);         // answer
  CHECK(s.working_case_duration->median == 2 * 3600);
  CHECK_FALSE(compute_log_stats(r.log).working_case_duration);
}

TEST_CASE("reading a log reports its progress every so many rows, whole and case by case") {
  std::string text = "case_id,activity,timestamp\n";
  for (int i = 0; i < 10; ++i) text += fmt::format("c{},a,2026-01-01T09:00:0{}Z\n", i / 2, i);
  LogOptions options;
  std::vector<std::uint64_t> seen;
  options.progress = [&](std::uint64_t rows) { seen.push_back(rows); };
  options.progress_every = 4;
  std::vector<Diagnostic> problems;
  read_event_log(text, "log.csv", options, problems);
  CHECK(seen == std::vector<std::uint64_t>{4, 8});
  seen.clear();
  read_event_log_by_case(chunks_of(text), "log.csv", options, problems, 3, [](const EventLog&) {});
  CHECK(problems.empty());
  CHECK(seen == std::vector<std::uint64_t>{4, 8});  // counted across batches
}

TEST_CASE("rows split on a second thread give the same log and diagnostics in the same order") {
  // Good rows, rows with a bad timestamp, a row with too many cells (the CSV reader's problem),
  // an unterminated quote at the end: more rows than one batch the second thread hands over.
  std::string text = "case_id,activity,timestamp,lifecycle\n";
  for (int i = 0; i < 5000; ++i) {
    text += fmt::format("c{},a{},2026-01-01T{:02}:{:02}:00Z,{}\n", i / 4, i % 3, i / 60 % 24,
                        i % 60, i % 2 ? "complete" : "start");
    if (i % 1500 == 7) text += fmt::format("c{},x,soon,complete\n", i / 4);
    if (i % 2100 == 11) text += "c1,a,2026-01-01T09:00:00Z,complete,extra\n";
  }
  text += "c9,\"open,2026-01-01T09:00:00Z,complete\n";
  LogOptions options;
  Read whole = read(text, options);
  REQUIRE(whole.problems.size() > 4);
  for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 16}) {
    CAPTURE(chunk);
    LogOptions ahead;
    ahead.read_ahead = true;
    std::vector<Diagnostic> problems;
    EventLog log = read_event_log(chunks_of(text, chunk), "log.csv", ahead, problems);
    CHECK(log.rows == whole.log.rows);
    CHECK(log.instances.size() == whole.log.instances.size());
    CHECK(log.unmatched_starts == whole.log.unmatched_starts);
    REQUIRE(problems.size() == whole.problems.size());
    for (std::size_t i = 0; i < problems.size(); ++i) {
      CHECK(problems[i].message == whole.problems[i].message);
      CHECK(problems[i].loc == whole.problems[i].loc);
    }
  }
  // A source that fails half way: the error reaches the caller, the thread ends.
  LogOptions ahead;
  ahead.read_ahead = true;
  std::size_t calls = 0;
  std::vector<Diagnostic> problems;
  CHECK_THROWS_WITH_AS(read_event_log(
                           [&](char* out, std::size_t size) -> std::size_t {
                             if (++calls > 3) throw Error("cannot read log.csv: I/O error");
                             const std::size_t n = std::min(size, text.size());
                             std::copy_n(text.data(), n, out);
                             return std::min<std::size_t>(n, 1000);
                           },
                           "log.csv", ahead, problems),
                       "cannot read log.csv: I/O error", Error);
}
