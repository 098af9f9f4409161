// Writing and checking generated pages in a folder: reports, the marker, and paths that are
// refused.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "opsflow/render/render.hpp"

using namespace opsflow;
namespace fs = std::filesystem;

namespace {

struct DataDir {
  fs::path path;
  DataDir() {
    path = fs::temp_directory_path() / ("opsflow-render-io-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~DataDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text) const {
    fs::create_directories((path / name).parent_path());
    std::ofstream(path / name) << text;
  }
  std::string read(const std::string& name) const {
    std::ifstream in(path / name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Every file, folder and link below the folder, relative, sorted.
  std::vector<std::string> listing() const {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(path))
      out.push_back(e.path().lexically_relative(path).generic_string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::string page(const std::string& body) {
  return std::string(kGeneratedMarker) + "\n\n" + body + "\n";
}

const std::vector<RenderedFile> kPages{
    {"p.md", page("# P")}, {"roles/ops.md", page("# Ops")}, {"index.md", page("# Index")}};

using Paths = std::vector<std::string>;

}  // namespace

TEST_CASE("writing into a folder that does not exist yet creates it and every page") {
  DataDir dir;
  std::string out = (dir.path / "docs" / "sop").string();
  WriteReport r = write_documentation(out, kPages, false);
  CHECK(r.written == Paths{"p.md", "roles/ops.md", "index.md"});  // in the order given
  CHECK(r.unchanged.empty());
  CHECK(r.removed.empty());
  CHECK(dir.read("docs/sop/roles/ops.md") == page("# Ops"));
  // nothing else: no temporary files left behind
  // and the manifest of what this render wrote; no temporary files left behind
  CHECK(dir.listing() == Paths{"docs", "docs/sop", "docs/sop/.opsflow-manifest",
                               "docs/sop/index.md", "docs/sop/p.md", "docs/sop/roles",
                               "docs/sop/roles/ops.md"});
  CHECK(dir.read("docs/sop/.opsflow-manifest") ==
        "# The pages opsflow render wrote here; it removes those it no longer produces.\n"
        "index.md\np.md\nroles/ops.md\n");
  CHECK(check_documentation(out, kPages).clean());
}

TEST_CASE("pages already as they would be written are unchanged, and not touched") {
  DataDir dir;
  write_documentation(dir.path.string(), kPages, false);
  auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(24);
  fs::last_write_time(dir.path / "p.md", old_time);
  auto pages = kPages;
  pages[1].content = page("# Ops, new");
  WriteReport r = write_documentation(dir.path.string(), pages, false);
  CHECK(r.written == Paths{"roles/ops.md"});
  CHECK(r.unchanged == Paths{"p.md", "index.md"});
  CHECK(fs::last_write_time(dir.path / "p.md") == old_time);  // not rewritten
  CHECK(dir.read("roles/ops.md") == page("# Ops, new"));
  // a page whose content is already there is unchanged even without the marker
  std::vector<RenderedFile> plain{{"plain.md", "no marker\n"}};
  dir.write("plain.md", "no marker\n");
  WriteReport same = write_documentation(dir.path.string(), plain, false);
  CHECK(same.unchanged == Paths{"plain.md"});
  CHECK(same.written.empty());
}

TEST_CASE("check: stale, missing and extra pages, sorted; nothing is written") {
  DataDir dir;
  // The last render also wrote two pages that are no longer produced.
  auto before = kPages;
  before.push_back({"roles/gone.md", page("# Gone")});
  before.push_back({"a-gone.md", page("# Also gone")});
  write_documentation(dir.path.string(), before, false);
  dir.write("roles/ops.md", page("# Ops, edited"));
  dir.write("p.md", page("# P, edited"));
  fs::remove(dir.path / "index.md");
  dir.write("other.md", page("# Another render's page"));       // not written here: not extra
  dir.write("notes.md", "# My notes\n");                        // not generated: not extra
  dir.write("data.txt", page("not a page"));                    // not a .md page: not extra
  dir.write("late.md", "# Late\n" + page("marker on line 2"));  // marker not first: not extra
  CheckReport c = check_documentation(dir.path.string(), kPages);
  CHECK(c.stale == Paths{"p.md", "roles/ops.md"});
  CHECK(c.missing == Paths{"index.md"});
  CHECK(c.extra == Paths{"a-gone.md", "roles/gone.md"});
  CHECK_FALSE(c.clean());
  CHECK_FALSE(fs::exists(dir.path / "index.md"));
  CHECK(dir.read("p.md") == page("# P, edited"));
  // a folder that does not exist: everything is missing, and the folder is not created
  CheckReport none = check_documentation((dir.path / "nowhere").string(), kPages);
  CHECK(none.missing == Paths{"index.md", "p.md", "roles/ops.md"});
  CHECK(none.stale.empty());
  CHECK(none.extra.empty());
  CHECK_FALSE(fs::exists(dir.path / "nowhere"));
}

TEST_CASE(
    "writing removes the pages its last render wrote that it no longer produces, only those") {
  DataDir dir;
  auto before = kPages;
  before.push_back({"roles/gone.md", page("# Gone")});
  before.push_back({"a-gone.md", page("# Also gone")});
  write_documentation(dir.path.string(), before, false);
  dir.write("other.md", page("# Another render's page"));  // generated, but not by this folder's
  dir.write("notes.md", "# My notes\n");
  dir.write("data.txt", page("not a page"));
  WriteReport r = write_documentation(dir.path.string(), kPages, false);
  CHECK(r.removed == Paths{"a-gone.md", "roles/gone.md"});
  CHECK(r.written.empty());
  CHECK(r.unchanged.size() == 3);
  CHECK(dir.listing() == Paths{".opsflow-manifest", "data.txt", "index.md", "notes.md", "other.md",
                               "p.md", "roles", "roles/ops.md"});
  CHECK(check_documentation(dir.path.string(), kPages).clean());
}

TEST_CASE("a file without the marker is overwritten only with force") {
  DataDir dir;
  dir.write("roles/ops.md", "# Hand-written\n");
  std::string target = (dir.path / "roles" / "ops.md").generic_string();
  CHECK_THROWS_WITH_AS(write_documentation(dir.path.string(), kPages, false),
                       ("refusing to overwrite " + target +
                        ": it was not generated by opsflow (no marker on its first line); move it "
                        "away or use --force")
                           .c_str(),
                       Error);
  // all or nothing: p.md came first, but it was not written either
  CHECK(dir.listing() == Paths{"roles", "roles/ops.md"});
  CHECK(dir.read("roles/ops.md") == "# Hand-written\n");
  // the marker below the first line does not count
  dir.write("roles/ops.md", "# Hand-written\n" + std::string(kGeneratedMarker) + "\n");
  CHECK_THROWS_AS(write_documentation(dir.path.string(), kPages, false), Error);
  WriteReport forced = write_documentation(dir.path.string(), kPages, true);
  CHECK(forced.written == Paths{"p.md", "roles/ops.md", "index.md"});
  CHECK(dir.read("roles/ops.md") == page("# Ops"));
}

TEST_CASE("paths that leave the output folder are refused, for writing and checking") {
  DataDir dir;
  std::string out = (dir.path / "out").string();
  for (const std::string bad : {"../x.md", "sub/../../x.md", "/tmp/x.md", ""}) {
    CAPTURE(bad);
    std::vector<RenderedFile> pages{{"ok.md", page("# Ok")}, {bad, page("# Bad")}};
    std::string message = "refusing to write '" + bad + "': it is outside the output folder";
    CHECK_THROWS_WITH_AS(write_documentation(out, pages, false), message.c_str(), Error);
    CHECK_THROWS_WITH_AS(check_documentation(out, pages), message.c_str(), Error);
  }
  CHECK_FALSE(fs::exists(dir.path / "x.md"));
  // ok.md came first, but the paths are checked before anything is made
  CHECK(dir.listing().empty());
}

TEST_CASE("two pages with one path are refused before anything is written") {
  DataDir dir;
  std::string out = (dir.path / "out").string();
  auto pages = kPages;
  pages.push_back({"index.md", page("# The process 'index'")});
  CHECK_THROWS_WITH_AS(write_documentation(out, pages, false),
                       ("two pages would be written to " + out +
                        "/index.md: rename the process or role whose id makes the clash (the "
                        "index page is index.md)")
                           .c_str(),
                       Error);
  CHECK(dir.listing().empty());  // checked before anything is made
}

TEST_CASE("a symbolic link to a folder inside the output folder is not written through") {
  DataDir dir;
  dir.write("real/keep.md", "# Kept\n");
  fs::create_symlink(dir.path / "real", dir.path / "roles");
  std::string message = "refusing to write " + (dir.path / "roles" / "ops.md").generic_string() +
                        ": " + (dir.path / "roles").generic_string() +
                        " is a symbolic link, which could lead outside the output folder";
  CHECK_THROWS_WITH_AS(write_documentation(dir.path.string(), kPages, true), message.c_str(),
                       Error);
  CHECK_THROWS_WITH_AS(check_documentation(dir.path.string(), kPages), message.c_str(), Error);
  CHECK(dir.listing() == Paths{"real", "real/keep.md", "roles"});  // p.md was not written
  // pages reached only through the link are not the folder's own, so not extra nor removed
  std::vector<RenderedFile> flat{{"p.md", page("# P")}};
  dir.write("real/old.md", page("# Old"));
  WriteReport r = write_documentation(dir.path.string(), flat, false);
  CHECK(r.removed.empty());  // no render of this folder wrote it
  CHECK(fs::is_symlink(dir.path / "roles"));
  CHECK(check_documentation(dir.path.string(), flat).extra.empty());
}

TEST_CASE("an output path that is a file, or a folder where a page goes, is refused") {
  DataDir dir;
  dir.write("a-file", "x\n");
  std::string file = (dir.path / "a-file").string();
  std::string message = "the output folder " + file + " is not a folder";
  CHECK_THROWS_WITH_AS(write_documentation(file, kPages, false), message.c_str(), Error);
  CHECK_THROWS_WITH_AS(check_documentation(file, kPages), message.c_str(), Error);
  CHECK(dir.read("a-file") == "x\n");
  fs::create_directories(dir.path / "out" / "p.md");
  CHECK_THROWS_WITH_AS(write_documentation((dir.path / "out").string(), kPages, true),
                       ("cannot write " + (dir.path / "out" / "p.md").generic_string() +
                        ": something other than a file is there")
                           .c_str(),
                       Error);
}

TEST_CASE("a link or a FIFO named like a temporary file cannot redirect or stall a write") {
  DataDir dir;
  dir.write("outside.txt", "secret\n");
  fs::create_directories(dir.path / "out");
  // The fixed temporary names of earlier versions: a link to a file outside, and a FIFO.
  fs::create_symlink(dir.path / "outside.txt", dir.path / "out" / "index.md.opsflow-tmp");
  REQUIRE(::mkfifo((dir.path / "out" / "p.md.opsflow-tmp").c_str(), 0600) == 0);
  std::string out = (dir.path / "out").string();
  CheckReport before = check_documentation(out, kPages);
  CHECK(before.leftover == Paths{"index.md.opsflow-tmp", "p.md.opsflow-tmp"});
  CHECK_FALSE(before.clean());
  WriteReport r = write_documentation(out, kPages, false);
  CHECK(r.written == Paths{"p.md", "roles/ops.md", "index.md"});
  CHECK(r.removed == Paths{"index.md.opsflow-tmp", "p.md.opsflow-tmp"});  // said, not hidden
  CHECK(dir.read("outside.txt") == "secret\n");
  CHECK_FALSE(fs::is_symlink(dir.path / "out" / "index.md"));
  CHECK(dir.read("out/index.md") == page("# Index"));
  CHECK(check_documentation(out, kPages).clean());
}

TEST_CASE("a symbolic link where a page goes is refused, not written through") {
  DataDir dir;
  dir.write("outside.md", page("# Outside"));
  fs::create_directories(dir.path / "out");
  fs::create_symlink(dir.path / "outside.md", dir.path / "out" / "index.md");
  std::string out = (dir.path / "out").string();
  std::string message = "refusing to write " + out +
                        "/index.md: it is a symbolic link, which could lead outside the output "
                        "folder";
  CHECK_THROWS_WITH_AS(write_documentation(out, kPages, true), message.c_str(), Error);
  CHECK(dir.read("outside.md") == page("# Outside"));
  CHECK(check_documentation(out, kPages).stale == Paths{"index.md"});
}

TEST_CASE("renders into a folder and a folder inside it leave each other's pages alone") {
  DataDir dir;
  std::string en = dir.path.string(), zh = (dir.path / "zh").string();
  write_documentation(en, kPages, false);
  write_documentation(zh, kPages, false);
  std::vector<RenderedFile> fewer{kPages[0]};
  WriteReport again = write_documentation(en, fewer, false);
  CHECK(again.removed == Paths{"index.md", "roles/ops.md"});  // its own pages, not zh's
  CHECK(check_documentation(zh, kPages).clean());
  CHECK(check_documentation(en, fewer).clean());
}

TEST_CASE("a second render into a folder waits for the first") {
  DataDir dir;
  int held = ::open(dir.path.c_str(), O_RDONLY | O_DIRECTORY);
  REQUIRE(held >= 0);
  REQUIRE(::flock(held, LOCK_EX) == 0);
  auto start = std::chrono::steady_clock::now();
  std::thread first([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ::flock(held, LOCK_UN);
    ::close(held);
  });
  WriteReport r = write_documentation(dir.path.string(), kPages, false);
  first.join();
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300));
  CHECK(r.written.size() == 3);
}
