// The file format as tables (SPEC §2): each mapping's fields, what they mean, and how each is read
// into the model. Decoding a mapping reads exactly the fields of its table, so the table is the
// format: a key that is not in it is an unknown field.
#include "opsflow/load/fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "decode.hpp"
#include "field_def.hpp"
#include "map_reader.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/base/values.hpp"

namespace opsflow {
namespace detail {
namespace {

using yaml::kNoNode;
using yaml::NodeId;
using yaml::NodeType;

// --- Config ---------------------------------------------------------------------------------

std::vector<RuleSetting> read_rule_settings(DecodeContext& ctx, NodeId id, std::string what) {
  std::vector<RuleSetting> out;
  MapReader r(ctx, id, std::move(what));
  for (auto& entry : r.entries()) {
    RuleSetting setting;
    setting.rule.value = std::string(entry.key);
    setting.rule.loc = ctx.doc.nodes[entry.key_node].loc;
    setting.rule.present = true;
    r.severity(entry.key, setting.severity);
    if (setting.severity) out.push_back(std::move(setting));
  }
  return out;
}

const std::vector<FieldDef<PathOverride>>& override_fields() {
  static const std::vector<FieldDef<PathOverride>> fields = {
      field<kTextList, &PathOverride::files>(
          {.name = "files",
           .required = true,
           .description = "Globs relative to the Config's folder (** any folders, * and ?)"}),
      custom<PathOverride>(
          {.name = "rules",
           .type = FieldType::Map,
           .required = true,
           .description = "rule-id: off|info|warning|error for those files"},
          [](MapReader& r, const FieldInfo& f, PathOverride& o) {
            NodeId settings = r.get(f.name);
            if (settings != kNoNode)
              o.rules = read_rule_settings(r.context(), settings, "the override's rules");
          },
          [](const PathOverride& o) { return !o.rules.empty(); }),
  };
  return fields;
}

const std::vector<FieldDef<Thresholds>>& threshold_fields() {
  // Shares are of 100%; at 0 every role or wait would be flagged, with advice that cannot be
  // followed.
  static const std::vector<FieldDef<Thresholds>> fields = {
      field<kNumber, &Thresholds::utilization_warn>(
          {.name = "utilization-warn",
           .default_value = "0.85",
           .description = "Role utilization that is flagged (overloaded-role)",
           .min = 0.01,
           .max = 1}),
      field<kNumber, &Thresholds::wait_share>(
          {.name = "wait-share",
           .default_value = "0.3",
           .description = "Share of the lead time a wait must reach to be flagged (long-wait)",
           .min = 0.01,
           .max = 1}),
      field<kNumber, &Thresholds::handoffs>(
          {.name = "handoffs",
           .default_value = "5",
           .description = "Handoffs on a critical path above which it is flagged",
           .min = 0}),
      field<kNumber, &Thresholds::review_days>(
          {.name = "review-days",
           .default_value = "365",
           .description = "Days after which a review is overdue",
           .min = 1}),
      field<kNumber, &Thresholds::retrain_days>(
          {.name = "retrain-days",
           .default_value = "365",
           .description = "Days after which a training is due again (at most 36500)",
           .min = 1,
           .max = 36500}),
  };
  return fields;
}

const std::vector<FieldDef<RenderSettings>>& render_fields() {
  static const std::vector<FieldDef<RenderSettings>> fields = {
      field<kText, &RenderSettings::out>(
          {.name = "out",
           .default_value = "docs/sop",
           .description = "Folder for the pages, relative to the Config's folder"}),
      custom<RenderSettings>({.name = "lang",
                              .type = kChoice,
                              .default_value = "en",
                              .description = "Language of headings and labels",
                              .allowed = enum_names<Lang>()},
                             [](MapReader& r, const FieldInfo& f, RenderSettings& render) {
                               r.text(f.name, render.lang);
                               if (render.lang && !parse_enum<Lang>(render.lang.value)) {
                                 r.context().report(
                                     rule::kInvalidValue, render.lang.loc,
                                     fmt::format("render language '{}' is not supported",
                                                 excerpt(render.lang.value)),
                                     fmt::format("choose one of: {}", enum_list<Lang>(", ")));
                               }
                             }),
  };
  return fields;
}

// "HH:MM" as minutes after midnight (00:00 to 24:00); -1 when it is not one.
int clock_minutes(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return -1;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') return -1;
  }
  const int h = (text[0] - '0') * 10 + (text[1] - '0'), m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m > 0)) return -1;
  return h * 60 + m;
}

