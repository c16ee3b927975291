// host-services.h — the mig_host struct mig-host hands to a plugin's init().
//
// The log callback writes through g_log_structured (domain: the plugin's
// name), the name is "mig-host", the locale comes from --locale or the
// environment, the configuration path from --config.

#pragma once

#include "mig-plugin.h"

#include <glib.h>

typedef struct MhHostServices MhHostServices;

// `locale` overrides the environment when non-NULL; `config_path` may be
// NULL (the plugin's defaults). Both must be valid UTF-8 (the ABI's rule);
// the error names the option otherwise.
MhHostServices *mh_host_services_new (const char *locale,
                                      const char *config_path, GError **error);
void mh_host_services_free (MhHostServices *services);

// The struct to pass to init(); owned by `services`, valid until it is
// freed (which must come after the plugin's last deinit()).
const mig_host *mh_host_services_host (const MhHostServices *services);

// How many messages the plugin logged at a level no MIG_LOG_* names (a
// plugin passes only those of its minor; mig-host validate counts them).
guint mh_host_services_unknown_levels (MhHostServices *services);

// Sets the GLib log domain the plugin's messages are logged under.
void mh_host_services_set_log_domain (MhHostServices *services,
                                      const char *domain);

// Holds the plugin's log messages back from then on, until
// mh_host_services_release_log() writes them (`write`) or drops them: for a
// call whose outcome may say the same thing once, in the host's words.
void mh_host_services_hold_log (MhHostServices *services);
void mh_host_services_release_log (MhHostServices *services, gboolean write);

// The locale named by the environment, as gettext reads it: LANGUAGE, then
// LC_ALL, LC_MESSAGES, LANG; NULL when none is set.
const char *mh_host_locale_from_environment (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MhHostServices, mh_host_services_free)
