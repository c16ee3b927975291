// mmf-copy-once.h — one attempt at a consistent copy of an MMF, the part of
// mmf-copy.h each platform does its own way: mmf-copy-posix.c (the kernel's
// lock table, F_OFD_GETLK, pread, fsync, rename) and mmf-copy-windows.c
// (share modes and byte-range locks as the wizard's own open meets them,
// ReadFile, FlushFileBuffers, MoveFileEx).

#pragma once

#include "mmf-copy.h"

typedef enum {
   MIG_TRY_DONE,     // copied, verified, renamed into place
   MIG_TRY_HELD,     // another process holds the source (report->holder)
   MIG_TRY_CHANGED,  // the source changed while it was read: try again
   MIG_TRY_FAILED,   // see error
} MigCopyTry;

// Copies `source` to a temporary file in `out_dir`, checks that nobody
// holds it and that it did not change, and renames the copy to `dest`.
// Adds to report->bytes and report->holder; the caller counts tries.
MigCopyTry mig_mmf_copy_once (const char *source, const char *out_dir,
                              const char *dest, MigCopyReport *report,
                              GError **error);
