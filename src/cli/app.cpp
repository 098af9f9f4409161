#include "app.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <regex>

#include "commands.hpp"
#include "help.hpp"
#include "opsflow/base/diagnostic.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/revision.hpp"
#include "opsflow/version.hpp"

namespace opsflow::cli {

std::span<const CommandSpec> commands() {
  static const CommandSpec kCommands[] = {
      {"validate", "Lint the files: schema, references, cycles, RACI, SMART goals", setup_validate},
      {"analyze", "Find the bottlenecks and what fixing each is worth", setup_analyze},
      {"render", "Write SOPs, a role handbook and an index as Markdown", setup_render},
      {"report", "KPI report: goal progress, status, trend, before/after a change", setup_report},
      {"mine", "What really happens, from an event log: cases, waits, variants, bottlenecks",
       setup_mine},
      {"graph", "Print a process's flowchart as Mermaid or Graphviz DOT", setup_graph},
      {"rules", "List every rule with its default severity and what it checks", setup_rules},
      {"init", "Create a small working repository to start from, in a new or empty folder",
       setup_init},
      {"schema", "Print the JSON Schema of the files, for editors (draft-07)", setup_schema},
      {"completion", "Print a completion script for bash, zsh or fish", setup_completion},
  };
  return kCommands;
}

std::string version_text() {
  std::string_view revision = kRevision;
  return revision.empty() ? fmt::format("opsflow {}", kVersion)
                          : fmt::format("opsflow {} ({})", kVersion, revision);
}

std::unique_ptr<CLI::App> build_app(GlobalOptions& globals, std::vector<Runner>& runners) {
  auto app = std::make_unique<CLI::App>(
      "opsflow keeps an operations team's goals, metrics, processes and roles as YAML and checks, "
      "analyses and documents them.",
      "opsflow");
  app->formatter(std::make_shared<HelpFormatter>());  // the commands added below inherit it
  app->set_version_flag("--version", version_text,
                        "Print the version and the git revision it was built from, and exit");
  app->add_flag("--no-color", globals.no_color, "Never colour the output (also: NO_COLOR set)");
  app->add_flag("-q,--quiet", globals.quiet, "Print only the results, no summary line");
  app->add_option("-C", globals.directory, "Run as if started in DIR")->type_name("DIR");
  app->require_subcommand(1);
  app->fallthrough();
  runners.clear();
  runners.reserve(commands().size());
  for (const CommandSpec& spec : commands()) {
    CLI::App* sub = app->add_subcommand(std::string(spec.name), std::string(spec.summary));
    runners.push_back(spec.setup(*sub));
  }
  return app;
}

namespace {

// The first word that is not an option (nor -C's value): what the user meant as the command.
std::string command_word(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-C") {
      ++i;
    } else if (!args[i].starts_with("-")) {
      return args[i];
    }
  }
  return {};
}

// "unknown option '--fromat' (did you mean '--format'?)" for the first option in `args` that
// neither the command `word` nor the global options know; empty when there is none.
std::string unknown_option(CLI::App& app, const std::string& word,
                           const std::vector<std::string>& args) {
  std::vector<std::string> names;
  auto collect = [&](const CLI::App& from) {
    for (const CLI::Option* option : from.get_options()) {
      for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
      for (const std::string& name : option->get_snames()) names.push_back("-" + name);
    }
  };
  collect(app);
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == word) collect(*sub);
  }
  std::vector<std::string_view> candidates(names.begin(), names.end());
  for (const std::string& arg : args) {
    if (!arg.starts_with("-") || arg == "-" || arg == "--") continue;
    std::string name = arg.substr(0, arg.find('='));
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    return fmt::format("unknown option '{}'{}", name, did_you_mean_suffix(name, candidates));
  }
  return {};
}

