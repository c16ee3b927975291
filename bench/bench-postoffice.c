// bench-postoffice.c — a generated post office and its user list.

#include "bench-postoffice.h"

#include <stdio.h>
#include <string.h>

static void
account_clear (gpointer p)
{
   BenchAccount *a = p;
   g_free (a->user);
   g_free (a->hex_id);
}

static int
column_of (char **header, const char *name)
{
   for (int i = 0; header[i] != NULL; i++)
      if (strcmp (g_strstrip (header[i]), name) == 0)
         return i;
   return -1;
}

// The generator writes no quoted fields, so a plain split is exact here;
// mig-host has the full RFC 4180 reader.
static gboolean
read_users (BenchPostoffice *po, GError **error)
{
   g_autofree char *text = NULL;
   if (!g_file_get_contents (po->users_csv, &text, NULL, error))
      return FALSE;
   g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
   int user_col = -1, hex_col = -1;
   for (guint i = 0; lines[i] != NULL; i++) {
      g_auto (GStrv) fields = g_strsplit (g_strchomp (lines[i]), ",", -1);
      if (user_col < 0) {
         if (fields[0] != NULL && strcmp (fields[0], "SFS_UserName") == 0) {
            user_col = column_of (fields, "SFS_UserName");
            hex_col = column_of (fields, "Hex-ID");
         }
         continue;
      }
      if (hex_col < 0 || g_strv_length (fields) <= (guint) hex_col)
         continue;
      BenchAccount a = {g_strdup (fields[user_col]),
                        g_strdup (fields[hex_col])};
      g_array_append_val (po->accounts, a);
   }
   if (po->accounts->len == 0) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "%s lists no account with a Hex-ID", po->users_csv);
      return FALSE;
   }
   return TRUE;
}

static gboolean
write_config (BenchPostoffice *po, GError **error)
{
   // No Samba serves the bench's post office: asking smbstatus on every
   // snapshot would measure Samba, not mmfguard (the default configuration
   // is measured too, in its own rows).
   g_autofree char *text =
      g_strdup_printf ("[samba]\nmode = off\n\n"
                       "[path-map bench]\nwindows = %s\nlocal = %s\n",
                       BENCH_WINDOWS_SHARE, po->maildata);
   return g_file_set_contents (po->config, text, -1, error);
}

static void
po_init (BenchPostoffice *po, char *root)
{
   memset (po, 0, sizeof *po);
   po->accounts = g_array_new (FALSE, TRUE, sizeof (BenchAccount));
   g_array_set_clear_func (po->accounts, account_clear);
   po->root = root;
   po->maildata = g_build_filename (root, "MAILDATA", NULL);
   po->users_csv = g_build_filename (root, "users.csv", NULL);
   po->config = g_build_filename (root, "mmfguard.conf", NULL);
}

gboolean
bench_postoffice_load (BenchPostoffice *po, const char *root, GError **error)
{
   po_init (po, g_strdup (root));
   return read_users (po, error);
}

gboolean
bench_postoffice_make (BenchPostoffice *po, const char *generator,
                       guint n_users, GError **error)
{
   char *root = g_dir_make_tmp ("mmfguard-bench-XXXXXX", error);
   if (root == NULL)
      return FALSE;
   po_init (po, root);
   po->owned = TRUE;
   g_autofree char *users = g_strdup_printf ("%u", n_users);
   const char *argv[] = {generator, po->root, "--users", users, NULL};
   int status = 0;
   if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, &status, error) ||
       !g_spawn_check_wait_status (status, error)) {
      g_prefix_error (error, "%s: ", generator);
      return FALSE;
   }
   return read_users (po, error) && write_config (po, error);
}

void
bench_postoffice_clear (BenchPostoffice *po)
{
   if (po->root != NULL && po->owned) {
      const char *argv[] = {"rm", "-rf", "--", po->root, NULL};
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                    NULL, NULL, NULL, NULL);
   }
   g_clear_pointer (&po->root, g_free);
   g_clear_pointer (&po->maildata, g_free);
   g_clear_pointer (&po->users_csv, g_free);
   g_clear_pointer (&po->config, g_free);
   g_clear_pointer (&po->accounts, g_array_unref);
}

char *
bench_postoffice_mmf (const BenchPostoffice *po, guint i)
{
   const BenchAccount *a = &g_array_index (po->accounts, BenchAccount, i);
   g_autofree char *name = g_strconcat (a->hex_id, ".MMF", NULL);
   return g_build_filename (po->maildata, "MMF", name, NULL);
}

gboolean
bench_postoffice_is_held (guint i)
{
   return i % 100 == 50;
}
