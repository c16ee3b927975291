#!/bin/sh
# The struct sizes abi/README.md lists are the ones compilers give: the
# README's table equals abi/struct-sizes-check.c's, and that file, which
# asserts its column at compile time, compiles for each of the four ABIs
# with whichever of these compilers is installed (at least the native one).
#   check-struct-sizes.sh ABI_DIR
set -eu
abi=$1
fail() { echo "check-struct-sizes: $*" >&2; exit 1; }

# "type since a b c d" per row, from each.
from_c=$(sed -n 's/^ *X (\(mig_[a-z_]*\), \([0-9.]*\), \([0-9]*\), \([0-9]*\), \([0-9]*\), \([0-9]*\)).*/\1 \2 \3 \4 \5 \6/p' \
  "$abi/struct-sizes-check.c")
from_readme=$(sed -n 's/^| `\(mig_[a-z_]*\)` | \([0-9.]*\) | \([0-9]*\) | \([0-9]*\) | \([0-9]*\) | \([0-9]*\) |$/\1 \2 \3 \4 \5 \6/p' \
  "$abi/README.md")
[ -n "$from_c" ] || fail "no sizes found in struct-sizes-check.c"
[ "$from_c" = "$from_readme" ] ||
  fail "abi/README.md's struct sizes differ from struct-sizes-check.c:
$from_readme
--- struct-sizes-check.c:
$from_c"

checked=0
for cc in "cc" "clang --target=i386-linux-gnu -ffreestanding" \
          "x86_64-w64-mingw32-gcc" "i686-w64-mingw32-gcc"; do
  command -v "${cc%% *}" >/dev/null 2>&1 || { echo "skipped (not installed): $cc"; continue; }
  $cc -std=c11 -I"$abi" -fsyntax-only "$abi/struct-sizes-check.c" ||
    fail "the sizes do not hold for $cc"
  echo "sizes hold for: $cc"
  checked=$((checked + 1))
done
[ "$checked" -gt 0 ] || fail "no compiler checked the sizes"

# The header checks its own layout: on Windows x86, included under the
# #pragma pack(4) that MSVC's /Zp4 amounts to, it stops the build (on
# x86-64 every field already sits at its natural place, so packing moves
# none).
if command -v i686-w64-mingw32-gcc >/dev/null 2>&1; then
  packed=$(mktemp)
  trap 'rm -f "$packed"' EXIT
  printf '#pragma pack(4)\n#include "mig-plugin.h"\n' >"$packed"
  if i686-w64-mingw32-gcc -std=c11 -x c -I"$abi" -fsyntax-only "$packed" 2>/dev/null; then
    fail "mig-plugin.h compiled for Windows x86 under #pragma pack(4)"
  fi
  echo "a packed layout is refused by the header itself"
else
  echo "skipped (not installed): the packed-layout check, i686-w64-mingw32-gcc"
fi
