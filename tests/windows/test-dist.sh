#!/usr/bin/env bash
# The Windows download as an administrator meets it: the zip unpacked into an
# empty folder of a fresh Wine prefix — no WINEPATH, nothing of the build or
# its dependency cache on any path — and mig-host.exe run from that folder:
# inspect, preflight (with the example configuration, in English and in
# German), explain, migrate and
# validate, against a generated post office on C:, with a real Windows
# process holding one user's MMF the way a running MS Mail client does; and
# preflights of the same post office reached in ways that are not provably
# local (a file server's share, drive letters Windows names no local device
# for), none of which may proceed.
#
#   tests/windows/test-dist.sh ZIP 64|32
#
# Run by scripts/build-windows --test. Prints "ok"/"not ok" lines and exits
# non-zero when any check fails.
set -euo pipefail
zip=$(realpath "$1")
bits=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
case $bits in
  64) tests_dir=$root/build-win/tests/windows ;;
  32) tests_dir=$root/build-win32/tests/windows ;;
esac
hold_file=$tests_dir/hold-file.exe
define_drive=$tests_dir/define-drive.exe

tmp=$(mktemp -d /tmp/mmfguard-dist-XXXXXX)
export WINEPREFIX=$tmp/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset WINEPATH
holder_pid=""
definer_pid=""
cleanup() {
  [ -n "$holder_pid" ] && { exec 7>&- || true; wait "$holder_pid" 2>/dev/null || true; }
  [ -n "$definer_pid" ] && { exec 8>&- || true; wait "$definer_pid" 2>/dev/null || true; }
  wineserver -k 2>/dev/null || true  # this prefix's own wineserver
  rm -rf "$tmp"
}
trap cleanup EXIT

failures=0
ok() { echo "ok - $*"; }
fail() { echo "not ok - $*"; failures=$((failures + 1)); }
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}

t0=$SECONDS
wineboot -i >/dev/null 2>&1
echo "# fresh Wine prefix in $((SECONDS - t0)) s"

