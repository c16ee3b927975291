// cmd-preflight.c — `mig-host preflight`: ask the plugin about every account
// of a post office, migrate nothing.
//
// One batch: batch-begin/1 (the post office's verdict), pre-migrate/1 for
// every account of the user list, batch-end/1. Prints the night's plan
// (operator-plan.h): the go / no-go line first, the accounts grouped by
// what they need, each explanation once and a summary; with --verbose, one
// line per account as it is answered instead of the groups. Writes the
// same as JSON with --json, the call list with --csv, a page with --html.

#include "plugin-host/answer-copy.h"
#include "plugin-host/assessment.h"
#include "cli.h"
#include "cmd/commands.h"
#include "display-text.h"
#include "plugin-host/plugin-session.h"
#include "wizard-input/postoffice-path.h"
#include "report/operator-plan.h"
#include "report/plan-files.h"
#include "report/problem-digest.h"
#include "report/run-report.h"
#include "run/run-interrupt.h"
#include "wizard-input/user-list.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef struct {
   MhCliOptions cli; // --plugin, --postoffice, --users, ...
   char *json;
   char *csv;
   char *html;
   gboolean problems_only;
   gboolean verbose;
} Options;

typedef struct {
   guint proceed, defer, block;
} Counts;

// What one run found, as it goes. Answers are not kept: each account's line
// and JSON record are written when it is answered, and only the paragraphs
// of accounts that need attention are kept, each distinct one once.
typedef struct {
   const Options *options;
   const MhPlugin *plugin;
   const char *postoffice;      // absolute
   uint64_t batch_id;           // 0 when no batch is open
   MhAnswer *postoffice_answer; // NULL when batch-begin/1 is not offered
   gboolean postoffice_blocked; // every account blocked by the post office
   FILE *human;            // stdout, or stderr when the JSON goes to stdout
   MhReportStream *report; // NULL without --json
   MhDigest *digest;       // the plan's
   MhPlan *plan;
   Counts counts;
   guint n_answered;
   guint n_clean; // proceed without a warning: left out by -q
   int user_width;
   gboolean had_error;
   GString *record; // one account's JSON line, reused
} Run;

// Opens the batch; returns the post office's answer (the caller's, NULL
// when the plugin offers no batch-begin/1).
static MhAnswer *
begin_batch (Run *run, guint n_accounts)
{
   if (mh_plugin_hook (run->plugin, MH_FN_batch_begin) == NULL)
      return NULL;
   uint64_t batch_id = 0;
   MhAnswer *a = mh_answer_batch_begin (run->plugin, run->postoffice,
                                        n_accounts, &batch_id);
   if (mh_answer_is_error (a)) {
      // No batch is open: every account is checked on its own.
      mh_cli_error ("preflight",
                    _ ("%s failed (%s); checking each account "
                       "without a batch"),
                    MIG_HOOK_BATCH_BEGIN, mh_status_name (a->result));
      run->had_error = TRUE;
      return a;
   }
   run->batch_id = batch_id;
   // The wizard refuses a post office as a whole (migrate does the same).
   run->postoffice_blocked = mh_assess_postoffice_blocks_all (a);
   return a;
}

static void
end_batch (Run *run)
{
   if (run->batch_id == 0 ||
       mh_plugin_hook (run->plugin, MH_FN_batch_end) == NULL)
      return;
   int32_t status = mh_call_batch_end (run->plugin, run->batch_id);
   if (status != MIG_OK) {
      mh_cli_error ("preflight", _ ("%s failed (%s)"), MIG_HOOK_BATCH_END,
                    mh_status_name (status));
      run->had_error = TRUE;
   }
}

// ---------------------------------------------------------------------------
// Output, one account at a time

// The post office's verdict as reported: a plugin without an opinion on the
// post office leaves it to the accounts (each fails closed on its own).
static const char *
postoffice_verdict (const MhAnswer *a)
{
   return a->result == MIG_VERDICT_NO_OPINION ? "no-opinion"
                                              : mh_answer_host_verdict (a);
}

// The post office's own go (assessment.h): no opinion leaves it to the
// accounts.
static gboolean
postoffice_goes (const MhAnswer *a)
{
   MhAssessment s = mh_assess_postoffice (a);
   gboolean goes = mh_assessment_proceeds (&s);
   mh_assessment_clear (&s);
   return goes;
}

