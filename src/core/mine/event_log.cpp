// Event logs: CSV rows -> activity instances per case (SPEC §6).
#include "opsflow/mine/event_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <utility>

#include "opsflow/base/text.hpp"
#include "opsflow/base/values.hpp"

namespace opsflow {
namespace {

// What a row says about its activity: the lifecycle transitions that count (SPEC §6).
enum class Transition : std::uint8_t { Start, Complete, Other };

Transition transition_of(std::string_view text) {
  auto equals = [&](std::string_view word) {
    return text.size() == word.size() && std::equal(text.begin(), text.end(), word.begin(),
                                                    [](char a, char b) { return (a | 0x20) == b; });
  };
  if (text.empty() || equals("complete")) return Transition::Complete;
  if (equals("start")) return Transition::Start;
  return Transition::Other;
}

// Interns names as indexes: an open-addressing table of indexes into `names`, probed linearly
// from a 64-bit multiplicative hash (three lookups a row: a node-based map took a sixth of the
// run).
class Names {
 public:
  explicit Names(std::vector<std::string>& names) : names_(names), slots_(64, 0) {}
  std::uint32_t index(std::string_view name) {
    const std::uint64_t h = hash(name);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint32_t slot = slots_[i];
      if (slot == 0) break;
      if (names_[slot - 1] == name) return slot - 1;
    }
    auto next = static_cast<std::uint32_t>(names_.size());
    names_.emplace_back(name);
    if (2 * names_.size() > slots_.size()) {  // keep the table at most half full
      std::vector<std::uint32_t> old(slots_.size() * 2, 0);
      old.swap(slots_);
      mask = slots_.size() - 1;
      for (std::uint32_t slot : old) {
        if (slot != 0) place(hash(names_[slot - 1]), slot, mask);
      }
    }
    place(h, next + 1, mask);
    return next;
  }

  // The index of `name`, or UINT32_MAX when it has none.
  std::uint32_t find(std::string_view name) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(name) & mask;; i = (i + 1) & mask) {
      const std::uint32_t slot = slots_[i];
      if (slot == 0) return UINT32_MAX;
      if (names_[slot - 1] == name) return slot - 1;
    }
  }

  // Forgets every name (the caller empties the names themselves).
  void reset() { std::fill(slots_.begin(), slots_.end(), 0); }

  // Eight bytes at a time, each word mixed in by a multiply (names are ids and activity names of
  // a few dozen bytes: a byte-at-a-time hash showed in profiles).
  static std::uint64_t hash(std::string_view s) {
    constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
    std::uint64_t h = s.size() * kMul;
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      h = (h ^ word) * kMul;
      h ^= h >> 32;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, s.data() + i, s.size() - i);
    h = (h ^ tail) * kMul;
    return h ^ (h >> 29);
  }

 private:
  void place(std::uint64_t h, std::uint32_t slot, std::size_t mask) {
    std::size_t i = h & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
  std::vector<std::string>& names_;
  std::vector<std::uint32_t> slots_;  // 0: empty, else index + 1
};

// One row that counts, before pairing and ordering.
struct RawEvent {
  std::uint32_t case_index;  // into EventLog::cases
  std::uint32_t activity;
  std::uint32_t resource;
  Transition transition;
  std::int64_t time;   // the row's timestamp
  std::int64_t start;  // the start-timestamp column's, or time
  std::uint32_t order;
};

// The column of each role, -1 when absent: the name given, else the default, else the XES name.
struct ColumnIndexes {
  int case_id = -1, activity = -1, timestamp = -1, start = -1, lifecycle = -1, resource = -1;
};

