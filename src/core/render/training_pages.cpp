// The training matrix, the handbook's Training section and an SOP's changes.
#include "training_pages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "opsflow/model/training.hpp"

namespace opsflow::detail {
namespace {

// The day training_status measures due against: `as_of`, or (without a date) a day before any
// training, so that nothing is due and the page does not depend on the clock.
std::int64_t due_day(std::optional<std::int64_t> as_of) {
  return as_of.value_or(std::numeric_limits<std::int64_t>::min() / 2);
}

// A label that ends in " v{0}" with `p`'s version, or without that ending for a process without
// one (its trainings carry none).
std::string with_version(const char* label, const Process& p) {
  if (p.meta.version) return fmt::format(fmt::runtime(label), text(p.meta.version.value));
  std::string plain = fmt::format(fmt::runtime(label), "");
  if (plain.ends_with(" v")) plain.resize(plain.size() - 2);
  return plain;
}

std::string cell(const TrainingStatus& status, const Process& p, const Labels& l) {
  switch (status.state) {
    case TrainingState::Current:
      return with_version(status.due ? l.cell_due : l.cell_current, p);
    case TrainingState::Outdated:
      return fmt::format(fmt::runtime(l.cell_old), text(status.record->version.value));
    case TrainingState::Missing:
      break;
  }
  return l.cell_missing;
}

std::string share_text(const TrainingCoverage& c) {
  return c.required
             ? whole_percent(static_cast<double>(c.current) / static_cast<double>(c.required))
             : std::string("-");
}

std::string sop_link(const Process& p, std::string_view prefix) {
  return fmt::format("[{}]({}{}.md)", text(p.meta.id.value), prefix, p.meta.id.value);
}

}  // namespace

std::string coverage_sentence(const Labels& l, const TrainingCoverage& c) {
  return fmt::format(fmt::runtime(l.coverage_text), c.current, c.required, share_text(c));
}

RenderedFile render_training_matrix(const Model& model, const Labels& l,
                                    std::optional<std::int64_t> as_of) {
  Page page(l.training_matrix);
  page.paragraph(l.training_matrix_intro);
  const double retrain = retrain_days(model);
  const std::int64_t today = due_day(as_of);
  const std::vector<RequiredTraining> required = required_trainings(model);
  // The columns: every process a tracked role does steps in, in model order (pointers into
  // model.processes sort so).
  std::vector<const Process*> columns;
  for (const RequiredTraining& r : required)
    columns.insert(columns.end(), r.processes.begin(), r.processes.end());
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  std::vector<const Role*> untracked;
  for (const Role& r : model.roles) {
    if (!r.records_training()) untracked.push_back(&r);
  }
  std::vector<std::string> header{l.member, l.role};
  for (const Process* p : columns) {
    header.push_back(p->meta.version
                         ? fmt::format("{} v{}", sop_link(*p, ""), text(p->meta.version.value))
                         : sop_link(*p, ""));
  }
  std::vector<std::vector<std::string>> rows, coverage;
  struct Renewal {
    std::int64_t renew_by;
    const Member* member;
    const Process* process;
    const TrainingRecord* record;
  };
  std::vector<Renewal> renewals;
  for (const RequiredTraining& r : required) {
    const std::string link = role_link(model, r.role->meta.id.value, "");
    for (const Member& m : r.role->members) {
      std::vector<std::string> row{text(m.name.value), link};
      for (const Process* p : columns) {
        if (!std::binary_search(r.processes.begin(), r.processes.end(), p)) {
          row.push_back(l.nothing);
          continue;
        }
        TrainingStatus status = training_status(m, *p, today, retrain);
        row.push_back(cell(status, *p, l));
        if (status.renew_by) renewals.push_back({*status.renew_by, &m, p, status.record});
      }
      rows.push_back(std::move(row));
    }
    TrainingCoverage c = coverage_now(required, r.role);
    coverage.push_back({link, fmt::format("{} / {}", c.current, c.required), share_text(c)});
  }
  page.table(header, rows);
  TrainingCoverage all = coverage_now(required);
  page.paragraph(coverage_sentence(l, all));
  coverage.push_back(
      {l.everyone, fmt::format("{} / {}", all.current, all.required), share_text(all)});
  page.table({l.role, l.coverage, "%"}, coverage,
             {ColumnAlign::Left, ColumnAlign::Right, ColumnAlign::Right});
  if (!untracked.empty()) {
    std::vector<std::string> links;
    for (const Role* r : untracked) links.push_back(role_link(model, r->meta.id.value, ""));
    page.paragraph(fmt::format(fmt::runtime(l.not_tracked), fmt::join(links, l.list_separator)));
  }
  page.heading(2, l.renewals);
  std::string intro = fmt::format(fmt::runtime(l.renewals_intro), retrain);
  if (as_of) {
    intro += l.sentence_gap;
    intro += fmt::format(fmt::runtime(l.renewals_as_of), format_date(*as_of));
  }
  page.paragraph(intro);
  std::stable_sort(renewals.begin(), renewals.end(),
                   [](const Renewal& a, const Renewal& b) { return a.renew_by < b.renew_by; });
  std::vector<std::vector<std::string>> renewal_rows;
  for (const Renewal& r : renewals) {
    std::string renew = format_date(r.renew_by);
    if (as_of && r.renew_by < *as_of) renew = fmt::format(fmt::runtime(l.due_mark), renew);
    renewal_rows.push_back({text(r.member->name.value), sop_link(*r.process, ""),
                            r.record->version ? text(r.record->version.value) : "-",
                            format_date(r.record->date.value.days), renew});
  }
  if (renewal_rows.empty())
    page.paragraph(l.nothing);
  else
    page.table({l.member, l.process, l.version, l.trained_on_date, l.renew_by}, renewal_rows);
  return {"training.md", page.finish()};
}

void training_section(Page& page, const Model& model, const Role& role, const Labels& l,
                      std::optional<std::int64_t> as_of) {
  if (!role.records_training()) return;
  const double retrain = retrain_days(model);
  const std::int64_t today = due_day(as_of);
  std::vector<const Process*> required = required_processes(model, role);
  page.heading(2, l.training);
  std::vector<std::vector<std::string>> rows;
  for (const Member& m : role.members) {
    std::vector<std::string> current, next;
    std::optional<std::pair<std::int64_t, const Process*>> soonest;
    for (const Process* p : required) {
      TrainingStatus status = training_status(m, *p, today, retrain);
      const std::string link = sop_link(*p, "../");
      const std::string version = text(p->meta.version.value);
      switch (status.state) {
        case TrainingState::Current:
          current.push_back(link + with_version(" v{0}", *p));
          if (status.due) {
            next.push_back(
                fmt::format(fmt::runtime(l.next_due), link, format_date(*status.renew_by)));
          } else if (status.renew_by && (!soonest || *status.renew_by < soonest->first)) {
            soonest = std::pair(*status.renew_by, p);
          }
          break;
        case TrainingState::Outdated:
          next.push_back(fmt::format(fmt::runtime(l.next_old), link, version,
                                     text(status.record->version.value)));
          break;
        case TrainingState::Missing:
          next.push_back(fmt::format(
              fmt::runtime(p->meta.version ? l.next_missing : l.next_missing_any), link, version));
          break;
      }
    }
    // Nothing missing: the next thing is the first renewal.
    if (next.empty() && soonest) {
      next.push_back(fmt::format(fmt::runtime(l.next_renew), sop_link(*soonest->second, "../"),
                                 format_date(soonest->first)));
    }
    rows.push_back({text(m.name.value),
                    current.empty() ? l.nothing : fmt::format("{}", fmt::join(current, ", ")),
                    next.empty() ? l.nothing : fmt::format("{}", fmt::join(next, ", "))});
  }
  page.table({l.member, l.trained_current, l.train_next}, rows);
}

void changes_section(Page& page, const Model& model, const Process& process, const Labels& l) {
  if (process.meta.changes.empty()) return;
  // Who still holds an older version, or none, among the members who do its steps.
  const std::string* oldest = nullptr;
  std::vector<std::string> behind;
  for (const Role& r : model.roles) {
    if (!r.records_training() || !does_steps_in(process, r.meta.id.value)) continue;
    for (const Member& m : r.members) {
      TrainingStatus status = training_status(m, process, 0, 0);
      if (status.state == TrainingState::Current) continue;
      std::string state = l.cell_missing;
      if (status.state == TrainingState::Outdated) {
        const std::string& v = status.record->version.value;
        state = fmt::format(fmt::runtime(l.cell_old), text(v));
        if (!oldest || compare_versions(v, *oldest).value_or(0) < 0) oldest = &v;
      }
      behind.push_back(fmt::format(fmt::runtime(l.person_state), text(m.name.value), state));
    }
  }
  page.heading(2, oldest ? fmt::format(fmt::runtime(l.what_changed_since), *oldest)
                         : std::string(l.what_changed));
  std::vector<std::vector<std::string>> rows;
  for (const VersionChange& c : process.meta.changes) {
    if (oldest && compare_versions(c.version.value, *oldest).value_or(1) <= 0) continue;
    rows.push_back({text(c.version.value), c.date ? format_date(c.date.value.days) : "-",
                    text(c.summary.value)});
  }
  page.table({l.version, l.date, l.change_summary}, rows);
  if (!behind.empty() && process.meta.version) {
    page.paragraph(fmt::format(fmt::runtime(l.still_to_train), text(process.meta.version.value),
                               fmt::join(behind, l.list_separator)));
  }
}

}  // namespace opsflow::detail
