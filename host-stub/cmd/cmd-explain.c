// cmd-explain.c — `mig-host explain`: one event through on-error/1, like
// `journalctl -x` for a single line of the wizard's log.
//
// With --postoffice and --users, the account the event is about (--user, or
// else the first insertion string, which is the user in 7000/7007) is looked
// up in the user list and passed along, so the plugin re-checks that
// account's MMF with its hex id and password state.

#include "plugin-host/answer-copy.h"
#include "cli.h"
#include "cmd/commands.h"
#include "display-text.h"
#include "cmd/explain-log.h"
#include "plugin-host/plugin-session.h"
#include "wizard-input/postoffice-path.h"
#include "report/report-output.h"
#include "run/wizard-events.h"
#include "wizard-input/user-list.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef struct {
   MhCliOptions cli; // --plugin, --postoffice, --users, ...
   char *event;
   char *source;
   GStrv inserts;
   char *description;
   char *user;
   char *json;
   char *log;
} Options;

static void
options_clear (Options *o)
{
   mh_cli_options_clear (&o->cli);
   g_free (o->event);
   g_free (o->source);
   g_strfreev (o->inserts);
   g_free (o->description);
   g_free (o->user);
   g_free (o->json);
   g_free (o->log);
}

static gboolean
parse_options (Options *o, int *argc, char ***argv)
{
   GOptionEntry options[] = {
      mh_cli_option (&o->cli, MH_CLI_PLUGIN, NULL),
      {"event", 0, 0, G_OPTION_ARG_FILENAME, &o->event, "The event id, eg 7007",
       "ID"},
      {"log", 0, 0, G_OPTION_ARG_FILENAME, &o->log,
       "Explain a whole event log instead: the latest MSExchangeMig event of "
       "each account in FILE (.evt, .evtx, wevtutil XML, or Event Viewer's "
       "CSV or text export)",
       "FILE"},
      {"source", 0, 0, G_OPTION_ARG_FILENAME, &o->source,
       "The event source (default: MSExchangeMig)", "NAME"},
      {"insert", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->inserts,
       "An insertion string of the event, in order (repeat the option)",
       "VALUE"},
      {"description", 0, 0, G_OPTION_ARG_FILENAME, &o->description,
       "The event's text as logged; - reads it from standard input, @FILE "
       "from FILE",
       "TEXT"},
      {"user", 0, 0, G_OPTION_ARG_FILENAME, &o->user,
       "The account the event is about (default: the first --insert)", "NAME"},
      mh_cli_option (&o->cli, MH_CLI_POSTOFFICE,
                     "The post office's MAILDATA folder (with --users)"),
      mh_cli_option (&o->cli, MH_CLI_USERS,
                     "The migration wizard's user list (with --postoffice)"),
      mh_cli_option (&o->cli, MH_CLI_USERS_ENCODING, NULL),
      {"json", 0, 0, G_OPTION_ARG_FILENAME, &o->json,
       "Also write the answer as JSON to FILE", "FILE"},
      mh_cli_option (&o->cli, MH_CLI_CONFIG, NULL),
      mh_cli_option (&o->cli, MH_CLI_LOCALE, NULL),
      G_OPTION_ENTRY_NULL,
   };
   const char *summary =
      "Explains one event the migration wizard logged (on-error/1): the cause "
      "found by re-checking now, and the steps that fix it. With --log, "
      "explains a whole event log: per account, its latest MSExchangeMig "
      "event.\n\n"
      "Example: mig-host explain --plugin mmfguard.so --log Application.evtx "
      "--postoffice /srv/msmail/MAILDATA --users users.csv\n\n"
      "Example: mig-host explain --plugin mmfguard.so --event 7007 --insert "
      "JSMITH --insert '\\\\MAILSRV\\MAILDATA\\MMF\\0000023A.MMF' "
      "--postoffice /srv/msmail/MAILDATA --users users.csv\n\n";
   g_autofree char *exit_status = mh_cli_exit_status (
      "0 the plugin explained the event; 1 it does not handle it (the original "
      "description is shown); 2 the plugin failed on it",
      (const int[]){MH_EXIT_DAMAGED, MH_EXIT_USAGE, MH_EXIT_DATAERR,
                    MH_EXIT_NOINPUT, MH_EXIT_UNAVAILABLE, MH_EXIT_CANTCREAT,
                    MH_EXIT_IOERR, MH_EXIT_CONFIG, MH_EXIT_NOTPOSTOFFICE, -1});
   g_autofree char *help = g_strconcat (summary, exit_status, NULL);
   if (!mh_cli_parse_options_only ("explain", help, options, argc, argv))
      return FALSE;
   if (o->log != NULL && (o->event != NULL || o->description != NULL ||
                          o->inserts != NULL || o->user != NULL)) {
      mh_cli_error (
         "explain", "%s",
         _ ("--log explains every event of a log; leave "
            "out --event, --description, --insert and --user with it"));
      return FALSE;
   }
   if (o->log == NULL && o->event == NULL && o->description == NULL) {
      mh_cli_error (
         "explain", "%s",
         _ ("--event (or --description, or --log) is "
            "needed, eg: mig-host explain --event 7007 --insert USER "
            "--insert PATH"));
      return FALSE;
   }
   if ((o->cli.postoffice == NULL) != (o->cli.users == NULL)) {
      mh_cli_error ("explain", "%s",
                    _ ("--postoffice and --users go together: give "
                       "both (to re-check the account's data) or neither"));
      return FALSE;
   }
   return mh_cli_locate_plugin (&o->cli, "explain", NULL);
}

