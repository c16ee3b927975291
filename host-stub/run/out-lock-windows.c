// out-lock-windows.c — the output folder's lock on Windows (see
// out-lock.h): LockFileEx on a byte far beyond the holder line, so that a
// refused run can still read the line; Windows drops the lock when the
// handle's process ends.

#include "run/out-lock-platform.h"

#include <windows.h>

#include <errno.h>
#include <string.h>

struct MhOutLock {
   HANDLE file;
};

enum { LOCK_OFFSET_HIGH = 0x40000000 }; // 2^62: no line reaches it

long
mh_out_lock_pid (void)
{
   return (long) GetCurrentProcessId ();
}

static int
errno_of (DWORD code)
{
   switch (code) {
   case ERROR_ACCESS_DENIED:
   case ERROR_WRITE_PROTECT:
      return EACCES;
   case ERROR_DISK_FULL:
   case ERROR_HANDLE_DISK_FULL:
      return ENOSPC;
   case ERROR_PATH_NOT_FOUND:
   case ERROR_FILE_NOT_FOUND:
      return ENOENT;
   default:
      return EIO;
   }
}

static gboolean
write_line (HANDLE file, const char *line)
{
   LARGE_INTEGER zero = {0};
   DWORD written = 0;
   DWORD len = (DWORD) strlen (line);
   return SetFilePointerEx (file, zero, NULL, FILE_BEGIN) &&
          SetEndOfFile (file) && WriteFile (file, line, len, &written, NULL) &&
          written == len && FlushFileBuffers (file);
}

MhOutLock *
mh_out_lock_take (const char *out_dir, const char *started, GError **error)
{
   g_autofree char *path = g_build_filename (out_dir, MH_OUT_LOCK_NAME, NULL);
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (path, -1, NULL, NULL, NULL);
   if (wide == NULL) {
      mh_out_lock_set_failed (error, out_dir, EINVAL);
      return NULL;
   }
   HANDLE file =
      CreateFileW (wide, GENERIC_READ | GENERIC_WRITE,
                   FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                   OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
   if (file == INVALID_HANDLE_VALUE) {
      mh_out_lock_set_failed (error, out_dir, errno_of (GetLastError ()));
      return NULL;
   }
   OVERLAPPED at = {0};
   at.OffsetHigh = LOCK_OFFSET_HIGH;
   if (!LockFileEx (file, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY,
                    0, 1, 0, &at)) {
      DWORD code = GetLastError ();
      CloseHandle (file);
      if (code == ERROR_LOCK_VIOLATION || code == ERROR_IO_PENDING)
         mh_out_lock_set_busy (error, out_dir);
      else
         mh_out_lock_set_failed (error, out_dir, errno_of (code));
      return NULL;
   }
   g_autofree char *line = mh_out_lock_line (started);
   if (!write_line (file, line)) {
      int saved = errno_of (GetLastError ());
      CloseHandle (file);
      mh_out_lock_set_failed (error, out_dir, saved);
      return NULL;
   }
   MhOutLock *lock = g_new0 (MhOutLock, 1);
   lock->file = file;
   return lock;
}

void
mh_out_lock_release (MhOutLock *lock)
{
   if (lock == NULL)
      return;
   LARGE_INTEGER zero = {0};
   if (SetFilePointerEx (lock->file, zero, NULL, FILE_BEGIN))
      SetEndOfFile (lock->file);
   CloseHandle (lock->file); // and the lock with it
   g_free (lock);
}
