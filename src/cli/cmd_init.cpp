// opsflow init: a small working repository in a new or empty folder, to start from.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <sstream>

#include "commands.hpp"
#include "init_template.hpp"
#include "output.hpp"
#include "render_pages.hpp"
#include "schema.hpp"
#include "workspace.hpp"

namespace opsflow::cli {
namespace {

namespace fs = std::filesystem;

struct InitOptions {
  std::string dir = ".";
};

// Refuses a folder that holds anything but a .git (git init first is fine): init never
// overwrites.
void require_empty_folder(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(dir, ec))) return;
  if (!fs::is_directory(dir, ec)) throw Error(fmt::format("'{}' is not a folder", dir.string()));
  std::vector<std::string> found;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().filename() != ".git") found.push_back(entry.path().filename().string());
  }
  if (ec) throw Error(fmt::format("cannot read '{}': {}", dir.string(), ec.message()));
  if (found.empty()) return;
  std::sort(found.begin(), found.end());
  const auto shown = std::min<std::size_t>(3, found.size());
  throw Error(fmt::format("'{}' is not empty ({}{}): init writes only into a new or empty folder",
                          dir.string(), fmt::join(found.begin(), found.begin() + shown, ", "),
                          found.size() > shown ? ", …" : ""));
}

int run_init(const InitOptions& options, Io& io) {
  const fs::path dir(options.dir);
  require_empty_folder(dir);
  std::ostringstream schema;
  write_json(schema, json_schema());
  const std::vector<InitFile> files = init_files(today(), schema.str());
  for (const InitFile& f : files) write_file(dir / f.path, f.text);

  // The SOPs, rendered as render would, so that render --check passes at once.
  Workspace ws = load_workspace({options.dir}, {});
  if (int code = refuse_invalid_model(ws, io, "the new repository")) return code;
  RenderedPages pages = render_pages(ws, {}, std::nullopt, {}, 0);
  WriteReport written = write_documentation(pages.folder, pages.files, false);

  for (const InitFile& f : files)
    io.out << fmt::format("wrote {}\n", (dir / f.path).lexically_normal().generic_string());
  for (const std::string& f : written.written)
    io.out << fmt::format("wrote {}/{}\n", pages.folder, f);
  if (!io.quiet) {
    const std::string where = dir.lexically_normal().generic_string();
    io.err << fmt::format("created an opsflow repository in {}\n", where);
    io.err << (where == "." ? std::string("next: opsflow analyze\n")
                            : fmt::format("next: cd {} && opsflow analyze\n", where));
    io.err << "editors with the YAML extension complete and check the files from "
              ".opsflow/schema.json\n";
  }
  return kExitOk;
}

}  // namespace

Runner setup_init(CLI::App& command) {
  auto options = std::make_shared<InitOptions>();
  command.add_option("dir", options->dir, "The folder to create the repository in (default: .)")
      ->type_name("DIR");
  return [options](Io& io) { return run_init(*options, io); };
}

}  // namespace opsflow::cli
