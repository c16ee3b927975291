// plugin.h — the plugin's state between init() and the last deinit().

#pragma once

#include <glib.h>
#include <pthread.h>

#include "batch.h"
#include "catalog.h"
#include "file-server.h"
#include "mig-plugin.h"
#include "settings.h"

typedef struct {
   const mig_host *host;       // owned by the host
   // The host's findings/1 service, or NULL when it offers none.
   const mig_service_findings *findings_service;
   MmfgSettings *settings;
   MmfgCatalog *catalog;
   // The connections to [file-server] servers; NULL when none is configured.
   MmfgFileServers *file_servers;
   char **langs;               // from the host's locale, ending in "en"
   pthread_mutex_t batches_lock;
   GHashTable *batches;        // batch id (guint64*) -> MmfgBatch*
} MmfgPlugin;

// The initialised plugin, or NULL before init() / after the last deinit().
// [thread-safe]
MmfgPlugin *mmfg_plugin_get (void);

// Logs through the host's callback, if it gave one.
void mmfg_log (const MmfgPlugin *plugin, int32_t level, const char *format,
               ...) G_GNUC_PRINTF (3, 4);

// The hook structs, for get_hook().
const void *mmfg_hooks_lookup (const char *id);
