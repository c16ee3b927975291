// timed-command.h — an external program run to completion and timed from
// spawn to reaped exit, its output thrown away: how fuser, lsof, lslocks and
// mig-host are measured, the way an admin's script would run them.

#pragma once

#include "bench-env.h"

#include <glib.h>

// Runs argv (argv[0] searched in PATH); returns the wall time in seconds, or
// a negative value when it could not be started. `exit_status` (may be
// NULL) gets the exit code, or -1 when it did not exit normally.
double bench_command_run (const char *const *argv, int *exit_status);

// bench_command_run that also reports the child's peak resident set size
// (getrusage's ru_maxrss, KiB) in `peak_kib` (may be NULL).
double bench_command_run_peak (const char *const *argv, int *exit_status,
                               long *peak_kib);

// The whole `mig-host preflight --json FILE` over `po` (-q when `quiet`),
// timed like the commands above, its JSON report written into po->root.
// -1 when it did not make a pre-flight: an exit status outside the
// wizard's 0-2, or no JSON written. `peak_kib` as bench_command_run_peak.
double bench_mig_host_preflight (const BenchEnv *env,
                                 const BenchPostoffice *po, gboolean quiet,
                                 long *peak_kib);
