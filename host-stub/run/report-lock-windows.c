// report-lock-windows.c — a report file's lock on Windows (see
// report-lock.h): LockFileEx on a byte far beyond any report's end, so
// that the run's own writes to the file are never held up by it; Windows
// drops it when the handle's process ends. Windows does not say who holds
// a lock: the refused run names the holder by the report's start time.

#include "run/report-lock-platform.h"

#include <glib/gstdio.h>
#include <windows.h>

#include <errno.h>

struct MhReportLock {
   HANDLE file;
   char *created; // the path, when the lock created the file
};

enum { LOCK_OFFSET_HIGH = 0x40000000 }; // 2^62: no report reaches it

MhReportLock *
mh_report_lock_take (const char *path, const char *option, gboolean can_wait,
                     GError **error)
{
   if (!mh_report_lock_applies (path))
      return NULL;
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (path, -1, NULL, NULL, NULL);
   if (wide == NULL) {
      mh_report_lock_set_failed (error, path, option, EINVAL);
      return NULL;
   }
   const DWORD share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
   HANDLE file = CreateFileW (wide, GENERIC_READ | GENERIC_WRITE, share, NULL,
                              OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
   gboolean created =
      file != INVALID_HANDLE_VALUE && GetLastError () != ERROR_ALREADY_EXISTS;
   if (file == INVALID_HANDLE_VALUE && GetLastError () == ERROR_ACCESS_DENIED)
      // A read-only file this run may still replace: locked through a
      // handle that only reads (LockFileEx takes either).
      file = CreateFileW (wide, GENERIC_READ, share, NULL, OPEN_EXISTING,
                          FILE_ATTRIBUTE_NORMAL, NULL);
   if (file == INVALID_HANDLE_VALUE) {
      mh_report_lock_set_failed (error, path, option,
                                 GetLastError () == ERROR_ACCESS_DENIED ? EACCES
                                                                        : EIO);
      return NULL;
   }
   OVERLAPPED at = {0};
   at.OffsetHigh = LOCK_OFFSET_HIGH;
   if (!LockFileEx (file, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY,
                    0, 1, 0, &at)) {
      DWORD code = GetLastError ();
      if (code == ERROR_LOCK_VIOLATION || code == ERROR_IO_PENDING) {
         CloseHandle (file);
         mh_report_lock_set_busy (error, path, option, can_wait, 0);
         return NULL;
      }
      // A file system without locks: the run goes on unguarded.
   }
   MhReportLock *lock = g_new0 (MhReportLock, 1);
   lock->file = file;
   lock->created = created ? g_strdup (path) : NULL;
   return lock;
}

void
mh_report_lock_release (MhReportLock *lock, gboolean abandoned)
{
   if (lock == NULL)
      return;
   LARGE_INTEGER size = {0};
   gboolean empty = GetFileSizeEx (lock->file, &size) && size.QuadPart == 0;
   CloseHandle (lock->file); // and the lock with it
   if (abandoned && lock->created != NULL && empty)
      g_remove (lock->created);
   g_free (lock->created);
   g_free (lock);
}