static gboolean
parse_event_id (const char *text, uint32_t *id)
{
   guint64 value = 0;
   *id = 0;
   if (text == NULL)
      return TRUE;
   if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL)) {
      *id = (uint32_t) value;
      return TRUE;
   }
   g_autofree char *shown = mh_display_text (text, -1, 0);
   mh_cli_error ("explain",
                 _ ("--event \"%s\" is not an event id; give the "
                    "number from the event log, eg --event 7007"),
                 shown);
   return FALSE;
}

// Every string crossing the ABI must be UTF-8.
static gboolean
check_utf8 (const char *value, const char *option)
{
   if (value == NULL || g_utf8_validate (value, -1, NULL))
      return TRUE;
   g_autofree char *shown = mh_display_text (value, -1, 0);
   mh_cli_error ("explain",
                 _ ("%s \"%s\" is not valid UTF-8; give the text as "
                    "UTF-8 (convert it with iconv)"),
                 option, shown);
   return FALSE;
}

static gboolean
check_all_utf8 (const Options *o)
{
   if (!check_utf8 (o->source, "--source") ||
       !check_utf8 (o->description, "--description") ||
       !check_utf8 (o->user, "--user"))
      return FALSE;
   for (guint i = 0; o->inserts != NULL && o->inserts[i] != NULL; i++) {
      if (!check_utf8 (o->inserts[i], "--insert"))
         return FALSE;
   }
   return TRUE;
}

// The account the event is about: --user, else the first --insert (the
// user in 7000/7007), else the name the wizard's text gives ("for Account:
// NAME."), looked up exactly as an --insert would be. NULL when there is
// none. Returns FALSE for an error (an explicit --user not in the list).
static gboolean
find_user (const Options *o, const MhUserList *list, char **user)
{
   *user = NULL;
   if (o->user != NULL)
      *user = g_strdup (o->user);
   else if (o->inserts != NULL && o->inserts[0] != NULL)
      *user = g_strdup (o->inserts[0]);
   else
      *user = mh_explain_user_from_description (o->description);
   if (list == NULL)
      return TRUE;
   if (*user == NULL) {
      mh_cli_error ("explain", "%s",
                    _ ("warning: no --user, no --insert and no "
                       "account in the description, so no account "
                       "of the user list is re-checked"));
      return TRUE;
   }
   if (o->user == NULL || mh_user_list_find (list, o->user) != NULL)
      return TRUE;
   g_autofree char *shown = mh_display_text (o->user, -1, 0);
   g_autofree char *file = mh_display_path (list->path);
   mh_cli_error ("explain",
                 _ ("user %s is not in %s (or has MigrateUser=N); "
                    "check the name, or leave out --users"),
                 shown, file);
   g_clear_pointer (user, g_free);
   return FALSE;
}

