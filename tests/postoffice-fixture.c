// postoffice-fixture.c — see postoffice-fixture.h.

#include "postoffice-fixture.h"
#include "file-tree.h"

#include <glib/gstdio.h>
#include <stdlib.h>

void
postoffice_fixture_make (PostofficeFixture *f, int n_users,
                         const char *const *extra_args)
{
   const char *generator = g_getenv ("MMFG_MAKE_POSTOFFICE");
   g_assert_nonnull (generator);
   g_autoptr (GError) error = NULL;
   f->root = g_dir_make_tmp ("mmfg-po-XXXXXX", &error);
   g_assert_no_error (error);
   g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
   g_ptr_array_add (argv, g_strdup (generator));
   g_ptr_array_add (argv, g_strdup (f->root));
   g_ptr_array_add (argv, g_strdup ("--users"));
   g_ptr_array_add (argv, g_strdup_printf ("%d", n_users));
   for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
      g_ptr_array_add (argv, g_strdup (extra_args[i]));
   g_ptr_array_add (argv, NULL);
   int status = 0;
   g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, NULL, NULL, &status, &error);
   g_assert_no_error (error);
   g_spawn_check_wait_status (status, &error);
   g_assert_no_error (error);
   f->maildata = g_build_filename (f->root, "MAILDATA", NULL);
   f->users_csv = g_build_filename (f->root, "users.csv", NULL);
}

void
postoffice_fixture_make_sized (PostofficeFixture *f,
                               const char *users_recovered)
{
   g_auto (GStrv) sizes = g_strsplit (users_recovered, " ", 2);
   g_assert_cmpuint (g_strv_length (sizes), ==, 2);
   const char *recovered[] = {"--recovered", sizes[1], NULL};
   postoffice_fixture_make (f, atoi (sizes[0]), recovered);
}

void
postoffice_fixture_clear (PostofficeFixture *f)
{
   if (f->root != NULL)
      mh_remove_tree (f->root);
   g_clear_pointer (&f->root, g_free);
   g_clear_pointer (&f->maildata, g_free);
   g_clear_pointer (&f->users_csv, g_free);
}

char *
postoffice_fixture_mmf (const PostofficeFixture *f, const char *name)
{
   return g_build_filename (f->maildata, "MMF", name, NULL);
}

char *
postoffice_fixture_mmf_of (const PostofficeFixture *f, const char *hex_id)
{
   g_autofree char *name = g_strconcat (hex_id, ".MMF", NULL);
   return postoffice_fixture_mmf (f, name);
}
