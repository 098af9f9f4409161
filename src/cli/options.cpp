#include "options.hpp"

namespace opsflow::cli {

std::span<const EnumName<Format>> enum_table(Format) {
  static constexpr EnumName<Format> kFormats[] = {
      {"text", Format::Text},         {"json", Format::Json},
      {"sarif", Format::Sarif},       {"github", Format::Github},
      {"markdown", Format::Markdown}, {"csv", Format::Csv},
      {"mermaid", Format::Mermaid},   {"dot", Format::Dot}};
  return kFormats;
}

}  // namespace opsflow::cli
