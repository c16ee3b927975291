// out-lock-platform.h — the parts of out-lock.h each platform does its own
// way (out-lock-posix.c, out-lock-windows.c) and what they share
// (out-lock.c).

#pragma once

#include "run/out-lock.h"

// This process's id.
long mh_out_lock_pid (void);

// The holder line for a run started at `started`, with its newline.
char *mh_out_lock_line (const char *started);

// The errors of mh_out_lock_take().
void mh_out_lock_set_busy (GError **error, const char *out_dir);
void mh_out_lock_set_failed (GError **error, const char *out_dir, int errsv);
