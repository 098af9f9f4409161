#pragma once
// Shell completion for bash, zsh and fish, generated from the same CLI11 app as --help (the
// command table of app.cpp), so the commands, options and choices a shell offers are the ones
// opsflow accepts.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace opsflow::cli {

// What an option's value (or a command's positional argument) completes to.
enum class ValueKind { None, Choice, File, Folder, ProcessId, Any };

struct CompletionOption {
  std::vector<std::string> names;  // "--format", "-q"
  std::string help;
  ValueKind value = ValueKind::None;
  std::vector<std::string> choices;  // for Choice
};

struct CompletionCommand {
  std::string name;  // "" for the global options
  std::string help;
  std::vector<CompletionOption> options;
  ValueKind positional = ValueKind::None;  // what its positional arguments are
  std::vector<std::string> positional_choices;
};

// The global options first (name ""), then each command, as `app` declares them.
std::vector<CompletionCommand> completion_model(const CLI::App& app);

// The completion script for `shell` ("bash", "zsh" or "fish"). Process ids come from running
// `opsflow completion --list process` in the folder being completed in.
std::string completion_script(const std::vector<CompletionCommand>& commands,
                              const std::string& shell);

}  // namespace opsflow::cli
