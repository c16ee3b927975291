// bench-env.h — what every table of mmfguard-bench shares: the programs it
// runs, how many runs make a figure, and the figures the targets table
// compares at the end.

#pragma once

#include <glib.h>

#include "bench-postoffice.h"

typedef struct {
   // Programs, found by meson at configure time (bench-paths.h) unless
   // given on the command line.
   const char *plugin;
   const char *mig_host;
   const char *lock_holder;
   const char *make_postoffice;
   const char *many_locks;
   const char *load_init;
   const char *one_pass;
   const char *peak_rss;      // bench-peak-rss
   const char *floor_process; // bench-floor-process

   gboolean quick; // the `meson test --benchmark` version: smaller, fewer runs
   gboolean large; // --large: 50,000 accounts too (migrate, file server)
   guint runs;     // runs per figure (its median is printed)

   // Post offices of increasing size, generated once and shared by every
   // table, so that the floor and the peers see the same files.
   guint n_sizes;
   BenchPostoffice postoffices[3];
} BenchEnv;

// A figure not measured is negative.
typedef struct {
   guint largest;             // accounts in the largest post office
   double inprocess_ratio[2]; // in-process / floor at `largest`; [1]: with
                              // unrelated locks
   double host_ratio[2];      // mig-host preflight / floor
   double on_error_s;         // on-error translation (catalog only)
   double on_error_recheck_s; // on-error of 7007 re-checking the account
   double ffi_overhead_s;     // libffi call minus direct call
   double load_init_s;        // dlopen + init in a fresh process
   double bytes_per_account;  // peak RSS growth per account
   double host_whole_ratio;   // mig-host preflight --json / floor (host table)
   double host_process_ratio; // the same / the whole-process floor
   double host_bytes_per_account; // its peak RSS growth per account
   double watch_cycle_s;          // one watch refresh at `largest`
   guint remote_accounts;         // where remote_ratio was measured
   double remote_ratio[2]; // remote preflight / its floor; [1]: 2 ms added
   // Extra round trips per account that 2 ms of latency shows (-1e10: not
   // measured).
   double remote_extra_rtt_per_account;
   guint migrate_accounts[2]; // the sizes migrate_growth compares
   double migrate_growth;     // (re-run time ratio) / (accounts ratio)
} BenchResults;

// Each table prints markdown to stdout and fills its part of `results`.
gboolean bench_preflight_table (BenchEnv *env, BenchResults *results,
                                GError **error);
gboolean bench_breakdown_table (BenchEnv *env, GError **error);
gboolean bench_per_call_table (BenchEnv *env, BenchResults *results,
                               GError **error);
gboolean bench_memory_table (BenchEnv *env, BenchResults *results,
                             GError **error);
gboolean bench_host_table (BenchEnv *env, BenchResults *results,
                           GError **error);
void bench_targets_table (const BenchResults *results);
// migrate's re-run (everything already migrated) at growing sizes.
gboolean bench_migrate_table (BenchEnv *env, BenchResults *results,
                              GError **error);
// Needs root, Samba and smbnetfs; prints why not when they are missing.
gboolean bench_server_table (BenchEnv *env, BenchResults *results,
                             GError **error);
