// opsflow completion: shell completion scripts, and the ids they complete.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>

#include "commands.hpp"
#include "completion.hpp"
#include "opsflow/load/load.hpp"
#include "options.hpp"

namespace opsflow::cli {
namespace {

struct CompletionOptions {
  std::string shell;
  std::string list;
};

// The process ids of the repository found from the working folder, one per line: what the
// scripts offer after --process. Quiet: a tab press never prints errors.
void list_processes(Io& io) {
  std::vector<std::string> ids;
  try {
    LoadResult loaded = load(LoadOptions{});
    for (const Process& p : loaded.model.processes) {
      if (p.meta.id) ids.push_back(p.meta.id.value);
    }
  } catch (const Error&) {
    return;
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (const std::string& id : ids) io.out << id << "\n";
}

int run_completion(const CompletionOptions& options, Io& io) {
  if (!options.list.empty()) {
    if (!options.shell.empty()) throw Error("completion: give a shell or --list, not both");
    list_processes(io);
    return kExitOk;
  }
  if (options.shell.empty()) throw Error("completion: which shell? bash, zsh or fish");
  GlobalOptions globals;
  std::vector<Runner> runners;
  auto app = build_app(globals, runners);
  io.out << completion_script(completion_model(*app), options.shell);
  return kExitOk;
}

}  // namespace

Runner setup_completion(CLI::App& command) {
  auto options = std::make_shared<CompletionOptions>();
  command.add_option("shell", options->shell, "The shell to complete in")
      ->type_name("bash|zsh|fish")
      ->check(one_of({"bash", "zsh", "fish"}));
  command
      .add_option("--list", options->list,
                  "Print the ids the scripts complete, from the repository here: process")
      ->type_name("process")
      ->check(one_of({"process"}));
  return [options](Io& io) { return run_completion(*options, io); };
}

}  // namespace opsflow::cli
