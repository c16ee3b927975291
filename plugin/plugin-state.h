// plugin-state.h — the plugin's state between the first init() and the last
// deinit(): the host, the settings and catalog read at start, the file
// servers and the batches in progress. entry.c starts and stops it; the
// hooks read it.

#pragma once

#include <glib.h>

#include "batch.h"
#include "catalog.h"
#include "file-server.h"
#include "mig-plugin.h"
#include "settings.h"

typedef struct {
   const mig_host *host; // owned by the host
   // The configuration the first init() read, as an absolute path, or NULL
   // for the built-in defaults: a later init() must name the same.
   char *config_path;
   // The host's findings/1 service, or NULL when it offers none.
   const mig_service_findings *findings_service;
   MmfgSettings *settings;
   MmfgCatalog *catalog;
   // The connections to [file-server] servers; NULL when none is configured.
   MmfgFileServers *file_servers;
   char **langs;         // from the host's locale, ending in "en"
   MmfgBatches *batches; // the batches begun and not yet ended
} MmfgPlugin;

// Reads the host's configuration and the catalog and makes the result the
// state mmfg_plugin_get() returns. FALSE, with an error naming the file and
// the cause, when either cannot be read. The caller serialises start and
// stop, and starts only when no state exists.
gboolean mmfg_plugin_start (const mig_host *host, GError **error);

// The form two config_path values are compared in: absolute (a relative
// one from the working directory), separators collapsed, "." dropped, ".."
// kept. NULL for NULL.
char *mmfg_config_key (const char *path);

// TRUE when `config_path` (as a mig_host gives it: NULL, absolute, or
// relative to the working directory) names the configuration `plugin`
// started with.
gboolean mmfg_plugin_same_config (const MmfgPlugin *plugin,
                                  const char *config_path);

// Ends the state: mmfg_plugin_get() returns NULL from here on. No hook may
// be running (the ABI's rule for the last deinit()).
void mmfg_plugin_stop (void);

// The started plugin, or NULL before mmfg_plugin_start() / after
// mmfg_plugin_stop(). [thread-safe]
MmfgPlugin *mmfg_plugin_get (void);

// Logs through the host's callback, if it gave one.
void mmfg_log (const MmfgPlugin *plugin, int32_t level, const char *format, ...)
   G_GNUC_PRINTF (3, 4);
