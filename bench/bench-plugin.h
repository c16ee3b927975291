// bench-plugin.h — the plugin loaded and initialised the way a host does
// it: dlopen, the one symbol, init, the hooks by exact id.

#pragma once

#include <glib.h>

#include "mig-plugin.h"

typedef struct {
   void *module;
   const mig_plugin_entry *entry;
   const mig_hook_batch_begin *begin;
   const mig_hook_batch_end *end;
   const mig_hook_pre_migrate *pre_migrate;
   const mig_hook_on_error *on_error;
   const mig_hook_catalog *catalog;
   mig_host host; // must outlive init: the plugin keeps a pointer to it
} BenchPlugin;

// Loads the plugin at `path` and initialises it with the configuration file
// `config` (NULL for its defaults). The plugin reads its configuration at
// the first init only: a session must be closed before the next one opens.
gboolean bench_plugin_open (BenchPlugin *p, const char *path,
                            const char *config, GError **error);

// deinit(). The module stays mapped: it is linked -z nodelete.
void bench_plugin_close (BenchPlugin *p);

// An answer with room for the full text, as a host that shows it allocates.
void bench_answer_init (mig_answer *a, char *text, uint32_t text_size);
