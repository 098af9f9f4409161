#!/usr/bin/env bash
# Writes the seed corpora of the fuzz targets from examples/ and the CLI test fixtures, into
# tests/fuzz/corpus/<target>/seed-*. Inputs the fuzzer found (crash-*, named by what they broke)
# are kept. Run after examples or fixtures change much; review with git status.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=tests/fuzz/corpus
for target in yaml values csv render graph mine; do
  mkdir -p "$corpus/$target"
  find "$corpus/$target" -name 'seed-*' -delete
done

# One seed per distinct file content, small enough for the fuzzer to mutate quickly.
add() {  # target file
  local size digest
  size=$(stat -c %s "$2")
  [ "$size" -le 16384 ] || return 0
  digest=$(sha1sum < "$2" | cut -c1-12)
  cp "$2" "$corpus/$1/seed-$digest"
}
while IFS= read -r -d '' f; do add yaml "$f"; done \
  < <(find examples tests/cli -type f \( -name '*.yaml' -o -name '*.yml' \) -print0 | sort -z)
# The whole example team as one multi-document file: a valid model to start from.
for f in examples/opsflow.yaml examples/roles/*.yaml examples/metrics/*.yaml examples/goals/*.yaml \
         examples/processes/*.yaml; do
  printf -- '---\n'
  cat "$f"
done > "$corpus/yaml/seed-whole-team"
# Measurement CSVs: the first byte selects long form (0) or the per-metric file of a metric.
while IFS= read -r -d '' f; do
  digest=$(sha1sum < "$f" | cut -c1-12)
  { printf '\x00'; head -c 16384 "$f"; } > "$corpus/csv/seed-$digest"
  { printf '\x01'; head -c 16384 "$f"; } > "$corpus/csv/seed-$digest-mttr"
done < <(find examples/data tests/cli -type f -name '*.csv' -print0 | sort -z)

python3 - "$corpus" <<'PY'
import random, sys, os
corpus = sys.argv[1]
values = ["15m", "1h30m", "2d4h", "1.5h", "90s", "1w", "0s", "12/week", "3/day", "1e6/year",
          "2026-10-01", "2026-10-01T09:30:00Z", "2026-10-01 09:30:00+08:00", "2024-02-29",
          "30h/week", "6h/day", "0.2", "20%", "1e15", "-1", "1 day", "15", "1h;2h;4h", "5m;1h;1d",
          "1天", "99999999999999999999/day", "1e15/week", "9999-12-31", "0.5;0.7;1w"]
for i, v in enumerate(values):
    open(os.path.join(corpus, "values", f"seed-{i:02d}"), "w", encoding="utf-8").write(v)
texts = ["Plain name\0Check the *budget* | and `code`\0王芳\0刘洋\0<script>alert(1)</script>",
         "a\nb\r\nc\0# heading\0[link](http://x)\0\"quoted\" 'single'\0|x|y|\0--- \0```\0\\\\",
         "事件响应\0分诊\0值班工程师\0检查清单\0注意\0输入\0输出\0工具\0审批\0说明\0范围\0触发",
         "\u200b\u0301zero width\0\x1b[31mred\0tab\there\0{{}}\0%s%n\0 \0 trailing \0"]
for i, t in enumerate(texts):
    open(os.path.join(corpus, "render", f"seed-{i:02d}"), "w", encoding="utf-8").write(t)
rng = random.Random(10)
for i in range(24):
    n = rng.choice([8, 24, 64, 160])
    open(os.path.join(corpus, "graph", f"seed-{i:02d}"), "wb").write(bytes(rng.randrange(256) for _ in range(n)))
PY
# Event logs: the first byte picks the chunk size, the delimiter and --on-error.
while IFS= read -r -d '' f; do
  { printf '\x00'; head -c 16000 "$f"; } > "$corpus/mine/seed-$(sha1sum < "$f" | cut -c1-12)"
done < <(find examples/logs tests/cli/mine-* -type f -name '*.csv' -print0 | sort -z)
for target in yaml values csv render graph mine; do
  echo "$target: $(ls "$corpus/$target" | wc -l) inputs"
done
