// timing.c — the clock and the statistics every table uses.

#include "timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

gint64
bench_now_ns (void)
{
   struct timespec ts;
   clock_gettime (CLOCK_MONOTONIC, &ts);
   return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static int
compare_doubles (const void *a, const void *b)
{
   double x = *(const double *) a, y = *(const double *) b;
   return (x > y) - (x < y);
}

double
bench_median (double *values, gsize n)
{
   g_return_val_if_fail (n > 0, 0);
   qsort (values, n, sizeof *values, compare_doubles);
   return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

char *
bench_format_duration (double s)
{
   if (s < 0)
      return g_strdup ("—");
   if (s < 1e-6)
      return g_strdup_printf ("%.0f ns", s * 1e9);
   if (s < 1e-3)
      return g_strdup_printf ("%.1f µs", s * 1e6);
   if (s < 1)
      return g_strdup_printf ("%.1f ms", s * 1e3);
   if (s < 120)
      return g_strdup_printf ("%.2f s", s);
   return g_strdup_printf ("%.1f min", s / 60);
}

char *
bench_format_ratio (double value, double floor)
{
   if (value <= 0 || floor <= 0)
      return g_strdup ("—");
   double r = value / floor;
   return g_strdup_printf (r < 10 ? "%.2f×" : "%.0f×", r);
}
