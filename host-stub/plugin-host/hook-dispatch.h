// hook-dispatch.h — calling a plugin's functions through libffi.
//
// Every function of the ABI is a row of MIG_ENTRY_TABLE or MIG_HOOK_TABLE
// (abi/mig-hook-table.h). Their call interfaces are prepared once per
// process from those rows, so adding a hook to the table is all it takes for
// mig-host to be able to call it; nothing here spells a signature by hand.

#pragma once

#include "mig-hook-table.h"

#include <glib.h>

// One value per table row: MH_FN_init, ..., MH_FN_pre_migrate, ...
typedef enum {
#define MH_FN_ENUM(name, ...) MH_FN_##name,
   MIG_ENTRY_TABLE (MH_FN_ENUM) MIG_HOOK_TABLE (MH_FN_ENUM)
#undef MH_FN_ENUM
      MH_FN_COUNT
} MhFn;

#define MH_FN_PLUS_ONE(...) +1
// Rows of MIG_ENTRY_TABLE come first; hooks follow.
enum { MH_FN_N_ENTRY = 0 MIG_ENTRY_TABLE (MH_FN_PLUS_ONE) };
enum { MH_FN_N_HOOKS = 0 MIG_HOOK_TABLE (MH_FN_PLUS_ONE) };
#undef MH_FN_PLUS_ONE

// A row as the host sees it.
typedef struct {
   // The row's C name, eg "pre_migrate".
   const char *name;
   // The hook id, eg "pre-migrate/1"; NULL for the entry's own functions.
   const char *id;
   // Where the function pointer sits in its struct (mig_plugin_entry or the
   // hook struct).
   size_t member_offset;
   // How many arguments it takes.
   unsigned nargs;
} MhFnInfo;

// The row of `fn` (0 <= fn < MH_FN_COUNT).
const MhFnInfo *mh_fn_info (MhFn fn);

// The first hook row; hooks are MH_FN_FIRST_HOOK + 0 .. MH_FN_N_HOOKS - 1.
#define MH_FN_FIRST_HOOK ((MhFn) MH_FN_N_ENTRY)

// Prepares every call interface, once per process (later calls return the
// first result). Fails only when libffi refuses a row.
gboolean mh_dispatch_prepare (GError **error);

// Where a call's result lands. libffi widens integer results narrower than a
// register to a full ffi_arg, so the buffer is at least that large; read
// results with the accessors below.
typedef union {
   uint64_t u64;
   int64_t s64;
   void *ptr;
   unsigned char bytes[16];
} MhFfiResult;

// Calls the function of row `fn` whose pointer sits in `table` (the entry
// struct or the row's hook struct) with `args` (an array of pointers to the
// argument values, as libffi takes them). `result` may be NULL for a void
// function. Returns FALSE without calling when the function pointer is NULL
// or the interfaces could not be prepared.
gboolean mh_dispatch_call (MhFn fn, const void *table, void **args,
                           MhFfiResult *result);

// An int32_t result, narrowed from the widened ffi_arg so that negative codes
// stay negative.
int32_t mh_ffi_result_i32 (const MhFfiResult *result);
// A pointer result.
void *mh_ffi_result_ptr (const MhFfiResult *result);
