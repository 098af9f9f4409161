// opsflow mine: what really happens, from an event log (SPEC §6).
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "diagnostics_output.hpp"
#include "discover_yaml.hpp"
#include "mine_output.hpp"
#include "mine_partial_json.hpp"
#include "opsflow/base/input.hpp"
#include "opsflow/base/parallel.hpp"
#include "opsflow/base/values.hpp"
#include "opsflow/mine/conformance.hpp"
#include "opsflow/mine/discover.hpp"
#include "opsflow/mine/mine.hpp"
#include "options.hpp"
#include "output.hpp"
#include "workspace.hpp"

namespace opsflow::cli {
namespace {

namespace fs = std::filesystem;

// The text default of --top: the first rows of each long table.
constexpr std::size_t kDefaultTop = 10;

struct MineOptionsCli {
  std::string log;
  std::vector<std::string> paths;
  std::string process;
  std::string metrics_out;
  std::string discover;
  std::string write_observed;
  std::vector<std::string> merge;
  bool sorted_by_case = false;
  unsigned jobs = 0;
  LogColumns columns;
  std::string delimiter = ",";
  OnError on_error = OnError::Fail;
  Format format = Format::Text;
  std::optional<std::size_t> top;
};

// The log's bytes, gzip or not (zlib reads plain files as they are), from a file or from standard
// input ("-"). A folder or a file that cannot be opened is an Error (exit 2).
CsvReader::Source open_log(const std::string& path) {
  int fd = 0;
  if (path == "-") {
    fd = ::dup(0);
  } else {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    // A file or a pipe is read as a stream; a folder, or a device that never ends (/dev/zero)
    // or never starts, is refused at once.
    struct stat st {};
    if (::fstat(fd, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISCHR(st.st_mode) ||
                                  S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode))) {
      ::close(fd);
      throw Error(fmt::format("cannot read {}: {}, not an event log", path,
                              S_ISDIR(st.st_mode) ? "a folder" : "a device"));
    }
  }
  if (fd < 0) throw Error(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  gzFile file = gzdopen(fd, "rb");
  if (!file) {
    ::close(fd);
    throw Error(fmt::format("cannot read {}: out of memory", path));
  }
  gzbuffer(file, 1 << 17);
  std::shared_ptr<gzFile_s> owned(file, [](gzFile f) { gzclose(f); });
  return [owned, path](char* out, std::size_t size) -> std::size_t {
    int got = gzread(owned.get(), out, static_cast<unsigned>(std::min<std::size_t>(size, 1 << 30)));
    if (got < 0) {
      int code = 0;
      const char* message = gzerror(owned.get(), &code);
      throw Error(fmt::format("cannot read {}: {}", path,
                              code == Z_ERRNO ? std::strerror(errno) : message));
    }
    return static_cast<std::size_t>(got);
  };
}

// The process `id` of the model; an Error (exit 2) naming the processes there are otherwise.
const Process& find_process(const Model& model, const std::string& id) {
  std::vector<std::string_view> ids;
  for (const Process& p : model.processes) {
    if (p.meta.id.value == id) return p;
    ids.push_back(p.meta.id.value);
  }
  throw Error(fmt::format("--process {}: no process with that id in the files{}", id,
                          unknown_name_suffix(id, ids, "processes")));
}

// --metrics-out: for each metric with a span on the process, its observed span per case as a
// measurement file `report` reads (date of the span's end, value in the metric's unit).
// The files --metrics-out wrote into a folder, one name a line: only those are ever overwritten
// (a team's own measurement file of the same name is refused, never replaced).
constexpr const char* kMetricsManifest = ".opsflow-metrics";

std::set<std::string> read_manifest(const fs::path& dir) {
  std::set<std::string> names;
  const fs::path path = dir / kMetricsManifest;
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(path, ec))) return names;
  InputText in = read_input(path.string());  // never waits on a FIFO named like it
  if (!in) throw Error(fmt::format("--metrics-out: {}: {}", path.string(), in.problem));
  std::istringstream lines(in.text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) names.insert(line);
  }
  return names;
}

