#include "mine_partial_json.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "opsflow/base/diagnostic.hpp"

namespace opsflow::cli {
namespace {

bool is_summary(const std::string& kind) {
  return kind == "case_duration" || kind == "service" || kind == "wait";
}

bool is_bucket(const std::string& kind) {
  return kind.ends_with("_bucket");
}

// The largest count a row may hold: sums over a million rows stay far inside 64 bits.
constexpr double kMaxCount = 1e12;
// Instants in microseconds since 1970 that fit 64 bits.
constexpr double kMaxMicros = 9.2e18;

// A field of `row` that may be missing or null (SQL writes every column of every row).
const JsonValue* field(const JsonValue& row, const char* name) {
  auto it = row.find(name);
  return it == row.end() || it->is_null() ? nullptr : &*it;
}

PartialRow parse_row(const JsonValue& j, const std::string& where) {
  auto fail = [&](const std::string& why) { return Error(fmt::format("{}: {}", where, why)); };
  if (!j.is_object()) throw fail("a row must be a JSON object");
  PartialRow r;
  const JsonValue* kind = field(j, "kind");
  if (!kind || !kind->is_string()) throw fail("a row needs a \"kind\"");
  r.kind = kind->get<std::string>();
  // What wrote the part could not read its log (the SQL, a timestamp SQLite cannot read): its
  // message, before anything that follows from it.
  if (const JsonValue* a = field(j, "a"); r.kind == "error" && a && a->is_string())
    throw Error(
        fmt::format("{}: {}", where.substr(0, where.rfind(": row")), a->get<std::string>()));
  auto text = [&](const char* name, std::string& out) {
    const JsonValue* v = field(j, name);
    if (!v) return;
    if (!v->is_string()) throw fail(fmt::format("\"{}\" must be text", name));
    out = v->get<std::string>();
  };
  text("a", r.a);
  text("b", r.b);
  auto number = [&](const char* name, double& out) {
    const JsonValue* v = field(j, name);
    if (!v) return false;
    if (!v->is_number()) throw fail(fmt::format("\"{}\" must be a number", name));
    out = v->get<double>();
    if (!std::isfinite(out)) throw fail(fmt::format("\"{}\" must be finite", name));
    return true;
  };
  double n = 0;
  number("n", n);
  if (n < 0 || n != std::floor(n) || n > kMaxCount)
    throw fail(fmt::format("\"n\" must be a whole number from 0 to 10^12, not {}", n));
  r.n = static_cast<std::uint64_t>(n);
  number("sum", r.sum);
  number("m2", r.m2);
  const bool has_min = number("min", r.min);
  const bool has_max = number("max", r.max);
  const bool extremes = has_min && has_max;
  if ((is_summary(r.kind) && r.n > 0) || r.kind == "period") {
    if (!extremes) throw fail(fmt::format("a \"{}\" row needs \"min\" and \"max\"", r.kind));
    if (r.min > r.max) throw fail("\"min\" is above \"max\"");
  }
  if (r.kind == "period" && (std::fabs(r.min) > kMaxMicros || std::fabs(r.max) > kMaxMicros))
    throw fail("\"min\" and \"max\" of a period are microseconds since 1970, within 64 bits");
  if (r.m2 < 0) throw fail("\"m2\", a sum of squares, is below 0");
  double sign = 0, bucket = 0;
  number("sign", sign);
  number("bucket", bucket);
  if (sign != -1 && sign != 0 && sign != 1) throw fail("\"sign\" must be -1, 0 or 1");
  if (bucket != std::floor(bucket) || bucket < QuantileSketch::kLowestBucket ||
      bucket > QuantileSketch::kHighestBucket) {
    throw fail(
        fmt::format("\"bucket\" must be a whole number from {} to {} (durations from 1e-9 "
                    "s to 1e13 s)",
                    QuantileSketch::kLowestBucket, QuantileSketch::kHighestBucket));
  }
  r.sign = static_cast<int>(sign);
  r.bucket = static_cast<int>(bucket);
  if (r.kind == "variant") {
    const JsonValue* sequence = field(j, "sequence");
    JsonValue list;
    // SQL writes the sequence as the text of a JSON array.
    if (sequence && sequence->is_string()) {
      list = JsonValue::parse(sequence->get<std::string>(), nullptr, false);
    } else if (sequence) {
      list = *sequence;
    }
    if (!list.is_array()) throw fail("a \"variant\" row needs a \"sequence\" of activities");
    for (const JsonValue& a : list) {
      if (!a.is_string()) throw fail("a variant's activities must be text");
      r.sequence.push_back(a.get<std::string>());
    }
  }
  return r;
}

}  // namespace

JsonValue partial_json(const std::vector<PartialRow>& rows) {
  JsonValue out = JsonValue::array();
  for (const PartialRow& r : rows) {
    JsonValue j = {{"kind", r.kind}};
    if (!r.a.empty() || r.kind == "events" || r.kind == "service") j["a"] = r.a;
    if (!r.b.empty() || r.kind.starts_with("wait")) j["b"] = r.b;
    if (r.kind == "variant") j["sequence"] = r.sequence;
    if (r.kind != "mode" && r.kind != "period") j["n"] = r.n;
    if (is_summary(r.kind) || r.kind == "resource") j["sum"] = r.sum;
    if (is_summary(r.kind)) j["m2"] = r.m2;
    if (is_summary(r.kind)) {
      j["min"] = r.min;
      j["max"] = r.max;
    } else if (r.kind == "period") {  // whole microseconds
      j["min"] = static_cast<std::int64_t>(r.min);
      j["max"] = static_cast<std::int64_t>(r.max);
    }
    if (is_bucket(r.kind)) {
      j["sign"] = r.sign;
      j["bucket"] = r.bucket;
    }
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<PartialRow> parse_partial(const std::string& text, const std::string& file) {
  std::vector<PartialRow> rows;
  JsonValue doc = JsonValue::parse(text, nullptr, false);
  if (!doc.is_discarded()) {
    const JsonValue* list = &doc;
    if (doc.is_object() && doc.contains("kind")) {  // JSON Lines of one row
      rows.push_back(parse_row(doc, fmt::format("{}:1", file)));
      return rows;
    }
    if (doc.is_object()) {
      auto it = doc.find("partial");
      if (it == doc.end()) {
        throw Error(fmt::format(
            "{}: no \"partial\" rows: write the parts with opsflow mine --format json (or the "
            "SQL in src/sql/mine_partial.sql)",
            file));
      }
      list = &*it;
    }
    if (!list->is_array())
      throw Error(fmt::format("{}: the partial rows must be a JSON array", file));
    for (std::size_t i = 0; i < list->size(); ++i)
      rows.push_back(parse_row((*list)[i], fmt::format("{}: row {}", file, i + 1)));
    return rows;
  }
  // JSON Lines: one row object a line.
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    JsonValue j = JsonValue::parse(line, nullptr, false);
    if (j.is_discarded()) {
      throw Error(fmt::format(
          "{}:{}: not JSON: a part is opsflow's JSON, a JSON array of rows or JSON Lines", file,
          number));
    }
    rows.push_back(parse_row(j, fmt::format("{}:{}", file, number)));
  }
  return rows;
}

}  // namespace opsflow::cli
