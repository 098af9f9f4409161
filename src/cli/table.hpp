#pragma once
// Tables for terminals (columns aligned by display width, so Chinese names line up) and Markdown.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "opsflow/base/text.hpp"
#include "style.hpp"

namespace opsflow::cli {

enum class Align { Left, Right };

struct Column {
  std::string header;
  Align align = Align::Left;
};

class Table {
 public:
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

  // Adds a row; missing cells are empty, extra cells are an error in the caller. `colors` gives
  // cells a colour for the terminal (print_text with `color`); it may be shorter than the row.
  void add(std::vector<std::string> cells, std::vector<std::optional<Color>> colors = {}) {
    rows_.push_back(std::move(cells));
    if (!colors.empty()) {
      colors_.resize(rows_.size());
      colors_.back() = std::move(colors);
    }
  }
  bool empty() const { return rows_.empty(); }

  // Aligned text: `indent` spaces, columns two spaces apart; cells in their colours when `color`.
  void print_text(std::ostream& out, int indent, bool color) const;

  // The same, fitted into `max_width` display columns: when the table is wider, its columns after
  // the first `keys` are split into blocks that fit, each printed with the key columns again and a
  // blank line between blocks. Nothing is cut; a block of one column that cannot fit is printed as
  // it is.
  void print_text_fit(std::ostream& out, int indent, bool color, std::size_t max_width,
                      std::size_t keys) const;

  // A GitHub-flavoured Markdown table; `|` and line breaks in cells are escaped.
  void print_markdown(std::ostream& out) const;

 private:
  // Display width of each column: the widest of its header and cells.
  std::vector<std::size_t> widths() const;

  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::vector<std::optional<Color>>> colors_;  // per row, where any were given
  static const std::vector<std::optional<Color>> kNoColors;
};

}  // namespace opsflow::cli