void write_span_metrics(const Model& model, const Process& process, const EventLog& log,
                        const std::string& dir, Io& io) {
  std::set<std::string> ours = read_manifest(dir);
  // Refused before anything is written: a file of the same name that opsflow did not write.
  for (const Metric& metric : model.metrics) {
    if (!metric.process_span.present || metric.process_span.process.value != process.meta.id.value)
      continue;
    const std::string name = metric.meta.id.value + ".csv";
    std::error_code ec;
    if (fs::exists(fs::path(dir) / name, ec) && !ours.contains(name)) {
      throw Error(
          fmt::format("--metrics-out: {} exists and opsflow did not write it (not in "
                      "{}); choose another folder, or move it away",
                      (fs::path(dir) / name).string(), kMetricsManifest));
    }
  }
  bool any = false;
  for (const Metric& metric : model.metrics) {
    if (!metric.process_span.present || metric.process_span.process.value != process.meta.id.value)
      continue;
    any = true;
    const double per_unit = seconds_per_unit(metric.unit.value);
    if (per_unit <= 0) {
      throw Error(
          fmt::format("--metrics-out: metric '{}' measures a span but its unit '{}' is "
                      "not a time (seconds, minutes, hours, days)",
                      metric.meta.id.value, metric.unit.value));
    }
    std::vector<ObservedSpan> spans = observed_spans(log, process, metric);
    std::stable_sort(spans.begin(), spans.end(),
                     [](const ObservedSpan& a, const ObservedSpan& b) { return a.day < b.day; });
    std::string text = "date,value\n";
    for (const ObservedSpan& span : spans)
      text +=
          fmt::format("{},{}\n", format_date(span.day), format_decimal(span.seconds / per_unit, 6));
    const fs::path path = fs::path(dir) / (metric.meta.id.value + ".csv");
    ours.insert(metric.meta.id.value + ".csv");
    std::string manifest;
    for (const std::string& n : ours) manifest += n + "\n";
    write_file(fs::path(dir) / kMetricsManifest, manifest);  // before the file it names
    write_file(path, text);
    if (!io.quiet)
      io.err << fmt::format("wrote {}: {} {}\n", path.string(), spans.size(),
                            spans.size() == 1 ? "measurement" : "measurements");
  }
  if (!any) {
    throw Error(
        fmt::format("--metrics-out: no metric has a span on process '{}' (give one a "
                    "span: {{process: {}, from: STEP, to: STEP}})",
                    process.meta.id.value, process.meta.id.value));
  }
}

// Refuses to let `flag` replace `file` when it is there and does not start with `marker`: a file
// opsflow did not write is never overwritten.
void refuse_foreign_file(const std::string& file, std::string_view marker, std::string_view flag) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(file, ec))) return;
  InputText existing = read_input(file);  // never waits on a FIFO named like it
  if (!existing) throw Error(fmt::format("{}: {}: {}", flag, file, existing.problem));
  if (existing.text.substr(0, existing.text.find('\n')) != marker) {
    throw Error(
        fmt::format("{0}: {1} exists and was not written by {0}; choose another file, or "
                    "move it away",
                    flag, file));
  }
}

// --discover FILE: the as-is process as YAML, its id from the file's name. A file that is there
// and was not written by --discover (no marker on its first line) is never replaced.
void write_discovered(const EventLog& log, const std::string& file, const std::string& source,
                      Io& io) {
  refuse_foreign_file(file, kDiscoverMarker, "--discover");
  DiscoverOptions options;
  const std::string stem = fs::path(file).stem().string();
  options.id = id_from_name(stem);
  if (options.id.empty()) options.id = "discovered";
  DiscoveredProcess p = discover_process(log, options);
  if (p.steps.empty()) {
    throw Error(
        fmt::format("--discover: no activity of {} is in at least {}% of its {} {}; "
                    "nothing to write to {}",
                    source, options.min_case_share * 100, log.cases.size(),
                    log.cases.size() == 1 ? "case" : "cases", file));
  }
  p.name = fmt::format("As-is process from {}", fs::path(source).filename().string());
  p.description =
      fmt::format("The process as the event log {} shows it: {} cases.", source, log.cases.size());
  write_file(file, discovered_yaml(p, source));
  if (!io.quiet) {
    io.err << fmt::format("wrote {}: {} steps, {} roles{}\n", file, p.steps.size(), p.roles.size(),
                          p.left_out.empty()
                              ? std::string()
                              : fmt::format(" ({} rare {} left out)", p.left_out.size(),
                                            p.left_out.size() == 1 ? "activity" : "activities"));
  }
}

