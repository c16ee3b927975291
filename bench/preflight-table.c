// preflight-table.c — pre-flight of a whole post office, 1 % of its MMFs
// held by real processes, by mmfguard and by what an admin would otherwise
// use, each as a ratio to the floor measured in the same run.

#include <stdio.h>
#include <string.h>

#include "bench-env.h"
#include "floor.h"
#include "holder-process.h"
#include "bench-plugin.h"
#include "preflight-pass.h"
#include "timed-command.h"
#include "timing.h"

#define UNRELATED_LOCKS 1000
// fuser and lsof are run on every file up to this many accounts, and
// extrapolated from their median per file beyond.
#define PER_FILE_MEASURED_MAX 1000

enum {
   M_FLOOR,
   M_INPROCESS,
   M_INPROCESS_DEFAULT,
   M_HOST,
   M_LSLOCKS,
   M_FUSER,
   M_LSOF,
   N_METHODS
};

static const char *const method_names[N_METHODS] = {
   "floor: /proc/locks once, then stat() + hash look-up per account",
   "**mmfguard in-process** (ABI: batch-begin, pre-migrate each, batch-end)",
   "mmfguard in-process, default configuration ([samba] mode = auto)",
   "`mig-host preflight` (whole process, plugin load to exit)",
   "`lslocks -J`, once",
   "`fuser FILE`, per file",
   "`lsof -w FILE`, per file",
};

typedef struct {
   double seconds[N_METHODS][3];
   gboolean extrapolated[N_METHODS][3];
   guint held[3], floor_found[3], deferred[3];
   double per_file_s[2]; // fuser, lsof: median per file at the largest measured
                         // size
} Scenario;

static guint64 next_batch_id = 1;

// One in-process pass with the plugin opened for it (the configuration is
// read at init). The open is outside the timed part.
static double
inprocess_run (const BenchEnv *env, const BenchPostoffice *po,
               const char *config, guint *deferred, GError **error)
{
   BenchPlugin plugin;
   if (!bench_plugin_open (&plugin, env->plugin, config, error))
      return -1;
   BenchPass pass;
   gboolean ok =
      bench_preflight_pass (&plugin, po, next_batch_id++, &pass, error);
   bench_plugin_close (&plugin);
   if (!ok)
      return -1;
   *deferred = pass.defer;
   return pass.total_s;
}

// fuser or lsof run once per MMF; returns the total and the median per file.
static double
per_file_run (const BenchPostoffice *po, const char *tool,
              double *median_per_file)
{
   guint n = po->accounts->len;
   g_autofree double *each = g_new (double, n);
   double total = 0;
   for (guint i = 0; i < n; i++) {
      g_autofree char *mmf = bench_postoffice_mmf (po, i);
      const char *argv_fuser[] = {"fuser", mmf, NULL};
      const char *argv_lsof[] = {"lsof", "-w", mmf, NULL};
      each[i] = bench_command_run (
         strcmp (tool, "fuser") == 0 ? argv_fuser : argv_lsof, NULL);
      if (each[i] < 0)
         return -1;
      total += each[i];
   }
   *median_per_file = bench_median (each, n);
   return total;
}

static gboolean
measure_repeated (BenchEnv *env, guint s, Scenario *sc, gboolean *host_ok,
                  GError **error)
{
   const BenchPostoffice *po = &env->postoffices[s];
   g_autofree double *v = g_new (double, env->runs *N_METHODS);
   double *runs[N_METHODS];
   for (int m = 0; m < N_METHODS; m++)
      runs[m] = v + m * env->runs;
   // Warm the page cache and the plugin's first-use paths; not counted.
   guint unused;
   bench_floor_run (po, &unused);
   inprocess_run (env, po, po->config, &unused, NULL);

   // Interleaved, so that a disturbance on the machine hits every method.
   guint lslocks_runs = 0;
   for (guint r = 0; r < env->runs; r++) {
      runs[M_FLOOR][r] = bench_floor_run (po, &sc->floor_found[s]);
      runs[M_INPROCESS][r] =
         inprocess_run (env, po, po->config, &sc->deferred[s], error);
      if (runs[M_INPROCESS][r] < 0)
         return FALSE;
      runs[M_INPROCESS_DEFAULT][r] =
         inprocess_run (env, po, NULL, &unused, error);
      if (runs[M_INPROCESS_DEFAULT][r] < 0)
         return FALSE;
      if (*host_ok) {
         runs[M_HOST][r] = bench_mig_host_preflight (env, po, FALSE, NULL);
         *host_ok = runs[M_HOST][r] >= 0;
      }
      const char *lslocks[] = {"lslocks", "-J", NULL};
      if (r < 3 || !env->quick)
         runs[M_LSLOCKS][lslocks_runs++] = bench_command_run (lslocks, NULL);
   }
   sc->seconds[M_FLOOR][s] = bench_median (runs[M_FLOOR], env->runs);
   sc->seconds[M_INPROCESS][s] = bench_median (runs[M_INPROCESS], env->runs);
   sc->seconds[M_INPROCESS_DEFAULT][s] =
      bench_median (runs[M_INPROCESS_DEFAULT], env->runs);
   sc->seconds[M_HOST][s] =
      *host_ok ? bench_median (runs[M_HOST], env->runs) : -1;
   sc->seconds[M_LSLOCKS][s] = bench_median (runs[M_LSLOCKS], lslocks_runs);
   return TRUE;
}

