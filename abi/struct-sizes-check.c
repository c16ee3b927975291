// struct-sizes-check.c — the size of every struct of the ABI on each of the
// four ABIs abi/README.md lists ("Struct sizes"), proved at compile time
// for the one this file is compiled for. tests/check-struct-sizes.sh
// compiles it for all four and compares the table with the README's.

#include "mig-plugin.h"

// X (TYPE, SINCE, X86_64_SYSV, I386_SYSV, WIN64, WIN32): sizeof in bytes.
// 1.1 added mig_finding and changed no 1.0 struct.
#define MIG_STRUCT_SIZES(X)                                                    \
   X (mig_host, 1.0, 72, 44, 72, 44)                                           \
   X (mig_account, 1.0, 56, 40, 56, 40)                                        \
   X (mig_event, 1.0, 48, 32, 48, 32)                                          \
   X (mig_batch, 1.0, 24, 20, 24, 24)                                          \
   X (mig_answer, 1.0, 1104, 1100, 1104, 1104)                                 \
   X (mig_catalog_entry, 1.0, 304, 304, 304, 304)                              \
   X (mig_plugin_entry, 1.0, 72, 44, 72, 44)                                   \
   X (mig_finding, 1.1, 104, 104, 104, 104)

#if defined(_WIN64)
#define MIG_SIZE_COLUMN(a, b, c, d) c
#elif defined(_WIN32)
#define MIG_SIZE_COLUMN(a, b, c, d) d
#elif defined(__x86_64__) && defined(__LP64__)
#define MIG_SIZE_COLUMN(a, b, c, d) a
#elif defined(__i386__)
#define MIG_SIZE_COLUMN(a, b, c, d) b
#endif

#ifdef MIG_SIZE_COLUMN
#define MIG_SIZE_ASSERT(type, since, a, b, c, d)                               \
   _Static_assert(sizeof (type) == MIG_SIZE_COLUMN (a, b, c, d),               \
                  #type " has the size abi/README.md lists");
MIG_STRUCT_SIZES (MIG_SIZE_ASSERT)
#endif

// The two fields every major keeps in place (mig-plugin.h, the version
// promise), on every ABI.
#include <stddef.h>
#define MIG_KEPT_FIELD(type, field, offset)                                    \
   _Static_assert(offsetof (type, field) == (offset) &&                        \
                     sizeof (((type *) 0)->field) == 4,                        \
                  #type "." #field " stays a uint32_t at offset " #offset);
MIG_KEPT_FIELD (mig_plugin_entry, struct_size, 0)
MIG_KEPT_FIELD (mig_plugin_entry, abi_major, 4)
MIG_KEPT_FIELD (mig_host, struct_size, 0)
MIG_KEPT_FIELD (mig_host, abi_major, 4)

// ISO C wants a translation unit to declare something.
typedef int mig_struct_sizes_checked;
