// migrate-run.h — a test's `mig-host migrate`, on Linux and under Wine
// alike: where it writes, its arguments, and what it leaves in its --out
// folder (each MMF copied byte for byte or not at all, no temporary file
// behind).

#pragma once

#include <glib.h>

// Where a test's runs write, in a folder of the test's (the post office's
// temporary one), which removes them.
typedef struct {
   char *out;    // FOLDER/exchange: migrate's copies (--out), made by it
   char *json;   // FOLDER/report.json: the report (--json)
   char *events; // FOLDER/events.jsonl: the events (--events)
} MigrateFiles;

void migrate_files_init (MigrateFiles *files, const char *folder);
void migrate_files_clear (MigrateFiles *files);

// The arguments of `mig-host migrate` (the program left out) for the post
// office at `maildata` with the user list `users_csv`, writing to `files`,
// then `extra` (NULL-terminated; NULL: none). NULL-terminated; free with
// g_ptr_array_unref.
GPtrArray *migrate_args (const char *maildata, const char *users_csv,
                         const MigrateFiles *files, const char *const *extra);

// MAILDATA/MMF/<hex_id>.MMF arrived in `out` under its own name, byte for
// byte.
void assert_copied_intact (const char *maildata, const char *out,
                           const char *hex_id);
// No copy of <hex_id>.MMF is in `out`.
void assert_not_copied (const char *out, const char *hex_id);
// The files a run keeps in --out beside the copies: its journal
// (".mig-host-journal.jsonl") and its lock file (".mig-host.lock").
gboolean is_run_bookkeeping (const char *name);

// How many copies are in `out`; the test fails on a temporary one (a name
// starting with a dot, other than the run's bookkeeping): only finished
// copies may be left.
guint count_out_files (const char *out);
