#include "table.hpp"

#include <algorithm>

#include "opsflow/base/text.hpp"
#include "style.hpp"

namespace opsflow::cli {

const std::vector<std::optional<Color>> Table::kNoColors;

std::vector<std::size_t> Table::widths() const {
  std::vector<std::size_t> widths(columns_.size(), 0);
  for (std::size_t c = 0; c < columns_.size(); ++c) widths[c] = display_width(columns_[c].header);
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(printable(row[c])));
    }
  }
  return widths;
}

void Table::print_text_fit(std::ostream& out, int indent, bool color, std::size_t max_width,
                           std::size_t keys) const {
  const std::vector<std::size_t> widths = this->widths();
  keys = std::min(keys, columns_.size());
  auto span = [&](std::size_t from, std::size_t to) {  // width of columns [from, to), spaced
    std::size_t total = 0;
    for (std::size_t c = from; c < to; ++c) total += widths[c] + (total ? 2 : 0);
    return total;
  };
  const std::size_t base = static_cast<std::size_t>(indent) + span(0, keys);
  if (base + 2 + span(keys, columns_.size()) <= max_width || keys == columns_.size()) {
    print_text(out, indent, color);
    return;
  }
  // Blocks of the other columns, each as wide as fits beside the keys.
  std::vector<std::pair<std::size_t, std::size_t>> blocks;
  for (std::size_t c = keys; c < columns_.size();) {
    std::size_t end = c + 1;
    while (end < columns_.size() && base + 2 + span(c, end + 1) <= max_width) ++end;
    blocks.emplace_back(c, end);
    c = end;
  }
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    std::vector<std::size_t> picked;
    for (std::size_t c = 0; c < keys; ++c) picked.push_back(c);
    for (std::size_t c = blocks[b].first; c < blocks[b].second; ++c) picked.push_back(c);
    std::vector<Column> columns;
    for (std::size_t c : picked) columns.push_back(columns_[c]);
    Table part(std::move(columns));
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      std::vector<std::string> cells;
      std::vector<std::optional<Color>> colors;
      const auto& row_colors = r < colors_.size() ? colors_[r] : kNoColors;
      for (std::size_t c : picked) {
        cells.push_back(c < rows_[r].size() ? rows_[r][c] : std::string());
        colors.push_back(c < row_colors.size() ? row_colors[c] : std::nullopt);
      }
      part.add(std::move(cells), std::move(colors));
    }
    if (b > 0) out << "\n";
    part.print_text(out, indent, color);
  }
}

void Table::print_text(std::ostream& out, int indent, bool color) const {
  const std::vector<std::size_t> widths = this->widths();
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
