// Training records (SPEC §2): each names a process that exists, a version it has had, a date that
// has come; a record for a process the role does no step in is noted.
#include <fmt/format.h>

#include <algorithm>

#include "checks.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/model/training.hpp"

namespace opsflow::detail {
namespace {

bool role_does_a_step(const Process& p, std::string_view role) {
  return std::any_of(p.steps.begin(), p.steps.end(),
                     [&](const Step& s) { return s.role && s.role.value == role; });
}

}  // namespace

void check_training(Checker& c) {
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
        } else if (t.version &&
                   compare_versions(t.version.value, p.meta.version.value).value_or(0) > 0) {
          c.report(
              rule::kInvalidTraining, r, t.version.loc,
              fmt::format("{} is trained on version {} of {}, whose current version is {}", who,
                          excerpt(t.version.value), describe(p), excerpt(p.meta.version.value)),
              "a training can only be on a version the SOP has had");
        }
        if (r.meta.id && !role_does_a_step(p, r.meta.id.value)) {
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
