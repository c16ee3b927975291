// account-migration.h — one account through one attempt of a migration run.
//
// An attempt, as the wizard's stand-in makes it:
// 1. With a plugin, pre-migrate/1 outside any batch (batch_id 0), so the
//    verdict reflects the lock state at this moment, not the batch's
//    snapshot. DEFER (or no opinion, or a plugin error: fail closed) leaves
//    the account deferred; BLOCK blocks it.
// 2. The host's own attempt fails where the wizard's would: no MMF on the
//    post office, a symbolic link where it should be (never copied through:
//    assessment.h), the password recovered after the MMF last changed (not
//    synchronised by a logon), a lock on the MMF by another process
//    (lock-conflict.h), or a source that kept changing during the copy.
//    Then it logs 7007 ("Could not migrate MMF file ...") and, for an
//    unsynchronised password, also 7000 ("Could not migrate PAB file ...":
//    the PAB lives inside the MMF and is read with the same password, so the
//    wizard cannot migrate it either), and asks on-error/1 about each.
//    The answer to 7007 decides: DEFER requeues, BLOCK blocks, anything else
//    (or no plugin: the stock wizard) leaves the account failed.
// 3. Otherwise the MMF is copied into the output folder as <HEX-ID>.MMF
//    (mmf-copy.h), its landing recorded in the journal (run-journal.h),
//    and the account is migrated — unless the journal vouches for the copy
//    already there. When writing the output folder fails, that is the
//    host's own failure: no event, no on-error, the account is left "not
//    done" (interrupted, host_cause "out-unwritable") and the whole run
//    stops (mh_interrupt_stop).

#pragma once

#include "plugin-host/answer-copy.h"
#include "run/event-log-writer.h"
#include "run/mmf-folder.h"
#include "run/run-journal.h"
#include "plugin-host/plugin-loader.h"
#include "wizard-input/user-list.h"

typedef enum {
   MH_OUTCOME_PENDING = 0, // not decided yet (queued for the copy phase)
   MH_OUTCOME_MIGRATED,
   MH_OUTCOME_DEFERRED,
   MH_OUTCOME_BLOCKED,
   MH_OUTCOME_FAILED,
   // The run was interrupted before the account was decided (its copy, if
   // one had started, removed).
   MH_OUTCOME_INTERRUPTED,
} MhOutcome;

// "pending", "migrated", "deferred", "blocked", "failed", "interrupted".
const char *mh_outcome_name (MhOutcome outcome);
// The outcome in the run's language, for the human report only.
const char *mh_outcome_shown (MhOutcome outcome);

// What a run knows of one account. Owned by the run; an attempt on it runs
// on one worker thread at a time.
typedef struct {
   const MhUserEntry *entry; // owned by the user list
   MhOutcome outcome;
   guint attempts;
   // The plugin's answer that decided the outcome last (pre-migrate/1 or
   // on-error/1), or NULL (no plugin).
   MhAnswer *answer;
   // Which hook gave `answer`: MIG_HOOK_PRE_MIGRATE or MIG_HOOK_ON_ERROR.
   const char *answer_hook;
   // Why the host's own attempt failed, or NULL; and as an id: "mmf-held",
   // "password-not-synchronised", "mmf-missing", "mmf-ambiguous",
   // "mmf-symlink", "mmf-shared-file", "mmf-changing", "copy-failed"
   // (static strings).
   char *host_reason;
   const char *host_cause;
   // The MMF path named in events and reports.
   char *mmf_path;
   // The last copy: how many copies were started, bytes copied.
   guint copy_tries;
   goffset bytes;
   // Blocked by the post office's verdict (batch-begin/1), not its own.
   gboolean by_postoffice;
   // Already in the output folder from an earlier run, the same bytes as
   // the source (the journal's checksum): not copied again.
   gboolean already_migrated;
} MhAccountState;

void mh_account_state_clear (MhAccountState *state);

// What every attempt of a run shares. Read-only during the run.
typedef struct {
   const MhPlugin *plugin; // NULL: no plugin, the stock wizard
   const char *postoffice; // absolute MAILDATA path
   // Its MMF folder, listed once a pass (mh_run_migration refreshes it
   // between passes); each account's file is a look-up in it.
   MhMmfFolder *mmf_folder;
   const char *out_dir;
   MhEventLog *log;
   guint max_copy_tries; // copies of a changing source before giving up
   // The output folder's journal (run-journal.h): each copy's landing is
   // recorded in it, and a copy it vouches for is not made again. NULL:
   // no journal (then nothing is taken for already migrated).
   MhJournal *journal;
} MhMigration;

// The account record passed across the ABI for `entry`.
mig_account mh_account_record (const MhMigration *m, const MhUserEntry *entry,
                               uint64_t batch_id);

// Applies a pre-migrate verdict to the state: BLOCK blocks, PROCEED leaves it
// pending, anything else defers. Takes ownership of `answer`.
void mh_account_take_verdict (MhAccountState *state, MhAnswer *answer);

// An account whose row of the user list has a problem (MhUserEntry.problem)
// is blocked without asking anyone: host_cause "user-list-row", the problem
// as host_reason. TRUE when it was.
gboolean mh_account_block_listed_problem (MhAccountState *state);

// The run ended (a signal, or it stopped on a failure of its own) before
// the account was done: interrupted, with the reason and host_cause
// "interrupted" or "out-unwritable".
void mh_account_not_done (MhAccountState *state);

// Makes one attempt (steps 1-3 above). [thread-safe] for distinct states.
// Does nothing once the run is interrupted (run-interrupt.h).
void mh_account_attempt (const MhMigration *m, MhAccountState *state);

// Calls on-error/1 for an event, or returns NULL without a plugin or hook.
MhAnswer *mh_account_on_error (const MhPlugin *plugin, const mig_event *event);
