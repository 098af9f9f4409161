// RFC 4180 CSV: quoting, line breaks, byte order marks, and where each cell is.
#include <doctest/doctest.h>

#include <algorithm>

#include "helpers.hpp"
#include "opsflow/stats/csv.hpp"

using namespace opsflow;
using opsflow::test::chunks_of;

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
  CsvReader reader(text, "m.csv", problems);
  CHECK(reader.header_columns() == std::vector<int>{1, 6, 13});
  CsvReader::Row row;
  REQUIRE(reader.next(row));
  CHECK(row.cells[1] == "a,\"b\"");
  CHECK(row.columns == std::vector<int>{1, 12, 22});
}

TEST_CASE("streamed in chunks of any size, CSV reads as it does from memory") {
  const std::string text =
      "\xEF\xBB\xBF"
      "case;activity;note\r\nc1;a;\"x;\r\ny\"\"z\"\r\n\r\nc2;b\nc3;\"q\"w;1\nc4;d;\"open\n";
  std::vector<Diagnostic> expected_d;
  std::vector<CsvReader::Row> expected;
  CsvReader whole(text, "log.csv", expected_d, ';');
  for (CsvReader::Row row; whole.next(row);) expected.push_back(row);
  REQUIRE(expected.size() == 1);
  CHECK(expected[0].cells == std::vector<std::string>{"c1", "a", "x;\r\ny\"z"});
  CHECK(expected_d.size() == 3);  // the short row, the text after a quote, the open quote
  for (std::size_t chunk : {1, 2, 3, 7, 64}) {
    CAPTURE(chunk);
    std::vector<Diagnostic> d;
    CsvReader streamed(chunks_of(text, chunk), "log.csv", d, ';');
    CHECK(streamed.header() == whole.header());
    CHECK(streamed.header_columns() == whole.header_columns());
    std::size_t i = 0;
    for (CsvReader::Row row; streamed.next(row); ++i) {
      REQUIRE(i < expected.size());
      CHECK(row.cells == expected[i].cells);
      CHECK(row.columns == expected[i].columns);
      CHECK(row.line == expected[i].line);
      CHECK(row.offset == expected[i].offset);
    }
    CHECK(i == expected.size());
    REQUIRE(d.size() == expected_d.size());
    for (std::size_t k = 0; k < d.size(); ++k) {
      CHECK(d[k].loc == expected_d[k].loc);
      CHECK(d[k].message == expected_d[k].message);
    }
  }
}

TEST_CASE("a long stream: the reader drops rows it has read, and counts lines and bytes on") {
  std::string text = "case,activity\n";
  for (int i = 0; i < 200000; ++i) text += "case-" + std::to_string(i) + ",\"an activity\"\n";
  std::vector<Diagnostic> d;
  CsvReader reader(chunks_of(text, 4096), "big.csv", d);
  int rows = 0;
  CsvReader::Row row;
  while (reader.next(row)) ++rows;
  CHECK(rows == 200000);
  CHECK(row.cells[0] == "case-199999");
  CHECK(row.line == 200001);
  CHECK(row.offset == text.size() - row.cells[0].size() - 15);  // ,"an activity"\n
  CHECK(d.empty());
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
