// event-account.h — the account and mail file a "could not migrate the mail
// file" event is about (MMFG_MMF_EVENT_TABLE: 7000, 7007, 151, 135), and
// what is found there now. The account is the host's when it gave one;
// else the user and path come from the event's insertion strings, else from
// its text, and the path is mapped to a local one through the path maps.
// on-error/1 decides and answers from what this finds.

#pragma once

#include <glib.h>

#include "event-text.h"
#include "explain.h"
#include "file-server.h"
#include "findings.h"
#include "mig-plugin.h"
#include "settings.h"

typedef struct {
   // Who and what the event names. Its strings belong to the event, to the
   // parsed text or to this struct: valid while all three are.
   MmfgAccountView view;
   // What is found there now; only checked_at when `unresolved`.
   MmfgFindings findings;
   // TRUE when the event leads to no MMF here (no account with an id, and
   // a path that no path map covers or that names no MMF in an MMF folder):
   // nothing was checked, and the text shows the event's path, never a guess.
   gboolean unresolved;
   char *postoffice; // owned; found from the path
   char *hex_id;     // owned; found from the path
} MmfgEventAccount;

// Finds and re-checks what `event` (checked by mmfg_event_ok) is about;
// `parsed` is what its description says (zeroed when it has none).
void mmfg_event_account_check (const MmfgSettings *settings,
                               MmfgFileServers *servers, const mig_event *event,
                               const MmfgEventText *parsed,
                               MmfgEventAccount *out);
void mmfg_event_account_clear (MmfgEventAccount *about);
