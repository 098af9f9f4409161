// One table per enumeration: every enumerator is in it once, each spelling once, and parsing
// reads back what printing wrote.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "opsflow/base/enums.hpp"
#include "opsflow/base/rules.hpp"
#include "opsflow/base/values.hpp"
#include "opsflow/model/model.hpp"
#include "opsflow/report/measure.hpp"
#include "opsflow/report/report.hpp"

using namespace opsflow;

namespace {

// `count` enumerators, numbered 0..count-1 as all of opsflow's are.
template <class E>
void check_table(std::size_t count) {
  const auto& table = enum_table(E{});
  CHECK(table.size() == count);
  std::set<std::string_view> names;
  std::set<int> values;
  for (const auto& entry : table) {
    CAPTURE(entry.name);
    CHECK(names.insert(entry.name).second);
    CHECK(values.insert(static_cast<int>(entry.value)).second);
    CHECK(static_cast<std::size_t>(entry.value) < count);
    CHECK(enum_name(entry.value) == entry.name);
    CHECK(parse_enum<E>(entry.name) == entry.value);
  }
}

}  // namespace

TEST_CASE("every enumeration's table is complete, without twins") {
  check_table<Severity>(4);
  check_table<RuleGroup>(4);
  check_table<RateUnit>(5);
  check_table<Kind>(6);
  check_table<StepType>(6);
  check_table<ValueClass>(3);
  check_table<Direction>(2);
  check_table<Aggregation>(9);
  check_table<Lang>(2);
  check_table<PeriodKind>(3);
  check_table<Status>(5);
  check_table<WindowTest>(2);
  check_table<Trend>(4);
}

TEST_CASE("extra columns: kinds as nouns, periods as adjectives") {
  CHECK(enum_name(Kind::Process) == "Process");
  CHECK(kind_noun(Kind::Process) == "process");
  CHECK(enum_entry(PeriodKind::Quarter).adjective == "quarterly");
  CHECK(enum_list<Aggregation>(", ") == "mean, median, p90, p95, sum, count, min, max, last");
  CHECK_FALSE(parse_enum<StepType>("Task"));  // spellings are exact
}
