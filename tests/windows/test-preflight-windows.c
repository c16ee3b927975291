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
#include <glib/gstdio.h>
#include <jansson.h>
#include <string.h>
#include <unistd.h>
#include <windows.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

#define N_USERS 3
#define HELD_USER "U00003"
#define HELD_MMF "00000A03.MMF"

typedef struct {
   char *root;
   char *maildata;
   char *users_csv;
   char *held_mmf;
   GPid holder;
   int holder_stdin;
   gint64 holder_pid;
} Fixture;

static const char *
env (const char *name)
{
   const char *value = g_getenv (name);
   if (value == NULL)
      g_error ("%s is not set; run this test through meson test", name);
   return value;
}

static void
write_file (const char *path, gsize size, char fill)
{
   g_autofree char *data = g_malloc (size + 1);
   memset (data, fill, size);
   g_autoptr (GError) error = NULL;
   g_assert_true (g_file_set_contents (path, data, (gssize) size, &error));
}

// A post office as the wizard expects it: GLB with three access files of
// equal record counts (586/69/512-byte records), MASTER.GLB, and one MMF per
// user; the wizard's user list beside it.
static void
make_postoffice (Fixture *f)
{
   g_autoptr (GError) error = NULL;
   f->root = g_dir_make_tmp ("mmfguard-XXXXXX", &error);
   g_assert_no_error (error);
   f->maildata = g_build_filename (f->root, "MAILDATA", NULL);
   g_autofree char *glb = g_build_filename (f->maildata, "GLB", NULL);
   g_autofree char *mmf = g_build_filename (f->maildata, "MMF", NULL);
   g_assert_cmpint (g_mkdir_with_parents (glb, 0755), ==, 0);
   g_assert_cmpint (g_mkdir_with_parents (mmf, 0755), ==, 0);
   const struct { const char *name; gsize record; } access[] = {
      {"ACCESS.GLB", 586}, {"ACCESS2.GLB", 69}, {"ACCESS3.GLB", 512}};
   for (gsize i = 0; i < G_N_ELEMENTS (access); i++) {
      g_autofree char *path = g_build_filename (glb, access[i].name, NULL);
      write_file (path, access[i].record * N_USERS, 0);
   }
   g_autofree char *master = g_build_filename (glb, "MASTER.GLB", NULL);
   write_file (master, 1024, 0);

   g_autoptr (GString) csv = g_string_new (
      "Postoffice: WINE/PO1\n"
      "SFS_UserName,SFS_FullName,MigrateUser,Obj-Class,Mode,Common-Name,Hex-ID,"
      "Password-Recovered\n");
   for (int i = 1; i <= N_USERS; i++) {
      g_autofree char *name = g_strdup_printf ("00000A%02d.MMF", i);
      g_autofree char *path = g_build_filename (mmf, name, NULL);
      write_file (path, 8192, 'M');
      g_string_append_printf (csv, "U%05d,User %d,Y,Mailbox,,,00000A%02d,\n",
                              i, i, i);
   }
   f->held_mmf = g_build_filename (mmf, HELD_MMF, NULL);
   f->users_csv = g_build_filename (f->root, "users.csv", NULL);
   g_assert_true (g_file_set_contents (f->users_csv, csv->str, -1, NULL));
}

static void
fixture_set_up (Fixture *f, gconstpointer unused)
{
   (void) unused;
   make_postoffice (f);
}

static void
rm_rf (const char *path)
{
   GDir *d = g_dir_open (path, 0, NULL);
   const char *name;
   while (d != NULL && (name = g_dir_read_name (d)) != NULL) {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
         rm_rf (child);
      else
         g_remove (child);
   }
   if (d != NULL)
      g_dir_close (d);
   g_rmdir (path);
}

static void
holder_stop (Fixture *f)
{
   if (f->holder == 0)
      return;
   close (f->holder_stdin);  // hold-file exits when its stdin closes
   WaitForSingleObject (f->holder, 10000);
   g_spawn_close_pid (f->holder);
   f->holder = 0;
}

static void
fixture_tear_down (Fixture *f, gconstpointer unused)
{
   (void) unused;
   holder_stop (f);
   rm_rf (f->root);
   g_free (f->root);
   g_free (f->maildata);
   g_free (f->users_csv);
   g_free (f->held_mmf);
}

