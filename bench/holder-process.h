// holder-process.h — a real process holding real locks while the bench
// measures: tests/lock-holder (one lock, one file) or bench-many-locks (many
// files in one process). Both print "ready <pid>" once they hold their locks
// and release them when their stdin reaches EOF.

#pragma once

#include "bench-postoffice.h"

#include <glib.h>

typedef struct {
   GPid pid;
   int stdin_fd; // closing it tells the holder to let go
} BenchHolder;

// Starts argv and waits for its "ready" line.
gboolean bench_holder_start (BenchHolder *h, const char *const *argv,
                             GError **error);

// Closes its stdin and waits for it to exit; a no-op on a holder never
// started.
void bench_holder_stop (BenchHolder *h);

// The 1 % of `po`'s MMFs the tables hold (bench_postoffice_is_held), each
// by a `lock_holder` process with a POSIX write lock, as a running client
// holds its MMF. Appends them to `holders` (BenchHolder) and counts them in
// `held`. On failure the ones started stay in `holders`, for
// bench_holders_stop().
gboolean bench_holders_start_held (const char *lock_holder,
                                   const BenchPostoffice *po, GArray *holders,
                                   guint *held, GError **error);

// Stops every holder in `holders` and empties it.
void bench_holders_stop (GArray *holders);
