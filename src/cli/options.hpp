#pragma once
// Helpers to declare options the same way in every command.

#include <CLI/CLI.hpp>
#include <fmt/format.h>

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

}  // namespace opsflow::cli
