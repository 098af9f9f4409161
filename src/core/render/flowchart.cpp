// Process flowcharts as Mermaid and Graphviz DOT.
#include "opsflow/render/flowchart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace opsflow {
namespace {

std::string node_id(std::size_t index) {
  return fmt::format("s{}", index + 1);
}

// "1. Write the draft" and, on a second line, the role (or "automated").
std::string step_label(const Process& process, std::size_t i, const FlowchartText& text = {}) {
  const Step& step = process.steps[i];
  std::string who = !step.role       ? std::string(enum_name(step.type.value))
                    : text.role_name ? text.role_name(step.role.value)
                                     : step.role.value;
  if (text.times) {
    who += " · " + format_duration_approx(expected_duration(step));
    if (step.wait.value > 0)
      who += fmt::format(", {} {}", text.wait, format_duration_approx(step.wait.value));
  }
  return fmt::format("{}. {}\n{}", i + 1, step.display_name(), who);
}

std::string percent(double share) {
  return fmt::format("{:g}%", std::round(share * 1000) / 10);
}

struct ReworkEdge {
  std::size_t from, to;
  double probability;
};

// The rework loops of a process as edges from a step back to its rework.to.
std::vector<ReworkEdge> rework_edges(const Process& p, const StepGraph& graph) {
  std::vector<ReworkEdge> edges;
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const Rework& rework = p.steps[i].rework;
    if (!rework.present) continue;
    std::size_t to = graph.rework_to[i];
    if (to != StepGraph::kNoStep) edges.push_back({i, to, rework.probability.value});
  }
  return edges;
}

// Whether the edge from -> to is a step of the critical path.
// The label of the edge pred -> step: a branch's share and condition, or the share of the
// instances that run an optional step; "" for an edge every instance takes.
std::string edge_label(const Process& p, std::size_t pred, std::size_t step) {
  const std::vector<std::size_t>& targets = p.graph.branch_to[pred];
  for (std::size_t k = 0; k < targets.size(); ++k) {
    if (targets[k] != step) continue;
    const Branch& b = p.steps[pred].branches.value[k];
    return b.when ? fmt::format("{}: {}", percent(b.probability.value), b.when.value)
                  : percent(b.probability.value);
  }
  return p.steps[step].probability.value < 1 ? percent(p.steps[step].probability.value) : "";
}

// The edges of the critical path, looked up at once (a scan per edge is quadratic on long
// processes: 80,000 steps took seconds).
class CriticalEdges {
 public:
  explicit CriticalEdges(const ProcessAnalysis& a) : next_(a.steps.size(), kNone) {
    for (std::size_t k = 0; k + 1 < a.critical_path.size(); ++k)
      next_[a.critical_path[k]] = a.critical_path[k + 1];
  }
  bool contains(std::size_t from, std::size_t to) const { return next_[from] == to; }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> next_;
};

}  // namespace

std::string mermaid_label(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"':
        out += "#quot;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      case '`':
        out += "#96;";
        break;
      case '#':
        out += "#35;";
        break;
      case '\n':
        out += "<br/>";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string mermaid_flowchart(const ProcessAnalysis& a, const FlowchartText& text) {
  const Process& p = *a.process;
  std::string out = "flowchart TD\n";
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    std::string label = "\"" + mermaid_label(step_label(p, i, text)) + "\"";
    std::string shape;
    switch (p.steps[i].type.value) {
      case StepType::Approval:
        shape = "{{" + label + "}}";
        break;
      case StepType::Decision:
        shape = "{" + label + "}";
        break;
      case StepType::Automated:
        shape = "[[" + label + "]]";
        break;
      case StepType::Review:
      case StepType::Handoff:
        shape = "(" + label + ")";
        break;
      case StepType::Task:
        shape = "[" + label + "]";
        break;
    }
    out += fmt::format("    {}{}\n", node_id(i), shape);
  }
  const StepGraph& graph = p.graph;
  const CriticalEdges on_path(a);
  std::vector<std::size_t> critical_edges;
  std::size_t edge = 0;
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    for (std::size_t pred : graph.predecessors[i]) {
      std::string label = edge_label(p, pred, i);
      if (!label.empty()) label = fmt::format("|\"{}\"|", mermaid_label(label));
      out += fmt::format("    {} -->{} {}\n", node_id(pred), label, node_id(i));
      if (on_path.contains(pred, i)) critical_edges.push_back(edge);
      ++edge;
    }
  }
  for (const ReworkEdge& e : rework_edges(p, graph)) {
    out += fmt::format("    {} -.->|\"{} {}\"| {}\n", node_id(e.from), mermaid_label(text.rework),
                       percent(e.probability), node_id(e.to));
    ++edge;
  }
  if (!a.critical_path.empty()) {
    // Filled as well as thick: a border alone disappears when most nodes are on the path.
    out += "    classDef critical fill:#fde68a,stroke:#92400e,stroke-width:3px\n    class ";
    for (std::size_t k = 0; k < a.critical_path.size(); ++k) {
      out += (k ? "," : "") + node_id(a.critical_path[k]);
    }
    out += " critical\n";
  }
  if (!critical_edges.empty()) {
    out += "    linkStyle ";
    for (std::size_t k = 0; k < critical_edges.size(); ++k) {
      out += (k ? "," : "") + std::to_string(critical_edges[k]);
    }
    out += " stroke-width:3px\n";
  }
  return out;
}

namespace {

std::string dot_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

}  // namespace

std::string dot_graph(const ProcessAnalysis& a) {
  const Process& p = *a.process;
  std::string out = fmt::format("digraph {} {{\n    rankdir=TB;\n    node [shape=box];\n",
                                dot_string(p.meta.id.value));
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    std::string attributes = "label=" + dot_string(step_label(p, i));
    switch (p.steps[i].type.value) {
      case StepType::Approval:
        attributes += ", shape=hexagon";
        break;
      case StepType::Decision:
        attributes += ", shape=diamond";
        break;
      case StepType::Automated:
        attributes += ", style=\"rounded,dashed\"";
        break;
      case StepType::Review:
      case StepType::Handoff:
        attributes += ", style=rounded";  // as in the Mermaid chart: tasks square, these rounded
        break;
      default:
        break;
    }
    if (a.steps[i].critical)
      attributes += ", penwidth=3, style=filled, fillcolor=\"#fde68a\", color=\"#92400e\"";
    out += fmt::format("    {} [{}];\n", node_id(i), attributes);
  }
  const StepGraph& graph = p.graph;
  const CriticalEdges on_path(a);
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    for (std::size_t pred : graph.predecessors[i]) {
      std::vector<std::string> attributes;
      if (std::string label = edge_label(p, pred, i); !label.empty())
        attributes.push_back("label=" + dot_string(label));
      if (on_path.contains(pred, i)) attributes.emplace_back("penwidth=3");
      out +=
          fmt::format("    {} -> {}{};\n", node_id(pred), node_id(i),
                      attributes.empty() ? "" : fmt::format(" [{}]", fmt::join(attributes, ", ")));
    }
  }
  for (const ReworkEdge& e : rework_edges(p, graph)) {
    out +=
        fmt::format("    {} -> {} [style=dashed, label={}, constraint=false];\n", node_id(e.from),
                    node_id(e.to), dot_string("rework " + percent(e.probability)));
  }
  return out + "}\n";
}

}  // namespace opsflow
