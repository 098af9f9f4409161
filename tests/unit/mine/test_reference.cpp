// mine against the reference: the numbers PM4Py computes on real public event logs
// (../shared/data/eventlogs: its SOURCES.md says how they were obtained), to the last digit:
// counts exactly, durations within 1e-9 relative. Skipped, with a message, when that folder is
// not there (a checkout without the shared data).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "opsflow/mine/mine.hpp"

using namespace opsflow;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path kData = fs::path(OPSFLOW_SOURCE_DIR) / ".." / "shared" / "data" / "eventlogs";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void check_close(double got, const json& expected, const std::string& what) {
  CAPTURE(what);
  const double want = expected.get<double>();
  CHECK(std::abs(got - want) <= 1e-9 * std::max(1.0, std::abs(want)));
}

void check_summary(const DurationSummary& s, const json& e, const std::string& what) {
  CHECK_MESSAGE(s.count == e["count"].get<std::uint64_t>(), what);
  for (const char* field : {"mean", "median", "min", "max", "sum", "p90", "stdev"}) {
    if (!e.contains(field)) continue;
    const std::string name = what + "." + field;
    double got = field == std::string("mean")     ? s.mean
                 : field == std::string("median") ? s.median
                 : field == std::string("min")    ? s.min
                 : field == std::string("max")    ? s.max
                 : field == std::string("sum")    ? s.sum
                 : field == std::string("p90")    ? s.p90
                                                  : s.stdev.value_or(-1);
    if (e[field].is_null()) {
      CHECK_MESSAGE(!s.stdev, name);
      continue;
    }
    check_close(got, e[field], name);
  }
}

void check_log(const std::string& name) {
  const fs::path csv = kData / (name + ".csv");
  const fs::path expected_path = kData / "expected" / (name + ".json");
  CAPTURE(name);
  const json e = json::parse(read_file(expected_path));
  std::vector<Diagnostic> problems;
  const std::string text = read_file(csv);
  EventLog log = read_event_log(text, csv.string(), {}, problems);
  CHECK(problems.empty());
  LogStats s = compute_log_stats(log);
  const json& input = e["input"];
  CHECK(log.rows == input["rows"].get<std::uint64_t>());
  CHECK(s.cases == input["cases"].get<std::uint64_t>());
  CHECK(s.instances == input["instances"].get<std::uint64_t>());
  CHECK(input["mode"].get<std::string>() == enum_name(log.mode));

  const auto& names = log.activities;
  CHECK(s.activities.size() == e["activities"].size());
  for (const ActivityStats& a : s.activities) {
    const std::string& activity = names[a.activity];
    CAPTURE(activity);
    REQUIRE(e["activities"].contains(activity));
    const json& ea = e["activities"][activity];
    CHECK(a.events == ea["events"].get<std::uint64_t>());
    CHECK(a.service.count == ea["instances"].get<std::uint64_t>());
    check_close(a.service.mean, ea["service_mean"], activity + " service mean");
    check_close(a.service.median, ea["service_median"], activity + " service median");
    check_close(a.service.sum, ea["service_sum"], activity + " service sum");
  }
  auto counts = [&](const std::vector<std::pair<std::uint32_t, std::uint64_t>>& got) {
    std::map<std::string, std::uint64_t> out;
    for (const auto& [activity, n] : got) out[names[activity]] = n;
    return out;
  };
  CHECK(counts(s.start_activities) ==
        e["start_activities"].get<std::map<std::string, std::uint64_t>>());
  CHECK(counts(s.end_activities) ==
        e["end_activities"].get<std::map<std::string, std::uint64_t>>());

  std::map<std::pair<std::string, std::string>, const EdgeStats*> edges;
  for (const EdgeStats& edge : s.dfg) edges[{names[edge.from], names[edge.to]}] = &edge;
  CHECK(edges.size() == e["dfg"].size());
  for (const json& ed : e["dfg"]) {
    const std::string from = ed["from"], to = ed["to"];
    auto found = edges.find({from, to});
    REQUIRE_MESSAGE(found != edges.end(), from << " -> " << to);
    check_summary(found->second->wait, ed, from + " -> " + to);
  }
  check_summary(s.case_duration, e["case_duration"], "case duration");

  CHECK(s.resources.size() == e["resources"].size());
  for (const ResourceStats& r : s.resources) {
    const std::string& resource = log.resources[r.resource];
    CAPTURE(resource);
    REQUIRE(e["resources"].contains(resource));
    const json& er = e["resources"][resource];
    CHECK(r.instances == er["instances"].get<std::uint64_t>());
    CHECK(r.cases == er["cases"].get<std::uint64_t>());
    check_close(r.busy, er["busy_sum"], resource + " busy");
  }
  auto ranked = [&](const std::vector<std::size_t>& order, bool by_mean, const json& want) {
    REQUIRE(order.size() >= want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
      const EdgeStats& edge = s.dfg[order[k]];
      CAPTURE(k);
      CHECK(names[edge.from] == want[k][0].get<std::string>());
      CHECK(names[edge.to] == want[k][1].get<std::string>());
      check_close(by_mean ? edge.wait.mean : edge.wait.sum, want[k][2], "bottleneck");
      CHECK(edge.wait.count == want[k][3].get<std::uint64_t>());
    }
  };
  ranked(s.by_mean_wait, true, e["bottlenecks"]["by_mean_wait"]);
  ranked(s.by_total_wait, false, e["bottlenecks"]["by_total_wait"]);
}

bool have_data() {
  if (fs::exists(kData / "expected")) return true;
  MESSAGE("skipped: " << kData.string()
                      << " is not there (the shared event logs and PM4Py's numbers on them)");
  return false;
}

}  // namespace

TEST_CASE("PM4Py's numbers on the bundled event logs, to the last digit") {
  if (!have_data()) return;
  for (const char* name : {"running-example", "receipt", "reviewing", "roadtraffic100traces",
                           "interval_event_log", "helpdesk"}) {
    check_log(name);
  }
}
