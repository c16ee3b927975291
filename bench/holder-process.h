// holder-process.h — a real process holding real locks while the bench
// measures: tests/lock-holder (one lock, one file) or bench-many-locks (many
// files in one process). Both print "ready <pid>" once they hold their locks
// and release them when their stdin reaches EOF.

#pragma once

#include <glib.h>

typedef struct {
   GPid pid;
   int stdin_fd;   // closing it tells the holder to let go
} BenchHolder;

// Starts argv and waits for its "ready" line.
gboolean bench_holder_start (BenchHolder *h, const char *const *argv,
                             GError **error);

// Closes its stdin and waits for it to exit; a no-op on a holder never
// started.
void bench_holder_stop (BenchHolder *h);
