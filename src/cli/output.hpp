#pragma once
// Standard output that knows when a write failed: a full disk is never success, and a reader
// that closed the pipe early (| head) ends opsflow quietly (SPEC §3).

#include <cerrno>
#include <filesystem>
#include <streambuf>
#include <string>

namespace opsflow::cli {

// A stream buffer over a file descriptor that remembers the first write error; once one
// happened, later writes are dropped.
class FdOutput : public std::streambuf {
 public:
  explicit FdOutput(int fd) : fd_(fd) { setp(buffer_, buffer_ + sizeof(buffer_)); }
  FdOutput(const FdOutput&) = delete;
  FdOutput& operator=(const FdOutput&) = delete;
  ~FdOutput() override { sync(); }

  // The errno of the first failed write, or 0.
  int error() const { return error_; }

 protected:
  int overflow(int ch) override;
  int sync() override;
  std::streamsize xsputn(const char* data, std::streamsize size) override;

 private:
  bool write_all(const char* data, std::size_t size);
  bool flush_buffer();

  int fd_;
  int error_ = 0;
  char buffer_[1 << 16];
};

// Ends a run whose output went to `out`: the command's exit code, or, when writing failed, 2
// with a message on `err` (no space left, an I/O error); a closed pipe ends the process the way
// SIGPIPE does, without a message, even when the parent ignored SIGPIPE.
int finish_output(FdOutput& out, std::ostream& err, int code);

// Writes `text` to `path` through a temporary file beside it, renamed into place once written, so
// a failed write (a full disk) never leaves half a file; creates the folder. A device or a pipe
// (/dev/stdout) is written in place. Throws Error when it cannot.
void write_file(const std::filesystem::path& path, const std::string& text);

}  // namespace opsflow::cli
