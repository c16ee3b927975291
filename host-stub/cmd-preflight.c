// cmd-preflight.c — `mig-host preflight`: ask the plugin about every account
// of a post office, migrate nothing.
//
// One batch: batch-begin/1 (the post office's verdict), pre-migrate/1 for
// every account of the user list, batch-end/1. Prints one line per account,
// the text of each account that may not proceed, and a summary; writes the
// same as JSON with --json.

#include "answer.h"
#include "cli.h"
#include "commands.h"
#include "display-text.h"
#include "plugin-session.h"
#include "postoffice-path.h"
#include "user-list.h"

#include <string.h>

typedef struct {
   char *plugin_path;
   char *postoffice;
   char *users;
   char *json;
   char *config;
   char *locale;
} Options;

// What one run found.
typedef struct {
   const MigPlugin *plugin;
   const char *postoffice; // absolute
   uint64_t batch_id;      // 0 when no batch is open
   MigAnswer *postoffice_answer; // NULL when batch-begin/1 is not offered
   GPtrArray *answers;     // MigAnswer *, one per user list entry
   gboolean had_error;
} Run;

static void
begin_batch (Run *run, guint n_accounts)
{
   if (mig_plugin_hook (run->plugin, MIG_FN_batch_begin) == NULL)
      return;
   uint64_t batch_id = 0;
   run->postoffice_answer = mig_answer_batch_begin (run->plugin, run->postoffice,
                                                    n_accounts, &batch_id);
   if (mig_answer_is_error (run->postoffice_answer)) {
      // No batch is open: every account is checked on its own.
      mig_cli_error ("preflight", "%s failed (%s); checking each account "
                     "without a batch", MIG_HOOK_BATCH_BEGIN,
                     mig_status_name (run->postoffice_answer->result));
      run->had_error = TRUE;
      return;
   }
   run->batch_id = batch_id;
}

static void
end_batch (Run *run)
{
   if (run->batch_id == 0 ||
       mig_plugin_hook (run->plugin, MIG_FN_batch_end) == NULL)
      return;
   int32_t status = mig_call_batch_end (run->plugin, run->batch_id);
   if (status != MIG_OK) {
      mig_cli_error ("preflight", "%s failed (%s)", MIG_HOOK_BATCH_END,
                     mig_status_name (status));
      run->had_error = TRUE;
   }
}

static void
check_accounts (Run *run, const MigUserList *list)
{
   for (guint i = 0; i < list->entries->len; i++) {
      const MigUserEntry *e = g_ptr_array_index (list->entries, i);
      mig_account account = {
         .struct_size = sizeof account,
         .batch_id = run->batch_id,
         .postoffice = run->postoffice,
         .user = e->user,
         .full_name = e->full_name,
         .hex_id = e->hex_id,
         .password_recovered_at = e->password_recovered_at,
      };
      MigAnswer *answer = mig_answer_pre_migrate (run->plugin, &account);
      if (mig_answer_is_error (answer))
         run->had_error = TRUE;
      g_ptr_array_add (run->answers, answer);
   }
}

// ---------------------------------------------------------------------------
// Output

typedef struct {
   guint proceed, defer, block;
} Counts;

static Counts
count_verdicts (const Run *run)
{
   Counts c = {0, 0, 0};
   for (guint i = 0; i < run->answers->len; i++) {
      const char *v = mig_answer_host_verdict (g_ptr_array_index (run->answers, i));
      if (strcmp (v, "proceed") == 0)
         c.proceed++;
      else if (strcmp (v, "block") == 0)
         c.block++;
      else
         c.defer++;
   }
   return c;
}

// The post office's verdict as reported: a plugin without an opinion on the
// post office leaves it to the accounts (each fails closed on its own).
static const char *
postoffice_verdict (const MigAnswer *a)
{
   return a->result == MIG_VERDICT_NO_OPINION ? "no-opinion"
                                              : mig_answer_host_verdict (a);
}

