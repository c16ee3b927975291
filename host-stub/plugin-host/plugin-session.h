// plugin-session.h — a plugin loaded and initialised with mig-host's services.
//
// What every subcommand that calls hooks does first: load the plugin, build
// the host services (locale, configuration), and call init(); and at the end,
// deinit().

#pragma once

#include "plugin-host/host-services.h"
#include "plugin-host/plugin-calls.h"

typedef struct {
   MhHostServices *services;
   MhPlugin *plugin;
} MhPluginSession;

// Loads and initialises the plugin at `path`. `locale` and `config_path`
// may be NULL. On failure the error says which step failed and why (for
// init, the plugin's own reason).
MhPluginSession *mh_plugin_session_open (const char *path, const char *locale,
                                         const char *config_path,
                                         GError **error);

// mh_plugin_session_open for a command that needs the plugin's hook `fn`:
// a plugin that does not offer it is an error too (MH_HOST_ERROR_LOAD),
// "plugin P offers no pre-migrate/1, " followed by `without_it`, what the
// command then cannot do and what to give instead.
MhPluginSession *mh_plugin_session_open_with (const char *path,
                                              const char *locale,
                                              const char *config_path, MhFn fn,
                                              const char *without_it,
                                              GError **error);

// Deinitialises the plugin, then frees the services it was given.
void mh_plugin_session_close (MhPluginSession *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MhPluginSession, mh_plugin_session_close)
