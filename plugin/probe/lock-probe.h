// lock-probe.h — who holds a file, seen from outside, disturbing nobody.
//
// A snapshot is one read of every source of lock state (the kernel's lock
// table; smbstatus when Samba is in use), taken once per batch or once per
// call outside a batch. Querying it never opens the file in this process,
// never takes a lock, never breaks a lease. The Linux probe and a future
// Windows one both sit behind this header.

#pragma once

#include <glib.h>
#include <sys/types.h>

#include "findings.h"
#include "settings.h"

typedef struct MmfgLockSnapshot MmfgLockSnapshot;

// Reads the lock state of the machine now, for files under `postoffice`.
// Never fails: a source that cannot be read makes the snapshot "unknown"
// for the files it would have covered, with the reason. Thread-safe; the
// result is immutable and may be queried from many threads at once.
MmfgLockSnapshot *mmfg_lock_snapshot_take (const MmfgSettings *settings,
                                           const char *postoffice);
void mmfg_lock_snapshot_free (MmfgLockSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgLockSnapshot, mmfg_lock_snapshot_free)

// Fills `out` (known, unknown_reason, holders) for the file identified by
// `dev`/`ino` at local `path` (used to match Samba's share-mode entries).
// Holders of the calling process are marked is_host.
void mmfg_lock_snapshot_query (const MmfgLockSnapshot *snapshot, dev_t dev,
                               ino_t ino, const char *path,
                               MmfgLockFacts *out);

// True when the snapshot shows a lease or delegation on the file: opening it,
// even in another process, would start a lease break.
gboolean mmfg_lock_snapshot_has_lease (const MmfgLockSnapshot *snapshot,
                                       dev_t dev, ino_t ino);
