// RFC 4180 CSV.
#include "opsflow/stats/csv.hpp"

#include <fmt/format.h>

namespace opsflow {
namespace {

Diagnostic csv_problem(const std::string& file, int line, int col, std::string message) {
  return {
      .rule = rule::kInvalidCsv, .file = file, .loc = {line, col}, .message = std::move(message)};
}

}  // namespace

CsvTable parse_csv(std::string_view text, const std::string& file,
                   std::vector<Diagnostic>& diagnostics) {
  CsvTable table;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t pos = 0;
  int line = 1;
  while (pos < text.size()) {
    int row_line = line;
    std::size_t row_offset = pos;
    std::vector<std::string> cells;
    std::string cell;
    bool bad = false, row_done = false;
    int col = 1;
    while (!row_done) {
      if (pos < text.size() && text[pos] == '"') {
        // A quoted field: up to the closing quote, "" stands for one quote.
        int quote_line = line, quote_col = col;
        ++pos;
        ++col;
        bool closed = false;
        while (pos < text.size()) {
          char c = text[pos++];
          ++col;
          if (c == '"') {
            if (pos < text.size() && text[pos] == '"') {
              cell += '"';
              ++pos;
              ++col;
              continue;
            }
            closed = true;
            break;
          }
          if (c == '\n') {
            ++line;
            col = 1;
          }
          cell += c;
        }
        if (!closed) {
          diagnostics.push_back(
              csv_problem(file, quote_line, quote_col, "a quoted field is never closed"));
          return table;
        }
        if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          diagnostics.push_back(csv_problem(file, line, col, "text after a closing quote"));
          bad = true;
          while (pos < text.size() && text[pos] != ',' && text[pos] != '\n') ++pos;
        }
      } else {
        while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          cell += text[pos++];
          ++col;
        }
      }
      cells.push_back(std::move(cell));
      cell.clear();
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        ++col;
        continue;
      }
      if (pos < text.size() && text[pos] == '\r') ++pos;
      if (pos < text.size() && text[pos] == '\n') ++pos;
      ++line;
      row_done = true;
    }
    bool blank = cells.size() == 1 && cells[0].empty();
    if (blank) continue;
    if (table.header.empty() && table.rows.empty() && !bad) {
      table.header = std::move(cells);
      continue;
    }
    if (!bad && cells.size() != table.header.size()) {
      diagnostics.push_back(csv_problem(
          file, row_line, 1,
          fmt::format("row has {} cells, the header has {}", cells.size(), table.header.size())));
      bad = true;
    }
    if (bad) continue;
    table.rows.push_back(std::move(cells));
    table.lines.push_back(row_line);
    table.offsets.push_back(row_offset);
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
