// no-pre-migrate-plugin.c — a plugin that offers on-error/1 and nothing
// else: no pre-migrate/1. Every plugin of major 1 must offer it, because a
// host cannot tell "nothing to say about accounts" from a hook that was
// lost; tests/test-validate.c shows that `mig-host validate` fails it and
// that mig-host refuses to judge accounts with it rather than read the
// missing hook as "no opinion".

#include "mig-plugin.h"

#include <glib.h>
#include <string.h>

static gint init_count;

static int32_t MIG_CALL
on_error (const mig_event *event, mig_answer *answer)
{
   if (g_atomic_int_get (&init_count) == 0)
      return MIG_ERR_NOT_INITIALISED;
   if (event == NULL)
      return MIG_ERR_INVALID_ARGUMENT;
   (void) answer;
   return MIG_VERDICT_NO_OPINION;
}

static const mig_hook_on_error on_error_hook = {on_error};

static int32_t MIG_CALL
init (const mig_host *host, char *error, uint32_t error_size)
{
   if (error != NULL && error_size > 0)
      error[0] = '\0';
   if (host == NULL || !MIG_HAS_FIELD (host, mig_host, get_service))
      return MIG_ERR_INVALID_ARGUMENT;
   if (host->abi_major != MIG_ABI_VERSION_MAJOR)
      return MIG_ERR_VERSION;
   g_atomic_int_inc (&init_count);
   return MIG_OK;
}

static void MIG_CALL
deinit (void)
{
   gint n = g_atomic_int_get (&init_count);
   while (n > 0 && !g_atomic_int_compare_and_exchange (&init_count, n, n - 1))
      n = g_atomic_int_get (&init_count);
}

static const void *MIG_CALL
get_hook (const char *id)
{
   if (id != NULL && strcmp (id, MIG_HOOK_ON_ERROR) == 0)
      return &on_error_hook;
   return NULL;
}

MIG_EXPORT const mig_plugin_entry mig_entry = {
   .struct_size = sizeof (mig_plugin_entry),
   .abi_major = MIG_ABI_VERSION_MAJOR,
   .abi_minor = MIG_ABI_VERSION_MINOR,
   .abi_revision = MIG_ABI_VERSION_REVISION,
   .id = "org.mmfguard.test.no-pre-migrate",
   .name = "no-pre-migrate-plugin",
   .version = "0",
   .description = "offers on-error/1 only, on purpose",
   .init = init,
   .deinit = deinit,
   .get_hook = get_hook,
};