// The human answer, on `out`.
static void
print_answer (FILE *out, const Options *o, const mig_event *event,
              const MhEventVerdict *v)
{
   const MhAnswer *a = v->on_error;
   const MhAssessment *s = &v->assessment;
   g_autofree char *source = mh_display_text (
      event->source != NULL ? event->source : "MSExchangeMig", -1, 0);
   if (a->result == MIG_VERDICT_NO_OPINION && !v->has_account) {
      fprintf (out, _ ("Event %u (%s): not handled by the plugin.\n"),
               event->event_id, source);
      if (o->description != NULL) {
         fprintf (out, "%s\n", _ ("Original description:"));
         mh_display_print_block (out, o->description, 3);
      }
      for (guint i = 0; o->inserts != NULL && o->inserts[i] != NULL; i++) {
         g_autofree char *value = mh_display_text (o->inserts[i], -1, 0);
         fprintf (out, _ ("   insert %u: %s\n"), i + 1, value);
      }
      return;
   }
   g_autofree char *cause = mh_display_text (s->cause, -1, 0);
   // The plugin's event id: it recognised the event from the text when the
   // operator gave none.
   fprintf (out, _ ("Event %u (%s): %s (%s)\n"),
            a->event_id != 0 ? a->event_id : event->event_id, source,
            mh_verdict_shown (mh_go_name (s->go)), cause);
   const MhAnswer *words = s->answer;
   if (words == NULL) {
      fprintf (out, "\n");
      mh_display_print_block (out, s->host_text, 0);
      return;
   }
   g_autofree char *holder = mh_holder_describe (&words->holder);
   if (strcmp (holder, "-") != 0)
      fprintf (out, _ ("Holder: %s\n"), holder);
   if (words->retry_after_s > 0 && s->go == MH_GO_DEFER)
      fprintf (out, _ ("Retry after: %u s\n"), words->retry_after_s);
   g_autofree char *others = mh_answer_describe_other_findings (words);
   if (others != NULL)
      fprintf (out, "%s\n", others);
   fprintf (out, "\n");
   mh_display_print_block (out, words->text, 0);
   if (words->documentation[0] != '\0') {
      g_autofree char *doc = mh_display_text (words->documentation, -1, 0);
      fprintf (out, "\n");
      fprintf (out, _ ("See: %s\n"), doc);
   }
   if (words->message_id[0] != '\0') {
      g_autofree char *id = mh_display_text (words->message_id, -1, 0);
      fprintf (out, _ ("Message id: %s\n"), id);
   }
}

static json_t *
answer_json (const Options *o, const mig_event *event, const char *user,
             const MhEventVerdict *v)
{
   const MhAnswer *a = v->on_error;
   json_t *inserts = json_array ();
   for (guint i = 0; o->inserts != NULL && o->inserts[i] != NULL; i++)
      json_array_append_new (inserts, mh_json_text (o->inserts[i], FALSE));
   json_t *root = json_pack (
      "{s:I, s:o, s:o, s:o, s:b, s:o}", "event_id",
      (json_int_t) event->event_id, "source",
      mh_json_text (event->source, FALSE), "inserts", inserts, "description",
      mh_json_text (o->description, FALSE), "handled",
      a->result != MIG_VERDICT_NO_OPINION && !mh_answer_is_error (a), "account",
      v->has_account && user != NULL
         ? json_pack ("{s:s, s:o}", "user", user, "full_name",
                      mh_json_text (v->full_name, TRUE))
         : json_null ());
   mh_event_verdict_to_json (root, v);
   const MhAnswer *words = v->assessment.answer;
   json_object_set_new (
      root, "mmf_path",
      mh_json_text (words != NULL ? words->path : NULL, TRUE));
   return root;
}

