// fuzz-glib.c — GLib set up the same way for every fuzz target (see
// fuzz-target.h).

#include "fuzz-target.h"

#include <glib.h>

void
fuzz_glib_setup (void)
{
   g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}
