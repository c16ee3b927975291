// lock-snapshot-base.c — see lock-snapshot-base.h.

#include "lock-snapshot-base.h"

void
mmfg_lock_snapshot_base_init (MmfgLockSnapshotBase *base,
                              const MmfgSettings *settings, gint64 host_pid)
{
   base->host_pid = host_pid;
   base->taken_at = g_get_real_time () / G_USEC_PER_SEC;
   base->stale_after_s = settings ? settings->stale_after_s : 0;
   base->server.taken_at = base->taken_at;
   base->server.stale_after_s = base->stale_after_s;
}

void
mmfg_lock_snapshot_base_clear (MmfgLockSnapshotBase *base)
{
   mmfg_server_view_clear (&base->server);
}