// An --insert that is a relative path to a file that exists here ("MAILDATA/
// MMF/00000A01.MMF", typed in the post office's parent folder) is made
// absolute: the plugin resolves paths against no working folder of its own.
// Other values (a user name, a Windows path) are passed as given.
static void
absolute_inserts (Options *o)
{
   for (guint i = 0; o->inserts != NULL && o->inserts[i] != NULL; i++) {
      const char *value = o->inserts[i];
      if (g_path_is_absolute (value) ||
          strchr (value, G_DIR_SEPARATOR) == NULL ||
          !g_file_test (value, G_FILE_TEST_EXISTS))
         continue;
      char *absolute = g_canonicalize_filename (value, NULL);
      g_free (o->inserts[i]);
      o->inserts[i] = absolute;
   }
}

// --description - (standard input) and --description @FILE: the text read
// in place of the option's value, a trailing line break dropped.
static gboolean
read_description (Options *o)
{
   const char *d = o->description;
   if (d == NULL || (strcmp (d, "-") != 0 && d[0] != '@'))
      return TRUE;
   g_autoptr (GError) error = NULL;
   g_autofree char *text = NULL;
   if (strcmp (d, "-") == 0) {
      g_autoptr (GString) in = g_string_new (NULL);
      char buffer[4096];
      size_t n;
      while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
         g_string_append_len (in, buffer, (gssize) n);
      if (ferror (stdin)) {
         mh_cli_error ("explain", "%s",
                       _ ("cannot read the description from standard "
                          "input; pipe the event's text in, or give it with "
                          "--description TEXT"));
         return FALSE;
      }
      text = g_string_free (g_steal_pointer (&in), FALSE);
   } else if (!g_file_get_contents (d + 1, &text, NULL, &error)) {
      mh_cli_error ("explain",
                    _ ("cannot read the description from %s: %s; "
                       "give the file holding the event's text (--description "
                       "@FILE)"),
                    d + 1, error->message);
      return FALSE;
   }
   gsize len = strlen (text);
   while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
      text[--len] = '\0';
   g_free (o->description);
   o->description = g_steal_pointer (&text);
   return TRUE;
}

// An event that names the account and its MMF (7007, ...) given without
// them explains nothing: the plugin has no file to re-check and would only
// say so. Enough is both insertion strings, the event's text, or the post
// office and user list with the account (--user or the first --insert).
static gboolean
check_event_inputs (const Options *o, uint32_t event_id)
{
   if (o->log != NULL || o->description != NULL)
      return TRUE;
   if (o->source != NULL &&
       g_ascii_strcasecmp (o->source, MH_WIZARD_SOURCE) != 0)
      return TRUE; // another source's event: the plugin says what it knows
   const char *const *names = mh_wizard_event_inserts (event_id);
   if (names == NULL)
      return TRUE;
   guint needed = g_strv_length ((GStrv) names);
   guint given = o->inserts != NULL ? g_strv_length (o->inserts) : 0;
   if (given >= needed)
      return TRUE;
   if (o->cli.postoffice != NULL && (o->user != NULL || given >= 1))
      return TRUE;
   g_assert (needed == 2); // the mail-file events: the account, the MMF
   mh_cli_error (
      "explain",
      g_dngettext (
         GETTEXT_PACKAGE,
         "event %u carries two insertion strings, %s and %s, and %u was "
         "given, so there is no mail file to re-check; give them in order "
         "(--insert USER --insert PATH), or the event's text as logged "
         "(--description TEXT), or the post office and user list with the "
         "account (--postoffice DIR --users CSV --user USER)",
         "event %u carries two insertion strings, %s and %s, and %u were "
         "given, so there is no mail file to re-check; give them in order "
         "(--insert USER --insert PATH), or the event's text as logged "
         "(--description TEXT), or the post office and user list with the "
         "account (--postoffice DIR --users CSV --user USER)",
         given),
      event_id, _ (names[0]), _ (names[1]), given);
   return FALSE;
}