static void
print_postoffice (const Run *run)
{
   g_autofree char *path = mh_display_path (run->postoffice);
   const MhAnswer *a = run->postoffice_answer;
   if (a == NULL) {
      fprintf (run->human,
               _ ("Post office %s: not checked (the plugin offers "
                  "no %s)\n\n"),
               path, MIG_HOOK_BATCH_BEGIN);
      return;
   }
   g_autofree char *cause =
      mh_display_text (mh_answer_host_cause (a), -1, MH_DISPLAY_ONE_LINE);
   fprintf (run->human, _ ("Post office %s: %s (%s)\n"), path,
            mh_verdict_shown (postoffice_verdict (a)), cause);
   if (a->result != MIG_VERDICT_PROCEED && a->text[0] != '\0')
      mh_display_print_block (run->human, a->text, 3);
   if (run->postoffice_blocked)
      fprintf (run->human, "   %s\n",
               _ ("Every account below is blocked by this; nothing else was "
                  "asked."));
   fprintf (run->human, "\n");
}

static int
user_width (const MhUserList *list)
{
   int width = 8;
   for (guint i = 0; i < list->entries->len; i++) {
      const MhUserEntry *e = g_ptr_array_index (list->entries, i);
      g_autofree char *shown = mh_display_text (e->user, -1, 0);
      width = MAX (width, (int) g_utf8_strlen (shown, -1));
   }
   return MIN (width, 24);
}

// The VERDICT column fits the longest verdict word in the run's language.
static int
verdict_width (void)
{
   static const char *const ids[] = {"proceed", "defer", "block", "VERDICT"};
   int width = 7;
   for (gsize i = 0; i < G_N_ELEMENTS (ids); i++) {
      const char *shown =
         i + 1 < G_N_ELEMENTS (ids) ? mh_verdict_shown (ids[i]) : _ ("VERDICT");
      width = MAX (width, (int) g_utf8_strlen (shown, -1));
   }
   return width;
}

static void
print_row (const Run *run, const MhUserEntry *e, const char *verdict,
           const char *cause_raw, const char *holder)
{
   g_autofree char *user = mh_display_text (e->user, -1, 0);
   g_autofree char *cause = mh_display_text (cause_raw, -1, 0);
   // Pad by characters, not bytes, so that names with accents line up.
   int pad = MAX (0, run->user_width - (int) g_utf8_strlen (user, -1));
   const char *shown = mh_verdict_shown (verdict);
   int vpad = MAX (0, verdict_width () - (int) g_utf8_strlen (shown, -1));
   fprintf (run->human, "%s%*s  %s%*s  %-26s  %s\n", user, pad, "", shown, vpad,
            "", cause, holder);
   fflush (run->human);
}

static void
count_verdict (Run *run, MhGo go)
{
   if (go == MH_GO_PROCEED)
      run->counts.proceed++;
   else if (go == MH_GO_BLOCK)
      run->counts.block++;
   else
      run->counts.defer++;
}

// The paragraph of an account that may not proceed, or proceeds with a
// warning, kept for the digest.
// Where no holder tells why an account may not go, one line that does
// (the HOLDER column and the plan's account lines): the post office's
// cause, the first line of the user list's or the host's words.
static char *
account_reason (const Run *run, const MhAssessment *s)
{
   if (s->decided_by == MH_DECIDED_BY_POSTOFFICE)
      return g_strdup_printf (_ ("the post office: %s"),
                              mh_answer_host_cause (run->postoffice_answer));
   const char *text = s->host_text;
   if (text == NULL && s->answer != NULL &&
       (!mh_assessment_proceeds (s) || s->warning))
      text = s->answer->text;
   if (text == NULL || text[0] == '\0')
      return NULL;
   const char *end = strchr (text, '\n');
   g_autofree char *line = mh_display_text (text, end != NULL ? end - text : -1,
                                            MH_DISPLAY_ONE_LINE);
   return mh_plan_subject (line);
}

