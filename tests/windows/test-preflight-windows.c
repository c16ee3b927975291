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

static gboolean
running_under_wine (void)
{
   HMODULE ntdll = GetModuleHandleW (L"ntdll.dll");
   return ntdll != NULL && GetProcAddress (ntdll, "wine_get_version") != NULL;
}

static void
test_restart_manager_names_holder (Fixture *f, gconstpointer unused)
{
   (void) unused;
   holder_start (f, "deny-write");
   g_autoptr (json_t) held = preflight_account (f, HELD_USER, 1);
   g_assert_cmpstr (field (held, "cause"), ==, "mmf-in-use");
   json_t *pid = json_object_get (json_object_get (held, "holder"), "pid");
   if (json_is_null (pid) && running_under_wine ()) {
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
   return g_test_run ();
}
