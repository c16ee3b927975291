// migration-run.h — a whole migration run: one batch of pre-migrate calls,
// then passes of attempts with deferred accounts requeued and back-off.
//
// Pass 1: batch-begin/1, pre-migrate/1 for every account inside the batch,
// batch-end/1; every account that may proceed is then attempted
// (account-migration.h). Passes 2 .. retries+1: the accounts still deferred
// are attempted again after delay * 2^(pass-2) seconds. Without a plugin
// there is no batch and no requeue: every account is attempted once, as the
// stock wizard does. Attempts of one pass run on `jobs` worker threads, so
// hooks are called concurrently.
//
// After each pass a line is printed on stdout and flushed ("Pass 1: ..."),
// so that whoever watches the run (an operator, a test) knows when a pass
// ended, and before a wait "Retrying ..."; on a terminal a progress line
// and a countdown are kept up to date as well.
//
// When the run is interrupted (run-interrupt.h) no further attempt starts,
// a copy in progress is abandoned, the wait ends, and the accounts not
// decided yet end "interrupted".

#pragma once

#include "run/account-migration.h"

typedef struct MhRunResult MhRunResult;

typedef struct {
   MhMigration migration;
   guint jobs;         // worker threads, >= 1
   guint retries;      // passes after the first, for deferred accounts
   double retry_delay; // seconds before the first retry; < 0: from answers
   gboolean progress;  // keep a progress line and countdowns (a terminal)
   FILE *out;          // where pass lines and progress go (stdout)
   // Called once batch-begin/1 answered (or was not offered), before any
   // account is attempted. May be NULL.
   void (*postoffice_answered) (const MhRunResult *result, gpointer data);
   // Called once per account when its outcome is final: at once for
   // migrated, blocked and failed (from a worker thread), after the last
   // pass for deferred, at the end for interrupted. May be NULL.
   void (*account_settled) (const MhAccountState *state, gpointer data);
   gpointer data;
} MhRunOptions;

struct MhRunResult {
   MhAccountState *accounts; // one per user list entry, in list order
   guint n_accounts;
   // The post office's answer from batch-begin/1, or NULL.
   MhAnswer *postoffice_answer;
   guint passes;
   // A hook failed outside any account (batch-begin, batch-end).
   gboolean had_error;
   // The plugin blocked the whole post office: no account was attempted.
   gboolean postoffice_blocked;
};

typedef struct {
   guint migrated, deferred, blocked, failed, interrupted;
} MhOutcomeCounts;

// Runs the migration of every entry of `list`.
MhRunResult *mh_run_migration (const MhRunOptions *options,
                               const MhUserList *list);

MhOutcomeCounts mh_run_count (const MhRunResult *result);

// Logs the closing summary event (10068, information), asking on-error/1
// for its catalog entry so the journal gets its MESSAGE_ID.
void mh_run_log_summary (const MhRunOptions *options,
                         const MhRunResult *result);

void mh_run_result_free (MhRunResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MhRunResult, mh_run_result_free)
