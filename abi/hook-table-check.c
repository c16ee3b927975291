// Compile-time proof that abi/mig-hook-table.h matches abi/mig-plugin.h: for
// every row, the member's type is exactly the function pointer type the row
// spells, and every type code agrees with the C type beside it. Built as part
// of the test suite; it has nothing to run.

#include "mig-hook-table.h"

#define MIG_CODE_OK_VOID(ct) (sizeof (ct *) > 0)
#define MIG_CODE_OK_I32(ct) _Generic((ct) 0, int32_t : 1, default : 0)
#define MIG_CODE_OK_U32(ct) _Generic((ct) 0, uint32_t : 1, default : 0)
#define MIG_CODE_OK_U64(ct) _Generic((ct) 0, uint64_t : 1, default : 0)
#define MIG_CODE_OK_PTR(ct)                                                    \
   (sizeof (ct) == sizeof (void *) &&                                          \
    _Generic((ct) 0, int32_t : 0, uint32_t : 0, int64_t : 0, uint64_t : 0,     \
             default : 1))

#define CHECK_ROW(name, id, st, member, nargs, r, rc, a0, a0c, a1, a1c, a2,    \
                  a2c)                                                         \
   _Static_assert(                                                             \
      _Generic(((st *) 0)->member,                                             \
               rc (MIG_CALL *) (MIG_CARGS_##nargs (a0c, a1c, a2c)) : 1,        \
               default : 0),                                                   \
      "hook table row " #name " does not match " #st "." #member);             \
   _Static_assert(MIG_CODE_OK_##r (rc) && MIG_CODE_OK_##a0 (a0c) &&            \
                     MIG_CODE_OK_##a1 (a1c) && MIG_CODE_OK_##a2 (a2c),         \
                  "hook table row " #name ": a type code disagrees");

MIG_ENTRY_TABLE (CHECK_ROW)
MIG_HOOK_TABLE (CHECK_ROW)

// A placeholder so the translation unit is not empty under -pedantic.
typedef int mig_hook_table_check_done;
