// mmf-copy-posix.c — one consistent copy of an MMF on Linux and other
// POSIX systems (see mmf-copy.h for the whole, mmf-copy-once.h for this
// part).

#include "run/mmf-copy-once.h"

#include "display-text.h"
#include "host-error.h"
#include "run/crash-point.h"
#include "run/run-interrupt.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static void
set_io_error (GError **error, const char *what, const char *path, int errsv)
{
   g_autofree char *shown = mh_display_path (path);
   g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT, "cannot %s %s: %s",
                what, shown, g_strerror (errsv));
}

static gboolean
same_file_state (const struct stat *a, const struct stat *b)
{
   return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
          a->st_size == b->st_size && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
          a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
          a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
          a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

// Opens the source read-only, never as a controlling terminal, never
// blocking (a FIFO swapped in after lstat), never through a symlink.
static int
open_source (const char *path)
{
   int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW;
   int fd = open (path, flags | O_NOATIME);
   // O_NOATIME is only allowed to the file's owner (or CAP_FOWNER).
   if (fd < 0 && errno == EPERM)
      fd = open (path, flags);
   return fd;
}

// Why copy_bytes stopped.
typedef enum {
   BYTES_DONE,
   BYTES_READ_FAILED,
   BYTES_OUT_FAILED,
   BYTES_STOPPED
} BytesEnd;

// Copies the bytes, summing them; the run being interrupted (or stopped)
// ends it: the caller removes the partial copy.
static BytesEnd
copy_bytes (int from, int to, const char *source, const char *out_dir,
            const char *temp, GChecksum *sum, goffset *bytes, GError **error)
{
   char buffer[64 * 1024];
   off_t offset = 0;
   for (;;) {
      if (mh_interrupted ())
         return BYTES_STOPPED;
      ssize_t n = pread (from, buffer, sizeof buffer, offset);
      if (n < 0 && errno == EINTR)
         continue;
      if (n < 0) {
         set_io_error (error, "read", source, errno);
         return BYTES_READ_FAILED;
      }
      if (n == 0)
         break;
      g_checksum_update (sum, (const guchar *) buffer, (gsize) n);
      mh_crash_point ();
      for (ssize_t done = 0; done < n;) {
         ssize_t w = write (to, buffer + done, (size_t) (n - done));
         if (w < 0 && errno == EINTR)
            continue;
         if (w < 0) {
            mh_out_error (error, out_dir, "write", temp, errno);
            return BYTES_OUT_FAILED;
         }
         done += w;
      }
      offset += n;
   }
   mh_crash_point ();
   if (fsync (to) != 0) {
      mh_out_error (error, out_dir, "sync", temp, errno);
      return BYTES_OUT_FAILED;
   }
   *bytes = offset;
   return BYTES_DONE;
}

// Makes the rename durable; 0 or an errno.
static int
sync_dir (const char *dir)
{
   int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
   if (fd < 0)
      return errno;
   int failed = fsync (fd) != 0 ? errno : 0;
   close (fd);
   // Some file systems cannot sync a folder: nothing lost there.
   return failed == EINVAL || failed == EBADF ? 0 : failed;
}

static void
state_of (const struct stat *st, MhSourceState *state)
{
   state->size = (gint64) st->st_size;
   state->mtime_ns =
      (gint64) st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
   state->ctime_ns =
      (gint64) st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
   state->ino = (guint64) st->st_ino;
}

gboolean
mh_mmf_source_state (const char *path, MhSourceState *state)
{
   struct stat st;
   if (lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
      return FALSE;
   state_of (&st, state);
   return TRUE;
}

// Sees whether anyone holds the source now: the lock table, and the open
// descriptor's probe when there is one.
static MhCopyTry
check_held (int fd, ino_t ino, MhCopyReport *report, GError **error)
{
   gboolean found = FALSE;
   if (!mh_lock_table_find (ino, &report->holder, &found, error))
      return MH_TRY_FAILED;
   if (!found && fd >= 0 &&
       !mh_lock_probe_fd (fd, &report->holder, &found, error))
      return MH_TRY_FAILED;
   return found ? MH_TRY_HELD : MH_TRY_DONE;
}

gboolean
mh_mmf_rename_into_place (const char *out_dir, const char *temp,
                          const char *final, gboolean *renamed, GError **error)
{
   mh_crash_point ();
   if (rename (temp, final) != 0) {
      mh_out_error (error, out_dir, "rename into place", final, errno);
      return FALSE;
   }
   *renamed = TRUE;
   int failed = sync_dir (out_dir);
   if (failed != 0) {
      mh_out_error (error, out_dir, "sync the folder after renaming", final,
                    failed);
      return FALSE;
   }
   mh_crash_point ();
   return TRUE;
}

MhCopyTry
mh_mmf_copy_once (const char *source, const char *out_dir, const char *dest,
                  const MhLandingHooks *hooks, MhCopyReport *report,
                  GError **error)
{
   struct stat before;
   if (lstat (source, &before) != 0) {
      set_io_error (error, "stat", source, errno);
      return MH_TRY_FAILED;
   }
   if (!S_ISREG (before.st_mode)) {
      g_autofree char *shown = mh_display_path (source);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   _ ("%s is not a regular file; mig-host copies regular MMFs "
                      "only: replace it by the user's real mail file"),
                   shown);
      return MH_TRY_FAILED;
   }
   // Before opening: an open would start breaking a write lease.
   MhCopyTry held = check_held (-1, before.st_ino, report, error);
   if (held != MH_TRY_DONE)
      return held;

   int fd = open_source (source);
   if (fd < 0) {
      set_io_error (error, "open", source, errno);
      return MH_TRY_FAILED;
   }
   struct stat opened;
   if (fstat (fd, &opened) != 0 || !same_file_state (&before, &opened)) {
      close (fd);
      return MH_TRY_CHANGED;
   }
   g_autofree char *temp_name = g_strconcat (".", dest, ".XXXXXX", NULL);
   g_autofree char *temp = g_build_filename (out_dir, temp_name, NULL);
   mh_crash_point ();
   int out = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0640);
   if (out < 0) {
      mh_out_error (error, out_dir, "create a copy", NULL, errno);
      close (fd);
      return MH_TRY_OUT_FAILED;
   }
   MhCopyTry result = MH_TRY_DONE;
   g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
   switch (
      copy_bytes (fd, out, source, out_dir, temp, sum, &report->bytes, error)) {
   case BYTES_DONE:
      break;
   case BYTES_READ_FAILED:
      result = MH_TRY_FAILED;
      break;
   case BYTES_OUT_FAILED:
      result = MH_TRY_OUT_FAILED;
      break;
   case BYTES_STOPPED:
      result = MH_TRY_INTERRUPTED;
      break;
   }
   // The source's times, so that a later run can tell the copy is current.
   struct timespec times[2] = {before.st_atim, before.st_mtim};
   if (result == MH_TRY_DONE && futimens (out, times) != 0) {
      mh_out_error (error, out_dir, "set the times of", temp, errno);
      result = MH_TRY_OUT_FAILED;
   }
   close (out);
   if (result == MH_TRY_DONE)
      mh_mmf_copy_test_hook (source);
   if (result == MH_TRY_DONE)
      result = check_held (fd, before.st_ino, report, error);
   struct stat after_fd, after_path;
   if (result == MH_TRY_DONE &&
       (fstat (fd, &after_fd) != 0 || lstat (source, &after_path) != 0 ||
        !same_file_state (&before, &after_fd) ||
        !same_file_state (&before, &after_path)))
      result = MH_TRY_CHANGED;
   // mig-host holds no POSIX locks on the source, so this close() drops
   // nobody's lock.
   close (fd);
   // The last moment to stop: after the rename the copy is whole.
   if (result == MH_TRY_DONE && mh_interrupted ())
      result = MH_TRY_INTERRUPTED;
   gboolean renamed = FALSE;
   if (result == MH_TRY_DONE) {
      MhSourceState state;
      state_of (&before, &state);
      result = mh_mmf_land (out_dir, dest, temp, hooks, sum, &state, report,
                            &renamed, error);
   }
   if (result != MH_TRY_DONE && !renamed)
      g_unlink (temp);
   return result;
}

gboolean
mh_mmf_already_copied (const char *source, const char *out_dir,
                       const char *dest_name)
{
   g_autofree char *dest = g_build_filename (out_dir, dest_name, NULL);
   struct stat s, d;
   return lstat (source, &s) == 0 && lstat (dest, &d) == 0 &&
          S_ISREG (s.st_mode) && S_ISREG (d.st_mode) &&
          s.st_size == d.st_size && s.st_mtim.tv_sec == d.st_mtim.tv_sec &&
          s.st_mtim.tv_nsec == d.st_mtim.tv_nsec;
}
