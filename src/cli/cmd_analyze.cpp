// opsflow analyze: bottlenecks with numbers, and what fixing each is worth.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>
#include <optional>

#include "analyze_output.hpp"
#include "commands.hpp"
#include "opsflow/analyze/analyze.hpp"
#include "opsflow/analyze/compare.hpp"
#include "opsflow/analyze/simulate.hpp"
#include "opsflow/model/observed.hpp"
#include "options.hpp"
#include "workspace.hpp"

namespace opsflow::cli {
namespace {

struct AnalyzeOptionsCli {
  std::vector<std::string> paths;
  std::vector<std::string> processes;
  Format format = Format::Text;
  std::size_t simulate = 0;
  std::uint64_t seed = 1;
  std::optional<std::size_t> top;  // absent: 20 in text, all in json and markdown
  std::string baseline;
  bool fail_on_regression = false;
  bool observed = false;      // --observed: Observations' values instead of the estimates
  std::string observed_file;  // --observed FILE: read besides the PATHs
  unsigned jobs = 0;
};

// The model analyze runs on: the files' estimates, or with --observed what the logs showed where
// an Observation exists (a copy kept in `io`, so the files' model stays as written).
const Model& analysed_model(const Model& files, bool observed, Io& io) {
  if (!observed) return files;
  Model& model = io.retained.keep(Model(files));
  apply_observations(model);
  return model;
}

// The baseline: the same paths, inside the baseline checkout. Absolute paths are taken relative
// to the working folder first, or they would name the current files again.
Workspace load_baseline(const std::string& dir, const std::vector<std::string>& paths,
                        unsigned jobs) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error(fmt::format("--baseline '{}' is not a folder", dir));
  fs::path here = fs::current_path(ec);
  if (ec) throw Error(fmt::format("cannot tell the current folder: {}", ec.message()));
  std::vector<std::string> inside;
  for (const std::string& p : paths) {
    fs::path rel = fs::path(p).is_absolute() ? fs::path(p).lexically_relative(here) : fs::path(p);
    if (rel.empty() || *rel.lexically_normal().begin() == "..") {
      throw Error(
          fmt::format("with --baseline, '{}' must lie inside the current folder, so that "
                      "the same path can be found in the baseline",
                      p));
    }
    inside.push_back(rel.lexically_normal().generic_string());
  }
  // Files are named from here (../base/x.yaml), so messages and their source lines come from the
  // baseline's files.
  try {
    return load_workspace(inside, {}, jobs, dir);
  } catch (const Error& e) {
    throw Error(fmt::format("in the baseline {}: {}", dir, e.what()));
  }
}

// The processes reported: the --process ones; else, when the PATHs select part of a repository,
// the processes in it (SPEC §2; roles still count the load of every process); else all.
std::vector<std::string> reported_processes(const Workspace& ws,
                                            const std::vector<std::string>& asked) {
  if (!asked.empty() || ws.selected.empty()) return asked;
  std::vector<std::string> ids;
  for (const Process& p : ws.model.processes) {
    if (is_selected(ws.selected, ws.model.path_of(p))) ids.push_back(p.meta.id.value);
  }
  return ids;
}

int run_analyze(const AnalyzeOptionsCli& options, Io& io) {
  std::vector<std::string> also;
  if (!options.observed_file.empty()) {
    std::error_code ec;
    if (std::filesystem::is_directory(options.observed_file, ec)) {
      throw Error(fmt::format(
          "--observed takes an Observation file, not the folder '{}'; write PATHs before "
          "--observed, or --observed alone to use the Observations found among them",
          options.observed_file));
    }
    also.push_back(options.observed_file);
  }
  Workspace& ws = io.retained.keep(load_workspace(options.paths, {}, options.jobs, {}, also));
  if (int code = refuse_invalid_model(ws, io, "the files")) return code;
  if (options.observed && ws.model.observations.empty()) {
    throw Error(
        "--observed: no Observation among the files; write one with opsflow mine LOG --process "
        "ID --write-observed FILE");
  }
  const Model& model = analysed_model(ws.model, options.observed, io);
  SeverityPolicy policy(model, {});

  AnalyzeReport& report = io.retained.keep(AnalyzeReport{});
  report.model = &model;
  report.observed = options.observed;
  // SPEC §3: the text a person reads shows 20 findings unless asked; documents show them all.
  report.top = options.top.value_or(options.format == Format::Text ? kDefaultTextTop : 0);
  report.jobs = options.jobs;
  const std::vector<std::string> reported = reported_processes(ws, options.processes);
  report.analysis = analyze(model, AnalyzeOptions{reported, options.jobs, true, today()}, policy);
  if (options.observed && !io.quiet) {
    std::vector<std::string> estimated;
    for (const ProcessAnalysis& p : report.analysis.processes) {
      if (!model.observation_of(p.process->meta.id.value))
        estimated.push_back(p.process->meta.id.value);
    }
    if (!estimated.empty()) {
      io.say("note",
             fmt::format("no Observation of {} {}: {} estimates are used",
                         estimated.size() == 1 ? "process" : "processes",
                         fmt::join(estimated, ", "), estimated.size() == 1 ? "its" : "their"));
    }
  }
  if (options.simulate > 0) {
    // Refused before any starts: a simulation must not run for an hour.
    for (const ProcessAnalysis& p : report.analysis.processes) {
      double runs = step_runs_per_instance(p);
      if (static_cast<double>(options.simulate) * runs <= kMaxSimulatedStepRuns) continue;
      auto fitting = static_cast<std::size_t>(kMaxSimulatedStepRuns / runs);
      throw Error(fmt::format(
          "--simulate {}: process '{}' runs about {:.0f} steps per instance, so this is {:.2g} "
          "step runs, above the limit of {:.0e}; at most {} instances fit",
          options.simulate, p.process->meta.id.value, runs,
          static_cast<double>(options.simulate) * runs, kMaxSimulatedStepRuns, fitting));
    }
    for (const ProcessAnalysis& p : report.analysis.processes) {
      SimulationOptions sim;
      sim.instances = options.simulate;
      sim.seed = options.seed;
      sim.threads = options.jobs;
      // A progress line on a terminal, for simulations that take more than a moment.
      constexpr double kShowProgressFrom = 5e7;
      if (io.err_is_terminal &&
          static_cast<double>(options.simulate) * step_runs_per_instance(p) > kShowProgressFrom) {
        sim.progress = [&io, &p, total = options.simulate](std::size_t done) {
          io.err << fmt::format("\rsimulating {}: {}%", p.process->meta.id.value,
                                done * 100 / total)
                 << std::flush;
        };
      }
      report.simulations.push_back(simulate(model, p, sim));
      if (sim.progress) io.err << "\r\x1b[K" << std::flush;
    }
  }
  if (!options.baseline.empty()) {
    // PATHs that select part of a repository: the baseline's whole repository, compared on the
    // processes reported (a file new in this change is a new process, not a missing path).
    const std::vector<std::string> baseline_paths =
        ws.selected.empty() ? options.paths : std::vector<std::string>{};
    Workspace& baseline =
        io.retained.keep(load_baseline(options.baseline, baseline_paths, options.jobs));
    std::string what = fmt::format("the baseline in {}", options.baseline);
    if (int code = refuse_invalid_model(baseline, io, what)) return code;
    if (baseline.model.processes.empty() && baseline.model.roles.empty()) {
      throw Error(fmt::format("--baseline '{}' holds no opsflow files at the same paths",
                              options.baseline));
    }
    // Every baseline process is analysed (role load needs them all); only the ones reported now
    // are compared. With --observed, the baseline's own Observations are used, like and like.
    const Model& baseline_model = analysed_model(baseline.model, options.observed, io);
    SeverityPolicy baseline_policy(baseline_model, {});
    Analysis& before = io.retained.keep(
        analyze(baseline_model, AnalyzeOptions{{}, options.jobs}, baseline_policy));
    if (!reported.empty()) {
      std::erase_if(before.processes, [&](const ProcessAnalysis& p) {
        return std::find(reported.begin(), reported.end(), p.process->meta.id.value) ==
               reported.end();
      });
    }
    report.comparison = compare(before, report.analysis);
  }

  if (options.format == Format::Json) {
    print_analysis_json(io.out, report);
  } else if (options.format == Format::Markdown) {
    print_analysis_markdown(io.out, report);
  } else {
    print_analysis_text(io.out, report, io.color);
  }
  if (options.fail_on_regression && report.comparison && report.comparison->regressed()) {
    io.say("error", "the change makes a process or role worse than the baseline");
    return kExitCheckFailed;
  }
  return kExitOk;
}

}  // namespace

