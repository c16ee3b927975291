// lock-probe.h — who holds a file, seen from outside, taking no lock.
//
// A snapshot is one read of every source of lock state (on Linux the
// kernel's lock table — three reads together, as one read can tear —
// and smbstatus when Samba is in use; for a post office on another server,
// the file server's open-file list), taken once per batch or once per call
// outside a batch. Querying it never takes a lock and never breaks a lease.
// On Linux it never opens the file in this process either; Windows keeps no
// lock table to read, so there a query opens the file for reading data, for
// microseconds (lock-probe-windows.c says what that can and cannot
// disturb). The Linux probe (lock-probe-linux.c) and the Windows one
// (lock-probe-windows.c) both sit behind this header.

#pragma once

#include <glib.h>
#include <sys/types.h>

#include "file-server.h"
#include "findings.h"
#include "settings.h"

typedef struct MmfgLockSnapshot MmfgLockSnapshot;

// Reads the lock state now, for files under `postoffice`: this machine's
// when the post office is on a local file system; the file server's open
// files (through `servers`, which may be NULL) when it is on a network file
// system — or, when the server cannot be asked, "unknown" for every file,
// never "free". `file` (NULL for the whole post office) narrows the
// server's list to one file. Never fails: a source that cannot be read
// makes the snapshot "unknown" for the files it would have covered, with
// the reason. Thread-safe; the result is immutable and may be queried from
// many threads at once.
MmfgLockSnapshot *mmfg_lock_snapshot_take (const MmfgSettings *settings,
                                           MmfgFileServers *servers,
                                           const char *postoffice,
                                           const char *file);
void mmfg_lock_snapshot_free (MmfgLockSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgLockSnapshot, mmfg_lock_snapshot_free)

// Fills `out` (known, open_error, holders) for the file identified by
// `dev`/`ino` at local `path` (used to match Samba's share-mode entries).
// Holders of the calling process are marked is_host.
void mmfg_lock_snapshot_query (const MmfgLockSnapshot *snapshot, dev_t dev,
                               ino_t ino, const char *path, MmfgLockFacts *out);

// Adds to `out` (filled by the query above) the holder of a lock that the
// open file's own lock test saw (MmfgMmfFacts.tested_lock, pid), unless
// `out` names it already or is unknown anyway. Rationale: the kernel's lock
// table can tear while others take and drop locks, and a lock missing from
// it must never make a held file free.
void mmfg_lock_snapshot_add_tested_lock (const MmfgLockSnapshot *snapshot,
                                         int lock, gint64 pid,
                                         MmfgLockFacts *out);

// True when opening the file to read its first bytes could disturb a
// holder: the snapshot shows a lease or delegation on it (opening it, even
// in another process, would start a lease break), or the file is on a file
// server that lists it open or could not be asked (an open from another
// machine can break a client's oplock).
gboolean mmfg_lock_snapshot_open_disturbs (const MmfgLockSnapshot *snapshot,
                                           dev_t dev, ino_t ino,
                                           const char *path);

// TRUE when the snapshot is of a post office on a network file system:
// its queries then go by path to the file server's view, never by inode.
gboolean mmfg_lock_snapshot_on_network (const MmfgLockSnapshot *snapshot);

// The entries of `folder_name` (a folder right inside `postoffice`, such as
// its MMF folder) as the post office's file server lists them, when the
// post office is on a network file system whose server has a [file-server]
// (the same server the snapshot would ask): one directory enumeration in
// place of a stat per entry through the network file system. NULL with
// `*problem` NULL when there is no such server to ask (a local post office,
// none configured, Windows); NULL with why in `*problem` when it was asked
// and gave no listing.
MmfgServerFolder *mmfg_lock_probe_list_folder (const MmfgSettings *settings,
                                               MmfgFileServers *servers,
                                               const char *postoffice,
                                               const char *folder_name,
                                               char **problem);
