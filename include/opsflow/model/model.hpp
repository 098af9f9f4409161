#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "opsflow/base/diagnostic.hpp"
#include "opsflow/base/enums.hpp"
#include "opsflow/base/values.hpp"
#include "opsflow/model/graph.hpp"

namespace opsflow {

// A value read from a file, with where it was written. `present` is false when the key was absent
// (then `value` holds the default and `loc` is zero) or its value could not be read (then `loc`
// says where it is written, and an error was reported there).
template <class T>
struct Field {
  T value{};
  SourceLoc loc{};
  bool present = false;

  Field() = default;
  explicit Field(T default_value) : value(std::move(default_value)) {}
  explicit operator bool() const { return present; }
  const T& operator*() const { return value; }
  const T* operator->() const { return &value; }
};

using Text = Field<std::string>;
using TextList = std::vector<Text>;

enum class Kind : std::uint8_t { Role, Process, Goal, Metric, Config, Observation };

// A kind as written in files ("Process") and as a noun in messages ("process").
struct KindName {
  std::string_view name;
  Kind value;
  std::string_view noun;
};
std::span<const KindName> enum_table(Kind);
// "process", "role", ... as used in messages.
inline std::string_view kind_noun(Kind kind) {
  return enum_entry(kind).noun;
}

// Lines [first, last] that a document or step occupies, for `ignore:` lists.
struct LineSpan {
  int first = 0;
  int last = 0;
  bool contains(int line) const { return line >= first && line <= last; }
};

// What changed in one version of a process's SOP (SPEC §2 metadata.changes).
struct VersionChange {
  Text version;
  Field<DateTime> date;  // when the version came into force; absent when not recorded
  Text summary;
  SourceLoc loc;
};

struct Metadata {
  Text id;
  Text name;
  Text description;
  Text owner;
  Text version;
  std::vector<VersionChange> changes;  // in file order
  Field<DateTime> reviewed;
  std::vector<std::pair<Text, Text>> labels;
  TextList ignore;
};

// What every document has: its kind, where it is and its metadata.
struct Document {
  Kind kind = Kind::Process;
  std::uint32_t file = 0;  // index into Model::files
  SourceLoc loc;           // the document's first key
  LineSpan span;
  Metadata meta;

  // metadata.name if given, else the id.
  const std::string& display_name() const { return meta.name ? meta.name.value : meta.id.value; }
};

// Ids name files (SOP pages, role handbooks): longer ones would exceed file-name limits.
inline constexpr std::size_t kMaxIdLength = 100;

inline constexpr double kDefaultCapacityHoursPerWeek = 32.0;
// The most people a role's headcount may give (larger numbers are refused as typos).
inline constexpr int kMaxHeadcount = 1'000'000;

// That a person was trained on a process's SOP: which version, and when (SPEC §2).
struct TrainingRecord {
  Text process;  // the process id
  Text version;  // its metadata.version they were trained on
  Field<DateTime> date;
  SourceLoc loc;
};

struct Member {
  Text name;
  TextList skills;
  std::vector<TrainingRecord> trained;
  bool training_recorded = false;  // the member has a `trained` key (perhaps an empty list)
};

struct Role : Document {
  std::vector<Member> members;
  Field<double> headcount;
  Field<double> capacity{kDefaultCapacityHoursPerWeek};  // process hours per member per week
  TextList skills;
  TextList responsibilities;
  Text reports_to;
  Text backup;

