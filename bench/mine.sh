#!/usr/bin/env bash
# Times `opsflow mine` against a pandas script computing the same event log statistics
# (bench/peer/mine.py), on generated ticket-process logs of 100,000 and 1,000,000 start/complete
# rows (bench/gen_eventlog.py, seed 1), in one hyperfine run; checks both give the same numbers
# (bench/peer/compare_mine.py) and measures peak RSS. Targets (issue 14): at 1M rows at least 15x
# faster than pandas and under a quarter of its peak memory.
#
#   bench/mine.sh            # RUNS=10; OPSFLOW=build/release/opsflow; needs python3-pandas
set -euo pipefail
cd "$(dirname "$0")/.."
OPSFLOW=${OPSFLOW:-build/release/opsflow}
RUNS=${RUNS:-10}

die() { echo "bench/mine.sh: $*" >&2; exit 2; }
command -v hyperfine >/dev/null || die "hyperfine is missing (Debian: apt-get install hyperfine)"
/usr/bin/python3 -c "import pandas" 2>/dev/null || die "pandas is missing (Debian: apt-get install python3-pandas)"
[ -x "$OPSFLOW" ] || die "no opsflow binary at $OPSFLOW: run 'make build' first (or set OPSFLOW=...)"
mkdir -p bench/out
for n in 100k 1m; do
  events=$([ "$n" = 1m ] && echo 1000000 || echo 100000)
  log=bench/out/tickets-$n.csv
  [ -f "$log" ] || python3 bench/gen_eventlog.py "$log" --events "$events" --seed 1
  echo "== $log: the same numbers?"
  "$OPSFLOW" mine --format json "$log" > "bench/out/tickets-$n.opsflow.json"
  /usr/bin/python3 bench/peer/mine.py "$log" --json "bench/out/tickets-$n.pandas.json"
  /usr/bin/python3 bench/peer/compare_mine.py "bench/out/tickets-$n.opsflow.json" \
    "bench/out/tickets-$n.pandas.json"
done

hyperfine -N --warmup 1 --runs "$RUNS" \
  -n "opsflow mine 100k" "$OPSFLOW mine --format json bench/out/tickets-100k.csv" \
  -n "pandas 100k" "/usr/bin/python3 bench/peer/mine.py bench/out/tickets-100k.csv" \
  -n "opsflow mine 1M" "$OPSFLOW mine --format json bench/out/tickets-1m.csv" \
  -n "pandas 1M" "/usr/bin/python3 bench/peer/mine.py bench/out/tickets-1m.csv" \
  --export-markdown bench/out/mine.md
echo "== peak RSS at 1M rows (three runs each)"
for i in 1 2 3; do
  /usr/bin/time -o bench/out/rss -f "opsflow: %M KB" "$OPSFLOW" mine --format json \
    bench/out/tickets-1m.csv > /dev/null
  cat bench/out/rss
  /usr/bin/time -o bench/out/rss -f "pandas: %M KB" /usr/bin/python3 bench/peer/mine.py \
    bench/out/tickets-1m.csv 2> /dev/null
  cat bench/out/rss
done
