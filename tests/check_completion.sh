#!/usr/bin/env bash
# The completion scripts work in their shells: commands, options, choices, process ids of the
# repository being typed in, and files where a path goes. bash and fish are driven through their
# completion functions; zsh's script is checked by zsh's parser (make test installs zsh and fish).
set -uo pipefail
bin=$(realpath "$1")
examples=$(cd "$(dirname "$0")/../examples" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$bin" "$work/bin/opsflow"
export PATH="$work/bin:$PATH"
status=0
expect() {  # expect WHAT GOT WANTED
  if [ "$2" != "$3" ]; then echo "FAIL: $1: got '$2', want '$3'"; status=1; else echo "ok: $1"; fi
}

opsflow completion bash > "$work/opsflow.bash"
complete_bash() {  # complete_bash WORD... : the completions of the last word
  (cd "$examples" && bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _opsflow
    printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$work/opsflow.bash" "$@")
}
expect "bash: commands" "$(complete_bash opsflow re)" "render report "
expect "bash: choices" "$(complete_bash opsflow validate --format s)" "sarif "
expect "bash: process ids" "$(complete_bash opsflow -C . analyze --process in)" "incident-response "
expect "bash: options" "$(complete_bash opsflow graph --pro)" "--process "
expect "bash: files" "$(complete_bash opsflow validate proc)" "processes "
expect "bash: kinds" "$(complete_bash opsflow schema Ob)" "Observation "
expect "bash: shells" "$(complete_bash opsflow completion f)" "fish "

if command -v fish > /dev/null; then
  opsflow completion fish > "$work/opsflow.fish"
  complete_fish() {
    (cd "$examples" && fish -c "source $work/opsflow.fish; complete -C '$1'" | cut -f1 | sort | tr '\n' ' ')
  }
  expect "fish: commands" "$(complete_fish 'opsflow re')" "render report "
  expect "fish: choices" "$(complete_fish 'opsflow validate --format s')" "sarif "
  expect "fish: process ids" "$(complete_fish 'opsflow analyze --process in')" "incident-response "
  expect "fish: kinds" "$(complete_fish 'opsflow schema Ob')" "Observation "
else
  echo "FAIL: fish is not installed (make test installs it)"; status=1
fi
if command -v zsh > /dev/null; then
  opsflow completion zsh > "$work/_opsflow"
  if zsh -n "$work/_opsflow"; then echo "ok: zsh parses its script"; else echo "FAIL: zsh -n"; status=1; fi
else
  echo "FAIL: zsh is not installed (make test installs it)"; status=1
fi
exit $status
