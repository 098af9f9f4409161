// RFC 4180 CSV.
#include "opsflow/stats/csv.hpp"

#include <fmt/format.h>

#include <utility>

namespace opsflow {
namespace {

Diagnostic csv_problem(const std::string& file, int line, int col, std::string message) {
  return {
      .rule = rule::kInvalidCsv, .file = file, .loc = {line, col}, .message = std::move(message)};
}

}  // namespace

CsvReader::CsvReader(std::string_view text, std::string file, std::vector<Diagnostic>& diagnostics)
    : text_(text), file_(std::move(file)), diagnostics_(diagnostics) {
  if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
  Row row;
  for (bool bad = false; read_row(row, bad); bad = false) {
    if (bad) continue;
    header_ = std::move(row.cells);
    return;
  }
}

bool CsvReader::next(Row& row) {
  for (bool bad = false; read_row(row, bad); bad = false) {
    if (bad) continue;
    if (row.cells.size() != header_.size()) {
      diagnostics_.push_back(csv_problem(
          file_, row.line, 1,
          fmt::format("row has {} cells, the header has {}", row.cells.size(), header_.size())));
      continue;
    }
    return true;
  }
  return false;
}

bool CsvReader::read_row(Row& row, bool& bad) {
  while (!done_ && pos_ < text_.size()) {
    row.line = line_;
    row.offset = pos_;
    std::size_t used = 0;  // cells of row.cells in use: their strings are reused row after row
    bad = false;
    int col = 1;
    for (bool row_done = false; !row_done;) {
      if (used == row.cells.size()) row.cells.emplace_back();
      std::string& cell = row.cells[used++];
      cell.clear();
      if (pos_ < text_.size() && text_[pos_] == '"') {
        // A quoted field: up to the closing quote, "" stands for one quote.
        int quote_line = line_, quote_col = col;
        ++pos_;
        ++col;
        bool closed = false;
        while (pos_ < text_.size()) {
          char c = text_[pos_++];
          ++col;
          if (c == '"') {
            if (pos_ < text_.size() && text_[pos_] == '"') {
              cell += '"';
              ++pos_;
              ++col;
              continue;
            }
            closed = true;
            break;
          }
          if (c == '\n') {
            ++line_;
            col = 1;
          }
          cell += c;
        }
        if (!closed) {
          diagnostics_.push_back(
              csv_problem(file_, quote_line, quote_col, "a quoted field is never closed"));
          done_ = true;  // the rest of the file is inside the quote
          return false;
        }
        if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
            text_[pos_] != '\r') {
          diagnostics_.push_back(csv_problem(file_, line_, col, "text after a closing quote"));
          bad = true;
          while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n') ++pos_;
        }
      } else {
        // A plain loop: find_first_of calls memchr on the set for every character.
        std::size_t end = pos_;
        while (end < text_.size() && text_[end] != ',' && text_[end] != '\n' && text_[end] != '\r')
          ++end;
        cell.assign(text_, pos_, end - pos_);
        col += static_cast<int>(end - pos_);
        pos_ = end;
      }
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        ++col;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
      if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      row_done = true;
    }
    row.cells.resize(used);
    bool blank = used == 1 && row.cells[0].empty();
    if (!blank) return true;
  }
  return false;
}

CsvTable parse_csv(std::string_view text, const std::string& file,
                   std::vector<Diagnostic>& diagnostics) {
  CsvTable table;
  CsvReader reader(text, file, diagnostics);
  table.header = reader.header();
  CsvReader::Row row;
  while (reader.next(row)) {
    table.rows.push_back(row.cells);
    table.lines.push_back(row.line);
    table.offsets.push_back(row.offset);
  }
  return table;
}

int csv_cell_column(std::string_view text, std::size_t offset, std::size_t cell) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t line_start = offset;
  bool quoted = false;
  std::size_t pos = offset;
  for (std::size_t seen = 0; pos < text.size() && seen < cell; ++pos) {
    char c = text[pos];
    if (c == '"')
      quoted = !quoted;  // "" inside quotes toggles twice: no change
    else if (c == '\n')
      line_start = pos + 1;
    else if (c == ',' && !quoted)
      ++seen;
  }
  return static_cast<int>(pos - line_start) + 1;
}

}  // namespace opsflow
