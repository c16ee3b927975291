// cli.c — what every mig-host subcommand shares.

#include "cli.h"

#include "display-text.h"
#include "host-error.h"

#include <stdarg.h>

gboolean
mig_cli_parse (GOptionContext *context, const char *command, int *argc,
               char ***argv)
{
   g_autoptr (GError) error = NULL;
   if (g_option_context_parse (context, argc, argv, &error))
      return TRUE;
   mig_cli_error (command, "%s; see mig-host %s --help", error->message,
                  command);
   return FALSE;
}

gboolean
mig_cli_parse_options_only (GOptionContext *context, const char *command,
                            int *argc, char ***argv)
{
   if (!mig_cli_parse (context, command, argc, argv))
      return FALSE;
   if (*argc > 1) {
      mig_cli_error (command, "unexpected argument \"%s\"; see mig-host %s "
                     "--help", (*argv)[1], command);
      return FALSE;
   }
   return TRUE;
}

void
mig_cli_error (const char *command, const char *format, ...)
{
   va_list ap;
   va_start (ap, format);
   g_autofree char *raw = g_strdup_vprintf (format, ap);
   va_end (ap);
   g_autofree char *text = mig_display_text (raw, -1, MIG_DISPLAY_KEEP_LINES);
   fprintf (stderr, "mig-host %s: %s\n", command, text);
}

gboolean
mig_cli_write_json (json_t *root, const char *path, GError **error)
{
   g_autofree char *text =
      json_dumps (root, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
   if (text == NULL) {
      g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_INPUT,
                   "cannot encode the JSON report (out of memory?)");
      return FALSE;
   }
   g_autofree char *with_newline = g_strconcat (text, "\n", NULL);
   g_autoptr (GError) local = NULL;
   if (!g_file_set_contents (path, with_newline, -1, &local)) {
      g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_INPUT,
                   "cannot write the JSON report: %s; choose a writable path "
                   "with --json", local->message);
      return FALSE;
   }
   return TRUE;
}

void
mig_cli_print_block (FILE *out, const char *text, int indent)
{
   g_autofree char *clean = mig_display_text (text, -1, MIG_DISPLAY_KEEP_LINES);
   g_auto (GStrv) lines = g_strsplit (clean, "\n", -1);
   // A trailing newline in the text is not an empty line to print.
   guint n = g_strv_length (lines);
   if (n > 0 && lines[n - 1][0] == '\0')
      n--;
   for (guint i = 0; i < n; i++)
      fprintf (out, "%*s%s\n", lines[i][0] != '\0' ? indent : 0, "", lines[i]);
}
