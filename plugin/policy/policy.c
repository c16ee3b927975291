// policy.c — findings in, decision out.
//
// Every finding is a cause; the one with the strongest verdict decides (a
// block, which needs a person, over a defer, which a retry may cure), and
// among equals the one a person must fix first. The others stay in the
// decision, strongest first.

#include "policy.h"

#include <string.h>

#include "mig-plugin.h"

// The post office's own problems, in the order the wizard refuses for them:
// a layout that is no post office (nothing else means anything then), else
// access files that disagree and no write access.
static guint
postoffice_causes (const MmfgPostofficeFacts *po, MmfgCause *out)
{
   guint n = 0;
   if (po->layout_problem != NULL) {
      out[n++] = MMFG_CAUSE_POSTOFFICE_LAYOUT;
      return n;
   }
   if (!po->access_ok)
      out[n++] = MMFG_CAUSE_POSTOFFICE_INVALID;
   if (!po->writable_ok)
      out[n++] = MMFG_CAUSE_POSTOFFICE_READ_ONLY;
   return n;
}

// Every cause the findings show, in the order a person must fix them: the
// post office before any account on it; a file that is not a usable MMF
// before anything about its holders; a holder; an unknown lock state; a
// password recovered after the MMF last changed; a recent change.
static guint
causes_of (const MmfgSettings *settings, const MmfgFindings *f, MmfgCause *out)
{
   guint n =
      f->postoffice.checked ? postoffice_causes (&f->postoffice.facts, out) : 0;
   if (n > 0 && out[0] == MMFG_CAUSE_POSTOFFICE_LAYOUT)
      return n; // nothing else means anything
   static const MmfgCause by_state[] = {
      [MMFG_MMF_INVALID_ID] = MMFG_CAUSE_INVALID_HEX_ID,
      [MMFG_MMF_MISSING] = MMFG_CAUSE_MMF_NOT_ON_POSTOFFICE,
      [MMFG_MMF_NOT_REGULAR] = MMFG_CAUSE_MMF_NOT_REGULAR,
      [MMFG_MMF_UNREADABLE] = MMFG_CAUSE_MMF_UNREADABLE,
      [MMFG_MMF_EMPTY] = MMFG_CAUSE_MMF_EMPTY,
      [MMFG_MMF_NOT_MAIL] = MMFG_CAUSE_MMF_NOT_MAIL,
      [MMFG_MMF_AMBIGUOUS] = MMFG_CAUSE_MMF_AMBIGUOUS,
      [MMFG_MMF_SYMLINK] = MMFG_CAUSE_MMF_SYMLINK,
      [MMFG_MMF_SHARED] = MMFG_CAUSE_MMF_SHARED_FILE,
   };
   if (f->mmf.state != MMFG_MMF_OK) {
      out[n++] = by_state[f->mmf.state];
      return n;
   }
   guint before = n;
   if (mmfg_findings_client_holder (f) != NULL)
      out[n++] = MMFG_CAUSE_MMF_IN_USE;
   if (!f->locks.known)
      out[n++] = MMFG_CAUSE_LOCK_STATE_UNKNOWN;
   if (f->password_recovered_at > 0 && f->password_recovered_at > f->mmf.mtime)
      out[n++] = MMFG_CAUSE_PASSWORD_NOT_SYNCHRONISED;
   // A recent change matters only when nothing stronger explains it.
   if (n == before && settings->idle_interval_s > 0 &&
       f->checked_at - f->mmf.mtime < (gint64) settings->idle_interval_s)
      out[n++] = MMFG_CAUSE_MMF_RECENTLY_ACTIVE;
   return n;
}

// How strongly a verdict keeps an account from migrating.
static int
strength (int verdict)
{
   switch (verdict) {
   case MIG_VERDICT_BLOCK:
      return 3;
   case MIG_VERDICT_DEFER:
      return 2;
   case MIG_VERDICT_PROCEED:
      return 1;
   default:
      return 0;
   }
}

// Whether `a` decides before `b`: a stronger verdict, or the same one and
// a cause to fix first.
static gboolean
decides_before (const MmfgCauseFound *a, const MmfgCauseFound *b)
{
   if (strength (a->verdict) != strength (b->verdict))
      return strength (a->verdict) > strength (b->verdict);
   return mmfg_cause_rank (a->cause) < mmfg_cause_rank (b->cause);
}

static int
verdict_of (const MmfgSettings *settings, MmfgCause cause)
{
   if (cause == MMFG_CAUSE_LOCK_STATE_UNKNOWN && !settings->fail_closed)
      return MIG_VERDICT_PROCEED;
   return settings->verdict[cause];
}

