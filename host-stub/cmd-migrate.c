// cmd-migrate.c — `mig-host migrate`: a migration run that completes, as the
// migration wizard's stand-in: every account ends migrated intact, or
// reported with its reason (deferred, blocked, failed); none dropped, none
// half-copied.
//
// The run itself is migration-run.h (passes, requeue, back-off, workers) and
// account-migration.h (one attempt: pre-migrate just in time, the copy, the
// wizard's events, on-error). This file reads the options and writes the
// reports: human on stdout, JSON with --json, events with --events.

#include "answer.h"
#include "cli.h"
#include "commands.h"
#include "display-text.h"
#include "migration-run.h"
#include "plugin-session.h"
#include "postoffice-path.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

enum {
   DEFAULT_RETRIES = 3,
   DEFAULT_COPY_TRIES = 3,
   MAX_JOBS = 64,
};

typedef struct {
   char *plugin_path;
   gboolean no_plugin;
   char *postoffice;
   char *users;
   char *out;
   char *json;
   char *events;
   char *config;
   char *locale;
   int retries;
   char *retry_delay;
   int jobs;
} Options;

static void
options_clear (Options *o)
{
   g_free (o->plugin_path);
   g_free (o->postoffice);
   g_free (o->users);
   g_free (o->out);
   g_free (o->json);
   g_free (o->events);
   g_free (o->config);
   g_free (o->locale);
   g_free (o->retry_delay);
}

static gboolean
parse_options (Options *o, int *argc, char ***argv)
{
   o->retries = DEFAULT_RETRIES;
   o->jobs = 1;
   GOptionEntry options[] = {
      {"plugin", 0, 0, G_OPTION_ARG_FILENAME, &o->plugin_path,
       "The plugin to ask (a shared object; default: $MIG_PLUGIN, else the "
       "installed plugin)", "FILE"},
      {"no-plugin", 0, 0, G_OPTION_ARG_NONE, &o->no_plugin,
       "Ask no plugin: every account is attempted, as the stock wizard does",
       NULL},
      {"postoffice", 0, 0, G_OPTION_ARG_FILENAME, &o->postoffice,
       "The post office's MAILDATA folder (holding GLB/, MMF/, ...)", "DIR"},
      {"users", 0, 0, G_OPTION_ARG_FILENAME, &o->users,
       "The migration wizard's user list (CSV, with Hex-ID and "
       "Password-Recovered columns)", "CSV"},
      {"out", 0, 0, G_OPTION_ARG_FILENAME, &o->out,
       "Where migrated MMFs go (the stand-in for the Exchange store; created "
       "when missing)", "DIR"},
      {"json", 0, 0, G_OPTION_ARG_FILENAME, &o->json,
       "Also write the report as JSON to FILE", "FILE"},
      {"events", 0, 0, G_OPTION_ARG_FILENAME, &o->events,
       "Write the event log (JSON lines) to FILE", "FILE"},
      {"config", 0, 0, G_OPTION_ARG_FILENAME, &o->config,
       "The plugin's configuration file", "FILE"},
      {"locale", 0, 0, G_OPTION_ARG_FILENAME, &o->locale,
       "Language of the plugin's text", "L"},
      {"retries", 0, 0, G_OPTION_ARG_INT, &o->retries,
       "Passes over deferred accounts after the first (default 3)", "N"},
      {"retry-delay", 0, 0, G_OPTION_ARG_STRING, &o->retry_delay,
       "Seconds before the first retry, doubling each time (fractions "
       "allowed; default: the plugin's retry-after, at most 30)", "S"},
      {"jobs", 0, 0, G_OPTION_ARG_INT, &o->jobs,
       "Accounts migrated at once (default 1)", "N"},
      G_OPTION_ENTRY_NULL,
   };
   g_autoptr (GOptionContext) context = g_option_context_new (NULL);
   g_option_context_set_summary (
      context,
      "Migrates every account of the user list: asks the plugin first "
      "(pre-migrate/1 in one batch, then again just before each copy), copies "
      "each MMF that may go into --out (re-checking size and times, copying "
      "again when they changed), logs the wizard's 7007/7000 events when the "
      "host's own attempt fails the way the wizard's would (the MMF held by "
      "another process, the password not synchronised) and asks on-error/1 "
      "about them, and requeues deferred accounts with growing delays.\n\n"
      "mig-host sees kernel locks only (POSIX, OFD, flock, leases): SMB share "
      "modes are invisible to its own attempt (the plugin sees them).\n\n"
      "Exit status: 0 all accounts migrated; 1 some deferred, none blocked "
      "or failed; 2 some blocked or failed, or an error.");
   g_option_context_add_main_entries (context, options, NULL);
   if (!mig_cli_parse_options_only (context, "migrate", argc, argv))
      return FALSE;
   if (o->postoffice == NULL || o->users == NULL || o->out == NULL) {
      mig_cli_error ("migrate", "--postoffice, --users and --out are all "
                     "needed, eg: mig-host migrate --postoffice PO/MAILDATA "
                     "--users PO/users.csv --out exchange/");
      return FALSE;
   }
   g_autoptr (GError) error = NULL;
   if (o->no_plugin && o->plugin_path != NULL) {
      mig_cli_error ("migrate", "--plugin and --no-plugin contradict each "
                     "other; give one");
      return FALSE;
   }
   if (!o->no_plugin && !mig_plugin_locate (&o->plugin_path, NULL, &error)) {
      mig_cli_error ("migrate", "%s (--no-plugin migrates without one)",
                     error->message);
      return FALSE;
   }
   if (o->retries < 0 || o->retries > 20) {
      mig_cli_error ("migrate", "--retries %d: give 0 to 20", o->retries);
      return FALSE;
   }
   if (o->jobs < 1 || o->jobs > MAX_JOBS) {
      mig_cli_error ("migrate", "--jobs %d: give 1 to %d", o->jobs, MAX_JOBS);
      return FALSE;
   }
   return TRUE;
}

