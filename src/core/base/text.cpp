#include "opsflow/base/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>

namespace opsflow {
namespace {

// Decodes one UTF-8 code point at `pos`, advancing it. A byte that does not start a well-formed
// sequence (a stray continuation byte, a lead byte above F4, an overlong form, a surrogate, a
// truncated sequence) decodes as itself, one byte long.
char32_t next_code_point(std::string_view s, std::size_t& pos) {
  auto byte = static_cast<unsigned char>(s[pos]);
  std::size_t extra = byte >= 0xF5 ? 0 : byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : byte >= 0xC2 ? 1 : 0;
  if (extra == 0 || pos + extra >= s.size()) {
    ++pos;
    return byte;
  }
  char32_t cp = byte & (0x3Fu >> extra);
  for (std::size_t i = 1; i <= extra; ++i) {
    auto cont = static_cast<unsigned char>(s[pos + i]);
    if ((cont & 0xC0) != 0x80) {
      ++pos;
      return byte;
    }
    cp = (cp << 6) | (cont & 0x3Fu);
  }
  static constexpr char32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kSmallest[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return byte;
  }
  pos += extra + 1;
  return cp;
}

struct Range {
  char32_t first, last;
};

// Zero-width: combining marks, zero-width space/joiners, variation selectors.
constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD},   {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},   {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x2064},   {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

// East Asian Wide (W) and Fullwidth (F) ranges, plus emoji presentation blocks.
constexpr Range kWide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
    {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F},
    {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

template <std::size_t N>
bool in_ranges(const Range (&ranges)[N], char32_t cp) {
  auto it = std::upper_bound(std::begin(ranges), std::end(ranges), cp,
                             [](char32_t c, const Range& r) { return c < r.first; });
  return it != std::begin(ranges) && cp <= std::prev(it)->last;
}

int code_point_width(char32_t cp) {
  if (cp == 0) return 0;
  if (in_ranges(kZeroWidth, cp)) return 0;
  if (in_ranges(kWide, cp)) return 2;
  return 1;
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    auto byte = static_cast<unsigned char>(text[pos]);
    if (byte >= 0x20 && byte < 0x7F) {  // printable ASCII, the common case
      ++width;
      ++pos;
      continue;
    }
    width += static_cast<std::size_t>(code_point_width(next_code_point(text, pos)));
  }
  return width;
}

std::string cap_first(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

std::string whole_percent(double share) {
  if (!std::isfinite(share)) return "-";
  return fmt::format("{:.0f}%", share * 100 + 0.0);  // + 0.0: never "-0%"
}

std::string github_anchor(std::string_view heading) {
  std::string out;
  for (std::size_t pos = 0; pos < heading.size();) {
    const std::size_t start = pos;
    const char32_t cp = next_code_point(heading, pos);
    if (cp < 0x80) {
      const auto c = static_cast<unsigned char>(cp);
      if (std::isalnum(c) || c == '_')
        out += static_cast<char>(std::tolower(c));
      else if (c == ' ' || c == '-')
        out += '-';
      continue;
    }
    const bool punctuation = (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
                             (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
                             (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
                             (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65);
    if (punctuation) continue;
    // Latin-1 and Latin Extended-A capitals, lowered as GitHub does (two-byte UTF-8 both). In
    // Extended-A a capital is followed by its small letter, from an even code point except in
    // U+0139..U+0148 and U+0179..U+017E; U+0178 (Y with diaeresis) pairs with U+00FF.
    const bool pair_even = (cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177);
    const bool pair_odd = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    const bool capital = (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || cp == 0x178 ||
                         (pair_even && cp % 2 == 0 && cp != 0x130) || (pair_odd && cp % 2 == 1);
    if (capital) {
      const char32_t lower = cp == 0x178 ? 0xFF : cp < 0x100 ? cp + 0x20 : cp + 1;
      out += static_cast<char>(0xC0 | (lower >> 6));
      out += static_cast<char>(0x80 | (lower & 0x3F));
      continue;
    }
    out.append(heading.substr(start, pos - start));
  }
  return out;
}

std::vector<std::string> wrap_lines(std::string_view text, std::size_t first, std::size_t rest) {
  std::vector<std::string> lines(1);
  std::size_t used = 0, limit = first;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = std::min(text.find(' ', start), text.size());
    std::string_view word = text.substr(start, end - start);
    std::size_t word_width = display_width(word);
    if (!lines.back().empty() && used + 1 + word_width > limit) {
      lines.emplace_back();
      used = 0;
      limit = rest;
    }
    if (!lines.back().empty()) {
      lines.back() += ' ';
      ++used;
    }
    lines.back() += word;
    used += word_width;
    start = end + 1;
  }
  return lines;
}

std::string ascii_lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return lower;
}

std::string wrap_after(std::string_view text, std::size_t lead, std::string_view indent,
                       std::size_t width) {
  if (width == 0 || lead + display_width(text) <= width) return std::string(text);
  const std::size_t rest = width > indent.size() ? width - indent.size() : 1;
  const std::vector<std::string> lines = wrap_lines(text, width > lead ? width - lead : 1, rest);
  std::string out = lines.front();
  for (std::size_t i = 1; i < lines.size(); ++i) {
    out += '\n';
    out += indent;
    out += lines[i];
  }
  return out;
}

void append_wrapped(std::string& out, std::string_view text, std::string_view indent,
                    std::size_t width) {
  const std::size_t room = width > indent.size() ? width - indent.size() : 1;
  for (const std::string& line : wrap_lines(text, room, room)) {
    out += indent;
    out += line;
    out += '\n';
  }
}

std::string to_valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    const char32_t cp = next_code_point(text, pos);
    const bool invalid = pos - start == 1 && cp >= 0x80;  // a byte that decoded as itself
    if (invalid)
      out += "\xEF\xBF\xBD";
    else
      out.append(text.substr(start, pos - start));
  }
  return out;
}

std::string join_wide_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && !out.empty() && i + 1 < text.size()) {
      // The code point before (back over continuation bytes) and the one after.
      std::size_t lead = out.size() - 1;
      while (lead > 0 && (static_cast<unsigned char>(out[lead]) & 0xC0) == 0x80) --lead;
      std::size_t next = i + 1;
      std::size_t pos = next;
      next_code_point(text, pos);
      if (display_width(std::string_view(out).substr(lead)) == 2 &&
          display_width(text.substr(next, pos - next)) == 2)
        continue;
    }
    out += text[i];
  }
  return out;
}

