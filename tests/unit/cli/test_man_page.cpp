// opsflow(1) must document exactly the commands and options that --help shows, and opsflow(5)
// and the README every field of the file format.
#include <doctest/doctest.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "app.hpp"
#include "init_template.hpp"
#include "opsflow/load/fields.hpp"

namespace {

std::string read_man_page(const std::string& name = "opsflow.1") {
  std::ifstream in(std::string(OPSFLOW_SOURCE_DIR) + "/man/" + name);
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
  // The next .Ss or .Sh ends it; a cross-reference (.Sx) inside does not.
  std::size_t end = std::min(man.find("\n.Ss", start), man.find("\n.Sh", start));
  return man.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The text of the top-level section starting at `header` (e.g. ".Sh COMMANDS") up to the next .Sh.
std::string top_section(const std::string& man, const std::string& header) {
  std::size_t start = man.find("\n" + header + "\n");
  if (start == std::string::npos) return {};
  start += header.size() + 2;
  std::size_t end = man.find("\n.Sh ", start);
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
  std::string section_commands = top_section(man, ".Sh COMMANDS");
  REQUIRE_FALSE(section_commands.empty());
  std::size_t pos = 0;
  while ((pos = section_commands.find("\n.Ss ", pos)) != std::string::npos) {
    pos += 5;
    std::string name = section_commands.substr(pos, section_commands.find('\n', pos) - pos);
    CHECK_MESSAGE(commands.contains(name), "man page documents unknown command " << name);
  }
}

TEST_CASE("opsflow(5) lists every field of every mapping, and nothing else") {
  std::string format = top_section(read_man_page("opsflow.5"), ".Sh DOCUMENTS");
  REQUIRE_FALSE(format.empty());
  for (const auto& shape : opsflow::enum_table(opsflow::Shape{})) {
    CAPTURE(shape.name);
    std::string text = section("\n" + format, ".Ss " + std::string(shape.name));
    REQUIRE_FALSE(text.empty());
    std::vector<std::string> expected, documented;
    for (const opsflow::FieldInfo& f : opsflow::fields_of(shape.value))
      expected.emplace_back(f.name);
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      if (!line.starts_with(".It Cm ")) continue;
      std::string name = line.substr(7, line.find(' ', 7) - 7);
      std::string plain;
      for (std::size_t i = 0; i < name.size(); ++i) {
        if (name.compare(i, 2, "\\-") == 0) ++i;
        plain += name[i];
      }
      documented.push_back(plain);
    }
    CHECK(documented == expected);
  }
}

TEST_CASE("the README's file format table names every field of every mapping") {
  std::ifstream in(std::string(OPSFLOW_SOURCE_DIR) + "/README.md");
  REQUIRE(in);
  std::string line;
  std::map<std::string, std::string> rows;  // first cell -> the rest of the row
  while (std::getline(in, line)) {
    if (!line.starts_with("| ")) continue;
    std::size_t end = line.find(" |", 2);
    if (end == std::string::npos) continue;
    rows[line.substr(2, end - 2)] = line.substr(end);
  }
  for (const auto& shape : opsflow::enum_table(opsflow::Shape{})) {
    CAPTURE(shape.name);
    auto row = rows.find(std::string(shape.name));
    REQUIRE_MESSAGE(row != rows.end(), "README has no format row for " << shape.name);
    for (const opsflow::FieldInfo& f : opsflow::fields_of(shape.value)) {
      CHECK_MESSAGE(row->second.find("`" + std::string(f.name) + "`") != std::string::npos,
                    "README's row for " << shape.name << " does not name " << f.name);
    }
  }
}

TEST_CASE("the README shows the workflow opsflow init writes, as it writes it") {
  std::ifstream in(std::string(OPSFLOW_SOURCE_DIR) + "/README.md");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const std::string marker = "<!-- the workflow opsflow init writes -->\n```yaml\n";
  std::size_t start = readme.find(marker);
  REQUIRE(start != std::string::npos);
  start += marker.size();
  const std::string shown = readme.substr(start, readme.find("```\n", start) - start);
  std::string written;
  for (const opsflow::cli::InitFile& f : opsflow::cli::init_files(20'000, "{}")) {
    if (f.path == ".github/workflows/opsflow.yml") written = f.text;
  }
  CHECK(shown == written);
}
