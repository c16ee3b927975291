// breakdown-table.c — where an in-process pre-flight of the largest post
// office spends its time: the ABI pass split into its hooks, and batch-begin
// split into the plugin's own steps, called through its core library (the
// same code the module links whole), with the file peek's two parts — the
// fork and the reads — measured apart.

#include <stdio.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-env.h"
#include "file-peek.h"
#include "lock-probe.h"
#include "bench-plugin.h"
#include "postoffice.h"
#include "preflight-pass.h"
#include "timing.h"

enum {
   B_BEGIN,
   B_SNAPSHOT,
   B_INDEX,
   B_PEEK,
   B_CHECK,
   B_ACCOUNTS,
   B_PER_ACCOUNT,
   B_END,
   B_TOTAL,
   B_READS_HERE,
   B_FORK,
   N_ROWS
};

static const char *const row_names[N_ROWS] = {
   "batch-begin/1 (ABI)",
   "  ├ lock snapshot: read and index /proc/locks (`mmfg_lock_snapshot_take`)",
   "  ├ MMF folder: readdir, then a stat per file on every CPU "
   "(`mmfg_mmf_index_new`)",
   "  ├ file heads: 4 bytes of every MMF, read by threads with private "
   "descriptor tables (`mmfg_mmf_index_peek_all`)",
   "  └ post office checks: GLB files, MASTER.GLB holder "
   "(`mmfg_postoffice_check`)",
   "pre-migrate/1 for every account (ABI)",
   "  per account",
   "batch-end/1 (ABI)",
   "whole pass",
   "for scale: open + read 4 B + close of every MMF in this process (no fork)",
   "for scale: fork + _exit + waitpid of an empty child from this process",
};

static double
time_snapshot (const char *maildata)
{
   gint64 t0 = bench_now_ns ();
   MmfgLockSnapshot *s = mmfg_lock_snapshot_take (NULL, NULL, maildata, NULL);
   gint64 t1 = bench_now_ns ();
   mmfg_lock_snapshot_free (s);
   return (t1 - t0) / 1e9;
}

static double
time_index (const char *maildata, double *peek_s)
{
   gint64 t0 = bench_now_ns ();
   MmfgMmfIndex *index = mmfg_mmf_index_new (maildata, NULL);
   gint64 t1 = bench_now_ns ();
   mmfg_mmf_index_peek_all (index, NULL, NULL);
   gint64 t2 = bench_now_ns ();
   mmfg_mmf_index_free (index);
   *peek_s = (t2 - t1) / 1e9;
   return (t1 - t0) / 1e9;
}

static double
time_check (const char *maildata)
{
   MmfgPostofficeFacts facts;
   gint64 t0 = bench_now_ns ();
   mmfg_postoffice_check (maildata, NULL, &facts);
   gint64 t1 = bench_now_ns ();
   mmfg_postoffice_facts_clear (&facts);
   return (t1 - t0) / 1e9;
}

// What the peek child does, done here: safe in the bench, which holds no
// lock on these files (a host must never do this: a close drops the
// process's POSIX locks; abi/README.md, "What the plugin does to mail
// files").
static double
time_reads_here (const BenchPostoffice *po)
{
   g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
   for (guint i = 0; i < po->accounts->len; i++)
      g_ptr_array_add (paths, bench_postoffice_mmf (po, i));
   gint64 t0 = bench_now_ns ();
   for (guint i = 0; i < paths->len; i++) {
      int fd =
         open (paths->pdata[i], O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
      char head[4];
      if (fd >= 0 && read (fd, head, sizeof head) < 0)
         head[0] = 0;
      if (fd >= 0)
         close (fd);
   }
   return (bench_now_ns () - t0) / 1e9;
}

static double
time_fork (void)
{
   gint64 t0 = bench_now_ns ();
   pid_t pid = fork ();
   if (pid == 0)
      _exit (0);
   waitpid (pid, NULL, 0);
   return (bench_now_ns () - t0) / 1e9;
}

gboolean
bench_breakdown_table (BenchEnv *env, GError **error)
{
   const BenchPostoffice *po = &env->postoffices[env->n_sizes - 1];
   guint n = po->accounts->len;
   g_autofree double *v = g_new (double, env->runs *N_ROWS);
   BenchPlugin plugin;
   if (!bench_plugin_open (&plugin, env->plugin, po->config, error))
      return FALSE;
   for (guint r = 0; r < env->runs; r++) {
      double *row = v + r * N_ROWS;
      BenchPass pass;
      if (!bench_preflight_pass (&plugin, po, 1000 + r, &pass, error)) {
         bench_plugin_close (&plugin);
         return FALSE;
      }
      row[B_BEGIN] = pass.begin_s;
      row[B_ACCOUNTS] = pass.accounts_s;
      row[B_PER_ACCOUNT] = pass.accounts_s / n;
      row[B_END] = pass.end_s;
      row[B_TOTAL] = pass.total_s;
      row[B_SNAPSHOT] = time_snapshot (po->maildata);
      row[B_INDEX] = time_index (po->maildata, &row[B_PEEK]);
      row[B_CHECK] = time_check (po->maildata);
      row[B_READS_HERE] = time_reads_here (po);
      row[B_FORK] = time_fork ();
   }
   bench_plugin_close (&plugin);

   printf (
      "\n### Where an in-process pre-flight of %u accounts spends its time\n\n"
      "([samba] mode = off; no holders running; median of %u runs each.)\n\n"
      "| step | time | share of the pass |\n|---|---|---|\n",
      n, env->runs);
   double medians[N_ROWS];
   g_autofree double *column = g_new (double, env->runs);
   for (int k = 0; k < N_ROWS; k++) {
      for (guint r = 0; r < env->runs; r++)
         column[r] = v[r * N_ROWS + k];
      medians[k] = bench_median (column, env->runs);
   }
   for (int k = 0; k < N_ROWS; k++) {
      g_autofree char *d = bench_format_duration (medians[k]);
      if (k == B_PER_ACCOUNT || k >= B_READS_HERE)
         printf ("| %s | %s | |\n", row_names[k], d);
      else
         printf ("| %s | %s | %.0f %% |\n", row_names[k], d,
                 100 * medians[k] / medians[B_TOTAL]);
   }
   return TRUE;
}
