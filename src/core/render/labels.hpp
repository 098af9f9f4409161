#pragma once
// Internal: every word a rendered page prints, in each language (the Chinese terms of the
// project's domain notes).

#include <array>

#include "opsflow/model/model.hpp"

namespace opsflow::detail {

struct Labels {
  const char* sop;
  const char* process;
  const char* field;
  const char* value;
  const char* owner;
  const char* version;
  const char* last_reviewed;
  const char* frequency;
  const char* lead_time;
  const char* typical_lead_time;
  const char* touch_time;
  const char* efficiency;
  const char* purpose;
  const char* scope;
  const char* trigger;
  const char* at_a_glance;
  const char* who_to_ask;       // heading
  const char* who_to_ask_text;  // {0} the owner role (a link), {1} its members
  const char* escalate;         // a step fact: who to tell when its SLA is missed
  const char* how_to_read;      // the heading of the numbers' explanation in the index
  std::array<const char*, 6> how_to_read_items;  // its list
  const char* who;
  const char* wait_short;  // a table column: the wait before a step
  const char* roles_and_responsibilities;
  const char* role;
  const char* members;
  const char* steps;
  const char* raci_matrix;
  const char* raci_legend;
  const char* step;
  const char* flowchart;
  // The flowchart's legend, one clause per shape or kind of arrow in use (joined by
  // legend_separator, each sentence ended by sentence_end).
  struct FlowchartLegend {
    const char* task;
    const char* approval;
    const char* decision;
    const char* automated;
    const char* rounded;  // reviews and handoffs
    const char* share;    // a percentage on an arrow: a branch or an optional step
    const char* rework;
    const char* typical;  // the typical path filled and thick
  } legend;
  const char* legend_separator;
  const char* sentence_end;
  const char* sentence_gap;  // between two sentences: a space in English, none in Chinese
  const char* rework_edge;   // the label of a rework arrow: "rework 15%"
  const char* wait_word;     // in a flowchart node: "11m, wait 5m"
  const char* procedure;
  const char* type;
  const char* duration;
  const char* wait;
  const char* probability;
  const char* inputs;
  const char* outputs;
  const char* tools;
  const char* skills;
  const char* sla;
  const char* instructions;
  const char* checklist;
  const char* cautions;
  const char* goals_and_metrics;
  const char* goal;
  const char* metric;
  const char* expected_span;  // {0} from step, {1} to step, {2} the expected value
  const char* key_result;
  const char* baseline;
  const char* target;
  const char* unit;
  const char* revision;
  const char* revision_text;  // {version} {reviewed}
  const char* generated;      // {tool version}
  const char* generated_on;   // {date}
  const char* role_handbook;
  const char* responsibilities;
  const char* role_work;             // the role's whole work, a field
  const char* role_work_text;        // {0} hours a week, {1} capacity a week, {2} utilization
  const char* member_share;          // a column: each member's even share of the role's work
  const char* member_share_trained;  // the same, in proportion to the hours training counts
  const char* member_share_text;     // {0} hours a week, {1} capacity a week, {2} utilization
  const char* backup;
  const char* reports_to;
  const char* index_title;
  const char* processes;
  const char* roles;
  const char* goals;
  const char* critical_path;
  const char* not_set;
  const char* automated;
  const char* rework;
  const char* rework_text;  // {probability} {step}
  const char* delay;
  const char* keep;
  const char* branches;
  const char* branch_text;  // {probability} {step}
  const char* branch_when;  // {condition}
  const char* expected;
  // What an event log showed (an Observation): the SOP's row and each step's fact.
  const char* observed;
  const char* observed_text;      // {0} cases {1} first day {2} last day {3} the log
  const char* observed_duration;  // {0} median {1} p10 {2} p90
  const char* observed_wait;      // {0} median {1} p10 {2} p90
  const char* observed_cases;     // {0} cases in which the step ran
  const char* list_separator;     // between the parts of one fact
  const char* in_calendar_time;   // {0}: a lead time in calendar time (with a Config calendar)
  const char* r;
  const char* a;
  const char* c;
  const char* i;
  // How frequency 12/week reads: {0} is the count, {1} the period.
  const char* frequency_format;
  // Step types and rate periods, in the order of their enums.
  std::array<const char*, 6> step_types;
  std::array<const char*, 5> rate_units;
  std::array<const char*, 2> directions;  // in the order of enum Direction
  // The metric units opsflow knows, in the order of kKnownUnits (render.cpp); others are shown as
  // written.
  std::array<const char*, 6> units;
  // Training: the matrix page, the handbook's section, the SOP's changes.
  const char* training_matrix;        // the page's title and the index's link
  const char* training_matrix_intro;  // what the cells mean
  const char* cell_current;           // {0} version
  const char* cell_due;               // {0} version: current, past its renewal date
  const char* cell_old;               // {0} the version trained on
  const char* cell_missing;
  const char* coverage_text;   // {0} current {1} required {2} share: a role's or everyone's
  const char* everyone;        // the coverage row of all roles together
  const char* coverage;        // a column: current of required
  const char* not_tracked;     // {0} the roles that record no training
  const char* renewals;        // heading: when each current training falls due
  const char* renewals_intro;  // {0} retrain-days
  const char* renewals_as_of;  // {0} the --date the due marks are taken at
  const char* member;
  const char* trained_on_date;     // a column: the date of the training
  const char* renew_by;            // a column
  const char* due_mark;            // {0} a renewal date that has passed
  const char* training;            // the handbook's heading
  const char* trained_current;     // a column: the current SOPs a member is trained on
  const char* train_next;          // a column: what a member must be trained on next
  const char* next_missing;        // {0} process {1} version: no record
  const char* next_missing_any;    // {0} a process without a version: no record
  const char* next_old;            // {0} process {1} version {2} the old version
  const char* next_due;            // {0} process {1} renewal date (past)
  const char* next_renew;          // {0} process {1} renewal date
  const char* nothing;             // a cell with nothing in it
  const char* what_changed;        // heading, when nobody is on an older version
  const char* what_changed_since;  // heading: {0} the oldest version still trained on
  const char* still_to_train;      // {0} version {1} who (name and their version)
  const char* person_state;        // {0} a name {1} where they stand
  const char* date;
  const char* change_summary;
};

// The words of `lang`.
const Labels& labels(Lang lang);

}  // namespace opsflow::detail
