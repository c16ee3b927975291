// policy.h — findings in, decision out. Pure: no I/O, no clock.

#pragma once

#include "cause.h"
#include "findings.h"
#include "settings.h"

// The entry of mmf-in-use for a file a file server lists open.
#define MMFG_REASON_SERVER_OPEN "server-open"

typedef struct {
   MmfgCause cause;
   int verdict;        // MIG_VERDICT_*
   const char *reason; // as MmfgDecision.reason
} MmfgCauseFound;

typedef struct {
   int verdict; // MIG_VERDICT_*
   MmfgCause cause;
   guint retry_after_s;
   unsigned event_id; // what migrating now would log, 0 for none
   gboolean retryable;
   // The finer case of the cause whose catalog entry explains it (the
   // entry's X-Reason), eg "no-file-server"; NULL for the general entry.
   // Static.
   const char *reason;
   // Every cause the findings show, strongest first, each with the verdict
   // it alone gives and its entry's reason; found[0] is the deciding cause
   // when n_found > 0.
   MmfgCauseFound found[MMFG_CAUSE_COUNT];
   guint n_found;
} MmfgDecision;

// Decides for one account. `now` is Unix seconds (findings->checked_at).
MmfgDecision mmfg_policy_decide (const MmfgSettings *settings,
                                 const MmfgFindings *findings);

// Decides for a post office as a whole (batch-begin/1): every problem the
// wizard refuses a post office for, in the order it would — the layout
// alone, else the access files and write access — strongest first.
// `problem` is the deciding check's own words (owned by `facts`), NULL for
// none.
MmfgDecision mmfg_policy_decide_postoffice (const MmfgSettings *settings,
                                            const MmfgPostofficeFacts *facts,
                                            const char **problem);

// Decides for a failure event the wizard already logged (on-error/1): the
// account's findings now, or `unresolved` when the event leads to no MMF
// here. Never proceed: a retry may help (defer) or a person must act
// (block); with nothing found now, no-cause-visible.
MmfgDecision mmfg_policy_decide_event (const MmfgSettings *settings,
                                       const MmfgFindings *findings,
                                       gboolean unresolved, unsigned event_id);
