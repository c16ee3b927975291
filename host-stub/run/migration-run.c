// migration-run.c — a whole migration run (see migration-run.h).

#include "run/migration-run.h"

#include "display-text.h"
#include "plugin-host/assessment.h"
#include "plugin-host/plugin-calls.h"
#include "run/run-interrupt.h"
#include "run/wizard-events.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

enum {
   // Without --retry-delay: the plugin's retry_after_s, but no longer than
   // this (mmfguard says 300 s; a run should not sit idle for that long).
   DEFAULT_DELAY_CAP_S = 30,
};

typedef struct {
   const MhRunOptions *options;
   GMutex lock; // guards the counters and the progress line
   guint done, total;
} Pass;

// ---------------------------------------------------------------------------
// Pass 1's batch

// batch-begin/1; returns the batch id, 0 when no batch is open.
static uint64_t
begin_batch (const MhMigration *m, MhRunResult *r)
{
   if (mh_plugin_hook (m->plugin, MH_FN_batch_begin) == NULL)
      return 0;
   uint64_t batch_id = 0;
   r->postoffice_answer = mh_answer_batch_begin (m->plugin, m->postoffice,
                                                 r->n_accounts, &batch_id);
   if (mh_answer_is_error (r->postoffice_answer)) {
      g_warning ("%s failed (%s); asking about each account without a "
                 "batch",
                 MIG_HOOK_BATCH_BEGIN,
                 mh_status_name (r->postoffice_answer->result));
      r->had_error = TRUE;
      return 0;
   }
   return batch_id;
}

static void
end_batch (const MhMigration *m, MhRunResult *r, uint64_t batch_id)
{
   if (batch_id == 0 || mh_plugin_hook (m->plugin, MH_FN_batch_end) == NULL)
      return;
   int32_t status = mh_call_batch_end (m->plugin, batch_id);
   if (status != MIG_OK) {
      g_warning ("%s failed (%s)", MIG_HOOK_BATCH_END, mh_status_name (status));
      r->had_error = TRUE;
   }
}

static void
settle (const MhRunOptions *o, const MhAccountState *s)
{
   if (o->account_settled != NULL)
      o->account_settled (s, o->data);
}

// The batch's verdicts. A post office the plugin blocks is not migrated at
// all: every account is blocked with the post office's reason, as the wizard
// refuses an invalid post office as a whole.
static void
preflight_batch (const MhRunOptions *o, MhRunResult *r)
{
   const MhMigration *m = &o->migration;
   uint64_t batch_id = begin_batch (m, r);
   r->postoffice_blocked =
      mh_assess_postoffice_blocks_all (r->postoffice_answer);
   if (o->postoffice_answered != NULL)
      o->postoffice_answered (r, o->data);
   for (guint i = 0; i < r->n_accounts && !mh_interrupted (); i++) {
      MhAccountState *s = &r->accounts[i];
      s->attempts = 1;
      if (r->postoffice_blocked) {
         s->outcome = MH_OUTCOME_BLOCKED;
         s->by_postoffice = TRUE;
         settle (o, s);
         continue;
      }
      if (mh_account_block_listed_problem (s)) {
         settle (o, s);
         continue;
      }
      mig_account account = mh_account_record (m, s->entry, batch_id);
      mh_account_take_verdict (s, mh_answer_pre_migrate (m->plugin, &account));
      if (s->outcome == MH_OUTCOME_BLOCKED)
         settle (o, s);
   }
   end_batch (m, r, batch_id);
}

// ---------------------------------------------------------------------------
// Passes of attempts

static void
progress_clear (const MhRunOptions *o)
{
   if (o->progress) {
      fputs ("\r\033[K", o->out);
      fflush (o->out);
   }
}

static void
progress_update (Pass *p, const MhAccountState *s)
{
   g_mutex_lock (&p->lock);
   p->done++;
   if (p->options->progress) {
      g_autofree char *user = mh_display_text (s->entry->user, -1, 0);
      fprintf (p->options->out, "\r\033[K[%u/%u] %s %s", p->done, p->total,
               user, mh_outcome_shown (s->outcome));
      fflush (p->options->out);
   }
   g_mutex_unlock (&p->lock);
}

static void
attempt_worker (gpointer data, gpointer user_data)
{
   MhAccountState *s = data;
   Pass *p = user_data;
   mh_account_attempt (&p->options->migration, s);
   if (s->outcome == MH_OUTCOME_MIGRATED || s->outcome == MH_OUTCOME_BLOCKED ||
       s->outcome == MH_OUTCOME_FAILED)
      settle (p->options, s);
   progress_update (p, s);
}

