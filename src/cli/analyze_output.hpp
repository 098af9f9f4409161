#pragma once
// Prints an analysis (with simulation and baseline comparison when run) as text, JSON or Markdown.

#include <optional>
#include <ostream>
#include <vector>

#include "opsflow/analyze/analyze.hpp"
#include "opsflow/analyze/compare.hpp"
#include "opsflow/analyze/simulate.hpp"

namespace opsflow::cli {

// Everything `opsflow analyze` computed, ready to print.
// The findings `analyze` prints as text unless --top says otherwise.
inline constexpr std::size_t kDefaultTextTop = 20;

struct AnalyzeReport {
  const Model* model = nullptr;
  Analysis analysis;
  std::vector<SimulationResult> simulations;  // one per analysed process, when --simulate
  std::optional<Comparison> comparison;       // when --baseline
  std::size_t top = 0;                        // findings shown; 0 = all
  unsigned jobs = 0;                          // threads that format the findings
  bool observed = false;                      // --observed: Observations replace estimates
};

void print_analysis_text(std::ostream& out, const AnalyzeReport& report, bool color);
void print_analysis_json(std::ostream& out, const AnalyzeReport& report);
void print_analysis_markdown(std::ostream& out, const AnalyzeReport& report);

}  // namespace opsflow::cli
