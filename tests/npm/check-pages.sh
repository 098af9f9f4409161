#!/usr/bin/env bash
# check-pages.sh OUT_DIR PAGES_DIR
#
# The browser check of rendered pages (issue 13): first proves on
# tests/npm/bad-pages that screenshot-pages.mjs catches each kind of problem
# (a Mermaid error, a table wider than the page, a missing page, a missing
# anchor) with exactly the messages in bad-pages/expected.txt, then runs it on
# PAGES_DIR, leaving HTML and PNG screenshots in OUT_DIR.
#
# Needs Debian's chromium and a CJK font (fonts-wqy-microhei) for Chinese pages,
# and the pinned npm tools (installed by check-markdown.sh).
# Exit codes: 0 no problem; 1 problems found (or the self-test failed); 2 usage
# error or a tool is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -ne 2 ]]; then
    echo "usage: $0 OUT_DIR PAGES_DIR" >&2
    exit 2
fi

# shellcheck source=ensure-tools.sh
source "$here/ensure-tools.sh"
ensure_npm_tools check-pages mermaid markdown-it
command -v chromium >/dev/null 2>&1 || { echo "check-pages: chromium is required (Debian package chromium)" >&2; exit 2; }

self="$(mktemp -d "${TMPDIR:-/tmp}/check-pages.XXXXXX")"
trap 'rm -rf "$self"' EXIT
set +e
node "$here/screenshot-pages.mjs" "$self/shots" "$here/bad-pages" > "$self/out" 2>&1
rc=$?
set -e
# Pixel widths depend on the fonts installed; the self-test only needs the kind of problem.
sed -i -E "s|$self/shots|SHOTS|; s/[0-9]+ px/N px/g" "$self/out"
if [[ $rc -ne 1 ]] || ! diff -u "$here/bad-pages/expected.txt" "$self/out"; then
    echo "check-pages: the self-test on tests/npm/bad-pages failed (exit $rc, want 1 and the messages above)" >&2
    exit 1
fi
echo "check-pages: the self-test caught all 4 problems of tests/npm/bad-pages"

node "$here/screenshot-pages.mjs" "$1" "$2"
