// cmd-migrate.c — `mig-host migrate`: a migration run that completes, as the
// migration wizard's stand-in: every account ends migrated intact, or
// reported with its reason (deferred, blocked, failed); none dropped, none
// half-copied.
//
// The run itself is migration-run.h (passes, requeue, back-off, workers) and
// account-migration.h (one attempt: pre-migrate just in time, the copy, the
// wizard's events, on-error). This file reads the options and writes the
// reports: human on stdout, JSON with --json, events with --events.

#include "plugin-host/answer-copy.h"
#include "plugin-host/assessment.h"
#include "cli.h"
#include "cmd/commands.h"
#include "display-text.h"
#include "host-error.h"
#include "run/migration-run.h"
#include "run/mmf-folder.h"
#include "plugin-host/plugin-session.h"
#include "wizard-input/postoffice-path.h"
#include "report/operator-plan.h"
#include "report/plan-files.h"
#include "report/problem-digest.h"
#include "report/run-report.h"
#include "run/out-lock.h"
#include "run/report-lock.h"
#include "run/run-interrupt.h"
#include "run/run-journal.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
   DEFAULT_RETRIES = 3,
   DEFAULT_COPY_TRIES = 3,
   MAX_JOBS = 64,
};

typedef struct {
   MhCliOptions cli; // --plugin, --postoffice, --users, ...
   gboolean no_plugin;
   char *out;
   char *json;
   char *events;
   int retries;
   char *retry_delay;
   int jobs;
   gboolean problems_only;
   gboolean wait_lock;
   gboolean verbose;
   char *csv;
   char *html;
} Options;

static void
options_clear (Options *o)
{
   mh_cli_options_clear (&o->cli);
   g_free (o->out);
   g_free (o->json);
   g_free (o->events);
   g_free (o->retry_delay);
   g_free (o->csv);
   g_free (o->html);
}

static gboolean
parse_options (Options *o, int *argc, char ***argv)
{
   o->retries = DEFAULT_RETRIES;
   o->jobs = 1;
   GOptionEntry options[] = {
      mh_cli_option (&o->cli, MH_CLI_PLUGIN, NULL),
      {"no-plugin", 0, 0, G_OPTION_ARG_NONE, &o->no_plugin,
       "Ask no plugin: every account is attempted, as the stock wizard does",
       NULL},
      mh_cli_option (&o->cli, MH_CLI_POSTOFFICE, NULL),
      mh_cli_option (&o->cli, MH_CLI_USERS, NULL),
      mh_cli_option (&o->cli, MH_CLI_USERS_ENCODING, NULL),
      {"out", 0, 0, G_OPTION_ARG_FILENAME, &o->out,
       "Where migrated MMFs go (the stand-in for the Exchange store; created "
       "when missing)",
       "DIR"},
      {"json", 0, 0, G_OPTION_ARG_FILENAME, &o->json,
       "Also write the report as JSON to FILE, each account as it is settled "
       "(- for standard output)",
       "FILE"},
      {"events", 0, 0, G_OPTION_ARG_FILENAME, &o->events,
       "Write the event log (JSON lines) to FILE, each event as it happens "
       "(- for standard output)",
       "FILE"},
      {"csv", 0, 0, G_OPTION_ARG_FILENAME, &o->csv,
       "Write the help desk's call list to FILE once the run ends: one CSV "
       "row per account not migrated that someone must act on",
       "FILE"},
      {"html", 0, 0, G_OPTION_ARG_FILENAME, &o->html,
       "Write the run as one self-contained, printable HTML page to FILE",
       "FILE"},
      mh_cli_option (&o->cli, MH_CLI_CONFIG, NULL),
      mh_cli_option (&o->cli, MH_CLI_LOCALE,
                     "Language of the plugin's text and of mig-host's own "
                     "lines"),
      {"retries", 0, 0, G_OPTION_ARG_INT, &o->retries,
       "Passes over deferred accounts after the first (default 3)", "N"},
      {"retry-delay", 0, 0, G_OPTION_ARG_STRING, &o->retry_delay,
       "Seconds before the first retry, doubling each time (fractions "
       "allowed; default: the plugin's retry-after, at most 30)",
       "S"},
      {"jobs", 0, 0, G_OPTION_ARG_INT, &o->jobs,
       "Accounts migrated at once (default 1)", "N"},
      {"wait-lock", 0, 0, G_OPTION_ARG_NONE, &o->wait_lock,
       "When another run holds --out, wait for it to end instead of "
       "refusing to start",
       NULL},
      {"problems-only", 'q', 0, G_OPTION_ARG_NONE, &o->problems_only,
       "With --verbose: list only the accounts not migrated (all are counted, "
       "and all are in the JSON report)",
       NULL},
      {"verbose", 'v', 0, G_OPTION_ARG_NONE, &o->verbose,
       "End with one line per account (user, outcome, attempts, cause, holder "
       "or reason) instead of the accounts grouped by what they need",
       NULL},
      G_OPTION_ENTRY_NULL,
   };
   const char *summary =
      "Migrates every account of the user list: asks the plugin first "
      "(pre-migrate/1 in one batch, then again just before each copy), copies "
      "each MMF that may go into --out (re-checking size and times, copying "
      "again when they changed), logs the wizard's 7007/7000 events when the "
      "host's own attempt fails the way the wizard's would (the MMF held by "
      "another process, the password not synchronised) and asks on-error/1 "
      "about them, and requeues deferred accounts with growing delays.\n\n"
      "mig-host sees kernel locks only (POSIX, OFD, flock, leases): SMB share "
      "modes are invisible to its own attempt (the plugin sees them).\n\n"
      "Ctrl-C (SIGINT) or SIGTERM ends the run cleanly: a copy in progress is "
      "removed (never a half-copied MMF in --out), the reports are closed and "
      "marked incomplete. The reports and the journal in --out "
      "(.mig-host-journal.jsonl) are written as things happen and survive "
      "even SIGKILL; a later run removes what a killed one left and resumes, "
      "copying again only what the journal does not vouch for. One run per "
      "--out; writing --out failing (a full disk, a read-only folder) stops "
      "the run at once (exit 74).\n\n";
   g_autofree char *exit_status = mh_cli_exit_status (
      "0 all accounts migrated; 1 some deferred, none blocked or failed; 2 "
      "some blocked or failed",
      (const int[]){MH_EXIT_USAGE, MH_EXIT_DATAERR, MH_EXIT_NOINPUT,
                    MH_EXIT_UNAVAILABLE, MH_EXIT_CANTCREAT, MH_EXIT_IOERR,
                    MH_EXIT_TEMPFAIL, MH_EXIT_CONFIG, MH_EXIT_NOTPOSTOFFICE,
                    MH_EXIT_SIGINT, MH_EXIT_SIGTERM, -1});
   g_autofree char *help = g_strconcat (summary, exit_status, NULL);
   if (!mh_cli_parse_options_only ("migrate", help, options, argc, argv))
      return FALSE;
   if (o->cli.postoffice == NULL || o->cli.users == NULL || o->out == NULL) {
      mh_cli_error ("migrate", "%s",
                    _ ("--postoffice, --users and --out are all needed, eg: "
                       "mig-host migrate --postoffice PO/MAILDATA --users "
                       "PO/users.csv --out exchange/"));
      return FALSE;
   }
   if (o->no_plugin && o->cli.plugin != NULL) {
      mh_cli_error ("migrate", "%s",
                    _ ("--plugin and --no-plugin contradict each other; give "
                       "one"));
      return FALSE;
   }
   if (o->retries < 0 || o->retries > 20) {
      mh_cli_error ("migrate", _ ("--retries %d: give 0 to 20"), o->retries);
      return FALSE;
   }
   if (o->jobs < 1 || o->jobs > MAX_JOBS) {
      mh_cli_error ("migrate", _ ("--jobs %d: give 1 to %d"), o->jobs,
                    MAX_JOBS);
      return FALSE;
   }
   // Usage first: the plugin is looked for once the command line is right.
   if (!o->no_plugin &&
       !mh_cli_locate_plugin (&o->cli, "migrate",
                              _ ("--no-plugin migrates without one")))
      return FALSE;
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
   mh_cli_error ("migrate",
                 _ ("--retry-delay \"%s\" is not a number of seconds "
                    "from 0 to 3600, eg --retry-delay 0.5"),
                 text);
   return FALSE;
}

