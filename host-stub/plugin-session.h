// plugin-session.h — a plugin loaded and initialised with mig-host's services.
//
// What every subcommand that calls hooks does first: load the plugin, build
// the host services (locale, configuration), and call init(); and at the end,
// deinit().

#pragma once

#include "host-services.h"
#include "plugin-calls.h"

typedef struct {
   MigHostServices *services;
   MigPlugin *plugin;
} MigPluginSession;

// Loads and initialises the plugin at `path`. `locale` and `config_path`
// may be NULL. On failure the error says which step failed and why (for
// init, the plugin's own reason).
MigPluginSession *mig_plugin_session_open (const char *path,
                                           const char *locale,
                                           const char *config_path,
                                           GError **error);

// mig_plugin_session_open for a command that needs the plugin's hook `fn`:
// a plugin that does not offer it is an error too (MIG_HOST_ERROR_LOAD),
// "plugin P offers no pre-migrate/1, " followed by `without_it`, what the
// command then cannot do and what to give instead.
MigPluginSession *mig_plugin_session_open_with (const char *path,
                                                const char *locale,
                                                const char *config_path,
                                                MigFn fn,
                                                const char *without_it,
                                                GError **error);

// Deinitialises the plugin, then frees the services it was given.
void mig_plugin_session_close (MigPluginSession *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MigPluginSession, mig_plugin_session_close)
