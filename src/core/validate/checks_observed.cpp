// Observations (SPEC §6): what a log showed must name the process, its steps and its branches,
// so that analyze --observed puts every value where it belongs.
#include <fmt/format.h>

#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "checks.hpp"
#include "opsflow/base/text.hpp"

namespace opsflow::detail {
namespace {

void check_observed_decision(Checker& c, const Observation& o, const Process& p,
                             const ObservedDecision& d, const Step& decision) {
  if (decision.type.value != StepType::Decision) {
    c.report(rule::kInvalidValue, o, d.step.loc,
             fmt::format("{} observes the branches of {}, which is not a decision in {}",
                         describe(o), describe(decision), describe(p)),
             "list observed branch shares for decision steps only");
    return;
  }
  std::vector<std::string_view> targets;
  for (const Branch& b : decision.branches.value) targets.push_back(b.to.value);
  std::unordered_set<std::string_view> seen;
  double sum = 0;
  bool known = true;
  for (const ObservedBranch& b : d.branches) {
    sum += b.share.value;
    if (std::find(targets.begin(), targets.end(), b.to.value) == targets.end()) {
      known = false;
      c.report(rule::kUnknownStep, o, b.to.loc,
               fmt::format("{} has no branch to '{}'{}", describe(decision),
                           excerpt(b.to.value, kMaxIdLength), c.suggest(b.to.value, targets)));
    } else if (!seen.insert(b.to.value).second) {
      known = false;
      c.report(rule::kDuplicateId, o, b.to.loc,
               fmt::format("the branch to '{}' of {} is observed twice",
                           excerpt(b.to.value, kMaxIdLength), describe(decision)));
    }
  }
  if (known && std::abs(sum - 1) > kBranchSumTolerance) {
    c.report(rule::kBranchProbabilities, o, d.loc,
             fmt::format("the observed branch shares of {} add up to {:g}, not 1",
                         describe(decision), sum),
             "each share is of the cases that ran the decision; exactly one branch is taken");
  }
}

}  // namespace

void check_observations(Checker& c) {
  for (const Observation& o : c.model.observations) {
    if (!o.meta.id) continue;
    auto found = c.processes.find(o.meta.id.value);
    if (found == c.processes.end()) {
      c.report_missing(rule::kUnknownStep, o, o.meta.id.loc, o.meta.id.value, c.processes,
                       fmt::format("{} is for process '{}', which does not exist{}", describe(o),
                                   excerpt(o.meta.id.value, kMaxIdLength),
                                   c.suggest_missing(o.meta.id.value, c.processes)),
                       "an Observation's id is the id of the process it observes");
      continue;
    }
    const auto& p = static_cast<const Process&>(*found->second);
    const StepIds steps = step_ids_of(p);
    const std::vector<std::string_view>& step_ids = steps.ids;
    const auto& index = steps.index;
    // Returns the step `ref` names, or null after saying it names none or names it again.
    auto resolve = [&](const Text& ref, std::unordered_map<std::string_view, SourceLoc>& seen,
                       std::string_view what) -> const Step* {
      auto at = index.find(ref.value);
      if (at == index.end()) {
        c.report(rule::kUnknownStep, o, ref.loc,
                 fmt::format("{} names step '{}', which {} does not have{}", describe(o),
                             excerpt(ref.value, kMaxIdLength), describe(p),
                             c.suggest(ref.value, step_ids)),
                 "mine --write-observed writes it again from the log for the current process");
        return nullptr;
      }
      auto [first, inserted] = seen.emplace(ref.value, ref.loc);
      if (!inserted) {
        c.report(rule::kDuplicateId, o, ref.loc,
                 fmt::format("{} lists {} '{}' twice (first at line {})", describe(o), what,
                             excerpt(ref.value, kMaxIdLength), first->second.line));
        return nullptr;
      }
      return &p.steps[at->second];
    };
    std::unordered_map<std::string_view, SourceLoc> seen_steps, seen_decisions;
    for (const ObservedStep& s : o.steps) resolve(s.step, seen_steps, "step");
    for (const ObservedDecision& d : o.decisions) {
      if (const Step* decision = resolve(d.step, seen_decisions, "decision"))
        check_observed_decision(c, o, p, d, *decision);
    }
  }
}

}  // namespace opsflow::detail
