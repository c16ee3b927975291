// preflight-pass.h — one pre-flight of a whole post office through the ABI,
// in this process, as a host runs it: batch-begin, pre-migrate for every
// account, batch-end. This is the figure compared with the 1.5× target.

#pragma once

#include "bench-postoffice.h"
#include "bench-plugin.h"

typedef struct {
   double begin_s;    // batch-begin: lock snapshot, MMF folder, peeks
   double accounts_s; // every pre-migrate call
   double end_s;      // batch-end: the snapshot freed
   double total_s;
   guint proceed, defer, block, other;
} BenchPass;

// Runs one pass with batch id `batch_id` (non-zero, not open). Returns FALSE
// when a hook failed outright.
gboolean bench_preflight_pass (const BenchPlugin *p, const BenchPostoffice *po,
                               guint64 batch_id, BenchPass *out,
                               GError **error);
