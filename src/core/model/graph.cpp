#include "opsflow/model/graph.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <queue>
#include <string_view>
#include <unordered_map>

#include "opsflow/model/model.hpp"

namespace opsflow {
namespace {

// Tarjan's strongly connected components over `successors`, iteratively (no deep recursion).
std::vector<std::vector<std::size_t>> strongly_connected(
    const std::vector<std::vector<std::size_t>>& successors) {
  std::size_t n = successors.size();
  std::vector<std::size_t> index(n, SIZE_MAX), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<std::size_t> stack;
  std::vector<std::vector<std::size_t>> components;
  std::size_t counter = 0;
  struct Frame {
    std::size_t node;
    std::size_t next_edge;
  };
  for (std::size_t root = 0; root < n; ++root) {
    if (index[root] != SIZE_MAX) continue;
    std::vector<Frame> frames{{root, 0}};
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!frames.empty()) {
      Frame& f = frames.back();
      if (f.next_edge < successors[f.node].size()) {
        std::size_t w = successors[f.node][f.next_edge++];
        if (index[w] == SIZE_MAX) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = true;
          frames.push_back({w, 0});
        } else if (on_stack[w]) {
          low[f.node] = std::min(low[f.node], index[w]);
        }
        continue;
      }
      std::size_t v = f.node;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().node] = std::min(low[frames.back().node], low[v]);
      if (low[v] == index[v]) {
        std::vector<std::size_t> component;
        std::size_t w = 0;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          component.push_back(w);
        } while (w != v);
        components.push_back(std::move(component));
      }
    }
  }
  return components;
}

// The shortest cycle through `start` inside `members` (BFS over successors), in flow order.
std::vector<std::size_t> shortest_cycle(const std::vector<std::vector<std::size_t>>& successors,
                                        const std::vector<bool>& in_component, std::size_t start) {
  std::vector<std::size_t> parent(successors.size(), SIZE_MAX);
  std::deque<std::size_t> queue{start};
  while (!queue.empty()) {
    std::size_t v = queue.front();
    queue.pop_front();
    for (std::size_t w : successors[v]) {
      if (!in_component[w]) continue;
      if (w == start) {
        std::vector<std::size_t> path{v};
        while (path.back() != start) path.push_back(parent[path.back()]);
        std::reverse(path.begin(), path.end());
        return path;
      }
      if (parent[w] == SIZE_MAX) {
        parent[w] = v;
        queue.push_back(w);
      }
    }
  }
  return {start};
}

// Steps reachable from `from` following `edges` (including `from`).
std::vector<bool> reachable(const std::vector<std::vector<std::size_t>>& edges, std::size_t from) {
  std::vector<bool> seen(edges.size(), false);
  std::vector<std::size_t> todo{from};
  seen[from] = true;
  while (!todo.empty()) {
    std::size_t v = todo.back();
    todo.pop_back();
    for (std::size_t w : edges[v]) {
      if (!seen[w]) {
        seen[w] = true;
        todo.push_back(w);
      }
    }
  }
  return seen;
}

}  // namespace

