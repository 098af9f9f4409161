// A role's work as a queue (SPEC §4): Erlang C at a capacity, and the staffing that keeps it
// under the threshold.
#include <algorithm>
#include <cmath>
#include <limits>

#include "findings.hpp"
#include "opsflow/analyze/analyze.hpp"

namespace opsflow {

RoleQueue role_queue(double demand, double arrivals, double capacity, double per_member) {
  RoleQueue q;
  if (per_member > 0 && capacity > 0) {
    q.servers = static_cast<int>(
        std::clamp(std::floor(capacity / per_member + 1e-9), 1.0, double{kMaxHeadcount}));
  }
  if (capacity <= 0) {
    // Work for a role with no capacity: a queue that never drains.
    if (demand > 0) q.utilization = std::numeric_limits<double>::infinity();
    return q;
  }
  double u = demand / capacity;
  q.utilization = u;
  if (arrivals <= 0 || u >= 1 || q.servers < 1) return q;
  // M/M/c with the clock running in the role's available hours: each of the c servers is
  // available capacity / c hours a week, so the offered load is a = c x u (SPEC §4).
  double offered = u * q.servers;
  double c = erlang_c(q.servers, offered);
  q.wait_probability = c;
  q.wait_hours = c * (demand / arrivals) / (q.servers - offered);
  return q;
}

std::optional<int> staffing_needed(double demand, double arrivals, double per_member, double warn,
                                   std::optional<double> wait_now, int servers_now) {
  if (demand <= 0 || arrivals <= 0 || per_member <= 0 || warn <= 0) return std::nullopt;
  double fewest = std::max(1.0, std::ceil(demand / (per_member * warn) - 1e-9));
  // Fewer fully counted servers than today's wait longer (today's offered load is at most the
  // full one, and the Erlang C wait falls with every server), so the search starts there. That
  // also keeps a wait too small for a double (a large role, little work) from ending it early.
  if (wait_now) fewest = std::max(fewest, static_cast<double>(servers_now));
  // From no capacity, the members added are the staffing.
  auto found =
      detail::fewest_added(demand, arrivals, per_member, 0, fewest, [&](const RoleQueue& q) {
        return q.utilization && *q.utilization < 1 && detail::wait_no_longer(q, wait_now);
      });
  if (!found) return std::nullopt;
  return found->first;
}

}  // namespace opsflow
