// file-peek-posix.c — the first bytes of files, read where no close() can
// hurt: file-peek.h on POSIX systems.
//
// A POSIX lock belongs to the process's descriptor table and goes with any
// close of the file in it (fcntl(2)). So the files are opened by threads that
// first give themselves a private descriptor table
// (close_range(CLOSE_RANGE_UNSHARE), Linux 5.9): their closes release only
// what that table owns, never the host's locks. Several such threads split
// the work across the CPUs.
//
// Where a private table cannot be had (an older kernel, a seccomp filter, an
// emulator), a child process does the reading instead: after fork() in a
// possibly multi-threaded host it calls only async-signal-safe functions
// (open, fstat, fcntl, read, close, write, _exit) on data prepared before the
// fork.
// Building needs close_range(2) declared (glibc 2.34 and later).

#include "file-peek.h"
#include "thread-split.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif

// A child that has not answered by then is killed; its files are "failed".
#define PEEK_TIMEOUT_MS 10000
#define FILES_PER_THREAD 512
#define MAX_THREADS 8

typedef struct {
   gint32 result;
   gint32 error_number;
   gint32 lock;     // MmfgPeekLock
   gint32 lock_pid; // a pid_t
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

// Asks the kernel whether another owner holds a lock on the open file, taking
// nothing. A lock held by this process (the host) conflicts too: the test
// runs as an open file description, not as the process.
static void
test_lock (int fd, PeekRecord *r)
{
#ifdef F_OFD_GETLK
   struct flock probe = {.l_type = F_WRLCK,
                         .l_whence = SEEK_SET,
                         .l_start = 0,
                         .l_len = 0,
                         .l_pid = 0};
   if (fcntl (fd, F_OFD_GETLK, &probe) != 0 || probe.l_type == F_UNLCK)
      return;
   r->lock = probe.l_pid > 0 ? MMFG_PEEK_LOCK_POSIX : MMFG_PEEK_LOCK_OFD;
   r->lock_pid = probe.l_pid > 0 ? probe.l_pid : 0;
#else
   (void) fd;
   (void) r;
#endif
}

// `path` relative to `dir_fd` (AT_FDCWD: as it is).
static PeekRecord
peek_one_at (int dir_fd, const char *path)
{
   PeekRecord r = {MMFG_PEEK_FAILED, 0, MMFG_PEEK_LOCK_NONE, 0};
   // O_NONBLOCK: should a FIFO appear between the parent's stat() and this
   // open, the open must not wait for a writer.
   int fd = openat (dir_fd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
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
      test_lock (fd, &r);
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

static PeekRecord
peek_one (const char *path)
{
   return peek_one_at (AT_FDCWD, path);
}

static MmfgPeek
peek_from_record (const PeekRecord *r)
{
   return (MmfgPeek){(MmfgPeekResult) r->result, r->error_number,
                     (MmfgPeekLock) r->lock, r->lock_pid};
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
mmfg_peek_files_in_child (const char *const *paths, gsize n, MmfgPeek *out,
                          GError **error)
{
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
      if (ok)
         out[i] = peek_from_record (&r);
   }
   close (fds[0]);
   if (!ok)
      kill (pid, SIGKILL);
   while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
      ;
   if (!ok)
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "the process checking MMF contents did not answer within "
                   "%d s (a hung file server?)",
                   PEEK_TIMEOUT_MS / 1000);
   return ok;
}

// Gives the calling thread a descriptor table of its own, with nothing in it.
static gboolean
take_private_fd_table (void)
{
   return close_range (0, ~0U, CLOSE_RANGE_UNSHARE) == 0;
}

static gpointer
probe_private_table (gpointer unused)
{
   (void) unused;
   return GINT_TO_POINTER (take_private_fd_table ());
}

// Whether threads here can have private descriptor tables: asked once, in a
// throwaway thread.
static gboolean
private_tables_work (void)
{
   static gsize answer = 0;
   if (g_once_init_enter (&answer)) {
      GThread *t =
         g_thread_try_new ("mmfg-peek-probe", probe_private_table, NULL, NULL);
      gboolean ok = t != NULL && GPOINTER_TO_INT (g_thread_join (t));
      g_once_init_leave (&answer, ok ? 1 : 2);
   }
   return answer == 1;
}

typedef struct {
   const char *const *paths;
   MmfgPeek *out;
   gsize first;
   gsize count;
   // Length of the folder all paths are in, with its separator; 0 when
   // they are not all in one.
   gsize dir_len;
} PeekSlice;

// The length of the folder part ("/po/MMF/") every one of `paths` shares,
// when each is that folder and a name without a separator; else 0.
static gsize
common_folder (const char *const *paths, gsize n)
{
   const char *last = n > 0 ? strrchr (paths[0], '/') : NULL;
   if (last == NULL || last == paths[0])
      return 0;
   gsize len = (gsize) (last - paths[0]) + 1;
   for (gsize i = 1; i < n; i++)
      if (strncmp (paths[i], paths[0], len) != 0 ||
          strchr (paths[i] + len, '/') != NULL)
         return 0;
   return len;
}

// Rationale: a thread opens the folder once in its own table and each file
// by name in it: at 10,000 MMFs, two threads took ~11 ms instead of ~15 ms
// walking every full path.
static int
open_folder (const PeekSlice *slice)
{
   if (slice->dir_len == 0 || slice->count == 0)
      return AT_FDCWD;
   g_autofree char *dir =
      g_strndup (slice->paths[slice->first], slice->dir_len);
   int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
   return fd >= 0 ? fd : AT_FDCWD;
}

static gpointer
peek_slice (gpointer data)
{
   PeekSlice *slice = data;
   gboolean private_table = take_private_fd_table ();
   int dir_fd = private_table ? open_folder (slice) : AT_FDCWD;
   gsize skip = dir_fd != AT_FDCWD ? slice->dir_len : 0;
   for (gsize i = slice->first; i < slice->first + slice->count; i++) {
      // Never open in the host's table: without a private one, say so.
      PeekRecord r =
         private_table
            ? peek_one_at (dir_fd, slice->paths[i] + skip)
            : (PeekRecord){MMFG_PEEK_FAILED, ENOSYS, MMFG_PEEK_LOCK_NONE, 0};
      slice->out[i] = peek_from_record (&r);
   }
   if (dir_fd != AT_FDCWD)
      close (dir_fd);
   return NULL;
}

// Reads in threads with private descriptor tables. Blocks as long as the
// reads do, as the stat() before them would on the same file system.
gboolean
mmfg_peek_files_in_threads (const char *const *paths, gsize n, MmfgPeek *out,
                            GError **error)
{
   gsize n_threads = mmfg_thread_split (n, FILES_PER_THREAD, MAX_THREADS);
   gsize per = (n + n_threads - 1) / n_threads;
   PeekSlice slices[MAX_THREADS];
   GThread *threads[MAX_THREADS] = {NULL};
   gsize dir_len = common_folder (paths, n);
   gboolean ok = TRUE;
   for (gsize t = 0; t < n_threads && ok; t++) {
      gsize first = MIN (t * per, n);
      slices[t] = (PeekSlice){paths, out, first, MIN (per, n - first), dir_len};
      threads[t] =
         g_thread_try_new ("mmfg-peek", peek_slice, &slices[t], error);
      ok = threads[t] != NULL;
   }
   for (gsize t = 0; t < n_threads; t++)
      if (threads[t] != NULL)
         g_thread_join (threads[t]);
   return ok;
}

gboolean
mmfg_peek_files (const char *const *paths, gsize n, MmfgPeek *out,
                 GError **error)
{
   if (n == 0)
      return TRUE;
   if (private_tables_work ())
      return mmfg_peek_files_in_threads (paths, n, out, error);
   return mmfg_peek_files_in_child (paths, n, out, error);
}
