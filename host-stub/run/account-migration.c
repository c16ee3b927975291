// account-migration.c — one account through one attempt (see the header).

#include "run/account-migration.h"

#include "display-text.h"
#include "plugin-host/assessment.h"
#include "run/mmf-copy.h"
#include "plugin-host/plugin-calls.h"
#include "run/run-interrupt.h"
#include "run/wizard-events.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

const char *
mh_outcome_name (MhOutcome outcome)
{
   static const char *const names[] = {
      [MH_OUTCOME_PENDING] = "pending",
      [MH_OUTCOME_MIGRATED] = "migrated",
      [MH_OUTCOME_DEFERRED] = "deferred",
      [MH_OUTCOME_BLOCKED] = "blocked",
      [MH_OUTCOME_FAILED] = "failed",
      [MH_OUTCOME_INTERRUPTED] = "interrupted",
   };
   return names[outcome];
}

const char *
mh_outcome_shown (MhOutcome outcome)
{
   static const char *const words[] = {
      [MH_OUTCOME_PENDING] = NC_ ("outcome", "pending"),
      [MH_OUTCOME_MIGRATED] = NC_ ("outcome", "migrated"),
      [MH_OUTCOME_DEFERRED] = NC_ ("outcome", "deferred"),
      [MH_OUTCOME_BLOCKED] = NC_ ("outcome", "blocked"),
      [MH_OUTCOME_FAILED] = NC_ ("outcome", "failed"),
      [MH_OUTCOME_INTERRUPTED] = NC_ ("outcome", "interrupted"),
   };
   return g_dpgettext2 (GETTEXT_PACKAGE, "outcome", words[outcome]);
}

void
mh_account_state_clear (MhAccountState *s)
{
   g_clear_pointer (&s->answer, mh_answer_free);
   g_clear_pointer (&s->host_reason, g_free);
   g_clear_pointer (&s->mmf_path, g_free);
}

mig_account
mh_account_record (const MhMigration *m, const MhUserEntry *e,
                   uint64_t batch_id)
{
   return (mig_account){
      .struct_size = sizeof (mig_account),
      .batch_id = batch_id,
      .postoffice = m->postoffice,
      .user = e->user,
      .full_name = e->full_name,
      .hex_id = e->hex_id,
      .password_recovered_at = e->password_recovered_at,
   };
}

static void
set_answer (MhAccountState *s, MhAnswer *answer, const char *hook)
{
   mh_answer_free (s->answer);
   s->answer = answer;
   s->answer_hook = hook;
}

void
mh_account_take_verdict (MhAccountState *s, MhAnswer *answer)
{
   MhAssessment a = mh_assess_account (NULL, s->entry, answer);
   s->outcome = a.go == MH_GO_BLOCK     ? MH_OUTCOME_BLOCKED
                : a.go == MH_GO_PROCEED ? MH_OUTCOME_PENDING
                                        : MH_OUTCOME_DEFERRED;
   mh_assessment_clear (&a);
   set_answer (s, answer, MIG_HOOK_PRE_MIGRATE);
}

MhAnswer *
mh_account_on_error (const MhPlugin *plugin, const mig_event *event)
{
   if (plugin == NULL || mh_plugin_hook (plugin, MH_FN_on_error) == NULL)
      return NULL;
   return mh_answer_on_error (plugin, event);
}

// The path named in events: the MMF found, else where it should have been.
static char *
event_path (const MhMigration *m, const MhUserEntry *e)
{
   g_autofree char *name =
      g_strconcat (e->hex_id != NULL ? e->hex_id : "", ".MMF", NULL);
   return g_build_filename (m->postoffice, "MMF", name, NULL);
}

// Logs one wizard event about the account, asks on-error/1 about it, and
// returns the plugin's answer (NULL without one).
static MhAnswer *
log_failure_event (const MhMigration *m, MhAccountState *s, uint32_t id)
{
   const char *inserts[] = {s->entry->user, s->mmf_path, NULL};
   g_autofree char *description = mh_wizard_event_text (id, inserts);
   mig_account account = mh_account_record (m, s->entry, 0);
   mig_event event = {
      .struct_size = sizeof event,
      .event_id = id,
      .source = MH_WIZARD_SOURCE,
      .inserts = inserts,
      .n_inserts = 2,
      .description = description,
      .account = &account,
   };
   MhAnswer *answer = mh_account_on_error (m->plugin, &event);
   MhLoggedEvent logged = {
      .source = MH_WIZARD_SOURCE,
      .id = id,
      .type = MH_EVENT_TYPE_ERROR,
      .inserts = inserts,
      .description = description,
      .user = s->entry->user,
      .resolution = answer,
   };
   mh_event_log_write (m->log, &logged);
   return answer;
}

