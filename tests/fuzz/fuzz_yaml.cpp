// A YAML file of any content through load, validate, the diagnostics printers and, when the
// model is valid, analyze, simulate and render (seeds: examples/ and the test fixtures).

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  opsflow::fuzz::run_pipeline({{"team/fuzz.yaml", text}});
  return 0;
}
