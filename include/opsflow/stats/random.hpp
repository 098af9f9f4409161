#pragma once
// Seeded random numbers shared by the simulation and the scenario sample: the same seed gives the
// same numbers on every machine.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace opsflow {

// splitmix64: advances `state` and returns the next 64 random bits.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Uniform in [0, 1) from `state`.
inline double uniform01(std::uint64_t& state) {
  return static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53;
}

// The option `u01` (uniform in [0, 1)) falls on when options are laid end to end by weight: the
// first whose cumulative weight exceeds u01 x the total (the last one if rounding leaves none).
inline std::size_t pick_by_weight(const std::vector<double>& weights, double u01) {
  double total = 0;
  for (double w : weights) total += w;
  double u = u01 * total, acc = 0;
  for (std::size_t k = 0; k < weights.size(); ++k) {
    acc += weights[k];
    if (u < acc) return k;
  }
  return weights.size() - 1;
}

}  // namespace opsflow
