// The man page must document exactly the commands and options that --help shows.
#include <doctest/doctest.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "app.hpp"

namespace {

std::string read_man_page() {
  std::ifstream in(std::string(OPSFLOW_SOURCE_DIR) + "/man/opsflow.1");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The text of the section starting at `header` (e.g. ".Ss validate") up to the next .Ss or .Sh.
std::string section(const std::string& man, const std::string& header) {
  std::size_t start = man.find("\n" + header + "\n");
  if (start == std::string::npos) return {};
  start += header.size() + 2;
  std::size_t end = man.find("\n.S", start);
  return man.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Option names listed as ".It Fl ..." items (and ", Fl ..." aliases on the same line).
std::set<std::string> documented_options(const std::string& text) {
  std::set<std::string> names;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.starts_with(".It Fl ")) continue;
    std::size_t pos = 0;
    while ((pos = line.find("Fl ", pos)) != std::string::npos) {
      pos += 3;
      std::string name = "-";
      while (pos < line.size() && line[pos] != ' ') {
        if (line.compare(pos, 2, "\\-") == 0) {
          name += '-';
          pos += 2;
        } else {
          name += line[pos++];
        }
      }
      names.insert(name);
    }
  }
  return names;
}

std::set<std::string> cli_options(const CLI::App& app) {
  std::set<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_positional()) continue;
    for (const std::string& s : option->get_snames()) names.insert("-" + s);
    for (const std::string& l : option->get_lnames()) names.insert("--" + l);
  }
  return names;
}

}  // namespace

TEST_CASE("man page documents every command and option, and nothing else") {
  std::string man = read_man_page();
  opsflow::cli::GlobalOptions globals;
  std::vector<opsflow::cli::Runner> runners;
  auto app = opsflow::cli::build_app(globals, runners);

  CHECK(documented_options(section(man, ".Sh GLOBAL OPTIONS")) == cli_options(*app));
  std::set<std::string> commands;
  for (const CLI::App* sub : app->get_subcommands({})) {
    const std::string& name = sub->get_name();
    commands.insert(name);
    CAPTURE(name);
    std::string text = section(man, ".Ss " + name);
    REQUIRE_FALSE(text.empty());
    std::set<std::string> expected = cli_options(*sub);
    expected.erase("-h");
    expected.erase("--help");
    CHECK(documented_options(text) == expected);
  }
  // Every documented command exists.
  std::size_t pos = 0;
  while ((pos = man.find("\n.Ss ", pos)) != std::string::npos) {
    pos += 5;
    std::string name = man.substr(pos, man.find('\n', pos) - pos);
    CHECK_MESSAGE(commands.contains(name), "man page documents unknown command " << name);
  }
}
