#pragma once
// Helpers to declare options the same way in every command.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace opsflow::cli {

// An option taking one of `choices`; --help shows "--name a|b|c" and the default.
inline CLI::Option* add_choice(CLI::App& command, const std::string& name, std::string& target,
                               const std::vector<std::string>& choices, const std::string& help) {
  std::string list = fmt::format("{}", fmt::join(choices, "|"));
  return command.add_option(name, target, fmt::format("{} (default: {})", help, target))
      ->check(CLI::IsMember(choices).description(""))
      ->type_name(list);
}

// The PATH... positional every command that reads the files takes.
inline void add_paths(CLI::App& command, std::vector<std::string>& paths) {
  command
      .add_option("paths", paths, "Files or folders to read (default: the Config's paths, else .)")
      ->type_name("PATH");
}

}  // namespace opsflow::cli
