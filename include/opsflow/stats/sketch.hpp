#pragma once
// A mergeable quantile sketch (the logarithmic mapping of DDSketch, Masson et al., VLDB 2019):
// each value is counted in a bucket of relative width 2%, so the value it gives for a rank is
// within 1% of the value at that rank (a quantile between two ranks is interpolated: within 1% of
// the larger of the two in magnitude, which matters only where values cross zero), and two
// sketches over disjoint data merge by adding their counts, exactly. `mine --merge` and the
// shipped SQL build the same buckets (SPEC §6).

#include <cstdint>
#include <vector>

namespace opsflow {

class QuantileSketch {
 public:
  // The relative accuracy of every quantile.
  static constexpr double kRelativeAccuracy = 0.01;
  // Values closer to 0 than this are counted as 0.
  static constexpr double kZeroBelow = 1e-9;
  // The buckets of magnitudes from kZeroBelow to 1e13 (300,000 years of seconds): every duration
  // between two instants of a log. Merged sketches take no others.
  static constexpr int kLowestBucket = -1100;
  static constexpr int kHighestBucket = 1500;

  // The bucket of a magnitude m >= kZeroBelow: ceil(ln(m) / ln(gamma)), gamma = 1.01 / 0.99; the
  // bucket k holds (gamma^(k-1), gamma^k]. The SQL computes the same expression.
  static int bucket_of(double magnitude);
  // The same from the formula itself (bucket_of finds it faster, without a logarithm).
  static int bucket_by_definition(double magnitude);
  // The value a bucket stands for: 2 gamma^k / (gamma + 1), within 1% of anything in it.
  static double value_of(int bucket);

  void add(double value);
  // Adds `count` values to the bucket `bucket` of sign `sign` (-1, 0 for zero, 1).
  void add_bucket(int sign, int bucket, std::uint64_t count);
  void merge(const QuantileSketch& other);

  std::uint64_t count() const { return count_; }
  // The q-quantile (0..1) interpolated between closest ranks as quantile() does, each rank's
  // value the value of its bucket; the sketch must not be empty.
  double quantile(double q) const;

  // Calls f(sign, bucket, count) for every non-empty bucket, from the lowest values up.
  template <class F>
  void each(F&& f) const {
    for (std::size_t i = negative_.size(); i-- > 0;) {
      if (negative_[i]) f(-1, static_cast<int>(i) + negative_offset_, negative_[i]);
    }
    if (zero_) f(0, 0, zero_);
    for (std::size_t i = 0; i < positive_.size(); ++i) {
      if (positive_[i]) f(1, static_cast<int>(i) + positive_offset_, positive_[i]);
    }
  }

  friend bool operator==(const QuantileSketch& a, const QuantileSketch& b);

 private:
  // Dense counts by bucket from an offset, grown as values arrive.
  static void count_in(std::vector<std::uint64_t>& counts, int& offset, int bucket,
                       std::uint64_t n);

  std::vector<std::uint64_t> positive_, negative_;  // negative_ by the bucket of |value|
  int positive_offset_ = 0, negative_offset_ = 0;
  std::uint64_t zero_ = 0, count_ = 0;
};

}  // namespace opsflow