// Starts hold-file.exe MODE on the held MMF and waits until it holds it.
static void
holder_start (Fixture *f, const char *mode)
{
   const char *argv[] = {env ("MMFG_HOLD_FILE"), mode, f->held_mmf, NULL};
   int out = -1;
   g_autoptr (GError) error = NULL;
   g_assert_true (g_spawn_async_with_pipes (
      NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
      &f->holder, &f->holder_stdin, &out, NULL, &error));
   g_assert_no_error (error);
   char line[64] = {0};
   gsize got = 0;
   for (gssize n; got < sizeof line - 1 &&
                  (n = read (out, line + got, 1)) == 1 && line[got] != '\n';)
      got++;
   close (out);
   g_assert_true (g_str_has_prefix (line, "held "));
   f->holder_pid = g_ascii_strtoll (line + 5, NULL, 10);
   g_assert_cmpint (f->holder_pid, >, 0);
}

// Runs mig-host.exe with `args`; returns its exit status, stdout in *out.
static int
mig_host (const char *const *args, char **out)
{
   g_autoptr (GPtrArray) argv = g_ptr_array_new ();
   g_ptr_array_add (argv, (gpointer) env ("MMFG_MIG_HOST"));
   for (const char *const *a = args; *a != NULL; a++)
      g_ptr_array_add (argv, (gpointer) *a);
   g_ptr_array_add (argv, NULL);
   g_autofree char *err = NULL;
   int status = 0;
   g_autoptr (GError) error = NULL;
   g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL,
                                NULL, out, &err, &status, &error));
   g_assert_no_error (error);
   if (err != NULL && *err != '\0')
      g_test_message ("mig-host stderr: %s", err);
   return status;  // on Windows, the exit code itself
}

// Runs a preflight and returns the account object of `user` (a new ref).
static json_t *
preflight_account (const Fixture *f, const char *user, int expected_exit)
{
   g_autofree char *json_path = g_build_filename (f->root, "preflight.json", NULL);
   const char *args[] = {"preflight", "--plugin", env ("MMFG_PLUGIN"),
                         "--postoffice", f->maildata, "--users", f->users_csv,
                         "--json", json_path, NULL};
   g_autofree char *out = NULL;
   int status = mig_host (args, &out);
   g_test_message ("%s", out);
   g_assert_cmpint (status, ==, expected_exit);
   json_error_t jerr;
   g_autoptr (json_t) report = json_load_file (json_path, 0, &jerr);
   if (report == NULL)
      g_error ("%s: %s", json_path, jerr.text);
   json_t *accounts = json_object_get (report, "accounts");
   for (size_t i = 0; i < json_array_size (accounts); i++) {
      json_t *a = json_array_get (accounts, i);
      if (g_strcmp0 (json_string_value (json_object_get (a, "user")), user) == 0)
         return json_incref (a);
   }
   g_error ("no account %s in the preflight report", user);
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
   g_assert_cmpint (json_integer_value (pid), ==, f->holder_pid);
   g_assert_cmpstr (field (held, "holder.program"), ==, "hold-file.exe");
}

// Whether a read of the locked head fails for another handle: Windows
// enforces byte-range locks on reads; Wine may not.
static gboolean
reads_see_range_locks (const char *path)
{
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (path, -1, NULL, NULL, NULL);
   HANDLE h = CreateFileW (wide, FILE_READ_DATA,
                           FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, 0, NULL);
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
   const char *args[] = {"explain", "--plugin", env ("MMFG_PLUGIN"),
                         "--event", "7007", "--insert", HELD_USER,
                         "--insert", logged, NULL};
   g_autofree char *out = NULL;
   mig_host (args, &out);
   g_test_message ("%s", out);
   g_assert_nonnull (strstr (out, "7007"));
   g_assert_nonnull (strstr (out, "mmf-in-use"));
   g_assert_nonnull (strstr (out, "the mail file of " HELD_USER " is open in a client"));
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) \
   g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
   ADD ("/windows/preflight/nobody-holds-all-proceed", test_nobody_holds_all_proceed);
   ADD ("/windows/preflight/deny-write-defers", test_deny_write_defers);
   ADD ("/windows/preflight/deny-all-defers", test_deny_all_defers);
   ADD ("/windows/preflight/range-lock-defers", test_range_lock_defers);
   ADD ("/windows/preflight/restart-manager-names-holder",
        test_restart_manager_names_holder);
   ADD ("/windows/explain/7007-names-account", test_explained_7007_names_account);
   return g_test_run ();
}