// --out inside the post office (or the post office itself) would write into
// the live post office: MMF copies beside the originals, or "already
// migrated" for files nobody copied. Refused before anything is read.
static gboolean
out_outside_postoffice (const char *out, const char *postoffice)
{
   gboolean same = FALSE;
   if (!mh_postoffice_contains (postoffice, out, &same))
      return TRUE;
   g_autofree char *po = mh_postoffice_resolve (postoffice);
   g_autofree char *shown_out = mh_display_path (out);
   g_autofree char *shown_po = mh_display_path (po);
   mh_cli_error ("migrate",
                 same
                    ? _ ("--out %s is the post office %s: migrated MMFs must "
                         "not be written into the post office being migrated; "
                         "give a folder outside it, eg --out exchange/")
                    : _ ("--out %s is inside the post office %s: migrated "
                         "MMFs must not be written into the post office being "
                         "migrated; give a folder outside it, eg --out "
                         "exchange/"),
                 shown_out, shown_po);
   return FALSE;
}

static gboolean
make_out_dir (const char *out)
{
   if (g_mkdir_with_parents (out, 0750) == 0 &&
       g_file_test (out, G_FILE_TEST_IS_DIR))
      return TRUE;
   int saved = errno;
   g_autofree char *shown = mh_display_path (out);
   mh_cli_error ("migrate",
                 _ ("cannot create the output folder %s: %s; choose "
                    "a writable --out"),
                 shown, g_strerror (saved));
   return FALSE;
}

// ---------------------------------------------------------------------------
// The human report

// What the reports share while the run goes.
typedef struct {
   const Options *options;
   const MhRunOptions *run;
   FILE *human;               // stdout, or stderr when a report is on stdout
   MhReportStream *report;    // NULL without --json
   const MhRunResult *result; // set once the post office answered
} Reports;