// Attempts every account in `todo` on the pass's workers; returns when all
// are done.
static void
run_attempts (const MhRunOptions *o, GPtrArray *todo)
{
   if (todo->len == 0)
      return;
   Pass p = {.options = o, .total = todo->len};
   g_mutex_init (&p.lock);
   GThreadPool *pool =
      g_thread_pool_new (attempt_worker, &p, (gint) o->jobs, TRUE, NULL);
   for (guint i = 0; i < todo->len; i++)
      g_thread_pool_push (pool, g_ptr_array_index (todo, i), NULL);
   g_thread_pool_free (pool, FALSE, TRUE); // waits for every attempt
   g_mutex_clear (&p.lock);
   progress_clear (o);
}

static GPtrArray *
accounts_in (MhRunResult *r, MhOutcome outcome)
{
   GPtrArray *list = g_ptr_array_new ();
   for (guint i = 0; i < r->n_accounts; i++) {
      if (r->accounts[i].outcome == outcome)
         g_ptr_array_add (list, &r->accounts[i]);
   }
   return list;
}

// Once the run is interrupted or stopped, an account still waiting for its
// attempt will not get one: not done, said in the pass line already.
static void
mark_not_done (MhRunResult *r)
{
   if (!mh_interrupted ())
      return;
   for (guint i = 0; i < r->n_accounts; i++) {
      if (r->accounts[i].outcome == MH_OUTCOME_PENDING)
         mh_account_not_done (&r->accounts[i]);
   }
}

static void
print_pass (const MhRunOptions *o, const MhRunResult *r, guint pass)
{
   MhOutcomeCounts c = mh_run_count (r);
   fprintf (o->out,
            _ ("Pass %u: %u migrated, %u deferred, %u blocked, %u failed"),
            pass, c.migrated, c.deferred, c.blocked, c.failed);
   if (c.interrupted > 0)
      fprintf (o->out, _ (", %u not done"), c.interrupted);
   fprintf (o->out,
            g_dngettext (GETTEXT_PACKAGE, " (%u account)\n", " (%u accounts)\n",
                         r->n_accounts),
            r->n_accounts);
   fflush (o->out);
}

static void
countdown (double left, gpointer data)
{
   const MhRunOptions *o = data;
   fputs ("\r\033[K", o->out);
   fprintf (o->out,
            _ ("Next retry in %.0f s (Ctrl-C ends the run, "
               "reports kept)"),
            left);
   fflush (o->out);
}

// The first retry's delay without --retry-delay: the longest retry_after_s
// the plugin gave a deferred account, capped.
static double
delay_from_answers (GPtrArray *deferred)
{
   guint longest = 0;
   for (guint i = 0; i < deferred->len; i++) {
      const MhAccountState *s = g_ptr_array_index (deferred, i);
      if (s->answer != NULL)
         longest = MAX (longest, s->answer->retry_after_s);
   }
   if (longest == 0)
      return DEFAULT_DELAY_CAP_S;
   return MIN (longest, (guint) DEFAULT_DELAY_CAP_S);
}

