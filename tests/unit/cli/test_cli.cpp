// In-process runs of the CLI for what golden files cannot show: colour on a terminal, files
// written besides the output.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include "app.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/revision.hpp"
#include "opsflow/version.hpp"
#include "output.hpp"

namespace {

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run(const std::vector<std::string>& args, bool terminal) {
  std::ostringstream out, err;
  int code = opsflow::cli::run(args, out, err, terminal);
  return {code, out.str(), err.str()};
}

const std::string kBroken = std::string(OPSFLOW_SOURCE_DIR) + "/tests/cli/readme-tour/input";

}  // namespace

TEST_CASE("colour only on a terminal, never with NO_COLOR or --no-color") {
  unsetenv("NO_COLOR");
  Result tty = run({"validate", kBroken}, true);
  CHECK(tty.code == 1);
  CHECK(tty.out.find("\x1b[1;31merror\x1b[0m") != std::string::npos);

  CHECK(run({"validate", kBroken}, false).out.find('\x1b') == std::string::npos);
  CHECK(run({"--no-color", "validate", kBroken}, true).out.find('\x1b') == std::string::npos);
  CHECK(run({"validate", "--no-color", kBroken}, true).out.find('\x1b') == std::string::npos);

  setenv("NO_COLOR", "1", 1);
  CHECK(run({"validate", kBroken}, true).out.find('\x1b') == std::string::npos);
  unsetenv("NO_COLOR");
}

TEST_CASE("machine formats never carry colour, even on a terminal") {
  unsetenv("NO_COLOR");
  for (const char* format : {"json", "sarif", "github"}) {
    CAPTURE(format);
    Result r = run({"validate", "--format", format, kBroken}, true);
    CHECK(r.code == 1);
    CHECK(r.out.find('\x1b') == std::string::npos);
  }
}

namespace {
// Counts its destructions (moved-from husks excluded).
struct Counted {
  int* destroyed;
  explicit Counted(int* d) : destroyed(d) {}
  Counted(Counted&& other) noexcept : destroyed(std::exchange(other.destroyed, nullptr)) {}
  ~Counted() {
    if (destroyed) ++*destroyed;
  }
};
}  // namespace

TEST_CASE("retained results are destroyed with the run, or left to the OS when the process exits") {
  int destroyed = 0;
  {
    opsflow::cli::Retained retained(false);
    Counted& kept = retained.keep(Counted(&destroyed));
    CHECK(kept.destroyed == &destroyed);
    CHECK(destroyed == 0);
  }
  CHECK(destroyed == 1);
  {
    opsflow::cli::Retained retained(true);
    retained.keep(Counted(&destroyed));
  }
  CHECK(destroyed == 1);
}

TEST_CASE("report colours the status column only, not ids that begin with a status word") {
  unsetenv("NO_COLOR");
  const std::string repo =
      std::string(OPSFLOW_SOURCE_DIR) + "/tests/cli/report-status-words-in-ids/repo";
  Result r = run({"report", repo}, true);
  CHECK(r.code == 0);
  CHECK(r.out.find("  achieved-retention  at-risk-accounts  ") != std::string::npos);
  CHECK(r.out.find("\x1b[32mon-track\x1b[0m") != std::string::npos);
}

TEST_CASE("validate --sarif writes SARIF besides the format printed, whatever the exit status") {
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("opsflow-sarif-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(folder);
  const std::string file = (folder / "out" / "opsflow.sarif").string();
  Result r = run({"validate", kBroken, "--format", "github", "--sarif", file}, false);
  CHECK(r.code == 1);
  CHECK(r.out.starts_with("::error file="));
  std::ifstream written(file, std::ios::binary);
  REQUIRE(written);
  std::string text((std::istreambuf_iterator<char>(written)), std::istreambuf_iterator<char>());
  CHECK(text == run({"validate", kBroken, "--format", "sarif"}, false).out);
  std::filesystem::remove_all(folder);
}

TEST_CASE("--version prints the version and the git revision of the build") {
  Result r = run({"--version"}, false);
  CHECK(r.code == 0);
  const std::string revision = opsflow::kRevision;
  CHECK(r.out == "opsflow " + std::string(opsflow::kVersion) +
                     (revision.empty() ? "" : " (" + revision + ")") + "\n");
  // Built from a git checkout (as the tests are), the revision is known: 12 hex digits.
  if (std::filesystem::exists(std::string(OPSFLOW_SOURCE_DIR) + "/.git")) {
    REQUIRE(revision.size() >= 12);
    CHECK(revision.substr(0, 12).find_first_not_of("0123456789abcdef") == std::string::npos);
  }
}

TEST_CASE("on a terminal a diagnostic fits in 100 columns; piped, each stays on one line") {
  unsetenv("NO_COLOR");
  const std::string input =
      std::string(OPSFLOW_SOURCE_DIR) + "/tests/cli/validate-choice-as-probabilities/input";
  Result piped = run({"--no-color", "validate", input}, false);
  Result terminal = run({"--no-color", "validate", input}, true);
  CHECK(piped.code == terminal.code);
  std::istringstream lines(terminal.out);
  std::string line, joined;
  bool wrapped = false;
  while (std::getline(lines, line)) {
    CHECK(opsflow::display_width(line) <= 100);
    if (line.starts_with("           ")) {
      joined += " " + line.substr(11);  // a hint goes on
      wrapped = true;
    } else if (line.starts_with("    ") && !line.starts_with("    |")) {
      joined += " " + line.substr(4);  // a continuation: the line before goes on
      wrapped = true;
    } else {
      joined += (joined.empty() ? "" : "\n") + line;
    }
  }
  CHECK(wrapped);
  CHECK(joined + "\n" == piped.out);
}

TEST_CASE("write_file replaces what a link leads to, keeping the file's permissions") {
  namespace fs = std::filesystem;
  const fs::path folder =
      fs::temp_directory_path() / ("opsflow-write-test-" + std::to_string(::getpid()));
  fs::remove_all(folder);
  fs::create_directories(folder / "real");
  const fs::path target = folder / "real" / "report.md";
  { std::ofstream(target) << "old"; }
  fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
  fs::create_symlink("real/report.md", folder / "report.md");

  opsflow::cli::write_file(folder / "report.md", "new");
  CHECK(fs::is_symlink(folder / "report.md"));
  std::ifstream in(target);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "new");
  CHECK(fs::status(target).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
  fs::remove_all(folder);
}
