#pragma once
// Internal: the individual validate checks, sharing one context.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "opsflow/base/text.hpp"
#include "opsflow/model/graph.hpp"
#include "opsflow/model/model.hpp"
#include "opsflow/validate/validate.hpp"

namespace opsflow::detail {

// How far a decision's branch probabilities (or observed shares) may be from 1.
inline constexpr double kBranchSumTolerance = 0.001;

// Ids of one kind -> the first document with that id.
using IdIndex = std::unordered_map<std::string, const Document*>;

struct Checker {
  Checker(const Model& m, ValidateOptions o) : model(m), options(o) {}

  const Model& model;
  ValidateOptions options;
  std::vector<Diagnostic> out;
  IdIndex roles, processes, goals, metrics, observations;

  // Did-you-mean work left for the whole run: a file with thousands of near-miss references gets
  // suggestions for the first ones only.
  SuggestionBudget suggestions;
  std::unordered_map<const IdIndex*, std::vector<std::string_view>> sorted_ids;

  void report(Rule rule, const Document& doc, SourceLoc loc, std::string message,
              std::string hint = {});
  // " (did you mean 'x'?)" for `word` among `candidates`, while the budget lasts.
  std::string suggest(std::string_view word, const std::vector<std::string_view>& candidates);
  // The ids of `index`, sorted (computed once).
  const std::vector<std::string_view>& candidates(const IdIndex& index);
  // Reports `rule` when `ref` names no document in `index`; `what` says what the reference is.
  void check_ref(const Document& doc, const Text& ref, const IdIndex& index, Rule rule,
                 std::string_view what);
  // Reports that `id` (referred to from `doc` at `loc`) names none of `index`. When a document
  // that was not read may define it, the report is marked to be folded into the problem that hid
  // it.
  void report_missing(Rule rule, const Document& doc, SourceLoc loc, std::string_view id,
                      const IdIndex& index, std::string message, std::string hint = {});
  // " (did you mean 'x'?)" for `id` among `index`, or "" when nothing is close or the document
  // meant may be one that was not read.
  std::string suggest_missing(std::string_view id, const IdIndex& index);
  // The kind of the documents `index` holds.
  Kind kind_of(const IdIndex& index) const;
};

// A process's step ids, for suggestions, and each one's index.
struct StepIds {
  std::vector<std::string_view> ids;  // in step order
  std::unordered_map<std::string_view, std::size_t> index;
};
StepIds step_ids_of(const Process& p);

void check_identity(Checker& c);
void check_references(Checker& c);
// Paths in the files (data files and folders, render.out, Config paths) stay in the repository.
void check_paths(Checker& c);
void check_graphs(Checker& c);
void check_decisions(Checker& c);
void check_spans(Checker& c);
// Observations name a process, its steps and its decisions' branches; shares add up to 1.
void check_observations(Checker& c);
void check_responsibilities(Checker& c);
void check_goals(Checker& c);
void check_reviews(Checker& c);
void check_training(Checker& c);

}  // namespace opsflow::detail
