#pragma once
// The one guarded reader of SPEC §7, for every file opsflow reads (YAML, measurement CSVs, source
// lines for messages, pages it compares): a regular file, or "-" for standard input. A FIFO or a
// device is refused at once, never waited on or read without end; a file above the size limit is
// refused without reading it.

#include <cstdint>
#include <string>

#include "opsflow/base/rules.hpp"

namespace opsflow {

// The size limit for YAML and measurement files.
inline constexpr std::uintmax_t kMaxFileBytes = 64ull * 1024 * 1024;

// A whole file's text, or why it could not be read.
struct InputText {
  std::string text;  // empty when there is a problem
  // When it could not be read: rule::kUnreadableFile or rule::kInputLimit, and the reason
  // ("cannot read: not a regular file", "file is 80.0 MiB, above the limit of 64 MiB; ...").
  Rule rule;
  std::string problem;
  explicit operator bool() const { return problem.empty(); }
};

// Whether a path written in a file stays inside the folder it is relative to: relative, and never
// above it ("data/x.csv" does; "/etc/x", "../x" and "a/../../x" do not).
bool stays_inside(const std::string& path);

// Reads `path` ("-": standard input) whole, at most `limit` bytes. Never throws for a file that
// cannot be read: the problem is in the result.
InputText read_input(const std::string& path, std::uintmax_t limit = kMaxFileBytes);

// Reads the file `name` of the open folder `folder` the same way, never following a symbolic
// link (one is "not a regular file"): for files inside a folder opsflow writes to.
InputText read_input_at(int folder, const std::string& name, std::uintmax_t limit = kMaxFileBytes);

}  // namespace opsflow
