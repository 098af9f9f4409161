#!/usr/bin/env bash
# Runs one end-to-end case: tests/cli/<case>/cmd holds the arguments (shell words) given to
# opsflow; stdout, stderr and exit_code hold what it must print and return.
#
# The command runs in a scratch copy of the case folder (without the expected files), where
# `examples` links to the repository's examples/. An optional `setup` script runs there first
# (with OPSFLOW set to the binary, for cases that need files opsflow writes).
# `env` may hold extra VAR=value lines; `stdin`, what standard input reads (else nothing).
# SOURCE_DATE_EPOCH is fixed so review dates are stable.
#
# OPSFLOW_UPDATE_GOLDEN=1 rewrites the expected files instead of comparing (review with git diff);
# a case's optional `regenerate` script (run in the case folder with OPSFLOW and EXAMPLES set)
# rewrites any other golden files it keeps, e.g. rendered pages checked by `render --check`.
set -euo pipefail

bin=$(realpath "$1")
case_dir=$(realpath "$2")
root=$(realpath "$(dirname "$0")/../..")
name=$(basename "$case_dir")

if [ "${OPSFLOW_UPDATE_GOLDEN:-0}" = 1 ] && [ -f "$case_dir/regenerate" ]; then
  (cd "$case_dir" && OPSFLOW="$bin" EXAMPLES="$root/examples" bash ./regenerate)
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
work="$scratch/work"
mkdir -p "$work"
cp -a "$case_dir/." "$work/"
rm -f "$work/cmd" "$work/stdout" "$work/stderr" "$work/exit_code" "$work/setup" "$work/env" \
  "$work/regenerate" "$work/stdin"
stdin=/dev/null
[ -f "$case_dir/stdin" ] && stdin="$case_dir/stdin"
[ -e "$work/examples" ] || ln -s "$root/examples" "$work/examples"
if [ -f "$case_dir/setup" ]; then
  (cd "$work" && OPSFLOW="$bin" bash "$case_dir/setup")
fi

env_vars=(SOURCE_DATE_EPOCH=1795824000 LC_ALL=C.UTF-8)   # 2026-11-28
if [ -f "$case_dir/env" ]; then
  while IFS= read -r line; do
    [ -n "$line" ] && env_vars+=("$line")
  done < "$case_dir/env"
fi

eval "args=($(cat "$case_dir/cmd"))"
set +e
(cd "$work" && env -u NO_COLOR "${env_vars[@]}" timeout 60 "$bin" "${args[@]}" \
  > "$scratch/stdout" 2> "$scratch/stderr" < "$stdin")
code=$?
set -e
echo "$code" > "$scratch/exit_code"

if [ "${OPSFLOW_UPDATE_GOLDEN:-0}" = 1 ]; then
  for f in stdout stderr exit_code; do cp "$scratch/$f" "$case_dir/$f"; done
  echo "updated $name"
  exit 0
fi

status=0
for f in exit_code stdout stderr; do
  expected="$case_dir/$f"
  [ -f "$expected" ] || { echo "$name: missing expected file $f (run with OPSFLOW_UPDATE_GOLDEN=1)"; status=1; continue; }
  if ! diff -u --label "expected/$f" --label "actual/$f" "$expected" "$scratch/$f"; then
    status=1
  fi
done
exit $status
