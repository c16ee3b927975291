// out-lock-posix.c — the output folder's lock on POSIX systems (see
// out-lock.h): an OFD lock, which belongs to the open file, not the
// process, so no other descriptor's close() drops it; flock() where the
// system has no OFD locks.

#include "run/out-lock-platform.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

struct MhOutLock {
   int fd;
};

long
mh_out_lock_pid (void)
{
   return (long) getpid ();
}

// 0, or -1 with errno (EAGAIN/EWOULDBLOCK/EACCES: held by another).
static int
lock_now (int fd)
{
#ifdef F_OFD_SETLK
   struct flock fl;
   memset (&fl, 0, sizeof fl);
   fl.l_type = F_WRLCK;
   fl.l_whence = SEEK_SET; // the whole file
   if (fcntl (fd, F_OFD_SETLK, &fl) == 0)
      return 0;
   if (errno != EINVAL)
      return -1;
#endif
   return flock (fd, LOCK_EX | LOCK_NB);
}

static gboolean
is_busy (int errsv)
{
   return errsv == EAGAIN || errsv == EWOULDBLOCK || errsv == EACCES;
}

static gboolean
write_line (int fd, const char *line)
{
   size_t len = strlen (line);
   if (ftruncate (fd, 0) != 0)
      return FALSE;
   ssize_t n = pwrite (fd, line, len, 0);
   return n == (ssize_t) len && fdatasync (fd) == 0;
}

MhOutLock *
mh_out_lock_take (const char *out_dir, const char *started, GError **error)
{
   g_autofree char *path = g_build_filename (out_dir, MH_OUT_LOCK_NAME, NULL);
   int fd =
      open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW, 0644);
   if (fd < 0) {
      mh_out_lock_set_failed (error, out_dir, errno);
      return NULL;
   }
   if (lock_now (fd) != 0) {
      int saved = errno;
      close (fd);
      if (is_busy (saved))
         mh_out_lock_set_busy (error, out_dir);
      else
         mh_out_lock_set_failed (error, out_dir, saved);
      return NULL;
   }
   g_autofree char *line = mh_out_lock_line (started);
   if (!write_line (fd, line)) {
      int saved = errno != 0 ? errno : EIO;
      close (fd);
      mh_out_lock_set_failed (error, out_dir, saved);
      return NULL;
   }
   MhOutLock *lock = g_new0 (MhOutLock, 1);
   lock->fd = fd;
   return lock;
}

void
mh_out_lock_release (MhOutLock *lock)
{
   if (lock == NULL)
      return;
   // The holder line goes first, so that nobody is named who is gone.
   if (ftruncate (lock->fd, 0) != 0) {
      // Harmless: the next run overwrites it.
   }
   close (lock->fd); // drops the OFD lock (or flock) with the description
   g_free (lock);
}