static void
print_postoffice (const Run *run)
{
   g_autofree char *path = mig_display_path (run->postoffice);
   const MigAnswer *a = run->postoffice_answer;
   if (a == NULL) {
      printf ("Post office %s: not checked (the plugin offers no %s)\n\n", path,
              MIG_HOOK_BATCH_BEGIN);
      return;
   }
   g_autofree char *cause =
      mig_display_text (mig_answer_host_cause (a), -1, MIG_DISPLAY_ONE_LINE);
   printf ("Post office %s: %s (%s)\n", path, postoffice_verdict (a), cause);
   if (a->result != MIG_VERDICT_PROCEED && a->text[0] != '\0')
      mig_cli_print_block (stdout, a->text, 3);
   printf ("\n");
}

static int
user_width (const MigUserList *list)
{
   int width = 8;
   for (guint i = 0; i < list->entries->len; i++) {
      const MigUserEntry *e = g_ptr_array_index (list->entries, i);
      g_autofree char *shown = mig_display_text (e->user, -1, 0);
      width = MAX (width, (int) g_utf8_strlen (shown, -1));
   }
   return MIN (width, 24);
}

static void
print_table (const Run *run, const MigUserList *list)
{
   int w = user_width (list);
   printf ("%-*s  %-7s  %-26s  %s\n", w, "USER", "VERDICT", "CAUSE", "HOLDER");
   for (guint i = 0; i < run->answers->len; i++) {
      const MigUserEntry *e = g_ptr_array_index (list->entries, i);
      const MigAnswer *a = g_ptr_array_index (run->answers, i);
      g_autofree char *user = mig_display_text (e->user, -1, 0);
      g_autofree char *cause =
         mig_display_text (mig_answer_host_cause (a), -1, 0);
      g_autofree char *holder = mig_holder_describe (&a->holder);
      // Pad by characters, not bytes, so that names with accents line up.
      int pad = MAX (0, w - (int) g_utf8_strlen (user, -1));
      printf ("%s%*s  %-7s  %-26s  %s\n", user, pad, "",
              mig_answer_host_verdict (a), cause, holder);
   }
}

static void
print_texts (const Run *run, const MigUserList *list)
{
   for (guint i = 0; i < run->answers->len; i++) {
      const MigUserEntry *e = g_ptr_array_index (list->entries, i);
      const MigAnswer *a = g_ptr_array_index (run->answers, i);
      if (a->result == MIG_VERDICT_PROCEED)
         continue;
      g_autofree char *user = mig_display_text (e->user, -1, 0);
      g_autofree char *cause =
         mig_display_text (mig_answer_host_cause (a), -1, 0);
      printf ("\n%s: %s (%s)", user, mig_answer_host_verdict (a), cause);
      if (a->retry_after_s > 0)
         printf (", retry after %u s", a->retry_after_s);
      printf ("\n");
      if (mig_answer_is_error (a))
         printf ("   The plugin failed on this account (%s); mig-host does "
                 "not migrate an account nobody vouched for.\n",
                 a->result < 0 ? mig_status_name (a->result)
                               : "unknown verdict");
      else if (a->result == MIG_VERDICT_NO_OPINION)
         printf ("   The plugin has no opinion on this account; mig-host "
                 "does not migrate an account nobody vouched for.\n");
      if (a->text[0] != '\0')
         mig_cli_print_block (stdout, a->text, 3);
      if (a->documentation[0] != '\0') {
         g_autofree char *doc = mig_display_text (a->documentation, -1, 0);
         printf ("   See: %s\n", doc);
      }
   }
}

static void
print_human (const Run *run, const MigUserList *list)
{
   print_postoffice (run);
   print_table (run, list);
   print_texts (run, list);
   Counts c = count_verdicts (run);
   printf ("\n%u accounts: %u proceed, %u defer, %u block", run->answers->len,
           c.proceed, c.defer, c.block);
   if (list->n_not_migrated > 0)
      printf ("; %u not to be migrated (MigrateUser=N)", list->n_not_migrated);
   printf (". Nothing was migrated.\n");
}

