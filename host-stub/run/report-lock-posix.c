// report-lock-posix.c — a report file's lock on POSIX systems (see
// report-lock.h): a process-owned fcntl() write lock on the whole file.

#include "run/report-lock-platform.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct MhReportLock {
   int fd;
   char *created; // the path, when the lock created the file
};

MhReportLock *
mh_report_lock_take (const char *path, const char *option, gboolean can_wait,
                     GError **error)
{
   if (!mh_report_lock_applies (path))
      return NULL;
   gboolean created = FALSE, read_only = FALSE;
   int fd = open (path, O_RDWR | O_CLOEXEC | O_NOCTTY);
   if (fd < 0 && errno == ENOENT) {
      fd = open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
      created = fd >= 0;
   } else if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS)) {
      // A file this run may not write but may replace (its folder is
      // writable), or one whose writing fails later with its own message:
      // only asked whether another run holds it.
      fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
      read_only = fd >= 0;
   }
   if (fd < 0) {
      mh_report_lock_set_failed (error, path, option, errno);
      return NULL;
   }
   struct flock fl;
   memset (&fl, 0, sizeof fl);
   fl.l_type = F_WRLCK;
   fl.l_whence = SEEK_SET; // the whole file, however long it grows
   int busy = 0;
   if (read_only)
      busy = fcntl (fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
   else if (fcntl (fd, F_SETLK, &fl) != 0)
      // Not EAGAIN/EACCES: a file system without locks (ENOLCK, EINVAL),
      // and the run goes on unguarded rather than not at all.
      busy = (errno == EAGAIN || errno == EACCES) &&
             fcntl (fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
   if (busy) {
      close (fd);
      mh_report_lock_set_busy (error, path, option, can_wait, (long) fl.l_pid);
      return NULL;
   }
   MhReportLock *lock = g_new0 (MhReportLock, 1);
   lock->fd = fd;
   lock->created = created ? g_strdup (path) : NULL;
   return lock;
}

void
mh_report_lock_release (MhReportLock *lock, gboolean abandoned)
{
   if (lock == NULL)
      return;
   struct stat st;
   if (abandoned && lock->created != NULL && fstat (lock->fd, &st) == 0 &&
       st.st_size == 0)
      unlink (lock->created); // still ours: the lock is held until close
   close (lock->fd);
   g_free (lock->created);
   g_free (lock);
}
