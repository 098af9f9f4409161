#pragma once
// Event logs (SPEC §6): ticket or workflow exports as CSV, read into activity instances.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "opsflow/base/diagnostic.hpp"
#include "opsflow/base/enums.hpp"
#include "opsflow/stats/csv.hpp"

namespace opsflow {

// Which columns hold what. An empty name: found by its default name (case_id, activity,
// timestamp, start_timestamp, lifecycle, resource), else by its XES-style name
// (case:concept:name, concept:name, time:timestamp, lifecycle:transition, org:resource).
struct LogColumns {
  std::string case_id{}, activity{}, timestamp{}, start{}, lifecycle{}, resource{};
};

// What to do with a row that cannot be read (a missing case, activity or timestamp, a bad
// timestamp): report it as an error (Fail), or count it and go on (Skip).
enum class OnError : std::uint8_t { Fail, Skip };
std::span<const EnumName<OnError>> enum_table(OnError);  // "fail", "skip"

struct LogOptions {
  LogColumns columns;
  char delimiter = ',';
  OnError on_error = OnError::Fail;
  // Called with the rows read so far after every `progress_every` rows (mine shows it on a
  // terminal, for large logs).
  std::function<void(std::uint64_t rows)> progress{};
  std::uint64_t progress_every = std::uint64_t{1} << 18;
  // Split the CSV into rows on a second thread while this one builds the log (streamed logs; the
  // log and its diagnostics are the same either way).
  bool read_ahead = false;
};

// How activity instances were formed (SPEC §6): each row one instance at its timestamp, rows with
// a lifecycle (start and complete paired), or rows with a start-timestamp column.
enum class LogMode : std::uint8_t { CompleteOnly, Lifecycle, StartColumn };
std::span<const EnumName<LogMode>> enum_table(LogMode);  // "complete_only", "lifecycle", ...

// Seconds from `from` to `to`, instants in microseconds as a log holds them (negative when `to`
// is earlier).
inline double seconds_between(std::int64_t from, std::int64_t to) {
  return static_cast<double>(to - from) / 1e6;
}

// One activity instance: from start to complete, in microseconds since 1970 (UTC).
struct ActivityInstance {
  std::uint32_t activity = 0;  // index into EventLog::activities
  std::uint32_t resource = 0;  // index into EventLog::resources; kNoResource when none
  std::int64_t start = 0, complete = 0;
  std::uint32_t order = 0;  // the row it completed on, counting data rows from 0
};

inline constexpr std::uint32_t kNoResource = UINT32_MAX;

// A case: its instances in order (start, complete, file order) and the span of its rows.
struct LogCase {
  std::uint32_t id = 0;                // index into EventLog::case_ids
  std::uint32_t first = 0, count = 0;  // its instances: EventLog::instances[first, first+count)
  std::int64_t first_time = 0, last_time = 0;  // over its rows' timestamps (not start columns)
};

struct EventLog {
  std::string file;
  LogMode mode = LogMode::CompleteOnly;
  std::uint64_t rows = 0;              // data rows read (with those skipped)
  std::uint64_t skipped_rows = 0;      // rows that could not be read, with --on-error skip
  std::uint64_t ignored_rows = 0;      // lifecycle rows other than start and complete
  std::uint64_t unmatched_starts = 0;  // starts never completed (dropped, SPEC §6)
  std::vector<std::string> case_ids, activities, resources;
  std::vector<std::uint64_t> activity_rows;  // per activity: its rows that count (events)
  std::vector<LogCase> cases;                // in order of first appearance in the file
  std::vector<ActivityInstance> instances;   // grouped by case, each case in order
};

// Reads an event log from `source` (the whole file, or a stream: gzip, standard input), named
// `file` in diagnostics. Problems in the log (a missing column, a row without case, activity or
// timestamp, a timestamp that is not ISO 8601) are appended to `diagnostics` with line and
// column: as errors with OnError::Fail, else counted in skipped_rows and reported once as a
// warning. Rows out of order within a case are sorted (stably), never dropped.
EventLog read_event_log(CsvReader::Source source, const std::string& file,
                        const LogOptions& options, std::vector<Diagnostic>& diagnostics);

// For a log whose rows come grouped by case (mine --sorted-by-case): reads it in batches of whole
// cases of at least `batch_rows` rows (the last may have fewer; a log without rows gives one
// empty batch), handing each to `on_batch` as a log of its own, so memory holds one batch. A case
// whose rows come again after its batch was handed on is an error with its line.
void read_event_log_by_case(CsvReader::Source source, const std::string& file,
                            const LogOptions& options, std::vector<Diagnostic>& diagnostics,
                            std::size_t batch_rows,
                            const std::function<void(const EventLog&)>& on_batch);

// The same from text in memory (tests).
EventLog read_event_log(std::string_view text, const std::string& file, const LogOptions& options,
                        std::vector<Diagnostic>& diagnostics);

}  // namespace opsflow
