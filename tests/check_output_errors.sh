#!/usr/bin/env bash
# A failed write is never success (SPEC §3): every command writing to a full disk exits 2 with a
# message; a reader that closes the pipe early ends opsflow quietly, as SIGPIPE does, even when
# SIGPIPE is ignored (as some CI runners and scripts leave it).
set -uo pipefail
bin=$(realpath "$1")
examples=$(cd "$(dirname "$0")/../examples" && pwd)
[ -w /dev/full ] || { echo "skipped: this system has no /dev/full"; exit 0; }
status=0
export SOURCE_DATE_EPOCH=1795824000
expected="opsflow: error: cannot write the output: No space left on device"
for args in "validate $examples" "validate --format json $examples" "validate --format sarif $examples" \
            "analyze $examples" "analyze --format json $examples" "report $examples" \
            "graph --process incident-response $examples" "rules" "rules --format json" \
            "report --out /dev/full $examples" "validate --sarif /dev/full $examples"; do
  # shellcheck disable=SC2086
  err=$("$bin" --no-color $args 2>&1 > /dev/full)
  code=$?
  want=$expected
  [[ "$args" == *" /dev/full"* ]] && want="opsflow: error: cannot write /dev/full: No space left on device"
  # A file written in place of a device would replace it (as root), not fill it.
  if [ "$code" != 2 ] || [ "$(printf '%s\n' "$err" | tail -1)" != "$want" ] || [ ! -c /dev/full ]; then
    echo "FAIL: opsflow $args > /dev/full: exit $code, said: $err"
    status=1
  else
    echo "ok: opsflow $args > /dev/full exits 2 and says so"
  fi
done

# More output than a pipe holds (the analysis of a 600-step process), read by a reader that
# stops at once.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  printf 'apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: ops}\nspec: {members: [a, b]}\n---\n'
  printf 'apiVersion: opsflow/v1\nkind: Process\nmetadata: {id: long, owner: ops}\nspec:\n  frequency: 5/week\n  steps:\n'
  for s in $(seq 1 600); do
    printf '    - {id: s%d, role: ops, duration: 10m, wait: 1h, type: approval, value: none}\n' "$s"
  done
} > "$work/long.yaml"
for ignore in no yes; do
  if [ "$ignore" = yes ]; then trap_cmd="trap '' PIPE;"; else trap_cmd=""; fi
  result=$(bash -c "$trap_cmd \"$bin\" analyze --format json \"$work\" 2> \"$work/err\" | head -c 1 > /dev/null; echo \${PIPESTATUS[0]}")
  if [ "$result" != 141 ] || [ -s "$work/err" ]; then
    echo "FAIL: a closed pipe (SIGPIPE ignored: $ignore) ended with $result, said: $(cat "$work/err")"
    status=1
  else
    echo "ok: a closed pipe (SIGPIPE ignored: $ignore) ends quietly, as SIGPIPE does"
  fi
done
exit $status
