#!/usr/bin/env bash
# Every script the README names answers --help and --version without doing
# anything else, and make-postoffice refuses a folder that is not empty.
#   tests/check-scripts.sh SOURCE_ROOT
set -euo pipefail
root=$1
fail() { echo "not ok: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for s in setup demo test bench fuzz build-windows make-postoffice; do
  script=$root/scripts/$s
  # Run from an empty folder: a script that did more than print would leave
  # something behind (a build folder, a post office).
  out=$(cd "$tmp" && "$script" --help) || fail "$s --help exited $?"
  [ -n "$out" ] || fail "$s --help printed nothing"
  version=$(cd "$tmp" && "$script" --version) || fail "$s --version exited $?"
  case $version in
    "$s (mmfguard "*")") ;;
    *) fail "$s --version printed '$version'" ;;
  esac
  [ -z "$(ls -A "$tmp")" ] || fail "$s --help or --version left files: $(ls -A "$tmp")"
  echo "ok: $s --help, --version"
done

mkdir "$tmp/full" && touch "$tmp/full/keep"
if "$root/scripts/make-postoffice" "$tmp/full" >/dev/null 2>"$tmp/err"; then
  fail "make-postoffice merged into a non-empty folder"
fi
grep -q "not an empty folder" "$tmp/err" || fail "make-postoffice: $(cat "$tmp/err")"
[ "$(ls -A "$tmp/full")" = keep ] || fail "make-postoffice wrote into the folder"
"$root/scripts/make-postoffice" "$tmp/new" --users 2 >/dev/null ||
  fail "make-postoffice refused a new folder"
echo "ok: make-postoffice refuses a non-empty folder"
