// abi-header-c99.c — mig-plugin.h compiles alone as C99 with -Wall -Wextra
// -pedantic -Werror, and records the layout C99 gives it.
#include "mig-plugin.h"

#include "mig-hook-table.h"

#include "abi-header-layout.h"

static const size_t layout[] = {ABI_MEMBERS (ABI_MEMBER_LAYOUT)
                                   ABI_STRUCTS (ABI_STRUCT_SIZE) ABI_CONSTANTS};
static const char *const ids[] = {MIG_HOOK_TABLE (ABI_HOOK_ID) NULL};

size_t
abi_layout_c99 (const size_t **out, const char *const **out_ids)
{
   *out = layout;
   *out_ids = ids;
   return sizeof layout / sizeof layout[0];
}