StepGraph build_step_graph(const Process& process) {
  StepGraph g;
  std::size_t n = process.steps.size();
  g.predecessors.resize(n);
  g.successors.resize(n);
  std::unordered_map<std::string_view, std::size_t> index;
  index.reserve(n);
  for (std::size_t i = 0; i < n; ++i) index.emplace(process.steps[i].id.value, i);
  auto find = [&](const std::string& id) {
    auto it = index.find(id);
    return it == index.end() ? StepGraph::kNoStep : it->second;
  };
  g.rework_to.assign(n, StepGraph::kNoStep);
  g.branch_to.resize(n);
  g.decision_of.assign(n, StepGraph::kNoStep);
  for (std::size_t i = 0; i < n; ++i) {
    for (const Branch& b : process.steps[i].branches.value) {
      std::size_t target = find(b.to.value);
      g.branch_to[i].push_back(target);
      if (target != StepGraph::kNoStep && target != i &&
          g.decision_of[target] == StepGraph::kNoStep)
        g.decision_of[target] = i;
    }
  }
  std::vector<char> listed(n, 0);  // predecessors already added for the current step
  for (std::size_t i = 0; i < n; ++i) {
    const Step& step = process.steps[i];
    if (step.rework.present) g.rework_to[i] = find(step.rework.to.value);
    if (!step.after.present) {
      if (g.decision_of[i] != StepGraph::kNoStep) {
        g.predecessors[i].push_back(g.decision_of[i]);
      } else if (i > 0) {
        g.predecessors[i].push_back(i - 1);
      }
    } else {
      for (std::size_t k = 0; k < step.after.value.size(); ++k) {
        std::size_t before = find(step.after.value[k].value);
        if (before == StepGraph::kNoStep) {
          g.unknown_after.push_back({i, k});
        } else if (!listed[before]) {
          listed[before] = 1;
          g.predecessors[i].push_back(before);
        }
      }
      for (std::size_t p : g.predecessors[i]) listed[p] = 0;
    }
    for (std::size_t p : g.predecessors[i]) g.successors[p].push_back(i);
  }

  // Kahn's algorithm, taking ready steps in list order, gives a stable topological order.
  std::vector<std::size_t> waiting(n);
  for (std::size_t i = 0; i < n; ++i) waiting[i] = g.predecessors[i].size();
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t i = 0; i < n; ++i) {
    if (waiting[i] == 0) ready.push(i);
  }
  while (!ready.empty()) {
    std::size_t v = ready.top();
    ready.pop();
    g.topological_order.push_back(v);
    for (std::size_t w : g.successors[v]) {
      if (--waiting[w] == 0) ready.push(w);
    }
  }
  if (g.topological_order.size() == n) return g;

  std::vector<bool> in_component(n, false);
  for (auto& component : strongly_connected(g.successors)) {
    std::size_t first = *std::min_element(component.begin(), component.end());
    bool self_loop = std::find(g.successors[first].begin(), g.successors[first].end(), first) !=
                     g.successors[first].end();
    if (component.size() < 2 && !self_loop) continue;
    for (std::size_t v : component) in_component[v] = true;
    g.cycles.push_back(shortest_cycle(g.successors, in_component, first));
    for (std::size_t v : component) in_component[v] = false;
  }
  std::sort(g.cycles.begin(), g.cycles.end(),
            [](const auto& a, const auto& b) { return a.front() < b.front(); });
  return g;
}

bool is_upstream(const StepGraph& graph, std::size_t ancestor, std::size_t step) {
  std::vector<bool> seen(graph.predecessors.size(), false);
  std::vector<std::size_t> todo{step};
  while (!todo.empty()) {
    std::size_t v = todo.back();
    todo.pop_back();
    if (v == ancestor) return true;
    if (seen[v]) continue;
    seen[v] = true;
    for (std::size_t p : graph.predecessors[v]) todo.push_back(p);
  }
  return false;
}

std::vector<ReworkLoop> rework_loops(const Process& process) {
  const StepGraph& graph = process.graph;
  std::vector<ReworkLoop> loops;
  for (std::size_t s = 0; s < process.steps.size(); ++s) {
    std::size_t to = graph.rework_to[s];
    if (to == StepGraph::kNoStep) continue;
    std::vector<bool> after_to = reachable(graph.successors, to);
    std::vector<bool> before_step = reachable(graph.predecessors, s);
    ReworkLoop loop{s, 1.0 / (1.0 - process.steps[s].rework.probability.value), {}};
    for (std::size_t x = 0; x < after_to.size(); ++x) {
      if (after_to[x] && before_step[x]) loop.body.push_back(x);
    }
    if (!loop.body.empty()) loops.push_back(std::move(loop));
  }
  return loops;
}

std::vector<double> rework_multipliers(const std::vector<ReworkLoop>& loops, std::size_t steps,
                                       std::optional<std::size_t> removed) {
  std::vector<double> multiplier(steps, 1.0);
  for (const ReworkLoop& loop : loops) {
    if (removed == loop.step) continue;
    for (std::size_t x : loop.body) multiplier[x] *= loop.factor;
  }
  if (removed) multiplier[*removed] = 0;
  return multiplier;
}

PathBounds path_bounds(const StepGraph& graph, const std::vector<double>& elapsed) {
  PathBounds b;
  PathBoundsScratch scratch;
  path_bounds(graph, elapsed, b, scratch);
  return b;
}

