// plugin-state.c — the plugin's state: started at the first init(), read
// by every hook, ended at the last deinit().

#include "plugin-state.h"

#include "postoffice.h"

#include <string.h>

static MmfgPlugin *current; // read by hooks with g_atomic_pointer_get

MmfgPlugin *
mmfg_plugin_get (void)
{
   return g_atomic_pointer_get (&current);
}

void
mmfg_log (const MmfgPlugin *plugin, int32_t level, const char *format, ...)
{
   if (plugin == NULL || plugin->host->log == NULL)
      return;
   va_list ap;
   va_start (ap, format);
   g_autofree char *message = g_strdup_vprintf (format, ap);
   va_end (ap);
   g_autofree char *valid = g_utf8_make_valid (message, -1);
   plugin->host->log (plugin->host, level, valid);
}

static void
plugin_free (MmfgPlugin *p)
{
   if (p == NULL)
      return;
   mmfg_batches_free (p->batches);
   mmfg_postoffice_forget_listings ();
#ifndef G_OS_WIN32
   mmfg_file_servers_free (p->file_servers);
#endif
   mmfg_settings_free (p->settings);
   mmfg_catalog_free (p->catalog);
   g_strfreev (p->langs);
   g_free (p->config_path);
   g_free (p);
}

gboolean
mmfg_plugin_start (const mig_host *host, GError **error)
{
   g_autoptr (MmfgSettings) settings =
      mmfg_settings_load (host->config_path, error);
   if (settings == NULL)
      return FALSE;
   g_autoptr (MmfgCatalog) catalog =
      mmfg_catalog_load (settings->site_catalog_dir, error);
   if (catalog == NULL)
      return FALSE;

   MmfgPlugin *p = g_new0 (MmfgPlugin, 1);
   p->host = host;
   p->config_path = mmfg_config_key (host->config_path);
   if (host->get_service != NULL) {
      p->findings_service = host->get_service (host, MIG_SERVICE_FINDINGS);
      if (p->findings_service != NULL && p->findings_service->add == NULL)
         p->findings_service =
            NULL; // the ABI says non-NULL; ignore a broken one
   }
   p->settings = g_steal_pointer (&settings);
   p->catalog = g_steal_pointer (&catalog);
   // Nothing starts until a post office on a configured server is checked.
#ifndef G_OS_WIN32
   if (p->settings->file_servers->len > 0)
      p->file_servers = mmfg_file_servers_new (NULL);
#endif
   p->langs = mmfg_catalog_langs_for_locale (host->locale);
   p->batches = mmfg_batches_new ();
   g_atomic_pointer_set (&current, p);
   mmfg_log (p, MIG_LOG_DEBUG, "mmfguard %s started for %s %s (config %s)",
             PACKAGE_VERSION, host->name, host->version,
             host->config_path ? host->config_path : "defaults");
   return TRUE;
}

char *
mmfg_config_key (const char *path)
{
   if (path == NULL)
      return NULL;
   g_autofree char *cwd =
      g_path_is_absolute (path) ? NULL : g_get_current_dir ();
   g_autofree char *absolute =
      cwd ? g_build_filename (cwd, path, NULL) : g_strdup (path);
   const char *rest = g_path_skip_root (absolute);
   if (rest == NULL)
      rest = absolute;
   GString *key = g_string_new_len (absolute, rest - absolute);
   // Separators collapsed and "." dropped; ".." kept as it is: removing it
   // without following links could make two files one.
   const char *p = rest;
   while (*p != '\0') {
      const char *end = p;
      while (*end != '\0' && !G_IS_DIR_SEPARATOR (*end))
         end++;
      gsize len = (gsize) (end - p);
      if (len > 0 && !(len == 1 && *p == '.')) {
         if (key->len > 0 && !G_IS_DIR_SEPARATOR (key->str[key->len - 1]))
            g_string_append_c (key, G_DIR_SEPARATOR);
         g_string_append_len (key, p, (gssize) len);
      }
      p = *end != '\0' ? end + 1 : end;
   }
   return g_string_free (key, FALSE);
}

gboolean
mmfg_plugin_same_config (const MmfgPlugin *plugin, const char *config_path)
{
   if (config_path == NULL || plugin->config_path == NULL)
      return config_path == NULL && plugin->config_path == NULL;
   g_autofree char *key = mmfg_config_key (config_path);
   return strcmp (key, plugin->config_path) == 0;
}

void
mmfg_plugin_stop (void)
{
   plugin_free (g_atomic_pointer_exchange (&current, NULL));
}
