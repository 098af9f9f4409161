#include "opsflow/stats/stats.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace opsflow {

namespace {

// Where the q-quantile of n values lies between closest ranks: rank `lo` (0-based) and the share
// of the way to the next one.
struct Rank {
  std::size_t lo;
  double fraction;
};

Rank quantile_rank(std::size_t n, double q) {
  const double h = (static_cast<double>(n) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  return {lo, h - static_cast<double>(lo)};
}

}  // namespace

double quantile(const std::vector<double>& sorted, double q) {
  const Rank r = quantile_rank(sorted.size(), q);
  std::size_t hi = std::min(r.lo + 1, sorted.size() - 1);
  return sorted[r.lo] + r.fraction * (sorted[hi] - sorted[r.lo]);
}

double select_quantile(std::vector<double>& values, double q) {
  const Rank r = quantile_rank(values.size(), q);
  const auto nth = values.begin() + static_cast<std::ptrdiff_t>(r.lo);
  std::nth_element(values.begin(), nth, values.end());
  if (r.lo + 1 >= values.size()) return *nth;
  const double above = *std::min_element(nth + 1, values.end());  // rank lo + 1
  return *nth + r.fraction * (above - *nth);
}

MannWhitney mann_whitney(const std::vector<double>& first, const std::vector<double>& second) {
  const std::size_t n1 = first.size(), n2 = second.size(), n = n1 + n2;
  // Pool, sort, and give tied values their average rank.
  std::vector<std::pair<double, bool>> pooled;  // (value, from the first sample)
  pooled.reserve(n);
  for (double v : first) pooled.emplace_back(v, true);
  for (double v : second) pooled.emplace_back(v, false);
  std::sort(pooled.begin(), pooled.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  double rank_sum = 0, tie_term = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && pooled[j].first == pooled[i].first) ++j;
    double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k) {
      if (pooled[k].second) rank_sum += average_rank;
    }
    double t = static_cast<double>(j - i);
    tie_term += t * t * t - t;
    i = j;
  }
  MannWhitney r;
  auto dn1 = static_cast<double>(n1), dn2 = static_cast<double>(n2), dn = static_cast<double>(n);
  r.u = rank_sum - dn1 * (dn1 + 1) / 2;
  double mean = dn1 * dn2 / 2;
  double variance = dn1 * dn2 / 12 * ((dn + 1) - tie_term / (dn * (dn - 1)));
  if (variance <= 0) return r;  // every value ties: no evidence either way
  double deviation = std::abs(r.u - mean) - 0.5;
  if (deviation < 0) deviation = 0;
  r.z = (r.u >= mean ? 1 : -1) * deviation / std::sqrt(variance);
  r.p = std::min(1.0, std::erfc(std::abs(r.z) / std::sqrt(2.0)));
  return r;
}

double binomial_test_half(std::uint64_t k, std::uint64_t n) {
  if (k > n) return 0;
  if (2 * k == n || n == 0) return 1;
  // P(X <= m) for the nearer tail, m = min(k, n - k): its terms summed from m down, in log
  // space (n may be millions), until they no longer change the sum.
  const std::uint64_t m = std::min(k, n - k);
  const double nd = static_cast<double>(n);
  const double log_half_n = -nd * std::log(2.0);
  const double log_n_factorial = std::lgamma(nd + 1);
  double tail = 0;
  for (std::uint64_t i = m + 1; i-- > 0;) {
    double id = static_cast<double>(i);
    double term =
        std::exp(log_n_factorial - std::lgamma(id + 1) - std::lgamma(nd - id + 1) + log_half_n);
    tail += term;
    if (term < tail * 1e-17) break;
  }
  return std::min(1.0, 2 * tail);
}

}  // namespace opsflow
