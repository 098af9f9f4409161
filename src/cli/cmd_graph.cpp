// opsflow graph: a process's flowchart alone, as Mermaid or Graphviz DOT.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "opsflow/analyze/analyze.hpp"
#include "opsflow/render/flowchart.hpp"
#include "options.hpp"
#include "workspace.hpp"

namespace opsflow::cli {
namespace {

struct GraphOptions {
  std::vector<std::string> paths;
  std::string process;
  Format format = Format::Mermaid;
  unsigned jobs = 0;
};

int run_graph(const GraphOptions& options, Io& io) {
  Workspace ws = load_workspace(options.paths, {}, options.jobs);
  if (int code = refuse_invalid_model(ws, io, "the files")) return code;
  SeverityPolicy policy(ws.model, {});
  Analysis analysis =
      analyze(ws.model, AnalyzeOptions{{options.process}, options.jobs, false}, policy);
  const ProcessAnalysis& process = analysis.processes.at(0);
  io.out << (options.format == Format::Dot ? dot_graph(process) : mermaid_flowchart(process));
  return kExitOk;
}

}  // namespace

Runner setup_graph(CLI::App& command) {
  auto options = std::make_shared<GraphOptions>();
  add_paths(command, options->paths);
  command.add_option("--process", options->process, "The process to draw")
      ->type_name("ID")
      ->required();
  add_choice(command, "--format", options->format, {Format::Mermaid, Format::Dot},
             "Graph language");
  add_jobs(command, options->jobs);
  return [options](Io& io) { return run_graph(*options, io); };
}

}  // namespace opsflow::cli