static int
explain (Options *o)
{
   uint32_t event_id = 0;
   if (o->log == NULL &&
       (!parse_event_id (o->event, &event_id) || !check_all_utf8 (o) ||
        !check_event_inputs (o, event_id)))
      return MH_EXIT_USAGE;
   absolute_inserts (o);

   g_autoptr (GError) error = NULL;
   g_autofree char *postoffice = NULL;
   g_autoptr (MhUserList) list = NULL;
   const MhCliOptions *cli = &o->cli;
   const char *outputs[] = {"--json", o->json, NULL};
   if (!mh_cli_outputs_outside_postoffice ("explain", cli->postoffice, outputs))
      return MH_EXIT_USAGE;
   if (cli->postoffice != NULL &&
       !mh_postoffice_load (cli->postoffice, cli->users, cli->users_encoding,
                            &postoffice, &list, &error))
      return mh_cli_fail ("explain", error);
   // A log names its accounts event by event (explain-log.c).
   g_autofree char *user = NULL;
   if (o->log == NULL && !find_user (o, list, &user))
      return MH_EXIT_USAGE;

   g_autoptr (MhPluginSession) session = mh_plugin_session_open_with (
      cli->plugin, cli->locale, cli->config, MH_FN_on_error,
      "so it explains no events", &error);
   if (session == NULL)
      return mh_cli_fail ("explain", error);
   int refused = postoffice == NULL
                    ? 0
                    : mh_cli_check_postoffice ("explain", postoffice,
                                               list->entries->len, session);
   if (refused != 0)
      return refused;
   if (o->log != NULL) {
      MhExplainLog x = {.log_path = o->log,
                        .plugin = session->plugin,
                        .postoffice = postoffice,
                        .list = list,
                        .json = o->json};
      return mh_explain_log (&x);
   }

   mig_event event = {
      .struct_size = sizeof event,
      .event_id = event_id,
      .source = o->source,
      .inserts = (const char *const *) o->inserts,
      .n_inserts = o->inserts != NULL ? g_strv_length (o->inserts) : 0,
      .description = o->description,
   };
   MhEventVerdict v;
   mh_explain_event (session->plugin, postoffice, list, user, &event, &v);
   if (mh_answer_is_error (v.on_error)) {
      mh_cli_error ("explain",
                    _ ("the plugin failed to explain the event (%s)"),
                    mh_answer_error_name (v.on_error));
      mh_event_verdict_clear (&v);
      return MH_EXIT_BLOCKED;
   }
   // With the JSON on standard output, the words go to standard error.
   print_answer (o->json != NULL && mh_output_path_is_stdout (o->json) ? stderr
                                                                       : stdout,
                 o, &event, &v);
   // Exit 1 says the plugin does not handle the event, whatever the
   // account's verdict printed.
   int status =
      v.on_error->result == MIG_VERDICT_NO_OPINION ? MH_EXIT_DEFER : MH_EXIT_OK;
   if (o->json != NULL) {
      json_t *root = answer_json (o, &event, user, &v);
      gboolean written = mh_cli_write_json (root, o->json, &error);
      json_decref (root);
      if (!written)
         status = mh_cli_fail ("explain", error);
   }
   mh_event_verdict_clear (&v);
   return status;
}

int
mh_cmd_explain (int argc, char **argv)
{
   Options o = {0};
   int status = !parse_options (&o, &argc, &argv)
                   ? mh_cli_parse_failed_status ()
                : !read_description (&o) ? MH_EXIT_NOINPUT
                                         : explain (&o);
   options_clear (&o);
   return status;
}
