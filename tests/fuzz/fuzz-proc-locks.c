// fuzz-proc-locks.c — the kernel lock table parser (proc-locks.h) over any
// bytes: /proc/locks is read from a file system the plugin does not control
// (a container's, a FUSE mount's), and its lines feed the "who holds this
// MMF" answer.

#include "fuzz-target.h"

#include <glib.h>

#include "proc-locks.h"

static void
check_lock (const MmfgProcLock *lock)
{
   FUZZ_CHECK (lock->kind >= MMFG_PROC_LOCK_POSIX &&
               lock->kind <= MMFG_PROC_LOCK_UNKNOWN);
   FUZZ_CHECK (lock->mode >= MMFG_PROC_LOCK_READ &&
               lock->mode <= MMFG_PROC_LOCK_UNLOCK);
   FUZZ_CHECK (lock->pid >= -1 && lock->pid <= G_MAXINT32);
   FUZZ_CHECK (mmfg_proc_lock_kind_name (lock->kind) != NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
   const char *text = (const char *) data;

   // The whole input as a table: text need not be NUL-terminated.
   guint skipped = G_MAXUINT;
   g_autoptr (GArray) locks = mmfg_proc_locks_parse (text, size, &skipped);
   FUZZ_CHECK (skipped != G_MAXUINT);
   guint lines = 1;
   for (size_t i = 0; i < size; i++)
      lines += data[i] == '\n';
   // Every line is a lock, skipped, or a waiter/blank line: never more.
   FUZZ_CHECK (locks->len + skipped <= lines);
   for (guint i = 0; i < locks->len; i++)
      check_lock (&g_array_index (locks, MmfgProcLock, i));

   // The whole input as one line (an fdinfo "lock:" line is parsed so).
   MmfgProcLock one;
   if (mmfg_proc_locks_parse_line (text, size, &one))
      check_lock (&one);
   return 0;
}
