// plugin-session.c — a plugin loaded and initialised with mig-host's services.

#include "plugin-host/plugin-session.h"

#include "display-text.h"
#include "host-error.h"

#include <glib/gi18n-lib.h>

MhPluginSession *
mh_plugin_session_open (const char *path, const char *locale,
                        const char *config_path, GError **error)
{
   g_autoptr (MhHostServices) services =
      mh_host_services_new (locale, config_path, error);
   if (services == NULL)
      return NULL;
   g_autoptr (MhPlugin) plugin = mh_plugin_load (path, error);
   if (plugin == NULL)
      return NULL;
   mh_host_services_set_log_domain (services,
                                    mh_plugin_entry_of (plugin)->name);
   if (!mh_plugin_init (plugin, mh_host_services_host (services), error))
      return NULL;

   MhPluginSession *session = g_new0 (MhPluginSession, 1);
   session->services = g_steal_pointer (&services);
   session->plugin = g_steal_pointer (&plugin);
   return session;
}

MhPluginSession *
mh_plugin_session_open_with (const char *path, const char *locale,
                             const char *config_path, MhFn fn,
                             const char *without_it, GError **error)
{
   g_autoptr (MhPluginSession) session =
      mh_plugin_session_open (path, locale, config_path, error);
   if (session == NULL)
      return NULL;
   if (mh_plugin_hook (session->plugin, fn) == NULL) {
      g_autofree char *shown = mh_display_path (path);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_LOAD,
                   _ ("plugin %s offers no %s, %s"), shown, mh_fn_info (fn)->id,
                   without_it);
      return NULL;
   }
   return g_steal_pointer (&session);
}

void
mh_plugin_session_close (MhPluginSession *session)
{
   if (session == NULL)
      return;
   // The plugin may use the host struct until its last deinit() returns.
   mh_plugin_free (session->plugin);
   mh_host_services_free (session->services);
   g_free (session);
}
