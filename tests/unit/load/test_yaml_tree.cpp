#include <doctest/doctest.h>

#include <string>

#include "helpers.hpp"
#include "load/yaml_tree.hpp"

using namespace opsflow;
using namespace opsflow::test;

namespace {
std::vector<yaml::Document> parse(const std::string& text, std::vector<Diagnostic>& diags) {
  std::vector<yaml::Document> docs;
  yaml::parse_documents(text, "t.yaml", diags, [&](const yaml::Document& d) { docs.push_back(d); });
  return docs;
}
}  // namespace

TEST_CASE("nodes keep 1-based line and character column") {
  std::vector<Diagnostic> diags;
  auto docs = parse("a: 1\nname: 事故 {x}\nb:\n  - c\n", diags);
  REQUIRE(docs.size() == 1);
  const auto& nodes = docs[0].nodes;
  const yaml::Node& root = docs[0].at(docs[0].root);
  CHECK(root.type == yaml::NodeType::Map);
  CHECK(root.count == 3);
  // nodes in order: root, a, 1, name, its value, b, the list, c
  CHECK(nodes[5].value == "b");
  CHECK(nodes[5].loc == SourceLoc{3, 1});
  CHECK(nodes[7].value == "c");
  CHECK(nodes[7].loc == SourceLoc{4, 5});
  CHECK(root.last_line == 4);
  CHECK(diags.empty());
}

TEST_CASE("columns count characters after Chinese text") {
  std::vector<Diagnostic> diags;
  auto docs = parse("{名称: 事故响应, d: 15}\n", diags);
  REQUIRE(docs.size() == 1);
  const auto& nodes = docs[0].nodes;
  CHECK(nodes.back().value == "15");
  CHECK(nodes.back().loc == SourceLoc{1, 15});
}

TEST_CASE("duplicate keys are reported with both lines") {
  std::vector<Diagnostic> diags;
  parse("a: 1\nb: 2\na: 3\n", diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].rule.id() == "duplicate-key");
  CHECK(diags[0].loc == SourceLoc{3, 1});
  CHECK(diags[0].message ==
        "key 'a' appears again in this mapping (first at line 1); only one value would be kept");
  REQUIRE(diags[0].related.size() == 1);
  CHECK(diags[0].related[0].loc == SourceLoc{1, 1});
}

TEST_CASE("plain null words and empty values are null, quoted ones are text") {
  std::vector<Diagnostic> diags;
  auto docs = parse("a:\nb: ~\nc: null\nd: 'null'\n", diags);
  const auto& n = docs[0].nodes;
  CHECK(n[2].type == yaml::NodeType::Null);
  CHECK(n[4].type == yaml::NodeType::Null);
  CHECK(n[6].type == yaml::NodeType::Null);
  CHECK(n[8].type == yaml::NodeType::Scalar);
  CHECK_FALSE(n[8].plain);
}

TEST_CASE("aliases resolve to their anchor") {
  std::vector<Diagnostic> diags;
  auto docs = parse("base: &b {x: 1}\nuse: *b\n", diags);
  const yaml::Document& d = docs[0];
  // root, base, {x: 1}, x, 1, use, *b
  CHECK(d.nodes[6].type == yaml::NodeType::Alias);
  CHECK(d.at(6).type == yaml::NodeType::Map);
  CHECK(d.resolve(6) == 2);
}

TEST_CASE("an alias without its anchor is a syntax error") {
  std::vector<Diagnostic> diags;
  parse("use: *nowhere\n", diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].rule.id() == "yaml-syntax");
  CHECK(diags[0].message == "alias *nowhere refers to no anchor &nowhere before it");
}

TEST_CASE("a billion-laughs alias bomb is refused fast") {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) text += (j ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  std::vector<Diagnostic> diags;
  parse(text, diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].rule.id() == "input-limit");
  CHECK(diags[0].message == "aliases expand to more than 1000000 nodes; the file is refused");
}

TEST_CASE("nesting deeper than 256 levels is refused, 256 is fine") {
  std::vector<Diagnostic> diags;
  parse(std::string(256, '[') + std::string(256, ']'), diags);
  CHECK(diags.empty());
  parse(std::string(100000, '[') + std::string(100000, ']'), diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].rule.id() == "input-limit");
  CHECK(diags[0].loc == SourceLoc{1, 257});
}

TEST_CASE("syntax errors carry the parser's position and keep earlier documents") {
  std::vector<Diagnostic> diags;
  auto docs = parse("a: 1\n---\nb: [1, 2\nc: 3\n", diags);
  CHECK(docs.size() == 1);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].rule.id() == "yaml-syntax");
  CHECK(diags[0].loc.line == 4);
}

TEST_CASE("multi-document files give one tree per document, empty ones skipped") {
  std::vector<Diagnostic> diags;
  auto docs = parse("---\na: 1\n---\n---\nb: 2\n", diags);
  CHECK(docs.size() == 3);  // the empty middle document is a null root
  CHECK(docs[1].at(docs[1].root).type == yaml::NodeType::Null);
}

TEST_CASE("invalid UTF-8 is reported where the byte is") {
  std::vector<Diagnostic> diags;
  parse("a: 1\nb: caf\xE9\n", diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].loc == SourceLoc{2, 7});
  CHECK(diags[0].message ==
        "the file is not valid UTF-8: incomplete UTF-8 octet sequence at byte 0xE9");
  diags.clear();
  parse("a: \xE9quipe\n", diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].loc == SourceLoc{1, 4});
  CHECK(diags[0].message ==
        "the file is not valid UTF-8: invalid trailing UTF-8 octet at byte 0xE9");
}

TEST_CASE("an unclosed bracket names where the list started") {
  std::vector<Diagnostic> diags;
  parse("a: [1, 2\nb: 3\n", diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].message ==
        "did not find expected ',' or ']' while parsing a flow sequence that starts at line 1, "
        "column 4");
}

TEST_CASE("an alias inside the node it names is refused instead of recursing forever") {
  std::vector<Diagnostic> diags;
  parse("spec: &s\n  headcount: 1\n  <<: *s\n", diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].message == "alias *s is inside the node it names, which would make it endless");
}

TEST_CASE("the alias expansion limit counts the whole file, not each document") {
  // Each document expands about 110,000 nodes: fine alone, too many over ten documents.
  std::string doc =
      "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
      "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
  std::vector<Diagnostic> diags;
  parse(doc, diags);
  CHECK(diags.empty());
  std::string file;
  for (int i = 0; i < 10; ++i) file += "---\n" + doc;
  parse(file, diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].rule.id() == "input-limit");
}

TEST_CASE("a document with more values than the limit is refused") {
  std::string text = "x: [";
  for (std::size_t i = 0; i < yaml::kMaxNodes; ++i) text += "1,";
  text += "1]\n";
  std::vector<Diagnostic> diags;
  parse(text, diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].message == "a document holds more than 2000000 values; the file is refused");
}

TEST_CASE("a duplicated key cites its first occurrence every time") {
  std::vector<Diagnostic> diags;
  parse("a: 1\na: 2\na: 3\n", diags);
  REQUIRE(diags.size() == 2);
  CHECK(diags[1].message ==
        "key 'a' appears again in this mapping (first at line 1); only one value would be kept");
}
