#include "opsflow/load/load.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <filesystem>
#include <map>
#include <set>

#include "decode.hpp"
#include "opsflow/base/glob.hpp"
#include "opsflow/base/input.hpp"
#include "opsflow/base/parallel.hpp"
#include "yaml_tree.hpp"

namespace opsflow {
namespace fs = std::filesystem;

namespace {

Diagnostic file_diagnostic(Rule rule, std::string file, std::string message,
                           std::string hint = {}) {
  return {.rule = rule,
          .file = std::move(file),
          .message = std::move(message),
          .hint = std::move(hint)};
}

// A path as shown to the user: '/'-separated, without a leading "./".
std::string display_path(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  while (s.starts_with("./")) s.erase(0, 2);
  if (s.size() > 1 && s.ends_with('/')) s.pop_back();
  return s.empty() ? "." : s;
}

bool is_yaml_name(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

// Folders never walked into unless named on the command line.
bool is_skipped_folder(const std::string& name) {
  return name == "node_modules" || (name.size() > 1 && name.front() == '.');
}

struct Walker {
  std::vector<std::string> excludes;  // globs relative to `base`
  fs::path base;
  std::vector<std::string> files;
  std::vector<Diagnostic> diagnostics;
  bool unreadable = false;
  bool incomplete = false;  // a file was not read because a link led outside
  // The real paths of the folders opsflow reads (the repository, the paths given): a symbolic
  // link found while walking is followed only to a place inside one of them.
  std::vector<fs::path> inside;
  std::set<std::pair<dev_t, ino_t>> seen_folders;  // every folder read so far
  std::vector<std::pair<dev_t, ino_t>> walking;    // the folders being read, outermost first

  bool excluded(const std::string& path, bool folder) const {
    if (excludes.empty()) return false;
    std::string rel = fs::path(path).lexically_relative(base).generic_string();
    if (rel.empty() || rel == ".." || rel.starts_with("../")) {
      // Named from elsewhere (from a subfolder, the base is ".."): compare where they really are.
      std::error_code ec;
      rel = fs::weakly_canonical(fs::absolute(path, ec), ec)
                .lexically_relative(fs::weakly_canonical(fs::absolute(base, ec), ec))
                .generic_string();
      if (ec || rel.empty() || rel == ".." || rel.starts_with("../")) rel = path;
    }
    for (const std::string& glob : excludes) {
      if (glob_match(glob, rel) || (folder && glob_match(glob, rel + "/"))) return true;
    }
    return false;
  }

  // Whether the link `path` leads inside the folders read; reports it when it does not.
  bool link_stays_inside(const std::string& path) {
    std::error_code ec;
    fs::path target = fs::weakly_canonical(fs::absolute(path, ec), ec);
    if (ec) return true;  // unreadable: reported when it is read
    fs::path written = fs::read_symlink(path, ec);
    for (const fs::path& folder : inside) {
      auto rel = target.lexically_relative(folder);
      if (!rel.empty() && *rel.begin() != "..") return true;
    }
    diagnostics.push_back(file_diagnostic(
        rule::kOutsideRepository, path,
        fmt::format("this symbolic link leads outside the folders opsflow reads (to {}); it is "
                    "not read",
                    written.generic_string()),
        "copy the file into the repository, or name it on the command line"));
    incomplete = true;
    return false;
  }

  void unreadable_file(const std::string& path, const std::string& why) {
    diagnostics.push_back(
        file_diagnostic(rule::kUnreadableFile, path, fmt::format("cannot read: {}", why)));
    unreadable = true;
  }

  void walk_folder(const std::string& folder) {
    struct stat st {};
    if (::stat(folder.c_str(), &st) != 0) {
      unreadable_file(folder, std::error_code(errno, std::generic_category()).message());
      return;
    }
    std::pair<dev_t, ino_t> id{st.st_dev, st.st_ino};
    if (std::find(walking.begin(), walking.end(), id) != walking.end()) {
      diagnostics.push_back(file_diagnostic(
          rule::kSymlinkLoop, folder,
          "this folder is a symbolic link back to a folder that contains it; not followed"));
      return;
    }
    // A second path to a folder already read (a link to a sibling) adds nothing new.
    if (!seen_folders.insert(id).second) return;
    walking.push_back(id);
    read_folder(folder);
    walking.pop_back();
  }

  void read_folder(const std::string& folder) {
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) {
      unreadable_file(folder, ec.message());
      return;
    }
    std::vector<std::pair<std::string, bool>> entries;  // (path, is folder)
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      const fs::directory_entry& entry = *it;
      std::string name = entry.path().filename().string();
      std::string path = display_path(fs::path(folder) / name);
      std::error_code sec;
      fs::file_status status = entry.status(sec);
      if (sec || !fs::exists(status)) {
        std::error_code lec;
        if (entry.is_symlink(lec)) {
          unreadable_file(path, "broken symbolic link (its target does not exist)");
        } else if (is_yaml_name(entry.path())) {
          unreadable_file(path, sec ? sec.message() : "it disappeared while being read");
        }
        continue;
      }
      bool is_folder = fs::is_directory(status);
      if (is_folder ? is_skipped_folder(name) : !is_yaml_name(entry.path())) continue;
      std::error_code lec;
      if (entry.is_symlink(lec) && !link_stays_inside(path)) continue;
      entries.emplace_back(path, is_folder);  // read_input refuses anything but a regular file
    }
    if (ec) unreadable_file(folder, ec.message());
    std::sort(entries.begin(), entries.end());
    for (const auto& [path, is_folder] : entries) {
      if (excluded(path, is_folder)) continue;
      if (is_folder) {
        walk_folder(path);
      } else {
        files.push_back(path);
      }
    }
  }

