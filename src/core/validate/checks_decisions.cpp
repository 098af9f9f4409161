// Decisions and their branches, choices written as optional steps, and metric spans (SPEC §2).
#include <fmt/format.h>

#include <cmath>
#include <unordered_map>

#include "checks.hpp"
#include "opsflow/base/text.hpp"

namespace opsflow::detail {
namespace {

std::string step_name(const Process& p, std::size_t i) {
  return excerpt(p.steps[i].id.value, kMaxIdLength);
}

void check_branches(Checker& c, const Process& p, const std::vector<std::string_view>& step_ids) {
  const StepGraph& g = p.graph;
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const Step& s = p.steps[i];
    const bool decision = s.type.value == StepType::Decision;
    if (s.branches && !decision) {
      c.report(rule::kBranchesWithoutDecision, p, s.branches.loc,
               fmt::format("{} has branches, but its type is {}: only a decision takes one of "
                           "them",
                           describe(s), enum_name(s.type.value)),
               "write type: decision; for a step that may or may not run, give it a probability");
      continue;
    }
    if (!decision) continue;
    if (s.branches.value.empty()) {
      c.report(rule::kDecisionWithoutBranches, p, s.type.loc.line ? s.type.loc : s.loc,
               fmt::format("decision {} has no branches: every step after it runs", describe(s)),
               "list the choices: branches: [{to: a, probability: 0.7, when: \"...\"}, ...]");
      continue;
    }
    bool complete = true;
    double sum = 0;
    for (std::size_t k = 0; k < s.branches.value.size(); ++k) {
      const Branch& b = s.branches.value[k];
      if (!b.to || !b.probability) {
        complete = false;  // missing-field said so
        continue;
      }
      sum += b.probability.value;
      std::size_t target = g.branch_to[i][k];
      if (target == StepGraph::kNoStep) {
        c.report(rule::kUnknownStep, p, b.to.loc,
                 fmt::format("a branch of {} goes to unknown step '{}'{}", describe(s),
                             excerpt(b.to.value, kMaxIdLength), c.suggest(b.to.value, step_ids)));
        continue;
      }
      if (target == i) {
        c.report(rule::kBranchNotAfterDecision, p, b.to.loc,
                 fmt::format("a branch of {} leads to the decision itself", describe(s)),
                 "a branch leads to a step after the decision; loops are written as rework");
        continue;
      }
      if (g.decision_of[target] != i) {
        c.report(rule::kSharedBranchTarget, p, b.to.loc,
                 fmt::format("{} is already the target of a branch of {}",
                             describe(p.steps[target]), describe(p.steps[g.decision_of[target]])),
                 "each step is reached by one branch; steps on several paths come after the join");
        continue;
      }
      bool repeated = false;
      for (std::size_t e = 0; e < k; ++e) repeated |= g.branch_to[i][e] == target;
      if (repeated) {
        c.report(rule::kSharedBranchTarget, p, b.to.loc,
                 fmt::format("{} has two branches to {}", describe(s), describe(p.steps[target])),
                 "write one branch with the two probabilities added up");
        continue;
      }
      const Step& t = p.steps[target];
      if (t.after.present) {
        bool names_decision = false;
        for (const Text& a : t.after.value) names_decision |= a.value == s.id.value;
        if (!names_decision) {
          c.report(rule::kBranchNotAfterDecision, p, t.after.loc,
                   fmt::format("{} is a branch of decision {}, but its 'after' does not name it",
                               describe(t), describe(s)),
                   fmt::format("add '{}' to its after, or leave after out (a branch target runs "
                               "after its decision)",
                               step_name(p, i)));
        }
      }
      if (!b.when) {
        c.report(rule::kBranchWithoutCondition, p, b.loc,
                 fmt::format("the branch of {} to '{}' has no 'when'", describe(s),
                             step_name(p, target)),
                 "say when it is taken, e.g. when: \"the amount is above 500 EUR\"; the SOP "
                 "shows it");
      }
    }
    if (complete && std::abs(sum - 1) > kBranchSumTolerance) {
      c.report(rule::kBranchProbabilities, p, s.branches.loc,
               fmt::format("the branches of {} add up to {:.4g}, not 1: exactly one of them is "
                           "taken",
                           describe(s), sum),
               "make the probabilities add up to 1; a step that may or may not run after it is "
               "an optional step (probability), not a branch");
    }
  }
}

// Steps that run in no instance: every way to them takes a branch of probability 0. A step runs
// when one of its predecessors runs (dead-path semantics); the edge from a decision to one of its
// branch targets is live only when that branch can be taken.
void check_reach(Checker& c, const Process& p) {
  const StepGraph& g = p.graph;
  std::vector<char> possible(p.steps.size(), 0);
  for (std::size_t v : g.topological_order) {
    if (g.predecessors[v].empty()) {
      possible[v] = 1;
      continue;
    }
    for (std::size_t u : g.predecessors[v]) {
      if (!possible[u]) continue;
      bool live = true;
      const auto& targets = g.branch_to[u];
      for (std::size_t k = 0; k < targets.size(); ++k) {
        if (targets[k] == v) live = p.steps[u].branches.value[k].probability.value > 0;
      }
      if (live) possible[v] = 1;
    }
  }
  for (std::size_t v : g.topological_order) {
    if (possible[v]) continue;
    c.report(rule::kUnreachableStep, p, p.steps[v].loc,
             fmt::format("{} runs in no instance: every way to it takes a branch of probability 0",
                         describe(p.steps[v])),
             "remove the step, or give its branch a probability above 0");
  }
}

// An either/or choice written as optional steps: the only successors of one step, each optional,
// not branches, whose probabilities sum to 1. Optional steps are independent coins, so an
// instance could run both of them or neither.
void check_choice_as_probabilities(Checker& c, const Process& p) {
  const StepGraph& g = p.graph;
  for (std::size_t u = 0; u < p.steps.size(); ++u) {
    if (!g.branch_to[u].empty()) continue;
    std::vector<std::size_t> optional;
    double sum = 0;
    for (std::size_t v : g.successors[u]) {
      const Step& s = p.steps[v];
      if (s.probability.value >= 1 || g.decision_of[v] != StepGraph::kNoStep ||
          g.predecessors[v].size() != 1)
        continue;
      optional.push_back(v);
      sum += s.probability.value;
    }
    if (optional.size() < 2 || std::abs(sum - 1) > kBranchSumTolerance) continue;
    std::vector<std::string> names, branches;
    for (std::size_t v : optional) {
      names.push_back(fmt::format("'{}'", step_name(p, v)));
      branches.push_back(fmt::format("{{to: {}, probability: {:g}}}", step_name(p, v),
                                     p.steps[v].probability.value));
    }
    c.report(rule::kChoiceAsProbabilities, p, p.steps[optional.front()].probability.loc,
             fmt::format("the probabilities of {} after {} add up to 1, as if exactly one of them "
                         "ran; optional steps run independently, so an instance may run several "
                         "or none",
                         fmt::join(names, ", "), describe(p.steps[u])),
             fmt::format("if exactly one runs, choose with a decision step: type: decision, "
                         "branches: [{}]",
                         fmt::join(branches, ", ")));
  }
}

}  // namespace

