// The mergeable quantile sketch behind mine --merge.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "opsflow/stats/sketch.hpp"
#include "opsflow/stats/stats.hpp"

using namespace opsflow;

TEST_CASE("sketch buckets: (gamma^(k-1), gamma^k] with gamma = 1.01/0.99, by hand") {
  const double gamma = 1.01 / 0.99;
  // ln(1) = 0: bucket 0; just above 1 is bucket 1; gamma itself is the top of bucket 1.
  CHECK(QuantileSketch::bucket_of(1.0) == 0);
  CHECK(QuantileSketch::bucket_of(1.0001) == 1);
  CHECK(QuantileSketch::bucket_of(gamma * 0.999999) == 1);
  CHECK(QuantileSketch::bucket_of(gamma * 1.000001) == 2);
  // 3600 s: ln(3600) / ln(gamma) = 8.18869 / 0.0200007 = 409.42 -> 410.
  CHECK(QuantileSketch::bucket_of(3600) == 410);
  // Below 1: negative buckets; 0.5 -> ceil(-0.693147 / 0.0200007) = ceil(-34.66) = -34.
  CHECK(QuantileSketch::bucket_of(0.5) == -34);
  // A bucket's value is 2 gamma^k / (gamma + 1): 1% above its low end, 1% below its high end.
  for (int k : {-34, 0, 1, 410}) {
    const double v = QuantileSketch::value_of(k);
    CHECK(v / std::pow(gamma, k - 1) == doctest::Approx(1.01));
    CHECK(v / std::pow(gamma, k) == doctest::Approx(0.99));
  }
}

TEST_CASE("sketch quantiles are within 1% of the exact ones, signs and zeros included") {
  std::mt19937_64 random(7);
  std::lognormal_distribution<double> wait(6.0, 1.5);
  std::vector<double> values;
  QuantileSketch sketch;
  for (int i = 0; i < 20000; ++i) {
    double v = wait(random);
    if (i % 10 == 0) v = -v / 50;  // overlapping instances wait less than 0
    if (i % 97 == 0) v = 0;
    values.push_back(v);
    sketch.add(v);
  }
  std::sort(values.begin(), values.end());
  CHECK(sketch.count() == values.size());
  for (double q : {0.0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0}) {
    CAPTURE(q);
    const double exact = quantile(values, q);
    CHECK(std::abs(sketch.quantile(q) - exact) <= 0.01 * std::abs(exact) + 1e-9);
  }
}

TEST_CASE("sketches of disjoint data merge into the sketch of all of it, exactly") {
  QuantileSketch all, first, second;
  for (int i = 1; i <= 1000; ++i) {
    const double v = i % 3 == 0 ? -i * 0.7 : i * 1.3;
    all.add(v);
    (i % 2 ? first : second).add(v);
  }
  first.add(0);
  all.add(0);
  QuantileSketch merged = first;
  merged.merge(second);
  CHECK(merged == all);
  CHECK(merged.quantile(0.5) == all.quantile(0.5));
  // Buckets by hand: one value 1 and one 0, then the median is halfway.
  QuantileSketch two;
  two.add(1.0);
  two.add(0.0);
  CHECK(two.quantile(0.5) == doctest::Approx(QuantileSketch::value_of(0) / 2));
  CHECK(QuantileSketch::value_of(0) == doctest::Approx(2 / (1.01 / 0.99 + 1)));
}

TEST_CASE("the fast bucket is the formula's bucket (what the SQL computes), at boundaries too") {
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> exponent(-9.5, 14.5);
  for (int i = 0; i < 300000; ++i) {
    const double m = std::pow(10.0, exponent(random));
    REQUIRE(QuantileSketch::bucket_of(m) == QuantileSketch::bucket_by_definition(m));
  }
  // Around each boundary gamma^k, a few representable numbers either side.
  for (int k = -1036; k <= 1496; k += 7) {
    double x = std::exp(k * std::log(1.01 / 0.99));
    for (int step = 0; step < 4; ++step) x = std::nextafter(x, 0.0);
    for (int step = 0; step < 8; ++step) {
      CAPTURE(x);
      REQUIRE(QuantileSketch::bucket_of(x) == QuantileSketch::bucket_by_definition(x));
      x = std::nextafter(x, HUGE_VAL);
    }
  }
  // Beyond the table: the formula.
  CHECK(QuantileSketch::bucket_of(1e-12) == QuantileSketch::bucket_by_definition(1e-12));
  CHECK(QuantileSketch::bucket_of(1e300) == QuantileSketch::bucket_by_definition(1e300));
}
