#pragma once
// The setup functions of the commands in the table of app.cpp, one file each.

#include "app.hpp"

namespace opsflow::cli {

Runner setup_validate(CLI::App& command);
Runner setup_analyze(CLI::App& command);
Runner setup_graph(CLI::App& command);
Runner setup_render(CLI::App& command);
Runner setup_report(CLI::App& command);
Runner setup_mine(CLI::App& command);
Runner setup_rules(CLI::App& command);
Runner setup_init(CLI::App& command);
Runner setup_schema(CLI::App& command);
Runner setup_completion(CLI::App& command);

}  // namespace opsflow::cli
