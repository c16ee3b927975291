// lock-conflict.c — does someone else hold this file? (see lock-conflict.h)

#include "run/lock-conflict.h"

#include "host-error.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

// One line of /proc/locks, eg "1: POSIX  ADVISORY  WRITE 4917 fe:00:10952962
// 0 EOF". Blocked waiters ("1: -> POSIX ...") are skipped: they hold nothing.
static gboolean
parse_line (const char *line, MhLockConflict *lock, unsigned long long *ino)
{
   if (strstr (line, "->") != NULL)
      return FALSE;
   char kind[16];
   long pid = 0;
   unsigned major = 0, minor = 0;
   if (sscanf (line, "%*d: %15s %*s %*s %ld %x:%x:%llu", kind, &pid, &major,
               &minor, ino) != 5)
      return FALSE;
   g_strlcpy (lock->kind, kind, sizeof lock->kind);
   lock->pid = pid;
   return TRUE;
}

#define LOCK_TABLE_READS 3

// Looks for a lock on `ino` by another process in one read of /proc/locks.
static gboolean
find_in_one_read (ino_t ino, MhLockConflict *conflict, gboolean *found,
                  GError **error)
{
   g_autofree char *table = NULL;
   g_autoptr (GError) failure = NULL;
   if (!g_file_get_contents ("/proc/locks", &table, NULL, &failure)) {
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   _ ("cannot read /proc/locks: %s; mig-host cannot tell "
                      "whether a client holds the MMF (is /proc mounted?)"),
                   failure->message);
      return FALSE;
   }
   long self = (long) getpid ();
   g_auto (GStrv) lines = g_strsplit (table, "\n", -1);
   for (guint i = 0; !*found && lines[i] != NULL; i++) {
      MhLockConflict lock = {{0}, 0};
      unsigned long long line_ino = 0;
      // Matched on the inode alone: on btrfs and overlayfs the device in
      // /proc/locks can differ from st_dev. A lock on another file system's
      // file with the same inode costs a retry, never a damaged copy.
      if (parse_line (lines[i], &lock, &line_ino) &&
          line_ino == (unsigned long long) ino && lock.pid != self) {
         *conflict = lock;
         *found = TRUE;
      }
   }
   return TRUE;
}

// Rationale: the kernel prints /proc/locks a page at a time, letting go of
// the table between pages; a lock dropped from the part already read moves
// a later line across the page boundary unprinted, so one read, while
// others take and drop locks, can miss the very lock looked for. A read
// never invents one: the lock is looked for in LOCK_TABLE_READS reads, and
// missed only if every one of them missed it. (A record lock is also asked
// of the open file itself: mh_lock_probe_fd.)
gboolean
mh_lock_table_find (ino_t ino, MhLockConflict *conflict, gboolean *found,
                    GError **error)
{
   *found = FALSE;
   for (guint read = 0; read < LOCK_TABLE_READS && !*found; read++)
      if (!find_in_one_read (ino, conflict, found, error))
         return FALSE;
   return TRUE;
}

gboolean
mh_lock_probe_fd (int fd, MhLockConflict *conflict, gboolean *found,
                  GError **error)
{
   *found = FALSE;
   struct flock probe = {.l_type = F_WRLCK,
                         .l_whence = SEEK_SET,
                         .l_start = 0,
                         .l_len = 0,
                         .l_pid = 0};
   if (fcntl (fd, F_OFD_GETLK, &probe) != 0) {
      int saved = errno;
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   _ ("cannot probe the MMF's locks (F_OFD_GETLK): %s"),
                   g_strerror (saved));
      return FALSE;
   }
   if (probe.l_type == F_UNLCK)
      return TRUE;
   g_strlcpy (conflict->kind, "F_OFD_GETLK", sizeof conflict->kind);
   conflict->pid = probe.l_pid > 0 ? (long) probe.l_pid : -1;
   *found = TRUE;
   return TRUE;
}
