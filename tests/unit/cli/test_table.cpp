// Terminal tables: alignment by display width, and splitting a wide table into blocks.
#include <doctest/doctest.h>

#include <sstream>

#include "table.hpp"

using namespace opsflow::cli;

TEST_CASE("a table wider than the terminal is split into blocks that repeat the key column") {
  Table t({{"key"}, {"a", Align::Right}, {"b"}, {"c"}});
  t.add({"k1", "1", "bbbbbbbbbb", "cccccccccc"});
  t.add({"k2", "22", "b", "c"});
  std::ostringstream wide;
  t.print_text_fit(wide, 2, false, 100, 1);
  CHECK(wide.str() ==
        "  key   a  b           c\n"
        "  k1    1  bbbbbbbbbb  cccccccccc\n"
        "  k2   22  b           c\n");
  // 22 columns: key (3) + a (2) + b (10) fit in 2 + 3 + 2 + 2 + 2 + 10 = 21; c goes below.
  std::ostringstream narrow;
  t.print_text_fit(narrow, 2, false, 22, 1);
  CHECK(narrow.str() ==
        "  key   a  b\n"
        "  k1    1  bbbbbbbbbb\n"
        "  k2   22  b\n"
        "\n"
        "  key  c\n"
        "  k1   cccccccccc\n"
        "  k2   c\n");
  // A column that cannot fit even alone is printed whole, never cut.
  std::ostringstream tiny;
  t.print_text_fit(tiny, 2, false, 8, 1);
  CHECK(tiny.str().find("cccccccccc") != std::string::npos);
}
