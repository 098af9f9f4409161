#pragma once
// Turns YAML documents into typed model documents (schema checks happen here).

#include <cstdint>

#include "opsflow/base/text.hpp"
#include "opsflow/model/model.hpp"
#include "yaml_tree.hpp"

namespace opsflow::detail {

// Decodes one YAML document of file `file_index` into `model` if it is an opsflow document.
// Non-opsflow YAML (another tool's apiVersion, or no apiVersion and a foreign kind) is skipped.
// Returns true if the document was opsflow's (even if it had errors).
class MapReader;
struct DecodeContext;

// Decodes the metadata mapping of a document.
void decode_metadata(DecodeContext& ctx, yaml::NodeId id, Document& doc);
// Decodes the spec of a document of its kind (doc.kind), with that kind's table of fields.
void decode_spec(MapReader& spec, Document& doc);

// `suggestions` is the did-you-mean work left for the file.
bool decode_document(const yaml::Document& doc, const std::string& path, std::uint32_t file_index,
                     Model& model, std::vector<Diagnostic>& diagnostics,
                     SuggestionBudget& suggestions);

}  // namespace opsflow::detail
