#!/usr/bin/env bash
# Times `opsflow validate` against the js-yaml peer (bench/peer/check.js) on a
# generated repository, in the same run, and measures peak RSS of both.
#
#   bench/validate.sh                      # 2,000 processes x 50 steps, 10 runs
#   RUNS=20 PROCESSES=500 STEPS=20 bench/validate.sh
#   OPSFLOW=/path/to/opsflow bench/validate.sh
#
# Environment: OPSFLOW (default build/release/opsflow), RUNS (10), PROCESSES
# (2000), STEPS (50), SEED (1), RSS_RUNS (5), FAIL_ON_TARGET (0; 1 = exit 1
# when a target of issue 2 is missed). Results land in bench/out/.
set -euo pipefail

cd "$(dirname "$0")/.."
OPSFLOW=${OPSFLOW:-build/release/opsflow}
RUNS=${RUNS:-10}
PROCESSES=${PROCESSES:-2000}
STEPS=${STEPS:-50}
SEED=${SEED:-1}
RSS_RUNS=${RSS_RUNS:-5}
FAIL_ON_TARGET=${FAIL_ON_TARGET:-0}
OUT=bench/out
REPO=$OUT/repo-${PROCESSES}x${STEPS}
[ "$SEED" = 1 ] || REPO=$REPO-seed$SEED

die() { echo "bench/validate.sh: $*" >&2; exit 2; }

# --- prerequisites -----------------------------------------------------------
command -v python3 >/dev/null || die "python3 is missing (Debian: apt-get install python3)"
command -v node >/dev/null || die "node is missing (Debian: apt-get install nodejs npm)"
command -v hyperfine >/dev/null || die "hyperfine is missing (Debian: apt-get install hyperfine)"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian package 'time': apt-get install time)"
[ -x "$OPSFLOW" ] || die "no opsflow binary at $OPSFLOW: run 'make build' first (or set OPSFLOW=...)"

if [ ! -d bench/peer/node_modules ]; then
  command -v npm >/dev/null || die "npm is missing (Debian: apt-get install npm)"
  echo "== npm ci in bench/peer"
  (cd bench/peer && npm ci --no-audit --no-fund --loglevel=error)
fi

mkdir -p "$OUT"
if [ ! -d "$REPO" ]; then
  echo "== generating $REPO"
  python3 bench/gen_repo.py "$REPO" --processes "$PROCESSES" --steps "$STEPS" --seed "$SEED"
fi

OPS_CMD="$(printf '%q' "$OPSFLOW") validate $(printf '%q' "$REPO")"
PEER_CMD="node bench/peer/check.js $(printf '%q' "$REPO")"
OPS_NAME="opsflow validate"
PEER_NAME="node peer (js-yaml)"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "== repository: $REPO: $(find "$REPO" -name '*.yaml' | wc -l) files, $(du -sb "$REPO" | cut -f1) bytes"
OPS_VERSION=$("$OPSFLOW" --version 2>/dev/null) || OPS_VERSION="?"
echo "== versions: $OPSFLOW: ${OPS_VERSION%%$'\n'*}; node $(node --version); js-yaml $(node -p "require('./bench/peer/node_modules/js-yaml/package.json').version")"

# --- both must pass on the generated repository before we time them ----------
for pair in "$OPS_NAME|$OPS_CMD" "$PEER_NAME|$PEER_CMD"; do
  name=${pair%%|*} cmd=${pair#*|}
  if ! eval "$cmd" >"$OUT/last-output.txt" 2>&1; then
    tail -n 20 "$OUT/last-output.txt" >&2
    die "'$cmd' failed on the generated repository (output above, full in $OUT/last-output.txt); timings of a failing run are meaningless"
  fi
  echo "== $name: $(tail -n 1 "$OUT/last-output.txt")"
done

# --- wall time ----------------------------------------------------------------
hyperfine -N --warmup 1 --runs "$RUNS" \
  --export-markdown "$OUT/validate.md" --export-json "$OUT/validate.json" \
  -n "$OPS_NAME" "$OPS_CMD" -n "$PEER_NAME" "$PEER_CMD"

# --- peak RSS -----------------------------------------------------------------
# Median of RSS_RUNS runs of "Maximum resident set size" from GNU time, in MiB.
peak_rss_mib() {
  local cmd=$1 i kb=()
  for ((i = 0; i < RSS_RUNS; i++)); do
    eval "/usr/bin/time -v -o $OUT/time.txt $cmd" >/dev/null 2>&1 || true
    kb+=("$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$OUT/time.txt")")
  done
  printf '%s\n' "${kb[@]}" | sort -n | python3 -c '
import sys
v = [int(x) for x in sys.stdin.read().split()]
n = len(v)
m = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
print("%.1f" % (m / 1024))'
}
echo "== peak RSS, median of $RSS_RUNS runs (/usr/bin/time -v)"
OPS_RSS=$(peak_rss_mib "$OPS_CMD")
PEER_RSS=$(peak_rss_mib "$PEER_CMD")
echo "$OPS_NAME: $OPS_RSS MiB; $PEER_NAME: $PEER_RSS MiB"

# --- summary ------------------------------------------------------------------
OPS_RSS=$OPS_RSS PEER_RSS=$PEER_RSS CORES=$(nproc) REPO=$REPO RUNS=$RUNS \
  python3 - "$OUT/validate.json" "$OUT/summary.md" "$FAIL_ON_TARGET" <<'PY'
import json, os, sys
results = json.load(open(sys.argv[1]))["results"]
ops, peer = results[0], results[1]
rss = [float(os.environ["OPS_RSS"]), float(os.environ["PEER_RSS"])]
lines = [
    "Benchmark: `validate` on %s (%s runs, %s cores)" % (os.environ["REPO"], os.environ["RUNS"], os.environ["CORES"]),
    "",
    "| command | median wall s | min s | max s | median peak RSS MiB | wall vs peer |",
    "|---|---:|---:|---:|---:|---:|",
]
for r, mib in zip((ops, peer), rss):
    ratio = r["median"] / peer["median"]
    lines.append("| `%s` | %.3f | %.3f | %.3f | %.1f | %.2fx |" % (
        r["command"], r["median"], r["min"], r["max"], mib, ratio))
checks = [
    ("faster than the peer", ops["median"] < peer["median"]),
    ("under 1.2 s wall (median)", ops["median"] < 1.2),
    ("under 200 MiB peak RSS (median)", rss[0] < 200),
]
lines.append("")
lines.append("Targets (issue 2): " + "; ".join("%s: %s" % (n, "yes" if ok else "NO") for n, ok in checks))
text = "\n".join(lines) + "\n"
open(sys.argv[2], "w").write(text)
print()
print(text, end="")
if sys.argv[3] == "1" and not all(ok for _, ok in checks):
    sys.exit(1)
PY
echo "(written to $OUT/summary.md, $OUT/validate.md, $OUT/validate.json)"