const std::vector<FieldDef<Calendar>>& calendar_fields() {
  static const std::vector<FieldDef<Calendar>> fields = {
      custom<Calendar>(
          {.name = "hours",
           .type = kText,
           .default_value = "09:00-18:00",
           .description = "Opening hours of a working day, HH:MM-HH:MM, local"},
          [](MapReader& r, const FieldInfo& f, Calendar& c) {
            r.text(f.name, c.hours);
            if (!c.hours) return;
            const std::string& h = c.hours.value;
            const std::size_t dash = h.find('-');
            const int open =
                dash == std::string::npos ? -1 : clock_minutes(std::string_view(h).substr(0, dash));
            const int close = dash == std::string::npos
                                  ? -1
                                  : clock_minutes(std::string_view(h).substr(dash + 1));
            if (open < 0 || close <= open) {
              r.context().report(rule::kInvalidValue, c.hours.loc,
                                 fmt::format("calendar hours '{}' are not HH:MM-HH:MM with the "
                                             "opening before the closing",
                                             excerpt(h)),
                                 "write them like 09:00-18:00");
              return;
            }
            c.open = open;
            c.close = close;
          }),
      custom<Calendar>({.name = "days",
                        .type = kTextList,
                        .default_value = "[mon, tue, wed, thu, fri]",
                        .description = "Working weekdays: mon tue wed thu fri sat sun"},
                       [](MapReader& r, const FieldInfo& f, Calendar& c) {
                         r.text_list(f.name, c.days);
                         if (c.days.empty()) return;
                         static constexpr std::string_view kDays[] = {"mon", "tue", "wed", "thu",
                                                                      "fri", "sat", "sun"};
                         std::uint8_t mask = 0;
                         for (const Text& d : c.days) {
                           auto it = std::find(std::begin(kDays), std::end(kDays), d.value);
                           if (it == std::end(kDays)) {
                             std::vector<std::string_view> names(std::begin(kDays),
                                                                 std::end(kDays));
                             r.context().report(
                                 rule::kInvalidValue, d.loc,
                                 fmt::format("calendar day '{}' is not a weekday{}",
                                             excerpt(d.value), did_you_mean_suffix(d.value, names)),
                                 "write mon, tue, wed, thu, fri, sat or sun");
                             continue;
                           }
                           mask = static_cast<std::uint8_t>(mask | 1u << (it - std::begin(kDays)));
                         }
                         c.weekdays = mask;
                       }),
      custom<Calendar>({.name = "holidays",
                        .type = kTextList,
                        .description = "Dates that are not working days (YYYY-MM-DD)"},
                       [](MapReader& r, const FieldInfo& f, Calendar& c) {
                         r.text_list(f.name, c.holidays);
                         for (const Text& d : c.holidays) {
                           Parsed<DateTime> day = parse_date(d.value);
                           if (!day.value) {
                             r.context().report(rule::kInvalidDate, d.loc, day.error, day.hint);
                             continue;
                           }
                           c.holiday_days.push_back(day.value->days);
                         }
                         std::sort(c.holiday_days.begin(), c.holiday_days.end());
                         c.holiday_days.erase(
                             std::unique(c.holiday_days.begin(), c.holiday_days.end()),
                             c.holiday_days.end());
                       }),
      custom<Calendar>(
          {.name = "utcOffset",
           .type = kText,
           .default_value = "+00:00",
           .description = "The team's time zone as an offset from UTC, +HH:MM or -HH:MM"},
          [](MapReader& r, const FieldInfo& f, Calendar& c) {
            r.text(f.name, c.utc_offset);
            if (!c.utc_offset) return;
            const std::string& o = c.utc_offset.value;
            const int minutes =
                o.size() == 6 && (o[0] == '+' || o[0] == '-') ? clock_minutes(o.substr(1)) : -1;
            if (minutes < 0 || minutes > 14 * 60) {
              r.context().report(
                  rule::kInvalidValue, c.utc_offset.loc,
                  fmt::format("calendar utcOffset '{}' is not +HH:MM or -HH:MM", excerpt(o)),
                  "write it like +08:00 or -05:00");
              return;
            }
            c.utc_offset_minutes = o[0] == '-' ? -minutes : minutes;
          }),
  };
  return fields;
}