int find_column(const std::vector<std::string>& header, const std::string& given,
                std::initializer_list<std::string_view> names) {
  auto at = [&](std::string_view name) {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  if (!given.empty()) return at(given);
  for (std::string_view name : names) {
    if (int c = at(name); c >= 0) return c;
  }
  return -1;
}

Diagnostic log_problem(Rule rule, const std::string& file, int line, int col, std::string message,
                       std::string hint = {}) {
  return {.rule = rule,
          .file = file,
          .loc = {line, col},
          .message = std::move(message),
          .hint = std::move(hint)};
}

// Rows split from the CSV a batch at a time, with the problems found before each row.
struct RowBatch {
  std::vector<CsvReader::Row> rows;  // reused: their strings keep their room
  std::size_t count = 0;
  std::vector<std::pair<std::size_t, Diagnostic>> problems;  // (the row they come before, it)
  bool last = false;
  std::exception_ptr error;  // the source failed (a read error): rethrown where rows are used
};

// A thread that reads rows into batches ahead of the one that takes them: three batches in
// turn, so neither waits for long.
class RowPipe {
 public:
  RowPipe(CsvReader& reader, std::vector<Diagnostic>& problems) : batches_(3) {
    for (RowBatch& b : batches_) free_.push_back(&b);
    thread_ = std::thread([this, &reader, &problems] { produce(reader, problems); });
  }
  ~RowPipe() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  RowPipe(const RowPipe&) = delete;
  RowPipe& operator=(const RowPipe&) = delete;

  // The next batch in order, or null after the last; rethrows a read error.
  RowBatch* take() {
    if (done_) return nullptr;
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !full_.empty(); });
    RowBatch* b = full_.front();
    full_.pop_front();
    done_ = b->last;
    if (b->error) std::rethrow_exception(b->error);
    return b;
  }
  void give_back(RowBatch* b) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      free_.push_back(b);
    }
    changed_.notify_all();
  }

 private:
  static constexpr std::size_t kRows = 2048;

  void produce(CsvReader& reader, std::vector<Diagnostic>& problems) {
    for (bool last = false; !last;) {
      RowBatch* b = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [this] { return stop_ || !free_.empty(); });
        if (stop_) return;
        b = free_.back();
        free_.pop_back();
      }
      b->count = 0;
      b->problems.clear();
      try {
        while (b->count < kRows) {
          if (b->rows.size() == b->count) b->rows.emplace_back();
          const bool got = reader.next(b->rows[b->count]);
          for (Diagnostic& d : problems) b->problems.emplace_back(b->count, std::move(d));
          problems.clear();
          if (!got) {
            last = true;
            break;
          }
          ++b->count;
        }
      } catch (...) {
        b->error = std::current_exception();
        last = true;
      }
      b->last = last;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        full_.push_back(b);
      }
      changed_.notify_all();
    }
  }

  std::vector<RowBatch> batches_;
  std::vector<RowBatch*> free_;
  std::deque<RowBatch*> full_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stop_ = false;
  bool done_ = false;  // the last batch was taken (only the taking thread reads it)
  std::thread thread_;
};

class LogBuilder {
 public:
  LogBuilder(const std::string& file, const LogOptions& options,
             std::vector<Diagnostic>& diagnostics)
      : options_(options), diagnostics_(diagnostics), cases_(case_ids_) {
    log_.file = file;
  }

  EventLog read(CsvReader& reader) {
    if (!find_columns(reader)) return std::move(log_);
    for (CsvReader::Row row; reader.next(row);) add_row(row);
    return finish();
  }

  // The same, with the rows split from the CSV on a second thread (`problems` is where `reader`
  // reports them) while this one interns and parses them: the two halves of the work are about
  // even. Diagnostics come in the order one thread gives them.
  EventLog read_ahead(CsvReader& reader, std::vector<Diagnostic>& problems) {
    std::move(problems.begin(), problems.end(), std::back_inserter(diagnostics_));
    problems.clear();
    if (!find_columns(reader)) return std::move(log_);
    RowPipe pipe(reader, problems);
    while (RowBatch* batch = pipe.take()) {
      std::size_t p = 0;
      for (std::size_t i = 0; i < batch->count; ++i) {
        for (; p < batch->problems.size() && batch->problems[p].first <= i; ++p)
          diagnostics_.push_back(std::move(batch->problems[p].second));
        add_row(batch->rows[i]);
      }
      for (; p < batch->problems.size(); ++p)
        diagnostics_.push_back(std::move(batch->problems[p].second));
      pipe.give_back(batch);
    }
    return finish();
  }

