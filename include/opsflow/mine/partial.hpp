#pragma once
// Event log statistics beyond one machine (SPEC §6): the mergeable aggregates of a log over a set
// of cases, as flat rows that `mine --format json` writes under "partial" and that the shipped SQL
// (src/sql/mine_partial.sql) computes per partition of cases in a warehouse; `mine --merge`
// combines the rows of parts over disjoint sets of cases into the statistics of the whole: counts,
// sums, means, minima and maxima exactly (up to the rounding of a sum's order), the standard
// deviation from merged squared differences (Chan et al.), medians and P90 from the merged
// quantile sketches (within 1%).

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "opsflow/mine/mine.hpp"

namespace opsflow {

// One aggregate. `kind` says what it is and which fields it uses:
//   mode            a: complete_only | lifecycle | start_column
//   count           a: cases | instances | rows | skipped_rows | ignored_rows | unmatched_starts;
//                   n: the count
//   period          min, max: the first and the last row's instant (microseconds since 1970)
//   case_duration   n, sum, m2, min, max: of the case durations (seconds)
//   service         a: activity; n, sum, m2, min, max: of its service times
//   events          a: activity; n: its rows that count
//   wait            a -> b: a directly-follows edge; n, sum, m2, min, max: of its waits
//   start, end      a: activity; n: the cases it starts or ends
//   resource        a: resource; n: its instances; sum: its busy time
//   resource_cases  a: resource; n: the cases it worked on
//   variant         sequence: the activities of a variant; n: its cases
//   case_duration_bucket, service_bucket (a), wait_bucket (a -> b)
//                   sign, bucket, n: a bucket of the QuantileSketch of those values
struct PartialRow {
  std::string kind, a, b;
  std::vector<std::string> sequence;
  std::uint64_t n = 0;
  double sum = 0, m2 = 0, min = 0, max = 0;
  int sign = 0, bucket = 0;
};

// The rows of `stats`, computed with sketches (compute_log_stats(..., true)) or merged.
std::vector<PartialRow> partial_rows(const LogStats& stats);

// Adds up parts one at a time (mine --merge, and --sorted-by-case a batch of cases at a time):
// memory holds the aggregates, not the parts.
class LogMerger {
 public:
  LogMerger();
  ~LogMerger();
  LogMerger(const LogMerger&) = delete;
  LogMerger& operator=(const LogMerger&) = delete;

  // Adds the rows of one part, named `part` in messages. Throws Error as merge_partials says.
  void add(const std::string& part, const std::vector<PartialRow>& rows);
  // The statistics of every part added; they point to `names` (see merge_partials).
  LogStats finish(EventLog& names);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Merges the rows of `parts` (each a name for messages and its rows) over disjoint sets of cases
// into statistics that point to `names`: a log holding only the names and the counts of the
// input, which must outlive them. Throws Error when a part lacks its counts, when the parts read
// their logs differently (another mode), or when a sketch does not hold as many values as its
// aggregate says.
LogStats merge_partials(const std::vector<std::pair<std::string, std::vector<PartialRow>>>& parts,
                        EventLog& names);

}  // namespace opsflow
