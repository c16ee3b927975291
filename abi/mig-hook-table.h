// mig-hook-table.h — every function a plugin offers, once, as data: the
// entry's and the hooks'. The host's callbacks (log, get_service, a
// service's functions) are not here: a plugin calls them directly.
//
// This is the one list of hook ids and C signatures. The host's libffi
// dispatch prepares its call interfaces from it; abi/hook-table-check.c proves
// at compile time that each row matches the declaration in mig-plugin.h, so
// the two cannot drift apart.
//
// A row is X(NAME, ID, STRUCT, MEMBER, NARGS, R, RC, A0, A0C, A1, A1C, A2,
// A2C):
//   NAME    a C identifier for the row;
//   ID      the string passed to get_hook(), or NULL for entry functions;
//   STRUCT  the struct holding the function pointer, MEMBER its name;
//   NARGS   how many arguments the function takes (0 to 3);
//   R, A0..A2   type codes: VOID, I32, U32, U64, PTR (unused slots VOID);
//   RC, A0C..A2C  the C types they stand for in this function.
// The host maps type codes to libffi types; the check maps the C types back
// to the declaration.

#ifndef MIG_HOOK_TABLE_H
#define MIG_HOOK_TABLE_H

#include "mig-plugin.h"

// The functions of mig_plugin_entry itself.
#define MIG_ENTRY_TABLE(X)                                                     \
   X (init, NULL, mig_plugin_entry, init, 3, I32, int32_t, PTR,                \
      const mig_host *, PTR, char *, U32, uint32_t)                            \
   X (deinit, NULL, mig_plugin_entry, deinit, 0, VOID, void, VOID, void, VOID, \
      void, VOID, void)                                                        \
   X (get_hook, NULL, mig_plugin_entry, get_hook, 1, PTR, const void *, PTR,   \
      const char *, VOID, void, VOID, void)

// The hooks, found by id.
#define MIG_HOOK_TABLE(X)                                                      \
   X (batch_begin, MIG_HOOK_BATCH_BEGIN, mig_hook_batch_begin, begin, 2, I32,  \
      int32_t, PTR, const mig_batch *, PTR, mig_answer *, VOID, void)          \
   X (batch_end, MIG_HOOK_BATCH_END, mig_hook_batch_end, end, 1, I32, int32_t, \
      U64, uint64_t, VOID, void, VOID, void)                                   \
   X (pre_migrate, MIG_HOOK_PRE_MIGRATE, mig_hook_pre_migrate, pre_migrate, 2, \
      I32, int32_t, PTR, const mig_account *, PTR, mig_answer *, VOID, void)   \
   X (on_error, MIG_HOOK_ON_ERROR, mig_hook_on_error, on_error, 2, I32,        \
      int32_t, PTR, const mig_event *, PTR, mig_answer *, VOID, void)          \
   X (catalog, MIG_HOOK_CATALOG, mig_hook_catalog, entry, 2, I32, int32_t,     \
      U32, uint32_t, PTR, mig_catalog_entry *, VOID, void)

// The argument list of a row's C signature, for building its function type.
#define MIG_CARGS_0(a0, a1, a2) void
#define MIG_CARGS_1(a0, a1, a2) a0
#define MIG_CARGS_2(a0, a1, a2) a0, a1
#define MIG_CARGS_3(a0, a1, a2) a0, a1, a2

#endif // MIG_HOOK_TABLE_H
