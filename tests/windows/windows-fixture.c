// windows-fixture.c — see windows-fixture.h.

#include "windows-fixture.h"
#include "file-tree.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/utime.h>
#include <unistd.h>
#include <windows.h>

#include "../test-env.h"

static void
write_file (const char *path, gsize size, char fill)
{
   g_autofree char *data = g_malloc (size + 1);
   memset (data, fill, size);
   g_autoptr (GError) error = NULL;
   g_assert_true (g_file_set_contents (path, data, (gssize) size, &error));
   g_assert_no_error (error);
}

void
win_postoffice_make (WinPostoffice *po, int n_users, int n_recovered)
{
   g_autoptr (GError) error = NULL;
   po->root = g_dir_make_tmp ("mmfguard-XXXXXX", &error);
   g_assert_no_error (error);
   po->maildata = g_build_filename (po->root, "MAILDATA", NULL);
   g_autofree char *glb = g_build_filename (po->maildata, "GLB", NULL);
   g_autofree char *mmf = g_build_filename (po->maildata, "MMF", NULL);
   g_assert_cmpint (g_mkdir_with_parents (glb, 0755), ==, 0);
   g_assert_cmpint (g_mkdir_with_parents (mmf, 0755), ==, 0);
   // The three access files of equal record counts, and MASTER.GLB.
   const struct {
      const char *name;
      gsize record;
   } access[] = {
      {"ACCESS.GLB", 586}, {"ACCESS2.GLB", 69}, {"ACCESS3.GLB", 512}};
   for (gsize i = 0; i < G_N_ELEMENTS (access); i++) {
      g_autofree char *path = g_build_filename (glb, access[i].name, NULL);
      write_file (path, access[i].record * (gsize) n_users, 0);
   }
   g_autofree char *master = g_build_filename (glb, "MASTER.GLB", NULL);
   write_file (master, 176, 0);

   g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
   g_autoptr (GDateTime) hour_ago = g_date_time_add_hours (now, -1);
   g_autofree char *recovered = g_date_time_format_iso8601 (hour_ago);
   struct utimbuf two_days_ago = {time (NULL) - 2 * 24 * 3600,
                                  time (NULL) - 2 * 24 * 3600};
   g_autoptr (GString) csv = g_string_new (
      "Postoffice: WINE/PO1\n"
      "SFS_UserName,SFS_FullName,MigrateUser,Obj-Class,Mode,Common-Name,Hex-ID,"
      "Password-Recovered\n");
   for (int i = 1; i <= n_users; i++) {
      g_autofree char *hex = g_strdup_printf ("00000A%02X", i);
      g_autofree char *path = win_postoffice_mmf (po, hex);
      // Different contents per user, so a copy of the wrong file shows.
      write_file (path, 4096 + 512 * (gsize) i, (char) ('A' + i));
      g_assert_cmpint (g_utime (path, &two_days_ago), ==, 0);
      g_string_append_printf (csv, "U%05d,User %d,Y,Mailbox,,,%s,%s\n", i, i,
                              hex, i > n_users - n_recovered ? recovered : "");
   }
   po->users_csv = g_build_filename (po->root, "users.csv", NULL);
   g_assert_true (g_file_set_contents (po->users_csv, csv->str, -1, NULL));
}

char *
win_postoffice_mmf (const WinPostoffice *po, const char *hex_id)
{
   g_autofree char *name = g_strconcat (hex_id, ".MMF", NULL);
   return g_build_filename (po->maildata, "MMF", name, NULL);
}

void
win_postoffice_clear (WinPostoffice *po)
{
   if (po->root != NULL)
      mh_remove_tree (po->root);
   g_free (po->root);
   g_free (po->maildata);
   g_free (po->users_csv);
   memset (po, 0, sizeof *po);
}

struct WinHolder {
   GPid process;
   int stdin_fd;
   gint64 pid;
};

WinHolder *
win_holder_start (const char *mode, const char *path)
{
   WinHolder *h = g_new0 (WinHolder, 1);
   const char *argv[] = {test_env ("MMFG_HOLD_FILE"), mode, path, NULL};
   int out = -1;
   g_autoptr (GError) error = NULL;
   g_assert_true (g_spawn_async_with_pipes (
      NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
      &h->process, &h->stdin_fd, &out, NULL, &error));
   g_assert_no_error (error);
   char line[64] = {0};
   gsize got = 0;
   for (gssize n; got < sizeof line - 1 &&
                  (n = read (out, line + got, 1)) == 1 && line[got] != '\n';)
      got++;
   close (out);
   g_assert_true (g_str_has_prefix (line, "held "));
   h->pid = g_ascii_strtoll (line + 5, NULL, 10);
   g_assert_cmpint (h->pid, >, 0);
   return h;
}

gint64
win_holder_pid (const WinHolder *h)
{
   return h->pid;
}

void
win_holder_stop (WinHolder *h)
{
   if (h == NULL)
      return;
   close (h->stdin_fd); // hold-file exits when its stdin closes
   WaitForSingleObject (h->process, 10000);
   g_spawn_close_pid (h->process);
   g_free (h);
}

