// Writing generated pages safely (SPEC §7): only inside the output folder, never through a
// symbolic link, only over generated pages, all-or-nothing, one render at a time per folder.
//
// Every file is reached with *at() calls relative to the open output folder, never following a
// link; temporary files get unique names and are created exclusively, so nothing that a
// repository holds (a link, a FIFO named like a temporary file) can redirect a write. A manifest
// (.opsflow-manifest) lists the pages the last render wrote, so only those are ever removed.
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "opsflow/base/input.hpp"
#include "opsflow/render/render.hpp"

namespace opsflow {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTemporaryMark = ".opsflow-tmp";
// How long a render waits for another one writing into the same folder.
constexpr auto kLockWait = std::chrono::seconds(60);

std::string errno_text() {
  return std::error_code(errno, std::generic_category()).message();
}

// An open file descriptor, closed at the end of its scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

bool is_generated(std::string_view content) {
  return content.starts_with(kGeneratedMarker);
}

// A page's place: its path relative to the output folder, normalised, split into its folders and
// its file name. Refuses a path that would leave the folder.
struct Place {
  std::string path;                  // "roles/ops.md"
  std::vector<std::string> folders;  // {"roles"}
  std::string name;                  // "ops.md"
};

Place place_of(const std::string& relative) {
  fs::path rel(relative);
  fs::path normal = rel.lexically_normal();
  if (rel.is_absolute() || normal.empty() || normal == "." || *normal.begin() == ".." ||
      normal.has_root_path() || !normal.has_filename()) {
    throw Error(fmt::format("refusing to write '{}': it is outside the output folder", relative));
  }
  Place p;
  p.path = normal.generic_string();
  for (const fs::path& part : normal.parent_path()) p.folders.push_back(part.string());
  p.name = normal.filename().string();
  return p;
}

// The open output folder.
class OutputFolder {
 public:
  // Opens `dir`; with `create`, makes it first. A missing folder stays closed (nothing on disk).
  OutputFolder(std::string dir, bool create) : dir_(std::move(dir)) {
    std::error_code ec;
    if (fs::exists(dir_, ec) && !fs::is_directory(dir_, ec)) {
      throw Error(fmt::format("the output folder {} is not a folder", dir_));
    }
    if (create) {
      fs::create_directories(dir_, ec);
      if (ec) throw Error(fmt::format("cannot create the folder {}: {}", dir_, ec.message()));
    }
    fd_ = Fd(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd_ && (create || errno != ENOENT)) {
      throw Error(fmt::format("cannot open the output folder {}: {}", dir_, errno_text()));
    }
  }

  bool exists() const { return static_cast<bool>(fd_); }
  int fd() const { return fd_.get(); }
  std::string shown(std::string_view relative) const {
    return fmt::format("{}/{}", dir_, relative);
  }

