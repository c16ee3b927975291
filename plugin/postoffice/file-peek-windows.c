// file-peek-windows.c — reading the first bytes of files on Windows.
//
// Rationale: on Linux the peek runs under a private descriptor table because
// closing any descriptor of a file drops the process's POSIX locks on it
// (file-peek-posix.c). Windows has no such trap: a handle's byte-range locks
// and share mode belong to that handle alone, so opening and closing another
// handle in the host's process leaves the host's own opens and locks alone.
// The peek opens for read data sharing everything (it never stands in a
// client's way), checks that it got a disk file before reading (never a
// pipe or a device), and reads four bytes.

#include "file-peek.h"

#include <errno.h>
#include <string.h>
#include <windows.h>

static void
peek_one (const char *path, MmfgPeek *out)
{
   memset (out, 0, sizeof *out);
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (path, -1, NULL, NULL, NULL);
   if (wide == NULL) {
      out->result = MMFG_PEEK_FAILED;
      out->error_number = EINVAL;
      return;
   }
   HANDLE h =
      CreateFileW (wide, FILE_READ_DATA,
                   FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                   OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, NULL);
   if (h == INVALID_HANDLE_VALUE) {
      DWORD error = GetLastError ();
      // Held deny-all (share mode 0), the way a running client holds its
      // mail file: the head cannot be read, and the lock probe reports the
      // holder; the file is taken as mail, as on the locked-head path below.
      if (error == ERROR_SHARING_VIOLATION) {
         out->result = MMFG_PEEK_MAIL;
         return;
      }
      out->result = MMFG_PEEK_FAILED;
      out->error_number = error == ERROR_ACCESS_DENIED    ? EACCES
                          : error == ERROR_FILE_NOT_FOUND ? ENOENT
                                                          : EIO;
      return;
   }
   if (GetFileType (h) != FILE_TYPE_DISK) {
      out->result = MMFG_PEEK_NOT_REGULAR;
      CloseHandle (h);
      return;
   }
   char head[4];
   DWORD got = 0;
   BOOL ok = ReadFile (h, head, sizeof head, &got, NULL);
   DWORD error = ok ? ERROR_SUCCESS : GetLastError ();
   CloseHandle (h);
   if (!ok && error != ERROR_LOCK_VIOLATION) {
      out->result = MMFG_PEEK_FAILED;
      out->error_number = EIO;
   } else if (!ok) {
      // The head is locked by a client: it is in use, and being locked the
      // way a mail client locks it, it is mail.
      out->result = MMFG_PEEK_MAIL;
   } else if (got == 0) {
      out->result = MMFG_PEEK_EMPTY;
   } else {
      out->result = got == 4 && memcmp (head, "MMMD", 4) == 0 ? MMFG_PEEK_SMAF
                                                              : MMFG_PEEK_MAIL;
   }
}

gboolean
mmfg_peek_files (const char *const *paths, gsize n, MmfgPeek *out,
                 GError **error)
{
   (void) error; // opening in this process cannot fail as a whole
   for (gsize i = 0; i < n; i++)
      peek_one (paths[i], &out[i]);
   return TRUE;
}
