// entry.c — the one exported symbol: init/deinit reference counting, version
// negotiation and hook look-up. The state it starts is plugin-state.c's;
// the hooks it hands out are hooks.c's.

#include <pthread.h>

#include "answer.h"
#include "hooks.h"
#include "plugin-state.h"
#include "struct-rules.h"

// pthread rather than GMutex: ThreadSanitizer sees pthread mutexes, and
// GLib's futex-based GMutex would show as false races.
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned init_count;

// The bytes of a mig_host that every major keeps: struct_size, abi_major.
#define MIG_HOST_MAJOR_KNOWN                                                   \
   (offsetof (mig_host, abi_major) + sizeof (uint32_t))

static int32_t refuse (char *error, uint32_t error_size, int32_t code,
                       const char *format, ...) G_GNUC_PRINTF (4, 5);

static int32_t
refuse (char *error, uint32_t error_size, int32_t code, const char *format, ...)
{
   va_list ap;
   va_start (ap, format);
   g_autofree char *text = g_strdup_vprintf (format, ap);
   va_end (ap);
   // NUL-terminated and cut at a character boundary, as every string.
   if (error != NULL && error_size > 0)
      mmfg_put_string (error, error_size, text);
   return code;
}

// The first init() starts the plugin's state; a configuration or catalog
// that cannot be read refuses it with the reason.
static int32_t
start_plugin (const mig_host *host, char *error, uint32_t error_size)
{
   g_autoptr (GError) local = NULL;
   if (!mmfg_plugin_start (host, &local))
      return refuse (error, error_size, MIG_ERR_CONFIG,
                     "mmfguard did not start: %s", local->message);
   return MIG_OK;
}

// A later init() shares the first one's configuration; one naming another
// would silently run under a policy it never chose (its fail-closed, its
// verdicts), so it is refused.
static int32_t
check_shared_config (const mig_host *host, char *error, uint32_t error_size)
{
   const MmfgPlugin *p = mmfg_plugin_get ();
   if (p == NULL || mmfg_plugin_same_config (p, host->config_path))
      return MIG_OK;
   return refuse (
      error, error_size, MIG_ERR_CONFIG,
      "mmfguard is already initialised in this process with the "
      "configuration %s; this init() names %s. One process runs one "
      "configuration: pass the same config_path, or use the plugin from "
      "another process",
      p->config_path ? p->config_path : "(built-in defaults)",
      host->config_path ? host->config_path : "(built-in defaults)");
}

static int32_t MIG_CALL
entry_init (const mig_host *host, char *error, uint32_t error_size)
{
   if (error != NULL && error_size > 0)
      error[0] = '\0';
   // struct_size and abi_major are the two fields every major keeps in
   // place: the major is read before anything else, since another major's
   // mig_host may have any size and any tail.
   if (host == NULL || host->struct_size < MIG_HOST_MAJOR_KNOWN)
      return refuse (error, error_size, MIG_ERR_INVALID_ARGUMENT,
                     "mmfguard: the host passed %s",
                     host == NULL ? "no mig_host"
                                  : "a mig_host too small to hold its "
                                    "ABI version");
   if (host->abi_major != MIG_ABI_VERSION_MAJOR)
      return refuse (error, error_size, MIG_ERR_VERSION,
                     "mmfguard speaks ABI %d.x; the host %s speaks %u.%u: use "
                     "a plugin built for ABI %u",
                     MIG_ABI_VERSION_MAJOR,
                     host->name && g_utf8_validate (host->name, -1, NULL)
                        ? host->name
                        : "(unnamed)",
                     host->abi_major, host->abi_minor, host->abi_major);
   if (!mmfg_input_struct_ok (host, host->struct_size, sizeof (mig_host)))
      return refuse (error, error_size, MIG_ERR_INVALID_ARGUMENT,
                     "mmfguard: the host passed %s",
                     host->struct_size < sizeof (mig_host)
                        ? "a mig_host smaller than ABI 1.0's"
                        : "a mig_host with fields this plugin does not know "
                          "set (non-zero bytes past ABI 1.0's size)");
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
      rc = start_plugin (host, error, error_size);
   else
      rc = check_shared_config (host, error, error_size);
   if (rc == MIG_OK)
      init_count++;
   pthread_mutex_unlock (&init_lock);
   return rc;
}

static void MIG_CALL
entry_deinit (void)
{
   pthread_mutex_lock (&init_lock);
   if (init_count > 0 && --init_count == 0)
      mmfg_plugin_stop ();
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
