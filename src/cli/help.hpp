#pragma once
// --help in 100 columns: descriptions wrapped under their column instead of running on, and each
// command's help ending with the global options it also accepts.

#include <CLI/CLI.hpp>
#include <string>

namespace opsflow::cli {

class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override;
  std::string make_description(const CLI::App* app) const override;
  std::string make_option(const CLI::Option* option, bool is_positional) const override;
  std::string make_subcommand(const CLI::App* sub) const override;

 private:
  // "  NAME" in the first column, `description` wrapped in the second.
  std::string entry(const std::string& name, const std::string& description) const;
};

}  // namespace opsflow::cli
