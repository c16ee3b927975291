// fuzz-glib.c — the one LLVMFuzzerInitialize of every fuzz target (see
// fuzz-target.h): GLib set up the same way for all of them.

#include "fuzz-target.h"

#include <glib.h>

// Makes GLib's criticals and warnings fatal: a g_return_if_fail tripped by an
// input is a bug the fuzzer should keep, not a line of log it scrolls past.
int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
   (void) argc;
   (void) argv;
   g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
   return 0;
}