// Which entry of the cause explains these findings best.
static const char *
reason_of (MmfgCause cause, const MmfgFindings *f)
{
   if (cause == MMFG_CAUSE_LOCK_STATE_UNKNOWN &&
       f->locks.unknown != MMFG_LOCK_UNKNOWN_NONE &&
       f->locks.unknown != MMFG_LOCK_UNKNOWN_LOCAL_PROBE)
      return mmfg_lock_unknown_id (f->locks.unknown);
   const MmfgHolder *h = mmfg_findings_client_holder (f);
   if (cause == MMFG_CAUSE_MMF_IN_USE && h != NULL &&
       h->lock == MIG_LOCK_SERVER_OPEN)
      return MMFG_REASON_SERVER_OPEN;
   return NULL;
}

MmfgDecision
mmfg_policy_decide (const MmfgSettings *settings, const MmfgFindings *findings)
{
   MmfgDecision d = {0};
   MmfgCause causes[MMFG_CAUSE_COUNT];
   guint n = causes_of (settings, findings, causes);
   for (guint i = 0; i < n; i++)
      d.found[i] = (MmfgCauseFound){
         .cause = causes[i],
         .verdict = verdict_of (settings, causes[i]),
         .reason = reason_of (causes[i], findings),
      };
   // Strongest verdict first; among equals, the cause a person must fix
   // first (MMFG_CAUSE_PRECEDENCE). The deciding cause is the first.
   for (guint i = 1; i < n; i++) {
      MmfgCauseFound c = d.found[i];
      guint k = i;
      for (; k > 0 && decides_before (&c, &d.found[k - 1]); k--)
         d.found[k] = d.found[k - 1];
      d.found[k] = c;
   }
   d.n_found = n;
   d.cause = n > 0 ? d.found[0].cause : MMFG_CAUSE_NONE;
   d.verdict =
      n > 0 ? d.found[0].verdict : verdict_of (settings, MMFG_CAUSE_NONE);
   d.event_id = mmfg_cause_event (d.cause);
   d.reason = n > 0 ? d.found[0].reason : NULL;
   d.retryable = d.verdict == MIG_VERDICT_DEFER;
   d.retry_after_s = d.retryable ? settings->retry_after_s : 0;
   return d;
}

MmfgDecision
mmfg_policy_decide_postoffice (const MmfgSettings *settings,
                               const MmfgPostofficeFacts *facts,
                               const char **problem)
{
   // The rules an account on it is judged by first (causes_of).
   MmfgDecision d = {0};
   MmfgCause causes[MMFG_CAUSE_COUNT];
   guint n = postoffice_causes (facts, causes);
   for (guint i = 0; i < n; i++)
      d.found[i] = (MmfgCauseFound){
         .cause = causes[i], .verdict = verdict_of (settings, causes[i])};
   d.n_found = n;
   d.cause = n > 0 ? causes[0] : MMFG_CAUSE_NONE;
   d.verdict = verdict_of (settings, d.cause);
   d.retryable = d.verdict == MIG_VERDICT_DEFER;
   d.retry_after_s = d.retryable ? settings->retry_after_s : 0;
   *problem = d.cause == MMFG_CAUSE_POSTOFFICE_LAYOUT    ? facts->layout_problem
              : d.cause == MMFG_CAUSE_POSTOFFICE_INVALID ? facts->access_problem
              : d.cause == MMFG_CAUSE_POSTOFFICE_READ_ONLY
                 ? facts->writable_problem
                 : NULL;
   return d;
}

MmfgDecision
mmfg_policy_decide_event (const MmfgSettings *settings,
                          const MmfgFindings *findings, gboolean unresolved,
                          unsigned event_id)
{
   MmfgDecision d = mmfg_policy_decide (settings, findings);
   // No MMF here to re-check, or nothing explains the event now: that is
   // the one finding, and it says what was checked.
   MmfgCause only = unresolved       ? MMFG_CAUSE_MMF_PATH_UNRESOLVED
                    : d.n_found == 0 ? MMFG_CAUSE_NO_CAUSE_VISIBLE
                                     : MMFG_CAUSE_NONE;
   if (only != MMFG_CAUSE_NONE) {
      d.found[0] =
         (MmfgCauseFound){.cause = only, .verdict = MIG_VERDICT_DEFER};
      d.n_found = 1;
   }
   // The wizard already failed: a retry helps or a person must act. The
   // order stays strongest first: only proceed becomes defer.
   for (guint i = 0; i < d.n_found; i++)
      if (d.found[i].verdict != MIG_VERDICT_BLOCK)
         d.found[i].verdict = MIG_VERDICT_DEFER;
   d.cause = d.found[0].cause;
   d.verdict = d.found[0].verdict;
   d.reason = d.found[0].reason;
   d.retryable = d.verdict == MIG_VERDICT_DEFER;
   d.retry_after_s = d.retryable ? settings->retry_after_s : 0;
   d.event_id = event_id;
   return d;
}
