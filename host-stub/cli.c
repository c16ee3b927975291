// cli.c — what every mig-host subcommand shares.

#include "cli.h"

#include "display-text.h"
#include "host-error.h"
#include "mig-plugin.h"
#include "plugin-host/assessment.h"
#include "plugin-host/plugin-loader.h"
#include "wizard-input/postoffice-path.h"
#include "report/report-output.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <stddef.h>

static gboolean version_asked = FALSE;
static int option_failure = 0; // an exit code noted while checking options

int
mh_cli_parse_failed_status (void)
{
   if (version_asked)
      return MH_EXIT_OK;
   return option_failure != 0 ? option_failure : MH_EXIT_USAGE;
}

void
mh_cli_fail_options (const char *command, const GError *error)
{
   option_failure = mh_cli_fail (command, error);
}

gboolean
mh_cli_parse (GOptionContext *context, const char *command, int *argc,
              char ***argv)
{
   GOptionEntry version[] = {
      {"version", 0, 0, G_OPTION_ARG_NONE, &version_asked,
       "Show mig-host's version and exit", NULL},
      G_OPTION_ENTRY_NULL,
   };
   g_option_context_add_main_entries (context, version, NULL);
   g_autoptr (GError) error = NULL;
   if (g_option_context_parse (context, argc, argv, &error)) {
      if (!version_asked)
         return TRUE;
      mh_cli_print_version ();
      return FALSE;
   }
   mh_cli_error (command, _ ("%s; see mig-host %s --help"), error->message,
                 command);
   return FALSE;
}

gboolean
mh_cli_parse_options_only (const char *command, const char *summary,
                           const GOptionEntry *entries, int *argc, char ***argv)
{
   g_autoptr (GOptionContext) context = g_option_context_new (NULL);
   g_option_context_set_summary (context, summary);
   g_option_context_add_main_entries (context, entries, NULL);
   if (!mh_cli_parse (context, command, argc, argv))
      return FALSE;
   if (*argc > 1) {
      mh_cli_error (command,
                    _ ("unexpected argument \"%s\"; see mig-host %s "
                       "--help"),
                    (*argv)[1], command);
      return FALSE;
   }
   return TRUE;
}

// The shared options' rows with their usual --help text; arg_data is set
// per subcommand, to the member `field` of its MhCliOptions.
static const struct {
   GOptionEntry row;
   size_t field; // offsetof (MhCliOptions, ...)
} shared_options[] = {
   [MH_CLI_PLUGIN] =
      {{"plugin", 0, 0, G_OPTION_ARG_FILENAME, NULL,
        "The plugin to ask (a shared object; default: $MIG_PLUGIN, else the "
        "installed plugin)",
        "FILE"},
       offsetof (MhCliOptions, plugin)},
   [MH_CLI_CONFIG] = {{"config", 0, 0, G_OPTION_ARG_FILENAME, NULL,
                       "The plugin's configuration file", "FILE"},
                      offsetof (MhCliOptions, config)},
   [MH_CLI_LOCALE] =
      {{"locale", 0, 0, G_OPTION_ARG_FILENAME, NULL,
        "Language of the plugin's text and of mig-host's own lines (default: "
        "LANGUAGE, LC_ALL, LC_MESSAGES, LANG)",
        "L"},
       offsetof (MhCliOptions, locale)},
   [MH_CLI_POSTOFFICE] =
      {{"postoffice", 0, 0, G_OPTION_ARG_FILENAME, NULL,
        "The post office's MAILDATA folder (holding GLB/, MMF/, ...)", "DIR"},
       offsetof (MhCliOptions, postoffice)},
   [MH_CLI_USERS] = {{"users", 0, 0, G_OPTION_ARG_FILENAME, NULL,
                      "The migration wizard's user list (CSV, with Hex-ID and "
                      "Password-Recovered columns)",
                      "CSV"},
                     offsetof (MhCliOptions, users)},
   [MH_CLI_USERS_ENCODING] =
      {{"users-encoding", 0, 0, G_OPTION_ARG_STRING, NULL,
        "The user list's Windows code page when it is not UTF-8 (default "
        "CP1252; UTF-8 with or without a byte order mark is recognised)",
        "CODEPAGE"},
       offsetof (MhCliOptions, users_encoding)},
};

static char **
member (MhCliOptions *o, gsize which)
{
   return (char **) (void *) ((char *) o + shared_options[which].field);
}

