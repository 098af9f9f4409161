#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace opsflow {

// Number of terminal columns `text` occupies: East Asian wide and fullwidth characters count 2,
// combining marks and zero-width characters 0, everything else 1. Invalid UTF-8 bytes count 1.
std::size_t display_width(std::string_view text);

// Number of Unicode code points in `text` (invalid bytes count one each).
std::size_t code_point_count(std::string_view text);

// `text` with each line break between two wide (CJK) characters removed: Chinese written over
// several lines in a YAML block is one run of text, where Markdown would show a space.
std::string join_wide_lines(std::string_view text);

// `text` with its first letter in upper case (ASCII letters only; other text is unchanged).
std::string cap_first(std::string text);

// A share (0.38) as a whole percentage ("38%"), never "-0%"; "-" when it is not finite.
std::string whole_percent(double share);

// The anchor GitHub gives a heading with this text (github-slugger): Latin letters in lower case
// (ASCII, Latin-1, Latin Extended-A), spaces and '-' as '-', letters, digits and '_' kept,
// punctuation and symbols dropped (ASCII, Latin-1, general and CJK punctuation, fullwidth forms);
// other text (Chinese among it) is kept as it is.
std::string github_anchor(std::string_view heading);

// The words of `text` (split at spaces) on lines of at most `first` display columns for the first
// line and `rest` for the others; a word wider than a line gets a line of its own, never cut.
std::vector<std::string> wrap_lines(std::string_view text, std::size_t first, std::size_t rest);

// `text` with A-Z made a-z (other bytes, UTF-8 among them, unchanged).
std::string ascii_lowercase(std::string_view text);

// `text` to follow a lead of `lead` display columns within `width`: when it does not fit, its
// first line fits beside the lead and the others start with `indent`, joined by '\n' (no final
// newline). With `width` 0, or when it fits, `text` as it is.
std::string wrap_after(std::string_view text, std::size_t lead, std::string_view indent,
                       std::size_t width);

// Appends the words of `text` to `out` on lines of at most `width` display columns, each line
// starting with `indent` and ending with a newline (a word wider than a line gets a line of its
// own, never cut).
void append_wrapped(std::string& out, std::string_view text, std::string_view indent,
                    std::size_t width);

// `text` with every byte that does not start a well-formed UTF-8 sequence replaced by U+FFFD (a
// log exported as Latin-1, written into a YAML file that must be UTF-8).
std::string to_valid_utf8(std::string_view text);

// Pads `text` with spaces on the right to `width` display columns (never truncates).
std::string pad_right(std::string_view text, std::size_t width);

// Makes user text safe for a terminal: control characters (other than tab) and invalid UTF-8
// bytes are shown as \xNN instead of being sent raw.
std::string printable(std::string_view text);
// True when `text` is printable ASCII and tabs only: printable() would return it unchanged.
bool is_plain_text(std::string_view text);

// Escapes plain text for Markdown inline use (a table cell, a heading, link text): \ ` * _ [ ]
// < > | and line breaks (shown as a space), so no user text can change the page's structure;
// other control characters are shown as \xNN.
std::string markdown_escape(std::string_view text);

enum class ColumnAlign { Left, Centre, Right };

// A GitHub-flavoured Markdown table in the compact style markdownlint expects ("| a | b |",
// "| --- | :---: | ---: |", an empty cell "| |"). Cells are written as given: escape user text
// first (markdown_escape). Rows may be short; their missing cells are empty. `align` may be
// shorter than `header`; the rest is left-aligned.
std::string markdown_table(const std::vector<std::string>& header,
                           const std::vector<ColumnAlign>& align,
                           const std::vector<std::vector<std::string>>& rows);

// `text` as a message quotes it: at most `max` code points, cut with "…" (a value echoed from a
// file never floods a message or leaks more than a short excerpt).
std::string excerpt(std::string_view text, std::size_t max = 60);

// The code points [first, first + count) of `text` (clamped to its length).
std::string_view code_point_slice(std::string_view text, std::size_t first, std::size_t count);

// Edit distance (insertions, deletions, substitutions, adjacent swaps) counted in bytes; any
// distance above `limit` is returned as limit + 1, found without computing it exactly.
std::size_t edit_distance(std::string_view a, std::string_view b,
                          std::size_t limit = static_cast<std::size_t>(-1) - 1);

// How much did-you-mean work a run may still do, counted in edit-distance cells (the lengths of
// the two words multiplied), so a file full of near-miss references cannot make a run quadratic.
// When it runs out, no more suggestions are made. Deterministic: spent in the order asked.
class SuggestionBudget {
 public:
  static constexpr std::uint64_t kDefaultCells = 20'000'000;  // well under a second
  explicit SuggestionBudget(std::uint64_t cells = kDefaultCells) : cells_(cells) {}
  // Takes `cells` from the budget; false (taking nothing) when not that many are left.
  bool spend(std::uint64_t cells) {
    if (cells > cells_) {
      cells_ = 0;
      return false;
    }
    cells_ -= cells;
    return true;
  }

 private:
  std::uint64_t cells_;
};

// The candidate closest to `word` if it is close enough to be a plausible typo, else "". Ties go
// to the candidate listed first. With a `budget`, the comparisons are paid from it, and nothing is
// suggested once it is spent.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates,
                         SuggestionBudget* budget = nullptr);

// " (did you mean 'x'?)"; when nothing is close, " (the processes: a, b, c)" naming the
// `candidates` (`what` is their plural), or " (there are none)": an unknown name on the command
// line always says what there is.
std::string unknown_name_suffix(std::string_view word,
                                const std::vector<std::string_view>& candidates,
                                std::string_view what);

// " (did you mean 'x'?)" or "" when there is no plausible candidate.
std::string did_you_mean_suffix(std::string_view word,
                                const std::vector<std::string_view>& candidates,
                                SuggestionBudget* budget = nullptr);

}  // namespace opsflow
