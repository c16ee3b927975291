// migrate-table.c — `mig-host migrate` run again over a post office whose
// every account is migrated already: the plugin is asked about each account
// just before its copy and the journal vouches for the copy, so the re-run
// is all look-ups. It must grow linearly with the accounts (the MMF folder
// listed once a pass, each account a hash look-up in that listing);
// listing the folder per account made it quadratic (58 s at 10,000).
//
// Wall time and CPU time (user + system of the reaped child): on a shared
// 2-core machine the wall time carries the other engineers' load, the CPU
// time much less of it. No account is held: a deferred account would wait
// for its retries.

#include <stdio.h>
#include <sys/resource.h>

#include "bench-env.h"
#include "timed-command.h"
#include "timing.h"

enum { MAX_SIZES = 3, MIGRATE_RUNS = 3 };

typedef struct {
   guint accounts;
   double first_s;
   double rerun_s;
   double rerun_cpu_s;
} MigrateFigures;

static double
children_cpu_s (void)
{
   struct rusage u;
   getrusage (RUSAGE_CHILDREN, &u);
   return (double) u.ru_utime.tv_sec + (double) u.ru_utime.tv_usec / 1e6 +
          (double) u.ru_stime.tv_sec + (double) u.ru_stime.tv_usec / 1e6;
}

// One `mig-host migrate` over `po` into `out`: wall seconds, the child's
// CPU seconds in *cpu_s; -1 unless every account was migrated (exit 0).
static double
migrate_once (const BenchEnv *env, const BenchPostoffice *po, const char *out,
              double *cpu_s)
{
   const char *argv[] = {env->mig_host,  "migrate",    "--plugin",
                         env->plugin,    "--config",   po->config,
                         "--postoffice", po->maildata, "--users",
                         po->users_csv,  "--out",      out,
                         "--retries",    "0",          NULL};
   int status = -1;
   double cpu0 = children_cpu_s ();
   double s = bench_command_run (argv, &status);
   *cpu_s = children_cpu_s () - cpu0;
   return status == 0 ? s : -1;
}

static gboolean
measure (const BenchEnv *env, const BenchPostoffice *po, MigrateFigures *f,
         GError **error)
{
   f->accounts = po->accounts->len;
   g_autofree char *out = g_build_filename (po->root, "migrated", NULL);
   double cpu = 0;
   f->first_s = migrate_once (env, po, out, &cpu);
   double wall[MIGRATE_RUNS], cpus[MIGRATE_RUNS];
   guint runs = f->accounts > 10000 ? 1 : MIGRATE_RUNS;
   for (guint r = 0; r < runs && f->first_s >= 0; r++) {
      wall[r] = migrate_once (env, po, out, &cpus[r]);
      if (wall[r] < 0)
         f->first_s = -1;
   }
   if (f->first_s < 0) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "mig-host migrate did not migrate all %u accounts of %s",
                   f->accounts, po->maildata);
      return FALSE;
   }
   f->rerun_s = bench_median (wall, runs);
   f->rerun_cpu_s = bench_median (cpus, runs);
   return TRUE;
}

gboolean
bench_migrate_table (BenchEnv *env, BenchResults *results, GError **error)
{
   guint sizes[MAX_SIZES];
   guint n = 0;
   if (env->quick) {
      sizes[n++] = 100;
      sizes[n++] = 1000;
   } else {
      sizes[n++] = 1000;
      sizes[n++] = 10000;
      if (env->large)
         sizes[n++] = 50000;
   }
   MigrateFigures f[MAX_SIZES] = {{0}};
   gboolean ok = TRUE;
   for (guint i = 0; i < n && ok; i++) {
      // The shared post offices where they are of this size; a new one
      // otherwise (50,000).
      const BenchPostoffice *shared = NULL;
      for (guint s = 0; s < env->n_sizes; s++)
         if (env->postoffices[s].accounts != NULL &&
             env->postoffices[s].accounts->len == sizes[i])
            shared = &env->postoffices[s];
      BenchPostoffice own = {0};
      if (shared == NULL) {
         fprintf (stderr,
                  "  migrate: generating a post office of %u accounts\n",
                  sizes[i]);
         ok =
            bench_postoffice_make (&own, env->make_postoffice, sizes[i], error);
      }
      fprintf (stderr, "  migrate: %u accounts\n", sizes[i]);
      ok = ok && measure (env, shared ? shared : &own, &f[i], error);
      if (shared != NULL) {
         // The copies go; the shared post office stays as it was.
         g_autofree char *out =
            g_build_filename (shared->root, "migrated", NULL);
         const char *rm[] = {"rm", "-rf", out, NULL};
         bench_command_run (rm, NULL);
      }
      bench_postoffice_clear (&own);
   }
   if (!ok)
      return FALSE;
   printf ("\n### `mig-host migrate` run again, every account migrated "
           "already\n\n"
           "No account held; `--retries 0`. Re-run: median of %d runs (one "
           "at more than 10,000 accounts). Growth: how much more time per "
           "account than the size before (1.00: linear; target ≤ 1.25, "
           "4× the accounts in ≤ 5× the time).\n\n"
           "| accounts | first run | re-run (wall) | re-run (CPU) | wall per "
           "account | growth (wall) | growth (CPU) |\n"
           "|---|---|---|---|---|---|---|\n",
           MIGRATE_RUNS);
   for (guint i = 0; i < n; i++) {
      g_autofree char *first = bench_format_duration (f[i].first_s);
      g_autofree char *wall = bench_format_duration (f[i].rerun_s);
      g_autofree char *cpu = bench_format_duration (f[i].rerun_cpu_s);
      g_autofree char *per =
         bench_format_duration (f[i].rerun_s / f[i].accounts);
      g_autofree char *gw = NULL, *gc = NULL;
      if (i == 0) {
         gw = g_strdup ("—");
         gc = g_strdup ("—");
      } else {
         double k = (double) f[i].accounts / f[i - 1].accounts;
         gw = g_strdup_printf ("%.2f", f[i].rerun_s / f[i - 1].rerun_s / k);
         gc = g_strdup_printf ("%.2f",
                               f[i].rerun_cpu_s / f[i - 1].rerun_cpu_s / k);
      }
      printf ("| %u | %s | %s | %s | %s | %s | %s |\n", f[i].accounts, first,
              wall, cpu, per, gw, gc);
   }
   results->migrate_accounts[0] = f[n - 2].accounts;
   results->migrate_accounts[1] = f[n - 1].accounts;
   results->migrate_growth = f[n - 1].rerun_s / f[n - 2].rerun_s /
                             ((double) f[n - 1].accounts / f[n - 2].accounts);
   return TRUE;
}