static const char *
account_cause (const MhRunResult *r, const MhAccountState *s)
{
   if (s->outcome == MH_OUTCOME_INTERRUPTED && s->host_cause != NULL)
      return s->host_cause; // the run's end, not the account
   if (s->by_postoffice && r->postoffice_answer != NULL)
      return mh_answer_host_cause (r->postoffice_answer);
   if (s->answer != NULL && s->outcome != MH_OUTCOME_MIGRATED)
      return mh_answer_host_cause (s->answer);
   if (s->answer != NULL && s->answer->cause[0] != '\0')
      return s->answer->cause; // a warning on a migrated account
   if (s->host_cause != NULL)
      return s->host_cause;
   if (s->already_migrated)
      return "already-migrated";
   return s->outcome == MH_OUTCOME_MIGRATED ? "none" : "unknown";
}

static gboolean
needs_attention (const MhAccountState *s)
{
   gboolean warning = s->outcome == MH_OUTCOME_MIGRATED && s->answer != NULL &&
                      s->answer->cause[0] != '\0';
   return s->outcome != MH_OUTCOME_MIGRATED || warning;
}

static void
print_postoffice (const MhRunResult *r, gpointer data)
{
   Reports *rep = data;
   rep->result = r;
   const MhAnswer *a = r->postoffice_answer;
   if (a != NULL && a->result != MIG_VERDICT_PROCEED &&
       a->result != MIG_VERDICT_NO_OPINION) {
      g_autofree char *path = mh_display_path (rep->run->migration.postoffice);
      g_autofree char *cause =
         mh_display_text (mh_answer_host_cause (a), -1, MH_DISPLAY_ONE_LINE);
      fprintf (rep->human, _ ("Post office %s: %s (%s)\n"), path,
               mh_verdict_shown (mh_answer_host_verdict (a)), cause);
      if (a->text[0] != '\0')
         mh_display_print_block (rep->human, a->text, 3);
      if (r->postoffice_blocked)
         fprintf (rep->human, "   %s\n",
                  _ ("No account is migrated while this lasts: every "
                     "account below is blocked by it."));
      fflush (rep->human);
   }
   if (rep->report != NULL)
      mh_report_stream_field (
         rep->report, "postoffice",
         mh_run_report_postoffice (rep->run->migration.postoffice, a));
}

// The holder, or one line saying why no holder does: the post office's
// cause, the host's own finding, the plugin's subject; "-" for none.
static char *
account_reason (const MhRunResult *r, const MhAccountState *s)
{
   if (s->answer != NULL && s->answer->holder.count > 0)
      return mh_holder_describe (&s->answer->holder);
   if (s->by_postoffice)
      return g_strdup_printf (_ ("the post office: %s"), account_cause (r, s));
   if (s->entry->problem != NULL || s->host_reason != NULL) {
      const char *text =
         s->host_reason != NULL ? s->host_reason : s->entry->problem;
      const char *end = strchr (text, '\n');
      return mh_display_text (text, end != NULL ? end - text : -1,
                              MH_DISPLAY_ONE_LINE);
   }
   if (s->answer != NULL && s->answer->text[0] != '\0' &&
       s->outcome != MH_OUTCOME_MIGRATED) {
      const char *end = strchr (s->answer->text, '\n');
      g_autofree char *line = mh_display_text (
         s->answer->text, end != NULL ? end - s->answer->text : -1,
         MH_DISPLAY_ONE_LINE);
      return mh_plan_subject (line);
   }
   return g_strdup ("-");
}

static void
print_table (const Reports *rep, const MhRunResult *r)
{
   const char *heads[] = {_ ("USER"), _ ("OUTCOME"), _ ("ATTEMPTS")};
   int widths[] = {12, 8, 8};
   for (MhOutcome k = 0; k <= MH_OUTCOME_INTERRUPTED; k++)
      widths[1] =
         MAX (widths[1], (int) g_utf8_strlen (mh_outcome_shown (k), -1));
   for (gsize k = 0; k < G_N_ELEMENTS (heads); k++)
      widths[k] = MAX (widths[k], (int) g_utf8_strlen (heads[k], -1));
   fprintf (rep->human, "\n");
   for (gsize k = 0; k < G_N_ELEMENTS (heads); k++)
      fprintf (rep->human, "%s%*s  ", heads[k],
               widths[k] - (int) g_utf8_strlen (heads[k], -1), "");
   fprintf (rep->human, "%-26s  %s\n", _ ("CAUSE"), _ ("HOLDER"));
   guint left_out = 0;
   for (guint i = 0; i < r->n_accounts; i++) {
      const MhAccountState *s = &r->accounts[i];
      if (rep->options->problems_only && !needs_attention (s)) {
         left_out++;
         continue;
      }
      g_autofree char *user = mh_display_text (s->entry->user, -1, 0);
      g_autofree char *cause = mh_display_text (account_cause (r, s), -1, 0);
      g_autofree char *holder = account_reason (r, s);
      int pad = MAX (0, widths[0] - (int) g_utf8_strlen (user, -1));
      const char *outcome = mh_outcome_shown (s->outcome);
      int opad = MAX (0, widths[1] - (int) g_utf8_strlen (outcome, -1));
      fprintf (rep->human, "%s%*s  %s%*s  %-*u  %-26s  %s\n", user, pad, "",
               outcome, opad, "", widths[2], s->attempts, cause, holder);
   }
   if (left_out > 0)
      fprintf (rep->human,
               g_dngettext (GETTEXT_PACKAGE,
                            "(%u migrated account not listed: "
                            "--problems-only)\n",
                            "(%u migrated accounts not listed: "
                            "--problems-only)\n",
                            left_out),
               left_out);
}