GOptionEntry
mh_cli_option (MhCliOptions *o, MhCliOption which, const char *description)
{
   GOptionEntry row = shared_options[which].row;
   row.arg_data = member (o, which);
   if (description != NULL)
      row.description = description;
   return row;
}

void
mh_cli_options_clear (MhCliOptions *o)
{
   // Every member is a string from the table, so the table frees them all.
   for (gsize i = 0; i < G_N_ELEMENTS (shared_options); i++)
      g_clear_pointer (member (o, i), g_free);
}

gboolean
mh_cli_locate_plugin (MhCliOptions *o, const char *command, const char *hint)
{
   g_autoptr (GError) error = NULL;
   if (mh_plugin_locate (&o->plugin, NULL, &error))
      return TRUE;
   if (hint != NULL) {
      g_autoptr (GError) hinted = g_error_new (error->domain, error->code,
                                               "%s (%s)", error->message, hint);
      mh_cli_fail_options (command, hinted);
   } else {
      mh_cli_fail_options (command, error);
   }
   return FALSE;
}

void
mh_cli_error (const char *command, const char *format, ...)
{
   va_list ap;
   va_start (ap, format);
   g_autofree char *raw = g_strdup_vprintf (format, ap);
   va_end (ap);
   g_autofree char *text = mh_display_text (raw, -1, MH_DISPLAY_KEEP_LINES);
   fprintf (stderr, "mig-host %s: %s\n", command, text);
}

int
mh_cli_exit_for (const GError *error)
{
   if (error == NULL || error->domain != MH_HOST_ERROR)
      return MH_EXIT_SOFTWARE;
   switch ((MhHostError) error->code) {
   case MH_HOST_ERROR_USAGE:
      return MH_EXIT_USAGE;
   case MH_HOST_ERROR_DATA:
      return MH_EXIT_DATAERR;
   case MH_HOST_ERROR_INPUT:
      return MH_EXIT_NOINPUT;
   case MH_HOST_ERROR_LOAD:
   case MH_HOST_ERROR_VERSION:
      return MH_EXIT_UNAVAILABLE;
   case MH_HOST_ERROR_INIT:
      return MH_EXIT_CONFIG;
   case MH_HOST_ERROR_OUTPUT:
      return MH_EXIT_CANTCREAT;
   case MH_HOST_ERROR_OUTPUT_MIDWAY:
      return MH_EXIT_IOERR;
   case MH_HOST_ERROR_BUSY:
      return MH_EXIT_TEMPFAIL;
   case MH_HOST_ERROR_NOT_POSTOFFICE:
      return MH_EXIT_NOTPOSTOFFICE;
   case MH_HOST_ERROR_DISPATCH:
      return MH_EXIT_SOFTWARE;
   }
   return MH_EXIT_SOFTWARE;
}

int
mh_cli_fail (const char *command, const GError *error)
{
   mh_cli_error (command, "%s", error->message);
   return mh_cli_exit_for (error);
}

gboolean
mh_cli_write_json (json_t *root, const char *path, GError **error)
{
   g_autofree char *text =
      json_dumps (root, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
   if (text == NULL) {
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   _ ("cannot encode the JSON report (out of memory?)"));
      return FALSE;
   }
   // Written where the operator pointed (report-output.h): "-" and
   // /dev/stdout are the descriptor, a symlink's target is written, only a
   // regular file is replaced.
   MhOutput *output = mh_output_open (path, "--json", error);
   if (output == NULL)
      return FALSE;
   FILE *stream = mh_output_stream (output);
   fputs (text, stream);
   fputc ('\n', stream);
   mh_output_flush (output);
   return mh_output_close (output, error);
}

void
mh_cli_print_version (void)
{
   printf ("mig-host %s (plugin ABI %d.%d.%d)\n", MIG_HOST_VERSION,
           MIG_ABI_VERSION_MAJOR, MIG_ABI_VERSION_MINOR,
           MIG_ABI_VERSION_REVISION);
}

int
mh_cli_open_inputs (const MhCliOptions *o, const char *command,
                    const char *without_it, char **postoffice,
                    MhUserList **list, MhPluginSession **session)
{
   g_autoptr (GError) error = NULL;
   if (!mh_postoffice_load (o->postoffice, o->users, o->users_encoding,
                            postoffice, list, &error))
      return mh_cli_fail (command, error);
   *session = mh_plugin_session_open_with (
      o->plugin, o->locale, o->config, MH_FN_pre_migrate, without_it, &error);
   if (*session == NULL)
      return mh_cli_fail (command, error);
   return mh_cli_check_postoffice (command, *postoffice, (*list)->entries->len,
                                   *session);
}

