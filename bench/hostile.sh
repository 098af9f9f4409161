#!/usr/bin/env bash
# Times the hostile inputs of issue 10 against benign inputs of the same size, in one hyperfine
# run (bench/gen_hostile.py describes each case): near-miss against its benign twin, the others
# against `validate` on the same files (what every command pays to load). Target: no more than a
# few times the peer (linear work), where these used to take seconds to hours.
#
#   bench/hostile.sh                 # RUNS=5; OPSFLOW=build/release/opsflow
set -euo pipefail
cd "$(dirname "$0")/.."
OPSFLOW=${OPSFLOW:-build/release/opsflow}
RUNS=${RUNS:-5}
OUT=bench/out
H=$OUT/hostile

die() { echo "bench/hostile.sh: $*" >&2; exit 2; }
command -v python3 >/dev/null || die "python3 is missing (Debian: apt-get install python3)"
command -v hyperfine >/dev/null || die "hyperfine is missing (Debian: apt-get install hyperfine)"
[ -x "$OPSFLOW" ] || die "no opsflow binary at $OPSFLOW: run 'make build' first (or set OPSFLOW=...)"

mkdir -p "$OUT"
[ -d "$H" ] || python3 bench/gen_hostile.py "$H"

# Hostile inputs fail validation on purpose (exit 1) or are refused (exit 2): -i keeps timing them.
hyperfine -N -i --warmup 1 --runs "$RUNS" \
  -n "near-miss benign: validate" "$OPSFLOW validate $H/near-miss/benign" \
  -n "near-miss hostile: validate" "$OPSFLOW validate $H/near-miss/hostile" \
  -n "duplicate-keys hostile: validate" "$OPSFLOW validate $H/duplicate-keys/hostile" \
  -n "duplicate-keys hostile: analyze" "$OPSFLOW analyze $H/duplicate-keys/hostile" \
  -n "chain 80k: validate" "$OPSFLOW validate $H/chain" \
  -n "chain 80k: analyze" "$OPSFLOW analyze $H/chain" \
  -n "chain 80k: graph" "$OPSFLOW graph --process p $H/chain" \
  -n "chain 100k: validate" "$OPSFLOW validate $H/chain-100k" \
  -n "chain 100k: analyze --simulate 1000000" "$OPSFLOW analyze --simulate 1000000 $H/chain-100k" \
  --export-markdown "$OUT/hostile.md" --export-json "$OUT/hostile.json" > /dev/null
python3 - "$OUT/hostile.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
pairs = [
    ("near-miss hostile: validate", "near-miss benign: validate", "6 s (172 KB) / 28 s (332 KB)"),
    ("duplicate-keys hostile: analyze", "duplicate-keys hostile: validate", "4 s"),
    ("chain 80k: analyze", "chain 80k: validate", "30 s"),
    ("chain 80k: graph", "chain 80k: validate", "30 s"),
    ("chain 100k: analyze --simulate 1000000", "chain 100k: validate", "about 1.4 hours"),
]
print(f"{'hostile':42} {'median':>8} {'peer':>8} {'ratio':>6}  before issue 10")
for hostile, peer, before in pairs:
    print(f"{hostile:42} {r[hostile]:7.3f}s {r[peer]:7.3f}s {r[hostile] / r[peer]:6.2f}  {before}")
PY
