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
