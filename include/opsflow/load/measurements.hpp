#pragma once
// Measurement data (SPEC §2 measurement CSV): every value of every metric, read from the
// measurement files.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "opsflow/base/diagnostic.hpp"
#include "opsflow/model/model.hpp"

namespace opsflow {

// The dimension columns of a measurement and their values, in column order.
using Dimensions = std::vector<std::pair<std::string, std::string>>;

// The one shared empty set of dimensions.
const std::shared_ptr<const Dimensions>& no_dimensions();

// One measured value of a metric.
struct Measurement {
  std::int64_t day = 0;      // calendar day as written (local date)
  std::int64_t seconds = 0;  // the instant, UTC (midnight for a plain date)
  double value = 0;          // in the metric's unit (a duration is converted to it)
  // The other columns, name and value; never null. Rows with the same ones share them: a large
  // file has millions of rows and a handful of teams.
  std::shared_ptr<const Dimensions> dimensions = no_dimensions();
  std::uint32_t file = 0;  // index into MeasurementData::files
  int line = 0;
};

// Every measurement found, by metric id, each list in file then row order.
struct MeasurementData {
  std::vector<std::string> files;  // the CSV files read, in the order they were read
  std::vector<std::pair<std::string, std::vector<Measurement>>> by_metric;  // sorted by metric id
  const std::vector<Measurement>* find(std::string_view metric) const;
};

// Reads the measurement CSVs of SPEC §2: each Metric's `data:` file (relative to the Config's
// folder), then every *.csv in `data_dir`: long form (a `metric` column) or per metric (the file
// name is the metric id); the other columns besides date, metric and value are dimensions.
// Values are numbers, or durations for metrics measured in seconds, minutes, hours or days.
// Every unreadable or wrong row gets a diagnostic with file and line (unknown metric ids with a
// suggestion). A second value for the same date, metric and dimensions is flagged for snapshot
// metrics (aggregation: last); event metrics have many per date. Throws Error when `data_dir` is
// missing; an empty `data_dir` reads only the metrics' `data:` files.
// The file a metric's `data:` names, relative to the repository (the Config's folder), as
// load_measurements reads it and reports it.
std::string metric_data_path(const Model& model, const Metric& metric);

MeasurementData load_measurements(const Model& model, const std::string& data_dir,
                                  std::vector<Diagnostic>& diagnostics);

// Decodes measurement CSV `text` as if read from the file `path` (nothing is read): a per-metric
// file of `metric` when it has no metric column. For tests and tools.
MeasurementData measurements_from_string(const Model& model, std::string_view text,
                                         const std::string& path, const std::string& metric,
                                         std::vector<Diagnostic>& diagnostics);

}  // namespace opsflow
