// explain.h — the values a catalog entry is filled with, gathered from one
// account's findings and decision (pre-migrate), or from an event (on-error).
// Every field a catalog entry may use is set here; see catalog/README.md for
// the list.

#pragma once

#include "fields.h"
#include "findings.h"
#include "policy.h"
#include "settings.h"

// What the plugin knows of the account, from the host or from an event.
typedef struct {
   const char *user;       // may be NULL (an event without an account)
   const char *full_name;  // may be NULL
   const char *hex_id;     // may be NULL
   const char *postoffice; // may be NULL
   const char *host_path;  // the path as the host logged it, may be NULL
   gint64 password_recovered_at;
   // TRUE when nobody said whether the password was recovered (an event
   // without an account): then it is not known, rather than "never".
   gboolean password_unknown;
} MmfgAccountView;

// Fields for an account: USER, FULL_NAME, HEX_ID, POSTOFFICE, MMF_PATH,
// HOLDER_*, PASSWORD_RECOVERED_AT, MMF_MTIME, RETRY_AFTER, IDLE_MINUTES,
// OPEN_ERROR, ... (catalog/README.md lists them all). Every field is set:
// what is not known reads MMFG_FIELD_UNKNOWN, what does not apply "-".
// `findings`, `decision` and `settings` may be NULL; so may `account`.
// Times are local time, "2024-05-02 14:03:17 CEST". The caller may then set
// PROBLEM (a post-office check's finding) and the event fields.
MmfgFields *mmfg_explain_account (const MmfgAccountView *account,
                                  const MmfgFindings *findings,
                                  const MmfgDecision *decision,
                                  const MmfgSettings *settings);

// Adds EVENT_ID, SOURCE, INSERTS and INSERT1..INSERTn to `fields`
// (values are sanitised when rendered; at most MMFG_EXPLAIN_MAX_INSERTS).
void mmfg_explain_event (MmfgFields *fields, const char *source, guint event_id,
                         const char *const *inserts, guint n_inserts);

#define MMFG_EXPLAIN_MAX_INSERTS 32

// The names of every field mmfg_explain_account() and mmfg_explain_event()
// set (NULL-terminated, static), except the numbered INSERTn family, which
// mmfg_explain_is_insert_field() recognises. The catalog check compares
// these with the @FIELD@s the entries use, both ways.
const char *const *mmfg_explain_field_names (void);
// TRUE for "INSERT1" .. "INSERT32": the event's insertion strings one by
// one, there for site catalogs; no built-in entry needs them.
gboolean mmfg_explain_is_insert_field (const char *name);
