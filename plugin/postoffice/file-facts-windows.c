// file-facts-windows.c — what stands at a path, from its file attributes,
// and whether a folder is writable. Nothing is opened: attributes come from
// the directory entry, so a file held deny-all still answers.
//
// Windows has no inode the lock probe could match: dev and ino stay 0 and
// the Windows lock probe goes by path (lock-probe-windows.c).

#include "file-facts.h"

#include <errno.h>
#include <windows.h>

// FILETIME counts 100 ns intervals since 1601-01-01.
static gint64
unix_seconds (FILETIME t)
{
   guint64 ticks = ((guint64) t.dwHighDateTime << 32) | t.dwLowDateTime;
   return (gint64) (ticks / 10000000u) - G_GINT64_CONSTANT (11644473600);
}

static int
errno_of (DWORD error)
{
   switch (error) {
   case ERROR_FILE_NOT_FOUND:
   case ERROR_PATH_NOT_FOUND:
   case ERROR_INVALID_NAME:
   case ERROR_BAD_NETPATH:
   case ERROR_BAD_NET_NAME:
      return ENOENT;
   case ERROR_ACCESS_DENIED:
      return EACCES;
   default:
      return EIO;
   }
}

void
mmfg_file_facts_at (const char *path, MmfgMmfFacts *out)
{
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (path, -1, NULL, NULL, NULL);
   WIN32_FILE_ATTRIBUTE_DATA data;
   if (wide == NULL) {
      out->state = MMFG_MMF_UNREADABLE;
      out->error_number = EINVAL;
      return;
   }
   if (!GetFileAttributesExW (wide, GetFileExInfoStandard, &data)) {
      out->error_number = errno_of (GetLastError ());
      out->state =
         out->error_number == ENOENT ? MMFG_MMF_MISSING : MMFG_MMF_UNREADABLE;
      return;
   }
   out->size = ((gint64) data.nFileSizeHigh << 32) | data.nFileSizeLow;
   out->mtime = unix_seconds (data.ftLastWriteTime);
   // Windows keeps no inode change time in the directory entry; the last
   // write is the nearest thing to it.
   out->ctime = out->mtime;
   if (data.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) {
      // A symbolic link or junction: what would be read is another file.
      // Where it points is not read here (that would open it).
      out->state = MMFG_MMF_SYMLINK;
      out->link_target = g_strdup ("?");
   } else if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
      out->state = MMFG_MMF_NOT_REGULAR;
      out->kind = "directory";
   } else if (data.dwFileAttributes & FILE_ATTRIBUTE_DEVICE) {
      out->state = MMFG_MMF_NOT_REGULAR;
      out->kind = "character special file";
   } else {
      out->state = out->size == 0 ? MMFG_MMF_EMPTY : MMFG_MMF_OK;
   }
}

char *
mmfg_folder_write_problem (const char *dir)
{
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (dir, -1, NULL, NULL, NULL);
   DWORD attributes =
      wide ? GetFileAttributesW (wide) : INVALID_FILE_ATTRIBUTES;
   if (attributes == INVALID_FILE_ATTRIBUTES)
      return g_strdup_printf ("%s: %s", dir,
                              g_strerror (errno_of (GetLastError ())));
   // The read-only attribute on a folder means nothing to the file system
   // (Explorer uses it to mark special folders); a read-only volume or
   // share does. Rationale: the folder's ACL is not evaluated — finding out
   // by creating a file would write to the post office, which the plugin
   // never does.
   wchar_t volume[MAX_PATH + 1];
   DWORD flags = 0;
   if (GetVolumePathNameW (wide, volume, G_N_ELEMENTS (volume)) &&
       GetVolumeInformationW (volume, NULL, 0, NULL, NULL, &flags, NULL, 0) &&
       (flags & FILE_READ_ONLY_VOLUME))
      return g_strdup_printf ("%s: %s", dir, g_strerror (EROFS));
   return NULL;
}

gboolean
mmfg_folder_stamp (const char *dir, MmfgFolderStamp *out)
{
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (dir, -1, NULL, NULL, NULL);
   WIN32_FILE_ATTRIBUTE_DATA data;
   if (wide == NULL ||
       !GetFileAttributesExW ((LPCWSTR) wide, GetFileExInfoStandard, &data))
      return FALSE;
   // No inode: the folder is known by its path (the listing keeps it).
   out->dev = out->ino = 0;
   guint64 t = ((guint64) data.ftLastWriteTime.dwHighDateTime << 32) |
               data.ftLastWriteTime.dwLowDateTime;
   // 100 ns ticks since 1601 -> ns since 1970.
   out->mtime_ns = ((gint64) t - G_GINT64_CONSTANT (116444736000000000)) * 100;
   return TRUE;
}
