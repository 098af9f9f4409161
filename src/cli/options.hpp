#pragma once
// Helpers to declare options the same way in every command.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "opsflow/base/enums.hpp"
#include "opsflow/base/text.hpp"

namespace opsflow::cli {

// The output formats of the commands; each command offers some of them.
enum class Format : std::uint8_t { Text, Json, Sarif, Github, Markdown, Csv, Mermaid, Dot };
std::span<const EnumName<Format>> enum_table(Format);

namespace detail {

// Accepts the spellings of `choices`; anything else is "'x' is not one of a, b, c" with a
// did-you-mean.
template <class E>
CLI::Option* add_enum_option(CLI::App& command, const std::string& name,
                             const std::vector<E>& choices, const std::string& description,
                             std::function<void(E)> store) {
  std::vector<std::string_view> names;
  for (E choice : choices) names.push_back(enum_name(choice));
  std::string list = fmt::format("{}", fmt::join(names, "|"));
  auto parse = [names, choices](const std::string& text) -> std::optional<E> {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == text) return choices[i];
    }
    return std::nullopt;
  };
  CLI::Validator member(
      [names, parse](std::string& text) {
        if (parse(text)) return std::string();
        return fmt::format("'{}' is not one of {}{}", text, fmt::join(names, ", "),
                           did_you_mean_suffix(text, names));
      },
      "");
  return command
      .add_option_function<std::string>(
          name, [store, parse](const std::string& text) { store(*parse(text)); }, description)
      ->check(member)
      ->type_name(list);
}

}  // namespace detail

// An option taking one of `choices` into `target`; --help shows "--name a|b|c" and the default.
template <class E>
requires std::is_enum_v<E> CLI::Option* add_choice(CLI::App& command, const std::string& name,
                                                   E& target, const std::vector<E>& choices,
                                                   const std::string& help) {
  return detail::add_enum_option<E>(command, name, choices,
                                    fmt::format("{} (default: {})", help, enum_name(target)),
                                    [&target](E value) { target = value; });
}

// The same for an option without a fixed default: `help` says what happens without it.
template <class E>
CLI::Option* add_choice(CLI::App& command, const std::string& name, std::optional<E>& target,
                        const std::vector<E>& choices, const std::string& help) {
  return detail::add_enum_option<E>(command, name, choices, help,
                                    [&target](E value) { target = value; });
}

// Accepts a whole number from `min` to `max`, checked on the text (a conversion would clamp or
// wrap what does not fit); anything else is "'abc' is not a whole number from 1 to 1000000".
inline CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  return CLI::Validator(
      [min, max](const std::string& text) {
        std::uint64_t value = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error == std::errc() && end == text.data() + text.size() && value >= min &&
            value <= max)
          return std::string();
        return fmt::format("'{}' is not a whole number from {} to {}", text, min, max);
      },
      "");
}

// Accepts one of `names`; anything else is "'x' is not one of a, b, c" with a did-you-mean.
inline CLI::Validator one_of(std::vector<std::string_view> names) {
  return CLI::Validator(
      [names](const std::string& text) {
        if (std::find(names.begin(), names.end(), text) != names.end()) return std::string();
        return fmt::format("'{}' is not one of {}{}", text, fmt::join(names, ", "),
                           did_you_mean_suffix(text, names));
      },
      "");
}

// --jobs N: the worker threads of a command that uses several (0, the default: the CPUs this
// process may use). Output never depends on it.
inline void add_jobs(CLI::App& command, unsigned& jobs) {
  command
      .add_option("--jobs", jobs,
                  "Worker threads, 1 to 1024 (default: the CPUs this process may use)")
      ->type_name("N")
      ->check(whole_number(1, 1024));
}

// The PATH... positional every command that reads the files takes.
inline void add_paths(CLI::App& command, std::vector<std::string>& paths) {
  command
      .add_option("paths", paths,
                  "Files or folders; inside a repository they select what is reported (default: "
                  "the repository the current folder is in)")
      ->type_name("PATH");
}

}  // namespace opsflow::cli
