#pragma once
// Internal: a Markdown page as render builds it, and the text helpers every page uses.

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "opsflow/base/text.hpp"
#include "opsflow/model/model.hpp"
#include "opsflow/render/render.hpp"

namespace opsflow::detail {

// Text for a table cell, a heading or a list item.
inline std::string text(std::string_view s) {
  return markdown_escape(join_wide_lines(s));
}

// Text for a heading: also no '#', which could close or open one.
inline std::string heading_text(std::string_view s) {
  std::string out;
  for (char c : markdown_escape(s)) {
    if (c == '#') out += '\\';
    out += c;
  }
  return out;
}

class Page {
 public:
  explicit Page(std::string title) {
    out_ += kGeneratedMarker;
    out_ += "\n\n# " + heading_text(title) + "\n";
  }
  void heading(int level, std::string_view title) {
    out_ +=
        "\n" + std::string(static_cast<std::size_t>(level), '#') + " " + heading_text(title) + "\n";
  }
  void paragraph(std::string_view body) { out_ += "\n" + std::string(body) + "\n"; }
  // Cells are Markdown already (escaped user text).
  void table(const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows,
             const std::vector<ColumnAlign>& align = {}) {
    out_ += "\n" + markdown_table(header, align, rows);
  }
  void list(const std::vector<std::string>& items, std::string_view bullet = "-") {
    if (items.empty()) return;
    out_ += "\n";
    for (const std::string& item : items) out_ += std::string(bullet) + " " + item + "\n";
  }
  void fence(std::string_view language, std::string_view body) {
    out_ += "\n```" + std::string(language) + "\n" + std::string(body);
    if (!body.ends_with('\n')) out_ += "\n";
    out_ += "```\n";
  }
  std::string finish() { return std::move(out_); }

 private:
  std::string out_;
};

inline std::string role_link(const Model& model, const std::string& id, std::string_view prefix) {
  for (const Role& r : model.roles) {
    if (r.meta.id.value == id) {
      return fmt::format("[{}]({}roles/{}.md)", text(r.display_name()), prefix, id);
    }
  }
  return text(id);
}

}  // namespace opsflow::detail
