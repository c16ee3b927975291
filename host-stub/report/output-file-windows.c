// output-file-windows.c — output-file.h on Windows: no descriptor paths,
// symlinks in the POSIX sense, FIFOs by path or file modes to keep; a path
// is a file, written beside and renamed over (g_rename replaces an existing
// file there).

#include "report/output-file.h"

#include <glib/gstdio.h>

#include <fcntl.h>
#include <io.h>
#include <sys/stat.h>

char *
mh_file_final_target (const char *path)
{
   return g_strdup (path);
}

int
mh_file_dup (int fd)
{
   return _dup (fd);
}

int
mh_file_new_mode (void)
{
   return 0666;
}

int
mh_file_set_mode (int fd, int mode)
{
   (void) fd;
   (void) mode;
   return 0;
}

const char *
mh_file_write_mode (void)
{
   return "wb";
}

int
mh_file_sync (int fd)
{
   return _commit (fd);
}

void
mh_file_sync_dir (const char *path)
{
   (void) path; // NTFS makes the rename durable itself
}

int
mh_file_write_at (FILE *stream, gint64 offset, const char *buf, gsize len)
{
   if (fflush (stream) != 0 || _fseeki64 (stream, offset, SEEK_SET) != 0)
      return -1;
   if (fwrite (buf, 1, len, stream) != len || fflush (stream) != 0)
      return -1;
   return _chsize_s (_fileno (stream), offset + (gint64) len) == 0 ? 0 : -1;
}

enum { IN_PLACE_BUFFER = 1 << 20 };

FILE *
mh_file_open_in_place (const char *path, gboolean append)
{
   int flags = _O_RDWR | _O_CREAT | _O_BINARY | _O_NOINHERIT;
   flags |= append ? _O_APPEND : _O_TRUNC;
   int fd = g_open (path, flags, _S_IREAD | _S_IWRITE);
   if (fd < 0)
      return NULL;
   FILE *stream = _fdopen (fd, append ? "ab+" : "wb+");
   if (stream == NULL) {
      _close (fd);
      return NULL;
   }
   setvbuf (stream, NULL, _IOFBF, IN_PLACE_BUFFER);
   return stream;
}

gboolean
mh_file_ends_with_newline (FILE *stream)
{
   int fd = _fileno (stream);
   gint64 size = _lseeki64 (fd, 0, SEEK_END);
   if (size <= 0 || _lseeki64 (fd, size - 1, SEEK_SET) < 0)
      return TRUE;
   char last = '\n';
   gboolean ends = _read (fd, &last, 1) != 1 || last == '\n';
   _lseeki64 (fd, 0, SEEK_END);
   return ends;
}
