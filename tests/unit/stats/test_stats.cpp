// Quantiles and the Mann-Whitney U test, against NumPy's and SciPy's values.
#include <doctest/doctest.h>

#include "opsflow/stats/stats.hpp"

using namespace opsflow;

TEST_CASE("quantiles interpolate like NumPy's default") {
  std::vector<double> v{1, 2, 3, 4};
  CHECK(quantile(v, 0.5) == doctest::Approx(2.5));
  CHECK(quantile(v, 0.85) == doctest::Approx(3.55));
  CHECK(quantile({7}, 0.95) == 7);
}

TEST_CASE("a quantile by selection equals the one on sorted values, in any order") {
  const std::vector<double> sorted{1, 2, 2, 3, 5, 8, 13, 21};
  for (double q : {0.0, 0.1, 0.5, 0.9, 1.0}) {
    std::vector<double> shuffled{13, 2, 21, 1, 8, 3, 2, 5};
    CAPTURE(q);
    CHECK(select_quantile(shuffled, q) == quantile(sorted, q));
  }
  std::vector<double> one{7};
  CHECK(select_quantile(one, 0.9) == 7);
}

TEST_CASE("Mann-Whitney U matches SciPy's asymptotic test (tie and continuity corrections)") {
  // Reference values: scipy.stats.mannwhitneyu(a, b, method="asymptotic") (SciPy 1.10.1).
  MannWhitney separated = mann_whitney({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10});
  CHECK(separated.u == 0);
  CHECK(separated.p == doctest::Approx(0.012185780355344813).epsilon(1e-9));
  MannWhitney ties = mann_whitney({1, 2, 2, 3, 3, 3, 4}, {3, 4, 4, 5, 5, 6});
  CHECK(ties.u == 3.5);
  CHECK(ties.p == doctest::Approx(0.012999854364387305).epsilon(1e-9));
  MannWhitney shifted = mann_whitney({10.5, 12.1, 9.8, 11.0, 13.2, 10.9, 12.5, 11.7},
                                     {8.1, 9.0, 7.7, 9.9, 8.8, 10.2, 8.4});
  CHECK(shifted.u == 54);
  CHECK(shifted.p == doctest::Approx(0.0031669403816566894).epsilon(1e-9));
  MannWhitney same = mann_whitney({5, 5, 5}, {5, 5, 5, 5});
  CHECK(same.u == 6);
  CHECK(same.p == 1);
}

TEST_CASE("the exact binomial test at p = 1/2, as SciPy's binomtest") {
  // Exact values: 2 x sum of C(n, i) / 2^n over the nearer tail, at most 1 (Python fractions).
  CHECK(binomial_test_half(152, 290) == doctest::Approx(0.4452882773244952).epsilon(1e-12));
  CHECK(binomial_test_half(3, 10) == doctest::Approx(0.34375));
  CHECK(binomial_test_half(0, 5) == doctest::Approx(0.0625));
  CHECK(binomial_test_half(5, 5) == doctest::Approx(0.0625));
  CHECK(binomial_test_half(10, 10) == doctest::Approx(0.001953125));
  CHECK(binomial_test_half(60, 100) == doctest::Approx(0.05688793364098079).epsilon(1e-12));
  CHECK(binomial_test_half(5000, 9800) == doctest::Approx(0.04440414879984629).epsilon(1e-10));
  CHECK(binomial_test_half(1, 3) == 1);  // as likely as the middle: 1
  CHECK(binomial_test_half(2, 2) == doctest::Approx(0.5));
  CHECK(binomial_test_half(0, 0) == 1);
  CHECK(binomial_test_half(7, 14) == 1);
}
