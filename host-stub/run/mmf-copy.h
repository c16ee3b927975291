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
   // Writing the output folder failed (a full disk, a read-only or failing
   // file system, the journal not written): the host's own failure, not
   // the account's; `error` (MH_HOST_ERROR_OUTPUT_MIDWAY) names the folder.
   MH_COPY_OUT_FAILED,
} MhCopyStatus;

// What a source was when it was copied. A later run takes a copy for
// current only while its source is still so and the copy still holds the
// bytes it landed with (run-journal.h).
typedef struct {
   gint64 size;
   gint64 mtime_ns;
   gint64 ctime_ns; // the change time, which no utime() can set back;
                    // 0 on Windows
   guint64 ino;     // 0 on Windows
} MhSourceState;

// The state of `path` now; FALSE when it cannot be looked at.
gboolean mh_mmf_source_state (const char *path, MhSourceState *state);
gboolean mh_source_state_equal (const MhSourceState *a, const MhSourceState *b);

// A copy about to land, or landed: told to the journal.
typedef struct {
   const char *dest; // its name in the output folder ("00000A01.MMF")
   const char *temp; // the temporary file's name there
   goffset bytes;
   const char *sha256; // of the bytes copied, lower-case hex
   MhSourceState source;
} MhLanding;

// Called with a whole, synced copy: `before_rename` just before it is
// renamed into place, `after_rename` once the rename is durable. FALSE
// (with an error, MH_HOST_ERROR_OUTPUT_MIDWAY) stops the copy: before the
// rename, the copy is removed and never lands. Either may be NULL.
typedef struct {
   gboolean (*before_rename) (const MhLanding *landing, gpointer data,
                              GError **error);
   gboolean (*after_rename) (const MhLanding *landing, gpointer data,
                             GError **error);
   gpointer data;
} MhLandingHooks;

typedef struct {
   // How many copies were started (1 when the first one held).
   guint tries;
   // Bytes in the copy that was kept (DONE).
   goffset bytes;
   // The lock seen (HELD).
   MhLockConflict holder;
   // The kept copy's SHA-256, lower-case hex (DONE).
   char sha256[65];
} MhCopyReport;

// TRUE when `out_dir`/`dest_name` may be a copy of `source` as it is now:
// a regular file of the same size and modification time (a copy is given
// the source's modification time when it is made; rsync's quick check).
// Only a first look: the same bytes are established by the checksum the
// journal recorded when the copy landed (account-migration.c).
gboolean mh_mmf_already_copied (const char *source, const char *out_dir,
                                const char *dest_name);

// Copies `source` to `out_dir`/`dest_name`, trying at most `max_tries`
// times while the source keeps changing. The copy gets the source's
// modification time; `hooks` (may be NULL) are told before and after it
// lands.
MhCopyStatus mh_mmf_copy (const char *source, const char *out_dir,
                          const char *dest_name, guint max_tries,
                          const MhLandingHooks *hooks, MhCopyReport *report,
                          GError **error);

// The SHA-256 of the file at `path`, lower-case hex; NULL with an error.
char *mh_file_sha256 (const char *path, GError **error);

// The error of a failed write into the output folder `out_dir`
// (MH_HOST_ERROR_OUTPUT_MIDWAY): names the folder, what failed and why.
void mh_out_error (GError **error, const char *out_dir, const char *what,
                   const char *file, int errsv);
