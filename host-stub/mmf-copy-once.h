// mmf-copy-once.h — one attempt at a consistent copy of an MMF, the part of
// mmf-copy.h each platform does its own way: mmf-copy-posix.c (the kernel's
// lock table, F_OFD_GETLK, pread, fsync, rename) and mmf-copy-windows.c
// (share modes and byte-range locks as the wizard's own open meets them,
// ReadFile, FlushFileBuffers, MoveFileEx).

#pragma once

#include "mmf-copy.h"

typedef enum {
   MIG_TRY_DONE,         // copied, verified, renamed into place
   MIG_TRY_HELD,         // another process holds the source (report->holder)
   MIG_TRY_CHANGED,      // the source changed while it was read: try again
   MIG_TRY_FAILED,       // see error
   MIG_TRY_INTERRUPTED,  // the run was interrupted; the partial copy removed
} MigCopyTry;

// Copies `source` to a temporary file in `out_dir`, gives it the source's
// modification time, checks that nobody holds the source and that it did
// not change, and renames the copy to `dest`. Sets report->bytes and
// report->holder; the caller counts tries. Calls mig_mmf_copy_test_hook
// between the copy and the second look at the source.
MigCopyTry mig_mmf_copy_once (const char *source, const char *out_dir,
                              const char *dest, MigCopyReport *report,
                              GError **error);

// A seam for tests (mmf-copy.c): runs $MMFG_TEST_AFTER_COPY with the
// source's path, when it is set.
void mig_mmf_copy_test_hook (const char *source);