// CLI11's message for a usage error, said in opsflow's words ("--top needs a value (K)" rather
// than "--top: 1 required K:UINT in [0 - 1000000] missing").
std::string usage_error(const CLI::ParseError& e, CLI::App& app, const std::string& word,
                        const std::vector<std::string>& args) {
  const std::string what = e.what();
  const std::string command = word.empty() ? "opsflow" : word;
  if (dynamic_cast<const CLI::ExtrasError*>(&e) || what == "A subcommand is required") {
    if (std::string unknown = unknown_option(app, word, args); !unknown.empty()) return unknown;
    if (what == "A subcommand is required") return "no command given";
    std::string extra = what.substr(what.find(':') + 1);
    while (extra.starts_with(' ')) extra.erase(0, 1);
    return fmt::format("unexpected argument{} for {}: {}",
                       extra.find(' ') == std::string::npos ? "" : "s", command, extra);
  }
  std::smatch m;
  const std::string text = what;
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    static const std::regex at_most(R"(^(\S+): At Most (\d+) required but received (\d+)$)");
    static const std::regex missing(R"(^(\S+): \d+ required (\S+?)(:.*)? missing$)");
    if (std::regex_match(text, m, at_most)) {
      return fmt::format("{} is given {} times; {} takes it once", m[1].str(), m[3].str(), command);
    }
    if (std::regex_match(text, m, missing))
      return fmt::format("{} needs a value ({})", m[1].str(), m[2].str());
  }
  if (dynamic_cast<const CLI::RequiredError*>(&e)) {
    static const std::regex required(R"(^(\S+) is required$)");
    if (std::regex_match(text, m, required)) return fmt::format("{} needs {}", command, m[1].str());
  }
  if (dynamic_cast<const CLI::ConversionError*>(&e)) {
    static const std::regex conversion(R"(^Could not convert: (\S+) = (.*)$)");
    if (std::regex_match(text, m, conversion))
      return fmt::format("{}: '{}' is not a valid value", m[1].str(), m[2].str());
  }
  return what;
}

// "opsflow: error: MESSAGE\n"; on a terminal, a long message goes on in lines indented by 4.
std::string message_text(std::string_view lead, std::string_view message, bool wrap) {
  return fmt::format("{}{}\n", lead,
                     wrap_after(message, lead.size(), "    ", wrap ? kTerminalWidth : 0));
}

}  // namespace

void Io::say(std::string_view kind, std::string_view text) const {
  err << message_text(fmt::format("opsflow: {}: ", kind), text, err_is_terminal);
}

Retained::~Retained() {
  if (!abandon_) return;
  // Reachable from a global, so leak checkers do not report it; never destroyed.
  static auto* abandoned = new std::vector<std::shared_ptr<void>>();
  std::move(items_.begin(), items_.end(), std::back_inserter(*abandoned));
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        bool stdout_is_terminal, bool process_exits_after) {
  std::string word = command_word(args);
  // A person reads standard error: messages wrap, progress lines show.
  const bool err_is_terminal = process_exits_after && isatty(STDERR_FILENO) == 1;
  std::vector<std::string_view> names;
  for (const CommandSpec& spec : commands()) names.push_back(spec.name);
  if (!word.empty() && std::find(names.begin(), names.end(), word) == names.end()) {
    err << fmt::format("opsflow: error: unknown command '{}'{}\n", word,
                       did_you_mean_suffix(word, names));
    err << "Run 'opsflow --help' for the list of commands.\n";
    return kExitUsage;
  }
  GlobalOptions globals;
  std::vector<Runner> runners;
  auto app = build_app(globals, runners);
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app->parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app->exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app->exit(e, out, err);
  } catch (const CLI::CallForVersion& e) {
    return app->exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    err << message_text("opsflow: error: ", usage_error(e, *app, word, args), err_is_terminal);
    err << fmt::format("Run 'opsflow {}--help' for usage.\n", word.empty() ? "" : word + " ");
    return kExitUsage;
  }
  const char* no_color_env = std::getenv("NO_COLOR");
  bool color = stdout_is_terminal && !globals.no_color && !(no_color_env && *no_color_env);
  Retained retained(process_exits_after);
  Io io{out, err, color, globals.quiet, retained, err_is_terminal, stdout_is_terminal};
  try {
    if (!globals.directory.empty()) {
      std::error_code ec;
      std::filesystem::current_path(globals.directory, ec);
      if (ec)
        throw Error(
            fmt::format("cannot change to directory '{}': {}", globals.directory, ec.message()));
    }
    const auto subs = app->get_subcommands();
    for (std::size_t i = 0; i < commands().size(); ++i) {
      if (!subs.empty() && subs.front()->get_name() == commands()[i].name) return runners[i](io);
    }
    err << "opsflow: error: no command given\n";
    return kExitUsage;
  } catch (const Error& e) {
    io.say("error", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    io.say("internal error", e.what());
    return kExitUsage;
  }
}

}  // namespace opsflow::cli