// Seconds, fractions allowed ("0.2"); -1 when not given.
static gboolean
parse_delay (const char *text, double *delay)
{
   *delay = -1;
   if (text == NULL)
      return TRUE;
   char *end = NULL;
   double value = g_ascii_strtod (text, &end);
   if (end != text && *end == '\0' && value >= 0 && value <= 3600) {
      *delay = value;
      return TRUE;
   }
   mig_cli_error ("migrate", "--retry-delay \"%s\" is not a number of seconds "
                  "from 0 to 3600, eg --retry-delay 0.5", text);
   return FALSE;
}

static gboolean
make_out_dir (const char *out)
{
   if (g_mkdir_with_parents (out, 0750) == 0 &&
       g_file_test (out, G_FILE_TEST_IS_DIR))
      return TRUE;
   int saved = errno;
   g_autofree char *shown = mig_display_path (out);
   mig_cli_error ("migrate", "cannot create the output folder %s: %s; choose "
                  "a writable --out", shown, g_strerror (saved));
   return FALSE;
}

// ---------------------------------------------------------------------------
// The human report

static const char *
account_cause (const MigAccountState *s)
{
   if (s->answer != NULL && s->outcome != MIG_OUTCOME_MIGRATED)
      return mig_answer_host_cause (s->answer);
   if (s->answer != NULL && s->answer->cause[0] != '\0')
      return s->answer->cause; // a warning on a migrated account
   if (s->host_cause != NULL)
      return s->host_cause;
   return s->outcome == MIG_OUTCOME_MIGRATED ? "none" : "unknown";
}

static void
print_table (const MigRunResult *r)
{
   printf ("\n%-12s  %-8s  %-8s  %-26s  %s\n", "USER", "OUTCOME", "ATTEMPTS",
           "CAUSE", "HOLDER");
   for (guint i = 0; i < r->n_accounts; i++) {
      const MigAccountState *s = &r->accounts[i];
      g_autofree char *user = mig_display_text (s->entry->user, -1, 0);
      g_autofree char *cause = mig_display_text (account_cause (s), -1, 0);
      g_autofree char *holder = s->answer != NULL
                                   ? mig_holder_describe (&s->answer->holder)
                                   : g_strdup ("-");
      int pad = MAX (0, 12 - (int) g_utf8_strlen (user, -1));
      printf ("%s%*s  %-8s  %-8u  %-26s  %s\n", user, pad, "",
              mig_outcome_name (s->outcome), s->attempts, cause, holder);
   }
}

