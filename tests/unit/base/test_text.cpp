#include <doctest/doctest.h>

#include "opsflow/base/text.hpp"

using namespace opsflow;

TEST_CASE("display width counts CJK as two columns") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("事故响应") == 8);
  CHECK(display_width("SOP 流程") == 8);
  CHECK(display_width("ｱ") == 1);          // halfwidth katakana
  CHECK(display_width("Ａ") == 2);         // fullwidth Latin
  CHECK(display_width("e\xCC\x81") == 1);  // e + combining acute
  CHECK(display_width("\xFF") == 1);       // invalid byte
  CHECK(display_width("😀") == 2);
}

TEST_CASE("padding aligns by display width") {
  CHECK(pad_right("事故", 6) == "事故  ");
  CHECK(pad_right("toolong", 3) == "toolong");
  CHECK(code_point_count("事故a") == 3);
}

TEST_CASE("did you mean finds plausible typos only") {
  std::vector<std::string_view> steps{"detect", "diagnose", "fix", "verify"};
  CHECK(did_you_mean("diagnos", steps) == "diagnose");
  CHECK(did_you_mean("detetc", steps) == "detect");
  CHECK(did_you_mean("deploy", steps).empty());
  CHECK(did_you_mean("fix", steps).empty());  // exact matches are not suggestions
  CHECK(did_you_mean_suffix("verfy", steps) == " (did you mean 'verify'?)");
  // Names people reach for, and a part of a longer id.
  std::vector<std::string_view> aggregations{"mean", "median", "p90", "p95", "sum", "last"};
  CHECK(did_you_mean("p50", aggregations) == "median");
  CHECK(did_you_mean("avg", aggregations) == "mean");
  CHECK(did_you_mean("P50", aggregations) == "median");
  CHECK(did_you_mean("Median", aggregations) == "median");
  CHECK(did_you_mean("p50", steps).empty());  // only when the meant name is there
  std::vector<std::string_view> processes{"incident-response", "refund-request", "user-feedback"};
  CHECK(did_you_mean("refund", processes) == "refund-request");
  CHECK(did_you_mean("feedback", processes) == "user-feedback");
  CHECK(did_you_mean("re", processes).empty());  // too short to be a part
  CHECK(did_you_mean("request", {"refund-request", "access-request"}).empty());  // ambiguous
  CHECK(unknown_name_suffix("payroll", processes, "processes") ==
        " (the processes: incident-response, refund-request, user-feedback)");
  CHECK(unknown_name_suffix("payroll", {}, "processes") == " (there are none)");
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("wiat", "wait") == 1);
}

TEST_CASE("printable escapes control characters and invalid bytes, keeps UTF-8 and tabs") {
  CHECK(printable("a\x1b[2Jb") == "a\\x1B[2Jb");
  CHECK(printable("caf\xE9") == "caf\\xE9");
  CHECK(printable("事故\tx") == "事故\tx");
  CHECK(is_plain_text("Review the draft\t(v2)"));
  CHECK(markdown_escape(std::string("a\x1b[2J\0b|", 8)) == "a\\x1B\\[2J\\x00b\\|");
  CHECK_FALSE(is_plain_text("a\x1b[2Jb"));
  // Found by fuzz_yaml: byte sequences that look like UTF-8 but are not are escaped byte by byte
  // (a lead byte above F4, an overlong form, a surrogate, a truncated sequence).
  CHECK(printable("R\xF5\x92\x9A\x8B") == "R\\xF5\\x92\\x9A\\x8B");
  CHECK(printable("\xC0\xAF") == "\\xC0\\xAF");
  CHECK(printable("\xED\xA0\x80") == "\\xED\\xA0\\x80");
  CHECK(printable("\xE4\xBA") == "\\xE4\\xBA");
  CHECK(printable("\xF0\x9F\x98\x80 ok") == "\xF0\x9F\x98\x80 ok");
  CHECK(markdown_escape("caf\xE9 \xF5 事故") == "caf\\xE9 \\xF5 事故");
  CHECK_FALSE(is_plain_text("事故"));  // not plain ASCII, though printable() keeps it
  CHECK(code_point_slice("事故响应", 1, 2) == "故响");
  CHECK(code_point_slice("ab", 1, 9) == "b");
}