// The account into the plan, with its paragraph when it needs one (the
// post office's own was printed once, first).
static void
add_to_plan (Run *run, const MhUserEntry *e, const MhAssessment *s,
             const char *reason)
{
   g_autofree char *body =
      s->decided_by != MH_DECIDED_BY_POSTOFFICE ? mh_assessment_body (s) : NULL;
   const MhAnswer *a = s->answer;
   g_autofree char *user = mh_display_text (e->user, -1, 0);
   g_autofree char *cause = mh_display_text (s->cause, -1, 0);
   g_autofree char *headline =
      a != NULL && a->retry_after_s > 0
         ? g_strdup_printf (_ ("%s: %s (%s), retry after %u s"), user,
                            mh_verdict_shown (mh_go_name (s->go)), cause,
                            a->retry_after_s)
         : g_strdup_printf ("%s: %s (%s)", user,
                            mh_verdict_shown (mh_go_name (s->go)), cause);
   MhPlanAccount account = {
      .entry = e,
      .verdict = mh_go_name (s->go),
      .ok = mh_assessment_proceeds (s),
      .cause = s->cause,
      .holder = s->decided_by == MH_DECIDED_BY_ACCOUNT ? &a->holder : NULL,
      .reason = reason,
      .headline = headline,
      .body = body,
      .mmf_path = a != NULL ? a->path : NULL,
      // Each row's problem names its own line: said once per row.
      .strict = s->decided_by == MH_DECIDED_BY_USER_LIST,
   };
   mh_plan_add (run->plan, &account);
}

// The account's record, written straight into `out` (json-writer.h: a
// jansson tree per account was most of the report's cost).
static void
write_account (GString *out, const MhUserEntry *e, const MhAssessment *s)
{
   MhJsonObject o;
   mh_json_object_begin (&o, out);
   mh_json_member_string (&o, "user", e->user);
   mh_json_member_string_or_null (&o, "full_name", e->full_name);
   mh_json_member_string_or_null (&o, "hex_id", e->hex_id);
   if (s->decided_by == MH_DECIDED_BY_ACCOUNT) {
      mh_json_member_string_or_null (&o, "mmf_path", s->answer->path);
      mh_answer_write_json (&o, s->answer);
   } else {
      mh_json_member_null (&o, "mmf_path");
      mh_json_member_string (&o, "verdict", mh_go_name (s->go));
      mh_json_member_string (&o, "cause", s->cause);
      if (s->host_text != NULL)
         mh_json_member_string (&o, "text", s->host_text);
      MhJsonArray none;
      mh_json_member_array (&o, "findings", &none);
      mh_json_array_end (&none);
   }
   mh_json_member_string (&o, "decided_by", mh_decided_by_name (s->decided_by));
   mh_json_object_end (&o);
}

static void
check_account (Run *run, const MhUserEntry *e)
{
   run->n_answered++;
   g_autoptr (MhAnswer) a = NULL;
   if (!run->postoffice_blocked && e->problem == NULL) {
      mig_account account = {
         .struct_size = sizeof account,
         .batch_id = run->batch_id,
         .postoffice = run->postoffice,
         .user = e->user,
         .full_name = e->full_name,
         .hex_id = e->hex_id,
         .password_recovered_at = e->password_recovered_at,
      };
      a = mh_answer_pre_migrate (run->plugin, &account);
      if (mh_answer_is_error (a))
         run->had_error = TRUE;
   }
   MhAssessment s = mh_assess_account (run->postoffice_answer, e, a);
   count_verdict (run, s.go);
   // A proceed with a warning is listed with -q too: its text must be seen.
   gboolean clean = mh_assessment_proceeds (&s) && !s.warning;
   run->n_clean += clean;
   gboolean held =
      s.decided_by == MH_DECIDED_BY_ACCOUNT && s.answer->holder.count > 0;
   g_autofree char *reason = held ? NULL : account_reason (run, &s);
   if (run->options->verbose && (!clean || !run->options->problems_only)) {
      g_autofree char *holder = held ? mh_holder_describe (&a->holder)
                                     : g_strdup (reason != NULL ? reason : "-");
      print_row (run, e, mh_go_name (s.go), s.cause, holder);
   }
   add_to_plan (run, e, &s, reason);
   if (run->report != NULL) {
      if (s.decided_by == MH_DECIDED_BY_POSTOFFICE) {
         mh_report_stream_account (
            run->report,
            json_pack ("{s:s, s:o, s:o, s:n, s:s, s:s, s:o, s:s}", "user",
                       e->user, "full_name", mh_json_text (e->full_name, TRUE),
                       "hex_id", mh_json_text (e->hex_id, TRUE), "mmf_path",
                       "verdict", "block", "cause", s.cause, "findings",
                       mh_answer_findings_to_json (run->postoffice_answer),
                       "decided_by", "postoffice"));
      } else {
         g_string_truncate (run->record, 0);
         write_account (run->record, e, &s);
         mh_report_stream_account_text (run->report, run->record->str);
      }
   }
   mh_assessment_clear (&s);
}

