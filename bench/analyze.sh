#!/usr/bin/env bash
# Times `opsflow analyze` against `opsflow validate` on the same generated repository (targets:
# analyze with the default text output at most 1.3x validate's time, `--format json` at most 1.6x),
# and `analyze --simulate 10000` on one 200-step process with decisions, optional steps and rework
# (target: under 0.5 s on 2 cores), in one hyperfine run.
#
#   bench/analyze.sh                 # RUNS=10; OPSFLOW=build/release/opsflow
set -euo pipefail
cd "$(dirname "$0")/.."
OPSFLOW=${OPSFLOW:-build/release/opsflow}
RUNS=${RUNS:-10}
OUT=bench/out
BIG=$OUT/repo-2000x50
ONE=$OUT/repo-1x200

die() { echo "bench/analyze.sh: $*" >&2; exit 2; }
command -v python3 >/dev/null || die "python3 is missing (Debian: apt-get install python3)"
command -v hyperfine >/dev/null || die "hyperfine is missing (Debian: apt-get install hyperfine)"
[ -x "$OPSFLOW" ] || die "no opsflow binary at $OPSFLOW: run 'make build' first (or set OPSFLOW=...)"

mkdir -p "$OUT"
[ -d "$BIG" ] || python3 bench/gen_repo.py "$BIG" --processes 2000 --steps 50 --seed 1
[ -d "$ONE" ] || python3 bench/gen_repo.py "$ONE" --processes 1 --steps 200 --seed 1
"$OPSFLOW" -q validate "$BIG" > /dev/null || die "the generated repository does not validate"

hyperfine -N --warmup 1 --runs "$RUNS" \
  -n "validate 2000x50" "$OPSFLOW validate $BIG" \
  -n "analyze 2000x50" "$OPSFLOW analyze $BIG" \
  -n "analyze --format json 2000x50" "$OPSFLOW analyze --format json $BIG" \
  -n "analyze 1x200" "$OPSFLOW analyze $ONE" \
  -n "analyze --simulate 10000 1x200" "$OPSFLOW analyze --simulate 10000 $ONE" \
  --export-markdown "$OUT/analyze.md" --export-json "$OUT/analyze.json"
python3 - "$OUT/analyze.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
v, a = results["validate 2000x50"]["median"], results["analyze 2000x50"]["median"]
j = results["analyze --format json 2000x50"]["median"]
s = results["analyze --simulate 10000 1x200"]["median"]
print(f"\nanalyze / validate on 2000x50: {a / v:.2f} (median {a:.3f} s vs {v:.3f} s; target <= 1.30)")
print(f"analyze --format json / validate on 2000x50: {j / v:.2f} (median {j:.3f} s; target <= 1.60)")
print(f"analyze --simulate 10000 on 1x200: median {s:.3f} s (target < 0.5 s)")
PY
