// opsflow schema: the JSON Schema of the file kinds (schema.cpp), for editors.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <optional>

#include "commands.hpp"
#include "opsflow/base/text.hpp"
#include "schema.hpp"

namespace opsflow::cli {
namespace {

struct SchemaOptions {
  std::string kind;
};

int run_schema(const SchemaOptions& options, Io& io) {
  std::optional<Kind> only;
  if (!options.kind.empty()) {
    only = parse_enum<Kind>(options.kind);
    if (!only) {
      throw Error(fmt::format("schema: unknown kind '{}'{}; one of: {}", options.kind,
                              did_you_mean_suffix(options.kind, enum_names<Kind>()),
                              enum_list<Kind>(", ")));
    }
  }
  write_json(io.out, json_schema(only));
  return kExitOk;
}

}  // namespace

Runner setup_schema(CLI::App& command) {
  auto options = std::make_shared<SchemaOptions>();
  command
      .add_option("kind", options->kind,
                  fmt::format("Only this kind: {} (default: every kind)", enum_list<Kind>(", ")))
      ->type_name("KIND");
  return [options](Io& io) { return run_schema(*options, io); };
}

}  // namespace opsflow::cli
