#pragma once
// CSV text as rows of cells, for measurement files (and event logs).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "opsflow/base/diagnostic.hpp"

namespace opsflow {

// A CSV file as rows of cells (RFC 4180: quoted fields, "" for a quote, line breaks inside quotes,
// CRLF or LF, an optional UTF-8 byte order mark).
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;            // the line each row starts on (1-based; the header is line 1)
  std::vector<std::size_t> offsets;  // the byte each row starts at (after a byte order mark)
};

// Parses CSV text; problems (an unterminated quote, text after a closing quote, a row with a
// different number of cells than the header) are appended to `diagnostics` with `file`, and the
// offending rows are left out of the table (never silently: each has its diagnostic).
CsvTable parse_csv(std::string_view text, const std::string& file,
                   std::vector<Diagnostic>& diagnostics);

// The column (1-based, in bytes on its line) where cell `cell` of the row at byte `offset` of
// `text` begins; `text` as given to parse_csv. For messages about one cell.
int csv_cell_column(std::string_view text, std::size_t offset, std::size_t cell);

}  // namespace opsflow