static void
print_account_text (const MigAccountState *s)
{
   g_autofree char *user = mig_display_text (s->entry->user, -1, 0);
   g_autofree char *cause = mig_display_text (account_cause (s), -1, 0);
   printf ("\n%s: %s (%s) after %u attempt%s\n", user,
           mig_outcome_name (s->outcome), cause, s->attempts,
           s->attempts == 1 ? "" : "s");
   if (s->host_reason != NULL) {
      g_autofree char *why = mig_display_text (s->host_reason, -1, 0);
      printf ("   mig-host: %s\n", why);
   }
   const MigAnswer *a = s->answer;
   if (a == NULL) {
      if (s->outcome != MIG_OUTCOME_MIGRATED)
         printf ("   (no plugin: nothing explains the failure)\n");
      return;
   }
   if (mig_answer_is_error (a))
      printf ("   The plugin failed (%s); mig-host does not migrate an "
              "account nobody vouched for.\n",
              a->result < 0 ? mig_status_name (a->result) : "unknown verdict");
   else if (a->result == MIG_VERDICT_NO_OPINION)
      printf ("   The plugin has no opinion (%s).\n", s->answer_hook);
   if (a->text[0] != '\0')
      mig_cli_print_block (stdout, a->text, 3);
   if (a->documentation[0] != '\0') {
      g_autofree char *doc = mig_display_text (a->documentation, -1, 0);
      printf ("   See: %s\n", doc);
   }
}

static void
print_section (const MigRunResult *r, MigOutcome outcome)
{
   for (guint i = 0; i < r->n_accounts; i++) {
      const MigAccountState *s = &r->accounts[i];
      gboolean warning = s->outcome == MIG_OUTCOME_MIGRATED &&
                         s->answer != NULL && s->answer->cause[0] != '\0';
      if (s->outcome == outcome &&
          (outcome != MIG_OUTCOME_MIGRATED || warning))
         print_account_text (s);
   }
}

static void
print_human (const MigRunResult *r, const MigUserList *list)
{
   print_table (r);
   // Migrated with a warning first, then the ones that need attention.
   print_section (r, MIG_OUTCOME_MIGRATED);
   print_section (r, MIG_OUTCOME_DEFERRED);
   print_section (r, MIG_OUTCOME_BLOCKED);
   print_section (r, MIG_OUTCOME_FAILED);
   MigOutcomeCounts c = mig_run_count (r);
   printf ("\n%u accounts: %u migrated, %u deferred, %u blocked, %u failed "
           "(%u pass%s)",
           r->n_accounts, c.migrated, c.deferred, c.blocked, c.failed,
           r->passes, r->passes == 1 ? "" : "es");
   if (list->n_not_migrated > 0)
      printf ("; %u not to be migrated (MigrateUser=N)", list->n_not_migrated);
   printf (".\n");
}

// ---------------------------------------------------------------------------
// The JSON report: preflight's fields plus outcome and attempts.

static json_t *
account_json (const MigAccountState *s)
{
   json_t *o = json_pack ("{s:s, s:o, s:o}", "user", s->entry->user,
                          "hex_id", mig_json_text (s->entry->hex_id, TRUE),
                          "mmf_path",
                          mig_json_text (s->mmf_path != NULL || s->answer == NULL
                                            ? s->mmf_path
                                            : s->answer->path,
                                         TRUE));
   if (s->answer != NULL) {
      json_t *fields = mig_answer_to_json (s->answer);
      json_object_update (o, fields);
      json_decref (fields);
      json_object_set_new (o, "answered_by", json_string (s->answer_hook));
   } else {
      json_object_set_new (o, "verdict", json_null ());
      json_object_set_new (o, "cause", json_null ());
   }
   json_object_set_new (o, "outcome",
                        json_string (mig_outcome_name (s->outcome)));
   json_object_set_new (o, "attempts", json_integer (s->attempts));
   json_object_set_new (o, "host_cause", mig_json_text (s->host_cause, TRUE));
   json_object_set_new (o, "host_reason", mig_json_text (s->host_reason, TRUE));
   json_object_set_new (o, "bytes", s->outcome == MIG_OUTCOME_MIGRATED
                                       ? json_integer (s->bytes)
                                       : json_null ());
   json_object_set_new (o, "copies", json_integer (s->copy_tries));
   return o;
}

static json_t *
plugin_json (const MigPlugin *plugin)
{
   if (plugin == NULL)
      return json_null ();
   const mig_plugin_entry *entry = mig_plugin_entry_of (plugin);
   g_autofree char *name = g_utf8_make_valid (entry->name, -1);
   g_autofree char *version = g_utf8_make_valid (entry->version, -1);
   g_autofree char *path = g_utf8_make_valid (mig_plugin_path (plugin), -1);
   return json_pack ("{s:s, s:s, s:s}", "name", name, "version", version,
                     "path", path);
}

