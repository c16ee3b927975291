// mmf-copy-windows.c — one consistent copy of an MMF on Windows (see
// mmf-copy.h for the whole, mmf-copy-once.h for this part).
//
// The wizard's own open of a held MMF fails there in one of two ways, and
// this stand-in meets the same two:
// - an open for reading that lets others only read fails with
//   ERROR_SHARING_VIOLATION while another handle writes the file or denies
//   reading it (a running MS Mail client);
// - a read of the file's head fails with ERROR_LOCK_VIOLATION while another
//   handle holds a byte-range lock over it.
// That probe handle lives only for the check. The copy reads through a
// handle that shares reading, writing and deleting, so a client that opens
// the file meanwhile is not refused; the probe runs again after the copy,
// and the file's identity, size and write time are compared before and
// after. Nothing is written to the source, nothing locked.

#include "run/mmf-copy-once.h"

#include "display-text.h"
#include "host-error.h"
#include "run/crash-point.h"
#include "run/run-interrupt.h"

#include <glib/gi18n-lib.h>
#include <windows.h>

#include <errno.h>

// Bytes of the head a byte-range lock is looked for in: MS Mail's header
// record (as the plugin's probe does).
#define HEAD_BYTES 512

static void
set_windows_error (GError **error, const char *what, const char *path,
                   DWORD code)
{
   g_autofree char *shown = mh_display_path (path);
   g_autofree char *text = g_win32_error_message ((gint) code);
   g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                "cannot %s %s: %s (Windows error %lu)", what, shown, text,
                (unsigned long) code);
}

// A failed write into the output folder: the host's own failure.
static void
set_out_error (GError **error, const char *out_dir, const char *what,
               const char *file, DWORD code)
{
   int errsv = EIO;
   if (code == ERROR_DISK_FULL || code == ERROR_HANDLE_DISK_FULL)
      errsv = ENOSPC;
   else if (code == ERROR_ACCESS_DENIED || code == ERROR_WRITE_PROTECT)
      errsv = EACCES;
   mh_out_error (error, out_dir, what, file, errsv);
}

static gunichar2 *
wide_path (const char *path, GError **error)
{
   gunichar2 *wide = g_utf8_to_utf16 (path, -1, NULL, NULL, error);
   if (wide == NULL)
      g_prefix_error (error, "cannot use the path as a Windows path: ");
   return wide;
}

// What identifies one state of the file: volume, file index, size, time
// of the last write.
typedef struct {
   DWORD volume;
   DWORD index_high, index_low;
   DWORD size_high, size_low;
   FILETIME written;
} FileState;

static gboolean
state_of (HANDLE h, FileState *state)
{
   BY_HANDLE_FILE_INFORMATION info;
   if (!GetFileInformationByHandle (h, &info))
      return FALSE;
   *state = (FileState){info.dwVolumeSerialNumber, info.nFileIndexHigh,
                        info.nFileIndexLow,        info.nFileSizeHigh,
                        info.nFileSizeLow,         info.ftLastWriteTime};
   return TRUE;
}

static gboolean
same_state (const FileState *a, const FileState *b)
{
   return a->volume == b->volume && a->index_high == b->index_high &&
          a->index_low == b->index_low && a->size_high == b->size_high &&
          a->size_low == b->size_low &&
          a->written.dwHighDateTime == b->written.dwHighDateTime &&
          a->written.dwLowDateTime == b->written.dwLowDateTime;
}

static void
held (MhCopyReport *report, const char *kind)
{
   g_strlcpy (report->holder.kind, kind, sizeof report->holder.kind);
   report->holder.pid = -1; // Windows says that a handle holds it, not whose
}

