#pragma once
// Who is trained on which SOP version (SPEC §2 `trained`, §4, §5 training-coverage): the one
// reading of training records that analyze, render and report share.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "opsflow/model/model.hpp"

namespace opsflow {

// -1, 0 or 1 when both are numbers or dotted numbers ("2.10" after "2.9"); otherwise 0 when the
// texts are equal and nothing when they are not (labels such as "beta" have no order).
std::optional<int> compare_versions(std::string_view a, std::string_view b);
// Whether a training on version `trained` covers version `required`: the same version ("04" is
// 4) or a later one (a draft's author, trained ahead); labels only when written the same.
bool covers(std::string_view trained, std::string_view required);

enum class TrainingState : std::uint8_t {
  Current,   // trained on the process's current metadata.version or later (any record, when it
             // has none)
  Outdated,  // trained on an older version only
  Missing,   // no record for the process
};

// How one member stands on one process's SOP.
struct TrainingStatus {
  TrainingState state = TrainingState::Missing;
  // The record that decides it: the latest on the current version, else the latest by version
  // then date; null when Missing.
  const TrainingRecord* record = nullptr;
  bool due = false;  // Current, and the record is more than retrain-days old at `today`
  std::optional<std::int64_t> renew_by;  // the record's date + retrain-days (Current only)
};

// `member`'s standing on `process`; `today` and `retrain_days` decide `due`.
TrainingStatus training_status(const Member& member, const Process& process, std::int64_t today,
                               double retrain_days);

// Whether any role records training (Role::records_training).
bool any_role_records_training(const Model& model);

// Whether role `role` (an id) is the Responsible role of a step of `process`.
bool does_steps_in(const Process& process, std::string_view role);

// The processes in which `role` does steps (is a step's Responsible role), in model order: what
// its members must be trained on.
std::vector<const Process*> required_processes(const Model& model, const Role& role);

// The Config's thresholds.retrain-days, or its default.
double retrain_days(const Model& model);

// The version of `process` in force on `day` (SPEC §5): its metadata.version from the date of its
// own `changes` entry (from the latest dated change when that entry is undated; always, when no
// change is dated); before that, the version of the latest change dated on or before `day`.
// Null when nothing is known then (before the first dated change; a process without a version):
// any training counts.
const Text* version_in_force(const Process& process, std::int64_t day);

// Whether `member` holds a record for `process` dated on or before `day` that covers the version
// in force then (SPEC §5 training-coverage). On the latest day this is training_status's Current.
bool trained_at(const Member& member, const Process& process, std::int64_t day);

// SPEC §5 built-in metric training-coverage: a key result may name it without a Metric document
// (a Metric document with the id replaces it). The share of required trainings that are current,
// in percent, higher is better; a period's value is its last.
inline constexpr std::string_view kTrainingCoverage = "training-coverage";
const Metric& training_coverage_metric();

// Of the trainings required (SPEC §5: every member of every role that records training, on
// every process the role does steps in), how many are current.
struct TrainingCoverage {
  std::size_t current = 0;
  std::size_t required = 0;
};
// A role that records training and the processes it does steps in (model order): the trainings
// its members need.
struct RequiredTraining {
  const Role* role = nullptr;
  std::vector<const Process*> processes;
};
// Every role that records training, in model order, found in one pass over the steps.
std::vector<RequiredTraining> required_trainings(const Model& model);
// Now: trained on each process's current metadata.version. `role` null: every role.
TrainingCoverage coverage_now(const std::vector<RequiredTraining>& required,
                              const Role* role = nullptr);
// At `day`, by trained_at. `role` null: every role.
TrainingCoverage coverage_at(const std::vector<RequiredTraining>& required, std::int64_t day,
                             const Role* role = nullptr);
// The days on which the coverage can change: the dates of the required trainings' records and
// of the dated version changes of their processes; ascending, each once.
std::vector<std::int64_t> training_dates(const std::vector<RequiredTraining>& required);

}  // namespace opsflow
