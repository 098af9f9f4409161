#include "yaml_tree.hpp"

#include <fmt/format.h>
#include <yaml.h>

#include <algorithm>
#include <unordered_map>

#include "opsflow/base/text.hpp"

namespace opsflow::yaml {
namespace {

// Thrown while building to stop at a limit of SPEC §7 or a broken alias.
struct BuildError {
  SourceLoc loc;
  Rule rule;
  std::string message;
};

// libyaml counts lines and columns from 0, columns in characters.
SourceLoc to_loc(const yaml_mark_t& mark) {
  return {static_cast<int>(mark.line) + 1, static_cast<int>(mark.column) + 1};
}

// Plain scalars that YAML reads as null.
bool is_null_word(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// Owns a libyaml parser over a string.
// The 1-based line and character column of byte `offset` in `text`.
SourceLoc loc_of_offset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  SourceLoc loc{1, 1};
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      loc.col = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++loc.col;
    }
  }
  return loc;
}

// Owns a libyaml parser over a string.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~Parser() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // The next event; throws BuildError with the parser's message on a syntax error.
  yaml_event_t& next() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = false;
    if (!yaml_parser_parse(&parser_, &event_)) throw error();
    has_event_ = true;
    return event_;
  }

 private:
  BuildError error() const {
    std::string problem = parser_.problem ? parser_.problem : "invalid YAML";
    if (parser_.error == YAML_READER_ERROR) {
      // Encoding problems carry a byte offset rather than a line and column. For a bad trailing
      // byte libyaml points past the start of the sequence; show the byte that starts it.
      std::size_t offset = std::min(parser_.problem_offset, text_.size());
      if (problem.find("trailing") != std::string::npos) {
        for (std::size_t back = 1; back <= 3 && back <= offset; ++back) {
          if (static_cast<unsigned char>(text_[offset - back]) >= 0xC0) {
            offset -= back;
            break;
          }
        }
      }
      std::string message = fmt::format("the file is not valid UTF-8: {}", problem);
      if (offset < text_.size()) {
        message += fmt::format(" at byte 0x{:02X}", static_cast<unsigned char>(text_[offset]));
      }
      return BuildError{loc_of_offset(text_, offset), rule::kYamlSyntax, message};
    }
    std::string message = problem;
    if (parser_.context) {
      message += fmt::format(" {} that starts at line {}, column {}", parser_.context,
                             parser_.context_mark.line + 1, parser_.context_mark.column + 1);
    }
    return BuildError{to_loc(parser_.problem_mark), rule::kYamlSyntax, message};
  }

  std::string_view text_;
  yaml_parser_t parser_{};
  yaml_event_t event_{};
  bool has_event_ = false;
};

class TreeBuilder {
 public:
  TreeBuilder(const std::string& file, std::vector<Diagnostic>& diagnostics)
      : file_(file), diagnostics_(diagnostics) {}

  // Builds one document from DOCUMENT-START to DOCUMENT-END.
  Document build(Parser& parser, const yaml_event_t& start) {
    doc_ = Document{};
    doc_.loc = to_loc(start.start_mark);
    stack_.clear();
    anchors_.clear();
    sizes_.clear();
    for (;;) {
      yaml_event_t& e = parser.next();
      switch (e.type) {
        case YAML_DOCUMENT_END_EVENT:
          return std::move(doc_);
        case YAML_SCALAR_EVENT:
          scalar(e);
          break;
        case YAML_ALIAS_EVENT:
          alias(e);
          break;
        case YAML_SEQUENCE_START_EVENT:
          open(NodeType::Sequence, e.start_mark, e.data.sequence_start.anchor);
          break;
        case YAML_MAPPING_START_EVENT:
          open(NodeType::Map, e.start_mark, e.data.mapping_start.anchor);
          break;
        case YAML_SEQUENCE_END_EVENT:
          close();
          break;
        case YAML_MAPPING_END_EVENT:
          check_duplicate_keys(stack_.back().id);
          close();
          break;
        default:
          break;
      }
    }
  }

 private:
  struct Open {
    NodeId id;
    NodeId last_child = kNoNode;
  };

  void scalar(const yaml_event_t& e) {
    const auto& s = e.data.scalar;
    std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
    bool plain = s.style == YAML_PLAIN_SCALAR_STYLE && s.tag == nullptr;
    NodeId id = add(plain && is_null_word(value) ? NodeType::Null : NodeType::Scalar, e.start_mark,
                    s.anchor);
    Node& node = doc_.nodes[id];
    node.value.assign(value);
    node.plain = plain;
    finish_child(id);
  }

  void alias(const yaml_event_t& e) {
    std::string name(reinterpret_cast<const char*>(e.data.alias.anchor));
    auto it = anchors_.find(name);
    if (it == anchors_.end()) {
      throw BuildError{to_loc(e.start_mark), rule::kYamlSyntax,
                       fmt::format("alias *{} refers to no anchor &{} before it", name, name)};
    }
    for (const Open& open : stack_) {
      if (open.id == it->second) {
        throw BuildError{to_loc(e.start_mark), rule::kYamlSyntax,
                         fmt::format("alias *{} is inside the node it names, which would make it "
                                     "endless",
                                     name)};
      }
    }
    NodeId id = add(NodeType::Alias, e.start_mark, nullptr);
    doc_.nodes[id].target = it->second;
    std::size_t size = sizes_[it->second];
    expansion_ += size;
    if (expansion_ > kMaxAliasExpansion) {
      throw BuildError{to_loc(e.start_mark), rule::kInputLimit,
                       fmt::format("aliases expand to more than {} nodes; the file is refused",
                                   kMaxAliasExpansion)};
    }
    sizes_[id] = size;
    finish_child(id);
  }