// Opens `wide` the way the wizard would meet a holder, and reads its head.
// Fills *state when `state` is not NULL. DONE when nobody holds it.
static MhCopyTry
probe_held (const gunichar2 *wide, const char *path, MhCopyReport *report,
            FileState *state, GError **error)
{
   // FILE_FLAG_OPEN_REPARSE_POINT: a link is not followed (O_NOFOLLOW).
   HANDLE h =
      CreateFileW (wide, FILE_READ_DATA | FILE_READ_ATTRIBUTES, FILE_SHARE_READ,
                   NULL, OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT, NULL);
   if (h == INVALID_HANDLE_VALUE) {
      DWORD code = GetLastError ();
      if (code == ERROR_SHARING_VIOLATION) {
         held (report, "share-mode");
         return MH_TRY_HELD;
      }
      set_windows_error (error, "open", path, code);
      return MH_TRY_FAILED;
   }
   MhCopyTry result = MH_TRY_DONE;
   char head[HEAD_BYTES];
   DWORD got = 0;
   if (GetFileType (h) != FILE_TYPE_DISK) {
      g_autofree char *shown = mh_display_path (path);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   _ ("%s is not a regular file; mig-host copies regular MMFs "
                      "only: replace it by the user's real mail file"),
                   shown);
      result = MH_TRY_FAILED;
   } else if (!ReadFile (h, head, sizeof head, &got, NULL)) {
      DWORD code = GetLastError ();
      if (code == ERROR_LOCK_VIOLATION) {
         held (report, "byte-range");
         result = MH_TRY_HELD;
      } else {
         set_windows_error (error, "read", path, code);
         result = MH_TRY_FAILED;
      }
   } else if (state != NULL && !state_of (h, state)) {
      set_windows_error (error, "query", path, GetLastError ());
      result = MH_TRY_FAILED;
   }
   CloseHandle (h);
   return result;
}

static MhCopyTry
copy_bytes (HANDLE from, HANDLE to, const char *source, const char *out_dir,
            const char *temp, GChecksum *sum, MhCopyReport *report,
            GError **error)
{
   char buffer[64 * 1024];
   goffset total = 0;
   for (;;) {
      if (mh_interrupted ())
         return MH_TRY_INTERRUPTED;
      DWORD got = 0;
      if (!ReadFile (from, buffer, sizeof buffer, &got, NULL)) {
         DWORD code = GetLastError ();
         if (code == ERROR_LOCK_VIOLATION) {
            held (report, "byte-range");
            return MH_TRY_HELD;
         }
         set_windows_error (error, "read", source, code);
         return MH_TRY_FAILED;
      }
      if (got == 0)
         break;
      g_checksum_update (sum, (const guchar *) buffer, got);
      mh_crash_point ();
      DWORD written = 0;
      if (!WriteFile (to, buffer, got, &written, NULL) || written != got) {
         set_out_error (error, out_dir, "write", temp, GetLastError ());
         return MH_TRY_OUT_FAILED;
      }
      total += got;
   }
   mh_crash_point ();
   if (!FlushFileBuffers (to)) {
      set_out_error (error, out_dir, "sync", temp, GetLastError ());
      return MH_TRY_OUT_FAILED;
   }
   report->bytes = total;
   return MH_TRY_DONE;
}

// A new, empty temporary file beside the destination; NULL with `error`.
static HANDLE
create_temp (const char *out_dir, const char *dest, char **temp, GError **error)
{
   for (int attempt = 0; attempt < 16; attempt++) {
      g_autofree char *name =
         g_strdup_printf (".%s.%08x", dest, g_random_int ());
      g_autofree char *path = g_build_filename (out_dir, name, NULL);
      g_autofree gunichar2 *wide = wide_path (path, error);
      if (wide == NULL)
         return INVALID_HANDLE_VALUE;
      HANDLE h = CreateFileW (wide, GENERIC_WRITE, 0, NULL, CREATE_NEW,
                              FILE_ATTRIBUTE_NORMAL, NULL);
      if (h != INVALID_HANDLE_VALUE) {
         *temp = g_steal_pointer (&path);
         return h;
      }
      if (GetLastError () != ERROR_FILE_EXISTS) {
         set_out_error (error, out_dir, "create a copy", NULL, GetLastError ());
         return INVALID_HANDLE_VALUE;
      }
   }
   mh_out_error (error, out_dir, "create a copy", NULL, EEXIST);
   return INVALID_HANDLE_VALUE;
}

static gboolean
attributes_of (const char *path, WIN32_FILE_ATTRIBUTE_DATA *data)
{
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (path, -1, NULL, NULL, NULL);
   return wide != NULL &&
          GetFileAttributesExW (wide, GetFileExInfoStandard, data) &&
          !(data->dwFileAttributes &
            (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_DEVICE |
             FILE_ATTRIBUTE_REPARSE_POINT));
}

