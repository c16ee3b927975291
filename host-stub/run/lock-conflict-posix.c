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

#define LOCK_TABLE_READS 8

// /proc/locks, read until two reads in a row are the same text. Rationale:
// the kernel prints the table a page at a time, letting go of it between
// pages; a lock dropped from the part already read moves a later line across
// the page boundary unprinted, so one read, while others take and drop locks,
// can miss the very lock looked for.
static char *
read_settled_lock_table (GError **error)
{
   g_autofree char *previous = NULL;
   for (guint attempt = 0; attempt < LOCK_TABLE_READS; attempt++) {
      g_autoptr (GError) failure = NULL;
      char *text = NULL;
      if (!g_file_get_contents ("/proc/locks", &text, NULL, &failure)) {
         g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                      _ ("cannot read /proc/locks: %s; mig-host cannot tell "
                         "whether a client holds the MMF (is /proc mounted?)"),
                      failure->message);
         return NULL;
      }
      if (previous != NULL && strcmp (previous, text) == 0)
         return text;
      g_free (previous);
      previous = text;
   }
   g_set_error (
      error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
      _ ("/proc/locks changed during each of %u reads (other programs "
         "were taking and dropping locks all the while); mig-host "
         "cannot tell whether a client holds the MMF: migrate it again "
         "when the machine is quieter"),
      LOCK_TABLE_READS);
   return NULL;
}

gboolean
mh_lock_table_find (ino_t ino, MhLockConflict *conflict, gboolean *found,
                    GError **error)
{
   *found = FALSE;
   g_autofree char *table = read_settled_lock_table (error);
   if (table == NULL)
      return FALSE;
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
