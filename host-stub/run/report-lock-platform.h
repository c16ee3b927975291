// report-lock-platform.h — what report-lock-posix.c and
// report-lock-windows.c share (report-lock.c).

#pragma once

#include "run/report-lock.h"

// TRUE when `path` is a file to lock: not standard output or a descriptor,
// not an existing FIFO, device or folder.
gboolean mh_report_lock_applies (const char *path);

// The error for a report file held by another run; `pid` 0 when the
// system does not say.
void mh_report_lock_set_busy (GError **error, const char *path,
                              const char *option, gboolean can_wait, long pid);

// The error for a report file that cannot be opened to be locked.
void mh_report_lock_set_failed (GError **error, const char *path,
                                const char *option, int errsv);