std::size_t code_point_count(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); ++count) next_code_point(text, pos);
  return count;
}

std::string pad_right(std::string_view text, std::size_t width) {
  std::string out(text);
  std::size_t w = display_width(text);
  if (w < width) out.append(width - w, ' ');
  return out;
}

bool is_plain_text(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return (byte >= 0x20 && byte < 0x7F) || byte == '\t';
  });
}

std::string printable(std::string_view text) {
  if (is_plain_text(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t start = pos;
    char32_t cp = next_code_point(text, pos);
    bool invalid = pos == start + 1 && static_cast<unsigned char>(text[start]) >= 0x80;
    if (invalid || (cp < 0x20 && cp != '\t') || cp == 0x7F) {
      out += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[start]));
    } else {
      out.append(text, start, pos - start);
    }
  }
  return out;
}

std::string markdown_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t start = pos;
    char32_t cp = next_code_point(text, pos);
    if (pos > start + 1) {  // a well-formed multi-byte character
      out.append(text, start, pos - start);
      continue;
    }
    char c = text[start];
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
        out += '\\';
        out += c;
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\n':
        out += ' ';
        break;
      case '\r':
        break;
      default:
        // Never a raw control character or a broken UTF-8 byte in a page.
        if ((cp < 0x20 && c != '\t') || cp >= 0x7F) {
          out += fmt::format("\\x{:02X}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string markdown_table(const std::vector<std::string>& header,
                           const std::vector<ColumnAlign>& align,
                           const std::vector<std::vector<std::string>>& rows) {
  auto cell = [](std::string& out, const std::string& text) {
    if (text.empty()) {
      out += " |";
    } else {
      out += ' ';
      out += text;
      out += " |";
    }
  };
  std::string out = "|";
  for (const std::string& h : header) cell(out, h);
  out += "\n|";
  for (std::size_t c = 0; c < header.size(); ++c) {
    ColumnAlign a = c < align.size() ? align[c] : ColumnAlign::Left;
    out += a == ColumnAlign::Centre ? " :---: |" : a == ColumnAlign::Right ? " ---: |" : " --- |";
  }
  out += "\n";
  static const std::string kEmpty;
  for (const auto& row : rows) {
    out += "|";
    for (std::size_t c = 0; c < header.size(); ++c) cell(out, c < row.size() ? row[c] : kEmpty);
    out += "\n";
  }
  return out;
}

std::string excerpt(std::string_view text, std::size_t max) {
  if (text.size() <= max || code_point_count(text) <= max) return std::string(text);
  return std::string(code_point_slice(text, 0, max - 1)) + "…";
}

std::string_view code_point_slice(std::string_view text, std::size_t first, std::size_t count) {
  std::size_t pos = 0, index = 0;
  while (pos < text.size() && index < first) {
    next_code_point(text, pos);
    ++index;
  }
  std::size_t begin = pos;
  while (pos < text.size() && index < first + count) {
    next_code_point(text, pos);
    ++index;
  }
  return text.substr(begin, pos - begin);
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  // Optimal string alignment: insertions, deletions, substitutions and adjacent transpositions
  // ("wiat" -> "wait") each cost one. Stops as soon as a whole row exceeds `limit`.
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), row(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    row[0] = i;
    std::size_t row_min = row[0];
    for (std::size_t j = 1; j <= m; ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], prev2[j - 2] + 1);
      }
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, row);
  }
  return prev[m] > limit ? limit + 1 : prev[m];
}

