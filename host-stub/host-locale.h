// host-locale.h — the one choice of language for a mig-host run.
//
// The plugin's text and mig-host's own lines (headings, summaries, labels,
// the HTML report, errors) follow the same choice: --locale when given,
// else the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set.
// Machine-readable output (JSON, the events file, cause ids, exit codes,
// CSV column names) is never translated.
#pragma once

#include <glib.h>

// Looks for --locale L / --locale=L in a subcommand's arguments (before a
// "--") and makes the chosen language mig-host's own: its translations
// (GETTEXT_PACKAGE) are read from $MIG_HOST_LOCALEDIR when set (the tests
// point it at the build tree), else beside mig-host.exe on Windows
// (share/locale in its folder), else the installed localedir. Call once,
// after setlocale (LC_ALL, "") and before any text is made.
// [main thread, before others start]
void mh_locale_init (int argc, char **argv);