  // A path given by the user (`raw`, found at `resolved`) or the config: walked even if hidden; a
  // missing one is an Error.
  void walk_root(const std::string& raw, const std::string& resolved) {
    std::string path = display_path(resolved);
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      throw Error(fmt::format("cannot read '{}': {}", raw,
                              ec ? ec.message() : std::string("no such file or directory")));
    }
    if (fs::is_directory(status)) {
      walk_folder(path);
    } else {
      files.push_back(path);
    }
  }
};

// One file's outcome, produced by a worker thread.
struct FileResult {
  Model model;
  std::vector<Diagnostic> diagnostics;
};

FileResult load_file(const std::string& path) {
  FileResult result;
  InputText in = read_input(path);
  if (!in) {
    result.diagnostics.push_back(file_diagnostic(in.rule, path, in.problem));
    result.model.files.push_back({path});
    result.model.complete = false;
    return result;
  }
  load_from_string(in.text, path, result.model, result.diagnostics);
  return result;
}

template <class T>
void append_documents(std::vector<T>& into, std::vector<T>& from, std::uint32_t file) {
  for (T& doc : from) {
    doc.file = file;
    into.push_back(std::move(doc));
  }
}

void merge(Model& into, FileResult& result, std::vector<Diagnostic>& diagnostics) {
  auto file = static_cast<std::uint32_t>(into.files.size());
  into.files.push_back(std::move(result.model.files.front()));
  into.complete = into.complete && result.model.complete;
  std::apply([&](auto... list) { (append_documents(into.*list, result.model.*list, file), ...); },
             kDocumentLists);
  std::move(result.diagnostics.begin(), result.diagnostics.end(), std::back_inserter(diagnostics));
}

// Whether `path` is a config file: an opsflow.yaml holding no document with an apiVersion or a
// kind (a GitHub workflow named opsflow.yml) is someone else's and passed over. A Config with a
// wrong apiVersion or kind is found, and then reported when it is loaded.
bool is_config_file(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  InputText in = read_input(path.string());
  if (!in) return true;  // its problem is reported when it is read
  auto has_key = [&](std::string_view key) {
    for (std::size_t at = in.text.find(key); at != std::string::npos;
         at = in.text.find(key, at + 1)) {
      const bool line_start = at == 0 || in.text[at - 1] == '\n' || in.text[at - 1] == '{';
      std::size_t after = at + key.size();
      while (after < in.text.size() && in.text[after] == ' ') ++after;
      if (line_start && after < in.text.size() && in.text[after] == ':') return true;
    }
    return false;
  };
  return has_key("apiVersion") || has_key("kind");
}

