// test-preflight-windows.c — the Windows build end to end under Wine (or
// Windows): mig-host.exe loads mmfguard.dll, a preflight defers an account
// whose MMF another process holds open the way a running MS Mail client
// does, and an explained 7007 names that account.
//
// Holders are real Windows processes (hold-file.exe). Under Wine, share
// modes are enforced between Wine processes, so the share-mode probe is
// tested for real; Wine's Restart Manager lists no processes and Wine may
// not enforce byte-range locks on reads: those parts check what Wine does
// first and skip, saying so, only when Wine does not implement it.
//
// A post office that is not provably on this machine's disks must never
// proceed: the tests near the end put one on a drive letter Windows names
// no local device for, on a drive letter mapped to a share, and behind a
// \\?\UNC\ path, each made at run time in this session (see there).

#include <glib.h>
#include <jansson.h>
#include <string.h>
#include <windows.h>

#include "../mig-host-run.h"
#include "../test-env.h"
#include "windows-fixture.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

#define N_USERS 3
#define HELD_USER "U00003"
#define HELD_HEX "00000A03"

typedef struct {
   WinPostoffice po;
   char *held_mmf;
   WinHolder *holder;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer unused)
{
   (void) unused;
   win_postoffice_make (&f->po, N_USERS, 0);
   f->held_mmf = win_postoffice_mmf (&f->po, HELD_HEX);
}

static void
holder_stop (Fixture *f)
{
   win_holder_stop (f->holder);
   f->holder = NULL;
}

static void
fixture_tear_down (Fixture *f, gconstpointer unused)
{
   (void) unused;
   holder_stop (f);
   win_postoffice_clear (&f->po);
   g_free (f->held_mmf);
}

// Starts hold-file.exe MODE on the held MMF and waits until it holds it.
static void
holder_start (Fixture *f, const char *mode)
{
   f->holder = win_holder_start (mode, f->held_mmf);
}

// Runs a preflight and returns the account object of `user` (a new ref).
static json_t *
preflight_account (const Fixture *f, const char *user, int expected_exit)
{
   g_autofree char *json_path =
      g_build_filename (f->po.root, "preflight.json", NULL);
   const char *args[] = {
      "preflight",    "--plugin", test_env ("MMFG_PLUGIN"), "--postoffice",
      f->po.maildata, "--users",  f->po.users_csv,          "--json",
      json_path,      NULL};
   g_assert_cmpint (mig_host_runv (NULL, args, NULL, NULL), ==, expected_exit);
   g_autoptr (json_t) report = report_load (json_path);
   return json_incref (report_account (report, user));
}

static const char *
field (json_t *o, const char *path)
{
   g_auto (GStrv) parts = g_strsplit (path, ".", -1);
   for (char **p = parts; *p != NULL && o != NULL; p++)
      o = json_object_get (o, *p);
   return json_string_value (o);
}

static void
test_nobody_holds_all_proceed (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autoptr (json_t) held = preflight_account (f, HELD_USER, 0);
   g_assert_cmpstr (field (held, "verdict"), ==, "proceed");
}

static void
check_held_defers (Fixture *f, const char *mode)
{
   holder_start (f, mode);
   g_autoptr (json_t) held = preflight_account (f, HELD_USER, 1);
   g_assert_cmpstr (field (held, "verdict"), ==, "defer");
   g_assert_cmpstr (field (held, "cause"), ==, "mmf-in-use");
   g_assert_cmpstr (field (held, "holder.lock"), ==, "share-mode");
   holder_stop (f);
   g_autoptr (json_t) released = preflight_account (f, HELD_USER, 0);
   g_assert_cmpstr (field (released, "verdict"), ==, "proceed");
}

static void
test_deny_write_defers (Fixture *f, gconstpointer unused)
{
   (void) unused;
   check_held_defers (f, "deny-write");
}

static void
test_deny_all_defers (Fixture *f, gconstpointer unused)
{
   (void) unused;
   check_held_defers (f, "deny-all");
}

static void
test_restart_manager_names_holder (Fixture *f, gconstpointer unused)
{
   (void) unused;
   holder_start (f, "deny-write");
   g_autoptr (json_t) held = preflight_account (f, HELD_USER, 1);
   g_assert_cmpstr (field (held, "cause"), ==, "mmf-in-use");
   json_t *pid = json_object_get (json_object_get (held, "holder"), "pid");
   if (json_is_null (pid) && win_running_under_wine ()) {
      g_test_skip ("Wine's Restart Manager is a stub: RmGetList lists no "
                   "processes, so the holder cannot be named under Wine");
      return;
   }
   g_assert_cmpint (json_integer_value (pid), ==, win_holder_pid (f->holder));
   g_assert_cmpstr (field (held, "holder.program"), ==, "hold-file.exe");
}

