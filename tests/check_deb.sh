#!/usr/bin/env bash
# check_deb.sh DEB [--install]: the package as a user gets it. Unpacked into a temporary root, its
# binary runs on examples/ (validate, analyze), knows its version, and finds its man pages and
# shell completions where man and the shells look; its Depends name the shared libraries it links.
# With --install (as root, in CI): dpkg installs it, /usr/bin/opsflow runs, dpkg removes it.
set -uo pipefail
deb=$(realpath "$1")
examples=$(cd "$(dirname "$0")/../examples" && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
dpkg-deb -x "$deb" "$root" || { echo "FAIL: dpkg-deb -x $deb"; exit 1; }
bin="$root/usr/bin/opsflow"
[ -x "$bin" ] || fail "no usr/bin/opsflow"
"$bin" --version | grep -q '^opsflow [0-9]' || fail "--version: $("$bin" --version 2>&1)"
out=$("$bin" validate "$examples" 2>&1) || fail "validate examples: $out"
"$bin" analyze --top 3 "$examples" > /dev/null 2>&1 || fail "analyze examples"
for f in usr/share/man/man1/opsflow.1 usr/share/man/man5/opsflow.5 \
         usr/share/bash-completion/completions/opsflow usr/share/zsh/vendor-completions/_opsflow \
         usr/share/fish/vendor_completions.d/opsflow.fish; do
  [ -s "$root/$f" ] || fail "missing $f"
done
cmp -s "$root/usr/share/bash-completion/completions/opsflow" <("$bin" completion bash) \
  || fail "the packaged bash completion is not what the binary prints"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libyaml-0-2 libyaml-cpp zlib1g libfmt libstdc++6; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
if [ "${2:-}" = --install ]; then
  if [ "$(id -u)" != 0 ]; then
    fail "--install needs root"
  elif dpkg -s opsflow > /dev/null 2>&1; then
    fail "an opsflow package is installed already; not replacing it"
  else
    dpkg -i "$deb" > /dev/null || fail "dpkg -i $deb"
    /usr/bin/opsflow validate "$examples" > /dev/null 2>&1 || fail "the installed opsflow on examples/"
    man -w opsflow > /dev/null 2>&1 || [ -s /usr/share/man/man1/opsflow.1 ] || fail "man page not installed"
    dpkg -r opsflow > /dev/null || fail "dpkg -r opsflow"
  fi
fi
[ "$status" = 0 ] && echo "ok: $(basename "$deb") unpacks${2:+, installs} and runs; Depends: $depends"
exit $status
