// Globs of Config exclude and overrides.
#include <doctest/doctest.h>

#include <string>

#include "opsflow/base/glob.hpp"

using opsflow::glob_match;

TEST_CASE("globs") {
  CHECK(glob_match("drafts/**", "drafts/a.yaml"));
  CHECK(glob_match("drafts/**", "drafts/x/y.yaml"));
  CHECK(glob_match("drafts/**", "drafts/"));
  CHECK_FALSE(glob_match("drafts/**", "other/drafts.yaml"));
  CHECK(glob_match("*.draft.yaml", "a/b/x.draft.yaml"));
  CHECK(glob_match("teams/*/old.yaml", "teams/ops/old.yaml"));
  CHECK_FALSE(glob_match("teams/*/old.yaml", "teams/ops/x/old.yaml"));
  CHECK(glob_match("**/tmp-?.yaml", "tmp-1.yaml"));
  CHECK(glob_match("./legacy/**", "legacy/a.yaml"));
}

TEST_CASE("a pattern without '/' matches a name at any depth; a trailing '/' a whole folder") {
  CHECK(glob_match("notes.yaml", "notes.yaml"));
  CHECK(glob_match("notes.yaml", "a/b/notes.yaml"));
  CHECK_FALSE(glob_match("notes.yaml", "a/b/notes.yaml.bak"));
  CHECK(glob_match("legacy/", "legacy/x/y.yaml"));
  CHECK_FALSE(glob_match("legacy/", "legacy.yaml"));
  CHECK_FALSE(glob_match("a?c", "a/c"));  // ? never matches a folder separator
  CHECK_FALSE(glob_match("a*c", "a/c"));  // nor does *
  CHECK(glob_match("a/**/c", "a/c"));     // **/ also matches no folder at all
  CHECK(glob_match("a/**/c", "a/x/y/c"));
}

TEST_CASE("hostile globs stay fast") {
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "d/";
  deep += "file.yaml";
  CHECK_FALSE(glob_match("**/**/**/**/**/*x", deep));
  CHECK(glob_match("**/**/**/**/**/*.yaml", deep));
  CHECK_FALSE(glob_match("*a*a*a*a*a*a*a*b", std::string(400, 'a') + ".yaml"));
}