  // Waits until no other render writes into this folder (an exclusive lock on it, released when
  // the process ends, even if it is killed).
  void lock() const {
    auto until = std::chrono::steady_clock::now() + kLockWait;
    while (::flock(fd_.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK && errno != EINTR) {
        throw Error(fmt::format("cannot lock the output folder {}: {}", dir_, errno_text()));
      }
      if (std::chrono::steady_clock::now() > until) {
        throw Error(fmt::format(
            "another opsflow render is writing to {} and did not finish within {} seconds", dir_,
            kLockWait.count()));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  // The folder of a page if it is there as a plain folder (not through a link); else nullopt.
  std::optional<Fd> existing_folder(const Place& p) const {
    if (!fd_) return std::nullopt;
    Fd current(::dup(fd_.get()));
    for (const std::string& part : p.folders) {
      Fd next(
          ::openat(current.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!next) return std::nullopt;
      current = std::move(next);
    }
    return current;
  }

  // The folder of a page, open; nullopt when it does not exist (and `create` is false). Refuses a
  // symbolic link on the way, which could lead outside the output folder.
  std::optional<Fd> folder(const Place& p, bool create) const {
    Fd current(::dup(fd_.get()));
    std::string walked;
    for (const std::string& part : p.folders) {
      walked += (walked.empty() ? "" : "/") + part;
      if (create && ::mkdirat(current.get(), part.c_str(), 0777) != 0 && errno != EEXIST) {
        throw Error(fmt::format("cannot create the folder {}: {}", shown(walked), errno_text()));
      }
      Fd next(
          ::openat(current.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!next) {
        if (errno == ENOENT && !create) return std::nullopt;
        if (errno == ELOOP || is_link(current.get(), part)) {
          throw Error(fmt::format(
              "refusing to write {}: {} is a symbolic link, which could lead outside the output "
              "folder",
              shown(p.path), shown(walked)));
        }
        throw Error(fmt::format("cannot create the folder {}: {}", shown(walked),
                                errno == ENOTDIR ? "Not a directory" : errno_text()));
      }
      current = std::move(next);
    }
    return current;
  }

 private:
  static bool is_link(int folder, const std::string& name) {
    struct stat st {};
    return ::fstatat(folder, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
  }

  std::string dir_;
  Fd fd_;
};

// What is where a page goes.
struct Existing {
  enum Kind { Absent, File, Link, Other } kind = Absent;
  std::string content;  // for a file
  bool readable = true;
};

Existing existing_at(int folder, const std::string& name) {
  Existing e;
  struct stat st {};
  if (::fstatat(folder, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return e;
  if (S_ISLNK(st.st_mode)) {
    e.kind = Existing::Link;
  } else if (!S_ISREG(st.st_mode)) {
    e.kind = Existing::Other;
  } else {
    e.kind = Existing::File;
    InputText in = read_input_at(folder, name);
    e.readable = static_cast<bool>(in);
    e.content = std::move(in.text);
  }
  return e;
}

// The names in an open folder (its descriptor stays open).
std::vector<std::string> names_in(int folder) {
  std::vector<std::string> names;
  int fd = ::dup(folder);
  if (fd < 0) return names;
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return names;
  }
  ::rewinddir(d);
  while (const dirent* entry = ::readdir(d)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

// Names of temporary files, old runs' included ("index.md.opsflow-tmp" before unique names).
bool is_temporary(std::string_view name) {
  return name.find(kTemporaryMark) != std::string_view::npos;
}

// The manifest: the pages the last render of this folder wrote, one per line.
constexpr const char* kManifest = ".opsflow-manifest";
constexpr std::string_view kManifestHeader =
    "# The pages opsflow render wrote here; it removes those it no longer produces.\n";

std::string manifest_text(const std::set<std::string>& pages) {
  std::string text(kManifestHeader);
  for (const std::string& page : pages) text += page + "\n";
  return text;
}

// The pages an earlier render wrote: the manifest's, or (for a folder rendered before there was
// one) the generated pages in the folders render writes, the output folder and roles/.
std::set<std::string> previous_pages(const OutputFolder& out) {
  std::set<std::string> pages;
  if (!out.exists()) return pages;
  Existing manifest = existing_at(out.fd(), kManifest);
  if (manifest.kind == Existing::File && manifest.readable) {
    std::string_view text = manifest.content;
    while (!text.empty()) {
      std::size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
      if (line.empty() || line.starts_with('#')) continue;
      try {
        pages.insert(place_of(std::string(line)).path);
      } catch (const Error&) {
        throw Error(fmt::format("{} lists '{}', which is outside the output folder; delete it",
                                out.shown(kManifest), line));
      }
    }
    return pages;
  }
  for (std::string sub : {"", "roles"}) {
    std::optional<Fd> folder = out.existing_folder(place_of(sub.empty() ? "x" : sub + "/x"));
    if (!folder) continue;
    for (const std::string& name : names_in(folder->get())) {
      if (!name.ends_with(".md")) continue;
      Existing e = existing_at(folder->get(), name);
      if (e.kind == Existing::File && is_generated(e.content))
        pages.insert(sub.empty() ? name : sub + "/" + name);
    }
  }
  return pages;
}

// Temporary files left by a render that was killed, in the folders pages go to.
std::vector<std::string> leftovers(const OutputFolder& out, const std::set<std::string>& folders) {
  std::vector<std::string> found;
  for (const std::string& sub : folders) {
    std::optional<Fd> folder = out.existing_folder(place_of(sub.empty() ? "x" : sub + "/x"));
    if (!folder) continue;
    for (const std::string& name : names_in(folder->get())) {
      if (is_temporary(name)) found.push_back(sub.empty() ? name : sub + "/" + name);
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::set<std::string> folders_of(const std::set<std::string>& pages) {
  std::set<std::string> folders{""};
  for (const std::string& page : pages) {
    std::string parent = fs::path(page).parent_path().generic_string();
    if (!parent.empty()) folders.insert(parent);
  }
  return folders;
}

// Writes `content` to a new temporary file beside `name` in `folder`: a unique name, created
// exclusively and never through a link. Returns the temporary name.
std::string write_temporary(int folder, const std::string& name, std::string_view content,
                            const std::string& shown) {
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0;; ++attempt) {
    std::string temporary =
        fmt::format(".{}{}-{}-{}", name, kTemporaryMark, ::getpid(), counter.fetch_add(1));
    int fd = ::openat(folder, temporary.c_str(),
                      O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
      if (errno == EEXIST && attempt < 100) continue;
      throw Error(fmt::format("cannot write {}: {}", shown, errno_text()));
    }
    std::string problem;
    for (std::size_t done = 0; done < content.size();) {
      ssize_t n = ::write(fd, content.data() + done, content.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        problem = errno_text();
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0 && problem.empty()) problem = errno_text();
    if (!problem.empty()) {
      ::unlinkat(folder, temporary.c_str(), 0);
      throw Error(fmt::format("cannot write {}: {}", shown, problem));
    }
    return temporary;
  }
}

}  // namespace

CheckReport check_documentation(const std::string& dir, const std::vector<RenderedFile>& files) {
  OutputFolder out(dir, false);
  CheckReport report;
  std::set<std::string> produced;
  for (const RenderedFile& f : files) {
    Place p = place_of(f.path);
    produced.insert(p.path);
    std::optional<Fd> folder = out.exists() ? out.folder(p, false) : std::nullopt;
    Existing e = folder ? existing_at(folder->get(), p.name) : Existing{};
    if (e.kind == Existing::Absent) {
      report.missing.push_back(f.path);
    } else if (e.kind != Existing::File || e.content != f.content) {
      report.stale.push_back(f.path);
    }
  }
  for (const std::string& page : previous_pages(out)) {
    if (produced.contains(page)) continue;
    std::optional<Fd> folder = out.existing_folder(place_of(page));
    if (!folder) continue;
    Existing e = existing_at(folder->get(), fs::path(page).filename().string());
    if (e.kind == Existing::File && is_generated(e.content)) report.extra.push_back(page);
  }
  if (out.exists()) report.leftover = leftovers(out, folders_of(produced));
  std::sort(report.stale.begin(), report.stale.end());
  std::sort(report.missing.begin(), report.missing.end());
  std::sort(report.extra.begin(), report.extra.end());
  return report;
}

WriteReport write_documentation(const std::string& dir, const std::vector<RenderedFile>& files,
                                bool force) {
  // Every page's place is checked before the folder is even created.
  std::vector<Place> places;
  std::set<std::string> produced;
  for (const RenderedFile& f : files) {
    places.push_back(place_of(f.path));
    if (!produced.insert(places.back().path).second) {
      throw Error(
          fmt::format("two pages would be written to {}/{}: rename the process or role "
                      "whose id makes the clash (the index page is index.md)",
                      dir, places.back().path));
    }
  }
  OutputFolder out(dir, true);
  out.lock();
  WriteReport report;
  std::set<std::string> previous = previous_pages(out);

  struct Pending {
    Fd folder;
    std::string temporary, name, path;
  };
  std::vector<Pending> pending;
  auto discard = [&] {
    for (const Pending& p : pending) ::unlinkat(p.folder.get(), p.temporary.c_str(), 0);
  };
  try {
    // First every check and every temporary file; nothing visible changes yet.
    for (std::size_t i = 0; i < files.size(); ++i) {
      const Place& p = places[i];
      Fd folder = std::move(*out.folder(p, true));
      Existing e = existing_at(folder.get(), p.name);
      if (e.kind == Existing::Link) {
        throw Error(fmt::format(
            "refusing to write {}: it is a symbolic link, which could lead outside the output "
            "folder",
            out.shown(p.path)));
      }
      if (e.kind == Existing::Other) {
        throw Error(fmt::format("cannot write {}: something other than a file is there",
                                out.shown(p.path)));
      }
      if (e.kind == Existing::File) {
        if (!e.readable) throw Error(fmt::format("cannot read {}", out.shown(p.path)));
        if (e.content == files[i].content) {
          report.unchanged.push_back(files[i].path);
          continue;
        }
        if (!is_generated(e.content) && !force) {
          throw Error(
              fmt::format("refusing to overwrite {}: it was not generated by opsflow (no "
                          "marker on its first line); move it away or use --force",
                          out.shown(p.path)));
        }
      }
      std::string temporary =
          write_temporary(folder.get(), p.name, files[i].content, out.shown(p.path));
      pending.push_back({std::move(folder), std::move(temporary), p.name, files[i].path});
    }
  } catch (...) {
    discard();
    throw;
  }
  // Then the renames: each page is replaced atomically.
  for (std::size_t k = 0; k < pending.size(); ++k) {
    const Pending& p = pending[k];
    if (::renameat(p.folder.get(), p.temporary.c_str(), p.folder.get(), p.name.c_str()) != 0) {
      std::string why = errno_text();
      for (std::size_t rest = k; rest < pending.size(); ++rest) {
        ::unlinkat(pending[rest].folder.get(), pending[rest].temporary.c_str(), 0);
      }
      throw Error(fmt::format("cannot replace {}: {}", out.shown(p.path), why));
    }
    report.written.push_back(p.path);
  }
  // Pages the last render wrote that nothing produces any more (a process that was removed) go,
  // as long as they are still generated pages; and temporary files a killed render left.
  for (const std::string& page : previous) {
    if (produced.contains(page)) continue;
    Place p = place_of(page);
    std::optional<Fd> folder = out.existing_folder(p);
    if (!folder) continue;
    Existing e = existing_at(folder->get(), p.name);
    if (e.kind != Existing::File || !is_generated(e.content)) continue;
    if (::unlinkat(folder->get(), p.name.c_str(), 0) == 0) report.removed.push_back(page);
  }
  for (const std::string& left : leftovers(out, folders_of(produced))) {
    Place p = place_of(left);
    std::optional<Fd> folder = out.existing_folder(p);
    if (folder && ::unlinkat(folder->get(), p.name.c_str(), 0) == 0) report.removed.push_back(left);
  }
  // The manifest last: it names what this render wrote.
  std::string manifest = manifest_text(produced);
  Existing old = existing_at(out.fd(), kManifest);
  if (old.kind == Existing::Link || old.kind == Existing::Other) {
    throw Error(
        fmt::format("cannot write {}: something other than a file is there", out.shown(kManifest)));
  }
  if (old.kind != Existing::File || old.content != manifest) {
    std::string temporary = write_temporary(out.fd(), kManifest, manifest, out.shown(kManifest));
    if (::renameat(out.fd(), temporary.c_str(), out.fd(), kManifest) != 0) {
      std::string why = errno_text();
      ::unlinkat(out.fd(), temporary.c_str(), 0);
      throw Error(fmt::format("cannot replace {}: {}", out.shown(kManifest), why));
    }
  }
  return report;
}

}  // namespace opsflow
