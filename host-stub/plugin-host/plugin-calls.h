// plugin-calls.h — typed calls into a loaded plugin, all through libffi.
//
// Each wrapper packs its arguments for the row of the hook table it calls and
// narrows the result. A hook wrapper must only be called for a hook the
// plugin offers (mh_plugin_hook() != NULL); otherwise it calls nothing and
// returns MIG_ERR_INTERNAL.

#pragma once

#include "plugin-host/plugin-loader.h"

int32_t mh_call_init (const MhPlugin *plugin, const mig_host *host, char *error,
                      uint32_t error_size);
void mh_call_deinit (const MhPlugin *plugin);
const void *mh_call_get_hook (const MhPlugin *plugin, const char *id);

int32_t mh_call_batch_begin (const MhPlugin *plugin, const mig_batch *batch,
                             mig_answer *answer);
int32_t mh_call_batch_end (const MhPlugin *plugin, uint64_t batch_id);
int32_t mh_call_pre_migrate (const MhPlugin *plugin, const mig_account *account,
                             mig_answer *answer);
int32_t mh_call_on_error (const MhPlugin *plugin, const mig_event *event,
                          mig_answer *answer);
int32_t mh_call_catalog (const MhPlugin *plugin, uint32_t index,
                         mig_catalog_entry *entry);
