// mine beyond one machine (SPEC §6): partial results over disjoint sets of cases merge into the
// statistics of the whole log. Each bundled log is split into three parts by case with Debian's
// sqlite3; the parts are mined by opsflow (shards) and by the shipped SQL
// (src/sql/mine_partial.sql, run by sqlite3), and both merges are compared with mining the whole:
// counts, sums, means, minima and maxima exactly (sums up to the order of addition), medians and
// P90 within the sketches' 1%. Skipped, with a message, without ../shared/data.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "helpers.hpp"
#include "mine_partial_json.hpp"
#include "opsflow/mine/partial.hpp"

using namespace opsflow;
namespace fs = std::filesystem;

namespace {

const fs::path kData = fs::path(OPSFLOW_SOURCE_DIR) / ".." / "shared" / "data" / "eventlogs";
const fs::path kSql = fs::path(OPSFLOW_SOURCE_DIR) / "src" / "sql" / "mine_partial.sql";
constexpr int kParts = 3;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Mined {
  EventLog log;
  LogStats stats;
};

// `log` and `stats` filled in place: the statistics point to the log.
void mine(const std::string& text, const std::string& name, Mined& out) {
  std::vector<Diagnostic> problems;
  out.log = read_event_log(text, name, {}, problems);
  REQUIRE(problems.empty());
  out.stats = compute_log_stats(out.log, nullptr, true);
}

void check_summary(const DurationSummary& whole, const DurationSummary& merged,
                   const std::string& what) {
  CAPTURE(what);
  REQUIRE(merged.count == whole.count);
  if (whole.count == 0) return;
  auto close = [](double a, double b, double relative) {
    return std::abs(a - b) <= relative * std::max(1.0, std::abs(a));
  };
  CHECK(close(whole.sum, merged.sum, 1e-9));
  CHECK(close(whole.mean, merged.mean, 1e-9));
  CHECK(whole.min == merged.min);
  CHECK(whole.max == merged.max);
  CHECK(whole.stdev.has_value() == merged.stdev.has_value());
  if (whole.stdev) CHECK(close(*whole.stdev, *merged.stdev, 1e-7));
  // A sketch's quantile is within 1% of a value at its rank.
  for (auto [exact, approximate] :
       {std::pair{whole.median, merged.median}, std::pair{whole.p90, merged.p90}}) {
    CHECK(std::abs(exact - approximate) <=
          QuantileSketch::kRelativeAccuracy * 1.0001 * std::abs(exact) + 1e-9);
  }
}

void check_stats(const LogStats& w, const LogStats& m, const std::string& how) {
  CAPTURE(how);
  const EventLog& wl = *w.log;
  const EventLog& ml = *m.log;
  CHECK(m.merged_parts > 0);
  CHECK(m.cases == w.cases);
  CHECK(m.instances == w.instances);
  CHECK(ml.rows == wl.rows);
  CHECK(ml.ignored_rows == wl.ignored_rows);
  CHECK(ml.unmatched_starts == wl.unmatched_starts);
  CHECK(ml.mode == wl.mode);
  CHECK(m.first_time == w.first_time);
  CHECK(m.last_time == w.last_time);
  check_summary(w.case_duration, m.case_duration, "case duration");
  REQUIRE(m.activities.size() == w.activities.size());
  for (std::size_t i = 0; i < w.activities.size(); ++i) {
    const std::string& name = wl.activities[w.activities[i].activity];
    CAPTURE(name);
    CHECK(ml.activities[m.activities[i].activity] == name);
    CHECK(m.activities[i].events == w.activities[i].events);
    check_summary(w.activities[i].service, m.activities[i].service, "service of " + name);
  }
  REQUIRE(m.dfg.size() == w.dfg.size());
  for (std::size_t i = 0; i < w.dfg.size(); ++i) {
    const std::string edge =
        fmt::format("{} -> {}", wl.activities[w.dfg[i].from], wl.activities[w.dfg[i].to]);
    CHECK(fmt::format("{} -> {}", ml.activities[m.dfg[i].from], ml.activities[m.dfg[i].to]) ==
          edge);
    check_summary(w.dfg[i].wait, m.dfg[i].wait, "wait of " + edge);
  }
  for (auto [wl_list, ml_list] : {std::pair{&w.start_activities, &m.start_activities},
                                  std::pair{&w.end_activities, &m.end_activities}}) {
    REQUIRE(ml_list->size() == wl_list->size());
    for (std::size_t i = 0; i < wl_list->size(); ++i) {
      CHECK(ml.activities[(*ml_list)[i].first] == wl.activities[(*wl_list)[i].first]);
      CHECK((*ml_list)[i].second == (*wl_list)[i].second);
    }
  }
  REQUIRE(m.resources.size() == w.resources.size());
  for (std::size_t i = 0; i < w.resources.size(); ++i) {
    CHECK(ml.resources[m.resources[i].resource] == wl.resources[w.resources[i].resource]);
    CHECK(m.resources[i].instances == w.resources[i].instances);
    CHECK(m.resources[i].cases == w.resources[i].cases);
    CHECK(std::abs(m.resources[i].busy - w.resources[i].busy) <=
          1e-9 * std::max(1.0, w.resources[i].busy));
  }
  REQUIRE(m.variants.size() == w.variants.size());
  for (std::size_t i = 0; i < w.variants.size(); ++i) {
    CHECK(m.variants[i].cases == w.variants[i].cases);
    REQUIRE(m.variants[i].activities.size() == w.variants[i].activities.size());
    for (std::size_t k = 0; k < w.variants[i].activities.size(); ++k) {
      CHECK(ml.activities[m.variants[i].activities[k]] ==
            wl.activities[w.variants[i].activities[k]]);
    }
  }
  CHECK(m.by_mean_wait == w.by_mean_wait);
  CHECK(m.by_total_wait == w.by_total_wait);
}

// A column of the events view: the log's column when its header has it, else NULL.
std::string column(const std::string& header, const std::string& name) {
  return ("," + header + ",").find("," + name + ",") != std::string::npos
             ? fmt::format("\"{}\"", name)
             : std::string("NULL");
}

void check_log(const std::string& name, const fs::path& dir) {
  CAPTURE(name);
  const fs::path csv = kData / (name + ".csv");
  const std::string text = read_file(csv);
  Mined whole;
  mine(text, name, whole);

  // One sqlite3 run: the parts by case (each case in the part of its first row), each written as
  // CSV, and the shipped SQL run on each.
  const std::string header = text.substr(0, text.find_first_of("\r\n"));
  const std::string case_column = "\"case:concept:name\"";
  std::string script = fmt::format(".import --csv '{}' raw\n", csv.string());
  script += fmt::format(
      "CREATE TABLE parts AS SELECT {0} AS case_id, min(rowid) % {1} AS part FROM raw GROUP BY "
      "{0};\n",
      case_column, kParts);
  for (int p = 0; p < kParts; ++p) {
    script += fmt::format(
        ".headers on\n.mode csv\n.once '{}/part{}.csv'\nSELECT raw.* FROM raw JOIN parts ON "
        "parts.case_id = raw.{} WHERE part = {} ORDER BY raw.rowid;\n",
        dir.string(), p, case_column, p);
    script += fmt::format(
        "DROP VIEW IF EXISTS events;\nCREATE TEMP VIEW events AS SELECT {} AS case_id, "
        "\"concept:name\" AS activity, \"time:timestamp\" AS ts, {} AS lifecycle, {} AS "
        "start_ts, {} AS resource, raw.rowid - 1 AS ord FROM raw JOIN parts ON parts.case_id = "
        "raw.{} WHERE part = {};\n.headers off\n.mode json\n.once '{}/part{}.sql.json'\n.read "
        "'{}'\n",
        case_column, column(header, "lifecycle:transition"), column(header, "start_timestamp"),
        column(header, "org:resource"), case_column, p, dir.string(), p, kSql.string());
  }
  // The log grouped by case, for --sorted-by-case (each case's rows in file order).
  script += fmt::format(
      ".headers on\n.mode csv\n.once '{}/sorted.csv'\nSELECT * FROM raw ORDER BY {}, rowid;\n",
      dir.string(), case_column);
  { std::ofstream(dir / "split.sql") << script; }
  const std::string command =
      fmt::format("sqlite3 '{}' < '{}' > '{}' 2>&1", (dir / "log.db").string(),
                  (dir / "split.sql").string(), (dir / "sqlite.out").string());
  REQUIRE_MESSAGE(std::system(command.c_str()) == 0, read_file(dir / "sqlite.out"));

  std::vector<std::pair<std::string, std::vector<PartialRow>>> shards, sql;
  std::vector<Mined> parts(kParts);
  for (int p = 0; p < kParts; ++p) {
    const std::string part = fmt::format("part{}", p);
    mine(read_file(dir / (part + ".csv")), part, parts[static_cast<std::size_t>(p)]);
    shards.emplace_back(part + ".csv", partial_rows(parts[static_cast<std::size_t>(p)].stats));
    const std::string json = (dir / (part + ".sql.json")).string();
    sql.emplace_back(json, cli::parse_partial(read_file(json), json));
  }
  EventLog shard_names, sql_names;
  check_stats(whole.stats, merge_partials(shards, shard_names), "opsflow shards");
  check_stats(whole.stats, merge_partials(sql, sql_names), "the shipped SQL");

  // --sorted-by-case: the grouped log read 500 rows of whole cases at a time.
  const std::string sorted = read_file(dir / "sorted.csv");
  LogMerger merger;
  std::vector<Diagnostic> problems;
  std::size_t batches = 0;
  read_event_log_by_case(
      test::chunks_of(sorted), "sorted.csv", {}, problems, 500, [&](const EventLog& batch) {
        ++batches;
        CHECK(batch.rows < 500 + 200);  // whole cases: a little over the batch at most
        merger.add("batch", partial_rows(compute_log_stats(batch, nullptr, true)));
      });
  CHECK(problems.empty());
  CHECK(batches >= whole.log.rows / 700);
  EventLog by_case_names;
  check_stats(whole.stats, merger.finish(by_case_names), "read case by case");

  // Merges merge: the first two parts, then the result with the third.
  EventLog first_names, all_names;
  LogStats first = merge_partials({shards[0], sql[1]}, first_names);
  check_stats(whole.stats,
              merge_partials({{"first two", partial_rows(first)}, shards[2]}, all_names),
              "merged in two steps");
}

}  // namespace

