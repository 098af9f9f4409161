// opsflow render: SOPs, role handbook and index as Markdown; --check for stale docs in CI.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "options.hpp"
#include "render_pages.hpp"
#include "workspace.hpp"

namespace opsflow::cli {
namespace {

struct RenderOptionsCli {
  std::vector<std::string> paths;
  std::string out;
  std::optional<Lang> lang;
  bool check = false;
  bool force = false;
  std::string date;
  unsigned jobs = 0;
};

int run_render(const RenderOptionsCli& options, Io& io) {
  if (!options.date.empty()) {
    auto parsed = parse_date(options.date);
    if (!parsed.value || parsed.value->has_time) {
      throw Error(fmt::format("--date '{}' is not a date like 2026-11-28", options.date));
    }
  }
  Workspace& ws = io.retained.keep(load_workspace(options.paths, {}, options.jobs));
  if (int code = refuse_invalid_model(ws, io, "the files")) return code;

  // Where and in which language: the options, else the Config, else docs/sop in English.
  RenderedPages pages = render_pages(ws, options.out, options.lang, options.date, options.jobs);
  const std::string& out = pages.folder;
  const std::vector<RenderedFile>& files = pages.files;

  if (options.check) {
    CheckReport report = check_documentation(out, files);
    for (const std::string& f : report.stale) io.out << fmt::format("stale: {}/{}\n", out, f);
    for (const std::string& f : report.missing) io.out << fmt::format("missing: {}/{}\n", out, f);
    for (const std::string& f : report.extra) io.out << fmt::format("extra: {}/{}\n", out, f);
    for (const std::string& f : report.leftover) io.out << fmt::format("leftover: {}/{}\n", out, f);
    if (!io.quiet) {
      std::size_t differ = report.stale.size() + report.missing.size() + report.extra.size() +
                           report.leftover.size();
      io.err << (report.clean()
                     ? fmt::format("{} page{} in {} {} up to date\n", files.size(),
                                   files.size() == 1 ? "" : "s", out,
                                   files.size() == 1 ? "is" : "are")
                     : fmt::format("{} page{} in {} differ{} from the files; run opsflow "
                                   "render\n",
                                   differ, differ == 1 ? "" : "s", out, differ == 1 ? "s" : ""));
    }
    return report.clean() ? kExitOk : kExitCheckFailed;
  }
  WriteReport report = write_documentation(out, files, options.force);
  for (const std::string& f : report.written) io.out << fmt::format("wrote {}/{}\n", out, f);
  for (const std::string& f : report.removed) io.out << fmt::format("removed {}/{}\n", out, f);
  if (!io.quiet) {
    io.err << fmt::format("{} written, {} unchanged, {} removed in {}\n", report.written.size(),
                          report.unchanged.size(), report.removed.size(), out);
  }
  return kExitOk;
}

}  // namespace

Runner setup_render(CLI::App& command) {
  auto options = std::make_shared<RenderOptionsCli>();
  add_paths(command, options->paths);
  command
      .add_option("--out", options->out,
                  "Folder for the pages (default: Config render.out, else docs/sop)")
      ->type_name("DIR");
  add_choice(command, "--lang", options->lang, {Lang::En, Lang::Zh},
             "Language of headings and labels (default: Config render.lang, else en)");
  command.add_flag("--check", options->check,
                   "Write nothing; exit 1 and list stale, missing and extra pages when the folder "
                   "differs from what would be generated");
  command.add_flag("--force", options->force, "Also overwrite files that opsflow did not generate");
  command
      .add_option("--date", options->date,
                  "Date shown in each page's revision line (default: none)")
      ->type_name("DATE");
  add_jobs(command, options->jobs);
  return [options](Io& io) { return run_render(*options, io); };
}

}  // namespace opsflow::cli