static void
check_accounts (Run *run, const MhUserList *list)
{
   if (run->options->verbose) {
      const char *user = _ ("USER"), *verdict = _ ("VERDICT");
      fprintf (run->human, "%s%*s  %s%*s  %-26s  %s\n", user,
               MAX (0, run->user_width - (int) g_utf8_strlen (user, -1)), "",
               verdict,
               MAX (0, verdict_width () - (int) g_utf8_strlen (verdict, -1)),
               "", _ ("CAUSE"), _ ("HOLDER OR REASON"));
   }
   for (guint i = 0; i < list->entries->len && !mh_interrupted (); i++)
      check_account (run, g_ptr_array_index (list->entries, i));
   if (run->options->verbose && run->options->problems_only && run->n_clean > 0)
      fprintf (run->human,
               g_dngettext (GETTEXT_PACKAGE,
                            "(%u account that may proceed not listed: "
                            "--problems-only)\n",
                            "(%u accounts that may proceed not listed: "
                            "--problems-only)\n",
                            run->n_clean),
               run->n_clean);
}

static void
print_go_line (const Run *run)
{
   g_autofree char *line = mh_plan_go_line (run->plan);
   fprintf (run->human, "%s\n", line);
}

// The compact report, once every account is answered: what to do, grouped,
// then why.
static void
print_plan (const Run *run)
{
   // A blank line between the groups and the note, none where no group was
   // printed (the post office's line ends with one).
   if (mh_plan_print_actions (run->plan, run->human) && run->n_clean > 0)
      fputc ('\n', run->human);
   if (run->n_clean > 0)
      fprintf (run->human,
               g_dngettext (GETTEXT_PACKAGE,
                            "(%u account that may proceed as it is not "
                            "listed; --verbose lists every account)\n",
                            "(%u accounts that may proceed as they are not "
                            "listed; --verbose lists every account)\n",
                            run->n_clean),
               run->n_clean);
   mh_plan_print_explanations (run->plan, run->human);
}

static void
print_summary (const Run *run, const MhUserList *list)
{
   if (run->options->verbose)
      mh_digest_print (run->digest, run->human);
   const Counts *c = &run->counts;
   fprintf (run->human, "\n");
   fprintf (run->human,
            // TRANSLATORS: the counts of the verdicts proceed, defer, block.
            g_dngettext (GETTEXT_PACKAGE,
                         "%u account: %u proceed, %u defer, %u block",
                         "%u accounts: %u proceed, %u defer, %u block",
                         list->entries->len),
            list->entries->len, c->proceed, c->defer, c->block);
   if (list->n_not_migrated > 0)
      fprintf (run->human, _ ("; %u not to be migrated (MigrateUser=N)"),
               list->n_not_migrated);
   fprintf (run->human, "%s\n", _ (". Nothing was migrated."));
   g_autofree char *causes = mh_digest_causes_line (run->digest);
   if (causes != NULL)
      fprintf (run->human, _ ("By cause: %s.\n"), causes);
   if (mh_interrupted ())
      fprintf (run->human,
               _ ("Interrupted (%s) after %u of %u accounts; the "
                  "report is marked incomplete.\n"),
               mh_interrupt_name (), run->n_answered, list->entries->len);
   if (run->options->verbose)
      print_go_line (run);
}

// null when the plugin offers no batch-begin/1.
static json_t *
postoffice_json (const Run *run)
{
   if (run->postoffice_answer == NULL)
      return json_null ();
   json_t *o =
      mh_run_report_postoffice (run->postoffice, run->postoffice_answer);
   json_object_set_new (
      o, "verdict", json_string (postoffice_verdict (run->postoffice_answer)));
   return o;
}

