// file-peek.h — reading the first bytes of files without opening them in this
// process.
//
// Rationale: a plugin runs inside the host. Opening and closing a file the
// host has POSIX-locked silently drops the host's lock (fcntl(2)), so every
// open happens under a descriptor table of its own (a thread's private table,
// or a child process), and checks the file type on the open descriptor
// before reading, so a FIFO or device is never read.

#pragma once

#include <glib.h>

typedef enum {
   MMFG_PEEK_MAIL = 0,     // readable, does not start with "MMMD"
   MMFG_PEEK_SMAF,         // starts with "MMMD"
   MMFG_PEEK_EMPTY,        // zero bytes
   MMFG_PEEK_NOT_REGULAR,  // not a regular file when opened
   MMFG_PEEK_FAILED,       // could not open or read: see errno value
} MmfgPeekResult;

typedef struct {
   MmfgPeekResult result;
   int error_number;
} MmfgPeek;

// Peeks at `n` files: in threads with private descriptor tables where the
// kernel allows them, else in one child process. Returns FALSE with an error
// when neither could run; `out[i]` then stays untouched.
gboolean mmfg_peek_files (const char *const *paths, gsize n, MmfgPeek *out,
                          GError **error);

// The two ways, each on its own, for tests.
gboolean mmfg_peek_files_in_threads (const char *const *paths, gsize n,
                                     MmfgPeek *out, GError **error);
gboolean mmfg_peek_files_in_child (const char *const *paths, gsize n,
                                   MmfgPeek *out, GError **error);