const std::vector<FieldDef<Config>>& config_fields() {
  static const std::vector<FieldDef<Config>> fields = {
      field<kTextList, &Config::paths>(
          {.name = "paths", .description = "What to read when no PATH is given"}),
      field<kTextList, &Config::exclude>(
          {.name = "exclude", .description = "Globs of files and folders never read"}),
      field<kText, &Config::data>(
          {.name = "data", .default_value = "data", .description = "The measurement folder"}),
      custom<Config>({.name = "rules",
                      .type = FieldType::Map,
                      .description = "rule-id: off|info|warning|error"},
                     [](MapReader& s, const FieldInfo& f, Config& config) {
                       NodeId rules = s.get(f.name);
                       if (rules != kNoNode)
                         config.rules = read_rule_settings(s.context(), rules, "rules");
                     }),
      custom<Config>({.name = "overrides",
                      .type = FieldType::List,
                      .description = "Rule settings for some files: [{files, rules}]",
                      .shape = Shape::Override},
                     [](MapReader& s, const FieldInfo& f, Config& config) {
                       for (NodeId item : s.items(f.name, "{files, rules}")) {
                         PathOverride o;
                         MapReader r(s.context(), item, "an override");
                         o.loc = r.loc();
                         decode_fields(r, override_fields(), o);
                         r.finish();
                         config.overrides.push_back(std::move(o));
                       }
                     }),
      custom<Config>({.name = "thresholds",
                      .type = FieldType::Mapping,
                      .description = "Limits of the findings",
                      .shape = Shape::Thresholds},
                     [](MapReader& s, const FieldInfo& f, Config& config) {
                       read_mapping(s, f, threshold_fields(), "thresholds", config.thresholds);
                     }),
      custom<Config>({.name = "calendar",
                      .type = FieldType::Mapping,
                      .description = "Working hours, days, holidays and time zone: estimates are "
                                     "working time (analyze and render also give lead times in "
                                     "calendar time) and event log durations are also given in "
                                     "working time",
                      .shape = Shape::Calendar},
                     [](MapReader& s, const FieldInfo& f, Config& config) {
                       if (auto loc =
                               read_mapping(s, f, calendar_fields(), "calendar", config.calendar)) {
                         config.calendar.present = true;
                         config.calendar.loc = *loc;
                       }
                     }),
      custom<Config>({.name = "render",
                      .type = FieldType::Mapping,
                      .description = "Where and in which language render writes",
                      .shape = Shape::Render},
                     [](MapReader& s, const FieldInfo& f, Config& config) {
                       read_mapping(s, f, render_fields(), "render settings", config.render);
                     }),
  };
  return fields;
}

// --- documents ------------------------------------------------------------------------------

const std::vector<FieldInfo>& document_fields() {
  static const std::vector<FieldInfo> fields = {
      {.name = "apiVersion",
       .type = kText,
       .required = true,
       .description = "opsflow/v1: what makes the document opsflow's"},
      {.name = "kind",
       .type = kChoice,
       .required = true,
       .description = "What the document describes",
       .allowed = enum_names<Kind>()},
      {.name = "metadata",
       .type = FieldType::Mapping,
       .required = true,
       .description = "Its id, name, owner, version and review date",
       .shape = Shape::Metadata},
      {.name = "spec",
       .type = FieldType::Mapping,
       .required = true,
       .description = "The content, by kind (a Role's or a Config's may be left out)"},
  };
  return fields;
}

}  // namespace

void decode_metadata(DecodeContext& ctx, NodeId id, Document& doc) {
  MapReader m(ctx, id, fmt::format("the metadata of this {}", kind_noun(doc.kind)));
  decode_fields(m, metadata_fields(), doc);
  m.finish();
}

