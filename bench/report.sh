#!/usr/bin/env bash
# Times `opsflow report` over 1,000,000 measurement rows (200 metrics x 5,000 days, long-form CSV)
# against a pandas script computing the same monthly aggregates (bench/peer/monthly.py), in one
# hyperfine run. Targets (issue 12): at least 5x faster than pandas, peak RSS below half of
# pandas'.
#
#   bench/report.sh            # RUNS=10; OPSFLOW=build/release/opsflow; needs python3-pandas
set -euo pipefail
cd "$(dirname "$0")/.."
OPSFLOW=${OPSFLOW:-build/release/opsflow}
RUNS=${RUNS:-10}
REPO=bench/out/measure-200x5000

die() { echo "bench/report.sh: $*" >&2; exit 2; }
command -v hyperfine >/dev/null || die "hyperfine is missing (Debian: apt-get install hyperfine)"
/usr/bin/python3 -c "import pandas" 2>/dev/null || die "pandas is missing (Debian: apt-get install python3-pandas)"
[ -x "$OPSFLOW" ] || die "no opsflow binary at $OPSFLOW: run 'make build' first (or set OPSFLOW=...)"
mkdir -p bench/out
[ -d "$REPO" ] || python3 bench/gen_measurements.py "$REPO" --metrics 200 --days 5000 --seed 1

hyperfine -N --warmup 1 --runs "$RUNS" \
  -n "opsflow report --format csv" "$OPSFLOW report --format csv $REPO" \
  -n "pandas monthly aggregates" "/usr/bin/python3 bench/peer/monthly.py $REPO" \
  --export-markdown bench/out/report.md
echo "== peak RSS (one run each)"
/usr/bin/time -f "opsflow: %M KB" "$OPSFLOW" report --format csv "$REPO" > /dev/null
/usr/bin/time -f "pandas: %M KB" /usr/bin/python3 bench/peer/monthly.py "$REPO" > /dev/null
