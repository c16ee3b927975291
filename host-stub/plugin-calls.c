// plugin-calls.c — typed calls into a loaded plugin, all through libffi.

#include "plugin-calls.h"

// Calls an int32_t-returning row of `table`; MIG_ERR_INTERNAL when there is
// nothing to call.
static int32_t
call_i32 (MigFn fn, const void *table, void **args)
{
   MigFfiResult result;
   if (!mig_dispatch_call (fn, table, args, &result))
      return MIG_ERR_INTERNAL;
   return mig_ffi_result_i32 (&result);
}

int32_t
mig_call_init (const MigPlugin *plugin, const mig_host *host, char *error,
               uint32_t error_size)
{
   void *args[] = {&host, &error, &error_size};
   return call_i32 (MIG_FN_init, mig_plugin_entry_of (plugin), args);
}

void
mig_call_deinit (const MigPlugin *plugin)
{
   mig_dispatch_call (MIG_FN_deinit, mig_plugin_entry_of (plugin), NULL, NULL);
}

const void *
mig_call_get_hook (const MigPlugin *plugin, const char *id)
{
   void *args[] = {&id};
   MigFfiResult result;
   if (!mig_dispatch_call (MIG_FN_get_hook, mig_plugin_entry_of (plugin), args,
                           &result))
      return NULL;
   return mig_ffi_result_ptr (&result);
}

int32_t
mig_call_batch_begin (const MigPlugin *plugin, const mig_batch *batch,
                      mig_answer *answer)
{
   void *args[] = {&batch, &answer};
   return call_i32 (MIG_FN_batch_begin,
                    mig_plugin_hook (plugin, MIG_FN_batch_begin), args);
}

int32_t
mig_call_batch_end (const MigPlugin *plugin, uint64_t batch_id)
{
   void *args[] = {&batch_id};
   return call_i32 (MIG_FN_batch_end, mig_plugin_hook (plugin, MIG_FN_batch_end),
                    args);
}

int32_t
mig_call_pre_migrate (const MigPlugin *plugin, const mig_account *account,
                      mig_answer *answer)
{
   void *args[] = {&account, &answer};
   return call_i32 (MIG_FN_pre_migrate,
                    mig_plugin_hook (plugin, MIG_FN_pre_migrate), args);
}

int32_t
mig_call_on_error (const MigPlugin *plugin, const mig_event *event,
                   mig_answer *answer)
{
   void *args[] = {&event, &answer};
   return call_i32 (MIG_FN_on_error, mig_plugin_hook (plugin, MIG_FN_on_error),
                    args);
}

int32_t
mig_call_catalog (const MigPlugin *plugin, uint32_t index,
                  mig_catalog_entry *entry)
{
   void *args[] = {&index, &entry};
   return call_i32 (MIG_FN_catalog, mig_plugin_hook (plugin, MIG_FN_catalog),
                   args);
}
