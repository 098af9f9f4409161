#!/usr/bin/env bash
# `opsflow init` as a new user meets it: the repository it writes passes validate and
# render --check at once; every opsflow file points its editor at .opsflow/schema.json, which is
# what `opsflow schema` prints; the pre-commit hook's command passes on changed files (opsflow's and
# the other tools' YAML among them) and fails on a file made wrong; and the commands of the
# generated GitHub workflow pass, the pull-request comparison included (run in a git repository,
# with the base branch at HEAD and then at a faster version of the process).
set -euo pipefail
bin=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$bin" "$work/bin/opsflow"
export PATH="$work/bin:$PATH" SOURCE_DATE_EPOCH=1795824000
status=0
fail() { echo "FAIL: $*"; status=1; }

repo="$work/team"
opsflow -q init "$repo" > /dev/null || fail "init exited $?"
cd "$repo"
out=$(opsflow validate 2>&1) || fail "validate: $out"
[ "$out" = "no problems in 8 files" ] || fail "validate said: $out"
opsflow -q render --check > /dev/null 2>&1 || fail "render --check on the new repository"

# Editors: every opsflow YAML file starts with the schema line, and the schema is current.
while IFS= read -r f; do
  up=$(dirname "$f" | sed -e 's|^\./||' -e 's|[^/.][^/]*|..|g' -e 's|^\.$||')
  want="# yaml-language-server: \$schema=${up:+$up/}.opsflow/schema.json"
  [ "$(head -1 "$f")" = "$want" ] || fail "$f starts with '$(head -1 "$f")', not '$want'"
  [ -f "$(dirname "$f")/${up:+$up/}.opsflow/schema.json" ] || fail "$f: its schema path does not exist"
done < <(find . -name '*.yaml' -not -path './.*' -not -name '.*' | sort)
cmp -s .opsflow/schema.json <(opsflow schema) || fail ".opsflow/schema.json is not what opsflow schema prints"

# pre-commit: the hook's entry with the changed files (types: [yaml]), as pre-commit passes them.
entry=$(sed -n 's/^ *entry: //p' .pre-commit-config.yaml)
[ "$entry" = "opsflow validate" ] || fail "pre-commit entry is '$entry'"
$entry roles/support.yaml .pre-commit-config.yaml .github/workflows/opsflow.yml > /dev/null 2>&1 \
  || fail "the pre-commit hook fails on unchanged files"
sed -i 's/role: support-lead/role: support-led/' processes/refund.yaml
if $entry processes/refund.yaml > "$work/hook.out" 2>&1; then fail "the hook passes a wrong role"; fi
grep -q "role 'support-led' does not exist (did you mean 'support-lead'?)" "$work/hook.out" \
  || fail "the hook's message: $(cat "$work/hook.out")"
sed -i 's/role: support-led/role: support-lead/' processes/refund.yaml

# The workflow's commands, in order (run: lines and run: | blocks).
steps="$work/steps.sh"
awk '/^ *run: \|$/ {block=1; next}
     block && /^          / {sub(/^ +/, ""); print; next}
     {block=0}
     /^ *run: / {sub(/^ *run: /, ""); print}' .github/workflows/opsflow.yml > "$steps"
[ "$(wc -l < "$steps")" -eq 4 ] || fail "expected 4 workflow commands, found: $(cat "$steps")"
git init -q -b main . && git add -A && git -c user.name=t -c user.email=t@t commit -qm init
BASE=HEAD bash -e "$steps" > "$work/ci.out" 2>&1 || fail "the workflow's commands: $(cat "$work/ci.out")"
[ -s opsflow.sarif ] || fail "the workflow's validate wrote no SARIF"
git worktree remove --force ../opsflow-base

# A pull request that makes the process slower fails the comparison with its base branch.
sed -i 's/wait: 4h/wait: 8h/' processes/refund.yaml
opsflow -q render > /dev/null
if BASE=HEAD bash -e "$steps" > "$work/ci.out" 2>&1; then fail "a slower process passes the workflow"; fi
grep -q "worse than the baseline" "$work/ci.out" || fail "the comparison said: $(cat "$work/ci.out")"

[ "$status" = 0 ] && echo "ok: init, its editor schema, its pre-commit hook and its workflow"
exit $status
