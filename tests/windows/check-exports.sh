#!/bin/sh
# The DLL exports exactly its entry symbol: the export table, as the Windows
# loader sees it, names mig_entry and nothing else.
#   check-exports.sh OBJDUMP mmfguard.dll   (or mig-host-check.dll)
set -eu
objdump=$1 dll=$2
names=$("$objdump" -p "$dll" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' |
        sed -n 's/^[[:space:]]*\[[[:space:]]*[0-9]*\][[:space:]]*//p')
if [ "$names" != "mig_entry" ]; then
  echo "$(basename "$dll") exports: ${names:-nothing}; expected exactly mig_entry" >&2
  exit 1
fi
echo "exports: $names"
