// output-file.h — what writing a report file safely means on each platform:
// output-file-posix.c and output-file-windows.c. report-output.c is the same
// everywhere and asks these for the parts that differ.

#pragma once

#include <glib.h>
#include <stdio.h>

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

// Writes `len` bytes of `buf` at `offset` of the regular file behind
// `stream` (whatever is buffered flushed first) in one write where the
// system allows, then cuts the file there: offset + len is its new end.
// 0, or -1 with errno set.
int mh_file_write_at (FILE *stream, gint64 offset, const char *buf, gsize len);

// Opens `path` to write in place (never replaced): created when missing
// (mode 0666 less the umask), emptied when `append` is FALSE, written at
// its end when TRUE. A stream with a buffer large enough for any one
// record, so that a flush is one write. NULL with errno set.
FILE *mh_file_open_in_place (const char *path, gboolean append);

// TRUE when the file behind `stream` is empty or ends with a newline.
gboolean mh_file_ends_with_newline (FILE *stream);
