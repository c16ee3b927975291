// mmf-copy-once.h — one attempt at a consistent copy of an MMF, the part of
// mmf-copy.h each platform does its own way: mmf-copy-posix.c (the kernel's
// lock table, F_OFD_GETLK, pread, fsync, rename) and mmf-copy-windows.c
// (share modes and byte-range locks as the wizard's own open meets them,
// ReadFile, FlushFileBuffers, MoveFileEx).

#pragma once

#include "run/mmf-copy.h"

typedef enum {
   MH_TRY_DONE,        // copied, verified, renamed into place
   MH_TRY_HELD,        // another process holds the source (report->holder)
   MH_TRY_CHANGED,     // the source changed while it was read: try again
   MH_TRY_FAILED,      // see error
   MH_TRY_INTERRUPTED, // the run was interrupted; the partial copy removed
   MH_TRY_OUT_FAILED,  // writing the output folder failed (see error)
} MhCopyTry;

// Copies `source` to a temporary file in `out_dir`, gives it the source's
// modification time, checks that nobody holds the source and that it did
// not change, and renames the copy to `dest`. Sets report->bytes and
// report->holder; the caller counts tries. Calls mh_mmf_copy_test_hook
// between the copy and the second look at the source.
MhCopyTry mh_mmf_copy_once (const char *source, const char *out_dir,
                            const char *dest, const MhLandingHooks *hooks,
                            MhCopyReport *report, GError **error);

// The landing told to `hooks` (either may be NULL): TRUE when there is
// nothing to tell or it was told.
gboolean mh_mmf_tell_landing (const MhLandingHooks *hooks, gboolean after,
                              const MhLanding *landing, GError **error);

// Renames the whole copy `temp` to `final` in `out_dir` and makes the
// rename durable (each platform its own way); *renamed is TRUE from the
// moment the copy has its final name. FALSE with an error naming the
// folder when writing it failed.
gboolean mh_mmf_rename_into_place (const char *out_dir, const char *temp,
                                   const char *final, gboolean *renamed,
                                   GError **error);

// Lands a verified copy: records its checksum (`sum`, of the bytes copied)
// in `report`, tells `hooks` it is about to land, renames `temp` to `dest`
// in `out_dir`, then tells them it landed. `source` is the source's state
// the copy was taken from. *renamed as mh_mmf_rename_into_place.
MhCopyTry mh_mmf_land (const char *out_dir, const char *dest, const char *temp,
                       const MhLandingHooks *hooks, GChecksum *sum,
                       const MhSourceState *source, MhCopyReport *report,
                       gboolean *renamed, GError **error);

// A seam for tests (mmf-copy.c): runs $MMFG_TEST_AFTER_COPY with the
// source's path, when it is set.
void mh_mmf_copy_test_hook (const char *source);
