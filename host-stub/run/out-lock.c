// out-lock.c — what every platform's lock on the output folder shares
// (see out-lock.h): the holder line.

#include "run/out-lock-platform.h"

#include "display-text.h"
#include "host-error.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <string.h>

char *
mh_out_lock_holder (const char *out_dir)
{
   g_autofree char *path = g_build_filename (out_dir, MH_OUT_LOCK_NAME, NULL);
   g_autofree char *text = NULL;
   if (!g_file_get_contents (path, &text, NULL, NULL))
      return g_strdup ("an unidentified run");
   g_strstrip (text);
   char *newline = strchr (text, '\n');
   if (newline != NULL)
      *newline = '\0';
   if (text[0] == '\0')
      return g_strdup ("an unidentified run (it is starting)");
   return mh_display_text (text, -1, MH_DISPLAY_ONE_LINE);
}

char *
mh_out_lock_line (const char *started)
{
   return g_strdup_printf ("pid %ld, started %s on %s\n",
                           (long) mh_out_lock_pid (), started,
                           g_get_host_name ());
}

void
mh_out_lock_set_busy (GError **error, const char *out_dir)
{
   g_autofree char *shown = mh_display_path (out_dir);
   g_autofree char *holder = mh_out_lock_holder (out_dir);
   g_set_error (
      error, MH_HOST_ERROR, MH_HOST_ERROR_BUSY,
      _ ("%s is in use by another mig-host migrate run (%s); one run "
         "per --out: run again when it has ended, or give --wait-lock"),
      shown, holder);
}

void
mh_out_lock_set_failed (GError **error, const char *out_dir, int errsv)
{
   g_autofree char *shown = mh_display_path (out_dir);
   g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_OUTPUT,
                _ ("cannot write the output folder %s (its lock file %s): %s; "
                   "make it writable or choose another --out"),
                shown, MH_OUT_LOCK_NAME, g_strerror (errsv));
}
