#!/usr/bin/env bash
# check-markdown.sh DIR_OR_FILE...
#
# Checks generated Markdown the way CI must (issue 4):
#   1. markdownlint-cli with the committed config tests/npm/markdownlint.json
#      (every Markdown file: *.md / *.markdown, or any file named explicitly);
#   2. check-mermaid.mjs: mermaid.parse() of every ```mermaid block (and of
#      *.mmd / *.mermaid files), so GitHub can draw each diagram.
# A DIR argument means every *.md, *.markdown, *.mmd and *.mermaid file below it
# (recursively, sorted). Both tools run once over the whole list.
#
# Prints the tools' findings (FILE:LINE ...), one `check-markdown: FILE: OK|FAIL`
# line per file, and the closing line `check-markdown: N passed, N failed`.
#
# markdownlint-cli normally also merges settings from .markdownlintrc /
# .markdownlint.{json,jsonc,yaml,yml} found from the working directory, from
# $HOME and from markdownlint_* environment variables, and skips files listed in
# a .markdownlintignore. None of that may change this check, so it runs in an
# empty temporary directory with HOME pointing there and those variables unset:
# only markdownlint.json applies. (markdownlint-cli also prints its help and
# exits 0 when a named file does not exist, so missing files are caught here.)
#
# Works from any working directory. Installs the pinned tools with
# `npm ci --no-audit --no-fund` in tests/npm when they are missing or differ
# from the versions pinned in tests/npm/package.json.
#
# Exit codes: 0 every file passed; 1 at least one file has findings, is
# missing, or a directory holds no Markdown; 2 usage error, or a tool could not
# be installed or failed to run.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
me="check-markdown"
config="$here/markdownlint.json"