static json_t *
postoffice_json (const Run *run)
{
   if (run->postoffice_answer == NULL)
      return json_null ();
   json_t *o = json_pack ("{s:s}", "path", run->postoffice);
   json_t *fields = mig_answer_to_json (run->postoffice_answer);
   json_object_update (o, fields);
   json_decref (fields);
   json_object_set_new (o, "verdict",
                        json_string (postoffice_verdict (run->postoffice_answer)));
   return o;
}

static json_t *
account_json (const MigUserEntry *e, const MigAnswer *a)
{
   json_t *o = json_pack ("{s:s, s:o, s:o}", "user", e->user,
                          "hex_id", mig_json_text (e->hex_id, TRUE),
                          "mmf_path", mig_json_text (a->path, TRUE));
   json_t *fields = mig_answer_to_json (a);
   json_object_update (o, fields);
   json_decref (fields);
   return o;
}

static json_t *
report_json (const Run *run, const MigUserList *list)
{
   const mig_plugin_entry *entry = mig_plugin_entry_of (run->plugin);
   g_autofree char *name = g_utf8_make_valid (entry->name, -1);
   g_autofree char *version = g_utf8_make_valid (entry->version, -1);
   g_autofree char *path = g_utf8_make_valid (mig_plugin_path (run->plugin), -1);
   json_t *accounts = json_array ();
   for (guint i = 0; i < run->answers->len; i++)
      json_array_append_new (
         accounts, account_json (g_ptr_array_index (list->entries, i),
                                 g_ptr_array_index (run->answers, i)));
   Counts c = count_verdicts (run);
   return json_pack (
      "{s:{s:o, s:o, s:s}, s:o, s:o, s:{s:I, s:I, s:I, s:I, s:I}}",
      "plugin",
      "name", mig_json_text (name, FALSE),
      "version", mig_json_text (version, FALSE),
      "path", path,
      "postoffice", postoffice_json (run),
      "accounts", accounts,
      "summary",
      "proceed", (json_int_t) c.proceed,
      "defer", (json_int_t) c.defer,
      "block", (json_int_t) c.block,
      "total", (json_int_t) run->answers->len,
      "not_migrated", (json_int_t) list->n_not_migrated);
}

static int
exit_code (const Run *run)
{
   Counts c = count_verdicts (run);
   gboolean postoffice_blocked =
      run->postoffice_answer != NULL &&
      run->postoffice_answer->result == MIG_VERDICT_BLOCK;
   if (run->had_error || c.block > 0 || postoffice_blocked)
      return MIG_EXIT_ERROR;
   return c.defer > 0 ? MIG_EXIT_DEFER : MIG_EXIT_OK;
}

// ---------------------------------------------------------------------------

