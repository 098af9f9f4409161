#pragma once
// Seeded random numbers shared by the simulation and the scenario sample: the same seed gives the
// same numbers on every machine.

#include <cstdint>

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

}  // namespace opsflow
