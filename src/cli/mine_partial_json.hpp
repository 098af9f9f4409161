#pragma once
// Partial results of mine as JSON (SPEC §6, beyond one machine): the rows `mine --format json`
// writes under "partial", and reading them back for `mine --merge` from opsflow's JSON, from a
// JSON array of rows (`sqlite3 -json` running src/sql/mine_partial.sql), or from JSON Lines (one
// row object a line, as Spark writes them).

#include <string>
#include <vector>

#include "json_output.hpp"
#include "opsflow/mine/partial.hpp"

namespace opsflow::cli {

// Each row as an object with the fields its kind uses.
JsonValue partial_json(const std::vector<PartialRow>& rows);

// The rows of the part `text` read from `file`; throws Error (exit 2) naming the file and the row
// when it is not one of the three forms or a row is not what its kind needs.
std::vector<PartialRow> parse_partial(const std::string& text, const std::string& file);

}  // namespace opsflow::cli
