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