gboolean
mh_mmf_rename_into_place (const char *out_dir, const char *temp,
                          const char *final, gboolean *renamed, GError **error)
{
   g_autofree gunichar2 *from = wide_path (temp, error);
   g_autofree gunichar2 *to = from != NULL ? wide_path (final, error) : NULL;
   if (to == NULL)
      return FALSE;
   mh_crash_point ();
   if (!MoveFileExW (from, to,
                     MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
      set_out_error (error, out_dir, "rename into place", final,
                     GetLastError ());
      return FALSE;
   }
   *renamed = TRUE;
   mh_crash_point ();
   return TRUE;
}

gboolean
mh_mmf_source_state (const char *path, MhSourceState *state)
{
   WIN32_FILE_ATTRIBUTE_DATA data;
   if (!attributes_of (path, &data))
      return FALSE;
   memset (state, 0, sizeof *state);
   state->size = ((gint64) data.nFileSizeHigh << 32) | data.nFileSizeLow;
   state->mtime_ns = (((gint64) data.ftLastWriteTime.dwHighDateTime << 32) |
                      data.ftLastWriteTime.dwLowDateTime) *
                     100;
   return TRUE;
}

static void
remove_temp (const char *temp)
{
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (temp, -1, NULL, NULL, NULL);
   if (wide != NULL)
      DeleteFileW (wide);
}

MhCopyTry
mh_mmf_copy_once (const char *source, const char *out_dir, const char *dest,
                  const MhLandingHooks *hooks, MhCopyReport *report,
                  GError **error)
{
   g_autofree gunichar2 *wide = wide_path (source, error);
   if (wide == NULL)
      return MH_TRY_FAILED;
   // Before the copy: held as the wizard's open would find it?
   FileState before;
   MhCopyTry result = probe_held (wide, source, report, &before, error);
   if (result != MH_TRY_DONE)
      return result;

   HANDLE from = CreateFileW (
      wide, GENERIC_READ,
      FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
      OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_SEQUENTIAL_SCAN,
      NULL);
   if (from == INVALID_HANDLE_VALUE) {
      set_windows_error (error, "open", source, GetLastError ());
      return MH_TRY_FAILED;
   }
   FileState opened, after, after_path;
   if (!state_of (from, &opened) || !same_state (&before, &opened)) {
      CloseHandle (from);
      return MH_TRY_CHANGED;
   }
   g_autofree char *temp = NULL;
   mh_crash_point ();
   HANDLE to = create_temp (out_dir, dest, &temp, error);
   if (to == INVALID_HANDLE_VALUE) {
      CloseHandle (from);
      return MH_TRY_OUT_FAILED;
   }
   g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
   result = copy_bytes (from, to, source, out_dir, temp, sum, report, error);
   // The source's modification time, so that a later run can tell the copy
   // is current (mh_mmf_already_copied).
   if (result == MH_TRY_DONE &&
       !SetFileTime (to, NULL, NULL, &before.written)) {
      set_out_error (error, out_dir, "set the times of", temp, GetLastError ());
      result = MH_TRY_OUT_FAILED;
   }
   CloseHandle (to);
   if (result == MH_TRY_DONE)
      mh_mmf_copy_test_hook (source);
   // After the copy: held now, or changed meanwhile?
   // The path is looked at as well as the handle: a file renamed over the
   // source meanwhile is another file.
   if (result == MH_TRY_DONE)
      result = probe_held (wide, source, report, &after_path, error);
   if (result == MH_TRY_DONE &&
       (!state_of (from, &after) || !same_state (&before, &after) ||
        !same_state (&before, &after_path)))
      result = MH_TRY_CHANGED;
   CloseHandle (from);
   // The last moment to stop: after the rename the copy is whole.
   if (result == MH_TRY_DONE && mh_interrupted ())
      result = MH_TRY_INTERRUPTED;
   gboolean renamed = FALSE;
   if (result == MH_TRY_DONE) {
      MhSourceState state;
      if (!mh_mmf_source_state (source, &state))
         memset (&state, 0, sizeof state);
      result = mh_mmf_land (out_dir, dest, temp, hooks, sum, &state, report,
                            &renamed, error);
   }
   if (result != MH_TRY_DONE && !renamed)
      remove_temp (temp);
   return result;
}

gboolean
mh_mmf_already_copied (const char *source, const char *out_dir,
                       const char *dest_name)
{
   g_autofree char *dest = g_build_filename (out_dir, dest_name, NULL);
   WIN32_FILE_ATTRIBUTE_DATA s, d;
   return attributes_of (source, &s) && attributes_of (dest, &d) &&
          s.nFileSizeHigh == d.nFileSizeHigh &&
          s.nFileSizeLow == d.nFileSizeLow &&
          s.ftLastWriteTime.dwHighDateTime ==
             d.ftLastWriteTime.dwHighDateTime &&
          s.ftLastWriteTime.dwLowDateTime == d.ftLastWriteTime.dwLowDateTime;
}
