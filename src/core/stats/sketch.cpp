#include "opsflow/stats/sketch.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>
#include <tuple>

namespace opsflow {
namespace {

const double kGamma = 1.01 / 0.99;  // (1 + accuracy) / (1 - accuracy), as the SQL writes it
const double kLogGamma = std::log(1.01 / 0.99);

// The bucket by its definition: what the SQL computes.
int bucket_by_formula(double magnitude) {
  return static_cast<int>(std::ceil(std::log(magnitude) / kLogGamma));
}

// The same bucket found without a logarithm: a table of the smallest magnitude of each bucket,
// found from the formula itself (so the two never disagree, even a hair from a boundary), and a
// first guess from the binary exponent and a quadratic of the mantissa that is at most a bucket
// off. A sketch counts every value of a log: this is most of its cost.
class BucketTable {
 public:
  static constexpr int kLowest = -1100;  // 1e-9 is bucket -1036
  static constexpr int kHighest = 1500;  // 1e13 is bucket 1496

  BucketTable() {
    lowest_.resize(kHighest - kLowest + 2);
    for (int k = kLowest; k <= kHighest + 1; ++k) {
      double x = std::exp((k - 1) * kLogGamma);
      while (bucket_by_formula(x) >= k) x = std::nextafter(x, 0.0);
      while (bucket_by_formula(x) < k) x = std::nextafter(x, HUGE_VAL);
      lowest_[static_cast<std::size_t>(k - kLowest)] = x;
    }
    low_ = lowest_.front();
    high_ = lowest_.back();
  }

  int bucket(double m) const {
    if (!(m >= low_ && m < high_)) return bucket_by_formula(m);
    const auto bits = std::bit_cast<std::uint64_t>(m);
    const int exponent = static_cast<int>(bits >> 52) - 1023;
    const double mantissa =
        std::bit_cast<double>((bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull) - 1;
    const double log2 = exponent + mantissa * (1.3465 - 0.3465 * mantissa);
    int k = static_cast<int>(std::ceil(log2 * (std::numbers::ln2 / kLogGamma)));
    k = std::clamp(k, kLowest, kHighest);
    while (k < kHighest && m >= at(k + 1)) ++k;
    while (k > kLowest && m < at(k)) --k;
    return k;
  }

 private:
  double at(int k) const { return lowest_[static_cast<std::size_t>(k - kLowest)]; }
  std::vector<double> lowest_;  // the smallest magnitude in bucket k, from kLowest
  double low_ = 0, high_ = 0;
};

const BucketTable& table() {
  static const BucketTable kTable;
  return kTable;
}

}  // namespace

int QuantileSketch::bucket_of(double magnitude) {
  return table().bucket(magnitude);
}

int QuantileSketch::bucket_by_definition(double magnitude) {
  return bucket_by_formula(magnitude);
}

double QuantileSketch::value_of(int bucket) {
  return 2 * std::pow(kGamma, bucket) / (kGamma + 1);
}

void QuantileSketch::count_in(std::vector<std::uint64_t>& counts, int& offset, int bucket,
                              std::uint64_t n) {
  if (counts.empty()) {
    offset = bucket;
    counts.assign(1, 0);
  } else if (bucket < offset) {
    counts.insert(counts.begin(), static_cast<std::size_t>(offset - bucket), 0);
    offset = bucket;
  } else if (bucket - offset >= static_cast<int>(counts.size())) {
    counts.resize(static_cast<std::size_t>(bucket - offset) + 1, 0);
  }
  counts[static_cast<std::size_t>(bucket - offset)] += n;
}

void QuantileSketch::add(double value) {
  const double magnitude = std::fabs(value);
  if (magnitude < kZeroBelow) {
    ++zero_;
  } else if (value > 0) {
    count_in(positive_, positive_offset_, bucket_of(magnitude), 1);
  } else {
    count_in(negative_, negative_offset_, bucket_of(magnitude), 1);
  }
  ++count_;
}

void QuantileSketch::add_bucket(int sign, int bucket, std::uint64_t n) {
  if (n == 0) return;
  if (sign == 0)
    zero_ += n;
  else if (sign > 0)
    count_in(positive_, positive_offset_, bucket, n);
  else
    count_in(negative_, negative_offset_, bucket, n);
  count_ += n;
}

void QuantileSketch::merge(const QuantileSketch& other) {
  other.each([&](int sign, int bucket, std::uint64_t n) { add_bucket(sign, bucket, n); });
}

double QuantileSketch::quantile(double q) const {
  // The values of ranks lo and lo + 1 in one walk from the lowest bucket.
  const double rank = q * static_cast<double>(count_ - 1);
  const auto lo = static_cast<std::uint64_t>(std::floor(rank));
  const std::uint64_t hi = std::min(lo + 1, count_ - 1);
  double at_lo = 0, at_hi = 0;
  std::uint64_t seen = 0;
  bool found_lo = false, found_hi = false;
  each([&](int sign, int bucket, std::uint64_t n) {
    if (found_hi) return;
    const double v = sign == 0 ? 0 : sign * value_of(bucket);
    seen += n;
    if (!found_lo && lo < seen) {
      at_lo = v;
      found_lo = true;
    }
    if (hi < seen) {
      at_hi = v;
      found_hi = true;
    }
  });
  return at_lo + (rank - static_cast<double>(lo)) * (at_hi - at_lo);
}

bool operator==(const QuantileSketch& a, const QuantileSketch& b) {
  if (a.count_ != b.count_) return false;
  std::vector<std::tuple<int, int, std::uint64_t>> left, right;
  a.each([&](int s, int k, std::uint64_t n) { left.emplace_back(s, k, n); });
  b.each([&](int s, int k, std::uint64_t n) { right.emplace_back(s, k, n); });
  return left == right;
}

}  // namespace opsflow