// Whether a read of the locked head fails for another handle: Windows
// enforces byte-range locks on reads; Wine may not.
static gboolean
reads_see_range_locks (const char *path)
{
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (path, -1, NULL, NULL, NULL);
   HANDLE h =
      CreateFileW (wide, FILE_READ_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE,
                   NULL, OPEN_EXISTING, 0, NULL);
   g_assert_true (h != INVALID_HANDLE_VALUE);
   char buf[16];
   DWORD got;
   BOOL ok = ReadFile (h, buf, sizeof buf, &got, NULL);
   DWORD error = GetLastError ();
   CloseHandle (h);
   return !ok && error == ERROR_LOCK_VIOLATION;
}

static void
test_range_lock_defers (Fixture *f, gconstpointer unused)
{
   (void) unused;
   holder_start (f, "range");
   if (!reads_see_range_locks (f->held_mmf)) {
      g_test_skip ("reads ignore byte-range locks here (Wine does not "
                   "enforce them on ReadFile): ERROR_LOCK_VIOLATION cannot "
                   "be seen");
      return;
   }
   g_autoptr (json_t) held = preflight_account (f, HELD_USER, 1);
   g_assert_cmpstr (field (held, "verdict"), ==, "defer");
   g_assert_cmpstr (field (held, "cause"), ==, "mmf-in-use");
}

static void
test_explained_7007_names_account (Fixture *f, gconstpointer unused)
{
   (void) unused;
   holder_start (f, "deny-write");
   // The path as the wizard logs it, in another case: Windows paths compare
   // without case.
   g_autofree char *logged = g_ascii_strdown (f->held_mmf, -1);
   const char *args[] = {"explain", "--plugin", test_env ("MMFG_PLUGIN"),
                         "--event", "7007",     "--insert",
                         HELD_USER, "--insert", logged,
                         NULL};
   g_autofree char *out = NULL;
   mig_host_runv (NULL, args, &out, NULL);
   g_assert_nonnull (strstr (out, "7007"));
   g_assert_nonnull (strstr (out, "mmf-in-use"));
   g_assert_nonnull (
      strstr (out, "the mail file of " HELD_USER " is open in a client"));
}

// --- A post office that is not provably local
//
// Wine finds files through the Unix links in $WINEPREFIX/dosdevices ("x:"
// for a drive, "unc/SERVER/SHARE" for a UNC path) and reads a link each
// time; QueryDosDeviceW answers from the object manager's names, which
// DefineDosDeviceW sets. Both can be made here, at run time, in the
// session mig-host.exe runs in — no registry change, no wineserver restart
// — and apart: a drive whose files are there but whose device Windows does
// not name (or names a share). The links are made by ln, a Unix program
// Wine runs for a Windows process. Names are this process's own (a server
// named after its pid, a drive letter nobody uses), so runs sharing a Wine
// prefix do not meet. On Windows itself these need a file server: skipped.

// Links $WINEPREFIX/dosdevices/unc/SERVER/maildata to the post office root,
// SERVER this process's own; returns SERVER.
static char *
share_postoffice (const Fixture *f, const char *devices)
{
   char *server =
      g_strdup_printf ("mmfg%lu", (unsigned long) GetCurrentProcessId ());
   g_autofree char *dir = g_build_path ("/", devices, "unc", server, NULL);
   g_autofree char *root = win_unix_path_of (f->po.root);
   g_autofree char *script =
      g_strdup_printf ("mkdir -p %s && ln -s %s %s/maildata", dir, root, dir);
   win_run_unix (&f->po, script);
   g_autofree char *unc = g_strdup_printf ("\\\\%s\\maildata", server);
   g_assert_true (win_leads_to_postoffice (&f->po, unc));
   return server;
}

static void
unshare_postoffice (const Fixture *f, const char *devices, const char *server)
{
   g_autofree char *dir = g_build_path ("/", devices, "unc", server, NULL);
   g_autofree char *rm = g_strdup_printf ("rm -r %s", dir);
   win_run_unix (&f->po, rm); // the link only: rm -r does not follow it
}

// Runs a preflight of the post office at `postoffice`; returns its exit
// code and the report in *report.
static int
preflight_of (const Fixture *f, const char *postoffice, json_t **report)
{
   g_autofree char *json_path =
      g_build_filename (f->po.root, "preflight-network.json", NULL);
   const char *args[] = {
      "preflight", "--plugin", test_env ("MMFG_PLUGIN"), "--postoffice",
      postoffice,  "--users",  f->po.users_csv,          "--json",
      json_path,   NULL};
   int exit_code = mig_host_runv (NULL, args, NULL, NULL);
   *report = report_load (json_path);
   return exit_code;
}

// No account proceeds: each is deferred, its lock state unknown, and
// U00001's text holds `says`.
static void
assert_never_proceeds (int exit_code, json_t *report, const char *says)
{
   for (int i = 1; i <= N_USERS; i++) {
      g_autofree char *user = g_strdup_printf ("U%05d", i);
      json_t *account = report_account (report, user);
      g_assert_cmpstr (field (account, "verdict"), ==, "defer");
      g_assert_cmpstr (field (account, "cause"), ==, "lock-state-unknown");
   }
   g_assert_cmpint (exit_code, ==, 1);
   const char *text = field (report_account (report, "U00001"), "text");
   g_assert_nonnull (text);
   if (strstr (text, says) == NULL)
      g_error ("U00001's text does not say \"%s\":\n%s", says, text);
}

