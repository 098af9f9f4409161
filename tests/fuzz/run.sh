#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds (default 12) on top of its seed corpus.
# New interesting inputs go to build/fuzz/corpus/<target> (kept between runs, never committed);
# an input that breaks something is written to build/fuzz/<target>-crash-*: fix the bug, then
# copy it to tests/fuzz/corpus/<target>/ under a name that says what it broke.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]   (targets: yaml values csv render graph mine)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-12}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(yaml values csv render graph mine)
bin=build/asan/tests/fuzz
failed=()
for target in "${targets[@]}"; do
  [ -x "$bin/fuzz_$target" ] || { echo "no $bin/fuzz_$target: run make fuzz" >&2; exit 2; }
  mkdir -p "build/fuzz/corpus/$target"
  echo "== fuzz_$target for ${seconds}s"
  if ! "$bin/fuzz_$target" "build/fuzz/corpus/$target" "tests/fuzz/corpus/$target" \
      -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=16384 \
      -artifact_prefix="build/fuzz/$target-" -print_final_stats=1 > "build/fuzz/$target.log" 2>&1; then
    tail -n 60 "build/fuzz/$target.log"
    failed+=("$target")
  else
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)|^#[0-9]+.*DONE' \
      "build/fuzz/$target.log" | tr '\n' ' '
    echo
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found a problem in: ${failed[*]} (inputs in build/fuzz/)" >&2
  exit 1
fi
