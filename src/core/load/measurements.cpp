// Loading measurement CSVs into per-metric series.
#include "opsflow/load/measurements.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "opsflow/base/input.hpp"
#include "opsflow/base/text.hpp"
#include "opsflow/model/training.hpp"
#include "opsflow/stats/csv.hpp"

namespace opsflow {
namespace fs = std::filesystem;

const std::shared_ptr<const Dimensions>& no_dimensions() {
  static const std::shared_ptr<const Dimensions> kNone = std::make_shared<const Dimensions>();
  return kNone;
}

const std::vector<Measurement>* MeasurementData::find(std::string_view metric) const {
  auto it =
      std::lower_bound(by_metric.begin(), by_metric.end(), metric,
                       [](const auto& entry, std::string_view id) { return entry.first < id; });
  return it != by_metric.end() && it->first == metric ? &it->second : nullptr;
}

constexpr double kMaxMeasurement = 1e15;

namespace {

// Why measurements of a built-in metric are refused (SPEC §5).
std::string built_in_note(std::string_view id) {
  if (id != kTrainingCoverage) return {};
  return "; training-coverage is built in and computed from the training records (a Metric "
         "document with that id would measure it from data instead)";
}

}  // namespace

namespace {

class Loader {
 public:
  Loader(const Model& model, std::vector<Diagnostic>& diagnostics)
      : model_(model), diagnostics_(diagnostics) {
    for (const Metric& m : model.metrics) metrics_.emplace(m.meta.id.value, &m);
    for (const auto& entry : metrics_) ids_.push_back(entry.first);
    // Keys view the model's ids, which outlive the loader.
    for (const auto& [id, metric] : metrics_)
      targets_.emplace(metric->meta.id.value, Target{metric});
  }

  // Reads one file, which must lie inside `root` (no link out of it); `metric` is the metric of a
  // per-metric file without a metric column.
  void read(const std::string& path, const std::string& metric, const std::string& root) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(fs::absolute(path, ec), ec);
    // A per-metric file (no metric column) may be several metrics' data: p90 and p95 of the same
    // measurements. It is read once per metric; a long-form file once (see decode()).
    std::string key = ec ? path : canonical.string();
    if (!read_files_.insert(key + '\n' + metric).second) return;
    // Found in the data folder under a name that is no metric's, but some metric's `data:`:
    // that metric's file, not a stray one.
    if (metric.empty() && named_files_.contains(key)) return;
    named_files_.insert(key);
    fs::path inside = fs::weakly_canonical(fs::absolute(root, ec), ec);
    fs::path rel = canonical.lexically_relative(inside);
    if (rel.empty() || *rel.begin() == "..") {
      fs::path written = fs::read_symlink(path, ec);
      report(path, 0, 0, rule::kOutsideRepository,
             fmt::format("this file leads outside {} (to {}); it is not read", root,
                         ec ? path : written.generic_string()),
             "measurement files stay inside the repository or the --data folder");
      return;
    }
    InputText in = read_input(path);
    if (!in) {
      report(path, 0, 0, in.rule, in.problem);
      return;
    }
    // Listed once read: `files` are the files whose rows count.
    auto file_index = static_cast<std::uint32_t>(files_.size());
    files_.push_back(path);
    decode(in.text, path, metric, file_index, key);
  }

