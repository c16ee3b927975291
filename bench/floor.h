// floor.h — the least work any pre-flight must do, measured on the same post
// office in the same run: one read of /proc/locks, then per account one
// stat() of its MMF and one hash look-up of the inode in that table
// (bench/README.md, "What is measured, and how").

#pragma once

#include "bench-env.h"
#include "bench-postoffice.h"

// Runs the floor once; returns seconds and sets `held` to the accounts whose
// MMF is in the lock table (a check that the floor does real work).
double bench_floor_run (const BenchPostoffice *po, guint *held);

// The header of a markdown table of figures against the floor: a column
// titled `first_column`, then one per post office, "N accounts (× floor)".
void bench_floor_print_header (const BenchEnv *env, const char *first_column);
