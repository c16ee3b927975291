// abi-header-cpp17.cpp — mig-plugin.h compiles alone as C++17 with -Wall
// -Wextra -pedantic -Werror, and records the layout C++ gives it.
#include "mig-plugin.h"

#include "mig-hook-table.h"

#include "abi-header-layout.h"

namespace {
const size_t layout[] = {ABI_MEMBERS (ABI_MEMBER_LAYOUT)
                            ABI_STRUCTS (ABI_STRUCT_SIZE) ABI_CONSTANTS};
const char *const ids[] = {MIG_HOOK_TABLE (ABI_HOOK_ID) nullptr};

// A C++ host fills the structs the way C does.
static_assert (MIG_ABI_VERSION_MAJOR == 1, "C++ sees the ABI major");
} // namespace

extern "C" size_t
abi_layout_cpp17 (const size_t **out, const char *const **out_ids)
{
   *out = layout;
   *out_ids = ids;
   return sizeof layout / sizeof layout[0];
}
