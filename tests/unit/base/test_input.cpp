// The guarded reader: regular files only, a size limit, never a wait on a FIFO.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "opsflow/base/input.hpp"

using namespace opsflow;
namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path path = fs::temp_directory_path() / ("opsflow-input-" + std::to_string(::getpid()));
  Folder() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Folder() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
};

}  // namespace

TEST_CASE("a regular file is read whole, bytes as they are") {
  Folder f;
  std::string text = "a: 1\r\nb: \xE4\xBA\x8B\n";
  InputText in = read_input(f.write("x.yaml", text));
  REQUIRE(in);
  CHECK(in.text == text);
  CHECK(read_input(f.write("empty.yaml", "")).text.empty());
}

TEST_CASE("what is not a regular file is refused at once, with the rule that says so") {
  Folder f;
  InputText missing = read_input((f.path / "nope.csv").string());
  CHECK_FALSE(missing);
  CHECK(missing.rule == rule::kUnreadableFile);
  CHECK(missing.problem == "cannot read: No such file or directory");

  std::string fifo = (f.path / "stream.csv").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  InputText from_fifo = read_input(fifo);  // would block forever if it waited for a writer
  CHECK(from_fifo.rule == rule::kUnreadableFile);
  CHECK(from_fifo.problem == "cannot read: not a regular file");

  CHECK(read_input("/dev/zero").problem == "cannot read: not a regular file");
  CHECK(read_input(f.path.string()).problem == "cannot read: not a regular file");
}

TEST_CASE("a file above the limit is refused without being read") {
  Folder f;
  std::string path = f.write("big.csv", std::string(3 * 1024 * 1024 / 2, 'x'));
  InputText in = read_input(path, 1024 * 1024);
  CHECK_FALSE(in);
  CHECK(in.rule == rule::kInputLimit);
  CHECK(in.problem == "file is 1.5 MiB, above the limit of 1 MiB; it is refused");
  CHECK(in.text.empty());
  CHECK(read_input(path, 2 * 1024 * 1024));  // under the limit: read
}

TEST_CASE("a path written in a file stays inside its folder, or it does not") {
  CHECK(stays_inside("data/mttr.csv"));
  CHECK(stays_inside("./data/../metrics.csv"));
  CHECK(stays_inside("docs/sop"));
  CHECK_FALSE(stays_inside("/proc/self/environ"));
  CHECK_FALSE(stays_inside("../x.csv"));
  CHECK_FALSE(stays_inside("data/../../x.csv"));
  CHECK_FALSE(stays_inside(".."));
}