  EventLog finish() {
    report_skipped();
    log_.skipped_rows = skipped_;
    build_instances();
    log_.case_ids = std::move(case_ids_);
    return std::move(log_);
  }

  // A finished case, remembered in 8 bytes: a well-mixed 64-bit hash (the names table's is made
  // for speed, not to keep apart ids built to collide), so two ids of a real log never meet.
  static std::uint64_t fingerprint(std::string_view id) {
    return std::hash<std::string_view>{}(id);
  }

  // Rows grouped by case, in batches of whole cases of at least `batch_rows` rows (the last may
  // have fewer), each handed to `on_batch` as a log of its own, then forgotten. A case whose rows
  // come again after a batch ended is an error: the log is not grouped by case.
  void read_by_case(CsvReader& reader, std::size_t batch_rows,
                    const std::function<void(const EventLog&)>& on_batch) {
    if (!find_columns(reader)) return;
    std::unordered_set<std::uint64_t> finished;  // hashes of the cases of batches handed on
    bool handed = false;
    auto flush = [&] {
      log_.skipped_rows = skipped_ - skipped_before_;
      skipped_before_ = skipped_;
      build_instances();
      log_.case_ids = std::move(case_ids_);
      for (const std::string& id : log_.case_ids) finished.insert(fingerprint(id));
      on_batch(log_);
      handed = true;
      const std::string file = log_.file;
      log_ = EventLog{};
      log_.file = file;
      case_ids_.clear();
      cases_.reset();
      activities_.reset();
      resources_.reset();
      last_case_ = 0;
    };
    for (CsvReader::Row row; reader.next(row);) {
      const std::string& id = row.cells[static_cast<std::size_t>(cols_.case_id)];
      const bool new_case = !id.empty() && (log_.cases.empty() || id != case_ids_[last_case_]);
      if (new_case) {
        if (log_.rows >= batch_rows) flush();
        if (cases_.find(id) != UINT32_MAX || finished.contains(fingerprint(id))) {
          // One error, and no more reading: every later case may be split the same way.
          diagnostics_.push_back(log_problem(
              rule::kInvalidCsv, log_.file, row.line,
              row.columns[static_cast<std::size_t>(cols_.case_id)],
              fmt::format("case '{}' comes again after other cases: with --sorted-by-case the "
                          "rows of each case must come together",
                          excerpt(id)),
              "sort the log by case first, or leave --sorted-by-case out"));
          return;
        }
      }
      add_row(row);
    }
    report_skipped();
    if (log_.rows > 0 || !handed) flush();
  }

 private:
  void report_skipped() {
    if (skipped_ == 0) return;
    Diagnostic skipped =
        log_problem(rule::kInvalidEvent, log_.file, first_skipped_line_, 0,
                    fmt::format("{} {} skipped (--on-error skip); the first on line {}", skipped_,
                                skipped_ == 1 ? "row" : "rows", first_skipped_line_));
    skipped.severity = Severity::Warning;
    diagnostics_.push_back(std::move(skipped));
  }