static void
measure_per_file (BenchEnv *env, guint s, Scenario *sc)
{
   const BenchPostoffice *po = &env->postoffices[s];
   guint n = po->accounts->len;
   const char *tools[2] = {"fuser", "lsof"};
   for (int t = 0; t < 2; t++) {
      int m = t == 0 ? M_FUSER : M_LSOF;
      if (n > PER_FILE_MEASURED_MAX || (env->quick && n > 100)) {
         sc->seconds[m][s] = sc->per_file_s[t] > 0 ? sc->per_file_s[t] * n : -1;
         sc->extrapolated[m][s] = TRUE;
         continue;
      }
      // Several passes over 100 files; one pass over 1,000 (whose figure is
      // then the median per file times the files, like the extrapolation).
      guint passes = n <= 100 ? MIN (env->runs, 3u) : 1;
      g_autofree double *totals = g_new (double, passes);
      for (guint p = 0; p < passes; p++)
         totals[p] = per_file_run (po, tools[t], &sc->per_file_s[t]);
      sc->seconds[m][s] = bench_median (totals, passes);
   }
}

static void
print_cell (const Scenario *sc, int m, guint s)
{
   double v = sc->seconds[m][s];
   g_autofree char *d = bench_format_duration (v);
   g_autofree char *r = bench_format_ratio (v, sc->seconds[M_FLOOR][s]);
   if (v < 0)
      printf (" not measured |");
   else if (m == M_FLOOR)
      printf (" %s |", d);
   else
      printf (" %s%s (%s) |", sc->extrapolated[m][s] ? "≈ " : "", d, r);
}

static void
print_scenario (const BenchEnv *env, const Scenario *sc, guint unrelated)
{
   printf ("\n### Pre-flight, 1 %% of MMFs held by lock-holder processes%s\n\n",
           unrelated ? ", plus 1,000 unrelated POSIX locks on the machine"
                     : "");
   bench_floor_print_header (env, "method");
   for (int m = 0; m < N_METHODS; m++) {
      printf ("| %s |", method_names[m]);
      for (guint s = 0; s < env->n_sizes; s++)
         print_cell (sc, m, s);
      printf ("\n");
   }
   printf ("| check: MMFs held / found by the floor / deferred by mmfguard |");
   for (guint s = 0; s < env->n_sizes; s++)
      printf (" %u / %u / %u |", sc->held[s], sc->floor_found[s],
              sc->deferred[s]);
   printf ("\n\n≈: extrapolated from the median time per file on the largest "
           "post office where every file was measured (%u accounts%s).\n",
           env->quick ? 100 : PER_FILE_MEASURED_MAX,
           env->quick ? ", quick run" : "");
}

static gboolean
start_unrelated (const BenchEnv *env, BenchHolder *h, char **dir,
                 GError **error)
{
   *dir = g_dir_make_tmp ("mmfguard-bench-locks-XXXXXX", error);
   if (*dir == NULL)
      return FALSE;
   g_autofree char *n = g_strdup_printf ("%d", UNRELATED_LOCKS);
   const char *argv[] = {env->many_locks, *dir, n, NULL};
   return bench_holder_start (h, argv, error);
}

static void
stop_unrelated (BenchHolder *h, char *dir)
{
   bench_holder_stop (h);
   if (dir != NULL) {
      const char *argv[] = {"rm", "-rf", "--", dir, NULL};
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                    NULL, NULL, NULL, NULL);
   }
   g_free (dir);
}

gboolean
bench_preflight_table (BenchEnv *env, BenchResults *results, GError **error)
{
   Scenario scenarios[2];
   memset (scenarios, 0, sizeof scenarios);
   gboolean host_ok = TRUE;
   g_autoptr (GArray) holders = g_array_new (FALSE, TRUE, sizeof (BenchHolder));
   for (guint s = 0; s < env->n_sizes; s++) {
      guint held = 0;
      if (!bench_holders_start_held (env->lock_holder, &env->postoffices[s],
                                     holders, &held, error)) {
         bench_holders_stop (holders);
         return FALSE;
      }
      for (guint u = 0; u < 2; u++) {
         Scenario *sc = &scenarios[u];
         sc->held[s] = held;
         BenchHolder unrelated = {0};
         char *dir = NULL;
         if (u == 1 && !start_unrelated (env, &unrelated, &dir, error)) {
            stop_unrelated (&unrelated, dir);
            bench_holders_stop (holders);
            return FALSE;
         }
         gboolean ok = measure_repeated (env, s, sc, &host_ok, error);
         if (ok)
            measure_per_file (env, s, sc);
         stop_unrelated (&unrelated, dir);
         if (!ok) {
            bench_holders_stop (holders);
            return FALSE;
         }
         fprintf (stderr, "  pre-flight: %u accounts%s measured\n",
                  env->postoffices[s].accounts->len,
                  u ? " with unrelated locks" : "");
      }
      bench_holders_stop (holders);
   }
   guint last = env->n_sizes - 1;
   results->largest = env->postoffices[last].accounts->len;
   for (guint u = 0; u < 2; u++) {
      print_scenario (env, &scenarios[u], u ? UNRELATED_LOCKS : 0);
      const Scenario *sc = &scenarios[u];
      double floor = sc->seconds[M_FLOOR][last];
      results->inprocess_ratio[u] = sc->seconds[M_INPROCESS][last] / floor;
      results->host_ratio[u] =
         sc->seconds[M_HOST][last] > 0 ? sc->seconds[M_HOST][last] / floor : -1;
   }
   if (!host_ok)
      printf (
         "\n`mig-host preflight` did not produce a pre-flight (exit status "
         "outside 0–2 or no JSON written): not measured.\n");
   return TRUE;
}
