#pragma once
// Internal: what render shows of training (SPEC §2 `trained`, metadata.changes): the training
// matrix page, the Training section of a role's handbook and the changes on an SOP page.

#include <cstdint>
#include <optional>

#include "labels.hpp"
#include "opsflow/model/model.hpp"
#include "opsflow/model/training.hpp"
#include "page.hpp"

namespace opsflow::detail {

// "10 of 15 required trainings are on the current version (67%)."
std::string coverage_sentence(const Labels& l, const TrainingCoverage& c);

// training.md: people x processes, the coverage per role, and when each training falls due
// (marked due at `as_of`, the page's --date; never the clock).
RenderedFile render_training_matrix(const Model& model, const Labels& l,
                                    std::optional<std::int64_t> as_of);

// The Training section of a role that records training: each member's current trainings and
// what they must be trained on next. Nothing for other roles.
void training_section(Page& page, const Model& model, const Role& role, const Labels& l,
                      std::optional<std::int64_t> as_of);

// "What changed since version N" on the SOP of a process that records changes: N is the oldest
// version a member who does its steps is still trained on; the changes after it, and who is
// still to be trained.
void changes_section(Page& page, const Model& model, const Process& process, const Labels& l);

}  // namespace opsflow::detail