// --- Drive letters and UNC paths made at run time (see the header)

gboolean
win_running_under_wine (void)
{
   HMODULE ntdll = GetModuleHandleW (L"ntdll.dll");
   return ntdll != NULL && GetProcAddress (ntdll, "wine_get_version") != NULL;
}

// wine_get_unix_file_name: kernel32's, under Wine only.
typedef char *(__cdecl *UnixFileNameFn) (const WCHAR *);

char *
win_unix_path_of (const char *windows_path)
{
   UnixFileNameFn unix_file_name =
      (UnixFileNameFn) (void (*) (void)) GetProcAddress (
         GetModuleHandleW (L"kernel32.dll"), "wine_get_unix_file_name");
   g_assert_nonnull (unix_file_name);
   g_autofree gunichar2 *wide =
      g_utf8_to_utf16 (windows_path, -1, NULL, NULL, NULL);
   char *name = unix_file_name ((const WCHAR *) wide);
   g_assert_nonnull (name);
   char *copy = g_strdup (name);
   HeapFree (GetProcessHeap (), 0, name);
   return copy;
}

// Runs a shell script (Z:\bin\sh, a Unix program Wine starts for a Windows
// process) and returns once it has finished. Wine gives no handle to wait
// on for a Unix program, so the script's last step leaves a file in the
// post office root, and that is waited for.
void
win_run_unix (const WinPostoffice *po, const char *script)
{
   static int runs;
   g_autofree char *name = g_strdup_printf ("unix-done-%d", ++runs);
   g_autofree char *done = g_build_filename (po->root, name, NULL);
   g_autofree char *root = win_unix_path_of (po->root);
   g_autofree char *command = g_strdup_printf (
      "Z:\\bin\\sh -c \"%s; touch %s/%s\"", script, root, name);
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (command, -1, NULL, NULL, NULL);
   STARTUPINFOW si = {.cb = sizeof si};
   PROCESS_INFORMATION pi = {0};
   g_assert_true (CreateProcessW (NULL, (LPWSTR) wide, NULL, NULL, FALSE, 0,
                                  NULL, NULL, &si, &pi));
   for (int i = 0; i < 600 && !g_file_test (done, G_FILE_TEST_EXISTS); i++)
      g_usleep (50 * 1000);
   g_assert_true (g_file_test (done, G_FILE_TEST_EXISTS));
}

// $WINEPREFIX/dosdevices; NULL (and the test skipped) when this is not
// Wine or Wine's prefix is not known.
char *
win_dosdevices (void)
{
   const char *prefix = g_getenv ("WINEPREFIX");
   if (!win_running_under_wine () || prefix == NULL || *prefix != '/') {
      g_test_skip ("needs Wine, with WINEPREFIX set, to make drive letters "
                   "and UNC paths at run time; on Windows a file server "
                   "would be needed");
      return NULL;
   }
   return g_build_path ("/", prefix, "dosdevices", NULL);
}

// A file only this process's post office has, so a link is known to lead
// to it: "owner-PID" in its root. Returns its name.
char *
win_mark_postoffice (const WinPostoffice *po)
{
   char *name =
      g_strdup_printf ("owner-%lu", (unsigned long) GetCurrentProcessId ());
   g_autofree char *path = g_build_filename (po->root, name, NULL);
   g_assert_true (g_file_set_contents (path, "", 0, NULL));
   return name;
}

// Whether `root` (X: or \\SERVER\SHARE) leads to this process's post office.
gboolean
win_leads_to_postoffice (const WinPostoffice *po, const char *root)
{
   g_autofree char *mark = win_mark_postoffice (po);
   g_autofree char *path = g_strconcat (root, "\\", mark, NULL);
   return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

// Links a free drive letter to the post office root: one that has neither
// a dosdevices link (ln refuses to replace one) nor an object manager name.
char
win_drive_for_postoffice (const WinPostoffice *po, const char *devices)
{
   g_autofree char *root = win_unix_path_of (po->root);
   for (char letter = 'y'; letter >= 'n'; letter--) {
      wchar_t name[] = {(wchar_t) letter, L':', 0};
      wchar_t target[512];
      wchar_t drive_root[] = {(wchar_t) letter, L':', L'\\', 0};
      if (QueryDosDeviceW (name, target, G_N_ELEMENTS (target)) != 0 ||
          GetDriveTypeW (drive_root) != DRIVE_NO_ROOT_DIR)
         continue;
      g_autofree char *ln =
         g_strdup_printf ("ln -s %s %s/%c:", root, devices, letter);
      win_run_unix (po, ln);
      char drive[] = {g_ascii_toupper (letter), ':', 0};
      // Another run may have taken the letter meanwhile.
      if (win_leads_to_postoffice (po, drive))
         return drive[0];
   }
   g_assert_not_reached ();
}

void
win_drive_remove (const WinPostoffice *po, const char *devices, char letter)
{
   g_autofree char *rm =
      g_strdup_printf ("rm %s/%c:", devices, g_ascii_tolower (letter));
   win_run_unix (po, rm);
}
