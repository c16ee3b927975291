// shared-postoffice.c — a generated post office inside a test's share
// (shared-postoffice.h).

#include "shared-postoffice.h"

#include <glib.h>

#include "../test-env.h"

void
make_shared_postoffice (const char *po, int n_users, const char *const *extra)
{
   g_autofree char *n = g_strdup_printf ("%d", n_users);
   g_autoptr (GPtrArray) make = g_ptr_array_new ();
   const char *fixed[] = {test_env ("MMFG_MAKE_POSTOFFICE"), po, "--users", n};
   for (gsize i = 0; i < G_N_ELEMENTS (fixed); i++)
      g_ptr_array_add (make, (gpointer) fixed[i]);
   for (gsize i = 0; extra != NULL && extra[i] != NULL; i++)
      g_ptr_array_add (make, (gpointer) extra[i]);
   g_ptr_array_add (make, NULL);
   int status = 0;
   g_autoptr (GError) error = NULL;
   g_spawn_sync (NULL, (char **) make->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, NULL, NULL, &status, &error);
   g_assert_no_error (error);
   g_assert_true (g_spawn_check_wait_status (status, NULL));
   const char *chmod_argv[] = {"chmod", "-R", "a+rwX", po, NULL};
   g_spawn_sync (NULL, (char **) chmod_argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                 NULL, NULL, NULL, &status, &error);
   g_assert_no_error (error);
   g_assert_true (g_spawn_check_wait_status (status, NULL));
}
