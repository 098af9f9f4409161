#!/usr/bin/env bash
# check-sarif.sh FILE...
#
# Validates each SARIF file with Microsoft's SARIF Multitool (`validate` verb,
# default rule settings), pinned in tests/npm/package.json. Prints the tool's
# findings and exits non-zero if ANY file has an error or a warning (notes are
# ignored), if a file is missing, or if the tool itself fails.
#
# Works from any working directory. Installs the pinned tool with
# `npm ci --no-audit --no-fund` in tests/npm when it is not installed yet.
#
# Environment:
#   CHECK_SARIF_SHOW_NOTES=1   also print the tool's notes (they never fail the check)
#
# Exit codes: 0 all files clean; 1 at least one file has errors/warnings or
# could not be validated; 2 usage error or the tool could not be installed/run.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
me="check-sarif"

if [[ $# -eq 0 ]]; then
    echo "usage: $0 FILE..." >&2
    exit 2
fi

command -v node >/dev/null 2>&1 || { echo "$me: node is required" >&2; exit 2; }
command -v npm >/dev/null 2>&1 || { echo "$me: npm is required" >&2; exit 2; }

# Path of the native Sarif.Multitool executable, as exported by the npm package
# (index.js of @microsoft/sarif-multitool resolves the platform-specific package).
# We call it directly rather than through node_modules/.bin/sarif-multitool,
# because that wrapper spawns with `shell: true`, which re-splits arguments
# (spaces, ';' in --level values) through /bin/sh.
resolve_tool() {
    (cd "$here" && node -e 'process.stdout.write(require("@microsoft/sarif-multitool"))' 2>/dev/null)
}

tool="$(resolve_tool || true)"
if [[ -z "$tool" || ! -f "$tool" ]]; then
    echo "$me: installing pinned SARIF Multitool (npm ci in $here)" >&2
    (cd "$here" && npm ci --no-audit --no-fund >&2) || { echo "$me: npm ci failed" >&2; exit 2; }
    tool="$(resolve_tool || true)"
fi
if [[ -z "$tool" || ! -f "$tool" ]]; then
    echo "$me: cannot find the Sarif.Multitool executable under $here/node_modules" >&2
    exit 2
fi
# The platform package makes the binary executable in a postinstall script;
# npm may skip install scripts (--ignore-scripts, allowScripts policy), so do it here.
if [[ ! -x "$tool" ]]; then
    chmod u+x "$tool" 2>/dev/null || true
fi
if [[ ! -x "$tool" ]]; then
    echo "$me: $tool is not executable" >&2
    exit 2
fi

# The .NET runtime inside the binary loads libicu when present; without it,
# run in globalization-invariant mode instead of crashing.
if ! ldconfig -p 2>/dev/null | grep -q 'libicuuc\.so'; then
    export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1

tmp="$(mktemp -d "${TMPDIR:-/tmp}/check-sarif.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# Counts error/warning findings in the Multitool's own output SARIF log.
# A result's effective level: result.level, else its rule's
# defaultConfiguration.level, else "warning" (SARIF 2.1.0 §3.27.10). The tool
# itself omits "level" on warning results. Tool notifications count as well,
# and so does executionSuccessful=false. Prints "ERRORS WARNINGS".
count_js='
const fs = require("fs");
const log = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
let errors = 0, warnings = 0;
const bump = (lvl) => { if (lvl === "error") errors++; else if (lvl === "warning") warnings++; };
for (const run of log.runs || []) {
  const rules = (((run.tool || {}).driver || {}).rules) || [];
  for (const r of run.results || []) {
    let lvl = r.level;
    if (lvl === undefined) {
      let rule = Number.isInteger(r.ruleIndex) ? rules[r.ruleIndex] : undefined;
      if (!rule) rule = rules.find((x) => x.id === r.ruleId);
      lvl = (rule && rule.defaultConfiguration && rule.defaultConfiguration.level) || "warning";
    }
    bump(lvl);
  }
  for (const inv of run.invocations || []) {
    for (const n of [...(inv.toolExecutionNotifications || []), ...(inv.toolConfigurationNotifications || [])]) {
      bump(n.level === undefined ? "warning" : n.level);
    }
    if (inv.executionSuccessful === false) errors++;
  }
}
process.stdout.write(errors + " " + warnings);
'

level_args=()
if [[ "${CHECK_SARIF_SHOW_NOTES:-}" == 1 ]]; then
    level_args=(--level "Error;Warning;Note")
fi

passed=0
failed=0
for arg in "$@"; do
    file="$arg"
    [[ "$file" == /* ]] || file="$PWD/$file"
    if [[ ! -f "$file" ]]; then
        echo "$me: $arg: FAIL (no such file)"
        failed=$((failed + 1))
        continue
    fi
    if [[ ! -s "$file" ]]; then
        echo "$me: $arg: FAIL (empty file)"
        failed=$((failed + 1))
        continue
    fi

    # The Multitool only analyses files named *.sarif (others get WRN997 and are skipped,
    # which would pass silently), so each input is checked through a copy with that name.
    target="$tmp/input.sarif"
    cp "$file" "$target"
    out="$tmp/out.sarif"
    rm -f "$out"
    set +e
    console="$("$tool" validate "$target" -o "$out" --log ForceOverwrite "${level_args[@]}" 2>&1)"
    rc=$?
    set -e

    # Finding lines look like: /abs/file.sarif(7,19): warning SARIF2005: runs[0]...: text
    findings="$(printf '%s\n' "$console" | grep -E ': (error|warning|note) [A-Za-z]+[0-9]+' || true)"
    if printf '%s\n' "$console" | grep -q 'WRN997'; then
        echo "$me: $arg: FAIL (the tool did not analyse it)"
        printf '%s\n' "$console" | sed 's/^/    /'
        failed=$((failed + 1))
        continue
    fi
    con_bad="$(printf '%s\n' "$findings" | grep -cE ': (error|warning) [A-Za-z]+[0-9]+' || true)"

    if [[ $rc -ne 0 || ! -s "$out" ]]; then
        echo "$me: $arg: FAIL (Sarif.Multitool exited $rc, output log $( [[ -s "$out" ]] && echo present || echo missing ))"
        printf '%s\n' "$console" | sed 's/^/    /'
        failed=$((failed + 1))
        continue
    fi

    if ! counts="$(node -e "$count_js" "$out" 2>&1)"; then
        echo "$me: $arg: FAIL (cannot read the tool's output log: $counts)"
        printf '%s\n' "$console" | sed 's/^/    /'
        failed=$((failed + 1))
        continue
    fi
    read -r n_err n_warn <<<"$counts"

    [[ -n "$findings" ]] && printf '%s\n' "$findings" | sed 's/^/    /'
    if [[ $n_err -eq 0 && $n_warn -eq 0 && $con_bad -eq 0 ]]; then
        echo "$me: $arg: OK (0 errors, 0 warnings)"
        passed=$((passed + 1))
    else
        if [[ $((n_err + n_warn)) -eq 0 ]]; then
            echo "$me: $arg: FAIL ($con_bad error/warning lines on the console)"
        else
            echo "$me: $arg: FAIL ($n_err errors, $n_warn warnings)"
        fi
        failed=$((failed + 1))
    fi
done

echo "$me: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