static char *
account_body (const MhAccountState *s)
{
   GString *b = g_string_new (NULL);
   if (s->host_reason != NULL) {
      g_autofree char *why = mh_display_text (s->host_reason, -1, 0);
      g_string_append_printf (b, "   mig-host: %s\n", why);
   }
   const MhAnswer *a = s->answer;
   // Not done because the run ended: the plugin's text (a warning that
   // let it proceed) would only hide why.
   if (s->outcome == MH_OUTCOME_INTERRUPTED && s->host_cause != NULL)
      return g_string_free (b, FALSE);
   if (a == NULL) {
      if (s->outcome == MH_OUTCOME_FAILED)
         g_string_append_printf (
            b, "   %s\n", _ ("(no plugin: nothing explains the failure)"));
      return g_string_free (b, FALSE);
   }
   if (mh_answer_is_error (a))
      g_string_append_printf (b,
                              _ ("   The plugin failed (%s); mig-host does "
                                 "not migrate an account nobody vouched "
                                 "for.\n"),
                              mh_answer_error_name (a));
   else if (a->result == MIG_VERDICT_NO_OPINION)
      g_string_append_printf (b, _ ("   The plugin has no opinion (%s).\n"),
                              s->answer_hook);
   mh_answer_append_text (b, a);
   return g_string_free (b, FALSE);
}

// Every account's cause counted; the paragraph of each account that needs
// one kept, each distinct text once. Accounts the post office blocked have
// none of their own: the post office's was printed first.
static void
plan_account (MhPlan *plan, const MhRunResult *r, const MhAccountState *s)
{
   const char *cause = account_cause (r, s);
   g_autofree char *user = mh_display_text (s->entry->user, -1, 0);
   g_autofree char *shown_cause = mh_display_text (cause, -1, 0);
   g_autofree char *reason = account_reason (r, s);
   gboolean paragraph = needs_attention (s) && !s->by_postoffice;
   g_autofree char *headline =
      paragraph
         ? g_strdup_printf (
              g_dngettext (GETTEXT_PACKAGE, "%s: %s (%s) after %u attempt",
                           "%s: %s (%s) after %u attempts", s->attempts),
              user, mh_outcome_shown (s->outcome), shown_cause, s->attempts)
         : NULL;
   g_autofree char *body = paragraph ? account_body (s) : NULL;
   MhPlanAccount account = {
      .entry = s->entry,
      .verdict = mh_outcome_name (s->outcome),
      .ok = s->outcome == MH_OUTCOME_MIGRATED,
      .cause = cause,
      .holder = s->answer != NULL ? &s->answer->holder : NULL,
      .reason = strcmp (reason, "-") != 0 ? reason : NULL,
      .headline = headline,
      .body = body,
      .mmf_path = s->mmf_path != NULL ? s->mmf_path
                  : s->answer != NULL ? s->answer->path
                                      : NULL,
      .strict = s->entry->problem != NULL,
   };
   mh_plan_add (plan, &account);
}

// Every account into the plan; the paragraphs of the migrated with a
// warning first, then those of the ones that need attention.
static MhPlan *
plan_run (const MhRunResult *r, const char *postoffice)
{
   MhPlan *plan = mh_plan_new ("migrate", postoffice, _ ("DONE"),
                               _ ("NOT DONE"), C_ ("accounts", "migrated"));
   const MhOutcome order[] = {MH_OUTCOME_MIGRATED,    MH_OUTCOME_DEFERRED,
                              MH_OUTCOME_BLOCKED,     MH_OUTCOME_FAILED,
                              MH_OUTCOME_INTERRUPTED, MH_OUTCOME_PENDING};
   for (gsize k = 0; k < G_N_ELEMENTS (order); k++)
      for (guint i = 0; i < r->n_accounts; i++)
         if (r->accounts[i].outcome == order[k])
            plan_account (plan, r, &r->accounts[i]);
   mh_plan_set_postoffice_answer (plan, r->postoffice_answer);
   if (mh_interrupted ())
      mh_plan_set_incomplete (plan, _ ("interrupted before every account "
                                       "was settled"));
   else if (r->had_error)
      mh_plan_set_incomplete (plan,
                              _ ("a hook of the plugin failed (see above)"));
   return plan;
}