MhRunResult *
mh_run_migration (const MhRunOptions *o, const MhUserList *list)
{
   const MhMigration *m = &o->migration;
   MhRunResult *r = g_new0 (MhRunResult, 1);
   r->n_accounts = list->entries->len;
   r->accounts = g_new0 (MhAccountState, MAX (r->n_accounts, 1u));
   for (guint i = 0; i < r->n_accounts; i++)
      r->accounts[i].entry = g_ptr_array_index (list->entries, i);

   // Pass 1. An attempt counts pass 1's batch verdict and its copy as one.
   if (m->plugin != NULL)
      preflight_batch (o, r);
   else if (o->postoffice_answered != NULL)
      o->postoffice_answered (r, o->data);
   g_autoptr (GPtrArray) first = accounts_in (r, MH_OUTCOME_PENDING);
   for (guint i = 0; i < first->len; i++)
      ((MhAccountState *) g_ptr_array_index (first, i))->attempts = 0;
   run_attempts (o, first);
   for (guint i = 0; i < r->n_accounts; i++)
      r->accounts[i].attempts = MAX (r->accounts[i].attempts, 1u);
   r->passes = 1;
   mark_not_done (r);
   print_pass (o, r, 1);

   double delay = o->retry_delay;
   for (guint retry = 1; retry <= o->retries && !mh_interrupted (); retry++) {
      g_autoptr (GPtrArray) deferred = accounts_in (r, MH_OUTCOME_DEFERRED);
      if (deferred->len == 0)
         break;
      if (retry == 1 && delay < 0)
         delay = delay_from_answers (deferred);
      double wait = delay * (double) (1u << MIN (retry - 1, 20u));
      fprintf (o->out,
               g_dngettext (GETTEXT_PACKAGE,
                            "Retrying %u deferred account in %.1f s (retry "
                            "%u of %u)\n",
                            "Retrying %u deferred accounts in %.1f s (retry "
                            "%u of %u)\n",
                            deferred->len),
               deferred->len, wait, retry, o->retries);
      fflush (o->out);
      gboolean waited = mh_interrupt_sleep (
         wait, o->progress ? countdown : NULL, (gpointer) o);
      progress_clear (o);
      if (!waited)
         break;
      // A client may have created or removed an MMF while the run waited.
      if (m->mmf_folder != NULL)
         mh_mmf_folder_refresh (m->mmf_folder);
      run_attempts (o, deferred);
      r->passes++;
      mark_not_done (r);
      print_pass (o, r, r->passes);
   }
   // What is left is final now: deferred after the last pass, or not
   // decided when the run was interrupted.
   for (guint i = 0; i < r->n_accounts; i++) {
      MhAccountState *s = &r->accounts[i];
      if (s->outcome == MH_OUTCOME_PENDING)
         mh_account_not_done (s);
      if (s->outcome == MH_OUTCOME_DEFERRED ||
          s->outcome == MH_OUTCOME_INTERRUPTED)
         settle (o, s);
   }
   return r;
}

MhOutcomeCounts
mh_run_count (const MhRunResult *r)
{
   MhOutcomeCounts c = {0, 0, 0, 0, 0};
   for (guint i = 0; i < r->n_accounts; i++) {
      switch (r->accounts[i].outcome) {
      case MH_OUTCOME_MIGRATED:
         c.migrated++;
         break;
      case MH_OUTCOME_BLOCKED:
         c.blocked++;
         break;
      case MH_OUTCOME_FAILED:
         c.failed++;
         break;
      case MH_OUTCOME_DEFERRED:
      case MH_OUTCOME_PENDING: // cannot remain after a pass
         c.deferred++;
         break;
      case MH_OUTCOME_INTERRUPTED:
         c.interrupted++;
         break;
      }
   }
   return c;
}

void
mh_run_log_summary (const MhRunOptions *o, const MhRunResult *r)
{
   MhOutcomeCounts c = mh_run_count (r);
   g_autofree char *total = g_strdup_printf ("%u", r->n_accounts);
   g_autofree char *migrated = g_strdup_printf ("%u", c.migrated);
   g_autofree char *deferred = g_strdup_printf ("%u", c.deferred);
   g_autofree char *blocked = g_strdup_printf ("%u", c.blocked);
   g_autofree char *failed = g_strdup_printf ("%u", c.failed);
   const char *inserts[] = {total, migrated, deferred, blocked, failed, NULL};
   g_autofree char *description =
      mh_wizard_event_text (MH_WIZARD_EVENT_SUMMARY, inserts);
   mig_event event = {
      .struct_size = sizeof event,
      .event_id = MH_WIZARD_EVENT_SUMMARY,
      .source = MH_WIZARD_SOURCE,
      .inserts = inserts,
      .n_inserts = G_N_ELEMENTS (inserts) - 1,
      .description = description,
   };
   g_autoptr (MhAnswer) answer =
      mh_account_on_error (o->migration.plugin, &event);
   MhLoggedEvent logged = {
      .source = MH_WIZARD_SOURCE,
      .id = MH_WIZARD_EVENT_SUMMARY,
      .type = MH_EVENT_TYPE_INFORMATION,
      .inserts = inserts,
      .description = description,
      .resolution = answer,
   };
   mh_event_log_write (o->migration.log, &logged);
}

void
mh_run_result_free (MhRunResult *r)
{
   if (r == NULL)
      return;
   for (guint i = 0; i < r->n_accounts; i++)
      mh_account_state_clear (&r->accounts[i]);
   g_free (r->accounts);
   mh_answer_free (r->postoffice_answer);
   g_free (r);
}
