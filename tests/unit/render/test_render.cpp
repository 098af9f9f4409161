// render: page content, escaping, and the safety of writing into a folder.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "helpers.hpp"
#include "opsflow/analyze/analyze.hpp"
#include "opsflow/render/render.hpp"
#include "render/labels.hpp"
#include "render/user_markdown.hpp"

using namespace opsflow;
using namespace opsflow::test;
namespace fs = std::filesystem;

namespace {

const char* kHostile = R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: ops, name: "Ops | <b>team</b>"}
spec: {members: ["Ann [admin]", "Bo`b"]}
---
apiVersion: opsflow/v1
kind: Process
metadata: {id: p, name: "# Deploy | now\nplease", owner: ops}
spec:
  purpose: "Fast <script>alert(1)</script>"
  steps:
    - id: a
      name: "Say \"hi\" ]); end"
      role: ops
      duration: 1m
      instructions: "# not a heading\nUse <kbd>Enter</kbd>."
      checklist: ["a | b", "[x] done?"]
      cautions: ["Never *ever* restart prod"]
)";

// A role `ops` (Ann) and a process `p` it owns, up to its list of steps.
const std::string kOpsAndP = R"(apiVersion: opsflow/v1
kind: Role
metadata: {id: ops}
spec: {members: [Ann]}
---
apiVersion: opsflow/v1
kind: Process
metadata: {id: p, owner: ops}
spec:
  steps:
)";

std::vector<RenderedFile> render(const std::string& yaml, Lang lang = Lang::En,
                                 const std::string& date = "") {
  static Loaded loaded;  // pages refer to nothing after rendering, but keep the model alive
  loaded = load_files({{"t.yaml", yaml}});
  SeverityPolicy policy(loaded.model, {});
  Analysis analysis = analyze(loaded.model, {}, policy);
  return render_documentation(loaded.model, analysis, RenderOptions{lang, date});
}

