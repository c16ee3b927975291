// description-owners.h — who holds a lock that belongs to an open file
// description rather than to a process: OFD locks (pid -1 in the kernel's
// table), flock() locks and leases. For the last two the kernel's table names
// the process that took the lock, which may be gone while another process
// that inherited the description (`flock FILE sleep 600`: sleep) still holds
// it. Every process holding the description lists the lock in
// /proc/PID/fdinfo/FD as "lock:" lines, so finding them means reading every
// process's fdinfo — costly, so callers do it only when such a lock matters.

#pragma once

#include <glib.h>

#include "proc-locks.h"

typedef struct {
   MmfgProcLockKind kind; // OFD, FLOCK or LEASE
   gint64 pid;
   guint major;
   guint minor;
   guint64 inode;
} MmfgDescriptionOwner;

// Whether locks of `kind` belong to an open file description.
gboolean mmfg_description_owned (MmfgProcLockKind kind);

// Appends to `owners` (an array of MmfgDescriptionOwner) one entry for each
// OFD, flock or lease lock
// listed in `fdinfo_text`, the contents of one /proc/PID/fdinfo/FD of `pid`.
void mmfg_description_owners_parse_fdinfo (const char *fdinfo_text, gint64 pid,
                                           GArray *owners);

// Reads /proc/*/fdinfo/* under `proc_root` and returns a table from inode
// (guint64*, owned by the table) to a GArray of MmfgDescriptionOwner, one per
// (pid, device, inode), for the inodes in `inodes` (a set of guint64*).
// Processes and descriptors that vanish or may not be read are skipped.
GHashTable *mmfg_description_owners_scan (const char *proc_root,
                                          GHashTable *inodes);
