#include "output.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <ostream>
#include <system_error>

#include "opsflow/base/diagnostic.hpp"

namespace opsflow::cli {

bool FdOutput::write_all(const char* data, std::size_t size) {
  if (error_) return false;
  while (size > 0) {
    ssize_t n = ::write(fd_, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error_ = errno;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool FdOutput::flush_buffer() {
  std::size_t pending = static_cast<std::size_t>(pptr() - pbase());
  setp(buffer_, buffer_ + sizeof(buffer_));
  return pending == 0 || write_all(buffer_, pending);
}

int FdOutput::overflow(int ch) {
  if (!flush_buffer()) return traits_type::eof();
  if (ch != traits_type::eof()) {
    *pptr() = static_cast<char>(ch);
    pbump(1);
  }
  return traits_type::not_eof(ch);
}

int FdOutput::sync() {
  return flush_buffer() ? 0 : -1;
}

std::streamsize FdOutput::xsputn(const char* data, std::streamsize size) {
  auto n = static_cast<std::size_t>(size);
  if (n <= static_cast<std::size_t>(epptr() - pptr())) {
    std::memcpy(pptr(), data, n);
    pbump(static_cast<int>(n));
    return size;
  }
  if (!flush_buffer()) return 0;
  if (n < sizeof(buffer_)) {
    std::memcpy(pptr(), data, n);
    pbump(static_cast<int>(n));
    return size;
  }
  return write_all(data, n) ? size : 0;
}

int finish_output(FdOutput& out, std::ostream& err, int code) {
  out.pubsync();
  if (out.error() == 0) return code;
  if (out.error() == EPIPE) {
    // The reader went away: end as a process killed by SIGPIPE does, quietly.
    std::signal(SIGPIPE, SIG_DFL);
    std::raise(SIGPIPE);
    return 2;  // only if SIGPIPE could not end the process
  }
  err << "opsflow: error: cannot write the output: "
      << std::error_code(out.error(), std::generic_category()).message() << "\n";
  return 2;
}

namespace fs = std::filesystem;

namespace {

// Writes all of `text` to `fd` and closes it; the errno of the first failure, or 0.
int write_and_close(int fd, const std::string& text) {
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : EIO;
      ::close(fd);
      return error;
    }
    done += static_cast<std::size_t>(n);
  }
  return ::close(fd) != 0 ? errno : 0;
}

}  // namespace

void write_file(const std::filesystem::path& given, const std::string& text) {
  // Through a symbolic link, the file it leads to is replaced, not the link.
  std::error_code link_ec;
  const fs::path path =
      fs::is_symlink(given, link_ec) ? fs::weakly_canonical(given, link_ec) : given;
  // A device or a pipe (/dev/stdout, a FIFO) is written in place: renaming a file over it would
  // replace it.
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode))
      throw Error(fmt::format("cannot write {}: it is a folder", path.string()));
    int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    int error = fd < 0 ? errno : write_and_close(fd, text);
    if (error != 0)
      throw Error(fmt::format("cannot write {}: {}", path.string(), std::strerror(error)));
    return;
  }
  std::error_code ec;
  fs::create_directories(path.parent_path().empty() ? fs::path(".") : path.parent_path(), ec);
  if (ec)
    throw Error(fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
  // Created new (never through a link or over a file someone left there), named by process.
  const fs::path temporary = fmt::format("{}.opsflow-tmp-{}", path.string(), ::getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw Error(fmt::format("cannot write {}: {}", temporary.string(), std::strerror(errno)));
  }
  // A file replaced keeps its permissions (a private report stays private).
  if (exists) (void)::fchmod(fd, st.st_mode & 07777);
  if (int error = write_and_close(fd, text); error != 0) {
    fs::remove(temporary, ec);
    throw Error(fmt::format("cannot write {}: {}", path.string(), std::strerror(error)));
  }
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    throw Error(fmt::format("cannot write {}: {}", path.string(), ec.message()));
  }
}

}  // namespace opsflow::cli
