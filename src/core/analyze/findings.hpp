#pragma once
// Internal: the passes of analyze() that produce findings, and what they share.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "opsflow/analyze/analyze.hpp"

namespace opsflow::detail {

inline constexpr std::uint32_t kNoRole = UINT32_MAX;

// What the passes across processes need of each step, gathered per process in the parallel
// pass, so that they do not walk every (large) step of every process again.
struct StepFacts {
  std::uint32_t role = kNoRole;  // index in model.roles of the Responsible role
  double runs_per_week = 0;      // frequency x probability x rework; 0 without a frequency
  // The duplicate-work key (normalised name + '\0' + role id; empty without a role) as a slice
  // of ProcessFacts::keys, and its std::hash.
  std::uint32_t key_offset = 0;
  std::uint32_t key_size = 0;
  std::size_t key_hash = 0;
  bool needs_skills = false;  // the step lists skills
};

struct ProcessFacts {
  std::vector<StepFacts> steps;  // per step
  std::string keys;              // the steps' duplicate-work keys, back to back
  std::string_view key(std::size_t step) const {
    return std::string_view(keys).substr(steps[step].key_offset, steps[step].key_size);
  }
};

// The Config's thresholds, or their defaults.
struct Limits {
  double utilization_warn;
  double wait_share;
  double handoffs;
};
Limits limits_of(const Model& model);

// Collects findings of one kind of analysis, resolving severities through the policy.
class FindingSink {
 public:
  FindingSink(const Model& model, const SeverityPolicy& policy, std::vector<Finding>& out)
      : model_(model), policy_(policy), out_(out) {}

  // Keeps `f` at the severity the policy gives its rule's default (or `proposed`) there; drops it
  // when off or ignored.
  void add(Finding f) {
    if (settle(f)) keep(std::move(f));
  }
  void add(Finding f, Severity proposed) {
    if (settle(f, proposed)) keep(std::move(f));
  }
  // Sets the severity of `f` as add() would; false when it is off or ignored there. Safe to call
  // from several threads at once.
  bool settle(Finding& f) const { return settle(f, f.rule.info().default_severity); }
  bool settle(Finding& f, Severity proposed) const;
  // Keeps a finding settle() accepted.
  void keep(Finding f) { out_.push_back(std::move(f)); }
  // A finding of `rule` about `doc`, located at `loc` (the document's id when `loc` is unset).
  Finding at(Rule rule, const Document& doc, SourceLoc loc) const;

 private:
  const Model& model_;
  const SeverityPolicy& policy_;
  std::vector<Finding>& out_;
};

// long-wait, approval-on-critical-path, consecutive-approvals, merge-candidate, non-value-add,
// sla-at-risk and handoff-heavy of one process, each with its saving.
void process_findings(const ProcessAnalysis& a, const Limits& limits, FindingSink& sink);

// target-at-risk: a key result on a duration metric whose expected span on this process misses
// its target.
void target_findings(const Model& model, const ProcessAnalysis& a, FindingSink& sink);

// overloaded-role, single-point-of-failure, skill-gap and bus-factor over the selected processes
// (`selected` flags them, in model order like `all` and `facts`); `loads` has one entry per role.
void role_findings(const std::vector<ProcessAnalysis>& all, const std::vector<ProcessFacts>& facts,
                   const std::vector<char>& selected, const std::vector<RoleLoad>& loads,
                   const Limits& limits, FindingSink& sink);

// Whether `q` has a queue wait no longer than `wait_now` (any wait, when today's never drains).
inline bool wait_no_longer(const RoleQueue& q, std::optional<double> wait_now) {
  return q.wait_hours && (!wait_now || *q.wait_hours <= *wait_now * (1 + 1e-9));
}

// The fewest members n, from `first`, to add to `capacity` so that `enough` holds of the queue
// (role_queue of `demand` in `arrivals`) at capacity + n x per_member, with that queue. Each member
// more shortens the wait, so a few beyond the utilization bound always do: the search stops 1,000
// further (and at kMaxHeadcount), a guard against a model at the limits. Absent when none does.
template <class Enough>
std::optional<std::pair<int, RoleQueue>> fewest_added(double demand, double arrivals,
                                                      double per_member, double capacity,
                                                      double first, Enough enough) {
  constexpr int kSearch = 1000;
  for (double n = first; n <= first + kSearch && n <= kMaxHeadcount; ++n) {
    RoleQueue q = role_queue(demand, arrivals, capacity + n * per_member, per_member);
    if (enough(q)) return std::pair(static_cast<int>(n), q);
  }
  return std::nullopt;
}

// The hire and train options of an overloaded role (SPEC §4 staffing): the fewest hires, and the
// fewest members to train (most hours gained first), hiring too when training all is not enough,
// that bring utilization to at most `warn` with a queue wait no longer than today's.
void staffing_options(const RoleLoad& load, double warn, facts::OverloadedRole& said);

// Who could be cross-trained for role `r` (index in `loads`), on `skill` (empty: on its work),
// other than `holder`: a member of the same role (for a skill), else of its backup role, else of
// the least-loaded other role under `warn`; absent when nobody is.
std::optional<facts::CrossTraining> cross_training(const std::vector<RoleLoad>& loads,
                                                   std::size_t r, std::string_view skill,
                                                   std::string_view holder, double warn);

// untrained-member and retraining-due (at `today`) for the roles that record training, over the
// selected processes.
void training_findings(const Model& model, const std::vector<char>& selected,
                       const std::vector<RoleLoad>& loads, std::int64_t today, FindingSink& sink);

// duplicate-work: steps with the same normalised name and role in several processes, reported
// when one of them is selected.
void duplicate_findings(const std::vector<ProcessAnalysis>& all,
                        const std::vector<ProcessFacts>& facts, const std::vector<char>& selected,
                        FindingSink& sink, unsigned jobs);

}  // namespace opsflow::detail
