// memory-table.c — peak memory per account: the resident high-water mark of
// a fresh process after one in-process pre-flight of the smallest and of
// the largest post office (bench-one-pass), the difference divided by the
// difference in accounts. Fresh processes, because a high-water mark never
// comes down and glibc keeps freed memory.

#include <stdio.h>

#include "bench-env.h"
#include "timing.h"

static gboolean
one_pass (const BenchEnv *env, const BenchPostoffice *po, double *hwm_init,
          double *hwm, GError **error)
{
   const char *argv[] = {env->one_pass, env->plugin, po->root, NULL};
   g_autofree char *out = NULL;
   int status;
   if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                      &out, NULL, &status, error) ||
       !g_spawn_check_wait_status (status, error))
      return FALSE;
   long init_kib = 0, kib = 0;
   if (sscanf (out, "hwm_init_kib %ld hwm_kib %ld", &init_kib, &kib) != 2) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "%s printed \"%s\"", env->one_pass, out);
      return FALSE;
   }
   *hwm_init = init_kib;
   *hwm = kib;
   return TRUE;
}

gboolean
bench_memory_table (BenchEnv *env, BenchResults *results, GError **error)
{
   guint runs = env->quick ? 1 : 3;
   const guint ends[2] = {0, env->n_sizes - 1};
   double init_kib[2], peak_kib[2];
   g_autofree double *a = g_new (double, runs);
   g_autofree double *b = g_new (double, runs);
   for (int k = 0; k < 2; k++) {
      for (guint r = 0; r < runs; r++)
         if (!one_pass (env, &env->postoffices[ends[k]], &a[r], &b[r], error))
            return FALSE;
      init_kib[k] = bench_median (a, runs);
      peak_kib[k] = bench_median (b, runs);
   }
   guint n0 = env->postoffices[ends[0]].accounts->len;
   guint n1 = env->postoffices[ends[1]].accounts->len;
   results->bytes_per_account = (peak_kib[1] - peak_kib[0]) * 1024 / (n1 - n0);
   printf (
      "\n### Peak memory (VmHWM of a fresh process, median of %u)\n\n"
      "| post office | after init | after one pre-flight |\n|---|---|---|\n",
      runs);
   for (int k = 0; k < 2; k++)
      printf ("| %u accounts | %.0f KiB | %.0f KiB |\n", k ? n1 : n0,
              init_kib[k], peak_kib[k]);
   printf (
      "| **per account** (difference / %u accounts) | | **%.0f bytes** |\n",
      n1 - n0, results->bytes_per_account);
   return TRUE;
}
