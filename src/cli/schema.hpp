#pragma once
// The JSON Schema (draft-07) of opsflow's files, built from the field tables the loader decodes
// with, so editors (yaml-language-server in VS Code) complete and check the files as people type,
// exactly as far as opsflow itself would.

#include <optional>

#include "json_output.hpp"
#include "opsflow/model/model.hpp"

namespace opsflow::cli {

// The schema of one document: of every kind (the spec chosen by `kind`), or of `only`.
JsonValue json_schema(std::optional<Kind> only = std::nullopt);

}  // namespace opsflow::cli
