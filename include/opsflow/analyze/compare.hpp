#pragma once

#include <string>
#include <vector>

#include "opsflow/analyze/analyze.hpp"

namespace opsflow {

// What a measure counts: its unit, and how much of a rise is tolerated.
enum class MeasureScale { Time, Count, Share };

// One measure of one process or role, before and after a change to the files.
struct MeasureChange {
  std::string subject;  // "process" or "role"
  std::string id;
  std::string measure;  // "lead time", "touch time", "handoffs", "approvals on the critical path",
                        // "utilization"
  MeasureScale scale = MeasureScale::Time;  // seconds, a count or a share
  double before = 0;
  double after = 0;
  bool regression = false;  // worse beyond the tolerance
};

struct Comparison {
  std::vector<MeasureChange> changes;  // every measure present in both, changed or not
  std::vector<std::string> added;      // "process x" / "role y" only in the new files
  std::vector<std::string> removed;    // only in the baseline
  bool regressed() const;
};

// Tolerance of the regression guard: a time regresses when it grows by more than 1% of its old
// value, a utilization when it grows by more than 1 percentage point, a count on any increase.
inline constexpr double kRegressionTolerance = 0.01;

// Compares the analysis of a baseline checkout with the current one. Higher is worse for every
// measure.
Comparison compare(const Analysis& baseline, const Analysis& current);

}  // namespace opsflow
