#pragma once
// What the fuzz targets share: the pipeline every command runs on a loaded model (validate,
// analyze, simulate, render, print), with the properties that must hold for any input. A broken
// property aborts with a message, which libFuzzer reports as a crash and keeps the input.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "opsflow/base/diagnostic.hpp"
#include "opsflow/model/model.hpp"

namespace opsflow::fuzz {

// Aborts with `what` when `ok` is false.
void require(bool ok, std::string_view what);

// True when `text` is valid UTF-8 (what the YAML reader guarantees for loaded text).
bool valid_utf8(std::string_view text);

// No terminal control sequence or broken UTF-8 in `out`: every user text was escaped.
void require_printable(const std::string& out, std::string_view what);

// `text` as a YAML double-quoted scalar: any bytes of valid UTF-8 come back unchanged.
std::string yaml_quote(std::string_view text);

// Reads bytes from fuzz input, giving zeros when it runs out.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  // A number in [0, n); n > 0.
  unsigned below(unsigned n) { return byte() % n; }
  bool empty() const { return pos_ >= size_; }
  // The rest of the input.
  std::string_view rest() {
    std::string_view out(reinterpret_cast<const char*>(data_ + pos_), size_ - pos_);
    pos_ = size_;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// Loads `text` as the YAML file `path` into a fresh model (the first Config found is the active
// one), validates it and prints its diagnostics in every format, checking what must hold of
// them. When the model is valid, analyzes, simulates, compares and renders it, checking the
// numbers. `sources` gives the text of every file the diagnostics point into.
void run_pipeline(const std::vector<std::pair<std::string, std::string>>& sources);

}  // namespace opsflow::fuzz
