// bounded-command.h — runs a program with a fixed argument vector (no shell),
// stdin from /dev/null, and a deadline after which it is killed. A plugin
// must never hang its host on a stuck tool.

#pragma once

#include <glib.h>

typedef struct {
   GBytes *out;     // everything written to stdout
   char *err;       // stderr, as text, cut at 4 KiB; owned
   int exit_status; // exit code, or 128 + signal number
} MmfgCommandResult;

void mmfg_command_result_clear (MmfgCommandResult *result);

// Runs argv[0] (a path; not searched in PATH) with argv, waits at most
// `timeout_ms` milliseconds, and fills `result`. Returns FALSE with an error
// naming the program when it cannot be started, writes more than
// `max_output` bytes, or outlives the deadline (G_IO_ERROR_TIMED_OUT); the
// child is then killed and reaped.
gboolean mmfg_command_run (const char *const *argv, guint timeout_ms,
                           gsize max_output, MmfgCommandResult *result,
                           GError **error);
