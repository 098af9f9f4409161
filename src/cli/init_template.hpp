#pragma once
// The small working repository `opsflow init` writes: a Config, two roles, a process with a
// decision, a goal, a metric with a month of data, the editor schema, a GitHub workflow and a
// pre-commit configuration.

#include <cstdint>
#include <string>
#include <vector>

namespace opsflow::cli {

struct InitFile {
  std::string path;  // relative to the new repository, '/'-separated
  std::string text;
};

// The files, dated from `today` (days since 1970-01-01): the data is the month before it, and the
// goal runs from then to four months after. `schema_json` is written as .opsflow/schema.json.
std::vector<InitFile> init_files(std::int64_t today, const std::string& schema_json);

}  // namespace opsflow::cli