  bool find_columns(CsvReader& reader) {
    const std::vector<std::string>& header = reader.header();
    const LogColumns& given = options_.columns;
    cols_.case_id = find_column(header, given.case_id, {"case_id", "case:concept:name"});
    cols_.activity = find_column(header, given.activity, {"activity", "concept:name"});
    cols_.timestamp = find_column(header, given.timestamp, {"timestamp", "time:timestamp"});
    cols_.start = find_column(header, given.start, {"start_timestamp"});
    cols_.lifecycle = find_column(header, given.lifecycle, {"lifecycle", "lifecycle:transition"});
    cols_.resource = find_column(header, given.resource, {"resource", "org:resource"});
    struct Needed {
      int column;
      const std::string& given;
      std::string_view what, flag, names;
    };
    const std::array<Needed, 6> all{{
        {cols_.case_id, given.case_id, "case", "--case", "case_id or case:concept:name"},
        {cols_.activity, given.activity, "activity", "--activity", "activity or concept:name"},
        {cols_.timestamp, given.timestamp, "timestamp", "--timestamp",
         "timestamp or time:timestamp"},
        {cols_.start, given.start, "start timestamp", "--start", "start_timestamp"},
        {cols_.lifecycle, given.lifecycle, "lifecycle", "--lifecycle",
         "lifecycle or lifecycle:transition"},
        {cols_.resource, given.resource, "resource", "--resource", "resource or org:resource"},
    }};
    bool ok = true;
    std::vector<std::string_view> names(header.begin(), header.end());
    for (std::size_t k = 0; k < all.size(); ++k) {
      const Needed& n = all[k];
      if (n.column >= 0) continue;
      const bool required = k < 3;
      if (!n.given.empty()) {  // a column named by a flag must exist
        diagnostics_.push_back(
            log_problem(rule::kInvalidCsv, log_.file, 1, 1,
                        fmt::format("{} {}: the log has no column '{}'{}", n.flag, n.given,
                                    excerpt(n.given), did_you_mean_suffix(n.given, names))));
        ok = false;
      } else if (required) {
        diagnostics_.push_back(
            log_problem(rule::kInvalidCsv, log_.file, 1, 1,
                        fmt::format("no {} column: expected {}", n.what, n.names),
                        fmt::format("name it with {} COLUMN; the columns are: {}", n.flag,
                                    excerpt(fmt::format("{}", fmt::join(header, ", "))))));
        ok = false;
      }
    }
    return ok && !header.empty();
  }

  // A bad row: an error, or counted with --on-error skip.
  void bad_row(const CsvReader::Row& row, int column, std::string message, std::string hint = {}) {
    if (options_.on_error == OnError::Skip) {
      if (skipped_++ == 0) first_skipped_line_ = row.line;
      return;
    }
    diagnostics_.push_back(log_problem(rule::kInvalidEvent, log_.file, row.line,
                                       row.columns[static_cast<std::size_t>(column)],
                                       std::move(message), std::move(hint)));
  }

  bool time_of(const CsvReader::Row& row, int column, std::int64_t& out) {
    const std::string& cell = row.cells[static_cast<std::size_t>(column)];
    Parsed<DateTime> parsed = parse_date(cell);
    if (!parsed.value) {
      bad_row(row, column, parsed.error, parsed.hint);
      return false;
    }
    out = parsed.value->utc_micros();
    return true;
  }

  void add_row(const CsvReader::Row& row) {
    auto order = static_cast<std::uint32_t>(log_.rows++);
    if (options_.progress && ++rows_seen_ % options_.progress_every == 0)
      options_.progress(rows_seen_);
    auto cell = [&](int column) -> const std::string& {
      return row.cells[static_cast<std::size_t>(column)];
    };
    for (int column : {cols_.case_id, cols_.activity, cols_.timestamp}) {
      if (cell(column).empty()) {
        bad_row(row, column,
                fmt::format("no {}", column == cols_.case_id    ? "case"
                                     : column == cols_.activity ? "activity"
                                                                : "timestamp"));
        return;
      }
    }
    std::int64_t time = 0, start = 0;
    if (!time_of(row, cols_.timestamp, time)) return;
    start = time;
    if (cols_.start >= 0 && !cell(cols_.start).empty()) {
      if (!time_of(row, cols_.start, start)) return;
      start_values_ = true;
    }
    Transition transition =
        cols_.lifecycle >= 0 ? transition_of(cell(cols_.lifecycle)) : Transition::Complete;
    if (cols_.lifecycle >= 0 && !cell(cols_.lifecycle).empty()) lifecycle_values_ = true;

    std::uint32_t case_index;
    const std::string& case_id = cell(cols_.case_id);
    if (!log_.cases.empty() && case_id == case_ids_[last_case_]) {  // rows grouped by case
      case_index = last_case_;
    } else {
      case_index = cases_.index(case_id);
      if (case_index == log_.cases.size()) {
        log_.cases.push_back({.id = case_index, .first_time = time, .last_time = time});
      }
      last_case_ = case_index;
    }
    LogCase& c = log_.cases[case_index];
    c.first_time = std::min(c.first_time, time);
    c.last_time = std::max(c.last_time, time);
    if (transition == Transition::Other) {
      ++log_.ignored_rows;
      return;
    }
    std::uint32_t activity = activities_.index(cell(cols_.activity));
    if (activity == log_.activity_rows.size()) log_.activity_rows.push_back(0);
    ++log_.activity_rows[activity];
    std::uint32_t resource = kNoResource;
    if (cols_.resource >= 0 && !cell(cols_.resource).empty())
      resource = resources_.index(cell(cols_.resource));
    events_.push_back({case_index, activity, resource, transition, time, start, order});
  }