// The host's own attempt failed: log as the wizard would, let the plugin's
// answer to 7007 decide what happens to the account.
static void
fail_attempt (const MhMigration *m, MhAccountState *s, const char *cause,
              char *reason)
{
   gboolean password_cause = strcmp (cause, "password-not-synchronised") == 0;
   g_free (s->host_reason);
   s->host_reason = reason;
   s->host_cause = cause;
   MhAnswer *answer = log_failure_event (m, s, MH_WIZARD_EVENT_MMF_FAILED);
   if (password_cause)
      mh_answer_free (log_failure_event (m, s, MH_WIZARD_EVENT_PAB_FAILED));
   if (answer == NULL) {
      s->outcome = MH_OUTCOME_FAILED;
      return;
   }
   if (answer->result == MIG_VERDICT_DEFER)
      s->outcome = MH_OUTCOME_DEFERRED;
   else if (answer->result == MIG_VERDICT_BLOCK)
      s->outcome = MH_OUTCOME_BLOCKED;
   else
      s->outcome = MH_OUTCOME_FAILED;
   set_answer (s, answer, MIG_HOOK_ON_ERROR);
}

static char *
describe_holder (const MhLockConflict *h)
{
   if (h->pid > 0)
      return g_strdup_printf ("a %s lock held by process %ld", h->kind, h->pid);
   return g_strdup_printf ("a %s lock (holder's process unknown)", h->kind);
}

// Copies the MMF, and fails the attempt as the wizard would.
static void
copy_mmf (const MhMigration *m, MhAccountState *s, const char *source)
{
   g_autofree char *dest = g_strconcat (s->entry->hex_id, ".MMF", NULL);
   // Upper case, as DOS named it; the hex id was checked to be 8 hex digits.
   g_autofree char *dest_upper = g_ascii_strup (dest, -1);
   g_autoptr (GError) error = NULL;
   // Size and time are the quick look; the journal's checksum decides.
   MhSourceState now;
   if (m->journal != NULL &&
       mh_mmf_already_copied (source, m->out_dir, dest_upper) &&
       mh_mmf_source_state (source, &now) &&
       mh_journal_copy_current (m->journal, dest_upper, &now)) {
      s->bytes = (goffset) now.size;
      s->copy_tries = 0;
      s->already_migrated = TRUE;
      s->outcome = MH_OUTCOME_MIGRATED;
      g_clear_pointer (&s->host_reason, g_free);
      s->host_cause = NULL;
      return;
   }
   MhCopyReport report;
   MhJournalAccount journal_account = {m->journal, s->entry->user};
   MhLandingHooks hooks;
   mh_journal_hooks (&journal_account, &hooks);
   MhCopyStatus status =
      mh_mmf_copy (source, m->out_dir, dest_upper, m->max_copy_tries,
                   m->journal != NULL ? &hooks : NULL, &report, &error);
   s->copy_tries = report.tries;
   switch (status) {
   case MH_COPY_DONE:
      s->bytes = report.bytes;
      s->outcome = MH_OUTCOME_MIGRATED;
      g_clear_pointer (&s->host_reason, g_free);
      s->host_cause = NULL;
      return;
   case MH_COPY_HELD: {
      g_autofree char *holder = describe_holder (&report.holder);
      fail_attempt (m, s, "mmf-held",
                    g_strdup_printf ("the MMF is held open: %s", holder));
      return;
   }
   case MH_COPY_CHANGING:
      fail_attempt (m, s, "mmf-changing",
                    g_strdup_printf ("the MMF changed during each of %u "
                                     "copies: a client is writing it",
                                     report.tries));
      return;
   case MH_COPY_FAILED:
      fail_attempt (m, s, "copy-failed", g_strdup (error->message));
      return;
   case MH_COPY_OUT_FAILED:
      // The host's failure: the account is not told it failed, and
      // nothing more is attempted.
      s->outcome = MH_OUTCOME_INTERRUPTED;
      g_free (s->host_reason);
      s->host_reason = g_strdup_printf ("not done: %s", error->message);
      s->host_cause = "out-unwritable";
      mh_interrupt_stop (error);
      return;
   case MH_COPY_INTERRUPTED:
      mh_account_not_done (s);
      return;
   }
}