# The empty folder, and the zip unpacked into it.
drive_c=$WINEPREFIX/drive_c
mkdir "$drive_c/mmfguard"
(cd "$drive_c/mmfguard" && unzip -q "$zip")
folder=$(ls -d "$drive_c/mmfguard"/*/)
name=$(basename "$folder")
win_folder="C:\\mmfguard\\$name"
echo "# unpacked $(basename "$zip") into $win_folder: $(ls "$folder" | wc -l) files"

# A post office on C:, 4 users; the last one's password recovered after its
# MMF last changed.
"$root/scripts/make-postoffice" "$drive_c/po" --users 4 --recovered 1 >/dev/null
po='C:\po\MAILDATA'
users='C:\po\users.csv'

# mig-host.exe run from the unpacked folder, as `mig-host.exe ARGS` at a
# prompt there: stdout in $out, exit code in $rc.
run() {
  local t=$SECONDS
  out=$(cd "$folder" && wine mig-host.exe "$@" 2>"$tmp/stderr" | tr -d '\r') && rc=0 || rc=$?
  if [ -s "$tmp/stderr" ]; then sed 's/^/# stderr: /' "$tmp/stderr" | head -5; fi
  echo "# mig-host.exe $1: exit $rc, $((SECONDS - t)) s"
}
json() {  # json FILE PYTHON-EXPRESSION-ON-d
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}
verdict_of() {  # verdict_of FILE USER -> "verdict cause"
  python3 -c '
import json, sys
for a in json.load(open(sys.argv[1]))["accounts"]:
    if a["user"] == sys.argv[2]:
        print(a.get("verdict"), a.get("cause"), a.get("outcome", ""))' "$1" "$2"
}

# inspect
run inspect mmfguard.dll
check "inspect: exit 0" [ "$rc" = 0 ]
check "inspect: the plugin offers pre-migrate/1 and on-error/1" \
  grep -q 'pre-migrate/1' <<<"$out"
grep -q 'on-error/1' <<<"$out" || fail "inspect: on-error/1 listed"

# preflight, nobody holding anything, with the example configuration
run preflight --plugin mmfguard.dll --config mmfguard.conf --postoffice "$po" \
  --users "$users" --json 'C:\po\preflight.json'
check "preflight: exit 2 (one account blocked)" [ "$rc" = 2 ]
check "preflight: U00001 proceeds" \
  [ "$(verdict_of "$drive_c/po/preflight.json" U00001)" = "proceed none " ]
check "preflight: U00004 blocked, password not synchronised" \
  [ "$(verdict_of "$drive_c/po/preflight.json" U00004)" = "block password-not-synchronised " ]

# The same in German: mig-host.exe finds its translations in the folder it
# was unpacked to (share\locale), and the plugin's text follows too.
run preflight --plugin mmfguard.dll --config mmfguard.conf --postoffice "$po" \
  --users "$users" --locale de_DE.UTF-8
check "preflight --locale de_DE.UTF-8: mig-host's own lines in German" \
  grep -q '^KEINE FREIGABE: ' <<<"$out"
check "preflight --locale de_DE.UTF-8: the plugin's text in German" \
  grep -q 'Was zu tun ist' <<<"$out"

# A real process holding U00002's MMF open for writing, sharing read only.
mkfifo "$tmp/holder-stdin"
wine "$(winepath -w "$hold_file")" deny-write 'C:\po\MAILDATA\MMF\00000A02.MMF' \
  <"$tmp/holder-stdin" >"$tmp/holder-out" 2>&1 &
holder_pid=$!
exec 7>"$tmp/holder-stdin"
for _ in $(seq 100); do grep -q '^held' "$tmp/holder-out" && break; sleep 0.1; done
check "hold-file.exe holds U00002's MMF" grep -q '^held' "$tmp/holder-out"

run preflight --plugin mmfguard.dll --postoffice "$po" --users "$users" \
  --json 'C:\po\preflight-held.json'
check "preflight with a holder: exit 2" [ "$rc" = 2 ]
check "preflight with a holder: U00002 deferred, mmf-in-use" \
  [ "$(verdict_of "$drive_c/po/preflight-held.json" U00002)" = "defer mmf-in-use " ]

# explain the 7007 the wizard would log for it
run explain --plugin mmfguard.dll --event 7007 --insert U00002 \
  --insert 'C:\po\MAILDATA\MMF\00000A02.MMF'
check "explain 7007: names the account's mail file open in a client" \
  grep -q 'the mail file of U00002 is open in a client' <<<"$out"

# migrate: U00002 held (deferred), U00004 blocked, the others copied
run migrate --plugin mmfguard.dll --postoffice "$po" --users "$users" \
  --out 'C:\exchange' --json 'C:\po\report.json' --events 'C:\po\events.jsonl' \
  --retries 1 --retry-delay 0.2
check "migrate with a holder: exit 2" [ "$rc" = 2 ]
check "migrate: U00001 migrated" \
  [ "$(verdict_of "$drive_c/po/report.json" U00001)" = "proceed none migrated" ]
check "migrate: U00002 deferred" \
  [ "$(verdict_of "$drive_c/po/report.json" U00002 | cut -d' ' -f3)" = deferred ]
check "migrate: U00001's MMF copied byte for byte" \
  cmp -s "$drive_c/po/MAILDATA/MMF/00000A01.MMF" "$drive_c/exchange/00000A01.MMF"
check "migrate: U00002's held MMF not copied" [ ! -e "$drive_c/exchange/00000A02.MMF" ]
# (the run's journal and lock file stay: they are the output folder's own)
check "migrate: no temporary file left in the output" \
  [ -z "$(find "$drive_c/exchange" -name '.*' ! -name .mig-host-journal.jsonl \
            ! -name .mig-host.lock)" ]

# Without the plugin, the host's own attempt meets the holder: the wizard's 7007.
run migrate --no-plugin --postoffice "$po" --users "$users" --out 'C:\exchange-stock' \
  --json 'C:\po\stock.json' --events 'C:\po\stock-events.jsonl'
check "migrate without a plugin: U00002 failed" \
  [ "$(verdict_of "$drive_c/po/stock.json" U00002 | awk '{print $NF}')" = failed ]
check "migrate without a plugin: the wizard's 7007 logged for U00002" \
  python3 -c '
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(not any(e.get("id") == 7007 and e.get("user") == "U00002"
                 and e["description"].startswith("Could not migrate MMF file for Account: U00002")
                 for e in events))' "$drive_c/po/stock-events.jsonl"

# The holder lets go: U00002 migrates.
exec 7>&-
wait "$holder_pid" || true
holder_pid=""
run migrate --plugin mmfguard.dll --postoffice "$po" --users "$users" \
  --out 'C:\exchange' --json 'C:\po\report2.json' --events 'C:\po\events2.jsonl'
check "migrate after the holder left: U00002 migrated" \
  [ "$(verdict_of "$drive_c/po/report2.json" U00002 | cut -d' ' -f3)" = migrated ]
check "migrate after the holder left: U00002's MMF copied byte for byte" \
  cmp -s "$drive_c/po/MAILDATA/MMF/00000A02.MMF" "$drive_c/exchange/00000A02.MMF"

# Post offices that are not provably local. Every way below is made at run
# time in this Wine session — no registry change, no wineserver restart —
# and Wine's netapi32 stubs the Server Service calls, so no server can be
# asked: every account must be lock-state-unknown (deferred), never proceed.
#  - \\FILESERVER\MAILDATA and \\?\UNC\FILESERVER\PO\MAILDATA: Wine finds
#    UNC paths in dosdevices/unc/SERVER/SHARE. (Wine cannot read a share's
#    own root through \\?\UNC\, so that one names a folder in the share.)
#  - N:, a dosdevices link only: its files are there and GetDriveTypeW says
#    fixed, but Windows names no device for it (QueryDosDeviceW).
#  - M:, the same, mapped to \??\UNC\FILESERVER\PO by define-drive.exe as a
#    redirector maps a drive: the server it names is asked.
mkdir -p "$WINEPREFIX/dosdevices/unc/fileserver"
ln -s "$drive_c/po/MAILDATA" "$WINEPREFIX/dosdevices/unc/fileserver/maildata"
ln -s "$drive_c/po" "$WINEPREFIX/dosdevices/unc/fileserver/po"
ln -s "$drive_c/po" "$WINEPREFIX/dosdevices/n:"
ln -s "$drive_c/po" "$WINEPREFIX/dosdevices/m:"
never_proceeds() {  # never_proceeds JSON: U00001-3 deferred, lock state unknown
  python3 -c '
import json, sys
accounts = {a["user"]: a for a in json.load(open(sys.argv[1]))["accounts"]}
ok = all(accounts[u]["verdict"] == "defer" and accounts[u]["cause"] == "lock-state-unknown"
         for u in ("U00001", "U00002", "U00003"))
ok = ok and not any(a["verdict"] == "proceed" for a in accounts.values())
sys.exit(not ok)' "$1"
}
text_says() {  # text_says JSON TEXT: U00001's text holds TEXT
  python3 -c '
import json, sys
texts = [a["text"] for a in json.load(open(sys.argv[1]))["accounts"] if a["user"] == "U00001"]
sys.exit(not (texts and sys.argv[2] in texts[0]))' "$1" "$2"
}
run preflight --plugin mmfguard.dll --postoffice '\\FILESERVER\MAILDATA\' \
  --users "$users" --json 'C:\po\preflight-unc.json'
check "UNC post office: no account proceeds, each lock-state-unknown" \
  never_proceeds "$drive_c/po/preflight-unc.json"
check "UNC post office: the text says the server was asked and why it could not answer" \
  text_says "$drive_c/po/preflight-unc.json" 'NetShareGetInfo on \\FILESERVER'
run preflight --plugin mmfguard.dll --postoffice '\\?\UNC\FILESERVER\PO\MAILDATA' \
  --users "$users" --json 'C:\po\preflight-unc-device.json'
check "\\\\?\\UNC\\ post office: no account proceeds, each lock-state-unknown" \
  never_proceeds "$drive_c/po/preflight-unc-device.json"
run preflight --plugin mmfguard.dll --postoffice 'N:\MAILDATA' \
  --users "$users" --json 'C:\po\preflight-drive-n.json'
check "drive N: with no device named: no account proceeds, each lock-state-unknown" \
  never_proceeds "$drive_c/po/preflight-drive-n.json"
check "drive N: with no device named: the text says why" \
  text_says "$drive_c/po/preflight-drive-n.json" 'Windows names no device for drive N:'

mkfifo "$tmp/definer-stdin"
wine "$(winepath -w "$define_drive")" 'M:' '\??\UNC\FILESERVER\PO' \
  <"$tmp/definer-stdin" >"$tmp/definer-out" 2>&1 &
definer_pid=$!
exec 8>"$tmp/definer-stdin"
for _ in $(seq 100); do grep -q '^defined' "$tmp/definer-out" && break; sleep 0.1; done
check "define-drive.exe maps M: to \\\\FILESERVER\\PO" grep -q '^defined' "$tmp/definer-out"
run preflight --plugin mmfguard.dll --postoffice 'M:\MAILDATA' \
  --users "$users" --json 'C:\po\preflight-drive.json'
check "drive M: mapped to a share: no account proceeds, each lock-state-unknown" \
  never_proceeds "$drive_c/po/preflight-drive.json"
check "drive M: mapped to a share: the server it names was asked" \
  text_says "$drive_c/po/preflight-drive.json" 'NetShareGetInfo on \\FILESERVER'
exec 8>&-
wait "$definer_pid" || true
definer_pid=""

# The opposite: \\?\C:\... is the local drive C:, and U00001 proceeds.
run preflight --plugin mmfguard.dll --postoffice '\\?\C:\po\MAILDATA' \
  --users "$users" --json 'C:\po\preflight-device-c.json'
check "\\\\?\\C:\\ post office: U00001 proceeds" \
  [ "$(verdict_of "$drive_c/po/preflight-device-c.json" U00001)" = "proceed none " ]

# validate: every case in a process of its own
run validate mmfguard.dll
check "validate: exit 0" [ "$rc" = 0 ]
check "validate: 18 or more cases, none failed" \
  grep -Eq '^(1[89]|[2-9][0-9]) cases: [0-9]+ passed, 0 failed' <<<"$out"
[ "$rc" = 0 ] || echo "$out" | sed 's/^/# /'

echo "# $failures failed; $((SECONDS - t0)) s"
[ "$failures" = 0 ]