const RenderedFile& page(const std::vector<RenderedFile>& files, const std::string& path) {
  for (const RenderedFile& f : files) {
    if (f.path == path) return f;
  }
  FAIL("no page " << path);
  return files.front();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("opsflow-render-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  static inline int counter = 0;
};

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("pages: an SOP per process, a handbook per role, an index; marker first") {
  auto files = render(kHostile);
  REQUIRE(files.size() == 3);
  CHECK(files[0].path == "p.md");
  CHECK(files[1].path == "roles/ops.md");
  CHECK(files[2].path == "index.md");
  for (const RenderedFile& f : files) {
    CHECK(f.content.starts_with(kGeneratedMarker));
    CHECK(f.content.ends_with("\n"));
    CHECK_FALSE(f.content.ends_with("\n\n"));
  }
}

TEST_CASE("hostile names cannot break tables, headings or the flowchart") {
  auto files = render(kHostile);
  const std::string& sop = page(files, "p.md").content;
  for (const std::string& line : lines_of(sop)) {
    CAPTURE(line);
    CHECK(line.find("<script>") == std::string::npos);
    CHECK(line.find("<b>") == std::string::npos);
    CHECK(line.find("<kbd>") == std::string::npos);
    // A table row keeps its cell count: every user '|' is escaped.
    if (line.starts_with("| ") && line.find("Say") != std::string::npos) {
      std::size_t bars = 0;
      for (std::size_t i = 0; i < line.size(); ++i)
        bars += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
      CHECK((bars == 3 || bars == 6));  // the RACI row (2 cells) or the at-a-glance row (5)
    }
  }
  CHECK(sop.find("\n# \\# Deploy \\| now please\n") != std::string::npos);  // one heading line
  CHECK(sop.find("\\# not a heading") != std::string::npos);
  // The node names the role by its name, escaped like the step's.
  CHECK(sop.find("s1[\"1. Say #quot;hi#quot; ]); end<br/>Ops | #lt;b#gt;team#lt;/b#gt; · 1m\"]") !=
        std::string::npos);
  CHECK(sop.find("- [ ] a \\| b") != std::string::npos);
  CHECK(sop.find("> Never \\*ever\\* restart prod") != std::string::npos);
}

TEST_CASE("Chinese labels with --lang zh") {
  auto files = render(kHostile, Lang::Zh);
  const std::string& sop = page(files, "p.md").content;
  CHECK(sop.find("## 目的") != std::string::npos);
  CHECK(sop.find("### RACI 矩阵") != std::string::npos);
  CHECK(sop.find("## 操作步骤") != std::string::npos);
  CHECK(page(files, "roles/ops.md").content.find("# 岗位手册") != std::string::npos);
}

TEST_CASE("the flowchart's legend names only the shapes and arrows the chart uses") {
  // One task: boxes and the typical path, nothing about hexagons, diamonds or dashed arrows.
  auto files = render(kHostile);
  CHECK(
      page(files, "p.md")
          .content.find(
              "\nBoxes are tasks. The typical path (the critical path of the most likely case) is "
              "filled and drawn thick.\n") != std::string::npos);
  // An optional first step has no arrow in, so no percentage to explain.
  CHECK(
      page(render(kOpsAndP + "    - {id: a, role: ops, duration: 1m, probability: 0.5}\n"), "p.md")
          .content.find("\nBoxes are tasks. The typical path") != std::string::npos);
  // An optional approval with rework after an automated step.
  const std::string yaml =
      kOpsAndP +
      "    - {id: a, type: automated, role: ops, duration: 1m}\n"
      "    - {id: b, type: approval, role: ops, duration: 1m, after: [a], probability: 0.5,\n"
      "       rework: {to: a, probability: 0.2}}\n";
  CHECK(page(render(yaml), "p.md")
            .content.find(
                "\nHexagons are approvals; double-edged boxes are automated steps. A percentage on "
                "an "
                "arrow is the share of instances that take it; dashed arrows are rework, with the "
                "share of runs sent back; the typical path (the critical path of the most likely "
                "case) is filled and drawn thick.\n") != std::string::npos);
  CHECK(page(render(yaml, Lang::Zh), "p.md")
            .content.find("\n六边形为审批；双边框为自动步骤。箭头上的百分比为走该箭头的实例比例；虚"
                          "线箭头为返工，"
                          "百分比为退回的比例；填色粗线为最常见情况的关键路径（典型路径）。\n") !=
        std::string::npos);
}

TEST_CASE("metric units opsflow knows are in the page's language; a team's own as written") {
  const std::string yaml = kOpsAndP + R"(    - {id: a, role: ops, duration: 1m}
  metrics: [m, money]
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: m}
spec: {unit: minutes, direction: lower-is-better}
---
apiVersion: opsflow/v1
kind: Metric
metadata: {id: money}
spec: {unit: currency, direction: higher-is-better}
)";
  const std::string zh = page(render(yaml, Lang::Zh), "p.md").content;
  CHECK(zh.find("(`m`, 分钟, 越低越好)") != std::string::npos);
  CHECK(zh.find("(`money`, currency, 越高越好)") != std::string::npos);
  CHECK(page(render(yaml), "p.md").content.find("(`m`, minutes, lower-is-better)") !=
        std::string::npos);
}

TEST_CASE("writing, then checking: fresh, stale, missing, extra") {
  TempDir dir;
  auto files = render(kHostile);
  // A first render also wrote gone.md, for a process since removed.
  auto before = files;
  before.push_back({"gone.md", std::string(kGeneratedMarker) + "\nfrom a removed process\n"});
  write_documentation(dir.path.string(), before, false);
  WriteReport first = write_documentation(dir.path.string(), files, false);
  CHECK(first.written.empty());
  CHECK(first.removed == std::vector<std::string>{"gone.md"});
  CHECK(first.unchanged.size() == 3);
  CHECK(check_documentation(dir.path.string(), files).clean());
  WriteReport again = write_documentation(dir.path.string(), files, false);
  CHECK(again.written.empty());
  CHECK(again.unchanged.size() == 3);

  std::ofstream(dir.path / "p.md") << kGeneratedMarker << "\nold\n";
  fs::remove(dir.path / "index.md");
  std::ofstream(dir.path / "notes.md") << "# my own notes\n";  // not generated: never touched
  CheckReport check = check_documentation(dir.path.string(), files);
  CHECK(check.stale == std::vector<std::string>{"p.md"});
  CHECK(check.missing == std::vector<std::string>{"index.md"});
  CHECK(check.extra.empty());

  WriteReport fix = write_documentation(dir.path.string(), files, false);
  CHECK(fix.written == std::vector<std::string>{"p.md", "index.md"});
  CHECK(check_documentation(dir.path.string(), files).clean());
  CHECK(read(dir.path / "notes.md") == "# my own notes\n");
}

