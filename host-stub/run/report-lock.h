// report-lock.h — one migrate run per report file.
//
// --out's lock (out-lock.h) keeps two runs out of one folder, but two runs
// into two folders may still be given one --json or --events: both would
// write the same file in place, one report over the other. So a run also
// locks each report file that is a regular file (or new) for its whole
// life, before it empties or writes it; a second run naming it is refused
// at start (MH_HOST_ERROR_BUSY, exit 75), naming the first by its process
// id — and, for a JSON report, the start time the report gives — or waits
// with --wait-lock. A report written beside and renamed over its file
// (preflight's, explain's, migrate's --csv and --html) locks the file it
// replaces as well: renamed over a running migrate's report, that report
// would be lost, the run writing on into a file no longer there. Standard
// output, FIFOs and devices are not locked.
//
// POSIX: a process-owned fcntl() lock, so that the run's own descriptors on
// the same file never conflict with it and the refused run learns the
// holder's pid; closing any descriptor of the file drops it, which the run
// does only at its end. Windows: LockFileEx on a byte far beyond any
// report's end, so that the run's own writes are not held up by it.

#pragma once

#include <glib.h>

typedef struct MhReportLock MhReportLock;

// Locks `path` (given as `option`, e.g. "--json") for this run; NULL and
// no error for a path that is not a file to lock (standard output, a
// FIFO, a device). NULL with an error: MH_HOST_ERROR_BUSY naming the run
// that holds it (and --wait-lock, when `can_wait`), MH_HOST_ERROR_OUTPUT
// when it cannot be opened.
MhReportLock *mh_report_lock_take (const char *path, const char *option,
                                   gboolean can_wait, GError **error);

// Drops the lock. `abandoned`: the run ended before writing the file, and
// a file the lock created is removed again (the run leaves nothing). NULL
// is accepted.
void mh_report_lock_release (MhReportLock *lock, gboolean abandoned);
