#include "fuzz_common.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "diagnostics_output.hpp"
#include "opsflow/analyze/analyze.hpp"
#include "opsflow/analyze/compare.hpp"
#include "opsflow/analyze/scenarios.hpp"
#include "opsflow/analyze/simulate.hpp"
#include "opsflow/load/load.hpp"
#include "opsflow/render/flowchart.hpp"
#include "opsflow/render/render.hpp"
#include "opsflow/validate/validate.hpp"
#include "source_lines.hpp"

namespace opsflow::fuzz {

void require(bool ok, std::string_view what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (n == 0 || i + n > text.size()) return false;
    std::uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

std::string yaml_quote(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02X}", c);
    } else {
      out += ch;  // UTF-8 sequences pass through; the caller checked them
    }
  }
  return out + "\"";
}

void require_printable(const std::string& out, std::string_view what) {
  for (char ch : out) {
    auto c = static_cast<unsigned char>(ch);
    require(c >= 0x20 || c == '\n' || c == '\t',
            fmt::format("{}: raw control byte {:#04x}", what, c));
    require(c != 0x7F, fmt::format("{}: raw DEL", what));
  }
  require(valid_utf8(out), fmt::format("{}: invalid UTF-8", what));
}

namespace {

bool finite_non_negative(double x) {
  return std::isfinite(x) && x >= 0;
}

void print_diagnostics(const std::vector<Diagnostic>& diagnostics,
                       const std::vector<std::pair<std::string, std::string>>& sources) {
  cli::SourceLines lines;
  for (const auto& [path, text] : sources) lines.add(path, text);
  std::ostringstream text;
  cli::print_text(text, diagnostics, lines, false);
  require_printable(text.str(), "validate --format text");
  // A source line is echoed as a window: never much more than kSnippetMax characters of it
  // (each may be a 4-character \xNN escape).
  std::istringstream in(text.str());
  for (std::string line; std::getline(in, line);) {
    if (line.find(" | ") != std::string::npos && line.starts_with(" ")) {
      require(line.size() < 600, "a source line echoed in full");
    }
  }
  std::ostringstream json, sarif, github;
  cli::print_json(json, diagnostics, sources.size());
  cli::print_sarif(sarif, diagnostics);
  cli::print_github(github, diagnostics);
  require(nlohmann::json::accept(json.str()), "validate --format json is not JSON");
  require(nlohmann::json::accept(sarif.str()), "validate --format sarif is not JSON");
  require_printable(github.str(), "validate --format github");
}

// Every pipe-started line of a Markdown table has as many cells as the table's header: no user
// text can add or remove a column.
void require_tables_intact(const std::string& page, std::string_view what) {
  std::istringstream in(page);
  long columns = -1;
  bool in_code = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("```")) in_code = !in_code;
    if (in_code || !line.starts_with("|")) {
      columns = -1;
      continue;
    }
    long cells = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\') {
        ++i;
        continue;
      }
      if (line[i] == '|') ++cells;
    }
    if (columns < 0) columns = cells;
    require(cells == columns, fmt::format("{}: a table row with another number of cells: {}", what,
                                          line.substr(0, 200)));
  }
}

void check_analysis(const Model& model, const Analysis& analysis) {
  for (const ProcessAnalysis& p : analysis.processes) {
    require(finite_non_negative(p.lead_time), "lead time negative or not finite");
    require(finite_non_negative(p.touch_time), "touch time negative or not finite");
    require(p.touch_time <= p.lead_time * (1 + 1e-9) + 1e-6, "touch time above lead time");
    if (p.cycle_efficiency) {
      require(*p.cycle_efficiency >= 0 && *p.cycle_efficiency <= 1 + 1e-9,
              "cycle efficiency outside 0..1");
    }
    require(p.steps.size() == p.process->steps.size(), "a timing per step");
    for (const StepTiming& t : p.steps) {
      require(finite_non_negative(t.elapsed), "elapsed time negative or not finite");
      require(t.rework_multiplier >= 1, "rework multiplier below 1");
      require(t.slack >= -1e-6 * (1 + p.lead_time), "negative slack");
      // Start and finish are those of the typical scenario, whose lead time may be above or
      // below the expected one.
      require(t.earliest_finish <= p.typical_lead_time * (1 + 1e-9) + 1e-6,
              "a step finishing after the typical lead time");
    }
    for (std::size_t i : p.critical_path) require(p.steps.at(i).critical, "critical path step");
  }
  for (const RoleLoad& r : analysis.roles) {
    require(finite_non_negative(r.demand_hours_per_week), "role demand");
    if (r.wait_probability) {
      require(*r.wait_probability >= 0 && *r.wait_probability <= 1, "wait probability");
    }
    if (r.queue_wait_hours) require(finite_non_negative(*r.queue_wait_hours), "queue wait");
  }
  for (const Finding& f : analysis.findings) {
    require(!finding_message(f).empty(), "a finding without a message");
    require(!finding_change(f).empty(), "a finding without a change");
    if (f.lead_saving) {
      require(finite_non_negative(*f.lead_saving),
              fmt::format("{} saving negative or not finite", f.rule.id()));
    }
    if (f.lead_saving_hours_per_week) {
      require(finite_non_negative(*f.lead_saving_hours_per_week),
              fmt::format("{} weekly saving negative or not finite", f.rule.id()));
    }
    if (f.work_saving_hours_per_week) {
      require(finite_non_negative(*f.work_saving_hours_per_week),
              fmt::format("{} work saving negative or not finite", f.rule.id()));
    }
  }
  require(!compare(analysis, analysis).regressed(), "an analysis regressed against itself");
  (void)model;
}