  // Decodes the CSV text of the file `path` (files_[file_index]); `key` names the file wherever
  // it is reached from (empty: not from a file).
  void decode(std::string_view text, const std::string& path, const std::string& metric,
              std::uint32_t file_index, const std::string& key = {}) {
    CsvReader reader(text, path, diagnostics_);
    const std::vector<std::string>& header = reader.header();
    auto column = [&](std::string_view name) -> int {
      auto it = std::find(header.begin(), header.end(), name);
      return it == header.end() ? -1 : static_cast<int>(it - header.begin());
    };
    int date = column("date"), value = column("value"), metric_column = column("metric");
    if (header.empty()) return;
    // A column named twice would be read from one cell and the other taken for a dimension.
    for (std::size_t c = 0; c < header.size(); ++c) {
      auto first = std::find(header.begin(), header.end(), header[c]);
      if (first == header.begin() + static_cast<std::ptrdiff_t>(c)) continue;
      report(path, 1, reader.header_columns()[c], rule::kInvalidCsv,
             fmt::format("the header names '{}' twice (columns {} and {})", excerpt(header[c]),
                         first - header.begin() + 1, c + 1));
      return;
    }
    if (date < 0 || value < 0) {
      report(path, 1, 1, rule::kInvalidCsv,
             fmt::format("the header needs 'date' and 'value' columns, got: {}",
                         excerpt(fmt::format("{}", fmt::join(header, ",")))));
      return;
    }
    // A long-form file names its metrics itself: read once, whoever points at it.
    if (metric_column >= 0 && !key.empty() && !long_form_files_.insert(key).second) return;
    if (metric_column < 0 && metric.empty()) {
      std::string stem = fs::path(path).stem().string();
      report(path, 1, 1, rule::kUnknownMetric,
             fmt::format("no 'metric' column, and '{}' is not a metric id{}{}", excerpt(stem),
                         did_you_mean_suffix(stem, ids_, &suggestions_), built_in_note(stem)),
             "name the file after its metric (mttr.csv) or add a metric column");
      mark_if_hidden(stem);
      return;
    }
    for (CsvReader::Row csv_row; reader.next(csv_row);) {
      const std::vector<std::string>& row = csv_row.cells;
      int line = csv_row.line;
      auto at = [&](int cell) { return csv_row.columns[static_cast<std::size_t>(cell)]; };
      const std::string& id =
          metric_column >= 0 ? row[static_cast<std::size_t>(metric_column)] : metric;
      auto found = targets_.find(std::string_view(id));
      if (found == targets_.end()) {
        report(path, line, metric_column >= 0 ? at(metric_column) : 1, rule::kUnknownMetric,
               fmt::format("metric '{}' does not exist{}{}", excerpt(id),
                           did_you_mean_suffix(id, ids_, &suggestions_), built_in_note(id)));
        mark_if_hidden(id);
        continue;
      }
      Measurement m;
      m.file = file_index;
      m.line = line;
      auto when = parse_date(row[static_cast<std::size_t>(date)]);
      if (!when.value) {
        report(path, line, at(date), rule::kInvalidDate, when.error, when.hint);
        continue;
      }
      m.day = when.value->days;
      m.seconds = when.value->seconds;
      const std::string& cell = row[static_cast<std::size_t>(value)];
      double per_unit = seconds_per_unit(found->second.metric->unit.value);
      const bool percent = found->second.metric->unit.value == "percent";
      if (auto number = parse_number(cell)) {
        m.value = *number;
      } else if (auto share = percent && cell.ends_with('%')
                                  ? parse_number(std::string_view(cell).substr(0, cell.size() - 1))
                                  : std::nullopt) {
        m.value = *share;  // 88% on a percent metric is 88, as in key results (SPEC §2)
      } else if (auto duration = parse_duration(cell); duration.value && per_unit > 0) {
        m.value = *duration.value / per_unit;
      } else {
        report(path, line, at(value), rule::kInvalidValue,
               fmt::format("value '{}' of metric '{}' is not a number{}", excerpt(cell), id,
                           per_unit > 0 ? " or a duration"
                           : percent    ? " or a percentage"
                                        : ""));
        continue;
      }
      // Larger values are typos or test data; they would overflow sums, means and percentiles.
      if (!(std::abs(m.value) <= kMaxMeasurement)) {
        report(path, line, at(value), rule::kInvalidValue,
               fmt::format("value '{}' of metric '{}' is beyond ±1e15, the largest measurement "
                           "opsflow accepts",
                           excerpt(cell), id));
        continue;
      }
      scratch_.clear();
      for (std::size_t c = 0; c < header.size(); ++c) {
        if (static_cast<int>(c) == date || static_cast<int>(c) == value ||
            static_cast<int>(c) == metric_column)
          continue;
        scratch_.emplace_back(header[c], row[c]);
      }
      m.dimensions = intern(scratch_);
      // Several values on one date are the data of an event metric (an incident, a ticket). For
      // a snapshot metric (aggregation: last) a second one is a double export or a conflict.
      if (found->second.metric->aggregation.value == Aggregation::Last) {
        // Shared dimensions are equal exactly when they are the same object.
        auto same = std::make_tuple(found->second.metric, m.seconds, m.dimensions.get());
        if (auto [it, inserted] = seen_.emplace(same, line); !inserted) {
          report(path, line, 1, rule::kDuplicateMeasurement,
                 fmt::format("metric '{}' already has a value for this date and dimensions (line "
                             "{}); with aggregation 'last' only one can count",
                             id, it->second));
        }
      }
      if (!found->second.series) found->second.series = &series_[id];
      found->second.series->push_back(std::move(m));
    }
  }

  // Decodes `text` as the file `path`, which is not read.
  void decode_text(std::string_view text, const std::string& path, const std::string& metric) {
    auto file_index = static_cast<std::uint32_t>(files_.size());
    files_.push_back(path);
    decode(text, path, metric, file_index);
  }

