// fuzz-user-list.c — the wizard's user list CSV as mig-host reads it
// (host-stub/wizard-input/user-list.h mh_user_list_parse) over any bytes, as
// detected and with UTF-8 forced. The list is an export someone edited by
// hand; its names reach the plugin through the ABI, which promises them as
// valid UTF-8, and name and Hex-ID are never a damaged field cut short.

#include "fuzz-target.h"

#include <glib.h>
#include <string.h>

#include "wizard-input/user-list.h"

#define FILE_NAME "users.csv"

// Whether `text` holds a control character (C0, DEL, C1) other than those
// in `allowed`.
static gboolean
has_control (const char *text, const char *allowed)
{
   for (const guchar *p = (const guchar *) text; *p != '\0'; p++) {
      if ((*p < 0x20 || *p == 0x7F) && strchr (allowed, *p) == NULL)
         return TRUE;
      if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
         return TRUE;
   }
   return FALSE;
}

static void
check_entry (const MhUserList *list, const MhUserEntry *e)
{
   FUZZ_CHECK (e->user != NULL && e->user[0] != '\0');
   FUZZ_CHECK (g_utf8_validate (e->user, -1, NULL));
   FUZZ_CHECK (e->full_name == NULL ||
               g_utf8_validate (e->full_name, -1, NULL));
   FUZZ_CHECK (e->hex_id == NULL || g_utf8_validate (e->hex_id, -1, NULL));
   // The fields that name an account hold no control character, in a
   // blocked row either (there they are escaped); free text only tabs and
   // line breaks.
   FUZZ_CHECK (!has_control (e->user, ""));
   FUZZ_CHECK (e->hex_id == NULL || !has_control (e->hex_id, ""));
   FUZZ_CHECK (e->full_name == NULL || !has_control (e->full_name, "\t\r\n"));
   // A row's problem is shown and sent as JSON: UTF-8 too.
   FUZZ_CHECK (e->problem == NULL || g_utf8_validate (e->problem, -1, NULL));
   FUZZ_CHECK (e->line >= 1);
   // Names are unique ignoring case, so each finds its own entry (ASCII
   // case only: a full Unicode upper-casing is not always undone by folding).
   FUZZ_CHECK (mh_user_list_find (list, e->user) == e);
   g_autofree char *upper = g_ascii_strup (e->user, -1);
   FUZZ_CHECK (mh_user_list_find (list, upper) != NULL);
}

static void
check_list (const uint8_t *data, size_t size, const char *codepage)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list = mh_user_list_parse_encoded (
      (const char *) data, size, FILE_NAME, codepage, &error);
   if (list == NULL) {
      FUZZ_CHECK (error != NULL);
      FUZZ_CHECK (g_str_has_prefix (error->message, FILE_NAME));
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      return;
   }
   FUZZ_CHECK (error == NULL);
   FUZZ_CHECK (list->separator == ',' || list->separator == ';' ||
               list->separator == '\t');
   FUZZ_CHECK (list->n_rows <= MH_USER_LIST_MAX_ACCOUNTS);
   FUZZ_CHECK (list->entries->len + list->n_not_migrated <= list->n_rows);
   for (guint i = 0; i < list->entries->len; i++)
      check_entry (list, g_ptr_array_index (list->entries, i));
   FUZZ_CHECK (mh_user_list_find (list, "") == NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
   check_list (data, size, NULL);
   check_list (data, size, "UTF-8");
   return 0;
}
