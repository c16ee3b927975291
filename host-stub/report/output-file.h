// output-file.h — what writing a report file safely means on each platform:
// output-file-posix.c and output-file-windows.c. report-output.c is the same
// everywhere and asks these for the parts that differ.

#pragma once

#include <glib.h>

// Follows symlinks from `path` to the file finally named (which need not
// exist). NULL with errno set on a loop or a failed readlink. Windows: a
// copy of `path` (no symlinks in the POSIX sense).
char *mh_file_final_target (const char *path);

// A new descriptor for the open file `fd` (close-on-exec where there is
// such a flag), or -1 with errno set.
int mh_file_dup (int fd);

// The mode a new file gets (0666 less the umask; 0666 on Windows).
int mh_file_new_mode (void);

// Gives the open file `fd` the mode `mode`; 0 or -1 with errno set. Windows
// keeps no such modes: always 0.
int mh_file_set_mode (int fd, int mode);

// The fdopen() mode for writing a report: text is written as it is
// ("wb" on Windows, which would otherwise turn \n into \r\n).
const char *mh_file_write_mode (void);

// Makes what was written to `fd` durable; 0 or -1 with errno set.
int mh_file_sync (int fd);

// Makes a rename in the folder of `path` durable (NTFS does it itself).
void mh_file_sync_dir (const char *path);