namespace {

// start, after and lead: two passes over the graph.
void path_ends(const StepGraph& graph, const std::vector<double>& elapsed, PathBounds& b,
               PathBoundsScratch& scratch) {
  const std::vector<std::size_t>& order = graph.topological_order;
  const std::size_t n = elapsed.size(), m = order.size();
  b.start.assign(n, 0.0);
  b.after.assign(n, 0.0);
  b.lead = 0;
  // finish[v]: the longest path up to v's end; from[v]: the longest path from v's start.
  std::vector<double>& finish = scratch.finish;
  std::vector<double>& from = scratch.from;
  finish.assign(n, 0.0);
  from.assign(n, 0.0);
  std::vector<std::size_t>& position = scratch.position;
  position.assign(n, 0);
  for (std::size_t k = 0; k < m; ++k) position[order[k]] = k;
  for (std::size_t v : order) {
    for (std::size_t p : graph.predecessors[v]) b.start[v] = std::max(b.start[v], finish[p]);
    finish[v] = b.start[v] + elapsed[v];
    b.lead = std::max(b.lead, finish[v]);
  }
  for (std::size_t k = m; k-- > 0;) {
    std::size_t v = order[k];
    for (std::size_t s : graph.successors[v]) b.after[v] = std::max(b.after[v], from[s]);
    from[v] = elapsed[v] + b.after[v];
  }
}

// avoiding, from what path_ends left in `scratch`.
void path_avoiding(const StepGraph& graph, const std::vector<double>& elapsed, PathBounds& b,
                   PathBoundsScratch& scratch) {
  const std::vector<std::size_t>& order = graph.topological_order;
  const std::size_t n = elapsed.size(), m = order.size();
  const std::vector<double>& finish = scratch.finish;
  const std::vector<double>& from = scratch.from;
  const std::vector<std::size_t>& position = scratch.position;
  b.avoiding.assign(n, 0.0);
  // A path that avoids the step at position k lies wholly before it (it ends at a step placed
  // earlier), wholly after it (it starts at a first step placed later), or jumps over it by an
  // edge a -> b with a placed before k and b after.
  std::vector<double>& before = scratch.before;
  std::vector<double>& later = scratch.later;
  std::vector<double>& over = scratch.over;
  before.assign(m + 1, 0.0);
  later.assign(m + 1, 0.0);
  over.assign(m, 0.0);
  for (std::size_t k = 0; k < m; ++k) before[k + 1] = std::max(before[k], finish[order[k]]);
  for (std::size_t k = m; k-- > 0;) {
    std::size_t v = order[k];
    later[k] = graph.predecessors[v].empty() ? std::max(later[k + 1], from[v]) : later[k + 1];
  }
  using Jump = PathBoundsScratch::Jump;
  // Walking the steps in topological order lists the jumps by where they start.
  std::vector<Jump>& jumps = scratch.jumps;
  jumps.clear();
  for (std::size_t a : order) {
    for (std::size_t s : graph.successors[a]) {
      if (position[s] > position[a] + 1)
        jumps.push_back({position[a], position[s], finish[a] + from[s]});
    }
  }
  auto shorter = [](const Jump& x, const Jump& y) { return x.length < y.length; };
  std::vector<Jump>& open =
      scratch.open;  // a max-heap by length of the jumps that started before k
  open.clear();
  std::size_t next = 0;
  for (std::size_t k = 0; k < m; ++k) {
    while (next < jumps.size() && jumps[next].from_position < k) {
      open.push_back(jumps[next++]);
      std::push_heap(open.begin(), open.end(), shorter);
    }
    while (!open.empty() && open.front().to_position <= k) {
      std::pop_heap(open.begin(), open.end(), shorter);
      open.pop_back();
    }
    if (!open.empty()) over[k] = open.front().length;
    b.avoiding[order[k]] = std::max({before[k], later[k + 1], over[k]});
  }
}

}  // namespace

void path_bounds(const StepGraph& graph, const std::vector<double>& elapsed, PathBounds& b,
                 PathBoundsScratch& scratch) {
  path_ends(graph, elapsed, b, scratch);
  path_avoiding(graph, elapsed, b, scratch);
}

double longest_path(const StepGraph& graph, const std::vector<double>& elapsed) {
  std::vector<double> finish;
  return longest_path(graph, elapsed, finish);
}

double longest_path(const StepGraph& graph, const std::vector<double>& elapsed,
                    std::vector<double>& finish) {
  finish.assign(elapsed.size(), 0.0);
  double lead = 0;
  for (std::size_t v : graph.topological_order) {
    double start = 0;
    for (std::size_t p : graph.predecessors[v]) start = std::max(start, finish[p]);
    finish[v] = start + elapsed[v];
    lead = std::max(lead, finish[v]);
  }
  return lead;
}

}  // namespace opsflow
