// output-file-windows.c — output-file.h on Windows: no descriptor paths,
// symlinks in the POSIX sense, FIFOs by path or file modes to keep; a path
// is a file, written beside and renamed over (g_rename replaces an existing
// file there).

#include "report/output-file.h"

#include <io.h>

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
