# Sourced by the check scripts: `ensure_npm_tools ME PACKAGE...` makes sure each npm PACKAGE is
# installed in tests/npm at the version pinned in package.json, running `npm ci` there when one
# is missing or differs. Exits 2 (with a message prefixed by ME) when that cannot be done.
ensure_npm_tools() {
    local me="$1" dir
    shift
    dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    command -v node >/dev/null 2>&1 || { echo "$me: node is required" >&2; exit 2; }
    command -v npm >/dev/null 2>&1 || { echo "$me: npm is required" >&2; exit 2; }
    # Prints nothing when every package is installed at its pinned version, else the first mismatch.
    local check='
const path = require("path"), fs = require("fs");
const [dir, ...names] = process.argv.slice(1);
const pins = require(path.join(dir, "package.json")).devDependencies;
for (const name of names) {
  let have = null;
  try { have = JSON.parse(fs.readFileSync(path.join(dir, "node_modules", name, "package.json"), "utf8")).version; } catch {}
  if (have !== pins[name]) { process.stdout.write(name + " " + (have || "missing") + " (pinned " + pins[name] + ")"); break; }
}
'
    local mismatch
    mismatch="$(node -e "$check" "$dir" "$@")"
    [[ -z "$mismatch" ]] && return 0
    echo "$me: installing pinned npm tools (npm ci in $dir): $mismatch" >&2
    (cd "$dir" && npm ci --no-audit --no-fund >&2) || { echo "$me: npm ci failed" >&2; exit 2; }
    mismatch="$(node -e "$check" "$dir" "$@")"
    if [[ -n "$mismatch" ]]; then
        echo "$me: after npm ci: $mismatch" >&2
        exit 2
    fi
}
