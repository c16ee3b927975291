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

// Runs argv once through `peak_rss` (bench-peak-rss) and returns its peak
// resident set size in KiB, or -1 when that could not be had. Not timed:
// the helper's fork is not the command's cost. `exit_status` as above.
long bench_command_peak_kib (const char *peak_rss, const char *const *argv,
                             int *exit_status);

// The whole `mig-host preflight --json FILE` over `po` (-q when `quiet`),
// its JSON report written into po->root: timed like the commands above, or,
// with `peak_kib`, run once through bench-peak-rss for its peak resident
// set size instead (untimed; 0 is returned). -1 when it did not make a
// pre-flight: an exit status outside the wizard's 0-2, or no JSON written.
double bench_mig_host_preflight (const BenchEnv *env, const BenchPostoffice *po,
                                 gboolean quiet, long *peak_kib);
