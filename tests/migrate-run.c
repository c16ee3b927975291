// migrate-run.c — see migrate-run.h.

#include "migrate-run.h"

void
migrate_files_init (MigrateFiles *files, const char *folder)
{
   files->out = g_build_filename (folder, "exchange", NULL);
   files->json = g_build_filename (folder, "report.json", NULL);
   files->events = g_build_filename (folder, "events.jsonl", NULL);
}

void
migrate_files_clear (MigrateFiles *files)
{
   g_clear_pointer (&files->out, g_free);
   g_clear_pointer (&files->json, g_free);
   g_clear_pointer (&files->events, g_free);
}

GPtrArray *
migrate_args (const char *maildata, const char *users_csv,
              const MigrateFiles *files, const char *const *extra)
{
   GPtrArray *args = g_ptr_array_new ();
   const char *base[] = {"migrate",   "--postoffice", maildata,     "--users",
                         users_csv,   "--out",        files->out,   "--json",
                         files->json, "--events",     files->events};
   for (gsize i = 0; i < G_N_ELEMENTS (base); i++)
      g_ptr_array_add (args, (char *) base[i]);
   for (gsize i = 0; extra != NULL && extra[i] != NULL; i++)
      g_ptr_array_add (args, (char *) extra[i]);
   g_ptr_array_add (args, NULL);
   return args;
}

void
assert_copied_intact (const char *maildata, const char *out, const char *hex_id)
{
   g_autofree char *name = g_strconcat (hex_id, ".MMF", NULL);
   g_autofree char *source = g_build_filename (maildata, "MMF", name, NULL);
   g_autofree char *copy = g_build_filename (out, name, NULL);
   g_autofree char *a = NULL, *b = NULL;
   gsize la = 0, lb = 0;
   g_assert_true (g_file_get_contents (source, &a, &la, NULL));
   g_assert_true (g_file_get_contents (copy, &b, &lb, NULL));
   g_assert_cmpmem (a, la, b, lb);
}

void
assert_not_copied (const char *out, const char *hex_id)
{
   g_autofree char *name = g_strconcat (hex_id, ".MMF", NULL);
   g_autofree char *copy = g_build_filename (out, name, NULL);
   g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
}

gboolean
is_run_bookkeeping (const char *name)
{
   return g_strcmp0 (name, ".mig-host-journal.jsonl") == 0 ||
          g_strcmp0 (name, ".mig-host.lock") == 0;
}

guint
count_out_files (const char *out)
{
   g_autoptr (GDir) dir = g_dir_open (out, 0, NULL);
   g_assert_nonnull (dir);
   guint n = 0;
   const char *name;
   while ((name = g_dir_read_name (dir)) != NULL) {
      if (is_run_bookkeeping (name))
         continue;
      g_assert_false (name[0] == '.');
      n++;
   }
   return n;
}
