// mmf-copy.c — a consistent copy of one MMF (see mmf-copy.h): finding the
// file, and the retries; one copy is the platform's (mmf-copy-once.h).

#include "run/mmf-copy-once.h"

#include "display-text.h"
#include "host-error.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

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

gboolean
mh_mmf_tell_landing (const MhLandingHooks *hooks, gboolean after,
                     const MhLanding *landing, GError **error)
{
   if (hooks == NULL)
      return TRUE;
   gboolean (*tell) (const MhLanding *, gpointer, GError **) =
      after ? hooks->after_rename : hooks->before_rename;
   return tell == NULL || tell (landing, hooks->data, error);
}

void
mh_out_error (GError **error, const char *out_dir, const char *what,
              const char *file, int errsv)
{
   g_autofree char *shown = mh_display_path (out_dir);
   g_autofree char *name = file != NULL ? g_path_get_basename (file) : NULL;
   g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_OUTPUT_MIDWAY,
                "cannot %s%s%s in the output folder %s: %s; the run stops "
                "(the host's failure, no account's): free space there or make "
                "it writable, then run again",
                what, name != NULL ? " " : "", name != NULL ? name : "", shown,
                g_strerror (errsv));
}

gboolean
mh_source_state_equal (const MhSourceState *a, const MhSourceState *b)
{
   return a->size == b->size && a->mtime_ns == b->mtime_ns &&
          a->ctime_ns == b->ctime_ns && a->ino == b->ino;
}

char *
mh_file_sha256 (const char *path, GError **error)
{
   FILE *f = g_fopen (path, "rb");
   if (f == NULL) {
      int saved = errno;
      g_autofree char *shown = mh_display_path (path);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   _ ("cannot read %s: %s"), shown, g_strerror (saved));
      return NULL;
   }
   g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
   char buffer[64 * 1024];
   size_t n;
   while ((n = fread (buffer, 1, sizeof buffer, f)) > 0)
      g_checksum_update (sum, (const guchar *) buffer, n);
   gboolean failed = ferror (f) != 0;
   fclose (f);
   if (failed) {
      g_autofree char *shown = mh_display_path (path);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   _ ("cannot read %s"), shown);
      return NULL;
   }
   return g_strdup (g_checksum_get_string (sum));
}

MhCopyStatus
mh_mmf_copy (const char *source, const char *out_dir, const char *dest_name,
             guint max_tries, const MhLandingHooks *hooks, MhCopyReport *report,
             GError **error)
{
   memset (report, 0, sizeof *report);
   for (guint i = 0; i < MAX (max_tries, 1u); i++) {
      report->tries++;
      switch (
         mh_mmf_copy_once (source, out_dir, dest_name, hooks, report, error)) {
      case MH_TRY_DONE:
         return MH_COPY_DONE;
      case MH_TRY_HELD:
         return MH_COPY_HELD;
      case MH_TRY_FAILED:
         return MH_COPY_FAILED;
      case MH_TRY_INTERRUPTED:
         return MH_COPY_INTERRUPTED;
      case MH_TRY_OUT_FAILED:
         return MH_COPY_OUT_FAILED;
      case MH_TRY_CHANGED:
         // The source moved under us: the copy would be inconsistent.
         break;
      }
   }
   return MH_COPY_CHANGING;
}

MhCopyTry
mh_mmf_land (const char *out_dir, const char *dest, const char *temp,
             const MhLandingHooks *hooks, GChecksum *sum,
             const MhSourceState *source, MhCopyReport *report,
             gboolean *renamed, GError **error)
{
   g_strlcpy (report->sha256, g_checksum_get_string (sum),
              sizeof report->sha256);
   g_autofree char *temp_name = g_path_get_basename (temp);
   MhLanding landing = {.dest = dest,
                        .temp = temp_name,
                        .bytes = report->bytes,
                        .sha256 = report->sha256,
                        .source = *source};
   if (!mh_mmf_tell_landing (hooks, FALSE, &landing, error))
      return MH_TRY_OUT_FAILED;
   g_autofree char *final = g_build_filename (out_dir, dest, NULL);
   if (!mh_mmf_rename_into_place (out_dir, temp, final, renamed, error))
      return MH_TRY_OUT_FAILED;
   if (!mh_mmf_tell_landing (hooks, TRUE, &landing, error))
      return MH_TRY_OUT_FAILED;
   return MH_TRY_DONE;
}