static void
print_human (const Reports *rep, const MhRunResult *r, const MhPlan *plan,
             const MhUserList *list)
{
   g_autofree char *line = mh_plan_go_line (plan);
   if (rep->options->verbose) {
      print_table (rep, r);
      mh_digest_print (mh_plan_digest ((MhPlan *) plan), rep->human);
   } else {
      fprintf (rep->human, "\n%s\n\n", line);
      mh_plan_print_actions (plan, rep->human);
      guint quiet = 0;
      for (guint i = 0; i < r->n_accounts; i++)
         quiet += !needs_attention (&r->accounts[i]);
      if (quiet > 0)
         fprintf (rep->human,
                  g_dngettext (GETTEXT_PACKAGE,
                               "\n(%u migrated account not listed; --verbose "
                               "lists every account)\n",
                               "\n(%u migrated accounts not listed; --verbose "
                               "lists every account)\n",
                               quiet),
                  quiet);
      mh_plan_print_explanations (plan, rep->human);
   }
   MhOutcomeCounts c = mh_run_count (r);
   fputc ('\n', rep->human);
   fprintf (rep->human,
            g_dngettext (GETTEXT_PACKAGE,
                         "%u account: %u migrated, %u deferred, %u blocked, "
                         "%u failed",
                         "%u accounts: %u migrated, %u deferred, %u blocked, "
                         "%u failed",
                         r->n_accounts),
            r->n_accounts, c.migrated, c.deferred, c.blocked, c.failed);
   if (c.interrupted > 0)
      fprintf (rep->human, _ (", %u not done"), c.interrupted);
   fprintf (
      rep->human,
      g_dngettext (GETTEXT_PACKAGE, " (%u pass)", " (%u passes)", r->passes),
      r->passes);
   if (list->n_not_migrated > 0)
      fprintf (rep->human, _ ("; %u not to be migrated (MigrateUser=N)"),
               list->n_not_migrated);
   guint already = 0;
   for (guint i = 0; i < r->n_accounts; i++)
      already += r->accounts[i].already_migrated;
   if (already > 0)
      fprintf (rep->human,
               _ ("; %u of the migrated were in --out already with the "
                  "source's bytes (the journal's checksum) and were not "
                  "copied again"),
               already);
   fprintf (rep->human, ".\n");
   g_autofree char *causes =
      mh_digest_causes_line (mh_plan_digest ((MhPlan *) plan));
   if (causes != NULL)
      fprintf (rep->human, _ ("By cause: %s.\n"), causes);
   const GError *stop = mh_interrupt_stop_error ();
   if (stop != NULL)
      fprintf (rep->human,
               g_dngettext (GETTEXT_PACKAGE,
                            "Stopped: %s.\n%u account not done because of "
                            "it; the reports are marked incomplete. Run again "
                            "when --out can be written: what was migrated is "
                            "kept and not copied again.\n",
                            "Stopped: %s.\n%u accounts not done because of "
                            "it; the reports are marked incomplete. Run again "
                            "when --out can be written: what was migrated is "
                            "kept and not copied again.\n",
                            c.interrupted),
               stop->message, c.interrupted);
   else if (mh_interrupted ())
      fprintf (rep->human,
               _ ("Interrupted (%s): the reports are marked "
                  "incomplete; run again to finish.\n"),
               mh_interrupt_name ());
   if (rep->options->verbose)
      fprintf (rep->human, "%s\n", line);
}

// ---------------------------------------------------------------------------
// The JSON report: preflight's fields plus outcome and attempts, each
// account written when it is settled.

static json_t *
account_json (const MhRunResult *r, const MhAccountState *s)
{
   json_t *o = json_pack (
      "{s:s, s:o, s:o, s:o}", "user", s->entry->user, "full_name",
      mh_json_text (s->entry->full_name, TRUE), "hex_id",
      mh_json_text (s->entry->hex_id, TRUE), "mmf_path",
      mh_json_text (s->mmf_path != NULL || s->answer == NULL ? s->mmf_path
                                                             : s->answer->path,
                    TRUE));
   if (s->answer != NULL) {
      json_t *fields = mh_answer_to_json (s->answer);
      json_object_update (o, fields);
      json_decref (fields);
      json_object_set_new (o, "answered_by", json_string (s->answer_hook));
   } else if (s->by_postoffice) {
      json_object_set_new (o, "verdict", json_string ("block"));
      json_object_set_new (o, "cause", json_string (account_cause (r, s)));
      json_object_set_new (o, "findings",
                           mh_answer_findings_to_json (r->postoffice_answer));
   } else if (s->entry->problem != NULL) {
      // The same verdict preflight gives the row (assessment.h).
      MhAssessment a = mh_assess_account (NULL, s->entry, NULL);
      json_object_set_new (o, "verdict", json_string (mh_go_name (a.go)));
      json_object_set_new (o, "cause", json_string (a.cause));
      json_object_set_new (o, "findings", json_array ());
      mh_assessment_clear (&a);
   } else {
      json_object_set_new (o, "verdict", json_null ());
      json_object_set_new (o, "cause", json_null ());
      json_object_set_new (o, "findings", json_array ());
   }
   json_object_set_new (o, "decided_by",
                        json_string (s->by_postoffice            ? "postoffice"
                                     : s->entry->problem != NULL ? "user-list"
                                                                 : "account"));
   if (s->outcome == MH_OUTCOME_INTERRUPTED && s->host_cause != NULL)
      json_object_set_new (o, "cause", json_string (s->host_cause));
   json_object_set_new (o, "outcome",
                        json_string (mh_outcome_name (s->outcome)));
   json_object_set_new (o, "attempts", json_integer (s->attempts));
   json_object_set_new (o, "host_cause", mh_json_text (s->host_cause, TRUE));
   json_object_set_new (o, "host_reason", mh_json_text (s->host_reason, TRUE));
   json_object_set_new (o, "bytes",
                        s->outcome == MH_OUTCOME_MIGRATED
                           ? json_integer (s->bytes)
                           : json_null ());
   json_object_set_new (o, "copies", json_integer (s->copy_tries));
   json_object_set_new (o, "already_migrated",
                        json_boolean (s->already_migrated));
   return o;
}

