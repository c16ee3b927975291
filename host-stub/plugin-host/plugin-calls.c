// plugin-calls.c — typed calls into a loaded plugin, all through libffi.

#include "plugin-host/plugin-calls.h"

// Calls an int32_t-returning row of `table`; MIG_ERR_INTERNAL when there is
// nothing to call.
static int32_t
call_i32 (MhFn fn, const void *table, void **args)
{
   MhFfiResult result;
   if (!mh_dispatch_call (fn, table, args, &result))
      return MIG_ERR_INTERNAL;
   return mh_ffi_result_i32 (&result);
}

int32_t
mh_call_init (const MhPlugin *plugin, const mig_host *host, char *error,
              uint32_t error_size)
{
   void *args[] = {&host, &error, &error_size};
   return call_i32 (MH_FN_init, mh_plugin_entry_of (plugin), args);
}

void
mh_call_deinit (const MhPlugin *plugin)
{
   mh_dispatch_call (MH_FN_deinit, mh_plugin_entry_of (plugin), NULL, NULL);
}

const void *
mh_call_get_hook (const MhPlugin *plugin, const char *id)
{
   void *args[] = {&id};
   MhFfiResult result;
   if (!mh_dispatch_call (MH_FN_get_hook, mh_plugin_entry_of (plugin), args,
                          &result))
      return NULL;
   return mh_ffi_result_ptr (&result);
}

int32_t
mh_call_batch_begin (const MhPlugin *plugin, const mig_batch *batch,
                     mig_answer *answer)
{
   void *args[] = {&batch, &answer};
   return call_i32 (MH_FN_batch_begin,
                    mh_plugin_hook (plugin, MH_FN_batch_begin), args);
}

int32_t
mh_call_batch_end (const MhPlugin *plugin, uint64_t batch_id)
{
   void *args[] = {&batch_id};
   return call_i32 (MH_FN_batch_end, mh_plugin_hook (plugin, MH_FN_batch_end),
                    args);
}

int32_t
mh_call_pre_migrate (const MhPlugin *plugin, const mig_account *account,
                     mig_answer *answer)
{
   void *args[] = {&account, &answer};
   return call_i32 (MH_FN_pre_migrate,
                    mh_plugin_hook (plugin, MH_FN_pre_migrate), args);
}

int32_t
mh_call_on_error (const MhPlugin *plugin, const mig_event *event,
                  mig_answer *answer)
{
   void *args[] = {&event, &answer};
   return call_i32 (MH_FN_on_error, mh_plugin_hook (plugin, MH_FN_on_error),
                    args);
}

int32_t
mh_call_catalog (const MhPlugin *plugin, uint32_t index,
                 mig_catalog_entry *entry)
{
   void *args[] = {&index, &entry};
   return call_i32 (MH_FN_catalog, mh_plugin_hook (plugin, MH_FN_catalog),
                    args);
}
