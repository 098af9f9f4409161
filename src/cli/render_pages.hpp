#pragma once
// The pages render writes for a valid model, and where: shared by render and init (which renders
// the repository it creates, so that render --check passes at once).

#include <optional>
#include <string>
#include <vector>

#include "opsflow/render/render.hpp"
#include "workspace.hpp"

namespace opsflow::cli {

struct RenderedPages {
  std::string folder;  // --out, else the Config's render.out, else docs/sop
  std::vector<RenderedFile> files;
};

// Renders the pages of `ws` (whose model must be valid) in `lang` (absent: the Config's
// render.lang, else English), into `out` (empty: the Config's render.out, else docs/sop).
RenderedPages render_pages(const Workspace& ws, const std::string& out, std::optional<Lang> lang,
                           const std::string& date, unsigned jobs);

}  // namespace opsflow::cli
