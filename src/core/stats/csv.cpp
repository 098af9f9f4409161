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

CsvReader::CsvReader(std::string_view text, std::string file, std::vector<Diagnostic>& diagnostics,
                     char delimiter)
    : text_(text),
      at_end_(true),
      file_(std::move(file)),
      diagnostics_(diagnostics),
      delimiter_(delimiter) {
  start();
}

CsvReader::CsvReader(Source source, std::string file, std::vector<Diagnostic>& diagnostics,
                     char delimiter)
    : source_(std::move(source)),
      file_(std::move(file)),
      diagnostics_(diagnostics),
      delimiter_(delimiter) {
  start();
}

void CsvReader::start() {
  if (have(2) && text_.starts_with("\xEF\xBB\xBF")) {
    if (source_) {
      buffer_.erase(0, 3);  // offsets count from after the mark
      text_ = buffer_;
    } else {
      text_.remove_prefix(3);
    }
  }
  Row row;
  for (bool bad = false; read_row(row, bad); bad = false) {
    if (bad) continue;
    header_ = std::move(row.cells);
    header_columns_ = std::move(row.columns);
    return;
  }
}

bool CsvReader::more(std::size_t i) {
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  while (i >= text_.size() && !at_end_) {
    // Read into a scratch chunk and appended: growing buffer_ by a chunk for every read would
    // zero a mebibyte for each (a streamed source may give a few bytes a call).
    if (scratch_.empty()) scratch_.resize(kChunk);
    const std::size_t got = source_(scratch_.data(), scratch_.size());
    buffer_.append(scratch_.data(), got);
    at_end_ = got == 0;
    text_ = buffer_;
  }
  return i < text_.size();
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
  constexpr std::size_t kKeep = std::size_t{1} << 20;
  while (!done_ && have(pos_)) {
    if (source_ && pos_ > kKeep) {  // drop the rows already read; indexes move with pos_
      buffer_.erase(0, pos_);
      dropped_ += pos_;
      pos_ = 0;
      text_ = buffer_;
    }
    row.line = line_;
    row.offset = dropped_ + pos_;
    std::size_t used = 0;  // cells of row.cells in use: their strings are reused row after row
    bad = false;
    int col = 1;
    for (bool row_done = false; !row_done;) {
      if (used == row.cells.size()) row.cells.emplace_back();
      if (used == row.columns.size()) row.columns.emplace_back();
      row.columns[used] = col;
      std::string& cell = row.cells[used++];
      cell.clear();
      if (have(pos_) && text_[pos_] == '"') {
        // A quoted field: up to the closing quote, "" stands for one quote.
        int quote_line = line_, quote_col = col;
        ++pos_;
        ++col;
        bool closed = false;
        while (have(pos_)) {
          char c = text_[pos_++];
          ++col;
          if (c == '"') {
            if (have(pos_) && text_[pos_] == '"') {
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
        if (have(pos_) && !is_delimiter(text_[pos_]) && text_[pos_] != '\n' &&
            text_[pos_] != '\r') {
          diagnostics_.push_back(csv_problem(file_, line_, col, "text after a closing quote"));
          bad = true;
          while (have(pos_) && !is_delimiter(text_[pos_]) && text_[pos_] != '\n') ++pos_;
        }
      } else {
        // A plain loop: find_first_of calls memchr on the set for every character.
        std::size_t end = pos_;
        for (;;) {
          const std::size_t size = text_.size();
          while (end < size && !is_delimiter(text_[end]) && text_[end] != '\n' &&
                 text_[end] != '\r')
            ++end;
          if (end < size || !have(end)) break;
        }
        cell.assign(text_, pos_, end - pos_);
        col += static_cast<int>(end - pos_);
        pos_ = end;
      }
      if (have(pos_) && is_delimiter(text_[pos_])) {
        ++pos_;
        ++col;
        continue;
      }
      if (have(pos_) && text_[pos_] == '\r') ++pos_;
      if (have(pos_) && text_[pos_] == '\n') ++pos_;
      ++line_;
      row_done = true;
    }
    row.cells.resize(used);
    row.columns.resize(used);
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

}  // namespace opsflow