// The scenarios of SPEC §4: probabilities summing to 1, reach in 0..1, expected touch time at
// most the expected lead time, the typical path made of steps that exist.
void check_scenarios(const ProcessAnalysis& p) {
  const Process& process = *p.process;
  ScenarioSet set = enumerate_scenarios(process, 256, 3);
  double total = 0;
  for (double q : set.probability) total += q;
  require(set.choices.empty() || std::abs(total - 1) < 1e-6 || set.estimated,
          "scenario probabilities do not sum to 1");
  require(finite_non_negative(p.lead_time), "expected lead time");
  require(p.touch_time <= p.lead_time * (1 + 1e-9) + 1e-6,
          "expected touch time above the expected lead time");
  for (const StepTiming& t : p.steps)
    require(t.reach >= -1e-12 && t.reach <= 1 + 1e-9, "reach outside 0..1");
  for (std::size_t v : p.critical_path) require(v < process.steps.size(), "typical path");
  // No scenario takes longer than every step run together, with every loop.
  std::vector<double> all(p.steps.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = p.steps[i].elapsed;
  double everything = longest_path(process.graph, all);
  require(p.typical_lead_time <= everything * (1 + 1e-9) + 1e-6,
          "a scenario longer than every step run together");
  require(p.lead_time <= everything * (1 + 1e-9) + 1e-6,
          "an expected lead time longer than every step run together");
}

void check_simulation(const Model& model, const ProcessAnalysis& p) {
  double runs = step_runs_per_instance(p);
  require(std::isfinite(runs) && runs >= 0, "step runs per instance");
  if (runs * 64 > 200'000) return;  // the fuzzer's time goes to many inputs, not one
  SimulationOptions options;
  options.instances = 64;
  options.seed = 7;
  options.threads = 1;
  SimulationResult r = simulate(model, p, options);
  require(std::isfinite(r.p50) && r.p50 >= 0, "simulated P50");
  require(r.p50 <= r.p85 && r.p85 <= r.p95, "simulated percentiles out of order");
  require(std::isfinite(r.mean) && r.mean >= 0, "simulated mean");
  for (double c : r.criticality) require(c >= 0 && c <= 1, "criticality outside 0..1");
}

}  // namespace

void run_pipeline(const std::vector<std::pair<std::string, std::string>>& sources) {
  Model model;
  std::vector<Diagnostic> diagnostics;
  for (const auto& [path, text] : sources) load_from_string(text, path, model, diagnostics);
  if (!model.configs.empty()) model.active_config = 0;
  std::vector<Diagnostic> checks = validate(model, ValidateOptions{20'000});  // 2024-10-04
  diagnostics.insert(diagnostics.end(), checks.begin(), checks.end());
  bool broken = false;
  for (const Diagnostic& d : diagnostics) broken |= d.rule.info().breaks_model();
  diagnostics = apply_severities(std::move(diagnostics), model, {});
  for (const Diagnostic& d : diagnostics) {
    require(!d.message.empty(), "a diagnostic without a message");
    // Messages quote values as excerpts: none repeats a long stretch of the input.
    require(d.message.size() < 2000, fmt::format("a {}-byte message [{}]: {}", d.message.size(),
                                                 d.rule.id(), d.message.substr(0, 300)));
  }
  print_diagnostics(diagnostics, sources);
  bool valid = !broken && count_diagnostics(diagnostics).errors == 0;
  // OPSFLOW_FUZZ_TRACE=1: one line per input, to see how much of a corpus reaches the analysis.
  static const bool trace = std::getenv("OPSFLOW_FUZZ_TRACE") != nullptr;
  if (trace) {
    std::fprintf(stderr, "opsflow-fuzz: %s (%zu diagnostics, %zu processes)\n",
                 valid ? "analysed" : "refused", diagnostics.size(), model.processes.size());
  }
  if (!valid) return;

  SeverityPolicy policy(model, {});
  AnalyzeOptions options;
  options.jobs = 1;
  Analysis analysis = analyze(model, options, policy);
  check_analysis(model, analysis);
  for (const ProcessAnalysis& p : analysis.processes) {
    check_scenarios(p);
    check_simulation(model, p);
    require_printable(mermaid_flowchart(p), "Mermaid flowchart");
    require_printable(dot_graph(p), "DOT graph");
  }
  for (Lang lang : {Lang::En, Lang::Zh}) {
    RenderOptions render;
    render.lang = lang;
    render.date = "2026-12-02";
    std::vector<RenderedFile> pages = render_documentation(model, analysis, render);
    for (const RenderedFile& page : pages) {
      require(!page.path.empty() && !page.path.starts_with("/") &&
                  page.path.find("..") == std::string::npos,
              fmt::format("a page outside the output folder: {}", page.path));
      require_printable(page.content, page.path);
      require_tables_intact(page.content, page.path);
    }
  }
}

}  // namespace opsflow::fuzz
