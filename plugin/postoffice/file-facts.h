// file-facts.h — what stands at a path, asked of the file system without
// opening the file: the one part of the post office checks that differs
// between Linux (lstat, statvfs) and Windows (file attributes). postoffice.c
// holds everything else, the same on both.

#pragma once

#include <glib.h>

#include "findings.h"

// Fills state, kind, error_number, dev, ino, size, mtime and ctime of `out`
// (not path) from what stands at `path`: MMFG_MMF_OK, _EMPTY, _MISSING,
// _NOT_REGULAR (with kind) or _UNREADABLE (with error_number). A symbolic
// link is followed once; a dangling one or a loop is "not regular".
void mmfg_file_facts_at (const char *path, MmfgMmfFacts *out);

// NULL when the folder `dir` can be written to, else why not (newly
// allocated), eg "... is on a read-only file system".
char *mmfg_folder_write_problem (const char *dir);

// What tells a folder's listing is still current: the folder itself and
// when its entries last changed (a file made, removed or renamed in it
// changes its modification time).
typedef struct {
   guint64 dev;
   guint64 ino;
   gint64 mtime_ns; // nanoseconds since the Unix epoch
} MmfgFolderStamp;

// FALSE when `dir` cannot be asked.
gboolean mmfg_folder_stamp (const char *dir, MmfgFolderStamp *out);