static json_t *
report_json (const MigRunOptions *o, const MigRunResult *r,
             const MigUserList *list)
{
   json_t *accounts = json_array ();
   for (guint i = 0; i < r->n_accounts; i++)
      json_array_append_new (accounts, account_json (&r->accounts[i]));
   json_t *postoffice = json_pack ("{s:s}", "path", o->migration.postoffice);
   if (r->postoffice_answer != NULL) {
      json_t *fields = mig_answer_to_json (r->postoffice_answer);
      json_object_update (postoffice, fields);
      json_decref (fields);
   }
   MigOutcomeCounts c = mig_run_count (r);
   return json_pack (
      "{s:o, s:o, s:s, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I}}",
      "plugin", plugin_json (o->migration.plugin),
      "postoffice", postoffice,
      "out", o->migration.out_dir,
      "accounts", accounts,
      "summary",
      "migrated", (json_int_t) c.migrated,
      "deferred", (json_int_t) c.deferred,
      "blocked", (json_int_t) c.blocked,
      "failed", (json_int_t) c.failed,
      "total", (json_int_t) r->n_accounts,
      "not_migrated", (json_int_t) list->n_not_migrated,
      "passes", (json_int_t) r->passes);
}

static int
exit_code (const MigRunResult *r)
{
   MigOutcomeCounts c = mig_run_count (r);
   if (r->had_error || c.blocked > 0 || c.failed > 0)
      return MIG_EXIT_ERROR;
   return c.deferred > 0 ? MIG_EXIT_DEFER : MIG_EXIT_OK;
}

// ---------------------------------------------------------------------------

static int
run_migrate (const Options *o)
{
   double delay = -1;
   if (!parse_delay (o->retry_delay, &delay))
      return MIG_EXIT_ERROR;
   g_autoptr (GError) error = NULL;
   g_autofree char *postoffice = NULL;
   g_autoptr (MigUserList) list = NULL;
   if (!mig_postoffice_load (o->postoffice, o->users, &postoffice, &list,
                             &error)) {
      mig_cli_error ("migrate", "%s", error->message);
      return MIG_EXIT_ERROR;
   }
   if (!make_out_dir (o->out))
      return MIG_EXIT_ERROR;
   g_autofree char *out_dir = g_canonicalize_filename (o->out, NULL);
   g_autoptr (MigPluginSession) session = NULL;
   if (o->plugin_path != NULL) {
      session = mig_plugin_session_open (o->plugin_path, o->locale, o->config,
                                         &error);
      if (session == NULL) {
         mig_cli_error ("migrate", "%s", error->message);
         return MIG_EXIT_ERROR;
      }
      if (mig_plugin_hook (session->plugin, MIG_FN_pre_migrate) == NULL) {
         g_autofree char *shown = mig_display_path (o->plugin_path);
         mig_cli_error ("migrate", "plugin %s offers no %s, so it cannot "
                        "judge accounts; use a plugin that does, or give "
                        "--no-plugin", shown, MIG_HOOK_PRE_MIGRATE);
         return MIG_EXIT_ERROR;
      }
   }
   MigEventLog *log = mig_event_log_open (o->events, &error);
   if (log == NULL) {
      mig_cli_error ("migrate", "%s", error->message);
      return MIG_EXIT_ERROR;
   }

   MigRunOptions run = {
      .migration = {.plugin = session != NULL ? session->plugin : NULL,
                    .postoffice = postoffice,
                    .out_dir = out_dir,
                    .log = log,
                    .max_copy_tries = DEFAULT_COPY_TRIES},
      .jobs = (guint) o->jobs,
      .retries = (guint) o->retries,
      .retry_delay = delay,
      .progress = isatty (STDOUT_FILENO),
   };
   g_autofree char *shown_po = mig_display_path (postoffice);
   printf ("Migrating %u accounts of %s %s\n", list->entries->len, shown_po,
           session != NULL ? "(asking the plugin first)"
                           : "(no plugin: every account is attempted)");
   fflush (stdout);
   g_autoptr (MigRunResult) result = mig_run_migration (&run, list);
   mig_run_log_summary (&run, result);
   int status = exit_code (result);
   if (!mig_event_log_close (log, &error)) {
      mig_cli_error ("migrate", "%s", error->message);
      g_clear_error (&error);
      status = MIG_EXIT_ERROR;
   }
   print_human (result, list);
   if (o->json != NULL) {
      json_t *root = report_json (&run, result, list);
      gboolean written = mig_cli_write_json (root, o->json, &error);
      json_decref (root);
      if (!written) {
         mig_cli_error ("migrate", "%s", error->message);
         return MIG_EXIT_ERROR;
      }
   }
   return status;
}

int
mig_cmd_migrate (int argc, char **argv)
{
   Options o = {0};
   int status = parse_options (&o, &argc, &argv) ? run_migrate (&o)
                                                  : MIG_EXIT_ERROR;
   options_clear (&o);
   return status;
}