static void
test_unc_device_path_never_proceeds (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *devices = win_dosdevices ();
   if (devices == NULL)
      return;
   g_autofree char *server = share_postoffice (f, devices);
   g_autofree char *postoffice =
      g_strdup_printf ("\\\\?\\UNC\\%s\\MAILDATA\\MAILDATA", server);
   g_autoptr (json_t) report = NULL;
   int exit_code = preflight_of (f, postoffice, &report);
   unshare_postoffice (f, devices, server);
   // The server the path names was asked (Wine's netapi32 cannot answer).
   g_autofree char *asked = g_strdup_printf ("\\\\%s", server);
   assert_never_proceeds (exit_code, report, asked);
}

static void
test_drive_windows_names_no_device_for_never_proceeds (Fixture *f,
                                                       gconstpointer unused)
{
   (void) unused;
   g_autofree char *devices = win_dosdevices ();
   if (devices == NULL)
      return;
   char letter = win_drive_for_postoffice (&f->po, devices);
   g_autofree char *postoffice = g_strdup_printf ("%c:\\MAILDATA", letter);
   // The drive works: its files are there.
   g_autofree char *mmf =
      g_strdup_printf ("%s\\MMF\\%s.MMF", postoffice, HELD_HEX);
   gboolean there = g_file_test (mmf, G_FILE_TEST_IS_REGULAR);
   g_autoptr (json_t) report = NULL;
   int exit_code = preflight_of (f, postoffice, &report);
   win_drive_remove (&f->po, devices, letter);
   g_assert_true (there);
   g_autofree char *why =
      g_strdup_printf ("Windows names no device for drive %c:", letter);
   assert_never_proceeds (exit_code, report, why);
}

static void
test_drive_mapped_to_share_asks_server (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *devices = win_dosdevices ();
   if (devices == NULL)
      return;
   char letter = win_drive_for_postoffice (&f->po, devices);
   wchar_t name[] = {(wchar_t) letter, L':', 0};
   g_autofree char *server =
      g_strdup_printf ("mmfg%lu", (unsigned long) GetCurrentProcessId ());
   g_autofree char *target =
      g_strdup_printf ("\\??\\UNC\\%s\\MAILDATA", server);
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (target, -1, NULL, NULL, NULL);
   BOOL defined = DefineDosDeviceW (DDD_RAW_TARGET_PATH, name, (LPCWSTR) wide);
   g_autofree char *postoffice = g_strdup_printf ("%c:\\MAILDATA", letter);
   g_autoptr (json_t) report = NULL;
   int exit_code = defined ? preflight_of (f, postoffice, &report) : -1;
   if (defined)
      DefineDosDeviceW (DDD_RAW_TARGET_PATH | DDD_REMOVE_DEFINITION |
                           DDD_EXACT_MATCH_ON_REMOVE,
                        name, (LPCWSTR) wide);
   win_drive_remove (&f->po, devices, letter);
   g_assert_true (defined);
   // The share QueryDosDeviceW names was asked.
   g_autofree char *asked = g_strdup_printf ("\\\\%s", server);
   assert_never_proceeds (exit_code, report, asked);
}

// The opposite case: \\?\C:\... is the local drive C:, and proceeds.
static void
test_device_path_to_local_drive_proceeds (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *json_path =
      g_build_filename (f->po.root, "preflight-device.json", NULL);
   g_autofree char *postoffice = g_strconcat ("\\\\?\\", f->po.maildata, NULL);
   const char *args[] = {
      "preflight", "--plugin", test_env ("MMFG_PLUGIN"), "--postoffice",
      postoffice,  "--users",  f->po.users_csv,          "--json",
      json_path,   NULL};
   g_assert_cmpint (mig_host_runv (NULL, args, NULL, NULL), ==, 0);
   g_autoptr (json_t) report = report_load (json_path);
   g_assert_cmpstr (field (report_account (report, HELD_USER), "verdict"), ==,
                    "proceed");
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
#define ADD(path, fn)                                                          \
   g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
   ADD ("/windows/preflight/nobody-holds-all-proceed",
        test_nobody_holds_all_proceed);
   ADD ("/windows/preflight/deny-write-defers", test_deny_write_defers);
   ADD ("/windows/preflight/deny-all-defers", test_deny_all_defers);
   ADD ("/windows/preflight/range-lock-defers", test_range_lock_defers);
   ADD ("/windows/preflight/restart-manager-names-holder",
        test_restart_manager_names_holder);
   ADD ("/windows/explain/7007-names-account",
        test_explained_7007_names_account);
   ADD ("/windows/preflight/device-path-to-local-drive-proceeds",
        test_device_path_to_local_drive_proceeds);
   ADD ("/windows/preflight/unc-device-path-never-proceeds",
        test_unc_device_path_never_proceeds);
   ADD ("/windows/preflight/drive-windows-names-no-device-for-never-proceeds",
        test_drive_windows_names_no_device_for_never_proceeds);
   ADD ("/windows/preflight/drive-mapped-to-share-asks-server",
        test_drive_mapped_to_share_asks_server);
   return g_test_run ();
}
