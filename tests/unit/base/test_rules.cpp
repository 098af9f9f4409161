// The rule table: every rule once, its flags, and Rule values made from it.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "opsflow/base/rules.hpp"

using namespace opsflow;

// A Rule can only be made from an id in the table: Rule("cylce") does not compile.
static_assert(Rule("cycle").id() == "cycle");
static_assert(rule::kUnknownStep.info().default_severity == Severity::Error);
static_assert(rule::kInputLimit.info().environment() && rule::kInputLimit.info().always_error());
static_assert(Rule().id().empty());

TEST_CASE("every rule id is unique, kebab-case, with a summary; validate's rules come first") {
  std::set<std::string_view> ids;
  RuleGroup previous = RuleGroup::Validate;
  for (const RuleInfo& r : all_rules()) {
    CAPTURE(r.id);
    CHECK(ids.insert(r.id).second);
    CHECK(r.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos);
    CHECK_FALSE(r.summary.empty());
    CHECK(r.summary.back() == '.');
    CHECK(static_cast<int>(r.group) >= static_cast<int>(previous));
    previous = r.group;
    // Rules that can never be silenced are errors by default, and leave the model incomplete.
    if (r.always_error()) {
      CHECK(r.default_severity == Severity::Error);
      CHECK(r.breaks_model());
    }
  }
}

TEST_CASE(
    "the flags: input not read is an environment problem; broken references break the model") {
  std::set<std::string_view> environment, always, breaks;
  for (const RuleInfo& r : all_rules()) {
    if (r.environment()) environment.insert(r.id);
    if (r.always_error()) always.insert(r.id);
    if (r.breaks_model()) breaks.insert(r.id);
  }
  CHECK(environment == std::set<std::string_view>{"input-limit", "unreadable-file"});
  // Every problem that hides others is always an error: lowering it would hide what it folds.
  CHECK(always == std::set<std::string_view>{"bad-api-version", "input-limit", "outside-repository",
                                             "unknown-kind", "unreadable-file", "yaml-syntax"});
  for (const RuleInfo& r : all_rules()) {
    if (r.hides_others()) CHECK_MESSAGE(r.always_error(), r.id);
  }
  CHECK(breaks.contains("unknown-step"));
  CHECK(breaks.contains("cycle"));
  CHECK(breaks.contains("excessive-rework"));
  CHECK_FALSE(breaks.contains("long-wait"));
  CHECK_FALSE(breaks.contains("missing-owner"));
  CHECK_FALSE(breaks.contains("review-overdue"));
}

TEST_CASE("find_rule: the rule of an id typed by a user, or nothing") {
  std::optional<Rule> found = find_rule("long-wait");
  REQUIRE(found);
  CHECK(*found == rule::kLongWait);
  CHECK(found->info().group == RuleGroup::Analyze);
  CHECK_FALSE(find_rule("long-waits"));
  CHECK_FALSE(find_rule(""));
  for (const RuleInfo& r : all_rules()) CHECK(find_rule(r.id)->id() == r.id);
}

TEST_CASE("severities and rule groups are spelled by their tables") {
  CHECK(enum_name(Severity::Warning) == "warning");
  CHECK(parse_enum<Severity>("off") == Severity::Off);
  CHECK_FALSE(parse_enum<Severity>("fatal"));
  CHECK(enum_list<Severity>(", ") == "off, info, warning, error");
  CHECK(enum_name(RuleGroup::Report) == "report");
  CHECK(enum_names<RuleGroup>() ==
        std::vector<std::string_view>{"validate", "analyze", "report", "mine"});
}