TEST_CASE("a file opsflow did not write is never overwritten without --force") {
  TempDir dir;
  auto files = render(kHostile);
  std::ofstream(dir.path / "p.md") << "hand-written SOP\n";
  CHECK_THROWS_AS(write_documentation(dir.path.string(), files, false), Error);
  CHECK(read(dir.path / "p.md") == "hand-written SOP\n");
  CHECK_FALSE(fs::exists(dir.path / "index.md"));  // nothing else was written either
  write_documentation(dir.path.string(), files, true);
  CHECK(read(dir.path / "p.md") == page(files, "p.md").content);
}

TEST_CASE("pages cannot land outside the output folder") {
  TempDir dir;
  std::vector<RenderedFile> evil{{"../escape.md", "x"}};
  CHECK_THROWS_WITH_AS(write_documentation((dir.path / "out").string(), evil, false),
                       "refusing to write '../escape.md': it is outside the output folder", Error);
  CHECK_FALSE(fs::exists(dir.path / "escape.md"));
  std::vector<RenderedFile> absolute{{"/tmp/x.md", "x"}};
  CHECK_THROWS_AS(write_documentation((dir.path / "out").string(), absolute, false), Error);
}

TEST_CASE("a failed render leaves the previous pages intact and no temporary files") {
  TempDir dir;
  auto files = render(kHostile);
  write_documentation(dir.path.string(), files, false);
  std::string before = read(dir.path / "p.md");
  // New content for every page, but roles/ cannot be written: it is now a file.
  auto changed = files;
  for (RenderedFile& f : changed) f.content += "changed\n";
  fs::remove_all(dir.path / "roles");
  std::ofstream(dir.path / "roles") << "in the way\n";
  CHECK_THROWS(write_documentation(dir.path.string(), changed, false));
  CHECK(read(dir.path / "p.md") == before);
  for (const auto& entry : fs::recursive_directory_iterator(dir.path)) {
    CHECK(entry.path().string().find("opsflow-tmp") == std::string::npos);
  }
}

TEST_CASE("links from a role page reach the other role pages") {
  std::string two = std::string(kHostile) + R"(---
apiVersion: opsflow/v1
kind: Role
metadata: {id: lead}
spec: {members: [z], backup: ops}
)";
  auto files = render(two);
  const std::string& lead = page(files, "roles/lead.md").content;
  CHECK(lead.find("](../roles/ops.md)") != std::string::npos);
  CHECK(lead.find("](roles/ops.md)") == std::string::npos);
}

TEST_CASE("code in instructions is shown as typed; a fence left open is closed") {
  std::string yaml = kOpsAndP + R"(    - id: a
      role: ops
      duration: 1m
      instructions: "Run `kubectl get pods -l app=<name>` or ``a `<b>` c``, not <b>x</b>.\n```bash\nif [ 1 < 3 ]; then echo ok > /tmp/x; fi\n\n# a comment, not a heading\n```\nThen:\n~~~\nleft <open>"
      checklist: ["after the code"]
)";
  auto files = render(yaml);
  const std::string& sop = page(files, "p.md").content;
  CHECK(
      sop.find(
          "Run `kubectl get pods -l app=<name>` or ``a `<b>` c``, not &lt;b&gt;x&lt;/b&gt;.\n"
          "\n```bash\nif [ 1 < 3 ]; then echo ok > /tmp/x; fi\n\n# a comment, not a heading\n```\n"
          "\nThen:\n\n~~~\nleft <open>\n~~~\n") != std::string::npos);
  // The open fence was closed before the checklist, which is still a list, not code.
  CHECK(sop.find("- [ ] after the code") != std::string::npos);
}

