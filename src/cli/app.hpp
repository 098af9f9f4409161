#pragma once
// The command-line front end: one table of commands, parsed with CLI11.

#include <functional>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "style.hpp"

namespace CLI {
class App;
}

namespace opsflow::cli {

// Exit codes of SPEC §3.
inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitUsage = 2;

// Options every command understands.
struct GlobalOptions {
  bool no_color = false;
  bool quiet = false;
  std::string directory;
};

// Large objects a command hands over so that they live until run() returns. When the process
// exits right after (as from main), they are never freed: the operating system takes the memory
// back at once, while freeing a big model and its analysis allocation by allocation took a tenth
// of the run. Elsewhere (tests calling run()) they are destroyed normally.
class Retained {
 public:
  explicit Retained(bool abandon_at_end) : abandon_(abandon_at_end) {}
  Retained(const Retained&) = delete;
  Retained& operator=(const Retained&) = delete;
  ~Retained();

  // Takes `object` over and returns where it now lives.
  template <class T>
  T& keep(T&& object) {
    auto owned = std::make_shared<std::remove_cvref_t<T>>(std::forward<T>(object));
    auto& where = *owned;
    items_.push_back(std::move(owned));
    return where;
  }

 private:
  bool abandon_;
  std::vector<std::shared_ptr<void>> items_;
};

// Where a command writes: results to `out`, messages to `err`; `color` for `out` only. Large
// results go to `retained`.
struct Io {
  std::ostream& out;
  std::ostream& err;
  bool color = false;
  bool quiet = false;
  Retained& retained;
  bool err_is_terminal = false;  // for progress lines, never in output
  bool out_is_terminal = false;  // a person reads the output: lines fit kTerminalWidth

  // Says "opsflow: KIND: TEXT" on standard error (KIND: error, note), wrapped on a terminal.
  void say(std::string_view kind, std::string_view text) const;
};

// Runs a parsed command and returns its exit code.
using Runner = std::function<int(Io&)>;

// One command: its name, one-line summary and the function that declares its options on the
// CLI11 sub-app and returns the code that runs it.
struct CommandSpec {
  std::string_view name;
  std::string_view summary;
  Runner (*setup)(CLI::App& command);
};

// The table of commands, in the order --help lists them.
std::span<const CommandSpec> commands();

// Builds the whole CLI (for --help, the man page test and completion).
// "opsflow 0.1.0 (1a2b3c4d5e6f)": the version and the git revision of the build (--version).
std::string version_text();

std::unique_ptr<CLI::App> build_app(GlobalOptions& globals, std::vector<Runner>& runners);

// Parses `args` (without the program name), runs the command, returns the exit code.
// `stdout_is_terminal` decides colour together with NO_COLOR and --no-color. With
// `process_exits_after`, large results are left for the operating system to reclaim.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        bool stdout_is_terminal, bool process_exits_after = false);

}  // namespace opsflow::cli