static json_t *
summary_json (const Run *run, const MhUserList *list)
{
   return json_pack (
      "{s:I, s:I, s:I, s:I, s:I, s:I}", "proceed",
      (json_int_t) run->counts.proceed, "defer", (json_int_t) run->counts.defer,
      "block", (json_int_t) run->counts.block, "total",
      (json_int_t) list->entries->len, "answered", (json_int_t) run->n_answered,
      "not_migrated", (json_int_t) list->n_not_migrated);
}

static int
exit_code (const Run *run)
{
   if (mh_interrupted ())
      return mh_interrupt_exit_code ();
   if (run->had_error || run->counts.block > 0 || run->postoffice_blocked)
      return MH_EXIT_BLOCKED;
   return run->counts.defer > 0 ? MH_EXIT_DEFER : MH_EXIT_OK;
}

// ---------------------------------------------------------------------------

static gboolean
parse_options (Options *o, int *argc, char ***argv)
{
   GOptionEntry options[] = {
      mh_cli_option (&o->cli, MH_CLI_PLUGIN, NULL),
      mh_cli_option (&o->cli, MH_CLI_POSTOFFICE, NULL),
      mh_cli_option (&o->cli, MH_CLI_USERS, NULL),
      mh_cli_option (&o->cli, MH_CLI_USERS_ENCODING, NULL),
      {"json", 0, 0, G_OPTION_ARG_FILENAME, &o->json,
       "Also write the report as JSON to FILE, streamed as accounts are "
       "answered (- for standard output; the human report then goes to "
       "standard error)",
       "FILE"},
      {"csv", 0, 0, G_OPTION_ARG_FILENAME, &o->csv,
       "Write the help desk's call list to FILE: one CSV row per account "
       "someone must act on (user, full name, cause, what to ask them, "
       "holder); UTF-8 for Excel",
       "FILE"},
      {"html", 0, 0, G_OPTION_ARG_FILENAME, &o->html,
       "Write the plan as one self-contained, printable HTML page to FILE",
       "FILE"},
      mh_cli_option (&o->cli, MH_CLI_CONFIG, NULL),
      mh_cli_option (&o->cli, MH_CLI_LOCALE, NULL),
      {"problems-only", 'q', 0, G_OPTION_ARG_NONE, &o->problems_only,
       "With --verbose: list only the accounts that may not proceed (they are "
       "all counted, and all in the JSON report)",
       NULL},
      {"verbose", 'v', 0, G_OPTION_ARG_NONE, &o->verbose,
       "One line per account as it is answered (user, verdict, cause, "
       "holder or reason), instead of the accounts grouped by what they need",
       NULL},
      G_OPTION_ENTRY_NULL,
   };
   const char *summary =
      "Asks the plugin, for every account of the user list, whether migrating "
      "it now would work (pre-migrate/1, in one batch). Migrates nothing.\n\n"
      "Prints the go / no-go line first (can tonight's run go, and how many "
      "accounts wait on whom), the post office's verdict, the accounts that "
      "need something grouped by what (ask to log off; log on once with the "
      "recovered password; the administrator fixes it), one line each (user, "
      "full name, holder or reason), each distinct explanation once with the "
      "accounts it applies to, and a summary with counts per cause. --verbose "
      "prints one line per account as it is answered instead. A post "
      "office the plugin blocks blocks every account: its text is printed "
      "once, first. An account the plugin has no opinion on, or fails on, is "
      "reported deferred (cause no-opinion or plugin-error): mig-host fails "
      "closed. Ctrl-C (SIGINT) or SIGTERM ends the run cleanly, the JSON "
      "report closed and marked incomplete.\n\n";
   g_autofree char *exit_status = mh_cli_exit_status (
      "0 all accounts proceed; 1 some deferred, none blocked; 2 some blocked "
      "(or the post office)",
      (const int[]){MH_EXIT_USAGE, MH_EXIT_DATAERR, MH_EXIT_NOINPUT,
                    MH_EXIT_UNAVAILABLE, MH_EXIT_CANTCREAT, MH_EXIT_IOERR,
                    MH_EXIT_CONFIG, MH_EXIT_NOTPOSTOFFICE, MH_EXIT_SIGINT,
                    MH_EXIT_SIGTERM, -1});
   g_autofree char *help = g_strconcat (summary, exit_status, NULL);
   if (!mh_cli_parse_options_only ("preflight", help, options, argc, argv))
      return FALSE;
   if (o->cli.postoffice == NULL || o->cli.users == NULL) {
      mh_cli_error ("preflight", "%s",
                    _ ("--postoffice and --users are both needed, eg: "
                       "mig-host preflight --postoffice PO/MAILDATA --users "
                       "PO/users.csv"));
      return FALSE;
   }
   return mh_cli_locate_plugin (&o->cli, "preflight", NULL);
}

