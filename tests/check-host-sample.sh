#!/bin/sh
# The host abi/README.md shows ("Writing a host")
# compiles as written with every warning an error, and run against a real
# plugin fails closed: its post office does not exist, so the account must
# come out deferred or blocked, never proceeding.
#   check-host-sample.sh ABI_DIR PLUGIN
set -eu
abi=$1
plugin=$2
fail() { echo "check-host-sample: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sample=$(sed -n '/^## Writing a host/,/^## /{/^```c$/,/^```$/{/^```/d;p}}' "$abi/README.md")
[ -n "$sample" ] || fail "no host sample found in $abi/README.md"
cat >"$work/host.c" <<C
#include "mig-plugin.h"
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
static int refuse(void) { return 100; }
static int report(const char *why) { fprintf(stderr, "%s\n", why); return 101; }
static int32_t outcome = -1; /* what the host did: a verdict it acted on */
static void show_own_text(int32_t v) { (void) v; outcome = MIG_VERDICT_DEFER; }
static void act_on(int32_t v, const char *text)
{
   fprintf(stderr, "%s\n", text);
   outcome = v;
}
static int run_sample(const char *path)
{
$sample
   return (int) outcome;
}
int main(int argc, char **argv) { return argc == 2 ? run_sample(argv[1]) : 102; }
C
# A sanitised plugin loads only into a host built with the same runtime.
sanitize=
case $(ldd "$plugin" 2>/dev/null) in
  *libasan*) sanitize=-fsanitize=address,undefined ;;
  *libtsan*) sanitize=-fsanitize=thread ;;
esac
cc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -pedantic \
  $sanitize -I"$abi" -o "$work/host" "$work/host.c" -ldl ||
  fail "the sample in $abi/README.md does not compile"
status=0
"$work/host" "$plugin" || status=$?
case $status in
  2|3) echo "the sample fails closed: verdict $status for a post office that is not there" ;;
  *) fail "the sample ended with $status, not DEFER (2) or BLOCK (3)" ;;
esac

# The calling convention is the header's alone: a MIG_CALL defined first
# stops the build instead of making another ABI.
printf '#define MIG_CALL\n#include "mig-plugin.h"\n' >"$work/redefined.c"
if cc -std=c11 -I"$abi" -fsyntax-only "$work/redefined.c" 2>/dev/null; then
  fail "mig-plugin.h accepted a MIG_CALL defined before it"
fi
echo "a MIG_CALL defined before the header is refused"
