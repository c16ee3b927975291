// wizard-events.h — the events mig-host logs as the migration wizard would.
//
// The wizard (source MSExchangeMig) logs per-account errors 7000 and 7007
// with fixed message templates whose spelling differs between the two
// (`account:` vs `Account:`, `PAB (MMF)Path` without a space; KB Q168606).
// Templates use Windows message-file insertion markers (%1, %2, ...), which
// are expanded by plain substitution: an inserted value is never read as a
// format.

#pragma once

#include <glib.h>
#include <stdint.h>

#define MH_WIZARD_SOURCE "MSExchangeMig"

enum {
   // Could not migrate the PAB (stored inside the MMF): %1 user, %2 MMF path.
   MH_WIZARD_EVENT_PAB_FAILED = 7000,
   // Could not migrate the MMF: %1 user, %2 MMF path.
   MH_WIZARD_EVENT_MMF_FAILED = 7007,
   // Information: summary of the run, %1..%5 counts (mig-host's wording;
   // the wizard's own 10068 text is not public).
   MH_WIZARD_EVENT_SUMMARY = 10068,
};

typedef enum {
   MH_EVENT_TYPE_ERROR,
   MH_EVENT_TYPE_INFORMATION,
} MhEventType;

// "error", "information".
const char *mh_event_type_name (MhEventType type);

// The type of a known event id; ERROR for ids not in the table.
MhEventType mh_wizard_event_type (uint32_t event_id);

// What the insertion strings of the wizard's event `event_id` (source
// MSExchangeMig) are, in order, eg {"the account", "the MMF path", NULL}
// for 7007; NULL for an event whose insertion strings nothing needs (the
// plugin explains it from its catalog alone). The "could not migrate the
// mail file" events — 7000, 7007, and Exchange 5.5's 151 and 135 — name
// the account and its MMF: without them there is no file to re-check.
const char *const *mh_wizard_event_inserts (uint32_t event_id);

// The description of `event_id` with `inserts` (NULL-terminated) put in,
// newly allocated; NULL for an id mig-host has no template for. A marker
// without a matching insert is left as written.
char *mh_wizard_event_text (uint32_t event_id, const char *const *inserts);
