// timed-command.h — an external program run to completion and timed from
// spawn to reaped exit, its output thrown away: how fuser, lsof, lslocks and
// mig-host are measured, the way an admin's script would run them.

#pragma once

#include <glib.h>

// Runs argv (argv[0] searched in PATH); returns the wall time in seconds, or
// a negative value when it could not be started. `exit_status` (may be
// NULL) gets the exit code, or -1 when it did not exit normally.
double bench_command_run (const char *const *argv, int *exit_status);

// bench_command_run that also reports the child's peak resident set size
// (getrusage's ru_maxrss, KiB) in `peak_kib` (may be NULL).
double bench_command_run_peak (const char *const *argv, int *exit_status,
                               long *peak_kib);
