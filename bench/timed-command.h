// timed-command.h — an external program run to completion and timed from
// spawn to reaped exit, its output thrown away: how fuser, lsof, lslocks and
// mig-host are measured, the way an admin's script would run them.

#pragma once

#include <glib.h>

// Runs argv (argv[0] searched in PATH); returns the wall time in seconds, or
// a negative value when it could not be started. `exit_status` (may be
// NULL) gets the exit code, or -1 when it did not exit normally.
double bench_command_run (const char *const *argv, int *exit_status);
