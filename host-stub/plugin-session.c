// plugin-session.c — a plugin loaded and initialised with mig-host's services.

#include "plugin-session.h"

#include "display-text.h"
#include "host-error.h"

MigPluginSession *
mig_plugin_session_open (const char *path, const char *locale,
                         const char *config_path, GError **error)
{
   g_autoptr (MigHostServices) services =
      mig_host_services_new (locale, config_path, error);
   if (services == NULL)
      return NULL;
   g_autoptr (MigPlugin) plugin = mig_plugin_load (path, error);
   if (plugin == NULL)
      return NULL;
   mig_host_services_set_log_domain (services,
                                     mig_plugin_entry_of (plugin)->name);
   if (!mig_plugin_init (plugin, mig_host_services_host (services), error))
      return NULL;

   MigPluginSession *session = g_new0 (MigPluginSession, 1);
   session->services = g_steal_pointer (&services);
   session->plugin = g_steal_pointer (&plugin);
   return session;
}

MigPluginSession *
mig_plugin_session_open_with (const char *path, const char *locale,
                              const char *config_path, MigFn fn,
                              const char *without_it, GError **error)
{
   g_autoptr (MigPluginSession) session =
      mig_plugin_session_open (path, locale, config_path, error);
   if (session == NULL)
      return NULL;
   if (mig_plugin_hook (session->plugin, fn) == NULL) {
      g_autofree char *shown = mig_display_path (path);
      g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_LOAD,
                   "plugin %s offers no %s, %s", shown, mig_fn_info (fn)->id,
                   without_it);
      return NULL;
   }
   return g_steal_pointer (&session);
}

void
mig_plugin_session_close (MigPluginSession *session)
{
   if (session == NULL)
      return;
   // The plugin may use the host struct until its last deinit() returns.
   mig_plugin_free (session->plugin);
   mig_host_services_free (session->services);
   g_free (session);
}
