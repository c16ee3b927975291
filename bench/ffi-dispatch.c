// ffi-dispatch.c — a hook's libffi call interface, built from the hook table
// as mig-host builds it.

#include "ffi-dispatch.h"

#include <stddef.h>
#include <string.h>

#include "mig-hook-table.h"

// The table's type codes as libffi types.
#define BENCH_FFI_VOID (&ffi_type_void)
#define BENCH_FFI_I32 (&ffi_type_sint32)
#define BENCH_FFI_U32 (&ffi_type_uint32)
#define BENCH_FFI_U64 (&ffi_type_uint64)
#define BENCH_FFI_PTR (&ffi_type_pointer)

typedef struct {
   const char *name;
   const char *id;
   gsize offset;
   unsigned nargs;
   ffi_type *ret;
   ffi_type *args[3];
} HookRow;

#define BENCH_HOOK_ROW(NAME, ID, STRUCT, MEMBER, NARGS, R, RC, A0, A0C, A1,    \
                       A1C, A2, A2C)                                           \
   {#NAME,                                                                     \
    ID,                                                                        \
    offsetof (STRUCT, MEMBER),                                                 \
    NARGS,                                                                     \
    BENCH_FFI_##R,                                                             \
    {BENCH_FFI_##A0, BENCH_FFI_##A1, BENCH_FFI_##A2}},

static const HookRow hook_rows[] = {MIG_HOOK_TABLE (BENCH_HOOK_ROW)};

gboolean
bench_ffi_hook_prepare (BenchFfiHook *hook, const char *name, GError **error)
{
   memset (hook, 0, sizeof *hook);
   for (gsize i = 0; i < G_N_ELEMENTS (hook_rows); i++) {
      const HookRow *row = &hook_rows[i];
      if (strcmp (row->name, name) != 0)
         continue;
      hook->name = row->name;
      hook->id = row->id;
      hook->offset = row->offset;
      memcpy (hook->args, row->args, sizeof hook->args);
      if (ffi_prep_cif (&hook->cif, FFI_DEFAULT_ABI, row->nargs, row->ret,
                        hook->args) != FFI_OK)
         break;
      return TRUE;
   }
   g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                "no call interface for hook row %s", name);
   return FALSE;
}

void (*bench_ffi_hook_function (const BenchFfiHook *hook,
                                const void *hook_struct)) (void)
{
   void (*fn) (void);
   memcpy (&fn, (const char *) hook_struct + hook->offset, sizeof fn);
   return fn;
}
