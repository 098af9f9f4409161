#pragma once
// CSV text as rows of cells, for measurement files (and event logs).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "opsflow/base/diagnostic.hpp"

namespace opsflow {

// Reads CSV text one row at a time (RFC 4180: quoted fields, "" for a quote, line breaks inside
// quotes, CRLF or LF, an optional UTF-8 byte order mark), so a large file is never held as cells
// all at once. Problems (an unterminated quote, text after a closing quote, a row with a
// different number of cells than the header) are appended to `diagnostics` with `file`, and the
// offending rows are skipped (never silently: each has its diagnostic). Blank lines are skipped.
class CsvReader {
 public:
  CsvReader(std::string_view text, std::string file, std::vector<Diagnostic>& diagnostics);

  // The first row that could be read; empty when the text has none.
  const std::vector<std::string>& header() const { return header_; }

  // The next data row: its cells (as many as the header has), the line it starts on (1-based;
  // the header is on line 1) and the byte it starts at (after a byte order mark). Returns false
  // at the end of the text.
  struct Row {
    std::vector<std::string> cells;
    int line = 0;
    std::size_t offset = 0;
  };
  bool next(Row& row);

 private:
  bool read_row(Row& row, bool& bad);  // any row; false at the end

  std::string_view text_;
  std::string file_;
  std::vector<Diagnostic>& diagnostics_;
  std::vector<std::string> header_;
  std::size_t pos_ = 0;
  int line_ = 1;
  bool done_ = false;
};

// A whole CSV file as rows of cells (small files and tests; large ones go through CsvReader).
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;            // the line each row starts on (1-based; the header is line 1)
  std::vector<std::size_t> offsets;  // the byte each row starts at (after a byte order mark)
};

// Reads every row with a CsvReader.
CsvTable parse_csv(std::string_view text, const std::string& file,
                   std::vector<Diagnostic>& diagnostics);

// The column (1-based, in bytes on its line) where cell `cell` of the row at byte `offset` of
// `text` begins; `text` as given to CsvReader. For messages about one cell.
int csv_cell_column(std::string_view text, std::size_t offset, std::size_t cell);

}  // namespace opsflow
