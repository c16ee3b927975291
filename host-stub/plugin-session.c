// plugin-session.c — a plugin loaded and initialised with mig-host's services.

#include "plugin-session.h"

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
