// lock-snapshot-base.h — what a lock snapshot holds on every platform, at
// the start of each probe's MmfgLockSnapshot: which process took it (its
// holds are the host's own), when, when a holder counts as stale, and the
// file server's view of a post office on another machine. For
// lock-probe-linux.c and lock-probe-windows.c only; callers see
// lock-probe.h.

#pragma once

#include <glib.h>

#include "server-view.h"
#include "settings.h"

typedef struct {
   gint64 host_pid;     // the process taking the snapshot: the host
   gint64 taken_at;     // Unix seconds
   guint stale_after_s; // 0: never call a holder stale for its age
   // A post office on a file server (server.where.network): where it is,
   // and what the server said. Filled by the probe that finds the server.
   MmfgServerView server;
} MmfgLockSnapshotBase;

// Starts `base` (zeroed) for a snapshot taken now by process `host_pid`
// under `settings` (may be NULL): the snapshot's clock and stale limit,
// which its server view shares.
void mmfg_lock_snapshot_base_init (MmfgLockSnapshotBase *base,
                                   const MmfgSettings *settings,
                                   gint64 host_pid);
void mmfg_lock_snapshot_base_clear (MmfgLockSnapshotBase *base);
