#include "yaml_tree.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <sstream>
#include <unordered_map>

namespace opsflow::yaml {
namespace {

// Thrown from the event handler to stop yaml-cpp when a limit of SPEC §7 is hit.
struct LimitExceeded {
  SourceLoc loc;
  std::string message;
};

SourceLoc to_loc(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return {mark.line + 1, mark.column + 1};
}

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& file, std::vector<Diagnostic>& diagnostics)
      : file_(file), diagnostics_(diagnostics) {}

  Document take() { return std::move(doc_); }

  void OnDocumentStart(const YAML::Mark& mark) override {
    doc_ = Document{};
    doc_.loc = to_loc(mark);
    stack_.clear();
    anchors_.clear();
    expansion_ = 0;
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    NodeId id = add(NodeType::Null, mark, anchor);
    finish_leaf(id);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    NodeId id = add(NodeType::Alias, mark, 0);
    if (it != anchors_.end()) {
      doc_.nodes[id].target = it->second;
      std::size_t size = expanded_size(it->second);
      expansion_ += size;
      if (expansion_ > kMaxAliasExpansion) {
        throw LimitExceeded{to_loc(mark), fmt::format("alias expansion exceeds {} nodes",
                                                      kMaxAliasExpansion)};
      }
      sizes_[id] = size;
    }
    finish_leaf(id);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    NodeId id = add(NodeType::Scalar, mark, anchor);
    Node& node = doc_.nodes[id];
    node.value = value;
    node.plain = tag == "?";
    finish_leaf(id);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(NodeType::Sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(NodeType::Map, mark, anchor);
  }
  void OnMapEnd() override {
    NodeId id = stack_.back().id;
    check_duplicate_keys(id);
    close();
  }

 private:
  struct Open {
    NodeId id;
    NodeId last_child = kNoNode;
  };

  NodeId add(NodeType type, const YAML::Mark& mark, YAML::anchor_t anchor) {
    auto id = static_cast<NodeId>(doc_.nodes.size());
    Node node;
    node.type = type;
    node.loc = to_loc(mark);
    node.last_line = node.loc.line;
    doc_.nodes.push_back(std::move(node));
    sizes_.resize(doc_.nodes.size(), 1);
    if (anchor != 0) anchors_[anchor] = id;
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

  void finish_leaf(NodeId id) {
    if (!stack_.empty()) {
      Node& parent = doc_.nodes[stack_.back().id];
      parent.last_line = std::max(parent.last_line, doc_.nodes[id].last_line);
      sizes_[stack_.back().id] += sizes_[id];
    }
  }

  void open(NodeType type, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (stack_.size() >= static_cast<std::size_t>(kMaxDepth)) {
      throw LimitExceeded{to_loc(mark), fmt::format("nesting deeper than {} levels", kMaxDepth)};
    }
    NodeId id = add(type, mark, anchor);
    stack_.push_back({id});
  }

  void close() {
    NodeId id = stack_.back().id;
    Node& node = doc_.nodes[id];
    if (node.type == NodeType::Map) node.count /= 2;
    stack_.pop_back();
    finish_leaf(id);
  }

  std::size_t expanded_size(NodeId id) const { return sizes_[id]; }

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
    for (std::size_t i = 1; i < keys.size(); ++i) {
      if (keys[i].first != keys[i - 1].first) continue;
      const Node& first = doc_.nodes[keys[i - 1].second];
      const Node& again = doc_.nodes[keys[i].second];
      Diagnostic d;
      d.severity = Severity::Error;
      d.rule = "duplicate-key";
      d.file = file_;
      d.loc = again.loc;
      d.message = fmt::format("key '{}' appears twice in this mapping (first at line {}); only one "
                              "value would be kept",
                              again.value, first.loc.line);
      d.hint = "remove one of them or merge their values";
      d.related.push_back({file_, first.loc, "first occurrence"});
      diagnostics_.push_back(std::move(d));
    }
  }

  const std::string& file_;
  std::vector<Diagnostic>& diagnostics_;
  Document doc_;
  std::vector<Open> stack_;
  std::unordered_map<YAML::anchor_t, NodeId> anchors_;
  std::vector<std::size_t> sizes_;  // expanded subtree size per node
  std::size_t expansion_ = 0;
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

std::vector<Document> parse_documents(std::string_view text, const std::string& file,
                                      std::vector<Diagnostic>& diagnostics) {
  std::vector<Document> documents;
  std::istringstream stream{std::string(text)};
  TreeBuilder builder(file, diagnostics);
  auto report = [&](SourceLoc loc, std::string rule, std::string message) {
    Diagnostic d;
    d.severity = Severity::Error;
    d.rule = std::move(rule);
    d.file = file;
    d.loc = loc;
    d.message = std::move(message);
    diagnostics.push_back(std::move(d));
  };
  try {
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(builder)) {
      Document doc = builder.take();
      if (doc.root != kNoNode) documents.push_back(std::move(doc));
    }
  } catch (const LimitExceeded& e) {
    documents.clear();
    report(e.loc, "input-limit", e.message + "; the file is refused");
  } catch (const YAML::Exception& e) {
    report(to_loc(e.mark), "yaml-syntax", e.msg);
  }
  return documents;
}

}  // namespace opsflow::yaml
