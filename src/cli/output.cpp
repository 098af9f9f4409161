#include "output.hpp"

#include <unistd.h>

#include <csignal>
#include <cstring>
#include <ostream>
#include <system_error>

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

}  // namespace opsflow::cli
