#!/usr/bin/env bash
# The plugin's ABI against the committed baseline (abi/baseline.abi).
#   check-abi-baseline.sh PLUGIN.so ABI_DIR           compare: any change fails
#   check-abi-baseline.sh --self-test PLUGIN.so ABI_DIR   prove the check bites
#   check-abi-baseline.sh --update PLUGIN.so ABI_DIR  rewrite the baseline
#
# -t (--non-reachable-types) with the headers given makes abidiff compare the
# types reachable only through get_hook()'s `const void *`, the hook structs:
# without it a changed hook struct passes unnoticed. Every change bit fails,
# not only "incompatible": a 1.0 struct is frozen.
set -euo pipefail
mode=check
case "${1:-}" in --self-test|--update) mode=${1#--}; shift ;; esac
so=$1
abi=$2
baseline=$abi/baseline.abi

# Only types defined in the public headers are kept: the plugin's own types
# may change freely. Both sides are dumped the same way and compared as XML
# (libabigail 2.2 misses non-reachable types comparing XML with ELF).
supp=$(dirname "$0")/../abi/abidiff.supp
dump() { abidw --load-all-types --drop-private-types --hd "$1" --no-corpus-path "$2"; }
compare() { abidiff -t --no-default-suppression --suppressions "$supp" "$1" "$2"; }

case $mode in
update)
  dump "$abi" "$so" > "$baseline"
  echo "wrote $baseline"
  ;;
check)
  current=$(mktemp)
  trap 'rm -f "$current"' EXIT
  dump "$abi" "$so" > "$current"
  if ! out=$(compare "$baseline" "$current" 2>&1); then
    echo "$out"
    echo "FAIL: the plugin's ABI differs from $baseline."
    echo "A released struct is frozen: add a new hook or service id instead."
    echo "New types only (a new id) are a minor version: raise"
    echo "MIG_ABI_VERSION_MINOR. Anything removed or changed is a new major."
    echo "Either way, when the change is deliberate, run: $0 --update $so $abi"
    exit 1
  fi
  echo "ok: the ABI matches $baseline"
  ;;
self-test)
  # Two plugin-shaped objects from the same source: one from the headers as
  # they are, one from headers whose on-error hook gained a parameter. The
  # check must pass the first against its own baseline and fail the second.
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir "$tmp/same" "$tmp/changed"
  cp "$abi"/*.h "$tmp/same/"
  cp "$abi"/*.h "$tmp/changed/"
  sed -i 's/(const mig_event \*event, mig_answer \*answer);/(const mig_event *event, mig_answer *answer, uint32_t flags);/' \
    "$tmp/changed/mig-plugin.h"
  cmp -s "$tmp/same/mig-plugin.h" "$tmp/changed/mig-plugin.h" \
    && { echo "self-test: the header edit did not apply"; exit 1; }
  cat > "$tmp/shape.c" <<'C'
#include <string.h>
#include "mig-plugin.h"
static mig_hook_batch_begin batch_begin;
static mig_hook_batch_end batch_end;
static mig_hook_pre_migrate pre_migrate;
static mig_hook_on_error on_error;
static mig_hook_catalog catalog;
static const void *get_hook (const char *id)
{
   if (!strcmp (id, MIG_HOOK_BATCH_BEGIN)) return &batch_begin;
   if (!strcmp (id, MIG_HOOK_BATCH_END)) return &batch_end;
   if (!strcmp (id, MIG_HOOK_PRE_MIGRATE)) return &pre_migrate;
   if (!strcmp (id, MIG_HOOK_ON_ERROR)) return &on_error;
   if (!strcmp (id, MIG_HOOK_CATALOG)) return &catalog;
   return NULL;
}
MIG_EXPORT const mig_plugin_entry mig_entry = {.struct_size = sizeof (mig_plugin_entry), .get_hook = get_hook};
C
  for v in same changed; do
    # The source sits beside its headers: "#include" looks there first.
    cp "$tmp/shape.c" "$tmp/$v/"
    cc -g -O0 -shared -fPIC -fvisibility=hidden "$tmp/$v/shape.c" -o "$tmp/$v.so"
    dump "$tmp/$v" "$tmp/$v.so" > "$tmp/$v.abi"
  done
  dump "$tmp/same" "$tmp/same.so" > "$tmp/again.abi"
  compare "$tmp/same.abi" "$tmp/again.abi" \
    || { echo "FAIL: an unchanged ABI did not pass"; exit 1; }
  if compare "$tmp/same.abi" "$tmp/changed.abi" > "$tmp/diff.txt" 2>&1; then
    echo "FAIL: a changed hook struct passed the ABI check"
    exit 1
  fi
  grep -q 'on_error' "$tmp/diff.txt" || { cat "$tmp/diff.txt"; echo "FAIL: the diff does not name on_error"; exit 1; }
  echo "ok: a changed hook struct fails the ABI check; an unchanged one passes"
  ;;
esac
