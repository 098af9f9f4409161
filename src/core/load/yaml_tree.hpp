#pragma once
// A minimal, position-keeping YAML tree built from libyaml's event parser. Only the loader sees
// it; libyaml itself is seen only by yaml_tree.cpp. Working from events (not a DOM) is what lets
// us see duplicate keys, anchors and aliases, and keep the line and column of every value.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "opsflow/base/diagnostic.hpp"

namespace opsflow::yaml {

inline constexpr int kMaxDepth = 256;
inline constexpr std::size_t kMaxAliasExpansion = 1'000'000;  // per file
// Values in one document: far above any real process (10,000 steps x 30 fields), and it bounds
// the memory a hostile file can take while it is parsed.
inline constexpr std::size_t kMaxNodes = 2'000'000;

enum class NodeType : std::uint8_t { Null, Scalar, Sequence, Map, Alias };

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xFFFFFFFFu;

struct Node {
  NodeType type = NodeType::Null;
  bool plain = true;  // scalar written without quotes or block style and without a tag
  SourceLoc loc;
  int last_line = 0;        // last line of the subtree
  NodeId first = kNoNode;   // first child (maps alternate key, value)
  NodeId next = kNoNode;    // next sibling
  NodeId target = kNoNode;  // for aliases: the anchored node
  std::uint32_t count = 0;  // children (maps: number of entries)
  std::string value;        // scalar text
};

// One YAML document: nodes in creation order, root first.
struct Document {
  std::vector<Node> nodes;
  NodeId root = kNoNode;
  SourceLoc loc;

  // Follows aliases to the node they stand for.
  const Node& at(NodeId id) const;
  NodeId resolve(NodeId id) const;
};

// Parses the documents of `text` one at a time, calling `use` on each as soon as it is complete
// (so only one tree is in memory). Problems (syntax, duplicate keys, limits) are appended to
// `diagnostics` with `file` as their path; documents before a syntax error have been used. Returns
// false when the file was refused or could not be parsed to its end.
bool parse_documents(std::string_view text, const std::string& file,
                     std::vector<Diagnostic>& diagnostics,
                     const std::function<void(const Document&)>& use);

}  // namespace opsflow::yaml