  // Named members, else headcount, else 0.
  double people() const {
    return members.empty() ? headcount.value : static_cast<double>(members.size());
  }
  // Whether any member has a `trained` key: then training decides capacity (SPEC §4), and a
  // member without a record for a process is untrained on it.
  bool records_training() const;
  // True if the role or any member holds `skill`.
  bool has_skill(const std::string& skill) const;
};

enum class StepType : std::uint8_t { Task, Approval, Review, Automated, Decision, Handoff };
enum class ValueClass : std::uint8_t { Customer, Business, None };

// The spellings of each enumeration, in the order the format documents them.
std::span<const EnumName<StepType>> enum_table(StepType);
std::span<const EnumName<ValueClass>> enum_table(ValueClass);

// A duration estimate in seconds: one value, or a three-point (min, likely, max) estimate.
struct Estimate {
  double min = 0;
  double likely = 0;
  double max = 0;
  bool three_point = false;
  // PERT mean (min + 4·likely + max) / 6; the value itself for a single estimate.
  double expected() const { return three_point ? (min + 4 * likely + max) / 6 : likely; }
};

struct Rework {
  Text to;
  Field<double> probability;
  SourceLoc loc;
  bool present = false;
};

// One branch of a decision step: the step it leads to, how often it is taken, and the condition
// people read in the SOP. Exactly one branch of a reached decision is taken.
struct Branch {
  Text to;
  Field<double> probability;
  Text when;
  SourceLoc loc;
};

struct Step {
  Text id;
  Text name;
  Field<StepType> type{StepType::Task};
  Text role;
  Text accountable;
  TextList consulted;
  TextList informed;
  Field<TextList> after;  // absent: the previous step; present and empty: starts at once
  Field<Estimate> duration;
  Field<double> wait;
  Field<double> delay;  // deliberate time before it starts: counted, never proposed for removal
  Text keep;            // why the step must stay: never proposed for removal or merging
  Field<ValueClass> value{ValueClass::Business};
  Field<double> probability{1.0};
  Rework rework;
  Field<std::vector<Branch>> branches;  // type: decision only
  TextList skills;
  Text activity;
  TextList tools;
  TextList inputs;
  TextList outputs;
  Text instructions;
  TextList checklist;
  TextList cautions;
  Field<double> sla;
  TextList ignore;
  SourceLoc loc;
  LineSpan span;

  const std::string& display_name() const { return name ? name.value : id.value; }
};

struct Process : Document {
  Text purpose;
  Text scope;
  Text trigger;
  Field<Rate> frequency;
  TextList goals;
  TextList metrics;
  std::vector<Step> steps;
  StepGraph graph;  // derived from the steps by the loader, once
};

// A key-result number: a plain number, or a duration in seconds.
struct Quantity {
  double value = 0;
  bool is_duration = false;
  bool is_percent = false;  // written with '%': 80% is 80 on a percent metric
};

struct KeyResult {
  Text metric;
  Field<Quantity> baseline;
  Field<Quantity> target;
  SourceLoc loc;
};

struct Goal : Document {
  Text objective;
  Field<DateTime> period_start;
  Field<DateTime> period_end;
  SourceLoc period_loc;
  bool has_period = false;
  Text parent;
  std::vector<KeyResult> key_results;
};

enum class Direction : std::uint8_t { LowerIsBetter, HigherIsBetter };
enum class Aggregation : std::uint8_t { Mean, Median, P90, P95, Sum, Count, Min, Max, Last };

std::span<const EnumName<Direction>> enum_table(Direction);
std::span<const EnumName<Aggregation>> enum_table(Aggregation);

// The stretch of a process a metric measures: from the start of `from` to the end of `to`.
struct Span {
  Text process;
  Text from;
  Text to;
  SourceLoc loc;
  bool present = false;
};

struct Metric : Document {
  Text unit;
  Field<Direction> direction;
  Field<Aggregation> aggregation{Aggregation::Mean};
  Text data;
  Span process_span;  // `span:` in the files
};

// A rule's severity set in a Config (`rules:` or an override).
struct RuleSetting {
  Text rule;
  Field<Severity> severity;
};

// Rule settings that apply to files matching any of `files` (globs relative to the config).
struct PathOverride {
  TextList files;
  std::vector<RuleSetting> rules;
  SourceLoc loc;
};

struct Thresholds {
  Field<double> utilization_warn{0.85};
  Field<double> wait_share{0.3};
  Field<double> handoffs{5};
  Field<double> review_days{365};
  Field<double> retrain_days{365};  // training older than this is due again
};

// The language of rendered pages.
enum class Lang : std::uint8_t { En, Zh };
std::span<const EnumName<Lang>> enum_table(Lang);  // "en", "zh"

struct RenderSettings {
  Text out;
  Text lang;
};

// The team's working time (Config calendar): open from `open` to `close` minutes after local
// midnight on the weekdays of `days` (bit 0 Monday .. bit 6 Sunday) that are not holidays, at
// `utc_offset` minutes from UTC. Durations in business time count only those hours.
struct Calendar {
  Text hours;         // "09:00-18:00" as written
  TextList days;      // [mon, tue, ...] as written
  TextList holidays;  // dates as written
  Text utc_offset;    // "+08:00" as written
  int open = 9 * 60, close = 18 * 60;
  std::uint8_t weekdays = 0x1F;            // Monday to Friday
  std::vector<std::int64_t> holiday_days;  // local day numbers, sorted
  int utc_offset_minutes = 0;
  bool present = false;
  SourceLoc loc;
};

// Working seconds between two instants (microseconds since 1970, UTC) under `calendar`: negative
// when `to` is before `from`. Linear in the weeks between them at worst, not in the days.
double working_seconds(const Calendar& calendar, std::int64_t from, std::int64_t to);

// Hours a week the calendar is open (for its ratio to calendar time: 168 / this).
double open_hours_per_week(const Calendar& calendar);

struct Config : Document {
  TextList paths;
  TextList exclude;
  Text data;
  std::vector<RuleSetting> rules;
  std::vector<PathOverride> overrides;
  Thresholds thresholds;
  Calendar calendar;
  RenderSettings render;
};

// What an event log showed about one step of a process (written by `mine --write-observed`).
struct ObservedStep {
  Text step;                 // the step's id
  Field<double> cases;       // cases in which it ran
  Field<double> runs;        // of the cases that reached it, the share in which it ran
  Field<Estimate> wait;      // p10, median and p90 of the wait before it
  Field<Estimate> duration;  // p10, median and p90 of its duration
  Field<double> rework;      // of its runs, the share sent back by its rework
  SourceLoc loc;
};

// One branch of an observed decision: of the cases that ran the decision, the share taking it.
struct ObservedBranch {
  Text to;
  Field<double> share;
  SourceLoc loc;
};

struct ObservedDecision {
  Text step;
  std::vector<ObservedBranch> branches;
  SourceLoc loc;
};

// An Observation (SPEC §6): what an event log showed about the process `meta.id`. analyze
// --observed uses its values instead of the process's estimates; render shows them beside them.
struct Observation : Document {
  Text source;                               // the event log it was mined from
  Field<DateTime> period_start, period_end;  // the first and the last event
  SourceLoc period_loc;
  Field<double> cases;
  std::vector<ObservedStep> steps;
  std::vector<ObservedDecision> decisions;

