#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "app.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  int code = opsflow::cli::run(args, std::cout, std::cerr, isatty(STDOUT_FILENO) == 1,
                               /*process_exits_after=*/true);
  std::cout.flush();
  return code;
}
