// ofd-owners.h — who owns an OFD lock. The kernel's lock table shows OFD locks
// with pid -1: they belong to an open file description, not a process. The
// processes holding that description list the lock in /proc/PID/fdinfo/FD as
// "lock:" lines, so finding them means reading every process's fdinfo —
// costly, so callers do it only when an OFD lock matters.

#pragma once

#include <glib.h>

typedef struct {
   gint64 pid;
   guint major;
   guint minor;
   guint64 inode;
} MmfgOfdOwner;

// Appends to `owners` (an array of MmfgOfdOwner) one entry for each OFD lock
// listed in `fdinfo_text`, the contents of one /proc/PID/fdinfo/FD of `pid`.
void mmfg_ofd_owners_parse_fdinfo (const char *fdinfo_text, gint64 pid,
                                   GArray *owners);

// Reads /proc/*/fdinfo/* under `proc_root` and returns a table from inode
// (guint64*, owned by the table) to a GArray of MmfgOfdOwner, one per
// (pid, device, inode), for the inodes in `inodes` (a set of guint64*).
// Processes and descriptors that vanish or may not be read are skipped.
GHashTable *mmfg_ofd_owners_scan (const char *proc_root, GHashTable *inodes);
