// proc-locks.h — the kernel's lock table (/proc/locks, and the `lock:` lines
// of /proc/PID/fdinfo/FD, which use the same format) parsed into records.
//
// Format, from lock_get_status() in the kernel's fs/locks.c:
//   ID: KIND QUALIFIER MODE PID MAJOR:MINOR:INODE START END
//   1: POSIX  ADVISORY  WRITE 4917 fe:00:10952962 0 EOF
//   2: OFDLCK ADVISORY  READ  -1 08:01:1234 100 199
//   3: FLOCK  ADVISORY  WRITE 812 00:2d:77 0 EOF
//   4: LEASE  BREAKING  READ 812 00:2d:77 0 EOF
//   4: -> POSIX  ADVISORY  WRITE 990 fe:00:10952962 0 EOF   (blocked waiter)
// MAJOR and MINOR are hex, INODE decimal. Waiters hold nothing and are skipped.

#pragma once

#include <glib.h>

typedef enum {
   MMFG_PROC_LOCK_POSIX = 0, // fcntl F_SETLK record lock ("POSIX")
   MMFG_PROC_LOCK_OFD,       // open-file-description lock ("OFDLCK")
   MMFG_PROC_LOCK_FLOCK,     // flock(2) ("FLOCK")
   MMFG_PROC_LOCK_LEASE,     // F_SETLEASE ("LEASE")
   MMFG_PROC_LOCK_DELEG,     // NFS delegation ("DELEG")
   MMFG_PROC_LOCK_ACCESS,    // mandatory-lock access (old kernels, "ACCESS")
   MMFG_PROC_LOCK_UNKNOWN,   // a kind the kernel itself calls "UNKNOWN"
} MmfgProcLockKind;

typedef enum {
   MMFG_PROC_LOCK_READ = 0,
   MMFG_PROC_LOCK_WRITE,
   MMFG_PROC_LOCK_UNLOCK, // a lease being broken down to nothing
} MmfgProcLockMode;

typedef struct {
   MmfgProcLockKind kind;
   MmfgProcLockMode mode;
   // A lease or delegation the kernel is breaking ("BREAKING").
   gboolean breaking;
   // The process that took the lock; -1 for OFD locks (the owner is an open
   // file description, found through /proc/PID/fdinfo), 0 when it lives in a
   // pid namespace this process cannot see.
   gint64 pid;
   guint major;
   guint minor;
   guint64 inode;
   guint64 start;
   // Last byte locked; G_MAXUINT64 for "EOF" (to the end of the file).
   guint64 end;
} MmfgProcLock;

// Parses `len` bytes of `text` (need not be NUL-terminated) in the format
// above. Returns an array of MmfgProcLock, in table order. Never fails: lines
// that do not parse (garbage, truncated, overlong, "*NOINODE*") are skipped
// and counted in `n_skipped` when it is not NULL; waiter lines ("->") are
// skipped without being counted.
GArray *mmfg_proc_locks_parse (const char *text, gsize len, guint *n_skipped);

// Parses one line (without its newline) into `out`. Returns FALSE for a line
// that is not a lock (a waiter, garbage). Leading whitespace is ignored.
gboolean mmfg_proc_locks_parse_line (const char *line, gsize len,
                                     MmfgProcLock *out);

// Adds to `into` each lock of `more` it does not hold yet (the ID column is
// not kept: it is a position, which shifts as other locks come and go).
// Rationale: reads of the table can each miss a lock (lock-probe-linux.c);
// their union misses it only when every one of them did.
void mmfg_proc_locks_union (GArray *into, const GArray *more);

// The kind as /proc/locks spells it, eg "OFDLCK".
const char *mmfg_proc_lock_kind_name (MmfgProcLockKind kind);
