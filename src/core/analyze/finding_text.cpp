// The sentences of findings, made from their facts when a finding is printed.
#include <fmt/format.h>

#include <cmath>
#include <type_traits>

#include "opsflow/analyze/finding.hpp"
#include "opsflow/base/text.hpp"

namespace opsflow {

namespace {

std::string hours(double h) {
  return fmt::format("{:.1f}h", h);
}

std::string duration(double seconds) {
  return format_duration_approx(seconds);
}

// Who a step's numbers are about: every instance, or those that reach it (SPEC §4).
std::string instances_reaching(double reach) {
  return reach < 1 ? fmt::format("instances that reach it ({})", whole_percent(reach))
                   : std::string("every instance");
}

std::string message(const std::monostate&) {
  return {};
}

std::string message(const facts::LongWait& f) {
  if (f.reach < 1) {
    return fmt::format("{} waits {} before it starts in the {}; the expected lead time is {}",
                       describe(*f.step), duration(f.wait), instances_reaching(f.reach),
                       duration(f.lead));
  }
  return fmt::format("{} waits {} before it starts, {} of the {} expected lead time",
                     describe(*f.step), duration(f.wait), whole_percent(f.wait / f.lead),
                     duration(f.lead));
}

std::string message(const facts::ApprovalOnCriticalPath& f) {
  // SPEC §4: never "every instance" for a step that not every instance reaches.
  const bool plural = f.reach < 1;
  if (f.wait > 0) {
    return fmt::format("approval {} is on the critical path: {} {} {} for it and {} {} in it",
                       describe(*f.step), instances_reaching(f.reach), plural ? "wait" : "waits",
                       duration(f.wait), plural ? "spend" : "spends", duration(f.spent));
  }
  return fmt::format("approval {} is on the critical path: {} {} {} in it", describe(*f.step),
                     instances_reaching(f.reach), plural ? "spend" : "spends", duration(f.spent));
}

std::string message(const facts::ConsecutiveApprovals& f) {
  if (f.must_stay) {
    return fmt::format(
        "approval {} comes right after approval {}; both must stay, so its {} wait is what can "
        "shrink",
        describe(*f.second), describe(*f.first), duration(f.wait));
  }
  return fmt::format(
      "approval {} comes right after approval {}; one joint approval would skip its {} wait",
      describe(*f.second), describe(*f.first), duration(f.wait));
}

std::string message(const facts::MergeCandidate& f) {
  return fmt::format(
      "{} follows only {}, done by the same role without a wait; the two could be one step",
      describe(*f.second), describe(*f.first));
}

std::string message(const facts::NonValueAdd& f) {
  return fmt::format(
      "{} adds neither customer nor business value (value: none) and takes {} of work",
      describe(*f.step), duration(f.duration));
}

std::string message(const facts::SlaAtRisk& f) {
  return fmt::format(
      "{} takes {} from being reached to done ({} wait + {} work), above its SLA of {}",
      describe(*f.step), duration(f.wait + f.duration), duration(f.wait), duration(f.duration),
      duration(f.sla));
}

std::string message(const facts::TargetAtRisk& f) {
  return fmt::format("{} measures {} from {} to {}: expected {}, {} the target of {} that {} sets",
                     describe(*f.metric), describe(*f.process), describe(*f.from), describe(*f.to),
                     duration(f.expected), f.lower_is_better ? "above" : "below",
                     duration(f.target), describe(*f.goal));
}

std::string message(const facts::HandoffHeavy& f) {
  return fmt::format(
      "the critical path of {} changes hands {} time{} (threshold {:g}); each handoff is a "
      "queue and a chance to lose context",
      describe(*f.process), f.handoffs, f.handoffs == 1 ? "" : "s", f.threshold);
}

std::string queue_wait(const std::optional<double>& wait) {
  return wait ? fmt::format("{:.2f}h", *wait) : std::string("unbounded");
}

std::string message(const facts::OverloadedRole& f) {
  const char* unbounded = f.saturated ? ", so its queue grows without bound" : "";
  std::string capacity = f.training_counted && f.capacity_hours < f.full_capacity_hours
                             ? fmt::format("{} of capacity counted from training, of {}",
                                           hours(f.capacity_hours), hours(f.full_capacity_hours))
                             : fmt::format("{} of capacity", hours(f.capacity_hours));
  std::string loaded =
      f.capacity_hours > 0
          ? fmt::format("{} is loaded at {} ({} of work a week for {}){}", describe(*f.role),
                        whole_percent(f.utilization), hours(f.demand_hours), capacity, unbounded)
          : fmt::format("{} has {} of work a week but {}{}", describe(*f.role),
                        hours(f.demand_hours),
                        f.capacity_per_member <= 0 ? "a capacity of 0"
                        : f.training_counted && f.full_capacity_hours > 0
                            ? "nobody trained on its current SOPs to do it"
                            : "nobody to do it",
                        unbounded);
  if (f.capacity_per_member <= 0) return loaded;
  if (f.beyond_headcount) {
    // More people than any role may have: the inputs are wrong, not the staffing.
    return fmt::format("{}; even {} more members would not bring it under {}", loaded,
                       kMaxHeadcount, whole_percent(f.threshold));
  }
  if (!f.hire) {
    return fmt::format("{}; training its members on the SOPs they lack would bring it under {}",
                       loaded, whole_percent(f.threshold));
  }
  int n = f.hire->hires;
  return fmt::format("{}; {} more {}member{} would bring it under {}{}", loaded, n,
                     f.training_counted ? "fully trained " : "", n == 1 ? "" : "s",
                     whole_percent(f.threshold),
                     f.saturated ? "" : " with a queue wait no longer than today's");
}

// "Ana, Bo and 2 more": at most three names.
std::string names(const std::vector<std::string_view>& who) {
  constexpr std::size_t kShown = 3;
  std::size_t shown = std::min(who.size(), kShown);
  std::string text = fmt::format("{}", fmt::join(who.begin(), who.begin() + shown, ", "));
  if (who.size() > shown) text += fmt::format(" and {} more", who.size() - shown);
  return text;
}

std::string staffing_effect(const facts::StaffingOption& o) {
  return fmt::format("(utilization {}, queue wait {})", whole_percent(o.utilization),
                     queue_wait(o.wait_hours));
}

std::string hire_or_train(const facts::OverloadedRole& f) {
  std::vector<std::string> options;
  if (f.hire) options.push_back(fmt::format("hire {} {}", f.hire->hires, staffing_effect(*f.hire)));
  if (f.train) {
    std::string hires =
        f.train->hires > 0 ? fmt::format(" and hire {}", f.train->hires) : std::string();
    options.push_back(fmt::format("train {} on the SOPs they lack{} {}", names(f.train->trained),
                                  hires, staffing_effect(*f.train)));
  }
  return fmt::format("{}", fmt::join(options, ", or "));
}

// "Ana (support, 12% utilized)", or "Ana" in the same role.
std::string candidate_name(const facts::CrossTraining& c) {
  if (c.same_role) return excerpt(c.member);
  std::string load = c.utilization && std::isfinite(*c.utilization)
                         ? fmt::format(", {} utilized", whole_percent(*c.utilization))
                         : std::string();
  return fmt::format("{} ({}{}{})", excerpt(c.member), c.backup_role ? "backup role " : "",
                     excerpt(c.role->meta.id.value, kMaxIdLength), load);
}

// What a second member's hours do to a one-person role's queue wait (SPEC §4).
std::string second_member(const facts::SinglePointOfFailure& f) {
  if (!f.wait_with_two) return {};
  return fmt::format("; with a second member's hours, the queue wait goes from {} to {}",
                     queue_wait(f.wait_now), queue_wait(f.wait_with_two));
}

std::string cross_train(const Finding& finding) {
  if (const auto* spof = std::get_if<facts::SinglePointOfFailure>(&finding.facts)) {
    const facts::CrossTraining& c = *spof->candidate;
    return fmt::format(
        "cross-train {} in the role's work and make '{}' its backup: 2 people could do it instead "
        "of 1{}",
        candidate_name(c), excerpt(c.role->meta.id.value, kMaxIdLength), second_member(*spof));
  }
  const auto& bus = std::get<facts::BusFactor>(finding.facts);
  const facts::CrossTraining& c = *bus.candidate;
  return fmt::format(
      "{} {} in '{}': 2 people would have it instead of 1 (the role's hours, and so its queue "
      "wait, stay as they are)",
      c.same_role ? "train" : "cross-train", candidate_name(c), excerpt(bus.skill));
}

std::string message(const facts::UntrainedMember& f) {
  std::vector<std::string> gaps;
  for (const facts::TrainingGap& g : f.gaps) {
    const Text& version = g.process->meta.version;
    std::string state = g.outdated
                            ? fmt::format("trained on {}", excerpt(g.outdated->version.value))
                            : std::string("no record");
    gaps.push_back(
        version
            ? fmt::format("{} (version {}; {})", excerpt(g.process->meta.id.value, kMaxIdLength),
                          excerpt(version.value), state)
            : fmt::format("{} ({})", excerpt(g.process->meta.id.value, kMaxIdLength), state));
  }
  std::string text =
      fmt::format("{} in {} is not trained on the current SOP of {}", excerpt(f.member->name.value),
                  describe(*f.role), fmt::join(gaps, ", "));
  if (f.role->capacity.value <= 0)
    return text + "; the role has no capacity, so what training is worth is not estimated";
  if (f.gain_hours <= 0 || !f.utilization_after) {
    return text +
           "; the work it lacks has no frequency, so what training is worth is not estimated";
  }
  if (!f.utilization_before || !std::isfinite(*f.utilization_before)) {
    return fmt::format(
        "{}; training makes {} a week of theirs count where none counts now: utilization {}, "
        "queue wait {}",
        text, hours(f.gain_hours), whole_percent(*f.utilization_after), queue_wait(f.wait_after));
  }
  return fmt::format(
      "{}; training makes {} a week of theirs count: utilization from {} to {}, queue wait from {} "
      "to {}",
      text, hours(f.gain_hours), whole_percent(*f.utilization_before),
      whole_percent(*f.utilization_after), queue_wait(f.wait_before), queue_wait(f.wait_after));
}

std::string message(const facts::RetrainingDue& f) {
  // A process without a version is trained on as it stands.
  std::string on =
      f.record->version
          ? fmt::format("version {} of {}", excerpt(f.record->version.value), describe(*f.process))
          : describe(*f.process);
  return fmt::format(
      "{} in {} was trained on {} on {}, {} days ago; training is due again after {:g} days",
      excerpt(f.member->name.value), describe(*f.role), on, format_date(f.record->date.value.days),
      f.age_days, f.limit_days);
}

std::string message(const facts::SinglePointOfFailure& f) {
  std::string who = f.role->members.empty()
                        ? std::string()
                        : fmt::format(" ({})", f.role->members.front().name.value);
  return fmt::format("{} has one member{} and no backup, and is on the critical path of {}",
                     describe(*f.role), who, fmt::join(f.critical_in, ", "));
}

std::string message(const facts::SkillGap& f) {
  return fmt::format("{} needs skill '{}', which nobody in {} has", describe(*f.step),
                     excerpt(f.skill), describe(*f.role));
}

std::string message(const facts::BusFactor& f) {
  return fmt::format("only {} in {} has skill '{}', needed by {} step{}",
                     f.holder.empty() ? "one person" : excerpt(f.holder), describe(*f.role),
                     excerpt(f.skill), f.steps, f.steps == 1 ? "" : "s");
}

std::string message(const facts::DuplicateWork& f) {
  std::size_t named = std::min(f.processes, f.named.size());
  std::string names = fmt::format("{}", fmt::join(f.named.begin(), f.named.begin() + named, ", "));
  if (f.processes > named) names += fmt::format(" and {} more", f.processes - named);
  return fmt::format("'{}' by role '{}' is done in {} processes: {}",
                     excerpt(f.step->display_name()), excerpt(f.step->role.value, kMaxIdLength),
                     f.processes, names);
}

}  // namespace

std::string finding_subject(const Finding& finding) {
  // A finding about a member names the role and the person.
  const Member* member = nullptr;
  if (const auto* u = std::get_if<facts::UntrainedMember>(&finding.facts)) member = u->member;
  if (const auto* d = std::get_if<facts::RetrainingDue>(&finding.facts)) member = d->member;
  if (member) return fmt::format("{}: {}", fmt::join(finding.roles, ", "), member->name.value);
  // A finding about a whole process (handoffs) or several (duplicate work) names the process; one
  // about roles names them; the others name the process and their steps.
  const bool whole_process = std::holds_alternative<facts::HandoffHeavy>(finding.facts) ||
                             std::holds_alternative<facts::DuplicateWork>(finding.facts);
  if (finding.process.empty()) return fmt::format("{}", fmt::join(finding.roles, ", "));
  if (whole_process) return finding.process;
  return fmt::format("{}/{}", finding.process, fmt::join(finding.steps, "+"));
}

std::string finding_message(const Finding& finding) {
  return std::visit([&](const auto& f) { return message(f); }, finding.facts);
}

std::string finding_change(const Finding& finding) {
  const Change& c = finding.change;
  std::string text;
  switch (c.kind) {
    case ChangeKind::None:
      text = "none: the step must stay";
      break;
    case ChangeKind::RemoveWait:
      text = "remove the wait";
      break;
    case ChangeKind::HalveWaitStepStays:
      text = "halve its wait (the step must stay)";
      break;
    case ChangeKind::HalveWaitApprovalsStay:
      text = "halve its wait (the approvals must stay)";
      break;
    case ChangeKind::RemoveApproval:
      text = "remove the approval";
      break;
    case ChangeKind::MergeApprovals:
      text = "merge the two approvals";
      break;
    case ChangeKind::MergeSteps:
      text = "merge into one step";
      break;
    case ChangeKind::RemoveStep:
      text = "remove the step";
      break;
    case ChangeKind::CutWaitTo:
      text = fmt::format("cut its wait to {}", duration(c.amount));
      break;
    case ChangeKind::ShortenWork:
      text = "shorten the work itself: its duration alone exceeds the SLA";
      break;
    case ChangeKind::ShortenSpan:
      text = "shorten that stretch of the process: the findings on its steps say where";
      break;
    case ChangeKind::FewerRoles:
      text = "fewer roles on the critical path";
      break;
    case ChangeKind::GiveCapacity:
      text = "give its members a capacity (e.g. 30h/week)";
      break;
    case ChangeKind::CheckInputs:
      text = "check the frequencies and durations of its steps";
      break;
    case ChangeKind::HireOrTrain:
      text = hire_or_train(std::get<facts::OverloadedRole>(finding.facts));
      break;
    case ChangeKind::NameBackupOrTrain:
      text = "name a backup role or train 1 more person" +
             second_member(std::get<facts::SinglePointOfFailure>(finding.facts));
      break;
    case ChangeKind::CrossTrain:
      text = cross_train(finding);
      break;
    case ChangeKind::TrainMember: {
      std::size_t n = std::get<facts::UntrainedMember>(finding.facts).gaps.size();
      text = fmt::format("train them on the current SOP{}", n == 1 ? "" : "s");
      break;
    }
    case ChangeKind::Retrain:
      text = "retrain on the current SOP and record the new date";
      break;
    case ChangeKind::TrainOne:
      text = "train 1 person";
      break;
    case ChangeKind::TrainOneMore:
      text = "train 1 more person";
      break;
    case ChangeKind::ShareResult:
      text = "do it once and share the result";
      break;
  }
  if (c.not_estimated) text += " (its saving is not estimated: the process is too large)";
  return text;
}

}  // namespace opsflow
