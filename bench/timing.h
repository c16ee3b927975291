// timing.h — the clock and the statistics every table uses.
//
// Every figure in bench/'s tables is the median of several runs: the median,
// not the mean, so that one run disturbed by the other engineers' builds on
// this 2-core machine does not move the figure.

#pragma once

#include <glib.h>

// Monotonic time in nanoseconds.
gint64 bench_now_ns (void);

// The median of `n` values (n > 0); sorts `values` in place.
double bench_median (double *values, gsize n);

// A duration in seconds as a short human figure: "35 ns", "4.1 µs",
// "12.3 ms", "4.20 s", "5.5 min". Newly allocated.
char *bench_format_duration (double seconds);

// A ratio as "1.42×", or "—" when either side is missing (<= 0).
char *bench_format_ratio (double value, double floor);
