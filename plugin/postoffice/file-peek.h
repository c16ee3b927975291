// file-peek.h — reading the first bytes of files without dropping a lock
// the host holds on them.
//
// Rationale: a plugin runs inside the host. Opening and closing a file the
// host has POSIX-locked silently drops the host's lock (fcntl(2)), so on
// POSIX systems every open happens under a descriptor table of its own (a
// thread's private table, or a child process: file-peek-posix.c). Windows
// locks belong to handles, and there the calling thread opens the file
// (file-peek-windows.c). Either way the file type is checked on the open
// file before reading, so a FIFO or device is never read.

#pragma once

#include <glib.h>

typedef enum {
   MMFG_PEEK_MAIL = 0,    // readable, does not start with "MMMD"
   MMFG_PEEK_SMAF,        // starts with "MMMD"
   MMFG_PEEK_EMPTY,       // zero bytes
   MMFG_PEEK_NOT_REGULAR, // not a regular file when opened
   MMFG_PEEK_FAILED,      // could not open or read: see errno value
} MmfgPeekResult;

// A lock the open file's own lock test saw (POSIX: F_OFD_GETLK for a write
// lock over the whole file, which conflicts with any POSIX or OFD lock of
// another owner). Rationale: the kernel's lock table is printed a page at a
// time and can tear while others take and drop locks (lock-probe-linux.c);
// this test asks about the one file and cannot.
typedef enum {
   MMFG_PEEK_LOCK_NONE = 0, // none seen, or not tested (Windows, a failure)
   MMFG_PEEK_LOCK_POSIX,    // a process's record lock: lock_pid is set
   MMFG_PEEK_LOCK_OFD,      // an open file description's: no pid
} MmfgPeekLock;

typedef struct {
   MmfgPeekResult result;
   int error_number;
   MmfgPeekLock lock;
   gint64 lock_pid; // for MMFG_PEEK_LOCK_POSIX, else 0
} MmfgPeek;

// Peeks at `n` files. POSIX: in threads with private descriptor tables
// where the kernel allows them, else in one child process, killed when it
// has not answered within 10 s. Windows: in the calling thread. Returns
// FALSE with an error when neither way could run or the child did not
// answer; `out[i]` then stays untouched.
gboolean mmfg_peek_files (const char *const *paths, gsize n, MmfgPeek *out,
                          GError **error);

// The two POSIX ways, each on its own, for tests.
gboolean mmfg_peek_files_in_threads (const char *const *paths, gsize n,
                                     MmfgPeek *out, GError **error);
gboolean mmfg_peek_files_in_child (const char *const *paths, gsize n,
                                   MmfgPeek *out, GError **error);
