#pragma once
// Shared helpers for the unit tests: load YAML literals and look at the diagnostics.

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "opsflow/load/load.hpp"
#include "opsflow/stats/csv.hpp"
#include "opsflow/validate/validate.hpp"

namespace opsflow::test {

// A Source over `text` (which must outlive it) that hands out at most `chunk` bytes at a time.
inline CsvReader::Source chunks_of(const std::string& text,
                                   std::size_t chunk = std::size_t{1} << 20) {
  return [&text, chunk, pos = std::size_t{0}](char* out, std::size_t size) mutable {
    const std::size_t n = std::min({chunk, size, text.size() - pos});
    std::copy_n(text.data() + pos, n, out);
    pos += n;
    return n;
  };
}

// A team that records training (tests of model/training, report and render): p at version 3 (v2
// from 2026-02-01, v3 from 2026-06-01) and q at version 1; ops does steps in both and records
// training: ann on p v3 (2026-06-10), bo on p v2 (2026-03-01), cy (a plain name) nothing; rev
// does a step in p and records no training.
inline const char* const kTrainingTeam = R"(apiVersion: opsflow/v1
kind: Process
metadata:
  id: p
  version: 3
  changes:
    - {version: 3, date: 2026-06-01, summary: Roll back first}
    - {version: 2, date: 2026-02-01, summary: Page the secondary}
spec:
  steps: [{id: a, role: ops, duration: 1h}, {id: b, role: rev, duration: 1h}]
---
apiVersion: opsflow/v1
kind: Process
metadata: {id: q, version: 1}
spec:
  steps: [{id: c, role: ops, duration: 1h}]
---
apiVersion: opsflow/v1
kind: Role
metadata: {id: ops}
spec:
  members:
    - {name: ann, trained: [{process: p, version: 2, date: 2026-02-10}, {process: p, version: 3, date: 2026-06-10}]}
    - {name: bo, trained: [{process: p, version: 2, date: 2026-03-01}]}
    - cy
---
apiVersion: opsflow/v1
kind: Role
metadata: {id: rev}
spec: {members: [dee]}
)";

struct Loaded {
  Model model;
  std::vector<Diagnostic> diagnostics;
};

// Loads one or more files given as (name, text) pairs, like the loader does for a folder.
inline Loaded load_files(const std::vector<std::pair<std::string, std::string>>& files) {
  Loaded out;
  for (const auto& [name, text] : files) load_from_string(text, name, out.model, out.diagnostics);
  if (!out.model.configs.empty()) out.model.active_config = 0;
  return out;
}

inline Loaded load_yaml(const std::string& text) {
  return load_files({{"t.yaml", text}});
}

// Loads and validates; returns every diagnostic (loader's and validator's).
inline std::vector<Diagnostic> check(const std::vector<std::pair<std::string, std::string>>& files,
                                     std::int64_t today = 20'000) {
  Loaded l = load_files(files);
  auto more = validate(l.model, ValidateOptions{today});
  l.diagnostics.insert(l.diagnostics.end(), more.begin(), more.end());
  fold_cascades(l.diagnostics);
  return apply_severities(std::move(l.diagnostics), l.model, {});
}
inline std::vector<Diagnostic> check(const std::string& text) {
  return check({{"t.yaml", text}});
}

inline std::vector<std::string> rules_of(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> rules;
  for (const Diagnostic& d : diagnostics) rules.emplace_back(d.rule.id());
  return rules;
}

inline const Diagnostic* find(const std::vector<Diagnostic>& diagnostics, const std::string& rule) {
  auto it = std::find_if(diagnostics.begin(), diagnostics.end(),
                         [&](const Diagnostic& d) { return d.rule.id() == rule; });
  return it == diagnostics.end() ? nullptr : &*it;
}

// A small valid repository to mutate in tests.
inline const char* kRole = R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: ops}
spec: {members: [ann, bo], capacity: 30h/week}
)";

inline const char* kGoal = R"(apiVersion: opsflow/v1
kind: Goal
metadata: {id: fast, owner: ops}
spec:
  objective: Be fast
  period: {start: 2026-10-01, end: 2026-12-31}
  keyResults: [{metric: lead, baseline: 4h, target: 1h}]
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: lead, owner: ops}
spec: {unit: hours, direction: lower-is-better}
)";

}  // namespace opsflow::test
