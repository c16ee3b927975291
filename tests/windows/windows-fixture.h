// windows-fixture.h — what the Windows tests share: a post office laid out
// the way the wizard expects it, and real Windows processes holding MMFs
// (hold-file.exe). mig-host.exe is run through ../mig-host-run.h.

#pragma once

#include <glib.h>

typedef struct {
   char *root;      // a temporary folder, removed by _clear
   char *maildata;  // root\MAILDATA
   char *users_csv; // root\users.csv
} WinPostoffice;

// A post office of `n_users` users, U00001 … with hex ids 00000A01 …, every
// MMF dated two days back; the last `n_recovered` users' passwords were
// recovered an hour ago (after their MMF last changed). Fails the test when
// it cannot be made.
void win_postoffice_make (WinPostoffice *po, int n_users, int n_recovered);
void win_postoffice_clear (WinPostoffice *po);
// MAILDATA\MMF\<hex_id>.MMF, newly allocated.
char *win_postoffice_mmf (const WinPostoffice *po, const char *hex_id);

// A running hold-file.exe (MMFG_HOLD_FILE) holding a file.
typedef struct WinHolder WinHolder;
// Starts `hold-file.exe MODE PATH` (deny-write, deny-all, range) and waits
// until it holds the file.
WinHolder *win_holder_start (const char *mode, const char *path);
// Its process id.
gint64 win_holder_pid (const WinHolder *h);
// Lets go of the file and waits for the process to end; NULL is allowed.
void win_holder_stop (WinHolder *h);
