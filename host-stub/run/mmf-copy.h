// mmf-copy.h — migrating one MMF the way mig-host stands in for it: a
// consistent copy into the output folder (the stand-in for the Exchange
// store), never disturbing the client that may hold the source.
//
// The source is looked at with lstat() first (only regular files are
// opened: never a FIFO or a device), checked against the kernel's lock
// table, opened read-only without locks (O_NOATIME when permitted, so not
// even the access time moves), copied to a temporary file in the output
// folder, fsync()ed and renamed into place. Size, mtime, ctime and inode are
// compared before and after: a source that changed while it was read is
// copied again, up to a bound. A lock that appears during the copy fails the
// copy as a held file would.
//
// On Windows (mmf-copy-windows.c) "held" is what the wizard's own open meets
// there: a handle that writes or denies reading (an open sharing read only
// fails with a sharing violation), or a byte-range lock on the file's head;
// the copy itself reads through a handle that shares everything, so it
// stands in no client's way, and the rename is MoveFileEx's.

#pragma once

#include "run/lock-conflict.h"

#include <glib.h>

typedef enum {
   // Copied, verified and renamed into place.
   MH_COPY_DONE,
   // Another process holds a lock on the source (see `holder`).
   MH_COPY_HELD,
   // The source changed during every one of the copies allowed.
   MH_COPY_CHANGING,
   // The source is missing, not a regular file, unreadable, or the output
   // could not be written; `error` says which.
   MH_COPY_FAILED,
   // The run was interrupted (run-interrupt.h) before the copy was renamed
   // into place; the partial copy was removed.
   MH_COPY_INTERRUPTED,
} MhCopyStatus;

typedef struct {
   // How many copies were started (1 when the first one held).
   guint tries;
   // Bytes in the copy that was kept (DONE).
   goffset bytes;
   // The lock seen (HELD).
   MhLockConflict holder;
} MhCopyReport;

// The path of MMF/<hex_id>.MMF inside `postoffice`, matched ignoring case
// (a Linux file server may hold dir and file names in either case). NULL
// with an error naming the account's file when `hex_id` is not 8 hex digits
// or no such file exists.
char *mh_mmf_resolve (const char *postoffice, const char *hex_id,
                      GError **error);

// TRUE when `out_dir`/`dest_name` is a copy of `source` as it is now: a
// regular file of the same size and modification time (a copy is given the
// source's modification time when it is made; rsync's quick check).
gboolean mh_mmf_already_copied (const char *source, const char *out_dir,
                                const char *dest_name);

// Copies `source` to `out_dir`/`dest_name`, trying at most `max_tries`
// times while the source keeps changing. The copy gets the source's
// modification time.
MhCopyStatus mh_mmf_copy (const char *source, const char *out_dir,
                          const char *dest_name, guint max_tries,
                          MhCopyReport *report, GError **error);
