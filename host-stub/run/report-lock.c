// report-lock.c — what every platform's report lock shares (see
// report-lock.h): which paths are locked, and the errors.

#include "run/report-lock-platform.h"

#include "display-text.h"
#include "host-error.h"
#include "report/report-output.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <string.h>

gboolean
mh_report_lock_applies (const char *path)
{
   if (mh_output_path_is_stdout (path) || g_str_has_prefix (path, "/dev/fd/") ||
       strcmp (path, "/dev/stderr") == 0)
      return FALSE;
   GStatBuf st;
   return g_stat (path, &st) != 0 || S_ISREG (st.st_mode);
}

// The start time a JSON report being written gives (it is whole JSON at
// every moment), or NULL.
static char *
report_started (const char *path)
{
   json_t *root = json_load_file (path, 0, NULL);
   const char *started = json_string_value (json_object_get (root, "started"));
   char *copy = started != NULL
                   ? mh_display_text (started, -1, MH_DISPLAY_ONE_LINE)
                   : NULL;
   json_decref (root);
   return copy;
}

void
mh_report_lock_set_busy (GError **error, const char *path, const char *option,
                         gboolean can_wait, long pid)
{
   g_autofree char *shown = mh_display_path (path);
   g_autofree char *started =
      strcmp (option, "--json") == 0 ? report_started (path) : NULL;
   g_autofree char *holder =
      pid > 0 && started != NULL
         ? g_strdup_printf (_ ("pid %ld, started %s"), pid, started)
      : pid > 0         ? g_strdup_printf (_ ("pid %ld"), pid)
      : started != NULL ? g_strdup_printf (_ ("started %s"), started)
                        : g_strdup (_ ("an unidentified run"));
   if (can_wait)
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_BUSY,
                   _ ("%s (%s) is being written by another mig-host run (%s); "
                      "one run per report file: give this run another %s, run "
                      "again when that one has ended, or give --wait-lock"),
                   shown, option, holder, option);
   else
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_BUSY,
                   _ ("%s (%s) is being written by another mig-host run (%s); "
                      "one run per report file: give this run another %s, or "
                      "run again when that one has ended"),
                   shown, option, holder, option);
}

void
mh_report_lock_set_failed (GError **error, const char *path, const char *option,
                           int errsv)
{
   g_autofree char *shown = mh_display_path (path);
   g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_OUTPUT,
                _ ("cannot create %s (%s): %s; check the folder exists and "
                   "may be written, or give another %s"),
                shown, option, g_strerror (errsv), option);
}