// --write-observed FILE: what the log showed about the process, as an Observation.
void write_observed(const EventLog& log, const Conformance& conformance, const std::string& file,
                    const std::string& source, Io& io) {
  refuse_foreign_file(file, kObservedMarker, "--write-observed");
  Observation observation = observation_of(log, conformance, source);
  write_file(file, observation_yaml(observation));
  if (!io.quiet) {
    io.err << fmt::format("wrote {}: {} of {} steps observed in {} {}\n", file,
                          observation.steps.size(), conformance.process->steps.size(),
                          conformance.cases, conformance.cases == 1 ? "case" : "cases");
  }
}

// The largest part --merge reads (a part's JSON grows with its variants and edges, not its rows).
constexpr std::uintmax_t kMaxPartBytes = std::uintmax_t{1} << 30;

void print_stats(const MineOptionsCli& options, const LogStats& stats,
                 const Conformance* conformance, Io& io) {
  std::ostringstream buffer;
  const std::size_t top = options.top.value_or(kDefaultTop);
  if (options.format == Format::Json)
    print_mine_json(buffer, stats, conformance);
  else if (options.format == Format::Markdown)
    print_mine_markdown(buffer, stats, conformance, top);
  else
    print_mine_text(buffer, stats, conformance, top, io.color);
  io.out << buffer.str();
}

// Refuses what needs every event of the log at once, with `mode` (--merge or --sorted-by-case),
// which never holds them.
void refuse_whole_log_options(const MineOptionsCli& options, std::string_view mode,
                              std::string_view why) {
  for (const auto& [given, flag] :
       {std::pair{!options.paths.empty(), "PATHs"},
        std::pair{!options.process.empty(), "--process"},
        std::pair{!options.discover.empty(), "--discover"},
        std::pair{!options.metrics_out.empty(), "--metrics-out"},
        std::pair{!options.write_observed.empty(), "--write-observed"}}) {
    if (given) {
      throw Error(fmt::format(
          "{} {}, so it cannot be given with {}: that needs every event at once", mode, why, flag));
    }
  }
}

// --merge PART...: the statistics of the parts' cases together.
int run_merge(const MineOptionsCli& options, Io& io) {
  if (!options.log.empty()) {
    throw Error(
        "--merge combines the statistics of parts; give their JSON files, not LOG (or mine LOG "
        "on its own)");
  }
  if (options.sorted_by_case) throw Error("--sorted-by-case reads a log; --merge reads no log");
  refuse_whole_log_options(options, "--merge", "combines statistics");
  std::vector<std::pair<std::string, std::vector<PartialRow>>> parts;
  for (const std::string& path : options.merge) {
    InputText in = read_input(path, kMaxPartBytes);
    if (!in) throw Error(fmt::format("--merge: {}: {}", path, in.problem));
    const std::string name = path == "-" ? "<stdin>" : path;
    parts.emplace_back(name, parse_partial(in.text, name));
  }
  EventLog& names = io.retained.keep(EventLog{});
  LogStats& merged = io.retained.keep(merge_partials(parts, names));
  print_stats(options, merged, nullptr, io);
  return kExitOk;
}