// With no PATH, the config is found like .git: in `root`, else in the nearest folder above it that
// has one (named from `root`: ../opsflow.yaml), which is then the repository's root.
std::optional<std::string> find_config_upward(const std::string& root) {
  std::error_code ec;
  fs::path absolute = fs::absolute(root, ec).lexically_normal();
  if (ec) return std::nullopt;
  if (!absolute.has_filename() && absolute.has_parent_path() && absolute != absolute.root_path())
    absolute = absolute.parent_path();  // "a/b/" names a/b
  fs::path relative = root;
  for (fs::path folder = absolute;; folder = folder.parent_path()) {
    for (std::string_view name : kConfigFileNames) {
      if (is_config_file(folder / name)) return display_path(relative / name);
    }
    if (folder == folder.parent_path() || folder.parent_path().empty()) return std::nullopt;
    relative /= "..";
  }
}

// Chooses the active config: the first Config document of the config file, else the first found.
void select_config(Model& model, const std::optional<std::string>& config_file) {
  for (std::size_t i = 0; i < model.configs.size(); ++i) {
    if (config_file && model.path_of(model.configs[i]) != *config_file) continue;
    model.active_config = i;
    model.config_dir = display_path(fs::path(model.path_of(model.configs[i])).parent_path());
    return;
  }
}

// Reports every Config but the active one, and paths/exclude that cannot apply.
void check_configs(const Model& model, bool from_config_file,
                   std::vector<Diagnostic>& diagnostics) {
  const Config* active = model.config();
  if (!active) return;
  if (!from_config_file && (!active->paths.empty() || !active->exclude.empty())) {
    diagnostics.push_back(
        {.rule = rule::kConfigLocation,
         .file = model.path_of(*active),
         .loc = (!active->paths.empty() ? active->paths : active->exclude).front().loc,
         .message = "'paths' and 'exclude' of this Config have no effect: it is not in an "
                    "opsflow.yaml that opsflow looks for",
         .hint = "name the file opsflow.yaml and put it in the folder you run opsflow on"});
  }
  for (const Config& other : model.configs) {
    if (&other == active) continue;
    diagnostics.push_back(
        {.rule = rule::kMultipleConfigs,
         .file = model.path_of(other),
         .loc = other.loc,
         .message =
             fmt::format("a second Config document; the one in {} is used", model.path_of(*active)),
         .hint = "keep one Config per repository, in opsflow.yaml at its root",
         .related = {{model.path_of(*active), active->loc, "the Config in use"}}});
  }
}

}  // namespace

bool load_from_string(std::string_view text, const std::string& path, Model& model,
                      std::vector<Diagnostic>& diagnostics) {
  auto file = static_cast<std::uint32_t>(model.files.size());
  model.files.push_back({path});
  // How many documents of each kind there were before this file.
  const auto sizes =
      std::apply([&](auto... list) { return std::array{(model.*list).size()...}; }, kDocumentLists);
  const std::size_t diagnostics_before = diagnostics.size();
  bool any = false;
  SuggestionBudget suggestions;
  bool parsed = yaml::parse_documents(text, path, diagnostics, [&](const yaml::Document& doc) {
    any |= detail::decode_document(doc, path, file, model, diagnostics, suggestions);
  });
  if (parsed) return any;
  model.complete = false;
  bool refused = std::any_of(diagnostics.begin() + static_cast<std::ptrdiff_t>(diagnostics_before),
                             diagnostics.end(),
                             [](const Diagnostic& d) { return d.rule == rule::kInputLimit; });
  if (refused) {
    // A refused file contributes nothing, not even the documents before the limit was hit.
    std::apply(
        [&](auto... list) {
          std::size_t k = 0;
          ((model.*list).resize(sizes[k++]), ...);
        },
        kDocumentLists);
    diagnostics.erase(
        std::remove_if(diagnostics.begin() + static_cast<std::ptrdiff_t>(diagnostics_before),
                       diagnostics.end(),
                       [](const Diagnostic& d) { return d.rule != rule::kInputLimit; }),
        diagnostics.end());
    return false;
  }
  return any;
}

