// RFC 4180 CSV: quoting, line breaks, byte order marks, and where each cell is.
#include <doctest/doctest.h>

#include "opsflow/stats/csv.hpp"

using namespace opsflow;

TEST_CASE("CSV: quotes, doubled quotes, line breaks in quotes, CRLF, a byte order mark") {
  std::vector<Diagnostic> d;
  CsvTable t = parse_csv(
      "\xEF\xBB\xBF"
      "date,metric,value,note\r\n"
      "2026-01-01,mttr,5,\"a, b\"\r\n"
      "2026-01-02,mttr,6,\"say \"\"hi\"\"\"\r\n"
      "2026-01-03,mttr,7,\"two\nlines\"\r\n"
      "\r\n"
      "2026-01-04,mttr,8,\r\n",
      "m.csv", d);
  CHECK(d.empty());
  CHECK(t.header == std::vector<std::string>{"date", "metric", "value", "note"});
  REQUIRE(t.rows.size() == 4);
  CHECK(t.rows[0][3] == "a, b");
  CHECK(t.rows[1][3] == "say \"hi\"");
  CHECK(t.rows[2][3] == "two\nlines");
  CHECK(t.rows[3][3].empty());
  CHECK(t.lines == std::vector<int>{2, 3, 4, 7});
}

TEST_CASE("CSV: broken rows are reported with their line, never silently dropped") {
  std::vector<Diagnostic> d;
  CsvTable t = parse_csv("date,value\n2026-01-01,1\n2026-01-02\n2026-01-03,\"3\"x\n2026-01-04,4\n",
                         "m.csv", d);
  REQUIRE(d.size() == 2);
  CHECK(d[0].loc.line == 3);
  CHECK(d[0].message == "row has 1 cells, the header has 2");
  CHECK(d[1].loc.line == 4);
  CHECK(d[1].message == "text after a closing quote");
  CHECK(t.rows.size() == 2);
  std::vector<Diagnostic> open;
  parse_csv("date,value\n2026-01-01,\"never closed\n", "m.csv", open);
  REQUIRE(open.size() == 1);
  CHECK(open[0].message == "a quoted field is never closed");
  CHECK(open[0].loc == SourceLoc{2, 12});
}

TEST_CASE("the column of a CSV cell, past quoted commas and quotes") {
  std::string text =
      "\xEF\xBB\xBF"
      "date,metric,value\n2026-01-05,\"a,\"\"b\"\"\",fast\n";
  std::vector<Diagnostic> problems;
  CsvTable table = parse_csv(text, "m.csv", problems);
  REQUIRE(table.rows.size() == 1);
  CHECK(table.rows[0][1] == "a,\"b\"");
  CHECK(csv_cell_column(text, table.offsets[0], 0) == 1);
  CHECK(csv_cell_column(text, table.offsets[0], 1) == 12);
  CHECK(csv_cell_column(text, table.offsets[0], 2) == 22);
}

TEST_CASE("CSV read row by row: the header first, then each row with its line and byte") {
  std::vector<Diagnostic> d;
  std::string text = "date,value,team\n2026-01-01,1,\"a\nb\"\n\n2026-01-02,2\n2026-01-03,3,c\n";
  CsvReader reader(text, "m.csv", d);
  CHECK(reader.header() == std::vector<std::string>{"date", "value", "team"});
  CsvReader::Row row;
  REQUIRE(reader.next(row));
  CHECK(row.cells == std::vector<std::string>{"2026-01-01", "1", "a\nb"});
  CHECK(row.line == 2);
  CHECK(row.offset == 16);
  // The short row on line 5 is reported and skipped; the cells of the next are fresh.
  REQUIRE(reader.next(row));
  CHECK(row.cells == std::vector<std::string>{"2026-01-03", "3", "c"});
  CHECK(row.line == 6);
  CHECK_FALSE(reader.next(row));
  REQUIRE(d.size() == 1);
  CHECK(d[0].loc.line == 5);
  // A header that cannot be read is reported; the first readable row is the header.
  std::vector<Diagnostic> bad;
  CsvReader second("\"date\"x,value\ndate,value\n2026-01-01,1\n", "m.csv", bad);
  CHECK(bad.size() == 1);
  CHECK(second.header() == std::vector<std::string>{"date", "value"});
  CHECK(CsvReader("", "m.csv", bad).header().empty());
}