// Prints the problems found in the log; true when one is an error (then nothing was counted).
bool report_log_problems(const std::vector<Diagnostic>& problems, const std::string& name, Io& io) {
  SourceLines lines;
  lines.add(name, "");  // the log may be compressed or a stream: no source lines under messages
  print_text(io.err, problems, lines, io.color, io.err_is_terminal ? kTerminalWidth : 0);
  DiagnosticCounts counts = count_diagnostics(problems);
  if (counts.errors == 0) return false;
  const bool rows = std::any_of(problems.begin(), problems.end(),
                                [](const Diagnostic& d) { return d.rule == rule::kInvalidEvent; });
  io.say("error", fmt::format("{} has {} {}; nothing was counted{}", name, counts.errors,
                              counts.errors == 1 ? "problem" : "problems",
                              rows ? " (--on-error skip leaves such rows out)" : ""));
  return true;
}

// Clears the progress line on the terminal, if it was shown, before anything else is printed.
void end_progress(const LogOptions& lo, Io& io) {
  if (lo.progress) io.err << "\r\x1b[K" << std::flush;
}

// The rows of a batch of whole cases --sorted-by-case reads at a time: a few megabytes.
constexpr std::size_t kBatchRows = 65536;

// --sorted-by-case: the log read a batch of whole cases at a time, each batch's statistics added
// up as parts are merged, so memory holds one batch and the aggregates.
int run_by_case(const MineOptionsCli& options, const LogOptions& lo, const std::string& name,
                Io& io) {
  refuse_whole_log_options(options, "--sorted-by-case", "reads the log a batch of cases at a time");
  std::vector<Diagnostic> problems;
  LogMerger merger;
  read_event_log_by_case(open_log(options.log), name, lo, problems, kBatchRows,
                         [&](const EventLog& batch) {
                           merger.add(name, partial_rows(compute_log_stats(batch, nullptr, true)));
                         });
  end_progress(lo, io);
  if (report_log_problems(problems, name, io)) return kExitCheckFailed;
  EventLog& names = io.retained.keep(EventLog{});
  LogStats& stats = io.retained.keep(merger.finish(names));
  names.file = name;
  stats.merged_parts = 0;
  stats.by_case = true;
  print_stats(options, stats, nullptr, io);
  return kExitOk;
}

int run_mine(const MineOptionsCli& options, Io& io) {
  if (!options.merge.empty()) return run_merge(options, io);
  if (options.log.empty()) throw Error("give the event log LOG (or --merge PART.json...)");
  if (!options.metrics_out.empty() && options.process.empty())
    throw Error("--metrics-out needs --process ID: the spans are measured on one process");
  if (!options.write_observed.empty() && options.process.empty())
    throw Error(
        "--write-observed needs --process ID: it records what the log showed of one process");
  if (options.delimiter.size() != 1 || options.delimiter == "\"" || options.delimiter == "\n" ||
      options.delimiter == "\r") {
    throw Error(fmt::format("--delimiter '{}': give one character, such as , ; or a tab",
                            options.delimiter));
  }
  LogOptions lo;
  lo.columns = options.columns;
  lo.delimiter = options.delimiter[0];
  lo.on_error = options.on_error;
  // A second CPU splits the CSV into rows while the first builds the log (same output).
  lo.read_ahead = (options.jobs ? options.jobs : available_cpus()) > 1;
  const std::string name = options.log == "-" ? "<stdin>" : options.log;
  // On a terminal, a large log shows how far reading has come (never in output or pipes).
  if (io.err_is_terminal && !io.quiet) {
    lo.progress = [&io, name](std::uint64_t rows) {
      io.err << fmt::format("\rreading {}: {} rows", name, rows) << std::flush;
    };
  }

  if (options.sorted_by_case) return run_by_case(options, lo, name, io);
  std::vector<Diagnostic> problems;
  EventLog& log = io.retained.keep(read_event_log(open_log(options.log), name, lo, problems));
  end_progress(lo, io);
  if (report_log_problems(problems, name, io)) return kExitCheckFailed;
  // The model's files, when PATHs or --process are given: its Config's calendar gives every
  // duration in working time too, and --process checks the log against one of its processes.
  Workspace* ws = nullptr;
  const Calendar* calendar = nullptr;
  if (!options.process.empty() || !options.paths.empty()) {
    ws = &io.retained.keep(load_workspace(options.paths, {}, options.jobs));
    if (int code = refuse_invalid_model(*ws, io, "the files")) return code;
    if (const Config* config = ws->model.config(); config && config->calendar.present)
      calendar = &config->calendar;
  }
  // JSON carries what merging needs: the sketches.
  LogStats& stats =
      io.retained.keep(compute_log_stats(log, calendar, options.format == Format::Json));
  const Conformance* conformance = nullptr;
  if (!options.process.empty()) {
    const Process& process = find_process(ws->model, options.process);
    conformance = &io.retained.keep(check_conformance(log, process));
    if (!options.metrics_out.empty())
      write_span_metrics(ws->model, process, log, options.metrics_out, io);
    if (!options.write_observed.empty())
      write_observed(log, *conformance, options.write_observed, name, io);
  }
  if (!options.discover.empty()) write_discovered(log, options.discover, name, io);
  print_stats(options, stats, conformance, io);
  return kExitOk;
}

}  // namespace