static void
options_clear (Options *o)
{
   mh_cli_options_clear (&o->cli);
   g_free (o->json);
   g_free (o->csv);
   g_free (o->html);
}

static int
run_preflight (const Options *o)
{
   g_autoptr (GError) error = NULL;
   g_autofree char *postoffice = NULL;
   g_autoptr (MhUserList) list = NULL;
   g_autoptr (MhPluginSession) session = NULL;
   const char *outputs[] = {"--json", o->json, "--csv", o->csv,
                            "--html", o->html, NULL};
   if (!mh_cli_outputs_outside_postoffice ("preflight", o->cli.postoffice,
                                           outputs))
      return MH_EXIT_USAGE;
   int failed = mh_cli_open_inputs (
      &o->cli, "preflight",
      _ ("so it cannot judge accounts; use a plugin that does (mig-host "
         "inspect lists what it offers)"),
      &postoffice, &list, &session);
   if (failed != 0)
      return failed;
   MhReportStream *report = NULL;
   if (!mh_run_report_open (o->json, "preflight", &report, &error))
      return mh_cli_fail ("preflight", error);
   g_autoptr (MhPlan) plan = mh_plan_new ("preflight", postoffice, _ ("GO"),
                                          _ ("NO-GO"), _ ("may proceed"));
   g_autoptr (GString) record = g_string_sized_new (1024);
   Run run = {.options = o,
              .record = record,
              .plugin = session->plugin,
              .postoffice = postoffice,
              .human = report != NULL && mh_report_stream_is_stdout (report)
                          ? stderr
                          : stdout,
              .report = report,
              .plan = plan,
              .digest = mh_plan_digest (plan),
              .user_width = user_width (list)};
   mh_interrupt_install ();
   // Owned here, so it is freed on every return below; `run` reads it.
   g_autoptr (MhAnswer) postoffice_answer =
      begin_batch (&run, list->entries->len);
   run.postoffice_answer = postoffice_answer;
   if (postoffice_answer != NULL)
      mh_plan_set_postoffice (plan, postoffice_verdict (postoffice_answer),
                              mh_answer_host_cause (postoffice_answer),
                              postoffice_goes (postoffice_answer));
   if (o->verbose)
      print_postoffice (&run);
   if (report != NULL) {
      mh_report_stream_field (report, "plugin",
                              mh_run_report_plugin (session->plugin));
      mh_report_stream_field (report, "postoffice", postoffice_json (&run));
   }
   check_accounts (&run, list);
   end_batch (&run);
   if (mh_interrupted ())
      mh_plan_set_incomplete (plan, _ ("interrupted before every account "
                                       "was checked"));
   else if (run.had_error)
      mh_plan_set_incomplete (plan,
                              _ ("a hook of the plugin failed (see above)"));
   if (!o->verbose) {
      print_go_line (&run);
      print_postoffice (&run);
      print_plan (&run);
   }
   print_summary (&run, list);
   if (report != NULL && !mh_run_report_close (report, "preflight", run.digest,
                                               summary_json (&run, list)))
      return MH_EXIT_IOERR;
   if (!mh_plan_write_files (plan, o->csv, o->html, &error))
      return mh_cli_fail ("preflight", error);
   return exit_code (&run);
}

int
mh_cmd_preflight (int argc, char **argv)
{
   Options o = {0};
   int status = parse_options (&o, &argc, &argv)
                   ? run_preflight (&o)
                   : mh_cli_parse_failed_status ();
   options_clear (&o);
   return status;
}
