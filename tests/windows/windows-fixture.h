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

// --- A post office behind a drive letter or UNC path, made at run time
//
// Wine finds files through the Unix links in $WINEPREFIX/dosdevices ("x:"
// for a drive, "unc/SERVER/SHARE" for a UNC path) and reads a link each
// time; QueryDosDeviceW answers from the object manager's names, which
// DefineDosDeviceW sets. Both can be made at run time, in the session
// mig-host.exe runs in, and apart: a drive whose files are there but whose
// device Windows does not name (or names a share). The links are made by
// ln, a Unix program Wine runs for a Windows process.

gboolean win_running_under_wine (void);
// wine_get_unix_file_name's answer, newly allocated; under Wine only.
char *win_unix_path_of (const char *windows_path);
// Runs a shell script (Z:\bin\sh) and returns once it has finished.
void win_run_unix (const WinPostoffice *po, const char *script);
// $WINEPREFIX/dosdevices; NULL (and the test skipped) when this is not
// Wine or Wine's prefix is not known.
char *win_dosdevices (void);
// A file only this process's post office has: "owner-PID" in its root.
char *win_mark_postoffice (const WinPostoffice *po);
// Whether `root` (X: or \\SERVER\SHARE) leads to this process's post office.
gboolean win_leads_to_postoffice (const WinPostoffice *po, const char *root);
// Links a free drive letter to the post office root; returns the letter.
char win_drive_for_postoffice (const WinPostoffice *po, const char *devices);
void win_drive_remove (const WinPostoffice *po, const char *devices,
                       char letter);
