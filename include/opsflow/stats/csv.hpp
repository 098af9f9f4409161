#pragma once
// CSV text as rows of cells, for measurement files (and event logs).

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "opsflow/base/diagnostic.hpp"

namespace opsflow {

// Reads CSV one row at a time (RFC 4180: quoted fields, "" for a quote, line breaks inside
// quotes, CRLF or LF, an optional UTF-8 byte order mark), so a large file is never held as cells
// all at once: from text in memory, or streamed from a Source in chunks (event logs of any size,
// gzip, standard input), with any one-byte delimiter. Problems (an unterminated quote, text after
// a closing quote, a row with a different number of cells than the header) are appended to
// `diagnostics` with `file`, and the offending rows are skipped (never silently: each has its
// diagnostic). Blank lines are skipped.
class CsvReader {
 public:
  // Fills `out` with up to `size` bytes and returns how many; 0 at the end. Reports a failure to
  // read by throwing (an environment failure, not a problem in the file).
  using Source = std::function<std::size_t(char* out, std::size_t size)>;

  CsvReader(std::string_view text, std::string file, std::vector<Diagnostic>& diagnostics,
            char delimiter = ',');
  CsvReader(Source source, std::string file, std::vector<Diagnostic>& diagnostics,
            char delimiter = ',');

  // The first row that could be read; empty when the text has none.
  const std::vector<std::string>& header() const { return header_; }
  // The column (1-based, in bytes on line 1) where each header cell begins.
  const std::vector<int>& header_columns() const { return header_columns_; }

  // The next data row: its cells (as many as the header has), the column each begins at (1-based,
  // in bytes on the line it begins on), the line the row starts on (1-based; the header is on
  // line 1) and the byte it starts at (after a byte order mark). Returns false at the end.
  struct Row {
    std::vector<std::string> cells;
    std::vector<int> columns;
    int line = 0;
    std::size_t offset = 0;
  };
  bool next(Row& row);

 private:
  void start();
  // Whether byte i is there, reading more when it can (the common case inline: it is called for
  // every cell).
  bool have(std::size_t i) { return i < text_.size() || more(i); }
  bool more(std::size_t i);
  bool read_row(Row& row, bool& bad);  // any row; false at the end
  bool is_delimiter(char c) const { return c == delimiter_; }

  Source source_;
  std::string buffer_;         // what was read from source_ and not yet dropped
  std::vector<char> scratch_;  // where source_ writes a chunk before it is appended
  std::string_view text_;      // the text, or buffer_
  std::size_t dropped_ = 0;    // bytes of the stream dropped from the front of buffer_
  bool at_end_ = false;        // source_ has nothing more (always, for text)
  std::string file_;
  std::vector<Diagnostic>& diagnostics_;
  char delimiter_;
  std::vector<std::string> header_;
  std::vector<int> header_columns_;
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

}  // namespace opsflow
