#include "render_pages.hpp"

#include "opsflow/analyze/analyze.hpp"

namespace opsflow::cli {

RenderedPages render_pages(const Workspace& ws, const std::string& out, std::optional<Lang> lang,
                           const std::string& date, unsigned jobs) {
  const Config* config = ws.model.config();
  RenderedPages pages;
  pages.folder =
      out.empty() ? config_path(ws.model, config ? &config->render.out : nullptr, "docs/sop") : out;
  RenderOptions render;
  render.lang = lang.value_or(config && config->render.lang
                                  ? parse_enum<Lang>(config->render.lang.value).value_or(Lang::En)
                                  : Lang::En);
  render.date = date;
  SeverityPolicy policy(ws.model, {});
  Analysis analysis = analyze(ws.model, AnalyzeOptions{{}, jobs, false}, policy);
  pages.files = render_documentation(ws.model, analysis, render);
  return pages;
}

}  // namespace opsflow::cli
