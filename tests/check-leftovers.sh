#!/usr/bin/env bash
# Nothing a test, the demo or a build started may outlive it: lists every
# process still running from the build folders or from a temporary folder
# of mmfguard's (smbd and the daemons it spawns, smbnetfs, lock holders) and
# every wineserver of a temporary Wine prefix, and fails naming each.
#   tests/check-leftovers.sh SOURCE_ROOT
set -euo pipefail
root=$(cd "$1" && pwd)
self=$$
left=$(ps -eo pid=,ppid=,args= | awk -v root="$root" -v self="$self" '
  $1 == self || $2 == self || ($3 == "awk" && index($0, "-v root=")) { next }
  index($0, root "/build") || index($0, "/tmp/mmfg") || index($0, "/tmp/mmfguard") ||
  index($0, "mmfguard-demo") { print }')
# A wineserver names its prefix only in its environment.
for pid in $(pgrep -f 'wineserver' || true); do
  prefix=$(tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | sed -n 's/^WINEPREFIX=//p')
  case $prefix in
    /tmp/mmfg*|/tmp/mmfguard*) left+=$'\n'"$pid wineserver of the temporary Wine prefix $prefix" ;;
  esac
done
left=$(printf '%s\n' "$left" | sed '/^$/d')
if [ -n "$left" ]; then
  echo "not ok: processes started by the tests or the demo are still running:"
  echo "$left" | cut -c1-200 | sed 's/^/  /'
  exit 1
fi
echo "ok: no process of the tests or the demo is left running"
