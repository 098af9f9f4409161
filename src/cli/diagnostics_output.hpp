#pragma once
// Prints diagnostics in the formats of `opsflow validate --format`.

#include <ostream>
#include <string>
#include <vector>

#include "opsflow/base/diagnostic.hpp"
#include "opsflow/validate/validate.hpp"
#include "source_lines.hpp"

namespace opsflow::cli {

// "3 errors, 2 warnings" (and "1 info" when there is one), or "no problems".
std::string counts_text(const DiagnosticCounts& counts);

// "3 errors, 2 warnings in 14 files", or "no problems in 14 files".
std::string summary_line(const DiagnosticCounts& counts, std::size_t files);

// SPEC §3 lines, each followed by the source line, a caret under the column and the hint. With a
// `width` (a terminal: 100), a longer line goes on in lines indented by 4; 0 keeps one line per
// problem, for tools reading the output.
void print_text(std::ostream& out, const std::vector<Diagnostic>& diagnostics, SourceLines& lines,
                bool color, std::size_t width = 0);

// One JSON document: version, files, summary counts and every diagnostic.
void print_json(std::ostream& out, const std::vector<Diagnostic>& diagnostics, std::size_t files);

// SARIF 2.1.0 with every rule's metadata, for GitHub code scanning.
void print_sarif(std::ostream& out, const std::vector<Diagnostic>& diagnostics);

// GitHub Actions workflow commands (::error file=...,line=...::message).
void print_github(std::ostream& out, const std::vector<Diagnostic>& diagnostics);

}  // namespace opsflow::cli
