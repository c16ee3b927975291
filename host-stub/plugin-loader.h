// plugin-loader.h — loading a plugin and checking its entry point.
//
// A plugin is opened with GModule, local binding and every symbol resolved at
// once (a missing symbol fails the load, not a later call), its one exported
// symbol found and checked (struct size, ABI major) before anything in it is
// called, and it is made resident: mig-host never unloads a plugin, because
// pointers into it (log domains, hooks) may outlive any deinit.

#pragma once

#include "hook-dispatch.h"

#include <glib.h>

typedef struct MigPlugin MigPlugin;

// Where the plugin mig-host loads was named.
typedef enum {
   MIG_PLUGIN_FROM_OPTION,     // --plugin FILE (or inspect's argument)
   MIG_PLUGIN_FROM_ENVIRONMENT,  // $MIG_PLUGIN
   MIG_PLUGIN_FROM_INSTALLED,  // the plugin installed with mig-host
} MigPluginOrigin;

// The environment variable naming the plugin when --plugin is not given.
#define MIG_PLUGIN_ENV "MIG_PLUGIN"

// The path `meson install` puts the plugin at, as configured
// (prefix/libdir/mmfguard/mmfguard.so; the package's is
// /usr/lib/<triplet>/mmfguard/mmfguard.so).
const char *mig_plugin_installed_path (void);

// Chooses the plugin to load when *path (from --plugin) is NULL: $MIG_PLUGIN
// when set and not empty, else the installed plugin when that file exists.
// Fills *path (freed by the caller) and *origin (may be NULL). When neither
// is there, the error says so and asks for --plugin.
// Rationale: the environment before the installed file, so that a user
// can point every command at a build tree without typing --plugin; a
// $MIG_PLUGIN naming a missing file is an error, never a silent fallback
// to another plugin.
gboolean mig_plugin_locate (char **path, MigPluginOrigin *origin,
                            GError **error);

// How `origin` is shown, eg "from $MIG_PLUGIN".
const char *mig_plugin_origin_describe (MigPluginOrigin origin);

// Loads the plugin at `path`. Calls nothing in it except get_hook() for each
// id of the hook table. On failure the error names the file, the cause and
// what to do.
MigPlugin *mig_plugin_load (const char *path, GError **error);

// Deinitialises (if initialised) and frees the host's record; the module
// itself stays loaded.
void mig_plugin_free (MigPlugin *plugin);

// The path it was loaded from, as given.
const char *mig_plugin_path (const MigPlugin *plugin);

// The plugin's entry point; owned by the plugin.
const mig_plugin_entry *mig_plugin_entry_of (const MigPlugin *plugin);

// The hook struct the plugin offers for hook row `fn`, or NULL when it does
// not offer it (get_hook() answered NULL, or a struct with a NULL function,
// which mig-host treats as not offered and logs).
const void *mig_plugin_hook (const MigPlugin *plugin, MigFn fn);

// Calls init() with `host`, which must stay valid until mig_plugin_free().
// On failure the error carries the plugin's own reason and code.
gboolean mig_plugin_init (MigPlugin *plugin, const mig_host *host,
                          GError **error);

// Undoes mig_plugin_init(); does nothing when it was not initialised.
void mig_plugin_deinit (MigPlugin *plugin);

// The name of a MIG_ERR_* code, eg "MIG_ERR_CONFIG"; "MIG_OK" for 0 and
// "unknown error" for anything else.
const char *mig_status_name (int32_t status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MigPlugin, mig_plugin_free)
