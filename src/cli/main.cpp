#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "app.hpp"
#include "output.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  opsflow::cli::FdOutput stdout_buffer(STDOUT_FILENO);
  std::ostream out(&stdout_buffer);
  int code = opsflow::cli::run(args, out, std::cerr, isatty(STDOUT_FILENO) == 1,
                               /*process_exits_after=*/true);
  return opsflow::cli::finish_output(stdout_buffer, std::cerr, code);
}
