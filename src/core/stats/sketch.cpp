#include "opsflow/stats/sketch.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace opsflow {
namespace {

const double kGamma = (1 + QuantileSketch::kRelativeAccuracy) / (1 - QuantileSketch::kRelativeAccuracy);
const double kLogGamma = std::log(kGamma);

}  // namespace

int QuantileSketch::bucket_of(double magnitude) {
  return static_cast<int>(std::ceil(std::log(magnitude) / kLogGamma));
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
