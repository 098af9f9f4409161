#pragma once
// Statistics shared by the stages that summarise numbers (report, analyze's simulation, mine).

#include <cstdint>
#include <vector>

namespace opsflow {

// The q-quantile (0..1) of sorted values, interpolating linearly between closest ranks (NumPy's
// default, R's type 7). `sorted` must not be empty.
double quantile(const std::vector<double>& sorted, double q);

// The same quantile of `values` (not empty, in any order) found by selection, in linear time
// instead of a sort; reorders `values`.
double select_quantile(std::vector<double>& values, double q);

// A two-sided Mann–Whitney U test of two samples (both non-empty): U of the first sample, the z
// score and the p-value by the normal approximation with the tie correction and a continuity
// correction of 0.5 (SciPy's mannwhitneyu(method="asymptotic")). p is 1 when every value ties.
struct MannWhitney {
  double u = 0;
  double z = 0;
  double p = 1;
};
MannWhitney mann_whitney(const std::vector<double>& first, const std::vector<double>& second);

// The two-sided exact binomial test of k successes in n trials with probability 1/2 (SciPy's
// binomtest(k, n, 0.5).pvalue): twice the probability of an outcome at least as far from n/2,
// at most 1. For two Poisson counts over equal windows, the exact conditional test of equal rates
// is this test of one count given their total.
double binomial_test_half(std::uint64_t k, std::uint64_t n);

}  // namespace opsflow