// Called from worker threads: the stream serialises its writers.
static void
write_account (const MhAccountState *s, gpointer data)
{
   Reports *rep = data;
   // Each record is flushed as it is written, so a SIGKILL loses none; the
   // events are synced too (the journal syncs what a power cut must not
   // lose: each landing).
   if (rep->report != NULL)
      mh_report_stream_account (rep->report, account_json (rep->result, s));
   mh_event_log_sync (rep->run->migration.log);
}

static json_t *
summary_json (const MhRunResult *r, const MhUserList *list)
{
   MhOutcomeCounts c = mh_run_count (r);
   return json_pack (
      "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "migrated",
      (json_int_t) c.migrated, "deferred", (json_int_t) c.deferred, "blocked",
      (json_int_t) c.blocked, "failed", (json_int_t) c.failed, "interrupted",
      (json_int_t) c.interrupted, "total", (json_int_t) r->n_accounts,
      "not_migrated", (json_int_t) list->n_not_migrated, "passes",
      (json_int_t) r->passes);
}

static int
exit_code (const MhRunResult *r)
{
   if (mh_interrupt_stop_error () != NULL)
      return MH_EXIT_IOERR;
   if (mh_interrupted ())
      return mh_interrupt_exit_code ();
   MhOutcomeCounts c = mh_run_count (r);
   if (r->had_error || c.blocked > 0 || c.failed > 0)
      return MH_EXIT_BLOCKED;
   return c.deferred > 0 ? MH_EXIT_DEFER : MH_EXIT_OK;
}

// ---------------------------------------------------------------------------

// What a run holds in --out while it goes, taken before anything there is
// looked at.
typedef struct {
   MhOutLock *lock;
   // The report files, locked for the run (NULL when not files).
   MhReportLock *json_lock, *events_lock;
   gboolean reports_opened; // the run got to writing them
   MhJournal *journal;
   GPtrArray *removed; // what an interrupted run left, removed (paths)
} OutFolder;

static gboolean
human_on_stderr (const Options *o)
{
   return (o->json != NULL && mh_output_path_is_stdout (o->json)) ||
          (o->events != NULL && mh_output_path_is_stdout (o->events));
}

// Takes --out's lock; with --wait-lock waits for it (saying once for whom),
// until it is free or a signal arrives.
static MhOutLock *
lock_out (const Options *o, const char *out_dir, const char *started,
          GError **error)
{
   gboolean said = FALSE;
   for (;;) {
      g_clear_error (error);
      MhOutLock *lock = mh_out_lock_take (out_dir, started, error);
      if (lock != NULL || !o->wait_lock ||
          !g_error_matches (*error, MH_HOST_ERROR, MH_HOST_ERROR_BUSY))
         return lock;
      if (!said) {
         FILE *human = human_on_stderr (o) ? stderr : stdout;
         g_autofree char *holder = mh_out_lock_holder (out_dir);
         g_autofree char *shown = mh_display_path (out_dir);
         fprintf (human,
                  _ ("Waiting for %s: another run holds it (%s); Ctrl-C "
                     "gives up\n"),
                  shown, holder);
         fflush (human);
         said = TRUE;
      }
      if (!mh_interrupt_sleep (0.2, NULL, NULL))
         return NULL;
   }
}

// Locks one report file for the run; with --wait-lock waits for another
// run writing it to end. FALSE with an error when refused.
static gboolean
lock_report (const Options *o, const char *path, const char *option,
             MhReportLock **lock, GError **error)
{
   gboolean said = FALSE;
   for (;;) {
      g_clear_error (error);
      *lock = mh_report_lock_take (path, option, TRUE, error);
      if (*error == NULL)
         return TRUE;
      if (!o->wait_lock ||
          !g_error_matches (*error, MH_HOST_ERROR, MH_HOST_ERROR_BUSY))
         return FALSE;
      if (!said) {
         FILE *human = human_on_stderr (o) ? stderr : stdout;
         g_autofree char *shown = mh_display_path (path);
         fprintf (human,
                  _ ("Waiting for %s (%s): another run is writing it; Ctrl-C "
                     "gives up\n"),
                  shown, option);
         fflush (human);
         said = TRUE;
      }
      if (!mh_interrupt_sleep (0.2, NULL, NULL))
         return FALSE;
   }
}

// TRUE when --events names the file --json does (locked once).
static gboolean
same_report_file (const Options *o)
{
   if (o->json == NULL || o->events == NULL)
      return FALSE;
   g_autofree char *json = g_canonicalize_filename (o->json, NULL);
   g_autofree char *events = g_canonicalize_filename (o->events, NULL);
   return strcmp (json, events) == 0;
}