// The wizard reads the MMF with the post office's password: an MMF last
// changed before the password was recovered still holds the old one.
static gboolean
password_unsynchronised (const MhUserEntry *e, const char *source,
                         char **reason)
{
   GStatBuf st;
   if (e->password_recovered_at == 0 || g_lstat (source, &st) != 0)
      return FALSE;
   if ((int64_t) st.st_mtime >= e->password_recovered_at)
      return FALSE;
   g_autoptr (GDateTime) t =
      g_date_time_new_from_unix_utc (e->password_recovered_at);
   g_autofree char *when =
      t != NULL ? g_date_time_format_iso8601 (t) : g_strdup ("?");
   *reason = g_strdup_printf ("the password was recovered at %s, after the MMF "
                              "last changed: the user has not logged on since, "
                              "so the MMF still holds the old password",
                              when);
   return TRUE;
}

void
mh_account_not_done (MhAccountState *s)
{
   const GError *stop = mh_interrupt_stop_error ();
   s->outcome = MH_OUTCOME_INTERRUPTED;
   g_free (s->host_reason);
   if (stop != NULL) {
      s->host_reason =
         g_strdup_printf ("not done: the run stopped: %s", stop->message);
      s->host_cause = "out-unwritable";
   } else {
      s->host_reason = g_strdup ("not done: the run was interrupted (a "
                                 "partial copy is removed)");
      s->host_cause = "interrupted";
   }
}

gboolean
mh_account_block_listed_problem (MhAccountState *s)
{
   if (s->entry->problem == NULL)
      return FALSE;
   s->outcome = MH_OUTCOME_BLOCKED;
   g_free (s->host_reason);
   s->host_reason = g_strdup (s->entry->problem);
   s->host_cause = "user-list-row";
   return TRUE;
}

void
mh_account_attempt (const MhMigration *m, MhAccountState *s)
{
   if (mh_interrupted ())
      return;
   s->attempts++;
   if (mh_account_block_listed_problem (s))
      return;
   if (m->plugin != NULL) {
      mig_account account = mh_account_record (m, s->entry, 0);
      mh_account_take_verdict (s, mh_answer_pre_migrate (m->plugin, &account));
      if (s->outcome != MH_OUTCOME_PENDING)
         return;
   }
   g_autoptr (GError) error = NULL;
   gboolean ambiguous = FALSE;
   // A run lists the folder once a pass; an attempt outside one, itself.
   g_autoptr (MhMmfFolder) own =
      m->mmf_folder == NULL ? mh_mmf_folder_new (m->postoffice) : NULL;
   g_autofree char *source =
      mh_mmf_folder_find (m->mmf_folder != NULL ? m->mmf_folder : own,
                          s->entry->hex_id, &ambiguous, &error);
   g_free (s->mmf_path);
   s->mmf_path = source != NULL ? g_strdup (source) : event_path (m, s->entry);
   if (source == NULL) {
      fail_attempt (m, s, ambiguous ? "mmf-ambiguous" : "mmf-missing",
                    g_strdup (error->message));
      return;
   }
   char *reason = NULL;
   // What the plugin judged must be what is copied (assessment.h).
   const char *refused = mh_assess_copy_source (source, &reason);
   if (refused != NULL) {
      fail_attempt (m, s, refused, reason);
      return;
   }
   // One file is never copied for two accounts (mmf-folder.h): both are
   // refused, with or without a plugin, whatever its verdict.
   g_autofree char *same = mh_mmf_folder_same_file (
      m->mmf_folder != NULL ? m->mmf_folder : own, source);
   if (same != NULL) {
      g_autofree char *shown = mh_display_path (source);
      fail_attempt (
         m, s, "mmf-shared-file",
         g_strdup_printf (_ ("%s is the same file as %s (a hard link): "
                             "mig-host copies no file for two accounts, so "
                             "neither is copied; give each account its own "
                             "MMF"),
                          shown, same));
      return;
   }
   if (password_unsynchronised (s->entry, source, &reason)) {
      fail_attempt (m, s, "password-not-synchronised", reason);
      return;
   }
   copy_mmf (m, s, source);
}