static gboolean
parse_options (Options *o, int *argc, char ***argv)
{
   GOptionEntry options[] = {
      {"plugin", 0, 0, G_OPTION_ARG_FILENAME, &o->plugin_path,
       "The plugin to ask (a shared object; default: $MIG_PLUGIN, else the "
       "installed plugin)", "FILE"},
      {"postoffice", 0, 0, G_OPTION_ARG_FILENAME, &o->postoffice,
       "The post office's MAILDATA folder (holding GLB/, MMF/, ...)", "DIR"},
      {"users", 0, 0, G_OPTION_ARG_FILENAME, &o->users,
       "The migration wizard's user list (CSV, with Hex-ID and "
       "Password-Recovered columns)", "CSV"},
      {"json", 0, 0, G_OPTION_ARG_FILENAME, &o->json,
       "Also write the report as JSON to FILE", "FILE"},
      {"config", 0, 0, G_OPTION_ARG_FILENAME, &o->config,
       "The plugin's configuration file", "FILE"},
      {"locale", 0, 0, G_OPTION_ARG_FILENAME, &o->locale,
       "Language of the plugin's text (default: LANGUAGE, LC_ALL, "
       "LC_MESSAGES, LANG)", "L"},
      G_OPTION_ENTRY_NULL,
   };
   g_autoptr (GOptionContext) context = g_option_context_new (NULL);
   g_option_context_set_summary (
      context,
      "Asks the plugin, for every account of the user list, whether migrating "
      "it now would work (pre-migrate/1, in one batch). Migrates nothing.\n\n"
      "Prints the post office's verdict, one line per account (user, verdict, "
      "cause, holder), the text of every account that may not proceed, and a "
      "summary. An account the plugin has no opinion on, or fails on, is "
      "reported deferred (cause no-opinion or plugin-error): mig-host fails "
      "closed.\n\n"
      "Exit status: 0 all accounts proceed; 1 some deferred, none blocked; 2 "
      "some blocked (or the post office), or an error.");
   g_option_context_add_main_entries (context, options, NULL);
   if (!mig_cli_parse_options_only (context, "preflight", argc, argv))
      return FALSE;
   if (o->postoffice == NULL || o->users == NULL) {
      mig_cli_error ("preflight", "--postoffice and --users are both "
                     "needed, eg: mig-host preflight --postoffice "
                     "PO/MAILDATA --users PO/users.csv");
      return FALSE;
   }
   g_autoptr (GError) error = NULL;
   if (!mig_plugin_locate (&o->plugin_path, NULL, &error)) {
      mig_cli_error ("preflight", "%s", error->message);
      return FALSE;
   }
   return TRUE;
}

static void
options_clear (Options *o)
{
   g_free (o->plugin_path);
   g_free (o->postoffice);
   g_free (o->users);
   g_free (o->json);
   g_free (o->config);
   g_free (o->locale);
}

static int
run_preflight (const Options *o)
{
   g_autoptr (GError) error = NULL;
   g_autofree char *postoffice = NULL;
   g_autoptr (MigUserList) list = NULL;
   if (!mig_postoffice_load (o->postoffice, o->users, &postoffice, &list,
                             &error)) {
      mig_cli_error ("preflight", "%s", error->message);
      return MIG_EXIT_ERROR;
   }
   g_autoptr (MigPluginSession) session =
      mig_plugin_session_open (o->plugin_path, o->locale, o->config, &error);
   if (session == NULL) {
      mig_cli_error ("preflight", "%s", error->message);
      return MIG_EXIT_ERROR;
   }
   if (mig_plugin_hook (session->plugin, MIG_FN_pre_migrate) == NULL) {
      g_autofree char *shown = mig_display_path (o->plugin_path);
      mig_cli_error ("preflight", "plugin %s offers no %s, so it cannot judge "
                     "accounts; use a plugin that does (mig-host inspect "
                     "lists what it offers)", shown, MIG_HOOK_PRE_MIGRATE);
      return MIG_EXIT_ERROR;
   }

   g_autoptr (GPtrArray) answers =
      g_ptr_array_new_with_free_func ((GDestroyNotify) mig_answer_free);
   Run run = {.plugin = session->plugin, .postoffice = postoffice,
              .answers = answers};
   begin_batch (&run, list->entries->len);
   check_accounts (&run, list);
   end_batch (&run);
   // Owned here, so it is freed on every return below; `run` reads it.
   g_autoptr (MigAnswer) postoffice_answer = run.postoffice_answer;
   (void) postoffice_answer;

   print_human (&run, list);
   if (o->json != NULL) {
      json_t *root = report_json (&run, list);
      gboolean written = mig_cli_write_json (root, o->json, &error);
      json_decref (root);
      if (!written) {
         mig_cli_error ("preflight", "%s", error->message);
         return MIG_EXIT_ERROR;
      }
   }
   return exit_code (&run);
}

int
mig_cmd_preflight (int argc, char **argv)
{
   Options o = {0};
   int status = parse_options (&o, &argc, &argv) ? run_preflight (&o)
                                                  : MIG_EXIT_ERROR;
   options_clear (&o);
   return status;
}
