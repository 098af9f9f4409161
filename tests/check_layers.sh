#!/usr/bin/env bash
# The core's stages only reach downward: a file in a stage folder (src/core/<stage>/,
# include/opsflow/<stage>/) may include headers of its own stage and of earlier ones, never of a
# later stage or of a sibling (render and report are both after analyze, and neither uses the
# other). The order is the pipeline's: files -> load -> validate -> analyze -> render | report.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

rank() {
  case "$1" in
    base) echo 0 ;; stats) echo 1 ;; model) echo 2 ;; load) echo 3 ;; validate) echo 4 ;;
    analyze) echo 5 ;; render | report | mine) echo 6 ;;
    *) echo "" ;;
  esac
}

status=0
loose=$(find src/core include/opsflow -maxdepth 1 -type f -name '*.[ch]pp' | sort)
if [ -n "$loose" ]; then
  echo "files outside a stage folder (put each in the stage it belongs to):"
  echo "$loose"
  status=1
fi
while IFS= read -r file; do
  stage=$(echo "$file" | sed -E 's#^(src/core|include/opsflow)/([^/]+)/.*#\2#')
  own=$(rank "$stage")
  if [ -z "$own" ]; then
    echo "$file: '$stage' is not a stage folder (base, stats, model, load, validate, analyze, render, report, mine)"
    status=1
    continue
  fi
  while IFS=: read -r line target; do
    [ -n "$target" ] || continue
    used=$(echo "$target" | sed -E 's#^(opsflow/)?([^/]+)/.*#\2#')
    [ "$used" = "$target" ] && continue  # a header of the same folder
    other=$(rank "$used")
    [ -n "$other" ] || continue            # not a stage (e.g. opsflow/version.hpp)
    if [ "$other" -gt "$own" ] || { [ "$other" -eq "$own" ] && [ "$used" != "$stage" ]; }; then
      echo "$file:$line: stage '$stage' includes '$target' of the later stage '$used'"
      status=1
    fi
  done < <(grep -n '^#include "' "$file" | sed -E 's/^([0-9]+):#include "([^"]+)".*/\1:\2/')
done < <(find src/core include/opsflow -mindepth 2 -type f -name '*.[ch]pp' | sort)
[ $status -eq 0 ] && echo "every stage includes only its own and earlier stages"
exit $status
