// bench-postoffice.h — a generated post office for the bench, laid out by
// the same generator as the demo and the tests (scripts/make-postoffice),
// with the wizard's user list read back and a plugin configuration beside it.

#pragma once

#include <glib.h>

typedef struct {
   char *user;   // SFS_UserName, eg "U00001"
   char *hex_id; // Hex-ID, eg "00000A01"
} BenchAccount;

typedef struct {
   char *root;       // the folder holding MAILDATA and users.csv
   gboolean owned;   // root was made here and is removed by clear()
   char *maildata;   // root/MAILDATA
   char *users_csv;  // root/users.csv
   char *config;     // root/mmfguard.conf: [samba] mode = off, a path map
   GArray *accounts; // BenchAccount, in the list's order
} BenchPostoffice;

// The Windows share the bench's events name; mapped to `maildata` by `config`.
#define BENCH_WINDOWS_SHARE "\\\\MAILSRV\\MAILDATA"

// Generates a post office of `n_users` under a new temporary folder.
gboolean bench_postoffice_make (BenchPostoffice *po, const char *generator,
                                guint n_users, GError **error);

// Opens one make() left at `root` (for the bench's child processes);
// clear() then leaves the folder in place.
gboolean bench_postoffice_load (BenchPostoffice *po, const char *root,
                                GError **error);
void bench_postoffice_clear (BenchPostoffice *po);

// MAILDATA/MMF/<hex_id>.MMF of account `i`, newly allocated.
char *bench_postoffice_mmf (const BenchPostoffice *po, guint i);

// Whether account `i` is one of the 1 % the bench holds: every hundredth,
// spread through the list rather than bunched at its start.
gboolean bench_postoffice_is_held (guint i);
