// Process graphs of any shape, built from the fuzz input: steps of every type and role, decisions
// with branches, `after` lists (cycles and unknown steps included), waits, delays, kept steps,
// three-point durations, optional steps, rework loops and frequencies, through validate and,
// when valid, analyze, the scenarios, simulate and render.

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"

namespace {

const char* const kTypes[] = {"task", "approval", "review", "automated", "decision", "handoff"};
const char* const kDurations[] = {"0s", "5m", "15m", "30m", "1h", "2h", "4h", "1d", "3d", "2w"};
const char* const kRates[] = {"1/day", "5/week", "2/month", "1/quarter", "0/week", "1000/day"};
const char* const kProbabilities[] = {"0", "0.05", "0.2", "0.5", "0.7", "0.95", "1", "30%"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  opsflow::fuzz::Bytes in(data, size);
  unsigned roles = 1 + in.below(4);
  std::string yaml;
  for (unsigned r = 0; r < roles; ++r) {
    unsigned people = in.below(4);
    yaml += fmt::format(
        "apiVersion: opsflow/v1\nkind: Role\nmetadata: {{id: r{}, name: Role {}}}\n"
        "spec: {{headcount: {}, capacity: {}h/week{}}}\n---\n",
        r, r, people, 1 + in.below(40), r > 0 && in.below(2) ? ", backup: r0" : "");
  }
  unsigned processes = 1 + in.below(2);
  for (unsigned p = 0; p < processes; ++p) {
    unsigned steps = 1 + in.below(12);
    yaml += fmt::format(
        "apiVersion: opsflow/v1\nkind: Process\nmetadata: {{id: p{}, name: Process {}, owner: "
        "r0}}\nspec:\n  frequency: {}\n  steps:\n",
        p, p, kRates[in.below(std::size(kRates))]);
    for (unsigned s = 0; s < steps; ++s) {
      unsigned flags = in.byte();
      const char* type = kTypes[in.below(std::size(kTypes))];
      yaml += fmt::format("    - id: s{}\n      name: Step {}{}\n      type: {}\n", s, s,
                          flags & 1 ? " check" : "", type);
      // Decisions (and now and then another step) get branches to later steps, usually
      // summing to 1, sometimes not; a target may be unknown or named twice.
      if (std::string_view(type) == "decision" || in.below(16) == 0) {
        unsigned count = in.below(4);
        if (count > 0) yaml += "      branches:\n";
        const char* const kSplits[][3] = {{"1", "0", "0"},         {"0.7", "0.3", "0"},
                                          {"0.5", "0.25", "0.25"}, {"0.6", "0.3", "0.2"},
                                          {"0", "1", "0"},         {"30%", "70%", "0"}};
        const auto& split = kSplits[in.below(std::size(kSplits))];
        for (unsigned k = 0; k < count; ++k) {
          unsigned target = s + 1 + in.below(steps - s + 1);
          yaml += fmt::format("        - {{to: s{}, probability: {}{}}}\n", target, split[k % 3],
                              in.below(2) ? ", when: a condition" : "");
        }
      }
      if (in.below(8) == 0) yaml += "      delay: 1d\n";
      if (in.below(8) == 0) yaml += "      keep: \"it must stay\"\n";
      if (!(flags & 2)) yaml += fmt::format("      role: r{}\n", in.below(roles));
      if (flags & 4) {
        // Mostly earlier steps; now and then a later one (a cycle) or one that does not exist.
        yaml += "      after: [";
        unsigned count = in.below(3);
        for (unsigned k = 0; k < count; ++k) {
          unsigned target = in.below(steps + 1);
          yaml += fmt::format("{}s{}", k ? ", " : "", target);
        }
        yaml += "]\n";
      }
      if (flags & 8) {
        yaml += fmt::format("      duration: {{min: {}, likely: {}, max: {}}}\n",
                            kDurations[in.below(4)], kDurations[2 + in.below(4)],
                            kDurations[4 + in.below(6)]);
      } else {
        yaml += fmt::format("      duration: {}\n", kDurations[in.below(std::size(kDurations))]);
      }
      if (flags & 16) yaml += fmt::format("      wait: {}\n", kDurations[in.below(10)]);
      if (flags & 32) {
        yaml += fmt::format("      probability: {}\n",
                            kProbabilities[in.below(std::size(kProbabilities))]);
      }
      if (flags & 64) {
        yaml += fmt::format("      rework: {{to: s{}, probability: {}}}\n", in.below(s + 1),
                            kProbabilities[in.below(std::size(kProbabilities))]);
      }
      if (flags & 128) yaml += "      skills: [triage]\n";
    }
    yaml += "---\n";
  }
  opsflow::fuzz::run_pipeline({{"team/graph.yaml", yaml}});
  return 0;
}
