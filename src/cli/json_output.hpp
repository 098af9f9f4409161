#pragma once
// Writes JSON documents the same way everywhere: 2-space indent, a final newline, and any invalid
// UTF-8 (e.g. from a file name) replaced by U+FFFD instead of aborting the output.

#include <nlohmann/json.hpp>
#include <ostream>

namespace opsflow::cli {

using JsonValue = nlohmann::ordered_json;

inline void write_json(std::ostream& out, const JsonValue& doc) {
  out << doc.dump(2, ' ', false, JsonValue::error_handler_t::replace) << "\n";
}

}  // namespace opsflow::cli
