// The value parsers of SPEC §2 (duration, rate, date, capacity, probability, number) on any text,
// and three-point estimates through the loader: what parses is in range and prints back to
// itself; what does not gets a short message.

#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "opsflow/base/values.hpp"

using opsflow::fuzz::require;

namespace {

template <class T>
void require_short_error(const opsflow::Parsed<T>& parsed, std::string_view what) {
  if (parsed.value) return;
  require(!parsed.error.empty(), fmt::format("{}: failed without a message", what));
  // Values are quoted as excerpts (60 characters, each at most 4 bytes).
  require(parsed.error.size() < 700,
          fmt::format("{}: a {}-byte message", what, parsed.error.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto duration = opsflow::parse_duration(text);
  require_short_error(duration, "duration");
  if (duration.value) {
    double seconds = *duration.value;
    require(std::isfinite(seconds) && seconds >= 0, "a duration negative or not finite");
    // Whole seconds print exactly and parse back to themselves.
    if (seconds == std::floor(seconds)) {
      auto again = opsflow::parse_duration(opsflow::format_duration(seconds));
      require(again.value && *again.value == seconds,
              fmt::format("format_duration({}) = '{}' does not parse back", seconds,
                          opsflow::format_duration(seconds)));
    }
    require(!opsflow::format_duration_approx(seconds).empty(), "an empty approximate duration");
  }

  auto rate = opsflow::parse_rate(text);
  require_short_error(rate, "rate");
  if (rate.value) {
    double per_week = rate.value->per_week();
    require(std::isfinite(per_week) && per_week >= 0 && per_week <= opsflow::kMaxRatePerWeek,
            "a rate outside 0..1e9 a week");
  }

  auto date = opsflow::parse_date(text);
  require_short_error(date, "date");
  if (date.value) {
    std::string printed = opsflow::format_date(date.value->days);
    auto again = opsflow::parse_date(printed);
    require(again.value && again.value->days == date.value->days,
            fmt::format("format_date gives '{}', which does not parse back", printed));
  }

  auto capacity = opsflow::parse_capacity(text);
  require_short_error(capacity, "capacity");
  if (capacity.value) {
    require(*capacity.value >= 0 && *capacity.value <= 168, "a capacity outside 0..168 h/week");
  }

  auto probability = opsflow::parse_probability(text);
  require_short_error(probability, "probability");
  if (probability.value) {
    require(*probability.value >= 0 && *probability.value <= 1, "a probability outside 0..1");
  }

  if (auto number = opsflow::parse_number(text)) require(std::isfinite(*number), "number");

  // Three-point estimates: the text split in three, as a step's min, likely and max.
  if (opsflow::fuzz::valid_utf8(text)) {
    std::size_t a = text.find(';'), b = a == std::string_view::npos ? a : text.find(';', a + 1);
    if (b != std::string_view::npos) {
      using opsflow::fuzz::yaml_quote;
      std::string yaml = fmt::format(
          "apiVersion: opsflow/v1\nkind: Role\nmetadata: {{id: agent, name: Agent}}\n"
          "spec: {{headcount: 2}}\n---\napiVersion: opsflow/v1\nkind: Process\n"
          "metadata: {{id: p, name: P, owner: agent}}\nspec:\n  frequency: 5/week\n  steps:\n"
          "    - id: one\n      name: One\n      role: agent\n"
          "      duration: {{min: {}, likely: {}, max: {}}}\n      wait: {}\n",
          yaml_quote(text.substr(0, a)), yaml_quote(text.substr(a + 1, b - a - 1)),
          yaml_quote(text.substr(b + 1)), yaml_quote(text.substr(b + 1)));
      opsflow::fuzz::run_pipeline({{"team/estimate.yaml", yaml}});
    }
  }
  return 0;
}
