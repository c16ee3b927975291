// ffi-dispatch.h — calling a hook through libffi the way a host does it: the
// call interface prepared once from the row of abi/mig-hook-table.h, then
// ffi_call per call; measured against a direct call of the same pointer.

#pragma once

#include <ffi.h>
#include <glib.h>

typedef struct {
   const char *name; // the row's NAME, eg "batch_end"
   const char *id;   // the hook id, eg "batch-end/1"
   gsize offset;     // of the function pointer in the hook's struct
   ffi_cif cif;
   ffi_type *args[3];
} BenchFfiHook;

// Prepares the call interface of hook row `name` from the hook table.
gboolean bench_ffi_hook_prepare (BenchFfiHook *hook, const char *name,
                                 GError **error);

// The function pointer of `hook` in the struct get_hook() returned.
void (*bench_ffi_hook_function (const BenchFfiHook *hook,
                                const void *hook_struct)) (void);
