#!/usr/bin/env bash
# mig-host's translations are whole: every language in po/LINGUAS is valid
# (msgfmt -c: the formats of msgid and msgstr agree), has no fuzzy or
# untranslated entry, and translates every text the sources mark now (a
# text added to the code without its translation fails here).
#   tests/check-po.sh SOURCE_ROOT
set -euo pipefail
root=$1
cd "$root"
for tool in msgfmt msgcmp xgettext; do
  command -v $tool >/dev/null ||
    { echo "not ok: $tool is not installed (scripts/setup installs gettext)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The keywords of meson's "glib" preset (po/meson.build).
xgettext --from-code=UTF-8 --files-from=po/POTFILES --directory=. \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  -o "$tmp/now.pot" 2>"$tmp/xgettext.err" ||
  { echo "not ok: xgettext failed:"; cat "$tmp/xgettext.err"; exit 1; }
# Every file that translates is in po/POTFILES.
missing=$(grep -rl --include='*.c' 'gi18n-lib.h' host-stub | sort | comm -23 - <(sort po/POTFILES))
if [ -n "$missing" ]; then
  echo "not ok: po/POTFILES does not list: $missing"; exit 1
fi
status=0
for lang in $(grep -v '^#' po/LINGUAS); do
  po=po/$lang.po
  if ! stats=$(msgfmt -c --statistics -o /dev/null "$po" 2>&1); then
    echo "not ok: $po: $stats"; status=1; continue
  fi
  if echo "$stats" | grep -Eq 'fuzzy|untranslated'; then
    echo "not ok: $po: $stats (fill in or fix every entry)"; status=1; continue
  fi
  if ! msgcmp --use-untranslated "$po" "$tmp/now.pot" 2>"$tmp/msgcmp.err"; then
    echo "not ok: $po lacks texts the sources mark (ninja -C build mig-host-update-po, then translate):"
    head -20 "$tmp/msgcmp.err"; status=1; continue
  fi
  echo "ok: $po: $(echo "$stats" | tail -1)"
done
exit $status
