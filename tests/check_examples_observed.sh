#!/usr/bin/env bash
# The Observations shipped in examples/observed/ are what `mine --write-observed` writes from the
# example logs today: a change to mining or to the writer that alters them fails here, and
# regenerating them (the commands below, run in examples/) is reviewed with git diff.
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
cd "$root/examples"
for process in incident-response user-feedback; do
  "$bin" -q mine "logs/$process.csv" --process "$process" \
    --write-observed "$scratch/$process.yaml" > /dev/null
  if ! diff -u "observed/$process.yaml" "$scratch/$process.yaml"; then
    echo "examples/observed/$process.yaml is stale: in examples/, run"
    echo "  opsflow mine logs/$process.csv --process $process --write-observed observed/$process.yaml"
    status=1
  fi
done
exit $status