  // The shared copy of `dimensions`.
  std::shared_ptr<const Dimensions> intern(const Dimensions& dimensions) {
    // Rows of one file mostly repeat a few dimension sets (often none, or a handful of teams):
    // the last ones used are checked first.
    for (const auto& recent : recent_dimensions_) {
      if (*recent == dimensions) return recent;
    }
    auto it = dimension_sets_.find(dimensions);
    if (it == dimension_sets_.end())
      it =
          dimension_sets_.emplace(dimensions, std::make_shared<const Dimensions>(dimensions)).first;
    if (recent_dimensions_.size() == kRecentDimensions) recent_dimensions_.pop_back();
    recent_dimensions_.insert(recent_dimensions_.begin(), it->second);
    return it->second;
  }

  MeasurementData finish() {
    MeasurementData data;
    data.files = files_;
    for (auto& [id, rows] : series_) data.by_metric.emplace_back(id, std::move(rows));
    return data;
  }

 private:
  void report(const std::string& file, int line, int col, Rule rule, std::string message,
              std::string hint = {}) {
    diagnostics_.push_back({.rule = rule,
                            .file = file,
                            .loc = {line, col},
                            .message = std::move(message),
                            .hint = std::move(hint)});
  }

  // A metric that is not defined because its document was not read (SPEC §3): the last
  // problem is marked to be folded into the one that hid it.
  void mark_if_hidden(std::string_view id) {
    if (const HiddenDocument* h = model_.hidden_with_id(id, Kind::Metric)) {
      diagnostics_.back().related.push_back(
          {model_.files[h->file].path, h->loc, std::string(kFoldedIntoHidden)});
    }
  }

  const Model& model_;
  std::vector<Diagnostic>& diagnostics_;
  std::map<std::string, const Metric*> metrics_;
  std::vector<std::string_view> ids_;
  SuggestionBudget suggestions_;
  std::set<std::string> read_files_;       // file + '\n' + the metric it was read for
  std::set<std::string> long_form_files_;  // files with a metric column, read already
  std::set<std::string> named_files_;      // every file read, for whatever metric
  std::vector<std::string> files_;
  std::map<std::string, std::vector<Measurement>> series_;
  std::map<std::tuple<const Metric*, std::int64_t, const Dimensions*>, int> seen_;
  Dimensions scratch_;  // the dimensions of the row being read
  std::map<Dimensions, std::shared_ptr<const Dimensions>> dimension_sets_;
  static constexpr std::size_t kRecentDimensions = 8;
  std::vector<std::shared_ptr<const Dimensions>> recent_dimensions_;
  // Per metric id: the metric, and its series once it has a row (one hash per row).
  struct Target {
    const Metric* metric = nullptr;
    std::vector<Measurement>* series = nullptr;
  };
  std::unordered_map<std::string_view, Target> targets_;
};

}  // namespace

std::string metric_data_path(const Model& model, const Metric& metric) {
  const std::string repository = model.config_dir.empty() ? "." : model.config_dir;
  return (fs::path(repository) / metric.data.value).lexically_normal().generic_string();
}

MeasurementData load_measurements(const Model& model, const std::string& data_dir,
                                  std::vector<Diagnostic>& diagnostics) {
  Loader loader(model, diagnostics);
  const std::string repository = model.config_dir.empty() ? "." : model.config_dir;
  for (const Metric& m : model.metrics) {
    if (m.data) loader.read(metric_data_path(model, m), m.meta.id.value, repository);
  }
  if (data_dir.empty()) return loader.finish();
  std::error_code ec;
  if (!fs::is_directory(data_dir, ec)) {
    throw Error(fmt::format("no measurement folder '{}' (set Config data: or --data)", data_dir));
  }
  std::vector<std::string> files;
  fs::directory_iterator it(data_dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (it->path().extension() == ".csv")
      files.push_back(it->path().lexically_normal().generic_string());
  }
  if (ec) {
    throw Error(fmt::format("cannot read the measurement folder '{}': {}", data_dir, ec.message()));
  }
  std::sort(files.begin(), files.end());
  for (const std::string& f : files) {
    std::string stem = fs::path(f).stem().string();
    bool is_metric = std::any_of(model.metrics.begin(), model.metrics.end(),
                                 [&](const Metric& m) { return m.meta.id.value == stem; });
    loader.read(f, is_metric ? stem : std::string(), data_dir);
  }
  return loader.finish();
}

MeasurementData measurements_from_string(const Model& model, std::string_view text,
                                         const std::string& path, const std::string& metric,
                                         std::vector<Diagnostic>& diagnostics) {
  Loader loader(model, diagnostics);
  loader.decode_text(text, path, metric);
  return loader.finish();
}

}  // namespace opsflow
