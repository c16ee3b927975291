// output-file-posix.c — output-file.h on POSIX systems.

#include "report/output-file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_SYMLINKS = 40 }; // as the kernel's own limit

char *
mh_file_final_target (const char *path)
{
   g_autofree char *current = g_strdup (path);
   for (int i = 0; i < MAX_SYMLINKS; i++) {
      struct stat st;
      if (lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
         return g_steal_pointer (&current);
      g_autoptr (GError) local = NULL;
      g_autofree char *link = g_file_read_link (current, &local);
      if (link == NULL)
         return NULL;
      if (!g_path_is_absolute (link)) {
         g_autofree char *dir = g_path_get_dirname (current);
         g_free (current);
         current = g_build_filename (dir, link, NULL);
      } else {
         g_free (current);
         current = g_steal_pointer (&link);
      }
   }
   errno = ELOOP;
   return NULL;
}

int
mh_file_dup (int fd)
{
   return fcntl (fd, F_DUPFD_CLOEXEC, 3);
}

int
mh_file_new_mode (void)
{
   mode_t mask = umask (0);
   umask (mask);
   return (int) (0666 & ~mask);
}

int
mh_file_set_mode (int fd, int mode)
{
   return fchmod (fd, (mode_t) mode);
}

const char *
mh_file_write_mode (void)
{
   return "w";
}

int
mh_file_sync (int fd)
{
   return fsync (fd);
}

void
mh_file_sync_dir (const char *path)
{
   g_autofree char *dir = g_path_get_dirname (path);
   int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
   if (fd >= 0) {
      fsync (fd);
      close (fd);
   }
}

int
mh_file_write_at (FILE *stream, gint64 offset, const char *buf, gsize len)
{
   if (fflush (stream) != 0)
      return -1;
   int fd = fileno (stream);
   for (gsize done = 0; done < len;) {
      ssize_t n = pwrite (fd, buf + done, len - done, (off_t) (offset + done));
      if (n < 0 && errno == EINTR)
         continue;
      if (n < 0)
         return -1;
      done += (gsize) n;
   }
   return ftruncate (fd, (off_t) (offset + len));
}

enum { IN_PLACE_BUFFER = 1 << 20 };

FILE *
mh_file_open_in_place (const char *path, gboolean append)
{
   int flags = O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY;
   flags |= append ? O_APPEND : O_TRUNC;
   int fd = open (path, flags, 0666);
   if (fd < 0)
      return NULL;
   FILE *stream = fdopen (fd, append ? "a+" : "w+");
   if (stream == NULL) {
      int saved = errno;
      close (fd);
      errno = saved;
      return NULL;
   }
   setvbuf (stream, NULL, _IOFBF, IN_PLACE_BUFFER);
   return stream;
}

gboolean
mh_file_ends_with_newline (FILE *stream)
{
   int fd = fileno (stream);
   struct stat st;
   if (fstat (fd, &st) != 0 || st.st_size == 0)
      return TRUE;
   char last = '\n';
   if (pread (fd, &last, 1, st.st_size - 1) != 1)
      return TRUE;
   return last == '\n';
}