  // Pairs starts and completes per case and activity (FIFO), orders each case's instances by
  // (start, complete, file order), and lays them out case after case.
  void build_instances() {
    // As for lifecycles, a start column counts when it has values (an empty one is a log of
    // single timestamps, as the shipped SQL reads it too).
    log_.mode = start_values_       ? LogMode::StartColumn
                : lifecycle_values_ ? LogMode::Lifecycle
                                    : LogMode::CompleteOnly;
    // Each case's rows together: a counting sort of row indexes by case, in file order (linear,
    // and without a second copy of the rows), then in time order within the case, file order
    // within a time (stable; a case's rows mostly come in time order already).
    std::vector<std::uint32_t> order(events_.size());
    std::vector<std::size_t> begin(log_.cases.size() + 1, 0);
    for (const RawEvent& e : events_) ++begin[e.case_index + 1];
    for (std::size_t c = 1; c < begin.size(); ++c) begin[c] += begin[c - 1];
    {
      std::vector<std::size_t> next(begin.begin(), begin.end() - 1);
      for (std::uint32_t k = 0; k < events_.size(); ++k) order[next[events_[k].case_index]++] = k;
    }
    auto by_time = [this](std::uint32_t a, std::uint32_t b) {
      return events_[a].time < events_[b].time;
    };
    log_.instances.reserve(events_.size());
    OpenStarts open;
    for (std::size_t c = 0; c < log_.cases.size(); ++c) {
      const auto first = order.begin() + static_cast<std::ptrdiff_t>(begin[c]);
      const auto last = order.begin() + static_cast<std::ptrdiff_t>(begin[c + 1]);
      if (!std::is_sorted(first, last, by_time)) std::stable_sort(first, last, by_time);
      LogCase& lc = log_.cases[c];
      lc.first = static_cast<std::uint32_t>(log_.instances.size());
      for (auto it = first; it != last; ++it) {
        const RawEvent& e = events_[*it];
        if (e.transition == Transition::Start) {
          open.add(e.activity, e.time);
          continue;
        }
        // The oldest open start of its activity, else its own start (the start column's, or its
        // time: instantaneous).
        std::int64_t start = e.start;
        open.take(e.activity, start);
        log_.instances.push_back({e.activity, e.resource, start, e.time, e.order});
      }
      log_.unmatched_starts += open.close();
      lc.count = static_cast<std::uint32_t>(log_.instances.size()) - lc.first;
      std::sort(log_.instances.begin() + lc.first, log_.instances.end(),
                [](const ActivityInstance& a, const ActivityInstance& b) {
                  if (a.start != b.start) return a.start < b.start;
                  if (a.complete != b.complete) return a.complete < b.complete;
                  return a.order < b.order;
                });
    }
    // Cases with no instance (only starts, or only other transitions) keep an empty range.
    events_.clear();
    events_.shrink_to_fit();
  }

