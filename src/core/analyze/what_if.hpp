#pragma once
// Internal: what a change to a process would do to its expected lead time (SPEC §4), evaluated
// over the same scenarios as the analysis, so that savings compare like with like.

#include <cstddef>
#include <optional>
#include <vector>

#include "opsflow/analyze/analyze.hpp"

namespace opsflow::detail {

// One change to a process.
struct WhatIf {
  enum class Kind : unsigned char {
    Wait,    // `step` waits `wait` (expected, before rework) instead
    Remove,  // `step` is taken out: it takes no time, and its own rework loops go with it
    Merge,   // `step` is merged into `first`: one step after the predecessors of both, with
             // the first's wait and rework, both durations and both deliberate delays
  };
  Kind kind = Kind::Wait;
  std::size_t step = 0;
  std::size_t first = 0;  // Merge
  double wait = 0;        // Wait
};

// Evaluates changes to one analysed process. Each change is added, then evaluate() walks the
// scenarios once for all of them.
class WhatIfs {
 public:
  explicit WhatIfs(const ProcessAnalysis& a) : a_(a) {}

  // Adds a change; returns its index in the results.
  std::size_t add(const WhatIf& change) {
    changes_.push_back(change);
    return changes_.size() - 1;
  }

  // The expected lead time each change saves per instance, in seconds (negative: it lengthens
  // the lead time; -infinity: a merge that cannot be made, as a step lies between the two);
  // absent for a change that needs the whole process counted again when the
  // process is too large for that (more than `budget` step visits in all).
  std::vector<std::optional<double>> lead_savings(std::size_t budget = 100'000'000) const;

  // Staff hours per instance the change frees (SPEC §4: reach x rework x duration of the work
  // removed), in seconds; negative when the change adds work.
  double work_saving(const WhatIf& change) const;

 private:
  const ProcessAnalysis& a_;
  std::vector<WhatIf> changes_;
};

}  // namespace opsflow::detail
