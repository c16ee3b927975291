// fuzz-user-list.c — the wizard's user list CSV as mig-host reads it
// (host-stub/user-list.h mh_user_list_parse) over any bytes. The list is an
// export someone edited by hand; its names reach the plugin through the ABI,
// which promises them as valid UTF-8.

#include "fuzz-target.h"

#include <glib.h>
#include <string.h>

#include "wizard-input/user-list.h"

#define FILE_NAME "users.csv"

static void
check_entry (const MhUserList *list, const MhUserEntry *e)
{
   FUZZ_CHECK (e->user != NULL && e->user[0] != '\0');
   FUZZ_CHECK (g_utf8_validate (e->user, -1, NULL));
   FUZZ_CHECK (e->full_name == NULL ||
               g_utf8_validate (e->full_name, -1, NULL));
   FUZZ_CHECK (e->hex_id == NULL || g_utf8_validate (e->hex_id, -1, NULL));
   // A row's problem is shown and sent as JSON: UTF-8 too.
   FUZZ_CHECK (e->problem == NULL || g_utf8_validate (e->problem, -1, NULL));
   FUZZ_CHECK (e->line >= 1);
   // Names are unique ignoring case, so each finds its own entry (ASCII
   // case only: a full Unicode upper-casing is not always undone by folding).
   FUZZ_CHECK (mh_user_list_find (list, e->user) == e);
   g_autofree char *upper = g_ascii_strup (e->user, -1);
   FUZZ_CHECK (mh_user_list_find (list, upper) != NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list =
      mh_user_list_parse ((const char *) data, size, FILE_NAME, &error);
   if (list == NULL) {
      FUZZ_CHECK (error != NULL);
      FUZZ_CHECK (g_str_has_prefix (error->message, FILE_NAME));
      return 0;
   }
   FUZZ_CHECK (error == NULL);
   for (guint i = 0; i < list->entries->len; i++)
      check_entry (list, g_ptr_array_index (list->entries, i));
   FUZZ_CHECK (mh_user_list_find (list, "") == NULL);
   return 0;
}
