#include "opsflow/base/input.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <system_error>

namespace opsflow {
namespace {

std::string errno_text() {
  return std::error_code(errno, std::generic_category()).message();
}

// "80.3 MiB" for a file's size; "64 MiB" for a limit.
std::string mebibytes(std::uintmax_t bytes, int decimals = 1) {
  return fmt::format("{:.{}f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0), decimals);
}
std::string limit_text(std::uintmax_t limit) {
  return mebibytes(limit, limit % (1024 * 1024) == 0 ? 0 : 1);
}

InputText failure(Rule rule, std::string problem) {
  return {.text = {}, .rule = rule, .problem = std::move(problem)};
}

// Reads `fd` to its end, at most one byte past `limit` (so a file that grows while it is read, or
// a stream, is still caught). `expected` is the size to start with.
InputText read_all(int fd, std::uintmax_t limit, std::size_t expected, bool stream) {
  InputText in;
  std::string& text = in.text;
  const auto cap = static_cast<std::size_t>(std::min<std::uintmax_t>(limit + 1, SIZE_MAX));
  text.resize(std::min(expected + 1, cap));
  std::size_t got = 0;
  for (;;) {
    if (got == text.size()) {
      if (got >= cap) break;
      text.resize(std::min(std::max<std::size_t>(got * 2, 4096), cap));
    }
    ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failure(rule::kUnreadableFile, fmt::format("cannot read: {}", errno_text()));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  if (got > limit) {
    return failure(rule::kInputLimit,
                   stream ? fmt::format("standard input is above the limit of {}; it is refused",
                                        limit_text(limit))
                          : fmt::format("file grew above the limit of {} while it was read; it "
                                        "is refused",
                                        limit_text(limit)));
  }
  return in;
}

}  // namespace

namespace {

// Reads an open descriptor as a whole regular file (closing it), or says why not.
InputText read_open_file(int fd, std::uintmax_t limit) {
  if (fd < 0) {
    if (errno == ELOOP) return failure(rule::kUnreadableFile, "cannot read: not a regular file");
    return failure(rule::kUnreadableFile, fmt::format("cannot read: {}", errno_text()));
  }
  struct stat st {};
  InputText in;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    in = failure(rule::kUnreadableFile, "cannot read: not a regular file");
  } else if (static_cast<std::uintmax_t>(st.st_size) > limit) {
    in = failure(rule::kInputLimit, fmt::format("file is {}, above the limit of {}; it is refused",
                                                mebibytes(static_cast<std::uintmax_t>(st.st_size)),
                                                limit_text(limit)));
  } else {
    in = read_all(fd, limit, static_cast<std::size_t>(st.st_size), false);
  }
  ::close(fd);
  return in;
}

}  // namespace

bool stays_inside(const std::string& path) {
  std::filesystem::path p(path);
  if (p.has_root_path()) return false;
  std::filesystem::path normal = p.lexically_normal();
  return normal.empty() || *normal.begin() != "..";
}

InputText read_input(const std::string& path, std::uintmax_t limit) {
  if (path == "-") return read_all(STDIN_FILENO, limit, 0, true);
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked right after.
  return read_open_file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC), limit);
}

InputText read_input_at(int folder, const std::string& name, std::uintmax_t limit) {
  return read_open_file(
      ::openat(folder, name.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC), limit);
}

}  // namespace opsflow