namespace {

// Names people reach for that are far from the word opsflow uses.
constexpr std::pair<std::string_view, std::string_view> kSynonyms[] = {
    {"p50", "median"},  {"avg", "mean"},      {"average", "mean"},      {"total", "sum"},
    {"latest", "last"}, {"minimum", "min"},   {"maximum", "max"},       {"wk", "week"},
    {"wks", "week"},    {"weeks", "week"},    {"days", "day"},          {"mo", "month"},
    {"mon", "month"},   {"months", "month"},  {"qtr", "quarter"},       {"quarters", "quarter"},
    {"yr", "year"},     {"years", "year"},    {"annual", "year"},       {"daily", "day"},
    {"weekly", "week"}, {"monthly", "month"}, {"quarterly", "quarter"}, {"yearly", "year"}};

// The one candidate `word` names a part of ("refund" in "refund-request", "response" in
// "incident-response"), or "" when none or several do.
std::string_view part_match(std::string_view word,
                            const std::vector<std::string_view>& candidates) {
  if (word.size() < 3) return {};
  std::string_view found;
  for (std::string_view candidate : candidates) {
    if (candidate == word) return {};  // it exists: nothing to suggest
    bool part = false;
    for (std::size_t at = candidate.find(word); at != std::string_view::npos && !part;
         at = candidate.find(word, at + 1)) {
      const std::size_t end = at + word.size();
      part = (at == 0 || candidate[at - 1] == '-') &&
             (end == candidate.size() || candidate[end] == '-');
    }
    if (!part) continue;
    if (!found.empty()) return {};
    found = candidate;
  }
  return found;
}

}  // namespace

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates,
                         SuggestionBudget* budget) {
  if (word.empty()) return {};
  const std::string lower = ascii_lowercase(word);
  auto offered = [&](std::string_view name) {
    return std::find(candidates.begin(), candidates.end(), name) != candidates.end();
  };
  if (lower != word && offered(lower)) return lower;  // "Week" for "week"
  for (const auto& [said, meant] : kSynonyms) {
    if (lower == said && offered(meant)) return std::string(meant);
  }
  // A typo is plausible when at most a third of the word (at least one edit) differs.
  const std::size_t limit = std::max<std::size_t>(1, (word.size() + 1) / 3);
  std::size_t best = limit + 1;
  std::string_view choice;
  for (std::string_view candidate : candidates) {
    if (candidate == word) continue;
    std::size_t size_gap = candidate.size() > word.size() ? candidate.size() - word.size()
                                                          : word.size() - candidate.size();
    if (size_gap >= best) continue;
    if (budget && !budget->spend(std::uint64_t{word.size()} * candidate.size())) return {};
    std::size_t d = edit_distance(word, candidate, best - 1);
    if (d < best) {
      best = d;
      choice = candidate;
    }
  }
  if (choice.empty()) choice = part_match(word, candidates);
  return std::string(choice);
}

std::string did_you_mean_suffix(std::string_view word,
                                const std::vector<std::string_view>& candidates,
                                SuggestionBudget* budget) {
  std::string match = did_you_mean(word, candidates, budget);
  return match.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", match);
}

std::string unknown_name_suffix(std::string_view word,
                                const std::vector<std::string_view>& candidates,
                                std::string_view what) {
  if (candidates.empty()) return " (there are none)";
  if (std::string suffix = did_you_mean_suffix(word, candidates); !suffix.empty()) return suffix;
  std::vector<std::string_view> sorted = candidates;
  std::sort(sorted.begin(), sorted.end());
  return fmt::format(" (the {}: {})", what,
                     excerpt(fmt::format("{}", fmt::join(sorted, ", ")), 200));
}

}  // namespace opsflow
