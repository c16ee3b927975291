// hook-dispatch.c — calling a plugin's functions through libffi.

#include "plugin-host/hook-dispatch.h"

#include "host-error.h"

#include <ffi.h>
#include <string.h>

// The table's type codes as libffi types.
#define MH_FFI_VOID (&ffi_type_void)
#define MH_FFI_I32 (&ffi_type_sint32)
#define MH_FFI_U32 (&ffi_type_uint32)
#define MH_FFI_U64 (&ffi_type_uint64)
#define MH_FFI_PTR (&ffi_type_pointer)

// A row with its call interface. The cif points into `arg_types`, so both
// live here, in static storage, for the life of the process.
typedef struct {
   MhFnInfo info;
   ffi_type *return_type;
   ffi_type *arg_types[3];
   ffi_cif cif;
} Row;

static Row rows[MH_FN_COUNT] = {
#define MH_FN_ROW(name, id, st, member, nargs, r, rc, a0, a0c, a1, a1c, a2,    \
                  a2c)                                                         \
   {{#name, id, offsetof (st, member), nargs},                                 \
    MH_FFI_##r,                                                                \
    {MH_FFI_##a0, MH_FFI_##a1, MH_FFI_##a2},                                   \
    {0}},
   MIG_ENTRY_TABLE (MH_FN_ROW) MIG_HOOK_TABLE (MH_FN_ROW)
#undef MH_FN_ROW
};

// A result wider than a register would not fit MhFfiResult.
G_STATIC_ASSERT (sizeof (MhFfiResult) >= sizeof (ffi_arg));
G_STATIC_ASSERT (sizeof (MhFfiResult) >= sizeof (void *));

static char *prepare_failure; // NULL when every row was prepared

const MhFnInfo *
mh_fn_info (MhFn fn)
{
   g_assert ((unsigned) fn < MH_FN_COUNT);
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
   ffi_status status =
      ffi_prep_cif (&row->cif, FFI_DEFAULT_ABI, row->info.nargs,
                    row->return_type, row->arg_types);
   if (status != FFI_OK)
      return g_strdup_printf ("row %s: ffi_prep_cif failed (status %d)",
                              row->info.name, (int) status);
   return NULL;
}

gboolean
mh_dispatch_prepare (GError **error)
{
   static gsize done = 0;
   if (g_once_init_enter (&done)) {
      for (unsigned i = 0; i < MH_FN_COUNT && prepare_failure == NULL; i++)
         prepare_failure = prepare_row (&rows[i]);
      g_once_init_leave (&done, 1);
   }
   if (prepare_failure == NULL)
      return TRUE;
   g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DISPATCH,
                "cannot prepare libffi calls from the hook table: %s; "
                "mig-host was built wrongly, report this",
                prepare_failure);
   return FALSE;
}

gboolean
mh_dispatch_call (MhFn fn, const void *table, void **args, MhFfiResult *result)
{
   if (!mh_dispatch_prepare (NULL) || table == NULL)
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
mh_ffi_result_i32 (const MhFfiResult *result)
{
   // libffi stores a sint32 result sign-extended into a full ffi_sarg; taking
   // the low 32 bits of the unsigned ffi_arg would be wrong on big-endian
   // machines, and reading an int32_t from the first bytes wrong there too.
   ffi_sarg wide;
   memcpy (&wide, result, sizeof wide);
   return (int32_t) wide;
}

void *
mh_ffi_result_ptr (const MhFfiResult *result)
{
   return result->ptr;
}