void check_decisions(Checker& c) {
  for (const Process& p : c.model.processes) {
    std::vector<std::string_view> step_ids;
    for (const Step& s : p.steps) step_ids.push_back(s.id.value);
    check_branches(c, p, step_ids);
    if (!p.graph.acyclic() || !p.graph.unknown_after.empty()) continue;
    check_reach(c, p);
    check_choice_as_probabilities(c, p);
  }
}

StepIds step_ids_of(const Process& p) {
  StepIds out;
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    out.ids.push_back(p.steps[i].id.value);
    out.index.emplace(p.steps[i].id.value, i);
  }
  return out;
}

void check_spans(Checker& c) {
  for (const Metric& m : c.model.metrics) {
    const Span& span = m.process_span;
    if (!span.present) continue;
    c.check_ref(m, span.process, c.processes, rule::kUnknownStep, "the span's process");
    auto found = c.processes.find(span.process.value);
    if (found == c.processes.end()) continue;
    const auto& p = static_cast<const Process&>(*found->second);
    const StepIds steps = step_ids_of(p);
    const std::vector<std::string_view>& step_ids = steps.ids;
    const auto& index = steps.index;
    bool known = true;
    for (const Text* end : {&span.from, &span.to}) {
      if (index.contains(end->value)) continue;
      known = false;
      c.report(rule::kUnknownStep, m, end->loc,
               fmt::format("the span of {} names step '{}', which {} does not have{}", describe(m),
                           excerpt(end->value, kMaxIdLength), describe(p),
                           c.suggest(end->value, step_ids)));
    }
    if (!known || !p.graph.acyclic() || !p.graph.unknown_after.empty()) continue;
    std::size_t from = index.at(span.from.value), to = index.at(span.to.value);
    if (!is_upstream(p.graph, from, to)) {
      c.report(rule::kInvalidSpan, m, span.from.loc,
               fmt::format("the span of {} starts at '{}', which does not come before '{}' in {}",
                           describe(m), step_name(p, from), step_name(p, to), describe(p)),
               "a span runs from the start of a step to the end of the same or a later one");
    }
  }
}

}  // namespace opsflow::detail
