// lock-conflict.h — does someone else hold this file? mig-host's stand-in
// for the way the migration wizard's own open of an MMF fails.
//
// The wizard fails with 7007 when the MS Mail client holds the MMF open and
// locked. mig-host, standing in for it, treats any kernel lock on the file
// by another process as such a holder: POSIX, OFD, flock, lease and
// delegation entries of /proc/locks (matched by inode), and, once the file
// is open read-only, F_OFD_GETLK for a whole-file write lock, which
// conflicts with any POSIX or OFD lock of another owner.
//
// Rationale: the kernel's lock table is read *before* opening, because
// opening a file someone holds a write lease on starts a lease break (the
// client would be disturbed). F_OFD_GETLK is safe in mig-host's own process
// because mig-host holds no POSIX locks on MMFs, so no close() can drop one
// (the close() trap), and a GETLK takes nothing.
//
// Limit: SMB share modes (deny-write, deny-all opens through Samba) are
// invisible to the kernel, so this stand-in does not see them; the plugin
// does (smbstatus). The stand-in therefore under-reports Samba share modes,
// never over-reports them.

#pragma once

#include <glib.h>
#include <sys/types.h>

// The holder a copy met; on Windows only this type is used (mmf-copy-windows.c
// fills it), the two look-ups below are Linux's.
typedef struct {
   // "POSIX", "OFDLCK", "FLOCK", "LEASE", "DELEG", ... as the kernel names
   // it, or "F_OFD_GETLK" when only the open descriptor's probe saw it; on
   // Windows "share-mode" or "byte-range".
   char kind[16];
   // The holding process, -1 when the kernel does not say (OFD locks).
   long pid;
} MhLockConflict;

// Looks in /proc/locks for a lock on inode `ino` held by a process other
// than this one. Returns TRUE and fills `conflict` when there is one.
// FALSE with `error` set when the lock table cannot be read (the caller
// then cannot tell, and must not assume the file is free).
gboolean mh_lock_table_find (ino_t ino, MhLockConflict *conflict,
                             gboolean *found, GError **error);

// Probes the open descriptor `fd` (opened read-only, by this process) with
// F_OFD_GETLK for a write lock over the whole file. Sets *found when another
// owner holds a POSIX or OFD lock.
gboolean mh_lock_probe_fd (int fd, MhLockConflict *conflict, gboolean *found,
                           GError **error);
