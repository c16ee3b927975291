// plugin-calls.h — typed calls into a loaded plugin, all through libffi.
//
// Each wrapper packs its arguments for the row of the hook table it calls and
// narrows the result. A hook wrapper must only be called for a hook the
// plugin offers (mig_plugin_hook() != NULL); otherwise it calls nothing and
// returns MIG_ERR_INTERNAL.

#pragma once

#include "plugin-loader.h"

int32_t mig_call_init (const MigPlugin *plugin, const mig_host *host,
                       char *error, uint32_t error_size);
void mig_call_deinit (const MigPlugin *plugin);
const void *mig_call_get_hook (const MigPlugin *plugin, const char *id);

int32_t mig_call_batch_begin (const MigPlugin *plugin, const mig_batch *batch,
                              mig_answer *answer);
int32_t mig_call_batch_end (const MigPlugin *plugin, uint64_t batch_id);
int32_t mig_call_pre_migrate (const MigPlugin *plugin,
                              const mig_account *account, mig_answer *answer);
int32_t mig_call_on_error (const MigPlugin *plugin, const mig_event *event,
                           mig_answer *answer);
int32_t mig_call_catalog (const MigPlugin *plugin, uint32_t index,
                          mig_catalog_entry *entry);
