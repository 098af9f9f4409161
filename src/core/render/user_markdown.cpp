#include "user_markdown.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "opsflow/base/text.hpp"

namespace opsflow::detail {
namespace {

bool is_list_item(std::string_view line) {
  std::size_t i = line.find_first_not_of(' ');
  if (i == std::string_view::npos) return false;
  line.remove_prefix(i);
  if (line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ")) return true;
  std::size_t digits = 0;
  while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
  return digits > 0 && line.substr(digits).starts_with(". ");
}

// One line of user Markdown outside code: raw HTML shown as text, a '#' that would open a heading
// escaped; inline code spans (`...`, ``...``) are kept exactly, since Markdown shows them as
// typed.
std::string user_markdown_line(std::string_view raw) {
  std::string line;
  for (std::size_t i = 0; i < raw.size();) {
    char ch = raw[i];
    if (ch == '`') {
      std::size_t run = raw.find_first_not_of('`', i);
      if (run == std::string_view::npos) run = raw.size();
      std::size_t ticks = run - i;
      // The span ends at the next run of exactly as many backticks; without one they are text.
      std::size_t close = run;
      while ((close = raw.find(std::string(ticks, '`'), close)) != std::string_view::npos) {
        std::size_t after = raw.find_first_not_of('`', close);
        if (after == std::string_view::npos) after = raw.size();
        if (after - close == ticks) break;
        close = after;
      }
      std::size_t end = close == std::string_view::npos ? run : close + ticks;
      line.append(raw.substr(i, end - i));
      i = end;
      continue;
    }
    bool line_start = line.find_first_not_of(' ') == std::string::npos;
    if (ch == '<') {
      line += "&lt;";
    } else if (ch == '>') {
      line += line_start ? ">" : "&gt;";
    } else if (ch == '#' && line_start) {
      line += "\\#";
    } else {
      line += ch;
    }
    ++i;
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

}  // namespace

// User-written Markdown (instructions): kept, but raw HTML is shown as text, a line starting with
// '#' cannot open a heading that would break the page's outline, tabs become spaces and trailing
// spaces go; lists and code blocks get the blank lines around them that Markdown needs. Code
// (fenced blocks, inline spans) is kept as typed, and a fence left open is closed, so it cannot
// swallow the rest of the page.
std::string user_markdown(std::string_view s) {
  struct Line {
    std::string text;
    bool code;
    bool opens = false;  // the first line of a fenced block
  };
  std::vector<Line> lines;
  std::string fence;  // the open fence's run of ``` or ~~~; empty outside code
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = std::min(s.find('\n', start), s.size());
    std::string raw;
    for (char ch : s.substr(start, end - start)) {
      if (ch == '\t')
        raw += "    ";
      else if (ch != '\r')
        raw += ch;
    }
    start = end + 1;
    while (!raw.empty() && raw.back() == ' ') raw.pop_back();  // trailing spaces mean nothing
    std::size_t indent = raw.find_first_not_of(' ');
    std::string_view body =
        indent == std::string::npos ? std::string_view() : std::string_view(raw).substr(indent);
    bool fence_line = indent < 4 && (body.starts_with("```") || body.starts_with("~~~"));
    if (!fence.empty()) {
      // Closed by a run of the same character at least as long, followed by nothing else.
      std::size_t run = body.find_first_not_of(fence[0]);
      bool closes = fence_line && body[0] == fence[0] &&
                    (run == std::string_view::npos ? body.size() : run) >= fence.size() &&
                    (run == std::string_view::npos ||
                     body.find_first_not_of(' ', run) == std::string_view::npos);
      lines.push_back({raw, true});
      if (closes) fence.clear();
      continue;
    }
    if (fence_line) {
      std::size_t run = body.find_first_not_of(body[0]);
      fence.assign(run == std::string_view::npos ? body.size() : run, body[0]);
      lines.push_back({raw, true, true});
      continue;
    }
    lines.push_back({user_markdown_line(raw), false});
  }
  if (!fence.empty()) lines.push_back({fence, true});
  // A paragraph's lines that break between two CJK characters are one run of text: Markdown
  // would show the line break as a space ("玩法、 奖品").
  std::vector<Line> joined;
  for (Line& l : lines) {
    if (!joined.empty() && !l.code && !joined.back().code && !l.text.empty() &&
        !joined.back().text.empty() && !is_list_item(l.text) && l.text[0] != ' ') {
      std::string both = joined.back().text + "\n" + l.text;
      std::string merged = join_wide_lines(both);
      if (merged.size() < both.size()) {
        joined.back().text = std::move(merged);
        continue;
      }
    }
    joined.push_back(std::move(l));
  }
  lines = std::move(joined);

  std::string out;
  bool previous_list = false, previous_blank = true, previous_code = false;
  for (const Line& l : lines) {
    if (l.code) {
      if (l.opens && !previous_blank) out += "\n";
      out += l.text + "\n";
      previous_blank = false;
      previous_list = false;
      previous_code = true;
      continue;
    }
    bool blank = l.text.empty();
    if (previous_code && !blank) out += "\n";
    previous_code = false;
    bool list = is_list_item(l.text);
    bool continuation = !blank && !list && previous_list && l.text.starts_with("  ");
    if (!blank && !previous_blank &&
        ((list && !previous_list) || (previous_list && !list && !continuation))) {
      out += "\n";
    }
    if (blank && previous_blank) continue;
    out += l.text + "\n";
    previous_blank = blank;
    if (!blank) previous_list = list || (previous_list && continuation);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace opsflow::detail
