// host-table.c — mig-host as the operator runs it: the whole `mig-host
// preflight` process (spawn to reaped exit, its JSON report streamed to a
// file, its human report to /dev/null) against the floor, with its peak
// memory, and what one refresh of `mig-host watch` costs.
//
// A watch refresh is one batch over the accounts still held: batch-begin,
// pre-migrate for each held account, batch-end. It is measured in this
// process through the ABI with 1 % of the accounts held by real processes,
// the same calls watch makes, so the figure is the plugin's work per cycle
// without the process start that a cycle does not pay.

#include <stdio.h>
#include <string.h>

#include "bench-env.h"
#include "floor.h"
#include "holder-process.h"
#include "bench-plugin.h"
#include "timed-command.h"
#include "timing.h"

enum {
   H_FLOOR,
   H_FLOOR_PROCESS,
   H_FLOOR_CHECKS,
   H_PREFLIGHT,
   H_PREFLIGHT_Q,
   H_WATCH,
   H_WATCH_EACH,
   N_ROWS
};

// Runs of `mig-host preflight --json FILE` whose peak memory is measured.
enum { PEAK_RUNS = 3 };

typedef struct {
   double seconds[N_ROWS][3];
   long peak_kib[N_ROWS][3];
   guint held[3];
} HostFigures;

// The whole-process floor once over `po`: seconds, spawn to reaped exit;
// -1 when it failed.
static double
floor_process_run (const BenchEnv *env, const BenchPostoffice *po,
                   gboolean checks)
{
   g_autofree char *report = g_build_filename (po->root, "floor.jsonl", NULL);
   const char *argv[] = {
      env->floor_process,       po->users_csv, po->maildata, report,
      checks ? "checks" : NULL, NULL};
   int status = -1;
   double s = bench_command_run (argv, &status);
   return status == 0 ? s : -1;
}

// One watch refresh: the held accounts asked about, in one batch
// (`batch_id` non-zero) or each on its own (0), as cmd-watch.c does below
// and from WATCH_BATCH_FROM held accounts.
static double
watch_cycle (const BenchPlugin *p, const BenchPostoffice *po, guint64 batch_id,
             guint *deferred)
{
   static char text[8192];
   mig_answer answer;
   mig_batch batch = {.struct_size = sizeof batch,
                      .batch_id = batch_id,
                      .postoffice = po->maildata};
   for (guint i = 0; i < po->accounts->len; i++)
      batch.n_accounts += bench_postoffice_is_held (i);
   *deferred = 0;
   gint64 t0 = bench_now_ns ();
   bench_answer_init (&answer, text, sizeof text);
   if (batch_id != 0 && p->begin->begin (&batch, &answer) < 0)
      return -1;
   for (guint i = 0; i < po->accounts->len; i++) {
      if (!bench_postoffice_is_held (i))
         continue;
      const BenchAccount *a = &g_array_index (po->accounts, BenchAccount, i);
      mig_account account = {.struct_size = sizeof account,
                             .batch_id = batch_id,
                             .postoffice = po->maildata,
                             .user = a->user,
                             .hex_id = a->hex_id};
      bench_answer_init (&answer, text, sizeof text);
      *deferred +=
         p->pre_migrate->pre_migrate (&account, &answer) == MIG_VERDICT_DEFER;
   }
   if (batch_id != 0)
      p->end->end (batch_id);
   return (bench_now_ns () - t0) / 1e9;
}

static gboolean
measure_size (const BenchEnv *env, guint s, HostFigures *f, GError **error)
{
   const BenchPostoffice *po = &env->postoffices[s];
   BenchPlugin plugin;
   if (!bench_plugin_open (&plugin, env->plugin, po->config, error))
      return FALSE;
   g_autofree double *v = g_new (double, env->runs *N_ROWS);
   g_autofree long *kib = g_new0 (long, env->runs *N_ROWS);
   guint found = 0, deferred = 0;
   static guint64 batch_id = 1u << 30; // apart from the other tables' ids
   bench_floor_run (po, &found);       // warm the page cache
   gboolean ok = TRUE;
   for (guint r = 0; r < env->runs && ok; r++) {
      v[H_FLOOR * env->runs + r] = bench_floor_run (po, &found);
      v[H_FLOOR_PROCESS * env->runs + r] = floor_process_run (env, po, FALSE);
      v[H_FLOOR_CHECKS * env->runs + r] = floor_process_run (env, po, TRUE);
      v[H_PREFLIGHT * env->runs + r] =
         bench_mig_host_preflight (env, po, FALSE, NULL);
      v[H_PREFLIGHT_Q * env->runs + r] =
         bench_mig_host_preflight (env, po, TRUE, NULL);
      v[H_WATCH * env->runs + r] =
         watch_cycle (&plugin, po, batch_id++, &deferred);
      guint each_deferred = 0;
      v[H_WATCH_EACH * env->runs + r] =
         watch_cycle (&plugin, po, 0, &each_deferred);
      ok = ok && each_deferred == deferred;
      for (int m = 0; m < N_ROWS; m++)
         ok = ok && v[m * env->runs + r] >= 0;
   }
   // Peak memory from runs of their own, after the timed ones.
   for (guint r = 0; r < MIN (PEAK_RUNS, env->runs) && ok; r++)
      ok = bench_mig_host_preflight (env, po, FALSE,
                                     &kib[H_PREFLIGHT * env->runs + r]) >= 0;
   bench_plugin_close (&plugin);
   if (!ok) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "mig-host preflight or a watch cycle failed on %u accounts",
                   po->accounts->len);
      return FALSE;
   }
   for (int m = 0; m < N_ROWS; m++) {
      f->seconds[m][s] = bench_median (v + m * env->runs, env->runs);
      long most = 0;
      for (guint r = 0; r < env->runs; r++)
         most = MAX (most, kib[m * env->runs + r]);
      f->peak_kib[m][s] = most;
   }
   if (deferred != f->held[s]) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "watch cycle deferred %u of %u held accounts", deferred,
                   f->held[s]);
      return FALSE;
   }
   return TRUE;
}