TEST_CASE("two pages for one file, a folder in the way, a link out: refused before any change") {
  TempDir dir;
  fs::path out = dir.path / "out";
  auto files = render(kHostile);
  write_documentation(out.string(), files, false);
  std::string before = read(out / "p.md");
  auto changed = files;
  for (RenderedFile& f : changed) f.content += "changed\n";

  // A process whose id is 'index' would be written over the index page.
  auto clash = changed;
  clash.push_back({"index.md", "the process 'index'\n"});
  CHECK_THROWS_WITH_AS(write_documentation(out.string(), clash, false),
                       doctest::Contains("two pages would be written to"), Error);
  CHECK(read(out / "p.md") == before);

  // A folder where a page goes fails before any page is replaced, even with --force.
  fs::remove(out / "roles" / "ops.md");
  fs::create_directories(out / "roles" / "ops.md");
  CHECK_THROWS_WITH_AS(write_documentation(out.string(), changed, true),
                       doctest::Contains("something other than a file is there"), Error);
  CHECK(read(out / "p.md") == before);
  fs::remove_all(out / "roles");

  // A symbolic link inside the output folder could lead anywhere: nothing is written through it.
  fs::create_directories(dir.path / "elsewhere");
  fs::create_symlink(dir.path / "elsewhere", out / "roles");
  CHECK_THROWS_WITH_AS(write_documentation(out.string(), changed, false),
                       doctest::Contains("is a symbolic link"), Error);
  CHECK(fs::is_empty(dir.path / "elsewhere"));
  CHECK(read(out / "p.md") == before);

  // The output folder must be a folder.
  std::ofstream(dir.path / "a-file") << "x\n";
  CHECK_THROWS_WITH_AS(write_documentation((dir.path / "a-file").string(), files, false),
                       doctest::Contains("is not a folder"), Error);
  CHECK_THROWS_WITH_AS(check_documentation((dir.path / "a-file").string(), files),
                       doctest::Contains("is not a folder"), Error);
}

TEST_CASE("every language names every step type and rate period") {
  for (Lang lang : {Lang::En, Lang::Zh}) {
    const detail::Labels& l = detail::labels(lang);
    CHECK(l.step_types.size() == enum_table(StepType{}).size());
    CHECK(l.rate_units.size() == enum_table(RateUnit{}).size());
    for (const char* word : l.step_types) CHECK(std::string_view(word).size() > 0);
  }
  // English pages use the words of the file format.
  const detail::Labels& en = detail::labels(Lang::En);
  for (const auto& type : enum_table(StepType{}))
    CHECK(en.step_types[static_cast<std::size_t>(type.value)] == type.name);
  for (const auto& unit : enum_table(RateUnit{}))
    CHECK(en.rate_units[static_cast<std::size_t>(unit.value)] == unit.name);
}

TEST_CASE("Chinese over several lines of a YAML block is one run of text in the page") {
  // A paragraph's CJK lines join without a space; a list stays a list; code keeps its lines.
  CHECK(detail::user_markdown("写清：目标、\n玩法。\n\n- 第一\n- 第二") ==
        "写清：目标、玩法。\n\n- 第一\n- 第二");
  CHECK(detail::user_markdown("```\n中\n文\n```") == "```\n中\n文\n```");
}

TEST_CASE("with a calendar, an SOP gives its lead times in calendar time too (by hand)") {
  // Open 09:00-17:00 Monday to Friday: 40 h a week, so calendar time is working time x 168/40.
  // Lead time: a 2h, then b after a 1h wait and 6h of work: 9h working = 37.8h = 1d13h48m.
  const std::string calendar = R"(---
apiVersion: opsflow/v1
kind: Config
metadata: {id: config}
spec:
  calendar: {hours: "09:00-17:00", days: [mon, tue, wed, thu, fri]}
)";
  auto files = render(kOpsAndP + R"(    - {id: a, role: ops, duration: 2h}
    - {id: b, role: ops, duration: 6h, wait: 1h}
)" + calendar);
  const std::string& sop = page(files, "p.md").content;
  CHECK(sop.find("| 9h (1d13h48m in calendar time) |") != std::string::npos);
  auto zh = render(kOpsAndP + "    - {id: a, role: ops, duration: 2h}\n" + calendar, Lang::Zh);
  // 2h x 4.2 = 8.4h = 8h24m.
  CHECK(page(zh, "p.md").content.find("2h（日历时间 8h24m）") != std::string::npos);
}