// The plugin's verdict on the post office alone: a batch opened and closed
// at once. TRUE when it blocks it as no post office at all; its log lines
// (which say the same) are then left out, the host's error says it once.
static gboolean
plugin_says_not_a_postoffice (const MhPluginSession *session,
                              const char *postoffice, guint n_accounts)
{
   const MhPlugin *plugin = session->plugin;
   if (mh_plugin_hook (plugin, MH_FN_batch_begin) == NULL)
      return FALSE; // the accounts' answers decide, one by one
   mh_host_services_hold_log (session->services);
   uint64_t batch_id = 0;
   g_autoptr (MhAnswer) a =
      mh_answer_batch_begin (plugin, postoffice, n_accounts, &batch_id);
   if (!mh_answer_is_error (a) &&
       mh_plugin_hook (plugin, MH_FN_batch_end) != NULL)
      (void) mh_call_batch_end (plugin, batch_id);
   gboolean refused = mh_assess_not_a_postoffice (a);
   mh_host_services_release_log (session->services, !refused);
   return refused;
}

gboolean
mh_cli_outputs_outside_postoffice (const char *command, const char *postoffice,
                                   const char *const *outputs)
{
   for (gsize i = 0; postoffice != NULL && outputs[i] != NULL; i += 2) {
      const char *path = outputs[i + 1];
      gboolean same = FALSE;
      if (path == NULL || mh_output_path_is_stdout (path) ||
          !mh_postoffice_contains (postoffice, path, &same))
         continue;
      g_autofree char *po = mh_postoffice_resolve (postoffice);
      g_autofree char *shown = mh_display_path (path);
      g_autofree char *shown_po = mh_display_path (po);
      mh_cli_error (command,
                    _ ("%s %s is inside the post office %s: mig-host writes "
                       "nothing into the post office it checks (a report "
                       "written there can take a mail file's place); give a "
                       "file outside it"),
                    outputs[i], shown, shown_po);
      return FALSE;
   }
   return TRUE;
}

int
mh_cli_check_postoffice (const char *command, const char *postoffice,
                         guint n_accounts, const MhPluginSession *session)
{
   // Cheap first: only a folder without GLB and MMF is put to the plugin, so
   // a real post office costs no second batch.
   if (!mh_postoffice_lacks_layout (postoffice))
      return 0;
   if (session != NULL &&
       !plugin_says_not_a_postoffice (session, postoffice, n_accounts))
      return 0;
   g_autofree char *shown = mh_display_path (postoffice);
   if (session != NULL)
      mh_cli_error (
         command,
         _ ("--postoffice %s is not an MS Mail post office: it holds neither "
            "GLB/ nor MMF/ (the plugin says postoffice-layout); give the post "
            "office's MAILDATA folder itself, the one holding GLB/ and MMF/ "
            "(eg --postoffice /srv/msmail/MAILDATA). Nothing was run: no "
            "account checked, no file copied, no report written."),
         shown);
   else
      mh_cli_error (
         command,
         _ ("--postoffice %s is not an MS Mail post office: it holds neither "
            "GLB/ nor MMF/; give the post office's MAILDATA folder itself, "
            "the one holding GLB/ and MMF/ (eg --postoffice "
            "/srv/msmail/MAILDATA). Nothing was run: no account checked, no "
            "file copied, no report written."),
         shown);
   return MH_EXIT_NOTPOSTOFFICE;
}

char *
mh_cli_exit_status (const char *outcomes, const int *codes)
{
   static const struct {
      int code;
      const char *help;
   } words[] = {
#define MH_EXIT_WORDS(name, code, help, manual) {code, help},
      MH_EXIT_TABLE (MH_EXIT_WORDS)
#undef MH_EXIT_WORDS
   };
   GString *s = g_string_new ("Exit status: ");
   g_string_append (s, outcomes);
   for (const int *c = codes; *c >= 0; c++) {
      for (gsize i = 0; i < G_N_ELEMENTS (words); i++) {
         if (words[i].code == *c)
            g_string_append_printf (s, "%s %d %s", c == codes ? ";" : ",", *c,
                                    words[i].help);
      }
   }
   g_string_append (s, " (see mig-host(1), EXIT STATUS).");
   return g_string_free (s, FALSE);
}
