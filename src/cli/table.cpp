#include "table.hpp"

#include <algorithm>

#include "opsflow/base/text.hpp"
#include "style.hpp"

namespace opsflow::cli {

const std::vector<std::optional<Color>> Table::kNoColors;

void Table::print_text(std::ostream& out, int indent, bool color) const {
  std::vector<std::size_t> widths(columns_.size(), 0);
  for (std::size_t c = 0; c < columns_.size(); ++c) widths[c] = display_width(columns_[c].header);
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(printable(row[c])));
    }
  }
  // Padding is added around the painted text, so colour codes never count as width.
  auto line = [&](const std::vector<std::string>& cells,
                  const std::vector<std::optional<Color>>& colors) {
    std::string text(static_cast<std::size_t>(indent), ' ');
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      std::string cell = c < cells.size() ? printable(cells[c]) : std::string();
      std::size_t width = display_width(cell);
      std::string padding(widths[c] > width ? widths[c] - width : 0, ' ');
      bool last = c + 1 == columns_.size();
      if (columns_[c].align == Align::Right) text += padding;
      if (color && c < colors.size() && colors[c]) {
        append_painted(text, cell, *colors[c], true);
      } else {
        text += cell;
      }
      if (columns_[c].align == Align::Left && !last) text += padding;
      if (!last) text += "  ";
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << "\n";
  };
  std::vector<std::string> headers;
  for (const Column& c : columns_) headers.push_back(c.header);
  line(headers, {});
  for (std::size_t r = 0; r < rows_.size(); ++r)
    line(rows_[r], r < colors_.size() ? colors_[r] : kNoColors);
}

void Table::print_markdown(std::ostream& out) const {
  std::vector<std::string> header;
  std::vector<ColumnAlign> align;
  for (const Column& c : columns_) {
    header.push_back(markdown_escape(c.header));
    align.push_back(c.align == Align::Right ? ColumnAlign::Right : ColumnAlign::Left);
  }
  std::vector<std::vector<std::string>> rows;
  rows.reserve(rows_.size());
  for (const auto& row : rows_) {
    std::vector<std::string>& escaped = rows.emplace_back();
    for (const std::string& cell : row) escaped.push_back(markdown_escape(cell));
  }
  out << markdown_table(header, align, rows);
}

}  // namespace opsflow::cli