void decode_spec(MapReader& spec, Document& doc) {
  switch (doc.kind) {
    case Kind::Role: {
      auto& role = static_cast<Role&>(doc);
      decode_fields(spec, role_fields(), role);
      check_role(spec, role);
      break;
    }
    case Kind::Process: {
      auto& process = static_cast<Process&>(doc);
      decode_fields(spec, process_fields(), process);
      process.graph = build_step_graph(process);
      break;
    }
    case Kind::Goal:
      decode_fields(spec, goal_fields(), static_cast<Goal&>(doc));
      break;
    case Kind::Metric:
      decode_fields(spec, metric_fields(), static_cast<Metric&>(doc));
      break;
    case Kind::Config:
      decode_fields(spec, config_fields(), static_cast<Config&>(doc));
      break;
    case Kind::Observation:
      decode_fields(spec, observation_fields(), static_cast<Observation&>(doc));
      break;
  }
}

}  // namespace detail

std::span<const EnumName<FieldType>> enum_table(FieldType) {
  static constexpr EnumName<FieldType> kTypes[] = {
      {"text", FieldType::String},
      {"list of text", FieldType::StringList},
      {"id", FieldType::Id},
      {"number", FieldType::Number},
      {"duration", FieldType::Duration},
      {"duration or three-point duration", FieldType::Estimate},
      {"probability", FieldType::Probability},
      {"date", FieldType::Date},
      {"rate", FieldType::Rate},
      {"capacity", FieldType::Capacity},
      {"number or duration", FieldType::Quantity},
      {"choice", FieldType::Choice},
      {"mapping", FieldType::Mapping},
      {"list", FieldType::List},
      {"mapping of values", FieldType::Map}};
  return kTypes;
}

std::span<const EnumName<Shape>> enum_table(Shape) {
  static constexpr EnumName<Shape> kShapes[] = {{"document", Shape::Document},
                                                {"metadata", Shape::Metadata},
                                                {"version change", Shape::Change},
                                                {"Role spec", Shape::Role},
                                                {"member", Shape::Member},
                                                {"training record", Shape::Training},
                                                {"Process spec", Shape::Process},
                                                {"step", Shape::Step},
                                                {"three-point duration", Shape::Estimate},
                                                {"rework", Shape::Rework},
                                                {"branch", Shape::Branch},
                                                {"Goal spec", Shape::Goal},
                                                {"period", Shape::Period},
                                                {"key result", Shape::KeyResult},
                                                {"Metric spec", Shape::Metric},
                                                {"span", Shape::Span},
                                                {"Config spec", Shape::Config},
                                                {"override", Shape::Override},
                                                {"thresholds", Shape::Thresholds},
                                                {"render", Shape::Render},
                                                {"calendar", Shape::Calendar},
                                                {"Observation spec", Shape::Observation},
                                                {"observed period", Shape::ObservedPeriod},
                                                {"observed step", Shape::ObservedStep},
                                                {"observed decision", Shape::ObservedDecision},
                                                {"observed branch", Shape::ObservedBranch}};
  return kShapes;
}

std::span<const FieldInfo> fields_of(Shape shape) {
  using namespace detail;
  static const std::vector<FieldInfo> kTables[] = {document_fields(),
                                                   infos(metadata_fields()),
                                                   infos(change_fields()),
                                                   infos(role_fields()),
                                                   infos(member_fields()),
                                                   infos(training_fields()),
                                                   infos(process_fields()),
                                                   infos(step_fields()),
                                                   infos(estimate_fields()),
                                                   infos(rework_fields()),
                                                   infos(branch_fields()),
                                                   infos(goal_fields()),
                                                   infos(period_fields()),
                                                   infos(key_result_fields()),
                                                   infos(metric_fields()),
                                                   infos(span_fields()),
                                                   infos(config_fields()),
                                                   infos(override_fields()),
                                                   infos(threshold_fields()),
                                                   infos(render_fields()),
                                                   infos(calendar_fields()),
                                                   infos(observation_fields()),
                                                   infos(observed_period_fields()),
                                                   infos(observed_step_fields()),
                                                   infos(observed_decision_fields()),
                                                   infos(observed_branch_fields())};
  return kTables[static_cast<std::size_t>(shape)];
}

}  // namespace opsflow