TEST_CASE("markdown tables are compact, aligned as asked, with empty and missing cells as '| |'") {
  CHECK(markdown_table({"step", "`ops`", "h"},
                       {ColumnAlign::Left, ColumnAlign::Centre, ColumnAlign::Right},
                       {{"1. Triage", "R", "2"}, {"2. Fix", ""}}) ==
        "| step | `ops` | h |\n"
        "| --- | :---: | ---: |\n"
        "| 1. Triage | R | 2 |\n"
        "| 2. Fix | | |\n");
  CHECK(markdown_table({"a", "b"}, {}, {}) == "| a | b |\n| --- | --- |\n");
}

TEST_CASE("did-you-mean work is paid from a budget: when it runs out, no more suggestions") {
  std::vector<std::string_view> candidates{"support-lead", "support-agent", "finance"};
  SuggestionBudget budget(100);
  // "suport-lead" (11) against the two 12- and 13-letter ids: 11 x 12 + ... > 100
  CHECK(did_you_mean("suport-lead", candidates, &budget).empty());
  SuggestionBudget enough;
  CHECK(did_you_mean("suport-lead", candidates, &enough) == "support-lead");
  CHECK(did_you_mean("suport-lead", candidates) == "support-lead");  // no budget: no limit
}

TEST_CASE("line breaks between two CJK characters are removed, others kept") {
  CHECK(join_wide_lines("玩法、\n奖品") == "玩法、奖品");
  CHECK(join_wide_lines("first line\nsecond") == "first line\nsecond");
  CHECK(join_wide_lines("中文\nEnglish") == "中文\nEnglish");  // only between two wide ones
  CHECK(join_wide_lines("English\n中文") == "English\n中文");
  CHECK(join_wide_lines("一\n二\n三") == "一二三");
  CHECK(join_wide_lines("\n") == "\n");
}

TEST_CASE("headings' anchors as GitHub makes them") {
  CHECK(github_anchor("1. Collect feedback into Zendesk") == "1-collect-feedback-into-zendesk");
  CHECK(github_anchor("How to read these numbers") == "how-to-read-these-numbers");
  CHECK(github_anchor("1. Say \"hi\" ]); end") == "1-say-hi--end");  // two spaces, two dashes
  CHECK(github_anchor("3. Deploy v2_final — now!") == "3-deploy-v2_final--now");
  // Chinese text stays; its punctuation (fullwidth and CJK) goes, as ASCII punctuation does.
  CHECK(github_anchor("2. 审核（法务）：合同、报价") == "2-审核法务合同报价");
  CHECK(github_anchor("École · Zürich, Łódź") == "école--zürich-łódź");
  CHECK(github_anchor("ŸŽŹĀĹ") == "ÿžźāĺ");
}

TEST_CASE("invalid UTF-8 bytes become U+FFFD; valid text is unchanged") {
  CHECK(to_valid_utf8("caf\xC3\xA9 中文") == "caf\xC3\xA9 中文");
  CHECK(to_valid_utf8("caf\xE9") == "caf\xEF\xBF\xBD");              // Latin-1 e-acute
  CHECK(to_valid_utf8("\xA5x\xC3") == "\xEF\xBF\xBDx\xEF\xBF\xBD");  // stray, then truncated
  CHECK(to_valid_utf8("") == "");
}

TEST_CASE("wrap_after fits text beside a lead, going on under an indent") {
  CHECK(wrap_after("one two three", 5, "  ", 0) == "one two three");   // no width: as it is
  CHECK(wrap_after("one two three", 5, "  ", 18) == "one two three");  // fits: as it is
  // 7 columns beside the lead, 10 under the indent.
  CHECK(wrap_after("one two three", 5, "  ", 12) == "one two\n  three");
  CHECK(wrap_after("one two three four", 5, "  ", 12) == "one two\n  three four");
  CHECK(wrap_after("one two three four five", 5, "  ", 12) == "one two\n  three four\n  five");
  // Chinese counts two columns a character: 6 beside the lead, 8 under the indent.
  CHECK(wrap_after("事故 响应 复盘", 4, "  ", 10) == "事故\n  响应\n  复盘");
}