static void
print_table (const BenchEnv *env, const HostFigures *f)
{
   static const char *const rows[N_ROWS] = {
      "floor (as in the pre-flight table)",
      "floor as a whole process, the same I/O (`bench-floor-process`: start, "
      "read the list, /proc/locks three times, a stat, look-up and 4-byte "
      "read and a JSON line per account)",
      "the same + mmfguard's two safety calls per MMF (an fstat of the "
      "opened file, an F_OFD_GETLK lock test)",
      "`mig-host preflight --json FILE`, whole process",
      "`mig-host preflight -q --json FILE`, whole process",
      "`mig-host watch`: one refresh, the held accounts in one batch",
      "`mig-host watch`: one refresh, each held account on its own",
   };
   printf ("\n### mig-host as the operator runs it (1 %% of MMFs held)\n\n");
   bench_floor_print_header (env, "what");
   for (int m = 0; m < N_ROWS; m++) {
      printf ("| %s |", rows[m]);
      for (guint s = 0; s < env->n_sizes; s++) {
         g_autofree char *d = bench_format_duration (f->seconds[m][s]);
         g_autofree char *r =
            bench_format_ratio (f->seconds[m][s], f->seconds[H_FLOOR][s]);
         if (m == H_FLOOR)
            printf (" %s |", d);
         else
            printf (" %s (%s) |", d, r);
      }
      printf ("\n");
   }
   printf (
      "| `mig-host preflight --json FILE`: peak memory (largest of %d runs) |",
      MIN (PEAK_RUNS, (int) env->runs));
   for (guint s = 0; s < env->n_sizes; s++)
      printf (" %.1f MiB |", f->peak_kib[H_PREFLIGHT][s] / 1024.0);
   printf ("\n");
   // The local target compares whole processes doing the same I/O.
   printf ("| `mig-host preflight --json FILE` against the whole-process floor "
           "(target: ≤ 2× at 10,000) |");
   for (guint s = 0; s < env->n_sizes; s++) {
      g_autofree char *r = bench_format_ratio (f->seconds[H_PREFLIGHT][s],
                                               f->seconds[H_FLOOR_PROCESS][s]);
      printf (" %s |", r);
   }
   printf ("\n");
}

gboolean
bench_host_table (BenchEnv *env, BenchResults *results, GError **error)
{
   HostFigures f;
   memset (&f, 0, sizeof f);
   g_autoptr (GArray) holders = g_array_new (FALSE, TRUE, sizeof (BenchHolder));
   for (guint s = 0; s < env->n_sizes; s++) {
      const BenchPostoffice *po = &env->postoffices[s];
      gboolean ok = bench_holders_start_held (env->lock_holder, po, holders,
                                              &f.held[s], error) &&
                    measure_size (env, s, &f, error);
      bench_holders_stop (holders);
      if (!ok)
         return FALSE;
      fprintf (stderr, "  mig-host: %u accounts measured\n", po->accounts->len);
   }
   print_table (env, &f);
   guint last = env->n_sizes - 1;
   results->host_whole_ratio =
      f.seconds[H_PREFLIGHT][last] / f.seconds[H_FLOOR][last];
   results->host_process_ratio =
      f.seconds[H_PREFLIGHT][last] / f.seconds[H_FLOOR_PROCESS][last];
   results->watch_cycle_s =
      MIN (f.seconds[H_WATCH][last], f.seconds[H_WATCH_EACH][last]);
   if (env->n_sizes >= 2) {
      double accounts = env->postoffices[last].accounts->len -
                        env->postoffices[0].accounts->len;
      results->host_bytes_per_account =
         (f.peak_kib[H_PREFLIGHT][last] - f.peak_kib[H_PREFLIGHT][0]) * 1024.0 /
         accounts;
   }
   return TRUE;
}
