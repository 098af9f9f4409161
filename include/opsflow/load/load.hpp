#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "opsflow/base/diagnostic.hpp"
#include "opsflow/model/model.hpp"

namespace opsflow {

struct LoadOptions {
  std::vector<std::string> paths;  // files or directories; empty: the config's paths, else "."
  // The folder `paths` are relative to and the config is looked for in ("" = the working
  // folder); file names in the model and its diagnostics start with it (e.g. another checkout).
  std::string root;
  unsigned threads = 0;  // 0: one per core
  // Files read besides `paths` (analyze --observed FILE); they never change which paths are the
  // default.
  std::vector<std::string> also;
};

struct LoadResult {
  Model model;
  std::vector<Diagnostic> diagnostics;  // schema and file problems, unsorted
  std::size_t files_read = 0;           // YAML files read (opsflow's or not)
};

// Names the config file looks for, in order, in each given folder and then the root folder.
inline constexpr std::string_view kConfigFileNames[] = {"opsflow.yaml", "opsflow.yml"};

// Finds the config, walks the paths, parses every *.yaml/*.yml file in parallel and decodes the
// opsflow documents. Throws Error when a path given on the command line does not exist.
LoadResult load(const LoadOptions& options);

// Parses `text` as the file `path` and appends its documents to `model` (for tests and tools).
// Returns false when the text held no opsflow document.
bool load_from_string(std::string_view text, const std::string& path, Model& model,
                      std::vector<Diagnostic>& diagnostics);

}  // namespace opsflow