namespace {

// Where one PATH lies, for finding its repository: the folder itself, or the folder of a file.
std::string folder_of_path(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return path;
  std::string parent = fs::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

std::string canonical_or_same(const std::string& path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? path : canonical.string();
}

// Whether the canonical path `path` is `folder` or lies inside it.
bool lies_in(const std::string& path, const std::string& folder) {
  return path == folder ||
         (path.starts_with(folder) && (folder.ends_with('/') || path[folder.size()] == '/'));
}

// The repository of the PATHs (SPEC §2): the folder of the Config found upward from each of them,
// when they all find the same one. Throws Error when they lie in different repositories.
std::optional<std::string> repository_config(const std::vector<std::string>& raw,
                                             const std::vector<std::string>& given) {
  std::optional<std::string> found;
  std::string found_canonical, found_for;
  bool some_without = false;
  std::string without;
  // Looked for once per folder: a pre-commit hook passes many files of a few folders.
  std::map<std::string, std::optional<std::string>> by_folder;
  for (std::size_t i = 0; i < given.size(); ++i) {
    const std::string folder = folder_of_path(given[i]);
    auto [cached, fresh] = by_folder.try_emplace(folder);
    if (fresh) cached->second = find_config_upward(folder);
    const std::optional<std::string>& config = cached->second;
    if (!config) {
      some_without = true;
      without = raw[i];
      continue;
    }
    std::string canonical = canonical_or_same(*config);
    if (!found) {
      found = config;
      found_canonical = canonical;
      found_for = raw[i];
    } else if (canonical != found_canonical) {
      throw Error(fmt::format(
          "'{}' and '{}' lie in different repositories ({} and {}); run opsflow once for each",
          found_for, raw[i], *found, *config));
    }
  }
  if (found && some_without) {
    throw Error(fmt::format(
        "'{}' lies in the repository of {}, but '{}' in none (no opsflow.yaml above it); run "
        "opsflow once for each",
        found_for, *found, without));
  }
  return found;
}

// SPEC §2: PATHs inside a repository select what is reported. A selected folder names the files
// in it, so a file found by walking the repository is shown as the user named it.
struct Selection {
  struct Root {
    std::string canonical;
    std::string shown;  // as given, normalized
  };
  std::vector<Root> roots;

  std::optional<std::string> rename(const std::string& canonical) const {
    for (const Root& r : roots) {
      if (!lies_in(canonical, r.canonical)) continue;
      if (canonical == r.canonical) return r.shown;
      return display_path(fs::path(r.shown) / fs::path(canonical).lexically_relative(r.canonical));
    }
    return std::nullopt;
  }
};

}  // namespace

bool is_selected(const std::vector<std::string>& selected, const std::string& file) {
  if (selected.empty()) return true;
  return std::any_of(selected.begin(), selected.end(), [&](const std::string& s) {
    if (file == s) return true;
    // Below `s`, and not back up out of it ("../x" is not below "..").
    std::string_view rest = file;
    if (s != ".") {
      if (!file.starts_with(s) || file.size() <= s.size() || file[s.size()] != '/') return false;
      rest.remove_prefix(s.size() + 1);
    } else if (file.starts_with('/')) {
      return false;
    }
    return rest != ".." && !rest.starts_with("../");
  });
}

LoadResult load(const LoadOptions& options) {
  LoadResult result;
  const std::string root = options.root.empty() ? "." : options.root;
  const std::string stdin_name = options.stdin_name.empty() ? "<stdin>" : options.stdin_name;
  auto resolve = [&](const std::string& p) {
    return options.root.empty() ? p : (fs::path(root) / p).string();
  };
  std::vector<std::string> raw;    // the paths as given ('-' as the name standard input has)
  std::vector<std::string> given;  // the same paths as found from the working folder
  bool reads_stdin = false;
  for (const std::string& p : options.paths) {
    if (p == "-") {
      if (reads_stdin) throw Error("'-' (standard input) is given twice");
      reads_stdin = true;
      raw.push_back(options.stdin_name.empty() ? "-" : stdin_name);
      given.push_back(options.stdin_name.empty() ? root : resolve(stdin_name));
      continue;
    }
    raw.push_back(p);
    given.push_back(resolve(p));
  }
  std::optional<InputText> stdin_text;
  if (reads_stdin) stdin_text = read_input("-");
  std::optional<std::string> stdin_canonical;  // the file standard input stands for
  if (reads_stdin && !options.stdin_name.empty())
    stdin_canonical = canonical_or_same(resolve(stdin_name));
  // Standard input as the file it stands for (`name`).
  auto stdin_file = [&](const std::string& name) {
    FileResult from_stdin;
    if (*stdin_text) {
      load_from_string(stdin_text->text, name, from_stdin.model, from_stdin.diagnostics);
    } else {
      from_stdin.diagnostics.push_back(
          file_diagnostic(stdin_text->rule, name, stdin_text->problem));
      from_stdin.model.files.push_back({name});
      from_stdin.model.complete = false;
    }
    return from_stdin;
  };
  bool stdin_read = false;

  // The repository: found upward from the working folder (no PATH) or from the PATHs. PATHs that
  // do not cover the whole repository select what is reported, and the repository is loaded too;
  // naming its folder reads that folder as it is, naming its Config reads the repository.
  std::optional<std::string> config_file;
  Selection selection;
  bool selecting = false;
  bool walk_repository = options.paths.empty();
  if (!options.paths.empty() && (config_file = repository_config(raw, given))) {
    const std::string top = canonical_or_same(folder_of_path(*config_file));
    const std::string config_canonical = canonical_or_same(*config_file);
    bool whole_folder = false, whole_config = false;
    for (std::size_t i = 0; i < given.size(); ++i) {
      if (options.paths[i] == "-" && options.stdin_name.empty()) continue;
      std::string canonical = canonical_or_same(given[i]);
      whole_folder |= canonical == top;
      whole_config |= canonical == config_canonical;
      selection.roots.push_back({canonical, display_path(given[i])});
    }
    selecting = !whole_folder && !whole_config;
    walk_repository = !whole_folder;
    if (!selecting) selection.roots.clear();
  } else if (options.paths.empty()) {
    config_file = find_config_upward(root);
  }  // PATHs in no repository are read without a Config (not the working folder's)

  // The config decides the default paths and the excludes, so it is read first.
  Walker walker;
  std::vector<std::string> roots, resolved;
  if (config_file) {
    result.model.config_file = *config_file;
    // An editor's unsaved opsflow.yaml (--stdin-name) is the Config.
    stdin_read = stdin_canonical && *stdin_canonical == canonical_or_same(*config_file);
    if (stdin_read) {
      result.stdin_name = *config_file;
      result.stdin_text = stdin_text->text;
    }
    FileResult config = stdin_read ? stdin_file(*config_file) : load_file(*config_file);
    result.files_read++;
    merge(result.model, config, result.diagnostics);
    select_config(result.model, config_file);
    if (const Config* c = result.model.config()) {
      walker.base = result.model.config_dir;
      for (const Text& glob : c->exclude) walker.excludes.push_back(glob.value);
      if (walk_repository) {
        for (const Text& p : c->paths) {
          if (!stays_inside(p.value)) continue;  // never read; validate says why
          roots.push_back(display_path(fs::path(result.model.config_dir) / p.value));
          resolved.push_back(roots.back());
        }
      }
    }
  }
  if (walk_repository && roots.empty()) {
    // The repository: the folder of the config file found (maybe above the working folder, and
    // even when its Config has errors), else here.
    const std::string top = config_file ? display_path(fs::path(*config_file).parent_path()) : root;
    roots.push_back(config_file ? top : ".");
    resolved.push_back(top);
  }
  // The PATHs themselves, also where the Config's paths leave them out. What the Config excludes
  // is not part of the repository: a PATH there is skipped when it selects (a pre-commit hook
  // passing a draft), read when it is named alone.
  for (std::size_t i = 0; i < options.paths.size(); ++i) {
    if (options.paths[i] == "-") continue;
    std::error_code ec;
    if (selecting && walker.excluded(display_path(given[i]), fs::is_directory(given[i], ec))) {
      result.excluded_paths.push_back(raw[i]);
      continue;
    }
    roots.push_back(options.paths[i]);
    resolved.push_back(given[i]);
  }
  for (const std::string& p : options.also) {
    roots.push_back(p);
    resolved.push_back(resolve(p));
  }
  if (walker.base.empty()) walker.base = root;
  for (const std::string& folder : resolved) {
    std::error_code ec;
    if (fs::is_directory(folder, ec))
      walker.inside.push_back(fs::weakly_canonical(fs::absolute(folder, ec), ec));
  }
  if (result.model.config()) {
    std::error_code ec;
    walker.inside.push_back(fs::weakly_canonical(fs::absolute(result.model.config_dir, ec), ec));
  }
  for (std::size_t i = 0; i < roots.size(); ++i) {
    // Standard input given the name of a file not written yet: nothing to walk.
    if (reads_stdin && !options.stdin_name.empty() && resolved[i] == resolve(stdin_name)) continue;
    walker.walk_root(roots[i], resolved[i]);
  }

  // Each file once, in a stable order, never the config file a second time; a file named by
  // --stdin-name is read from standard input instead.
  std::vector<std::string> files;
  std::set<std::string> seen;
  if (config_file) seen.insert(canonical_or_same(*config_file));
  for (const std::string& f : walker.files) {
    std::string canonical = canonical_or_same(f);
    if (!seen.insert(canonical).second || canonical == stdin_canonical) continue;
    std::optional<std::string> renamed = selection.rename(canonical);
    files.push_back(renamed ? *renamed : f);
    if (renamed) result.selected.push_back(*renamed);
  }
  for (Diagnostic& d : walker.diagnostics) {
    if (std::optional<std::string> renamed = selection.rename(canonical_or_same(d.file)))
      d.file = *renamed;
  }

  std::vector<FileResult> results(files.size());
  parallel_for(files.size(), options.threads, 1,
               [&](std::size_t i, unsigned) { results[i] = load_file(files[i]); });
  for (FileResult& r : results) merge(result.model, r, result.diagnostics);
  result.files_read += files.size();
  if (stdin_text && !stdin_read) {
    const std::string name =
        options.stdin_name.empty() ? stdin_name : display_path(resolve(stdin_name));
    FileResult from_stdin = stdin_file(name);
    merge(result.model, from_stdin, result.diagnostics);
    result.files_read++;
    result.stdin_name = name;
    result.stdin_text = std::move(stdin_text->text);
    if (selecting) result.selected.push_back(name);
  }
  if (selecting) {
    for (const Selection::Root& r : selection.roots) result.selected.push_back(r.shown);
    std::sort(result.selected.begin(), result.selected.end());
    result.selected.erase(std::unique(result.selected.begin(), result.selected.end()),
                          result.selected.end());
  }
  std::move(walker.diagnostics.begin(), walker.diagnostics.end(),
            std::back_inserter(result.diagnostics));
  if (walker.unreadable || walker.incomplete) result.model.complete = false;
  if (!result.model.config()) select_config(result.model, std::nullopt);
  check_configs(result.model,
                config_file && result.model.config() &&
                    result.model.path_of(*result.model.config()) == *config_file,
                result.diagnostics);
  return result;
}

}  // namespace opsflow
