#include "opsflow/base/parallel.hpp"

#include <sched.h>

#include <cmath>
#include <optional>
#include <string>

#include "opsflow/base/input.hpp"
#include "opsflow/base/values.hpp"

namespace opsflow {
namespace {

// The first line of a small kernel file, or "".
std::string first_line(const char* path) {
  InputText in = read_input(path, 4096);
  return in.text.substr(0, in.text.find('\n'));
}

// CPUs allowed by a cgroup quota: v2 "cpu.max" ("max 100000" or "200000 100000"), else v1's
// cfs_quota_us / cfs_period_us; nullopt without a quota.
std::optional<double> quota_cpus() {
  std::string max = first_line("/sys/fs/cgroup/cpu.max");
  if (!max.empty()) {
    std::size_t space = max.find(' ');
    auto quota = parse_number(max.substr(0, space));
    auto period = space == std::string::npos ? std::nullopt : parse_number(max.substr(space + 1));
    if (quota && period && *quota > 0 && *period > 0) return *quota / *period;
    return std::nullopt;
  }
  auto quota = parse_number(first_line("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"));
  auto period = parse_number(first_line("/sys/fs/cgroup/cpu/cpu.cfs_period_us"));
  if (quota && period && *quota > 0 && *period > 0) return *quota / *period;
  return std::nullopt;
}

unsigned count_cpus() {
  unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    cpus = std::max(1, CPU_COUNT(&set));
  }
  if (std::optional<double> quota = quota_cpus()) {
    cpus = std::min(cpus, static_cast<unsigned>(std::max(1.0, std::ceil(*quota))));
  }
  return cpus;
}

}  // namespace

unsigned available_cpus() {
  static const unsigned cpus = count_cpus();
  return cpus;
}

}  // namespace opsflow
