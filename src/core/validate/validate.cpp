#include "opsflow/validate/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "checks.hpp"
#include "opsflow/base/rules.hpp"
#include "opsflow/base/text.hpp"

namespace opsflow {
namespace detail {

void Checker::report(Rule rule, const Document& doc, SourceLoc loc, std::string message,
                     std::string hint) {
  out.push_back({.rule = rule,
                 .file = model.path_of(doc),
                 .loc = loc.line ? loc : doc.loc,
                 .message = std::move(message),
                 .hint = std::move(hint)});
}

std::string Checker::suggest(std::string_view word,
                             const std::vector<std::string_view>& candidates) {
  return did_you_mean_suffix(word, candidates, &suggestions);
}

const std::vector<std::string_view>& Checker::candidates(const IdIndex& index) {
  auto [it, inserted] = sorted_ids.try_emplace(&index);
  if (inserted) {
    it->second.reserve(index.size());
    for (const auto& entry : index) it->second.push_back(entry.first);
    std::sort(it->second.begin(), it->second.end());
  }
  return it->second;
}

Kind Checker::kind_of(const IdIndex& index) const {
  if (&index == &processes) return Kind::Process;
  if (&index == &goals) return Kind::Goal;
  if (&index == &metrics) return Kind::Metric;
  if (&index == &observations) return Kind::Observation;
  return Kind::Role;
}

void Checker::report_missing(Rule rule, const Document& doc, SourceLoc loc, std::string_view id,
                             const IdIndex& index, std::string message, std::string hint) {
  report(rule, doc, loc, std::move(message), std::move(hint));
  if (const HiddenDocument* hidden = model.hidden_with_id(id, kind_of(index))) {
    out.back().related.push_back(
        {model.files[hidden->file].path, hidden->loc, std::string(kFoldedIntoHidden)});
  } else if (!model.complete) {
    out.back().related.push_back({{}, {}, std::string(kFoldedIntoUnread)});
  }
}

void Checker::check_ref(const Document& doc, const Text& ref, const IdIndex& index, Rule rule,
                        std::string_view what) {
  if (!ref || index.contains(ref.value)) return;
  report_missing(rule, doc, ref.loc, ref.value, index,
                 fmt::format("{} '{}' does not exist{}", what, excerpt(ref.value, kMaxIdLength),
                             suggest_missing(ref.value, index)));
}

std::string Checker::suggest_missing(std::string_view id, const IdIndex& index) {
  if (model.hidden_with_id(id, kind_of(index)) || !model.complete) return {};
  return suggest(id, candidates(index));
}

namespace {

// Reports ids in `ignore`, `rules` and `overrides` that name no rule.
void check_rule_names(Checker& c) {
  std::vector<std::string_view> names;
  for (const RuleInfo& r : all_rules()) names.push_back(r.id);
  auto check = [&](const Document& doc, const Text& id, std::string_view where) {
    if (!id || find_rule(id.value)) return;
    c.report(rule::kUnknownRule, doc, id.loc,
             fmt::format("{} names unknown rule '{}'{}", where, excerpt(id.value),
                         did_you_mean_suffix(id.value, names)),
             "opsflow rules lists every rule id");
  };
  auto check_document = [&](const Document& doc) {
    for (const Text& id : doc.meta.ignore) check(doc, id, "'ignore'");
  };
  for (const Role& d : c.model.roles) check_document(d);
  for (const Goal& d : c.model.goals) check_document(d);
  for (const Metric& d : c.model.metrics) check_document(d);
  for (const Observation& d : c.model.observations) check_document(d);
  for (const Process& p : c.model.processes) {
    check_document(p);
    for (const Step& s : p.steps) {
      for (const Text& id : s.ignore) check(p, id, "'ignore'");
    }
  }
  for (const Config& config : c.model.configs) {
    check_document(config);
    for (const RuleSetting& r : config.rules) check(config, r.rule, "'rules'");
    for (const PathOverride& o : config.overrides) {
      for (const RuleSetting& r : o.rules) check(config, r.rule, "an override");
    }
  }
}

}  // namespace
}  // namespace detail

std::vector<Diagnostic> validate(const Model& model, const ValidateOptions& options) {
  detail::Checker c{model, options};
  detail::check_identity(c);
  detail::check_rule_names(c);
  detail::check_references(c);
  detail::check_paths(c);
  detail::check_graphs(c);
  detail::check_decisions(c);
  detail::check_spans(c);
  detail::check_observations(c);
  detail::check_responsibilities(c);
  detail::check_goals(c);
  detail::check_reviews(c);
  detail::check_training(c);
  return std::move(c.out);
}

std::vector<Diagnostic> apply_severities(std::vector<Diagnostic> diagnostics, const Model& model,
                                         const std::vector<RuleSeverity>& cli) {
  SeverityPolicy policy(model, cli);
  std::vector<Diagnostic> kept;
  kept.reserve(diagnostics.size());
  for (Diagnostic& d : diagnostics) {
    auto severity = policy.resolve(d.rule, d.file, d.loc.line, d.rule.info().default_severity);
    if (!severity) continue;
    d.severity = *severity;
    kept.push_back(std::move(d));
  }
  std::sort(kept.begin(), kept.end(), diagnostic_less);
  // The same finding reached twice (e.g. a value shared through a YAML alias) is shown once.
  kept.erase(std::unique(kept.begin(), kept.end(), same_finding), kept.end());
  return kept;
}

void fold_cascades(std::vector<Diagnostic>& diagnostics) {
  auto marker = [](const Diagnostic& d) -> const RelatedLocation* {
    for (const RelatedLocation& r : d.related) {
      if (r.message == kFoldedIntoHidden || r.message == kFoldedIntoUnread) return &r;
    }
    return nullptr;
  };
  // The first problem that hides a whole file, in printing order.
  std::optional<std::size_t> first_unread;
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    const Diagnostic& d = diagnostics[i];
    if (!d.rule.info().hides_others() || d.rule == rule::kBadApiVersion ||
        d.rule == rule::kUnknownKind)
      continue;
    if (!first_unread || diagnostic_less(d, diagnostics[*first_unread])) first_unread = i;
  }
  // Per hiding problem: references to its document, and references not checked.
  std::map<std::size_t, std::pair<std::size_t, std::size_t>> folded;
  std::vector<char> drop(diagnostics.size(), 0);
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    const RelatedLocation* m = marker(diagnostics[i]);
    if (!m) continue;
    const bool unread = m->message == kFoldedIntoUnread;
    std::optional<std::size_t> into = unread ? first_unread : std::nullopt;
    for (std::size_t j = 0; j < diagnostics.size() && !unread && !into; ++j) {
      const Diagnostic& h = diagnostics[j];
      if (h.file == m->file && h.loc == m->loc && !marker(h) &&
          (h.rule.info().hides_others() || h.rule == rule::kMissingField))
        into = j;
    }
    if (!into) {
      // Nothing to fold into (validate run on its own): a reference to a document not read.
      std::erase_if(diagnostics[i].related, [&](const RelatedLocation& r) { return &r == m; });
      continue;
    }
    ++(unread ? folded[*into].second : folded[*into].first);
    drop[i] = 1;
  }
  for (const auto& [i, counts] : folded) {
    auto [to_it, unchecked] = counts;
    if (to_it > 0)
      diagnostics[i].message +=
          fmt::format(" (… and {} reference{} to it)", to_it, to_it == 1 ? "" : "s");
    if (unchecked > 0)
      diagnostics[i].message +=
          fmt::format(" (… and {} reference{} not checked)", unchecked, unchecked == 1 ? "" : "s");
  }
  std::vector<Diagnostic> kept;
  kept.reserve(diagnostics.size());
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    if (!drop[i]) kept.push_back(std::move(diagnostics[i]));
  }
  diagnostics = std::move(kept);
}

DiagnosticCounts count_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  DiagnosticCounts counts;
  for (const Diagnostic& d : diagnostics) {
    switch (d.severity) {
      case Severity::Error:
        counts.errors++;
        break;
      case Severity::Warning:
        counts.warnings++;
        break;
      case Severity::Info:
        counts.infos++;
        break;
      case Severity::Off:
        break;
    }
  }
  return counts;
}

}  // namespace opsflow
