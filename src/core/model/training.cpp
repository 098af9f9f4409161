// Training records read one way for every command: the standing of a member on a process's SOP,
// now and at a date.
#include "opsflow/model/training.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <unordered_map>

namespace opsflow {
namespace {

// The parts of a dotted version ("2.10" -> 2, 10), or nothing when a part is not a number.
std::optional<std::vector<long long>> version_parts(std::string_view version) {
  std::vector<long long> parts;
  while (true) {
    std::size_t dot = version.find('.');
    std::string_view part = version.substr(0, dot);
    long long value = 0;
    auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || error != std::errc() || end != part.data() + part.size()) return {};
    parts.push_back(value);
    if (dot == std::string_view::npos) return parts;
    version.remove_prefix(dot + 1);
  }
}

std::int64_t record_day(const TrainingRecord& r) {
  return r.date ? r.date.value.days : INT64_MIN;
}

// Whether `a` is a later record than `b`: by version where they compare, then by date.
bool later_record(const TrainingRecord& a, const TrainingRecord& b) {
  std::optional<int> order = compare_versions(a.version.value, b.version.value);
  if (order && *order != 0) return *order > 0;
  return record_day(a) > record_day(b);
}

}  // namespace

std::optional<int> compare_versions(std::string_view a, std::string_view b) {
  auto pa = version_parts(a), pb = version_parts(b);
  if (pa && pb) return *pa < *pb ? -1 : (*pb < *pa ? 1 : 0);
  if (a == b) return 0;
  return std::nullopt;
}

bool covers(std::string_view trained, std::string_view required) {
  std::optional<int> order = compare_versions(trained, required);
  return order && *order >= 0;
}

TrainingStatus training_status(const Member& member, const Process& process, std::int64_t today,
                               double retrain_days) {
  TrainingStatus status;
  const std::string& id = process.meta.id.value;
  const bool versioned = process.meta.version.present;
  for (const TrainingRecord& r : member.trained) {
    if (r.process.value != id) continue;
    bool current = !versioned || covers(r.version.value, process.meta.version.value);
    if (current) {
      if (status.state != TrainingState::Current || record_day(r) > record_day(*status.record)) {
        status.state = TrainingState::Current;
        status.record = &r;
      }
    } else if (status.state == TrainingState::Missing ||
               (status.state == TrainingState::Outdated && later_record(r, *status.record))) {
      status.state = TrainingState::Outdated;
      status.record = &r;
    }
  }
  if (status.state == TrainingState::Current && status.record->date) {
    std::int64_t trained_on = status.record->date.value.days;
    status.renew_by = trained_on + static_cast<std::int64_t>(retrain_days);
    status.due = static_cast<double>(today - trained_on) > retrain_days;
  }
  return status;
}

bool any_role_records_training(const Model& model) {
  return std::any_of(model.roles.begin(), model.roles.end(),
                     [](const Role& r) { return r.records_training(); });
}

bool does_steps_in(const Process& process, std::string_view role) {
  return std::any_of(process.steps.begin(), process.steps.end(),
                     [&](const Step& s) { return s.role && s.role.value == role; });
}

std::vector<const Process*> required_processes(const Model& model, const Role& role) {
  std::vector<const Process*> out;
  for (const Process& p : model.processes) {
    if (does_steps_in(p, role.meta.id.value)) out.push_back(&p);
  }
  return out;
}

double retrain_days(const Model& model) {
  const Config* config = model.config();
  return config ? config->thresholds.retrain_days.value : Thresholds{}.retrain_days.value;
}

