// policy.c — findings in, decision out.
//
// The order of the checks is the order of what a person must fix first: a
// file that is not a usable MMF blocks whatever else is true; a holder is the
// reason the wizard fails right now; an unknown lock state is never taken for
// "free"; a password recovered after the MMF last changed will fail later
// even when nobody holds the file.

#include "policy.h"

#include "mig-plugin.h"

static MmfgCause
cause_of (const MmfgSettings *settings, const MmfgFindings *f)
{
   switch (f->mmf.state) {
   case MMFG_MMF_INVALID_ID:
      return MMFG_CAUSE_INVALID_HEX_ID;
   case MMFG_MMF_MISSING:
      return MMFG_CAUSE_MMF_NOT_ON_POSTOFFICE;
   case MMFG_MMF_NOT_REGULAR:
      return MMFG_CAUSE_MMF_NOT_REGULAR;
   case MMFG_MMF_UNREADABLE:
      return MMFG_CAUSE_MMF_UNREADABLE;
   case MMFG_MMF_EMPTY:
      return MMFG_CAUSE_MMF_EMPTY;
   case MMFG_MMF_NOT_MAIL:
      return MMFG_CAUSE_MMF_NOT_MAIL;
   case MMFG_MMF_OK:
      break;
   }
   if (mmfg_findings_client_holder (f) != NULL)
      return MMFG_CAUSE_MMF_IN_USE;
   if (!f->locks.known)
      return MMFG_CAUSE_LOCK_STATE_UNKNOWN;
   if (f->password_recovered_at > 0 && f->password_recovered_at > f->mmf.mtime)
      return MMFG_CAUSE_PASSWORD_NOT_SYNCHRONISED;
   if (settings->idle_interval_s > 0 &&
       f->checked_at - f->mmf.mtime < (gint64) settings->idle_interval_s)
      return MMFG_CAUSE_MMF_RECENTLY_ACTIVE;
   return MMFG_CAUSE_NONE;
}

// Which entry of the cause explains these findings best.
static const char *
reason_of (MmfgCause cause, const MmfgFindings *f)
{
   if (cause == MMFG_CAUSE_LOCK_STATE_UNKNOWN && f->locks.unknown != MMFG_LOCK_UNKNOWN_NONE &&
       f->locks.unknown != MMFG_LOCK_UNKNOWN_LOCAL_PROBE)
      return mmfg_lock_unknown_id (f->locks.unknown);
   const MmfgHolder *h = mmfg_findings_client_holder (f);
   if (cause == MMFG_CAUSE_MMF_IN_USE && h != NULL && h->lock == MIG_LOCK_SERVER_OPEN)
      return "server-open";
   return NULL;
}

MmfgDecision
mmfg_policy_decide (const MmfgSettings *settings, const MmfgFindings *findings)
{
   MmfgDecision d = {0};
   d.cause = cause_of (settings, findings);
   d.verdict = settings->verdict[d.cause];
   if (d.cause == MMFG_CAUSE_LOCK_STATE_UNKNOWN && !settings->fail_closed)
      d.verdict = MIG_VERDICT_PROCEED;
   d.event_id = mmfg_cause_event (d.cause);
   d.reason = reason_of (d.cause, findings);
   d.retryable = d.verdict == MIG_VERDICT_DEFER;
   d.retry_after_s = d.retryable ? settings->retry_after_s : 0;
   return d;
}
