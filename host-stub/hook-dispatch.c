// hook-dispatch.c — calling a plugin's functions through libffi.

#include "hook-dispatch.h"

#include "host-error.h"

#include <ffi.h>
#include <string.h>

// The table's type codes as libffi types.
#define MIG_FFI_VOID (&ffi_type_void)
#define MIG_FFI_I32 (&ffi_type_sint32)
#define MIG_FFI_U32 (&ffi_type_uint32)
#define MIG_FFI_U64 (&ffi_type_uint64)
#define MIG_FFI_PTR (&ffi_type_pointer)

// A row with its call interface. The cif points into `arg_types`, so both
// live here, in static storage, for the life of the process.
typedef struct {
   MigFnInfo info;
   ffi_type *return_type;
   ffi_type *arg_types[3];
   ffi_cif cif;
} Row;

static Row rows[MIG_FN_COUNT] = {
#define MIG_FN_ROW(name, id, st, member, nargs, r, rc, a0, a0c, a1, a1c, a2,   \
                   a2c)                                                        \
   {{#name, id, offsetof (st, member), nargs},                                 \
    MIG_FFI_##r,                                                               \
    {MIG_FFI_##a0, MIG_FFI_##a1, MIG_FFI_##a2},                                \
    {0}},
   MIG_ENTRY_TABLE (MIG_FN_ROW)
   MIG_HOOK_TABLE (MIG_FN_ROW)
#undef MIG_FN_ROW
};

// A result wider than a register would not fit MigFfiResult.
G_STATIC_ASSERT (sizeof (MigFfiResult) >= sizeof (ffi_arg));
G_STATIC_ASSERT (sizeof (MigFfiResult) >= sizeof (void *));

static char *prepare_failure; // NULL when every row was prepared

const MigFnInfo *
mig_fn_info (MigFn fn)
{
   g_assert ((unsigned) fn < MIG_FN_COUNT);
   return &rows[fn].info;
}

static char *
prepare_row (Row *row)
{
   for (unsigned i = 0; i < row->info.nargs; i++) {
      if (row->arg_types[i] == &ffi_type_void)
         return g_strdup_printf ("row %s: argument %u is VOID", row->info.name,
                                 i);
   }
   ffi_status status = ffi_prep_cif (&row->cif, FFI_DEFAULT_ABI,
                                     row->info.nargs, row->return_type,
                                     row->arg_types);
   if (status != FFI_OK)
      return g_strdup_printf ("row %s: ffi_prep_cif failed (status %d)",
                              row->info.name, (int) status);
   return NULL;
}

gboolean
mig_dispatch_prepare (GError **error)
{
   static gsize done = 0;
   if (g_once_init_enter (&done)) {
      for (unsigned i = 0; i < MIG_FN_COUNT && prepare_failure == NULL; i++)
         prepare_failure = prepare_row (&rows[i]);
      g_once_init_leave (&done, 1);
   }
   if (prepare_failure == NULL)
      return TRUE;
   g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_DISPATCH,
                "cannot prepare libffi calls from the hook table: %s; "
                "mig-host was built wrongly, report this",
                prepare_failure);
   return FALSE;
}

gboolean
mig_dispatch_call (MigFn fn, const void *table, void **args,
                   MigFfiResult *result)
{
   if (!mig_dispatch_prepare (NULL) || table == NULL)
      return FALSE;
   const Row *row = &rows[fn];
   void (*function) (void) = NULL;
   // The member is a function pointer of the row's type; read its bits as a
   // generic function pointer, which is what ffi_call takes.
   memcpy (&function, (const char *) table + row->info.member_offset,
           sizeof function);
   if (function == NULL)
      return FALSE;
   if (result != NULL)
      memset (result, 0, sizeof *result);
   ffi_call ((ffi_cif *) &row->cif, function, result, args);
   return TRUE;
}

int32_t
mig_ffi_result_i32 (const MigFfiResult *result)
{
   // libffi stores a sint32 result sign-extended into a full ffi_sarg; taking
   // the low 32 bits of the unsigned ffi_arg would be wrong on big-endian
   // machines, and reading an int32_t from the first bytes wrong there too.
   ffi_sarg wide;
   memcpy (&wide, result, sizeof wide);
   return (int32_t) wide;
}

void *
mig_ffi_result_ptr (const MigFfiResult *result)
{
   return result->ptr;
}
