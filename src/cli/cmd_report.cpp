// opsflow report: KPI progress against goals, per period, with trend and before/after.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "diagnostics_output.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/model/training.hpp"
#include "opsflow/report/report.hpp"
#include "opsflow/version.hpp"
#include "options.hpp"
#include "output.hpp"
#include "report_output.hpp"
#include "workspace.hpp"

namespace opsflow::cli {
namespace {

struct ReportOptionsCli {
  std::vector<std::string> paths;
  std::string data;
  PeriodKind period = PeriodKind::Month;
  std::string from, to, as_of, compare_at;
  std::string by;
  std::optional<Format> format;
  std::optional<ReportTable> csv;
  std::string out;
  std::optional<Status> fail_on_status;
  unsigned jobs = 0;
};

std::optional<std::int64_t> day_option(const std::string& text, const char* name) {
  if (text.empty()) return std::nullopt;
  auto parsed = parse_date(text);
  if (!parsed.value) throw Error(fmt::format("{} '{}': {}", name, text, parsed.error));
  return parsed.value->days;
}

// --by must name a column some measurement has; throws Error (exit 2) with the columns there are.
void check_by_column(const Model& model, const MeasurementData& data, const std::string& by) {
  std::set<std::string_view> columns;
  if (reports_training_coverage(model) && any_role_records_training(model)) columns.insert("role");
  for (const auto& [metric, measurements] : data.by_metric) {
    for (const Measurement& m : measurements) {
      for (const auto& [name, value] : *m.dimensions) columns.insert(name);
    }
  }
  if (columns.contains(by)) return;
  std::vector<std::string_view> names(columns.begin(), columns.end());
  throw Error(fmt::format("--by {}: no measurement has that column ({}){}", by,
                          names.empty()
                              ? std::string("they have none besides date, metric and value")
                              : fmt::format("columns: {}", fmt::join(names, ", ")),
                          did_you_mean_suffix(by, names)));
}

int run_report(const ReportOptionsCli& options, Io& io) {
  ReportOptions ro;
  ro.period = options.period;
  ro.from = day_option(options.from, "--from");
  ro.to = day_option(options.to, "--to");
  ro.as_of = day_option(options.as_of, "--as-of");
  ro.compare_at = day_option(options.compare_at, "--compare-at");
  if (ro.from && ro.to && *ro.from > *ro.to) {
    throw Error(
        fmt::format("--from {} is after --to {}: no day is in between", options.from, options.to));
  }
  ro.by = options.by;

  Workspace& ws = io.retained.keep(load_workspace(options.paths, {}, options.jobs));
  if (int code = refuse_invalid_model(ws, io, "the files")) return code;
  const Config* config = ws.model.config();
  std::string data_dir = options.data.empty()
                             ? config_path(ws.model, config ? &config->data : nullptr, "data")
                             : options.data;
  // A team whose every Metric document names its own data: file (or that has none, reporting only
  // on training) needs no measurement folder: without one named, the default 'data' may be
  // absent. Otherwise a missing folder is an error: metrics would silently have no data.
  const bool named = !options.data.empty() || (config && config->data);
  const bool own_files = std::all_of(ws.model.metrics.begin(), ws.model.metrics.end(),
                                     [](const Metric& m) { return m.data.present; });
  if (!named && own_files && reports_training_coverage(ws.model) &&
      !std::filesystem::exists(data_dir))
    data_dir.clear();
  std::vector<Diagnostic> problems;
  MeasurementData& data = io.retained.keep(load_measurements(ws.model, data_dir, problems));
  std::sort(problems.begin(), problems.end(), diagnostic_less);
  print_text(io.err, problems, ws.lines, false, io.err_is_terminal ? kTerminalWidth : 0);
  if (std::string unread = unread_input_error(problems); !unread.empty()) {
    io.say("error", unread);
    return kExitUsage;
  }
  if (count_diagnostics(problems).errors > 0) {
    io.say("error", fmt::format("the measurements in {} have errors; fix them first", data_dir));
    return kExitCheckFailed;
  }
  if (!ro.by.empty()) check_by_column(ws.model, data, ro.by);
  Report& report = io.retained.keep(build_report(ws.model, data, ro));

  // --csv TABLE chooses a CSV table, so it means --format csv.
  if (options.csv && options.format && *options.format != Format::Csv) {
    throw Error(fmt::format("--csv {} is a CSV table; it goes with --format csv, not {}",
                            enum_name(*options.csv), enum_name(*options.format)));
  }
  Format format =
      options.csv ? Format::Csv
                  : options.format.value_or(options.out.empty() ? Format::Text : Format::Markdown);
  std::ostringstream buffer;
  if (format == Format::Json)
    print_report_json(buffer, report, ws.model);
  else if (format == Format::Csv)
    print_report_csv(buffer, report, options.csv.value_or(ReportTable::Periods));
  else if (format == Format::Markdown)
    print_report_markdown(buffer, report, ws.model);
  else
    print_report_text(buffer, report, io.color && options.out.empty());
  if (options.out.empty()) {
    io.out << buffer.str();
  } else {
    write_file(options.out, buffer.str());
    if (!io.quiet) io.err << fmt::format("wrote {}\n", options.out);
  }
  if (options.fail_on_status) {
    for (const KeyResultReport& k : report.key_results) {
      // no-data is worse than every status: a gate does not pass on missing data (SPEC §5).
      if (k.status && static_cast<int>(*k.status) >= static_cast<int>(*options.fail_on_status)) {
        io.say("error",
               *k.status == Status::NoData
                   ? fmt::format("key result '{}' of goal '{}' has no data for its "
                                 "latest complete period; a gate does not pass on "
                                 "missing data",
                                 k.key_result->metric.value, k.goal->meta.id.value)
                   : fmt::format("key result '{}' of goal '{}' is {}", k.key_result->metric.value,
                                 k.goal->meta.id.value, enum_name(*k.status)));
        return kExitCheckFailed;
      }
    }
  }
  return kExitOk;
}

}  // namespace

Runner setup_report(CLI::App& command) {
  auto options = std::make_shared<ReportOptionsCli>();
  add_paths(command, options->paths);
  command
      .add_option("--data", options->data,
                  "Folder of measurement CSVs (default: Config data, else data)")
      ->type_name("DIR");
  add_choice(command, "--period", options->period,
             {PeriodKind::Week, PeriodKind::Month, PeriodKind::Quarter}, "Reporting period");
  command.add_option("--from", options->from, "Count measurements from this date")
      ->type_name("DATE");
  command.add_option("--to", options->to, "Count measurements up to this date")->type_name("DATE");
  command.add_option("--as-of", options->as_of, "Today (default: the latest measurement date)")
      ->type_name("DATE");
  command.add_option("--by", options->by, "Split every metric by this dimension column")
      ->type_name("COLUMN");
  command
      .add_option("--compare-at", options->compare_at,
                  "Compare equal windows before and after this date (a process change)")
      ->type_name("DATE");
  add_choice(command, "--format", options->format,
             {Format::Markdown, Format::Json, Format::Csv, Format::Text},
             "Output format (default: text, or markdown with --out)");
  add_choice(
      command, "--csv", options->csv,
      {ReportTable::Periods, ReportTable::KeyResults, ReportTable::Comparison},
      "The CSV table: periods (the default), key-results or comparison; implies --format csv");
  command.add_option("--out", options->out, "Write the report to FILE instead of standard output")
      ->type_name("FILE");
  add_choice(command, "--fail-on-status", options->fail_on_status,
             {Status::AtRisk, Status::OffTrack},
             "Exit 1 when a key result is at or below this status, or has no data");
  add_jobs(command, options->jobs);
  return [options](Io& io) { return run_report(*options, io); };
}

}  // namespace opsflow::cli
