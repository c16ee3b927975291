// account-check.h — gathering every finding about one account: the MMF on the
// post office, who holds it, and its password state. From a batch's snapshot
// when there is one, else fresh at the moment of the call.

#pragma once

#include "batch.h"
#include "file-server.h"
#include "findings.h"
#include "settings.h"

// `batch` may be NULL (fresh state). `hex_id` may be anything: an invalid id
// becomes a finding, never a path.
void mmfg_check_account (const MmfgSettings *settings, MmfgFileServers *servers,
                         const MmfgBatch *batch, const char *postoffice,
                         const char *hex_id, gint64 password_recovered_at,
                         MmfgFindings *out);

// The same for a mail file named by its local path (an event's insertion
// string mapped through the path maps): MMF/<hex>.MMF under a post office.
// Returns FALSE when the path does not name an MMF in an MMF folder.
gboolean mmfg_check_mmf_path (const MmfgSettings *settings,
                              MmfgFileServers *servers, const char *local_path,
                              gint64 password_recovered_at, MmfgFindings *out,
                              char **postoffice, char **hex_id);
