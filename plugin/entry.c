// entry.c — the one exported symbol: init/deinit reference counting, version
// negotiation and hook look-up.

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "plugin.h"
#include "struct-rules.h"

// pthread rather than GMutex: ThreadSanitizer sees pthread mutexes, and
// GLib's futex-based GMutex would show as false races.
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned init_count;
static MmfgPlugin *current;   // read by hooks with g_atomic_pointer_get

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

static int32_t
refuse (char *error, uint32_t error_size, int32_t code, const char *format,
        ...) G_GNUC_PRINTF (4, 5);

static int32_t
refuse (char *error, uint32_t error_size, int32_t code, const char *format, ...)
{
   va_list ap;
   va_start (ap, format);
   g_autofree char *text = g_strdup_vprintf (format, ap);
   va_end (ap);
   if (error != NULL && error_size > 0)
      g_strlcpy (error, text, error_size);
   return code;
}

static void
batch_unref_cb (gpointer b)
{
   mmfg_batch_unref (b);
}

static void
plugin_free (MmfgPlugin *p)
{
   if (p == NULL)
      return;
   g_hash_table_unref (p->batches);
   pthread_mutex_destroy (&p->batches_lock);
#ifndef G_OS_WIN32
   mmfg_file_servers_free (p->file_servers);
#endif
   mmfg_settings_free (p->settings);
   mmfg_catalog_free (p->catalog);
   g_strfreev (p->langs);
   g_free (p);
}

static int32_t
plugin_start (const mig_host *host, char *error, uint32_t error_size)
{
   g_autoptr (GError) local = NULL;
   g_autoptr (MmfgSettings) settings = mmfg_settings_load (host->config_path, &local);
   if (settings == NULL)
      return refuse (error, error_size, MIG_ERR_CONFIG,
                     "mmfguard did not start: %s", local->message);
   g_autoptr (MmfgCatalog) catalog =
      mmfg_catalog_load (settings->site_catalog_dir, &local);
   if (catalog == NULL)
      return refuse (error, error_size, MIG_ERR_CONFIG,
                     "mmfguard did not start: %s", local->message);

   MmfgPlugin *p = g_new0 (MmfgPlugin, 1);
   p->host = host;
   if (host->get_service != NULL) {
      p->findings_service = host->get_service (host, MIG_SERVICE_FINDINGS);
      if (p->findings_service != NULL && p->findings_service->add == NULL)
         p->findings_service = NULL;   // the ABI says non-NULL; ignore a broken one
   }
   p->settings = g_steal_pointer (&settings);
   p->catalog = g_steal_pointer (&catalog);
   // Nothing starts until a post office on a configured server is checked.
#ifndef G_OS_WIN32
   if (p->settings->file_servers->len > 0)
      p->file_servers = mmfg_file_servers_new (NULL);
#endif
   p->langs = mmfg_catalog_langs_for_locale (host->locale);
   pthread_mutex_init (&p->batches_lock, NULL);
   p->batches = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       batch_unref_cb);
   g_atomic_pointer_set (&current, p);
   mmfg_log (p, MIG_LOG_DEBUG, "mmfguard %s started for %s %s (config %s)",
             PACKAGE_VERSION, host->name, host->version,
             host->config_path ? host->config_path : "defaults");
   return MIG_OK;
}

static int32_t MIG_CALL
entry_init (const mig_host *host, char *error, uint32_t error_size)
{
   if (error != NULL && error_size > 0)
      error[0] = '\0';
   if (host == NULL ||
       !mmfg_input_struct_ok (host, host->struct_size, sizeof (mig_host)))
      return refuse (error, error_size, MIG_ERR_INVALID_ARGUMENT,
                     "mmfguard: the host passed %s",
                     host == NULL ? "no mig_host"
                     : host->struct_size < sizeof (mig_host)
                        ? "a mig_host smaller than ABI 1.0's"
                        : "a mig_host with fields this plugin does not know "
                          "set (non-zero bytes past ABI 1.0's size)");
   if (host->abi_major != MIG_ABI_VERSION_MAJOR)
      return refuse (error, error_size, MIG_ERR_VERSION,
                     "mmfguard speaks ABI %d.x; the host %s speaks %u.%u: use "
                     "a plugin built for ABI %u",
                     MIG_ABI_VERSION_MAJOR,
                     host->name && g_utf8_validate (host->name, -1, NULL)
                        ? host->name : "(unnamed)",
                     host->abi_major, host->abi_minor, host->abi_major);
   if (host->name == NULL || host->version == NULL ||
       !g_utf8_validate (host->name, -1, NULL) ||
       !g_utf8_validate (host->version, -1, NULL) ||
       (host->config_path && !g_utf8_validate (host->config_path, -1, NULL)) ||
       (host->locale && !g_utf8_validate (host->locale, -1, NULL)))
      return refuse (error, error_size, MIG_ERR_INVALID_ARGUMENT,
                     "mmfguard: the host's name, version, locale or "
                     "configuration path is missing or not UTF-8");

   pthread_mutex_lock (&init_lock);
   int32_t rc = MIG_OK;
   if (init_count == 0)
      rc = plugin_start (host, error, error_size);
   if (rc == MIG_OK)
      init_count++;
   pthread_mutex_unlock (&init_lock);
   return rc;
}

static void MIG_CALL
entry_deinit (void)
{
   pthread_mutex_lock (&init_lock);
   if (init_count > 0 && --init_count == 0) {
      MmfgPlugin *p = g_atomic_pointer_exchange (&current, NULL);
      plugin_free (p);
   }
   pthread_mutex_unlock (&init_lock);
}

static const void *MIG_CALL
entry_get_hook (const char *id)
{
   return id != NULL ? mmfg_hooks_lookup (id) : NULL;
}

MIG_EXPORT const mig_plugin_entry mig_entry = {
   .struct_size = sizeof (mig_plugin_entry),
   .abi_major = MIG_ABI_VERSION_MAJOR,
   .abi_minor = MIG_ABI_VERSION_MINOR,
   .abi_revision = MIG_ABI_VERSION_REVISION,
   .id = "org.mmfguard",
   .name = "mmfguard",
   .version = PACKAGE_VERSION,
   .description = "Keeps MS Mail accounts whose MMF is in use or "
                  "unsynchronised out of the migration, and explains "
                  "MSExchangeMig events",
   .init = entry_init,
   .deinit = entry_deinit,
   .get_hook = entry_get_hook,
};
