#!/usr/bin/env bash
# --jobs never changes the output: every command that uses threads, run with --jobs 1 and with
# --jobs 4 on the example team and on a generated repository (many processes, findings of every
# flow kind, duplicate work across processes), must print the same bytes and exit the same way.
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A repository of 40 processes x 24 steps: approvals, waits, rework, optional and parallel
# steps, value: none, shared step names, six roles (one with a single member).
generate() {
  local dir=$1
  mkdir -p "$dir/processes"
  {
    for r in 1 2 3 4 5 6; do
      local members="[a$r, b$r, c$r]"
      [ "$r" = 6 ] && members="[solo]"
      printf 'apiVersion: opsflow/v1\nkind: Role\nmetadata: {id: r%s}\nspec: {members: %s, capacity: 30h/week, skills: [s%s]}\n---\n' "$r" "$members" "$r"
    done
    printf 'apiVersion: opsflow/v1\nkind: Goal\nmetadata: {id: fast, owner: r1}\nspec:\n  objective: Be fast\n  period: {start: 2026-10-01, end: 2026-12-31}\n  keyResults: [{metric: lead, baseline: 4d, target: 2d}]\n---\n'
    printf 'apiVersion: opsflow/v1\nkind: Metric\nmetadata: {id: lead, owner: r1}\nspec: {unit: hours, direction: lower-is-better}\n'
  } > "$dir/team.yaml"
  for p in $(seq 1 40); do
    {
      printf 'apiVersion: opsflow/v1\nkind: Process\nmetadata: {id: p%02d, owner: r1}\n' "$p"
      printf 'spec:\n  frequency: %d/week\n  goals: [fast]\n  metrics: [lead]\n  steps:\n' $((p % 7 + 1))
      for s in $(seq 1 24); do
        local role=$(( (s + p) % 6 + 1 )) extra=""
        (( s % 7 == 0 )) && extra+=", type: approval"
        (( s % 3 == 0 )) && extra+=", wait: $(( (s * p) % 9 + 1 ))h"
        (( s % 11 == 0 )) && extra+=", value: none"
        (( s % 13 == 0 )) && extra+=", probability: 0.5"
        (( s % 5 == 0 && s > 2 )) && extra+=", after: [s$((s - 2))]"
        (( s % 9 == 0 )) && extra+=", rework: {to: s$((s - 3)), probability: 0.2}"
        (( s % 8 == 0 )) && extra+=", skills: [s$role]"
        printf '    - {id: s%d, name: "Step %d of the work", role: r%d, duration: {min: %dm, likely: %dm, max: %dm}%s}\n' \
          "$s" $(( s % 10 )) "$role" $(( s * 5 )) $(( s * 10 )) $(( s * 30 )) "$extra"
      done
    } > "$dir/processes/p$(printf %02d "$p").yaml"
  done
}
generate "$work/generated"

status=0
same() {  # same NAME DIR ARGS...: the command with --jobs 1 and --jobs 4 gives the same result
  local name=$1 dir=$2
  shift 2
  for jobs in 1 4; do
    (cd "$dir" && SOURCE_DATE_EPOCH=1795824000 "$bin" --no-color "$@" --jobs "$jobs" \
      > "$work/out.$jobs" 2> "$work/err.$jobs"; echo "exit $?" >> "$work/err.$jobs") || true
  done
  if ! cmp -s "$work/out.1" "$work/out.4" || ! cmp -s "$work/err.1" "$work/err.4"; then
    echo "FAIL: $name differs between --jobs 1 and --jobs 4"
    diff "$work/out.1" "$work/out.4" | head -5 || true
    diff "$work/err.1" "$work/err.4" | head -5 || true
    status=1
  elif [ ! -s "$work/out.1" ] && [ "$(wc -l < "$work/err.1")" -le 1 ]; then
    echo "FAIL: $name printed nothing"
    status=1
  else
    echo "ok: $name ($(wc -c < "$work/out.1") bytes)"
  fi
}

for target in "$root/examples" "$work/generated"; do
  label=$(basename "$target")
  same "$label: validate" "$target" validate .
  same "$label: validate --format json" "$target" validate --format json .
  same "$label: analyze" "$target" analyze .
  same "$label: analyze --format json" "$target" analyze --format json .
  same "$label: analyze --simulate" "$target" analyze --simulate 3000 --seed 9 --format json .
  same "$label: graph" "$target" graph --process "$( [ "$label" = examples ] && echo incident-response || echo p07)" .
done
same "examples: report" "$root/examples" report --format json .
# mine splits the CSV into rows on a second thread unless --jobs 1: the same statistics, and the
# same diagnostics in the same order (logs with bad rows, failing and skipped; a large log).
same "examples: mine" "$root/examples" mine logs/incident-response.csv . --process incident-response --format json
same "mine: bad rows" "$root/tests/cli/mine-bad-rows" mine log.csv
same "mine: skipped rows" "$root/tests/cli/mine-skip-rows" mine log.csv --on-error skip --format json
awk 'BEGIN {
  print "case_id,activity,timestamp,lifecycle"
  for (i = 0; i < 30000; i++) {
    c = int(i / 6)
    if (i % 997 == 0) printf "c%d,broken,not a time,complete\n", c
    printf "c%d,a%d,2026-01-01T%02d:%02d:00Z,%s\n", c, i % 6, int(i / 60) % 24, i % 60, (i % 2 == 0 ? "start" : "complete")
  }
}' > "$work/big.csv"
same "mine: a large log with bad rows, skipped" "$work" mine big.csv --on-error skip
same "mine: a large log with bad rows, failing" "$work" mine big.csv
same "examples: render --check" "$root/examples" render --check --out "$root/tests/cli/render-check-en/docs" --lang en .
exit $status
