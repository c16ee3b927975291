// plugin-loader.h — loading a plugin and checking its entry point.
//
// A plugin is opened with GModule, local binding and every symbol resolved at
// once (a missing symbol fails the load, not a later call), its one exported
// symbol found and checked (struct size, ABI major) before anything in it is
// called, and it is made resident: mig-host never unloads a plugin, because
// pointers into it (log domains, hooks) may outlive any deinit.

#pragma once

#include "plugin-host/hook-dispatch.h"

#include <glib.h>

typedef struct MhPlugin MhPlugin;

// Where the plugin mig-host loads was named.
typedef enum {
   MH_PLUGIN_FROM_OPTION,      // --plugin FILE (or inspect's argument)
   MH_PLUGIN_FROM_ENVIRONMENT, // $MIG_PLUGIN
   MH_PLUGIN_FROM_INSTALLED,   // the plugin installed with mig-host
} MhPluginOrigin;

// The environment variable naming the plugin when --plugin is not given.
#define MH_PLUGIN_ENV "MIG_PLUGIN"

// The path `meson install` puts the plugin at, as configured
// (prefix/libdir/mmfguard/mmfguard.so; the package's is
// /usr/lib/<triplet>/mmfguard/mmfguard.so).
const char *mh_plugin_installed_path (void);

// Chooses the plugin to load when *path (from --plugin) is NULL: $MIG_PLUGIN
// when set and not empty, else the installed plugin when that file exists.
// Fills *path (freed by the caller) and *origin (may be NULL). When neither
// is there, the error says so and asks for --plugin.
// Rationale: the environment before the installed file, so that a user
// can point every command at a build tree without typing --plugin; a
// $MIG_PLUGIN naming a missing file is an error, never a silent fallback
// to another plugin.
gboolean mh_plugin_locate (char **path, MhPluginOrigin *origin, GError **error);

// How `origin` is shown, eg "from $MIG_PLUGIN".
const char *mh_plugin_origin_describe (MhPluginOrigin origin);

// Loads the plugin at `path`. Calls nothing in it except get_hook() for each
// id of the hook table. On failure the error names the file, the cause and
// what to do.
MhPlugin *mh_plugin_load (const char *path, GError **error);

// Deinitialises (if initialised) and frees the host's record; the module
// itself stays loaded.
void mh_plugin_free (MhPlugin *plugin);

// The path it was loaded from, as given.
const char *mh_plugin_path (const MhPlugin *plugin);

// The plugin's entry point; owned by the plugin.
const mig_plugin_entry *mh_plugin_entry_of (const MhPlugin *plugin);

// The hook struct the plugin offers for hook row `fn`, or NULL when it does
// not offer it (get_hook() answered NULL, or a struct with a NULL function,
// which mig-host treats as not offered and logs).
const void *mh_plugin_hook (const MhPlugin *plugin, MhFn fn);

// Calls init() with `host`, which must stay valid until mh_plugin_free().
// On failure the error carries the plugin's own reason and code.
gboolean mh_plugin_init (MhPlugin *plugin, const mig_host *host,
                         GError **error);

// Undoes mh_plugin_init(); does nothing when it was not initialised.
void mh_plugin_deinit (MhPlugin *plugin);

// The name of a MIG_ERR_* code, eg "MIG_ERR_CONFIG"; "MIG_OK" for 0 and
// "unknown error" for anything else.
const char *mh_status_name (int32_t status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MhPlugin, mh_plugin_free)