  NodeId add(NodeType type, const yaml_mark_t& mark, const yaml_char_t* anchor) {
    if (doc_.nodes.size() >= kMaxNodes) {
      throw BuildError{
          to_loc(mark), rule::kInputLimit,
          fmt::format("a document holds more than {} values; the file is refused", kMaxNodes)};
    }
    auto id = static_cast<NodeId>(doc_.nodes.size());
    Node& node = doc_.nodes.emplace_back();
    node.type = type;
    node.loc = to_loc(mark);
    node.last_line = node.loc.line;
    sizes_.push_back(1);
    if (anchor) anchors_[reinterpret_cast<const char*>(anchor)] = id;
    if (stack_.empty()) {
      doc_.root = id;
    } else {
      Open& parent = stack_.back();
      if (parent.last_child == kNoNode) {
        doc_.nodes[parent.id].first = id;
      } else {
        doc_.nodes[parent.last_child].next = id;
      }
      parent.last_child = id;
      doc_.nodes[parent.id].count++;
    }
    return id;
  }

  // Folds a finished child into its parent's line span and expanded size.
  void finish_child(NodeId id) {
    if (stack_.empty()) return;
    NodeId parent = stack_.back().id;
    doc_.nodes[parent].last_line = std::max(doc_.nodes[parent].last_line, doc_.nodes[id].last_line);
    sizes_[parent] += sizes_[id];
  }

  void open(NodeType type, const yaml_mark_t& mark, const yaml_char_t* anchor) {
    if (stack_.size() >= static_cast<std::size_t>(kMaxDepth)) {
      throw BuildError{
          to_loc(mark), rule::kInputLimit,
          fmt::format("nesting deeper than {} levels; the file is refused", kMaxDepth)};
    }
    NodeId id = add(type, mark, anchor);
    stack_.push_back({id});
  }

  void close() {
    NodeId id = stack_.back().id;
    Node& node = doc_.nodes[id];
    if (node.type == NodeType::Map) node.count /= 2;
    stack_.pop_back();
    finish_child(id);
  }

  void check_duplicate_keys(NodeId map_id) {
    const Node& map = doc_.nodes[map_id];
    // (key text, key node) of scalar keys, in order; small maps are the common case.
    std::vector<std::pair<std::string_view, NodeId>> keys;
    for (NodeId key = map.first; key != kNoNode;) {
      const Node& k = doc_.nodes[key];
      if (k.type == NodeType::Scalar) keys.emplace_back(k.value, key);
      NodeId value = k.next;
      key = value == kNoNode ? kNoNode : doc_.nodes[value].next;
    }
    if (keys.size() < 2) return;
    std::stable_sort(keys.begin(), keys.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 1, first_of_run = 0; i < keys.size(); ++i) {
      if (keys[i].first != keys[i - 1].first) {
        first_of_run = i;
        continue;
      }
      const Node& first = doc_.nodes[keys[first_of_run].second];
      const Node& again = doc_.nodes[keys[i].second];
      diagnostics_.push_back(
          {.rule = rule::kDuplicateKey,
           .file = file_,
           .loc = again.loc,
           .message = fmt::format("key '{}' appears again in this mapping (first at line {}); "
                                  "only one value would be kept",
                                  excerpt(again.value), first.loc.line),
           .hint = "remove one of them or merge their values",
           .related = {{file_, first.loc, "first occurrence"}}});
    }
  }

  const std::string& file_;
  std::vector<Diagnostic>& diagnostics_;
  Document doc_;
  std::vector<Open> stack_;
  std::unordered_map<std::string, NodeId> anchors_;
  std::vector<std::size_t> sizes_;  // expanded subtree size per node
  std::size_t expansion_ = 0;       // over the whole file: SPEC §7 limits the file, not a document
};

}  // namespace

NodeId Document::resolve(NodeId id) const {
  // Aliases only point backwards to nodes that already existed, so this terminates.
  while (id != kNoNode && nodes[id].type == NodeType::Alias) id = nodes[id].target;
  return id;
}

const Node& Document::at(NodeId id) const {
  static const Node kNull{};
  NodeId resolved = resolve(id);
  return resolved == kNoNode ? kNull : nodes[resolved];
}

bool parse_documents(std::string_view text, const std::string& file,
                     std::vector<Diagnostic>& diagnostics,
                     const std::function<void(const Document&)>& use) {
  TreeBuilder builder(file, diagnostics);
  Parser parser(text);
  try {
    for (;;) {
      yaml_event_t& e = parser.next();
      if (e.type == YAML_STREAM_END_EVENT) return true;
      if (e.type != YAML_DOCUMENT_START_EVENT) continue;
      Document doc = builder.build(parser, e);
      if (doc.root != kNoNode) use(doc);
    }
  } catch (const BuildError& e) {
    diagnostics.push_back({.rule = e.rule,
                           .file = file,
                           .loc = e.loc,
                           .message = e.message,
                           .hint = "until this file can be read, checks that need every file "
                                   "(unknown and unused ids) are skipped"});
    return false;
  }
}

}  // namespace opsflow::yaml
