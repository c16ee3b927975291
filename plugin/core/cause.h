// cause.h — every cause pre-migrate and on-error can report, once.
//
// A row is X(NAME, ID, VERDICT, EVENT, DOC):
//   ID       the stable cause id (mig_answer.cause, JSON "cause", the catalog's
//            X-Cause header);
//   VERDICT  the default verdict (policy can change it per cause);
//   EVENT    the MSExchangeMig event migrating now would log, 0 for none;
//   DOC      where the cause is documented.
// The wizard's other events (7017, 7026, ...) carry causes that come from the
// catalog alone; they are not listed here because no check produces them.

#pragma once

#include "mig-plugin.h"

#define MMFG_CAUSE_TABLE(X)                                                    \
   X (NONE, "none", MIG_VERDICT_PROCEED, 0, "")                                \
   X (MMF_IN_USE, "mmf-in-use", MIG_VERDICT_DEFER, 7007, "KB Q168606")         \
   X (PASSWORD_NOT_SYNCHRONISED, "password-not-synchronised",                  \
      MIG_VERDICT_BLOCK, 7007, "KB Q168606")                                   \
   X (MMF_NOT_ON_POSTOFFICE, "mmf-not-on-postoffice", MIG_VERDICT_BLOCK, 7007, \
      "KB Q145718")                                                            \
   X (MMF_NOT_REGULAR, "mmf-not-regular", MIG_VERDICT_BLOCK, 7007,             \
      "KB Q145718")                                                            \
   X (MMF_SYMLINK, "mmf-symlink", MIG_VERDICT_BLOCK, 7007, "KB Q145718")       \
   X (MMF_SHARED_FILE, "mmf-shared-file", MIG_VERDICT_BLOCK, 7007,             \
      "KB Q145718")                                                            \
   X (MMF_EMPTY, "mmf-empty", MIG_VERDICT_BLOCK, 7007, "KB Q145718")           \
   X (MMF_NOT_MAIL, "mmf-not-mail", MIG_VERDICT_BLOCK, 7007, "KB Q145718")     \
   X (MMF_UNREADABLE, "mmf-unreadable", MIG_VERDICT_DEFER, 7007, "KB Q145718") \
   X (MMF_AMBIGUOUS, "mmf-ambiguous", MIG_VERDICT_BLOCK, 7007, "KB Q145718")   \
   X (MMF_RECENTLY_ACTIVE, "mmf-recently-active", MIG_VERDICT_PROCEED, 7007,   \
      "KB Q168606")                                                            \
   X (LOCK_STATE_UNKNOWN, "lock-state-unknown", MIG_VERDICT_DEFER, 7007,       \
      "KB Q168606")                                                            \
   X (INVALID_HEX_ID, "invalid-hex-id", MIG_VERDICT_BLOCK, 0, "KB Q142023")    \
   X (NO_CAUSE_VISIBLE, "no-cause-visible", MIG_VERDICT_DEFER, 7007,           \
      "KB Q168606")                                                            \
   X (MMF_PATH_UNRESOLVED, "mmf-path-unresolved", MIG_VERDICT_DEFER, 7007,     \
      "KB Q168606")                                                            \
   X (POSTOFFICE_INVALID, "postoffice-invalid", MIG_VERDICT_BLOCK, 0,          \
      "KB Q168736")                                                            \
   X (POSTOFFICE_READ_ONLY, "postoffice-read-only", MIG_VERDICT_BLOCK, 0,      \
      "KB Q158489")                                                            \
   X (POSTOFFICE_LAYOUT, "postoffice-layout", MIG_VERDICT_BLOCK, 0, "KB Q77926")

// The source the wizard logs its events under; a mig_event without a source
// means this one.
#define MMFG_DEFAULT_SOURCE "MSExchangeMig"

// The wizard's "could not migrate the mail file" events: the failure the
// causes above explain. X(SOURCE, EVENT, WHAT). on-error/1 re-checks the
// account for these; every other event is explained from the catalog alone.
#define MMFG_MMF_EVENT_TABLE(X)                                                \
   X ("MSExchangeMig", 7000, "Exchange 4.0/5.0: could not migrate the PAB")    \
   X ("MSExchangeMig", 7007, "Exchange 4.0/5.0: could not migrate the MMF")    \
   X ("MSExchangeMig", 151, "Exchange 5.5: could not migrate the MMF")         \
   X ("MSExchangeMig", 135, "Exchange 5.5: could not migrate the MMF")

// Whether (source, event) is one of MMFG_MMF_EVENT_TABLE; source compared
// without case.
int mmfg_event_is_mmf_failure (const char *source, unsigned event_id);

typedef enum {
#define MMFG_CAUSE_ENUM(name, id, verdict, event, doc) MMFG_CAUSE_##name,
   MMFG_CAUSE_TABLE (MMFG_CAUSE_ENUM)
#undef MMFG_CAUSE_ENUM
      MMFG_CAUSE_COUNT
} MmfgCause;

// Which of two causes with the same verdict decides: the one a person must
// fix first, in this order (abi/README.md, "Which cause decides", lists it
// and tests/test-policy.c keeps the two equal): the post office before any
// account on it (nothing means anything on a folder that is no post office);
// the mailbox id and the file before anything about its holders (the file
// states exclude each other); a holder before an unknown lock state; those
// before the password; a recent change last. on-error's own two causes
// stand alone and come last.
#define MMFG_CAUSE_PRECEDENCE(X)                                               \
   X (POSTOFFICE_LAYOUT)                                                       \
   X (POSTOFFICE_INVALID)                                                      \
   X (POSTOFFICE_READ_ONLY)                                                    \
   X (INVALID_HEX_ID)                                                          \
   X (MMF_NOT_ON_POSTOFFICE)                                                   \
   X (MMF_NOT_REGULAR)                                                         \
   X (MMF_SYMLINK)                                                             \
   X (MMF_SHARED_FILE)                                                         \
   X (MMF_UNREADABLE)                                                          \
   X (MMF_EMPTY)                                                               \
   X (MMF_NOT_MAIL)                                                            \
   X (MMF_AMBIGUOUS)                                                           \
   X (MMF_IN_USE)                                                              \
   X (LOCK_STATE_UNKNOWN)                                                      \
   X (PASSWORD_NOT_SYNCHRONISED)                                               \
   X (MMF_RECENTLY_ACTIVE)                                                     \
   X (MMF_PATH_UNRESOLVED)                                                     \
   X (NO_CAUSE_VISIBLE)

// The stable id of a cause, eg "mmf-in-use".
const char *mmfg_cause_id (MmfgCause cause);
// The cause with that id; returns FALSE for an unknown id.
int mmfg_cause_from_id (const char *id, MmfgCause *cause);
int mmfg_cause_default_verdict (MmfgCause cause);
unsigned mmfg_cause_event (MmfgCause cause);
const char *mmfg_cause_documentation (MmfgCause cause);
// The cause's place in MMFG_CAUSE_PRECEDENCE, from 0; "none" after all.
unsigned mmfg_cause_rank (MmfgCause cause);
// The cause at `rank` in MMFG_CAUSE_PRECEDENCE; MMFG_CAUSE_NONE past its end.
MmfgCause mmfg_cause_at_rank (unsigned rank);