TEST_CASE("training: the matrix page, the handbook's next trainings, the SOP's changes") {
  const std::string team = kTrainingTeam;
  auto files = render(team, Lang::En, "2027-07-01");
  const std::string& matrix = page(files, "training.md").content;
  CHECK(matrix.find("| Member | Role | [p](p.md) v3 | [q](q.md) v1 |") != std::string::npos);
  CHECK(matrix.find("| ann | [ops](roles/ops.md) | due v3 | missing |") != std::string::npos);
  CHECK(matrix.find("| bo | [ops](roles/ops.md) | old v2 | missing |") != std::string::npos);
  CHECK(matrix.find("| cy | [ops](roles/ops.md) | missing | missing |") != std::string::npos);
  CHECK(matrix.find("1 of 6 required trainings are on the current version (17%).") !=
        std::string::npos);
  CHECK(matrix.find("Roles that record no training (their members' capacity counts in full): "
                    "[rev](roles/rev.md).") != std::string::npos);
  // 2026-06-10 + 365 days; past on the page's date
  CHECK(matrix.find("| ann | [p](p.md) | 3 | 2026-06-10 | 2027-06-10 (due) |") !=
        std::string::npos);
  // Without --date nothing is due: the page does not depend on the clock
  const std::string undated = page(render(team), "training.md").content;
  CHECK(undated.find("| ann | [ops](roles/ops.md) | ✓ v3 | missing |") != std::string::npos);
  CHECK(undated.find("(due)") == std::string::npos);

  const std::string& ops = page(files, "roles/ops.md").content;
  CHECK(ops.find("| ann | [p](../p.md) v3 | [p](../p.md): retraining due since 2027-06-10, "
                 "[q](../q.md) (version 1; no record) |") != std::string::npos);
  CHECK(ops.find("| bo | — | [p](../p.md) (version 3; trained on 2), [q](../q.md) (version 1; "
                 "no record) |") != std::string::npos);
  CHECK(page(files, "roles/rev.md").content.find("## Training") == std::string::npos);

  // p: bo is on version 2, the oldest still held: the changes after it
  const std::string& sop = page(files, "p.md").content;
  CHECK(sop.find("## What changed since version 2\n\n| Version | Date | Change |\n| --- | --- | "
                 "--- |\n| 3 | 2026-06-01 | Roll back first |\n\nNot yet trained on version 3: "
                 "bo (old v2), cy (missing).") != std::string::npos);
  CHECK(page(files, "index.md").content.find("[Training matrix](training.md): 1 of 6") !=
        std::string::npos);

  // A process without a version is trained on without one: no "v" anywhere
  const std::string unversioned = R"(apiVersion: opsflow/v1
kind: Process
metadata: {id: r}
spec:
  steps: [{id: a, role: ops, duration: 1h}]
---
apiVersion: opsflow/v1
kind: Role
metadata: {id: ops}
spec:
  members:
    - {name: ann, trained: [{process: r, date: 2026-06-10}]}
    - {name: bo, trained: []}
)";
  auto plain = render(unversioned);
  const std::string plain_matrix = page(plain, "training.md").content;
  CHECK(plain_matrix.find("| Member | Role | [r](r.md) |\n") != std::string::npos);
  CHECK(plain_matrix.find("| ann | [ops](roles/ops.md) | ✓ |") != std::string::npos);
  CHECK(plain_matrix.find("| ann | [r](r.md) | - | 2026-06-10 | 2027-06-10 |") !=
        std::string::npos);
  const std::string plain_ops = page(plain, "roles/ops.md").content;
  CHECK(plain_ops.find("| ann | [r](../r.md) | renew [r](../r.md) by 2027-06-10 |") !=
        std::string::npos);
  CHECK(plain_ops.find("| bo | — | [r](../r.md) (no record) |") != std::string::npos);

  const std::string zh = page(render(team, Lang::Zh, "2027-07-01"), "training.md").content;
  CHECK(zh.find("| ann | [ops](roles/ops.md) | 待复训 v3 | 未培训 |") != std::string::npos);
  CHECK(zh.find("6 项必需培训中有 1 项为当前版本（17%）。") != std::string::npos);
}
