#!/usr/bin/env bash
# Every validate rule must have a golden case tests/cli/validate-<rule>/ whose expected output
# shows that rule firing, so no rule ships untested.
set -euo pipefail
bin=$1
cases=$(cd "$(dirname "$0")/cli" && pwd)
missing=0
rules=$("$bin" --no-color rules | awk '/^validate rules/ {on = 1; next} /^$/ {on = 0} on && /^  [^ ]/ {print $1}')
[ -n "$rules" ] || { echo "opsflow rules listed no validate rules"; exit 1; }
for rule in $rules; do
  expected="$cases/validate-$rule/stdout"
  if [ ! -f "$expected" ] || ! grep -q -e "\[$rule\]" "$expected"; then
    echo "rule $rule has no golden case tests/cli/validate-$rule showing it"
    missing=1
  fi
done
exit $missing
