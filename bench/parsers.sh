#!/usr/bin/env bash
# Why opsflow parses with libyaml: times the two C/C++ YAML event parsers available as Debian
# packages on the same generated repository, each on one core, in the same run.
#
#   bench/parsers.sh            # needs libyaml-dev, libyaml-cpp-dev, hyperfine, python3
# Environment: RUNS (5), PROCESSES (2000), STEPS (50).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
PROCESSES=${PROCESSES:-2000}
STEPS=${STEPS:-50}
OUT=bench/out
REPO=$OUT/repo-${PROCESSES}x${STEPS}

die() { echo "bench/parsers.sh: $*" >&2; exit 2; }
command -v hyperfine >/dev/null || die "hyperfine is missing (Debian: apt-get install hyperfine)"
[ -f /usr/include/yaml.h ] || die "libyaml-dev is missing (Debian: apt-get install libyaml-dev)"
[ -f /usr/include/yaml-cpp/parser.h ] || die "libyaml-cpp-dev is missing (Debian: apt-get install libyaml-cpp-dev)"

mkdir -p "$OUT"
[ -d "$REPO" ] || python3 bench/gen_repo.py "$REPO" --processes "$PROCESSES" --steps "$STEPS" --seed 1
gcc -O2 -o "$OUT/libyaml_events" bench/parsers/libyaml_events.c -lyaml
g++ -O2 -std=c++20 -o "$OUT/yamlcpp_events" bench/parsers/yamlcpp_events.cpp -lyaml-cpp

hyperfine -N --warmup 1 --runs "$RUNS" \
  -n "libyaml events (1 core)" "$OUT/libyaml_events $REPO" \
  -n "yaml-cpp events (1 core)" "$OUT/yamlcpp_events $REPO" \
  --export-markdown "$OUT/parsers.md"
cat "$OUT/parsers.md"
