// Writing and checking generated pages in a folder: reports, the marker, and paths that are
// refused.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

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
  CHECK(dir.listing() == Paths{"docs", "docs/sop", "docs/sop/index.md", "docs/sop/p.md",
                               "docs/sop/roles", "docs/sop/roles/ops.md"});
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
  write_documentation(dir.path.string(), kPages, false);
  dir.write("roles/ops.md", page("# Ops, edited"));
  dir.write("p.md", page("# P, edited"));
  fs::remove(dir.path / "index.md");
  dir.write("roles/gone.md", page("# Gone"));                   // generated, no longer produced
  dir.write("a-gone.md", page("# Also gone"));                  // generated, no longer produced
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

TEST_CASE("writing removes the generated pages nothing produces any more, and only those") {
  DataDir dir;
  write_documentation(dir.path.string(), kPages, false);
  dir.write("roles/gone.md", page("# Gone"));
  dir.write("a-gone.md", page("# Also gone"));
  dir.write("notes.md", "# My notes\n");
  dir.write("data.txt", page("not a page"));
  WriteReport r = write_documentation(dir.path.string(), kPages, false);
  CHECK(r.removed == Paths{"a-gone.md", "roles/gone.md"});
  CHECK(r.written.empty());
  CHECK(r.unchanged.size() == 3);
  CHECK(dir.listing() ==
        Paths{"data.txt", "index.md", "notes.md", "p.md", "roles", "roles/ops.md"});
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
  // ok.md was checked first, but nothing stays behind of it
  CHECK(dir.listing() == Paths{"out"});
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
  CHECK(dir.listing() == Paths{"out", "out/roles"});  // folders made on the way, but no page
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
  CHECK(r.removed == Paths{"real/old.md"});  // the real folder's own page
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
