// mmf-copy.c — a consistent copy of one MMF (see mmf-copy.h): finding the
// file, and the retries; one copy is the platform's (mmf-copy-once.h).

#include "run/mmf-copy-once.h"

#include "display-text.h"
#include "host-error.h"

#include <string.h>

static gboolean
is_hex_id (const char *hex_id)
{
   if (hex_id == NULL || strlen (hex_id) != 8)
      return FALSE;
   for (int i = 0; i < 8; i++) {
      if (!g_ascii_isxdigit (hex_id[i]))
         return FALSE;
   }
   return TRUE;
}

// The entry of `dir` equal to `name` ignoring ASCII case, or NULL.
static char *
find_ignoring_case (const char *dir, const char *name)
{
   g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
   if (d == NULL)
      return NULL;
   const char *entry;
   while ((entry = g_dir_read_name (d)) != NULL) {
      if (g_ascii_strcasecmp (entry, name) == 0)
         return g_build_filename (dir, entry, NULL);
   }
   return NULL;
}

char *
mh_mmf_resolve (const char *postoffice, const char *hex_id, GError **error)
{
   if (!is_hex_id (hex_id)) {
      g_autofree char *shown = mh_display_text (hex_id, -1, 0);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   "Hex-ID \"%s\" is not 8 hex digits, so there is no MMF to "
                   "copy; correct the user list from LISTUSER's output",
                   shown);
      return NULL;
   }
   g_autofree char *mmf_dir = find_ignoring_case (postoffice, "MMF");
   g_autofree char *name = g_strconcat (hex_id, ".MMF", NULL);
   char *path = mmf_dir != NULL ? find_ignoring_case (mmf_dir, name) : NULL;
   if (path == NULL) {
      g_autofree char *shown = mh_display_path (postoffice);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   "%s has no MMF/%s; the user's mail file is not on the post "
                   "office (a local MMF is imported in Outlook instead)",
                   shown, name);
   }
   return path;
}

// A seam for tests: when MMFG_TEST_AFTER_COPY names a program, it is run
// with the source's path after the bytes were copied and before the source
// is looked at again, so that a test can change the source at exactly that
// moment ("the source changed during the copy") instead of racing a writer.
// Never set outside tests.
void
mh_mmf_copy_test_hook (const char *source)
{
   const char *hook = g_getenv ("MMFG_TEST_AFTER_COPY");
   if (hook == NULL || hook[0] == '\0')
      return;
   const char *argv[] = {hook, source, NULL};
   g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                 NULL, NULL, NULL);
}

MhCopyStatus
mh_mmf_copy (const char *source, const char *out_dir, const char *dest_name,
             guint max_tries, MhCopyReport *report, GError **error)
{
   memset (report, 0, sizeof *report);
   for (guint i = 0; i < MAX (max_tries, 1u); i++) {
      report->tries++;
      switch (mh_mmf_copy_once (source, out_dir, dest_name, report, error)) {
      case MH_TRY_DONE:
         return MH_COPY_DONE;
      case MH_TRY_HELD:
         return MH_COPY_HELD;
      case MH_TRY_FAILED:
         return MH_COPY_FAILED;
      case MH_TRY_INTERRUPTED:
         return MH_COPY_INTERRUPTED;
      case MH_TRY_CHANGED:
         // The source moved under us: the copy would be inconsistent.
         break;
      }
   }
   return MH_COPY_CHANGING;
}
