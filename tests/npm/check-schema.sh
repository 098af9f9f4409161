#!/usr/bin/env bash
# check-schema.sh OPSFLOW_BINARY: `opsflow schema` checked with ajv (pinned in package.json):
# every example document and every edge value in good-schema/ (which opsflow accepts) passes it,
# every document in bad-schema/ fails it (check-schema.mjs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=ensure-tools.sh
source "$here/ensure-tools.sh"
ensure_npm_tools check-schema ajv js-yaml
[[ $# -eq 1 ]] || { echo "usage: $0 OPSFLOW_BINARY" >&2; exit 2; }
schema="$(mktemp)"
trap 'rm -f "$schema"' EXIT
"$1" schema > "$schema"
"$1" -q validate "$here/good-schema" > /dev/null \
  || { echo "check-schema: opsflow does not accept good-schema/ as it is" >&2; exit 1; }
node "$here/check-schema.mjs" "$schema" "$here/bad-schema" "$here/../../examples" "$here/good-schema"