  // The open starts of the case being paired: per activity a first-in first-out list threaded
  // through `starts` (constant time per row, whatever the case's size).
  class OpenStarts {
   public:
    void add(std::uint32_t activity, std::int64_t time) {
      if (activity >= head_.size()) {
        head_.resize(activity + 1, kNone);
        tail_.resize(activity + 1, kNone);
      }
      const auto k = static_cast<std::uint32_t>(starts_.size());
      starts_.push_back({time, kNone});
      if (tail_[activity] == kNone)
        head_[activity] = k;
      else
        starts_[tail_[activity]].next = k;
      tail_[activity] = k;
      touched_.push_back(activity);
    }
    // Takes the oldest open start of `activity` into `time`; false when there is none.
    bool take(std::uint32_t activity, std::int64_t& time) {
      if (activity >= head_.size() || head_[activity] == kNone) return false;
      const Start& start = starts_[head_[activity]];
      time = start.time;
      head_[activity] = start.next;
      if (start.next == kNone) tail_[activity] = kNone;
      ++taken_;
      return true;
    }
    // Ends the case: returns how many starts were never completed.
    std::uint64_t close() {
      const std::uint64_t open = starts_.size() - taken_;
      for (std::uint32_t a : touched_) head_[a] = tail_[a] = kNone;
      starts_.clear();
      touched_.clear();
      taken_ = 0;
      return open;
    }

   private:
    static constexpr std::uint32_t kNone = UINT32_MAX;
    struct Start {
      std::int64_t time;
      std::uint32_t next;
    };
    std::vector<Start> starts_;
    std::vector<std::uint32_t> head_, tail_, touched_;
    std::uint64_t taken_ = 0;
  };

  const LogOptions& options_;
  std::vector<Diagnostic>& diagnostics_;
  EventLog log_;
  std::vector<std::string> case_ids_;
  Names cases_;
  Names activities_{log_.activities};
  Names resources_{log_.resources};
  ColumnIndexes cols_;
  std::vector<RawEvent> events_;
  std::uint32_t last_case_ = 0;  // the case of the previous row
  bool lifecycle_values_ = false;
  bool start_values_ = false;
  std::uint64_t skipped_ = 0;
  std::uint64_t skipped_before_ = 0;  // skipped in the batches handed on (--sorted-by-case)
  std::uint64_t rows_seen_ = 0;       // in every batch, for progress
  int first_skipped_line_ = 0;
};

}  // namespace

std::span<const EnumName<LogMode>> enum_table(LogMode) {
  static constexpr EnumName<LogMode> kNames[] = {{"complete_only", LogMode::CompleteOnly},
                                                 {"lifecycle", LogMode::Lifecycle},
                                                 {"start_column", LogMode::StartColumn}};
  return kNames;
}

std::span<const EnumName<OnError>> enum_table(OnError) {
  static constexpr EnumName<OnError> kNames[] = {{"fail", OnError::Fail}, {"skip", OnError::Skip}};
  return kNames;
}

EventLog read_event_log(CsvReader::Source source, const std::string& file,
                        const LogOptions& options, std::vector<Diagnostic>& diagnostics) {
  if (!options.read_ahead) {
    CsvReader reader(std::move(source), file, diagnostics, options.delimiter);
    return LogBuilder(file, options, diagnostics).read(reader);
  }
  std::vector<Diagnostic> problems;  // the reader's, moved into `diagnostics` in order
  CsvReader reader(std::move(source), file, problems, options.delimiter);
  return LogBuilder(file, options, diagnostics).read_ahead(reader, problems);
}

void read_event_log_by_case(CsvReader::Source source, const std::string& file,
                            const LogOptions& options, std::vector<Diagnostic>& diagnostics,
                            std::size_t batch_rows,
                            const std::function<void(const EventLog&)>& on_batch) {
  CsvReader reader(std::move(source), file, diagnostics, options.delimiter);
  LogBuilder(file, options, diagnostics).read_by_case(reader, batch_rows, on_batch);
}

EventLog read_event_log(std::string_view text, const std::string& file, const LogOptions& options,
                        std::vector<Diagnostic>& diagnostics) {
  CsvReader reader(text, file, diagnostics, options.delimiter);
  return LogBuilder(file, options, diagnostics).read(reader);
}

}  // namespace opsflow
