// Identity (duplicate ids) and references between documents.
#include <fmt/format.h>

#include "checks.hpp"
#include "opsflow/base/input.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/model/training.hpp"

namespace opsflow::detail {
namespace {

template <class T>
void index_kind(Checker& c, const std::vector<T>& docs, IdIndex& index) {
  index.reserve(docs.size());
  for (const T& doc : docs) {
    if (!doc.meta.id) continue;
    auto [it, inserted] = index.emplace(doc.meta.id.value, &doc);
    if (inserted) continue;
    const Document& first = *it->second;
    std::string first_path = c.model.path_of(first);
    c.report(rule::kDuplicateId, doc, doc.meta.id.loc,
             fmt::format("{} id '{}' is already used at {}:{}:{}", kind_noun(doc.kind),
                         excerpt(doc.meta.id.value, kMaxIdLength), first_path,
                         first.meta.id.loc.line, first.meta.id.loc.col),
             "ids must be unique per kind; rename one of them");
    c.out.back().related.push_back({first_path, first.meta.id.loc, "first definition"});
  }
}

void check_step_ids(Checker& c, const Process& p) {
  std::unordered_map<std::string_view, const Step*> seen;
  for (const Step& s : p.steps) {
    if (!s.id) continue;
    auto [it, inserted] = seen.emplace(s.id.value, &s);
    if (inserted) continue;
    const SourceLoc first = it->second->id.loc;
    if (s.id.loc == first) {  // the same step again, through an alias
      c.report(rule::kDuplicateId, p, s.loc,
               fmt::format("step '{}' appears twice in this process: line {} repeats the step "
                           "anchored at line {}",
                           excerpt(s.id.value, kMaxIdLength), s.loc.line, it->second->loc.line),
               "give the repeated step its own id, e.g. {<<: *anchor, id: new-id}");
    } else {
      c.report(rule::kDuplicateId, p, s.id.loc,
               fmt::format("step id '{}' is already used in this process at line {}",
                           excerpt(s.id.value, kMaxIdLength), first.line),
               "step ids must be unique within a process");
    }
    c.out.back().related.push_back({c.model.path_of(p), first, "first definition"});
  }
}

}  // namespace

void check_paths(Checker& c) {
  const char* hint =
      "paths in the files stay inside the repository; give one elsewhere on the command line";
  // `what` says what the path is for, with {} where it goes.
  auto check = [&](const Document& doc, const Text& path, const std::string& what) {
    if (!path || stays_inside(path.value)) return;
    std::string quoted = fmt::format("'{}'", excerpt(path.value));
    c.report(rule::kOutsideRepository, doc, path.loc,
             fmt::format(fmt::runtime(what), quoted) + ", outside the repository", hint);
  };
  for (const Metric& m : c.model.metrics) {
    check(m, m.data, describe(m) + " reads its data from {}");
  }
  for (const Config& config : c.model.configs) {
    check(config, config.data, "the Config's measurement folder is {}");
    check(config, config.render.out, "the Config's render folder is {}");
    for (const Text& p : config.paths) check(config, p, "the Config reads {}");
  }
}

void check_identity(Checker& c) {
  index_kind(c, c.model.roles, c.roles);
  index_kind(c, c.model.processes, c.processes);
  index_kind(c, c.model.goals, c.goals);
  index_kind(c, c.model.metrics, c.metrics);
  // The built-in metric, unless a Metric document takes its id (SPEC §5).
  c.metrics.emplace(std::string(kTrainingCoverage), &training_coverage_metric());
  index_kind(c, c.model.observations, c.observations);
  for (const Process& p : c.model.processes) check_step_ids(c, p);
}

void check_references(Checker& c) {
  for (const Config& config : c.model.configs) {
    c.check_ref(config, config.meta.owner, c.roles, rule::kUnknownRole, "owner role");
  }
  for (const Role& r : c.model.roles) {
    c.check_ref(r, r.meta.owner, c.roles, rule::kUnknownRole, "owner role");
    c.check_ref(r, r.reports_to, c.roles, rule::kUnknownRole, "reportsTo role");
    c.check_ref(r, r.backup, c.roles, rule::kUnknownRole, "backup role");
    if (r.backup && r.backup.value == r.meta.id.value) {
      c.report(rule::kInvalidValue, r, r.backup.loc,
               fmt::format("{} is its own backup", describe(r)),
               "name another role that covers when nobody in this one is available");
    }
  }
  for (const Process& p : c.model.processes) {
    c.check_ref(p, p.meta.owner, c.roles, rule::kUnknownRole, "owner role");
    for (const Text& g : p.goals) c.check_ref(p, g, c.goals, rule::kUnknownGoal, "goal");
    for (const Text& m : p.metrics) c.check_ref(p, m, c.metrics, rule::kUnknownMetric, "metric");
    for (const Step& s : p.steps) {
      c.check_ref(p, s.role, c.roles, rule::kUnknownRole, "role");
      c.check_ref(p, s.accountable, c.roles, rule::kUnknownRole, "accountable role");
      for (const Text& r : s.consulted)
        c.check_ref(p, r, c.roles, rule::kUnknownRole, "consulted role");
      for (const Text& r : s.informed)
        c.check_ref(p, r, c.roles, rule::kUnknownRole, "informed role");
    }
  }
  for (const Goal& g : c.model.goals) {
    c.check_ref(g, g.meta.owner, c.roles, rule::kUnknownRole, "owner role");
    c.check_ref(g, g.parent, c.goals, rule::kUnknownGoal, "parent goal");
    for (const KeyResult& kr : g.key_results) {
      c.check_ref(g, kr.metric, c.metrics, rule::kUnknownMetric, "metric");
    }
  }
  for (const Metric& m : c.model.metrics) {
    c.check_ref(m, m.meta.owner, c.roles, rule::kUnknownRole, "owner role");
  }
  for (const Observation& o : c.model.observations) {
    c.check_ref(o, o.meta.owner, c.roles, rule::kUnknownRole, "owner role");
  }
}

}  // namespace opsflow::detail