TEST_CASE("parts of the bundled logs merge into the whole: opsflow's shards and the shipped SQL") {
  if (!fs::exists(kData)) {
    MESSAGE("skipped: ", kData.string(), " is not there (the shared event logs)");
    return;
  }
  REQUIRE_MESSAGE(std::system("command -v sqlite3 > /dev/null") == 0,
                  "sqlite3 is missing: make test installs it (Debian package sqlite3)");
  std::string pattern = (fs::temp_directory_path() / "opsflow-merge-XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  const fs::path dir = pattern;
  for (const char* name : {"running-example", "receipt", "reviewing", "roadtraffic100traces",
                           "interval_event_log", "helpdesk"}) {
    fs::remove(dir / "log.db");
    check_log(name, dir);
  }
  fs::remove_all(dir);
}

namespace {

// The shipped SQL run by sqlite3 on the log `csv` (columns case_id, activity, timestamp,
// lifecycle, start_timestamp), its rows parsed as mine --merge reads them.
std::vector<PartialRow> sql_rows(const std::string& csv, const fs::path& dir) {
  { std::ofstream(dir / "log.csv") << csv; }
  const std::string script = fmt::format(
      ".import --csv '{0}/log.csv' raw\nCREATE VIEW events AS SELECT case_id, activity, timestamp "
      "AS ts, lifecycle, start_timestamp AS start_ts, NULL AS resource, rowid - 1 AS ord FROM "
      "raw;\n.mode json\n.once '{0}/part.json'\n.read '{1}'\n",
      dir.string(), kSql.string());
  { std::ofstream(dir / "run.sql") << script; }
  fs::remove(dir / "log.db");
  const std::string command =
      fmt::format("sqlite3 '{0}/log.db' < '{0}/run.sql' > '{0}/out' 2>&1", dir.string());
  REQUIRE_MESSAGE(std::system(command.c_str()) == 0, read_file(dir / "out"));
  const std::string json = (dir / "part.json").string();
  return cli::parse_partial(read_file(json), json);
}

fs::path scratch_dir() {
  std::string pattern = (fs::temp_directory_path() / "opsflow-sql-XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

}  // namespace

TEST_CASE("the shipped SQL reads timestamps as opsflow does, or says which it cannot read") {
  if (std::system("command -v sqlite3 > /dev/null") != 0) {
    MESSAGE("skipped: sqlite3 is missing (make test installs it)");
    return;
  }
  const fs::path dir = scratch_dir();
  // A fraction of .9996 s: SQLite's unixepoch rounds it to the next second unless the SQL takes
  // the fraction out first. An empty start column: single timestamps to both.
  const std::string log =
      "case_id,activity,timestamp,lifecycle,start_timestamp\n"
      "A,x,2026-01-01T00:00:00Z,start,\n"
      "A,x,2026-01-01T00:00:05.9996Z,complete,\n"
      "A,y,2026-01-01T00:00:07.999999+01:00,,\n"
      "B,x,2026-01-01 10:00:00.5,start,\n"
      "B,x,2026-01-01T10:00:01.25Z,complete,\n";
  Mined whole;
  mine(log, "log.csv", whole);
  CHECK(whole.log.mode == LogMode::Lifecycle);  // the empty start column reads no start
  EventLog names;
  LogStats merged = merge_partials({{"part.json", sql_rows(log, dir)}}, names);
  check_stats(whole.stats, merged, "the SQL on fractions");
  CHECK(merged.activities[0].service.max == doctest::Approx(5.9996));

  // An offset without its colon: opsflow reads it, SQLite does not; --merge says so.
  const std::string unreadable =
      "case_id,activity,timestamp,lifecycle,start_timestamp\nA,x,2026-01-01T00:00:00+0100,,\n";
  EventLog none;
  CHECK_THROWS_WITH_AS(merge_partials({{"part.json", sql_rows(unreadable, dir)}}, none),
                       doctest::Contains("1 timestamps SQLite cannot read, the first "
                                         "'2026-01-01T00:00:00+0100'"),
                       Error);
  fs::remove_all(dir);
}

TEST_CASE("--sorted-by-case never takes two ids for one (ids built to collide in a weak hash)") {
  std::string text = "case_id,activity,timestamp\n";
  for (int i = 0; i < 4; ++i) text += "CASE0000PbavPbav,a,2026-01-01T09:00:00Z\n";
  text += "CASE848389u889u8,a,2026-01-01T09:00:00Z\n";
  std::vector<Diagnostic> problems;
  std::size_t cases = 0;
  read_event_log_by_case(test::chunks_of(text), "log.csv", {}, problems, 2,
                         [&](const EventLog& batch) { cases += batch.cases.size(); });
  CHECK(problems.empty());
  CHECK(cases == 2);
}

TEST_CASE("a part that is not what its rows say is refused with the reason, never merged") {
  const std::string base =
      R"({"kind":"mode","a":"lifecycle"},{"kind":"count","a":"cases","n":1},)"
      R"({"kind":"count","a":"instances","n":1},{"kind":"count","a":"rows","n":2},)";
  auto merge = [&](const std::string& rows) {
    EventLog names;
    return merge_partials({{"p.json", cli::parse_partial("[" + rows + "]", "p.json")}}, names);
  };
  const std::string period = R"({"kind":"period","min":0,"max":1000000})";
  CHECK_NOTHROW(merge(base + period));
  CHECK_THROWS_WITH_AS(merge(base + R"({"kind":"period","min":5,"max":1})"),
                       "p.json: row 5: \"min\" is above \"max\"", Error);
  CHECK_THROWS_WITH_AS(merge(base + R"({"kind":"period","min":-1e300,"max":1})"),
                       doctest::Contains("within 64 bits"), Error);
  CHECK_THROWS_WITH_AS(
      merge(base + period +
            R"(,{"kind":"wait_bucket","a":"x","b":"y","n":1,"sign":1,"bucket":1000000})"),
      doctest::Contains("\"bucket\" must be a whole number from -1100 to 1500"), Error);
  CHECK_THROWS_WITH_AS(
      merge(base + period +
            R"(,{"kind":"wait","a":"x","b":"y","n":2,"sum":1,"m2":-1,"min":0,"max":1})"),
      doctest::Contains("below 0"), Error);
  CHECK_THROWS_WITH_AS(merge(base + period + R"(,{"kind":"count","a":"cases","n":1e13})"),
                       doctest::Contains("from 0 to 10^12"), Error);
  CHECK_THROWS_WITH_AS(merge(base.substr(0, base.size() - 1)),
                       "p.json: it has cases but no 'period' row: not a partial result", Error);
  CHECK_THROWS_WITH_AS(merge(R"({"kind":"mode","a":"bogus"})"),
                       doctest::Contains("unknown mode 'bogus'"), Error);
  CHECK_THROWS_WITH_AS(
      merge(R"({"kind":"mode","a":"lifecycle"},{"kind":"count","a":"cases","n":0},)"
            R"({"kind":"count","a":"instances","n":0})"),
      doctest::Contains("no 'count' rows of cases, instances and rows"), Error);
  CHECK_THROWS_WITH_AS(merge(R"({"kind":"error","a":"2 timestamps SQLite cannot read"})"),
                       "p.json: 2 timestamps SQLite cannot read", Error);
  // A wait summary and its sketch that disagree.
  CHECK_THROWS_WITH_AS(
      merge(base + period +
            R"(,{"kind":"wait","a":"x","b":"y","n":2,"sum":1,"m2":0,"min":0.5,"max":0.5},)"
            R"({"kind":"wait_bucket","a":"x","b":"y","n":1,"sign":1,"bucket":-34})"),
      doctest::Contains("holds 1 values, but its count is 2"), Error);
  // One row as JSON Lines is a row, not a document without "partial".
  CHECK(cli::parse_partial(R"({"kind":"mode","a":"lifecycle"})", "one.jsonl").size() == 1);
}