const Text* version_in_force(const Process& process, std::int64_t day) {
  const Text& current = process.meta.version;
  const VersionChange* latest = nullptr;  // the latest change dated on or before `day`
  std::optional<std::int64_t> since;      // when the current version came into force
  std::optional<std::int64_t> last_dated;
  for (const VersionChange& c : process.meta.changes) {
    if (!c.date) continue;
    const std::int64_t d = c.date.value.days;
    last_dated = std::max(last_dated.value_or(d), d);
    if (current && compare_versions(c.version.value, current.value) == 0) since = d;
    if (d <= day && (!latest || d >= latest->date.value.days)) latest = &c;
  }
  if (current && !since) since = last_dated;  // undated: from the latest dated change on
  if (current && (!since || day >= *since)) return &current;
  return latest ? &latest->version : nullptr;
}

bool trained_at(const Member& member, const Process& process, std::int64_t day) {
  const Text* version = version_in_force(process, day);
  return std::any_of(member.trained.begin(), member.trained.end(), [&](const TrainingRecord& r) {
    if (r.process.value != process.meta.id.value || !r.date || r.date.value.days > day)
      return false;
    return !version || covers(r.version.value, version->value);
  });
}

namespace {

// Calls count(member, process) for every required training of `only` (every role when null).
template <class Count>
void each_required(const std::vector<RequiredTraining>& required, const Role* only, Count count) {
  for (const RequiredTraining& r : required) {
    if (only && r.role != only) continue;
    for (const Member& m : r.role->members) {
      for (const Process* p : r.processes) count(m, *p);
    }
  }
}

}  // namespace

const Metric& training_coverage_metric() {
  static const Metric metric = [] {
    Metric m;
    m.kind = Kind::Metric;
    auto set = [](auto& field, auto value) {
      field.value = std::move(value);
      field.present = true;
    };
    set(m.meta.id, std::string(kTrainingCoverage));
    set(m.meta.name, std::string("Training coverage"));
    set(m.meta.description,
        std::string("The share of required trainings that are on the current SOP version"));
    set(m.unit, std::string("percent"));
    set(m.direction, Direction::HigherIsBetter);
    set(m.aggregation, Aggregation::Last);
    return m;
  }();
  return metric;
}

std::vector<RequiredTraining> required_trainings(const Model& model) {
  std::vector<RequiredTraining> out;
  std::unordered_map<std::string_view, std::size_t> by_id;
  for (const Role& r : model.roles) {
    if (r.records_training() && by_id.emplace(r.meta.id.value, out.size()).second)
      out.push_back({&r, {}});
  }
  if (out.empty()) return out;
  for (const Process& p : model.processes) {
    for (const Step& s : p.steps) {
      if (!s.role) continue;
      auto it = by_id.find(s.role.value);
      if (it == by_id.end()) continue;
      std::vector<const Process*>& processes = out[it->second].processes;
      if (processes.empty() || processes.back() != &p) processes.push_back(&p);
    }
  }
  return out;
}

TrainingCoverage coverage_now(const std::vector<RequiredTraining>& required, const Role* role) {
  TrainingCoverage c;
  each_required(required, role, [&](const Member& m, const Process& p) {
    ++c.required;
    if (training_status(m, p, 0, 0).state == TrainingState::Current) ++c.current;
  });
  return c;
}

TrainingCoverage coverage_at(const std::vector<RequiredTraining>& required, std::int64_t day,
                             const Role* role) {
  TrainingCoverage c;
  each_required(required, role, [&](const Member& m, const Process& p) {
    ++c.required;
    if (trained_at(m, p, day)) ++c.current;
  });
  return c;
}

std::vector<std::int64_t> training_dates(const std::vector<RequiredTraining>& required) {
  std::vector<std::int64_t> days;
  std::set<const Process*> seen;
  each_required(required, nullptr, [&](const Member& m, const Process& p) {
    for (const TrainingRecord& r : m.trained) {
      if (r.date && r.process.value == p.meta.id.value) days.push_back(r.date.value.days);
    }
    if (!seen.insert(&p).second) return;
    for (const VersionChange& c : p.meta.changes) {
      if (c.date) days.push_back(c.date.value.days);
    }
  });
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

}  // namespace opsflow
