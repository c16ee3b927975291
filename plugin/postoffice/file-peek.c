// file-peek.c — the first bytes of files, read in a child process.
//
// The child has its own descriptor table: closing its descriptors cannot drop
// a POSIX lock the host holds (fcntl(2): locks belong to the process and go
// with any close of the file). After fork() in a possibly multi-threaded host
// the child calls only async-signal-safe functions (open, fstat, read, close,
// write, _exit) on data prepared before the fork.

#include "file-peek.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

// A child that has not answered by then is killed; its files are "failed".
#define PEEK_TIMEOUT_MS 10000

typedef struct {
   gint32 result;
   gint32 error_number;
} PeekRecord;

static void
write_all (int fd, const void *buf, size_t len)
{
   const char *p = buf;
   while (len > 0) {
      ssize_t n = write (fd, p, len);
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         _exit (1);
      p += n;
      len -= (size_t) n;
   }
}

static PeekRecord
peek_one (const char *path)
{
   PeekRecord r = {MMFG_PEEK_FAILED, 0};
   // O_NONBLOCK: should a FIFO appear between the parent's stat() and this
   // open, the open must not wait for a writer.
   int fd = open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
   if (fd < 0) {
      r.error_number = errno;
      return r;
   }
   struct stat st;
   if (fstat (fd, &st) != 0) {
      r.error_number = errno;
   } else if (!S_ISREG (st.st_mode)) {
      r.result = MMFG_PEEK_NOT_REGULAR;
   } else {
      char head[4];
      size_t got = 0;
      while (got < sizeof head) {
         ssize_t n = read (fd, head + got, sizeof head - got);
         if (n < 0 && errno == EINTR)
            continue;
         if (n < 0) {
            r.error_number = errno;
            got = (size_t) -1;
            break;
         }
         if (n == 0)
            break;
         got += (size_t) n;
      }
      if (got == (size_t) -1)
         r.result = MMFG_PEEK_FAILED;
      else if (got == 0)
         r.result = MMFG_PEEK_EMPTY;
      else if (got == 4 && memcmp (head, "MMMD", 4) == 0)
         r.result = MMFG_PEEK_SMAF;
      else
         r.result = MMFG_PEEK_MAIL;
   }
   close (fd);
   return r;
}

G_GNUC_NORETURN static void
child_main (int out_fd, const char *const *paths, gsize n)
{
   for (gsize i = 0; i < n; i++) {
      PeekRecord r = peek_one (paths[i]);
      write_all (out_fd, &r, sizeof r);
   }
   _exit (0);
}

// Reads `len` bytes from `fd`, giving up at `deadline` (monotonic µs).
static gboolean
read_until (int fd, void *buf, gsize len, gint64 deadline)
{
   char *p = buf;
   while (len > 0) {
      gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;
      if (left_ms <= 0)
         return FALSE;
      struct pollfd pfd = {.fd = fd, .events = POLLIN};
      int ready = poll (&pfd, 1, (int) MIN (left_ms, G_MAXINT));
      if (ready < 0 && errno == EINTR)
         continue;
      if (ready <= 0)
         return FALSE;
      ssize_t got = read (fd, p, len);
      if (got < 0 && errno == EINTR)
         continue;
      if (got <= 0)
         return FALSE;
      p += got;
      len -= (gsize) got;
   }
   return TRUE;
}

gboolean
mmfg_peek_files (const char *const *paths, gsize n, MmfgPeek *out,
                 GError **error)
{
   if (n == 0)
      return TRUE;
   int fds[2];
   if (pipe2 (fds, O_CLOEXEC) != 0) {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                   "cannot create a pipe to check MMF contents: %s",
                   g_strerror (e));
      return FALSE;
   }
   pid_t pid = fork ();
   if (pid < 0) {
      int e = errno;
      close (fds[0]);
      close (fds[1]);
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FORK,
                   "cannot start a process to check MMF contents: %s",
                   g_strerror (e));
      return FALSE;
   }
   if (pid == 0) {
      close (fds[0]);
      child_main (fds[1], paths, n);
   }
   close (fds[1]);

   // The parent reads while the child writes, so any number of files fits
   // through the pipe.
   gint64 deadline = g_get_monotonic_time () + PEEK_TIMEOUT_MS * 1000;
   gboolean ok = TRUE;
   for (gsize i = 0; i < n && ok; i++) {
      PeekRecord r;
      ok = read_until (fds[0], &r, sizeof r, deadline);
      if (ok) {
         out[i].result = (MmfgPeekResult) r.result;
         out[i].error_number = r.error_number;
      }
   }
   close (fds[0]);
   if (!ok)
      kill (pid, SIGKILL);
   while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
      ;
   if (!ok)
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "the process checking MMF contents did not answer within "
                   "%d s (a hung file server?)", PEEK_TIMEOUT_MS / 1000);
   return ok;
}
