// log-format.c — mig-host's log lines (see the header).

#include "log-format.h"

#include "display-text.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

static const char *
level_word (GLogLevelFlags level)
{
   if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
      return "error";
   if (level & G_LOG_LEVEL_WARNING)
      return "warning";
   return "note";
}

// A field's value as a string (fields may carry a length).
static char *
field_text (const GLogField *f)
{
   return f->length < 0 ? g_strdup (f->value)
                        : g_strndup (f->value, (gsize) f->length);
}

static GLogWriterOutput
write_line (GLogLevelFlags level, const GLogField *fields, gsize n_fields,
            gpointer data)
{
   if (level & (G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG))
      return g_log_writer_default (level, fields, n_fields, data);
   g_autofree char *message = NULL;
   g_autofree char *domain = NULL;
   for (gsize i = 0; i < n_fields; i++) {
      if (strcmp (fields[i].key, "MESSAGE") == 0 && message == NULL)
         message = field_text (&fields[i]);
      else if (strcmp (fields[i].key, "GLIB_DOMAIN") == 0 && domain == NULL)
         domain = field_text (&fields[i]);
   }
   g_autofree char *text = mh_display_text (message != NULL ? message : "", -1,
                                            MH_DISPLAY_KEEP_LINES);
   g_autofree char *shown_domain =
      domain != NULL ? mh_display_text (domain, -1, MH_DISPLAY_ONE_LINE) : NULL;
   g_autoptr (GString) line = g_string_new ("mig-host: ");
   g_string_append_printf (line, "%s: ", level_word (level));
   if (shown_domain != NULL)
      g_string_append_printf (line, "%s: ", shown_domain);
   // Continuation lines are indented under the first.
   g_auto (GStrv) parts = g_strsplit (text, "\n", -1);
   for (guint i = 0; parts[i] != NULL; i++) {
      if (i > 0 && parts[i][0] == '\0' && parts[i + 1] == NULL)
         break;
      g_string_append_printf (line, "%s%s\n", i > 0 ? "   " : "", parts[i]);
   }
   fflush (stdout);
   fputs (line->str, stderr);
   fflush (stderr);
   return G_LOG_WRITER_HANDLED;
}

void
mh_log_install (void)
{
   g_log_set_writer_func (write_line, NULL, NULL);
}
