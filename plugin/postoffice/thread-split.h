// thread-split.h — how many threads share a pass over a post office's
// files: one per CPU, no more than `max`, and none that would get fewer
// than `at_least` files (below that a thread costs more than it saves).

#pragma once

#include <glib.h>

static inline gsize
mmfg_thread_split (gsize n_files, gsize at_least, gsize max)
{
   gsize cpus = (gsize) MAX (g_get_num_processors (), 1);
   gsize wanted = (n_files + at_least - 1) / at_least;
   return MAX (MIN (MIN (cpus, max), wanted), 1);
}