static int
open_out_folder (const Options *o, const char *out_dir, const char *started,
                 OutFolder *f)
{
   g_autoptr (GError) error = NULL;
   f->lock = lock_out (o, out_dir, started, &error);
   if (f->lock == NULL) {
      if (mh_interrupted ())
         return mh_interrupt_exit_code ();
      return mh_cli_fail ("migrate", error);
   }
   // Then its report files, before either is emptied or written.
   if ((o->json != NULL &&
        !lock_report (o, o->json, "--json", &f->json_lock, &error)) ||
       (o->events != NULL && !same_report_file (o) &&
        !lock_report (o, o->events, "--events", &f->events_lock, &error))) {
      if (mh_interrupted ())
         return mh_interrupt_exit_code ();
      return mh_cli_fail ("migrate", error);
   }
   // What a killed run of an older mig-host left beside its reports.
   f->removed = g_ptr_array_new_with_free_func (g_free);
   if (o->json != NULL)
      mh_output_remove_leftovers (o->json, f->removed);
   if (o->events != NULL)
      mh_output_remove_leftovers (o->events, f->removed);
   return MH_EXIT_OK;
}

// Writes the journal's end: before the report's, so that a report saying
// "complete": true is the last thing a run writes.
static void
close_journal (OutFolder *f, gboolean ran, int *status)
{
   if (f->journal == NULL)
      return;
   const GError *stop = mh_interrupt_stop_error ();
   const char *stopped_by = stop != NULL ? "out-unwritable"
                            : mh_interrupt_name () != NULL
                               ? mh_interrupt_name ()
                            : ran ? NULL
                                  : "setup-failed";
   g_autoptr (GError) error = NULL;
   if (!mh_journal_close (f->journal, stopped_by == NULL, stopped_by, &error)) {
      mh_cli_error ("migrate", "%s", error->message);
      if (*status < MH_EXIT_USAGE)
         *status = MH_EXIT_IOERR;
   }
   f->journal = NULL;
}

static void
close_out_folder (OutFolder *f, int *status)
{
   close_journal (f, FALSE, status); // still open: the run did not get far
   mh_report_lock_release (f->json_lock, !f->reports_opened);
   mh_report_lock_release (f->events_lock, !f->reports_opened);
   mh_out_lock_release (f->lock);
   g_clear_pointer (&f->removed, g_ptr_array_unref);
}

static void
print_removed (FILE *human, const GPtrArray *removed)
{
   if (removed->len == 0)
      return;
   fprintf (human,
            g_dngettext (
               GETTEXT_PACKAGE, "Removed %u file an interrupted run left:\n",
               "Removed %u files an interrupted run left:\n", removed->len),
            removed->len);
   for (guint i = 0; i < removed->len; i++) {
      g_autofree char *shown = mh_display_path (removed->pdata[i]);
      fprintf (human, "   %s\n", shown);
   }
}

// The end of a run stopped by its own failure, in the report.
static void
report_stop (MhReportStream *report)
{
   const GError *stop = mh_interrupt_stop_error ();
   if (report == NULL || stop == NULL)
      return;
   mh_report_stream_mark_incomplete (report);
   mh_report_stream_trailer (report, "stopped_by",
                             json_pack ("{s:s, s:s}", "cause", "out-unwritable",
                                        "message", stop->message));
}

// Ends a run that failed before its first account: the report says so.
static int
setup_failed (MhReportStream *report, MhEventLog *log, const GError *error)
{
   mh_report_stream_close (report, "setup-failed", NULL);
   mh_event_log_close (log, NULL);
   return mh_cli_fail ("migrate", error);
}

