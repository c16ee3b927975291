// test-clock-text.c — the masking that lets tests compare outputs of runs
// made in different seconds: times and durations go, everything else stays.

#include "clock-text.h"

static void
test_times_of_day_compare_equal (void)
{
   g_autofree char *a = clock_text_masked (
      "Checked again at 2026-12-06 18:51:02 UTC, the mail file looks fine.");
   g_autofree char *b = clock_text_masked (
      "Checked again at 2026-12-06 18:51:03 UTC, the mail file looks fine.");
   g_assert_cmpstr (a, ==, b);
   g_assert_cmpstr (a, ==,
                    "Checked again at <time>, the mail file looks fine.");
   g_autofree char *iso = clock_text_masked ("since 2026-11-25T22:00:00Z.");
   g_assert_cmpstr (iso, ==, "since <time>.");
   g_autofree char *cet = clock_text_masked ("at 2026-11-25 23:00 CET");
   g_assert_cmpstr (cet, ==, "at <time>");
}

static void
test_durations_masked (void)
{
   g_autofree char *m = clock_text_masked ("All clear after 12 s (3 ms each).");
   g_assert_cmpstr (m, ==, "All clear after <duration> (<duration> each).");
}

static void
test_other_numbers_kept (void)
{
   const char *text = "U00002 00000A02.MMF pid 4242, 3 accounts, event 7007";
   g_autofree char *m = clock_text_masked (text);
   g_assert_cmpstr (m, ==, text);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/clock-text/times-of-day-compare-equal",
                    test_times_of_day_compare_equal);
   g_test_add_func ("/clock-text/durations-masked", test_durations_masked);
   g_test_add_func ("/clock-text/other-numbers-kept", test_other_numbers_kept);
   return g_test_run ();
}