  // The entry for step `id`, or null.
  const ObservedStep* step(std::string_view id) const;
};

// A document meant to be opsflow's that was not read (an unknown kind, a wrong apiVersion): what
// it would define is unknown to the checks, so references to its id are folded into the problem
// that hides it (SPEC §3) instead of being reported one by one.
struct HiddenDocument {
  std::uint32_t file = 0;
  SourceLoc loc;             // where the problem that hides it is reported
  Rule rule;                 // and its rule
  std::string id;            // its metadata.id, "" when it has none
  std::optional<Kind> kind;  // what it was meant to be, when that can be told
};

// A file that was read; documents refer to it by index.
struct SourceFile {
  std::string path;
};

// Everything loaded from the user's files, in file order then document order.
struct Model {
  std::vector<SourceFile> files;
  std::vector<Role> roles;
  std::vector<Process> processes;
  std::vector<Goal> goals;
  std::vector<Metric> metrics;
  std::vector<Observation> observations;
  std::vector<Config> configs;  // the active config is configs[active_config] if set
  std::vector<HiddenDocument> hidden;
  std::optional<std::size_t> active_config;
  std::string config_dir;   // directory the active config's relative paths start from
  std::string config_file;  // the opsflow.yaml that was found, even if it does not parse
  // False when a file could not be read or parsed: its documents are missing, so checks that
  // conclude something is absent (unknown or unused ids) would be wrong and are skipped.
  bool complete = true;

  // Whether every document meant to be opsflow's was read: checks that conclude something is
  // unused need them all.
  bool all_read() const { return complete && hidden.empty(); }
  // The hidden document that may be the `kind` with id `id`, or null.
  const HiddenDocument* hidden_with_id(std::string_view id, Kind kind) const;

  const Config* config() const { return active_config ? &configs[*active_config] : nullptr; }
  const std::string& path_of(const Document& doc) const { return files[doc.file].path; }
  // The Observation of process `id`, or null.
  const Observation* observation_of(std::string_view id) const;
};

// The lists of documents of a Model, one per kind, and of the hidden ones: what a file adds to.
inline constexpr auto kDocumentLists =
    std::tuple{&Model::roles,   &Model::processes,    &Model::goals, &Model::metrics,
               &Model::configs, &Model::observations, &Model::hidden};

// For messages: "process 'incident'", or "the process at line 3" when it has no id.
std::string describe(const Document& doc);
// For messages: "step 'triage'", or "the step at line 12" when it has no id.
std::string describe(const Step& step);

}  // namespace opsflow