Runner setup_mine(CLI::App& command) {
  auto options = std::make_shared<MineOptionsCli>();
  command
      .add_option("log", options->log,
                  "The event log: CSV, gzip-compressed or not (.csv.gz), or - for standard input")
      ->type_name("LOG");
  add_paths(command, options->paths);
  command
      .add_option("--process", options->process,
                  "Check the log against this process of the files: conformance, observed "
                  "times and shares beside the model")
      ->type_name("ID");
  command
      .add_option("--write-observed", options->write_observed,
                  "Write what the log showed of the process as an Observation (analyze "
                  "--observed uses it)")
      ->type_name("FILE");
  command
      .add_option("--discover", options->discover,
                  "Write the process the log shows (the as-is map) as a Process document")
      ->type_name("FILE");
  command
      .add_option("--metrics-out", options->metrics_out,
                  "Write each span metric of the process, observed per case, as DIR/METRIC.csv "
                  "for report")
      ->type_name("DIR");
  command
      .add_option("--merge", options->merge,
                  "Combine partial results over disjoint sets of cases (mine --format json, or "
                  "the rows of src/sql/mine_partial.sql) instead of reading a log")
      ->type_name("PART.json...");
  command.add_flag("--sorted-by-case", options->sorted_by_case,
                   "The log's rows come grouped by case: read it a batch of cases at a time, in "
                   "memory bounded by the batch (medians and P90 from sketches)");
  command.add_option("--case", options->columns.case_id, "The case column (default: case_id)")
      ->type_name("COL");
  command
      .add_option("--activity", options->columns.activity,
                  "The activity column (default: activity)")
      ->type_name("COL");
  command
      .add_option("--timestamp", options->columns.timestamp,
                  "The timestamp column (default: timestamp)")
      ->type_name("COL");
  command
      .add_option("--start", options->columns.start,
                  "The start-timestamp column (default: start_timestamp, when there is one)")
      ->type_name("COL");
  command
      .add_option("--lifecycle", options->columns.lifecycle,
                  "The lifecycle column, start or complete (default: lifecycle)")
      ->type_name("COL");
  command
      .add_option("--resource", options->columns.resource,
                  "The resource column (default: resource)")
      ->type_name("COL");
  command.add_option("--delimiter", options->delimiter, "The CSV delimiter (default: ,)")
      ->type_name("C");
  add_choice(command, "--on-error", options->on_error, {OnError::Fail, OnError::Skip},
             "A row that cannot be read: fail, or skip it and count it");
  add_choice(command, "--format", options->format, {Format::Text, Format::Json, Format::Markdown},
             "Output format");
  command
      .add_option("--top", options->top,
                  "Rows of each long table in text and markdown (default: 10; 0: all)")
      ->type_name("K")
      ->check(whole_number(0, 1'000'000));
  add_jobs(command, options->jobs);
  return [options](Io& io) { return run_mine(*options, io); };
}

}  // namespace opsflow::cli
