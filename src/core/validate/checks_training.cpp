// Training records (SPEC §2): each names a process that exists, a version it has had, a date that
// has come; a record for a process the role does no step in is noted.
#include <fmt/format.h>

#include <algorithm>

#include "checks.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/model/training.hpp"

namespace opsflow::detail {
namespace {

// A process's `changes`: each for a version it has had, once, dated no later than today, in the
// order of its versions (training-coverage dates versions by them).
void check_changes(Checker& c, const Process& p) {
  const Text& current = p.meta.version;
  for (std::size_t i = 0; i < p.meta.changes.size(); ++i) {
    const VersionChange& change = p.meta.changes[i];
    if (!change.version) continue;
    const std::string version = excerpt(change.version.value);
    if (!current) {
      c.report(
          rule::kInvalidChange, p, change.version.loc,
          fmt::format("{} lists changes for version {} but has no version", describe(p), version),
          "set metadata.version to the version the SOP is at now");
    } else if (compare_versions(change.version.value, current.value).value_or(0) > 0) {
      c.report(rule::kInvalidChange, p, change.version.loc,
               fmt::format("{} lists changes for version {}, above its current version {}",
                           describe(p), version, excerpt(current.value)),
               "list a version once it is the current one (metadata.version)");
    }
    if (change.date && change.date.value.days > c.options.today) {
      c.report(rule::kInvalidChange, p, change.date.loc,
               fmt::format("version {} of {} is dated {}, a date still to come", version,
                           describe(p), format_date(change.date.value.days)),
               "date a version from the day it came into force");
    }
    for (std::size_t j = 0; j < i; ++j) {
      const VersionChange& before = p.meta.changes[j];
      std::optional<int> order = compare_versions(before.version.value, change.version.value);
      if (order == 0) {
        c.report(rule::kInvalidChange, p, change.version.loc,
                 fmt::format("{} lists changes for version {} twice (line {})", describe(p),
                             version, before.version.loc.line),
                 "write each version's changes in one entry");
      } else if (order && change.date && before.date &&
                 (*order < 0) != (before.date.value.days < change.date.value.days) &&
                 before.date.value.days != change.date.value.days) {
        c.report(rule::kInvalidChange, p, change.date.loc,
                 fmt::format("version {} of {} is dated {}, but version {} is dated {}", version,
                             describe(p), format_date(change.date.value.days),
                             excerpt(before.version.value), format_date(before.date.value.days)),
                 "a later version comes into force after an earlier one");
      }
    }
  }
}

}  // namespace

void check_training(Checker& c) {
  for (const Process& p : c.model.processes) check_changes(c, p);
  for (const Role& r : c.model.roles) {
    for (const Member& m : r.members) {
      for (const TrainingRecord& t : m.trained) {
        const std::string who =
            fmt::format("member '{}' of {}", excerpt(m.name.value), describe(r));
        if (t.date && t.date.value.days > c.options.today) {
          c.report(
              rule::kInvalidTraining, r, t.date.loc,
              fmt::format("{} is trained on '{}' on {}, a date still to come", who,
                          excerpt(t.process.value, kMaxIdLength), format_date(t.date.value.days)),
              "record a training once it is done");
        }
        if (!t.process) continue;
        auto found = c.processes.find(t.process.value);
        if (found == c.processes.end()) {
          c.report_missing(rule::kInvalidTraining, r, t.process.loc, t.process.value, c.processes,
                           fmt::format("{} is trained on process '{}', which does not exist{}", who,
                                       excerpt(t.process.value, kMaxIdLength),
                                       c.suggest_missing(t.process.value, c.processes)));
          continue;
        }
        const auto& p = static_cast<const Process&>(*found->second);
        if (t.version && !p.meta.version) {
          c.report(rule::kInvalidTraining, r, t.version.loc,
                   fmt::format("{} is trained on version {} of {}, which has no version", who,
                               excerpt(t.version.value), describe(p)),
                   "give the process its SOP version in metadata.version");
        } else if (!t.version && !t.version.loc.line && p.meta.version) {
          c.report(
              rule::kInvalidTraining, r, t.loc,
              fmt::format("{} is trained on {} without a version; its current version is {}", who,
                          describe(p), excerpt(p.meta.version.value)),
              fmt::format("write the version trained on: {{process: {}, version: {}, date: "
                          "...}}",
                          excerpt(t.process.value, kMaxIdLength), excerpt(p.meta.version.value)));
        } else if (t.version &&
                   compare_versions(t.version.value, p.meta.version.value).value_or(0) > 0) {
          c.report(
              rule::kInvalidTraining, r, t.version.loc,
              fmt::format("{} is trained on version {} of {}, whose current version is {}", who,
                          excerpt(t.version.value), describe(p), excerpt(p.meta.version.value)),
              "a training can only be on a version the SOP has had");
        }
        if (r.meta.id && !does_steps_in(p, r.meta.id.value)) {
          c.report(rule::kTrainingWithoutSteps, r, t.process.loc,
                   fmt::format("{} is trained on {}, in which {} does no step", who, describe(p),
                               describe(r)),
                   "keep it if the person helps out there; a role's training need is the "
                   "processes it does steps in");
        }
      }
    }
  }
}

}  // namespace opsflow::detail