Runner setup_analyze(CLI::App& command) {
  auto options = std::make_shared<AnalyzeOptionsCli>();
  add_paths(command, options->paths);
  command
      .add_option("--process", options->processes,
                  "Report on this process only (repeatable; role load still counts every process)")
      ->type_name("ID")
      ->allow_extra_args(false);
  add_choice(command, "--format", options->format, {Format::Text, Format::Json, Format::Markdown},
             "Output format");
  command
      .add_option("--simulate", options->simulate,
                  "Monte Carlo: simulate N instances of each process (lead time percentiles, "
                  "criticality)")
      ->type_name("N")
      ->check(whole_number(1, 1'000'000));
  CLI::Option* seed_option =
      command.add_option("--seed", options->seed, "Seed of the simulation (default: 1)");
  seed_option->type_name("S")->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  command
      .add_option("--top", options->top,
                  "Show only the K highest-ranked findings (text default 20; 0 = all)")
      ->type_name("K")
      ->check(whole_number(0, 1'000'000));
  command
      .add_option("--baseline", options->baseline,
                  "Compare with the same files in another checkout (e.g. git worktree add)")
      ->type_name("PATH");
  command.add_flag("--fail-on-regression", options->fail_on_regression,
                   "With --baseline: exit 1 when a lead time, touch time, handoff or approval "
                   "count, or a role's utilization gets worse");
  CLI::Option* observed_option =
      command
          .add_option("--observed", options->observed_file,
                      "Use what event logs showed (Observations, written by mine "
                      "--write-observed) instead of the estimates; FILE: an Observation file "
                      "read besides the PATHs")
          ->type_name("[FILE]")
          ->expected(0, 1);
  add_jobs(command, options->jobs);
  return [options, seed_option, observed_option](Io& io) {
    options->observed = observed_option->count() > 0;
    if (options->fail_on_regression && options->baseline.empty()) {
      throw Error("--fail-on-regression needs --baseline PATH");
    }
    if (seed_option->count() > 0 && options->simulate == 0)
      throw Error("--seed needs --simulate N");
    return run_analyze(*options, io);
  };
}

}  // namespace opsflow::cli