// The run, --out held. The report is written first, before anything else
// in --out changes: from then on, however the run ends, a report that says
// it is incomplete replaces the last run's.
static int
run_in_out (const Options *o, const char *postoffice, const MhUserList *list,
            const MhPluginSession *session, const char *out_dir,
            const char *started, double delay, OutFolder *f)
{
   g_autoptr (GError) error = NULL;
   MhReportStream *report = NULL;
   f->reports_opened = TRUE;
   if (o->json != NULL) {
      report =
         mh_report_stream_open_in_place (o->json, "--json", "migrate", &error);
      if (report == NULL)
         return mh_cli_fail ("migrate", error);
   }
   MhEventLog *log = mh_event_log_open (o->events, &error);
   if (log == NULL)
      return setup_failed (report, NULL, error);
   // What an interrupted run left in --out.
   f->journal = mh_journal_open (out_dir, started, f->removed, &error);
   if (f->journal == NULL)
      return setup_failed (report, log, error);
   FILE *human = human_on_stderr (o) ? stderr : stdout;
   Reports rep = {.options = o, .human = human, .report = report};
   // The MMF folder listed once a pass, every account a look-up in it.
   g_autoptr (MhMmfFolder) mmf_folder = mh_mmf_folder_new (postoffice);
   MhRunOptions run = {
      .migration = {.plugin = session != NULL ? session->plugin : NULL,
                    .postoffice = postoffice,
                    .mmf_folder = mmf_folder,
                    .out_dir = out_dir,
                    .log = log,
                    .max_copy_tries = DEFAULT_COPY_TRIES,
                    .journal = f->journal},
      .jobs = (guint) o->jobs,
      .retries = (guint) o->retries,
      .retry_delay = delay,
      .progress = isatty (fileno (human)),
      .out = human,
      .postoffice_answered = print_postoffice,
      .account_settled = write_account,
      .data = &rep,
   };
   rep.run = &run;
   if (report != NULL) {
      mh_report_stream_field (report, "plugin",
                              mh_run_report_plugin (run.migration.plugin));
      mh_report_stream_field (report, "out", json_string (out_dir));
      g_autofree char *journal =
         g_build_filename (out_dir, MH_JOURNAL_NAME, NULL);
      mh_report_stream_field (report, "journal", json_string (journal));
   }
   print_removed (human, f->removed);
   g_autofree char *shown_po = mh_display_path (postoffice);
   fprintf (human,
            session != NULL
               ? g_dngettext (GETTEXT_PACKAGE,
                              "Migrating %u account of %s (asking the plugin "
                              "first)\n",
                              "Migrating %u accounts of %s (asking the plugin "
                              "first)\n",
                              list->entries->len)
               : g_dngettext (GETTEXT_PACKAGE,
                              "Migrating %u account of %s (no plugin: every "
                              "account is attempted)\n",
                              "Migrating %u accounts of %s (no plugin: every "
                              "account is attempted)\n",
                              list->entries->len),
            list->entries->len, shown_po);
   fflush (human);
   g_autoptr (MhRunResult) result = mh_run_migration (&run, list);
   mh_run_log_summary (&run, result);
   int status = exit_code (result);
   if (!mh_event_log_close (log, &error)) {
      mh_cli_error ("migrate", "%s", error->message);
      g_clear_error (&error);
      status = MH_EXIT_IOERR;
   }
   g_autoptr (MhPlan) plan = plan_run (result, postoffice);
   print_human (&rep, result, plan, list);
   const GError *stop = mh_interrupt_stop_error ();
   if (stop != NULL)
      mh_cli_error ("migrate", "%s", stop->message);
   close_journal (f, TRUE, &status);
   report_stop (report);
   if (report != NULL &&
       !mh_run_report_close (report, "migrate", mh_plan_digest (plan),
                             summary_json (result, list)))
      return MH_EXIT_IOERR;
   if (!mh_plan_write_files (plan, o->csv, o->html, &error))
      return mh_cli_fail ("migrate", error);
   return status;
}

// The plugin (unless --no-plugin) is loaded, and a folder that is no post
// office refused, before --out is made or any report opened: a run that
// cannot start leaves the last run's files as they were.
static int
open_plugin (const Options *o, const char *postoffice, const MhUserList *list,
             MhPluginSession **session)
{
   const MhCliOptions *cli = &o->cli;
   *session = NULL;
   if (cli->plugin != NULL) {
      g_autoptr (GError) error = NULL;
      *session = mh_plugin_session_open_with (
         cli->plugin, cli->locale, cli->config, MH_FN_pre_migrate,
         _ ("so it cannot judge accounts; use a plugin that does, or give "
            "--no-plugin"),
         &error);
      if (*session == NULL)
         return mh_cli_fail ("migrate", error);
   }
   return mh_cli_check_postoffice ("migrate", postoffice, list->entries->len,
                                   *session);
}

static int
run_migrate (const Options *o)
{
   double delay = -1;
   if (!parse_delay (o->retry_delay, &delay))
      return MH_EXIT_USAGE;
   if (o->json != NULL && o->events != NULL &&
       mh_output_path_is_stdout (o->json) &&
       mh_output_path_is_stdout (o->events)) {
      mh_cli_error ("migrate", "%s",
                    _ ("--json and --events cannot both go to standard "
                       "output; send one of them to a file"));
      return MH_EXIT_USAGE;
   }
   // Before anything is read or written: never into the live post office.
   const char *outputs[] = {"--json", o->json,    "--csv",   o->csv, "--html",
                            o->html,  "--events", o->events, NULL};
   if (!out_outside_postoffice (o->out, o->cli.postoffice) ||
       !mh_cli_outputs_outside_postoffice ("migrate", o->cli.postoffice,
                                           outputs))
      return MH_EXIT_USAGE;
   g_autofree char *started = mh_report_time_now ();
   g_autoptr (GError) error = NULL;
   g_autofree char *postoffice = NULL;
   g_autoptr (MhUserList) list = NULL;
   const MhCliOptions *cli = &o->cli;
   if (!mh_postoffice_load (cli->postoffice, cli->users, cli->users_encoding,
                            &postoffice, &list, &error))
      return mh_cli_fail ("migrate", error);
   g_autoptr (MhPluginSession) session = NULL;
   int refused = open_plugin (o, postoffice, list, &session);
   if (refused != 0)
      return refused;
   if (!make_out_dir (o->out))
      return MH_EXIT_CANTCREAT;
   g_autofree char *out_dir = g_canonicalize_filename (o->out, NULL);
   OutFolder f = {0};
   int status = open_out_folder (o, out_dir, started, &f);
   if (status == MH_EXIT_OK)
      status =
         run_in_out (o, postoffice, list, session, out_dir, started, delay, &f);
   close_out_folder (&f, &status);
   return status;
}

int
mh_cmd_migrate (int argc, char **argv)
{
   Options o = {0};
   int status = parse_options (&o, &argc, &argv)
                   ? run_migrate (&o)
                   : mh_cli_parse_failed_status ();
   options_clear (&o);
   return status;
}
