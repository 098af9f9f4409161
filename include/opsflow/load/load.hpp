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
  // The name standard input (a PATH "-") is read as: a file of the repository it is read in
  // place of (an editor's unsaved buffer); "" = "<stdin>", found from the working folder.
  std::string stdin_name;
};

struct LoadResult {
  Model model;
  std::vector<Diagnostic> diagnostics;  // schema and file problems, unsorted
  std::size_t files_read = 0;           // YAML files read (opsflow's or not)
  // SPEC §2: PATHs inside a repository select what is reported while the whole repository is
  // loaded. The selected files and folders as named in the model; empty: everything is reported.
  std::vector<std::string> selected;
  // PATHs skipped because the Config excludes them (when PATHs select), as given.
  std::vector<std::string> excluded_paths;
  // What standard input held (a PATH "-") and the name it was read as, for showing its lines.
  std::string stdin_name, stdin_text;
};

// Whether problems of `file` (a name in the model or its diagnostics) are reported, given the
// `selected` files and folders of a LoadResult.
bool is_selected(const std::vector<std::string>& selected, const std::string& file);

// The names of the config file, in the order they are looked for in each folder.
inline constexpr std::string_view kConfigFileNames[] = {"opsflow.yaml", "opsflow.yml"};

// Finds the config (upward from the working folder, or from the paths), walks the paths (or the
// whole repository, when the paths lie inside one and select part of it), parses every
// *.yaml/*.yml file in parallel and decodes the opsflow documents. A path "-" is standard input.
// Throws Error when a path given on the command line does not exist, or the paths lie in
// different repositories.
LoadResult load(const LoadOptions& options);

// Parses `text` as the file `path` and appends its documents to `model` (for tests and tools).
// Returns false when the text held no opsflow document.
bool load_from_string(std::string_view text, const std::string& path, Model& model,
                      std::vector<Diagnostic>& diagnostics);

}  // namespace opsflow
