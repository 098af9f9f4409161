#include "help.hpp"

#include "opsflow/base/text.hpp"

namespace opsflow::cli {
namespace {

constexpr std::size_t kHelpWidth = 100;  // the width of every command's terminal output
constexpr std::size_t kNameColumn = 30;

}  // namespace

std::string HelpFormatter::entry(const std::string& name, const std::string& description) const {
  const std::string shown = "  " + name;
  if (description.empty()) return shown + "\n";
  std::string wrapped;
  append_wrapped(wrapped, description, std::string(kNameColumn, ' '), kHelpWidth);
  if (display_width(shown) < kNameColumn)
    return pad_right(shown, kNameColumn) + wrapped.substr(kNameColumn);
  return shown + "\n" + wrapped;
}

std::string HelpFormatter::make_option(const CLI::Option* option, bool is_positional) const {
  return entry(make_option_name(option, is_positional) + make_option_opts(option),
               make_option_desc(option));
}

std::string HelpFormatter::make_subcommand(const CLI::App* sub) const {
  return entry(sub->get_display_name(true), sub->get_description());
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
  const std::string description = app->get_description();
  if (description.empty()) return {};
  std::string wrapped;
  append_wrapped(wrapped, description, "", kHelpWidth);
  return wrapped;
}

std::string HelpFormatter::make_help(const CLI::App* app, std::string name,
                                     CLI::AppFormatMode mode) const {
  std::string text = CLI::Formatter::make_help(app, std::move(name), mode);
  const CLI::App* parent = app->get_parent();
  if (!parent || mode != CLI::AppFormatMode::Normal) return text;
  // A command's help also shows what opsflow accepts before or after any command.
  std::string globals;
  for (const CLI::Option* option : parent->get_options()) {
    if (option->get_positional() || option == parent->get_help_ptr()) continue;
    globals += make_option(option, false);
  }
  if (globals.empty()) return text;
  while (text.ends_with("\n\n")) text.pop_back();
  return text + "\nGlobal options (before or after the command):\n" + globals + "\n";
}

}  // namespace opsflow::cli