if [[ $# -eq 0 || "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
    echo "usage: $0 DIR_OR_FILE...   (Markdown files, .mmd/.mermaid files, or directories of them)" >&2
    if [[ $# -eq 0 ]]; then exit 2; fi
    exit 0
fi

[[ -f "$config" ]] || { echo "$me: missing $config" >&2; exit 2; }
# shellcheck source=ensure-tools.sh
source "$here/ensure-tools.sh"
ensure_npm_tools "$me" markdownlint-cli mermaid jsdom markdown-it
markdownlint_js="$here/node_modules/markdownlint-cli/markdownlint.js"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/check-markdown.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/cwd"

# The file list: display name (as given / as found) and absolute path.
shown=()   # what we print
abs=()     # what the tools get
kinds=()   # md (markdownlint + mermaid) or mmd (mermaid only)
passed=0
failed=0
problems=() # messages for arguments that are not checkable

absolute() {
    local d b
    d="$(cd "$(dirname "$1")" && pwd)"
    b="$(basename "$1")"
    printf '%s/%s' "${d%/}" "$b"
}

add_file() {
    local f="$1" kind=md
    case "$f" in
        *.mmd|*.mermaid) kind=mmd ;;
    esac
    shown+=("$f")
    abs+=("$(absolute "$f")")
    kinds+=("$kind")
}

for arg in "$@"; do
    if [[ -d "$arg" ]]; then
        found=0
        while IFS= read -r -d '' f; do
            add_file "$f"
            found=$((found + 1))
        done < <(find "$arg" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.mmd' -o -name '*.mermaid' \) -print0 | LC_ALL=C sort -z)
        if [[ $found -eq 0 ]]; then
            problems+=("$me: $arg: FAIL (directory holds no Markdown or Mermaid files)")
        fi
    elif [[ -f "$arg" ]]; then
        add_file "$arg"
    else
        problems+=("$me: $arg: FAIL (no such file or directory)")
    fi
done

md_abs=()
for i in "${!abs[@]}"; do
    if [[ "${kinds[$i]}" == md ]]; then md_abs+=("${abs[$i]}"); fi
done

# Rewrites "ABSPATH:" at the start of a tool's output line to the name the user gave.
map="$tmp/map.tsv"
: >"$map"
for i in "${!abs[@]}"; do
    printf '%s\t%s\n' "${abs[$i]}" "${shown[$i]}" >>"$map"
done
relabel() {
    awk -F'\t' -v mapfile="$map" '
        BEGIN { while ((getline l < mapfile) > 0) { n++; split(l, p, "\t"); from[n] = p[1] ":"; to[n] = p[2] ":" } }
        { for (i = 1; i <= n; i++) if (index($0, from[i]) == 1) { $0 = to[i] substr($0, length(from[i]) + 1); break } print }'
}

count_prefix() { # FILE PREFIX -> number of lines of FILE starting with PREFIX
    awk -v p="$2" 'index($0, p) == 1 { n++ } END { print n + 0 }' "$1"
}

# 1. markdownlint
lint_out="$tmp/markdownlint.out"
: >"$lint_out"
if [[ ${#md_abs[@]} -gt 0 ]]; then
    unset_env=()
    while IFS= read -r v; do unset_env+=(-u "$v"); done < <(compgen -e | grep -i '^markdownlint_' || true)
    set +e
    (cd "$tmp/cwd" && env ${unset_env[@]+"${unset_env[@]}"} HOME="$tmp/cwd" \
        node "$markdownlint_js" --config "$config" -- "${md_abs[@]}") >"$lint_out" 2>&1
    rc=$?
    set -e
    if [[ $rc -ne 0 && $rc -ne 1 ]]; then
        relabel <"$lint_out" >&2
        echo "$me: markdownlint-cli failed (exit $rc)" >&2
        exit 2
    fi
    # Every line must be a finding about one of our files; anything else means the tool misbehaved.
    n_total="$(grep -c '' "$lint_out" || true)"
    n_ours=0
    for f in "${md_abs[@]}"; do
        n_ours=$((n_ours + $(count_prefix "$lint_out" "$f:")))
    done
    if [[ $n_total -ne $n_ours || ( $rc -eq 1 && $n_total -eq 0 ) ]]; then
        relabel <"$lint_out" >&2
        echo "$me: unexpected markdownlint-cli output (exit $rc)" >&2
        exit 2
    fi
    relabel <"$lint_out"
fi

# 2. Mermaid
mermaid_out="$tmp/mermaid.out"
: >"$mermaid_out"
if [[ ${#abs[@]} -gt 0 ]]; then
    set +e
    node "$here/check-mermaid.mjs" -- "${abs[@]}" >"$mermaid_out" 2>&1
    rc=$?
    set -e
    if [[ $rc -ne 0 && $rc -ne 1 ]]; then
        relabel <"$mermaid_out" >&2
        echo "$me: check-mermaid.mjs failed (exit $rc)" >&2
        exit 2
    fi
    relabel <"$mermaid_out" | grep -v '^check-mermaid: [0-9]* diagrams in ' || true
    mermaid_summary="$(grep '^check-mermaid: [0-9]* diagrams in ' "$mermaid_out" || true)"
    if [[ -z "$mermaid_summary" ]]; then
        relabel <"$mermaid_out" >&2
        echo "$me: check-mermaid.mjs printed no summary (exit $rc)" >&2
        exit 2
    fi
fi

# Per-file verdicts.
for i in "${!abs[@]}"; do
    n_lint="$(count_prefix "$lint_out" "${abs[$i]}:")"
    n_mer="$(count_prefix "$mermaid_out" "${abs[$i]}:")"
    if [[ $n_lint -eq 0 && $n_mer -eq 0 ]]; then
        echo "$me: ${shown[$i]}: OK"
        passed=$((passed + 1))
    else
        echo "$me: ${shown[$i]}: FAIL ($n_lint markdownlint, $n_mer mermaid)"
        failed=$((failed + 1))
    fi
done
for p in "${problems[@]+"${problems[@]}"}"; do
    echo "$p"
    failed=$((failed + 1))
done

if [[ -n "${mermaid_summary:-}" ]]; then
    echo "$me: mermaid: ${mermaid_summary#check-mermaid: }"
fi
echo "$me: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
