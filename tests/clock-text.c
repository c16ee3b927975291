// clock-text.c — times of day masked (see clock-text.h).

#include "clock-text.h"

char *
clock_text_masked (const char *text)
{
   static const struct {
      const char *pattern;
      const char *replacement;
   } masks[] = {
      // A date with a time, in any of the forms the texts use, and a zone.
      {"\\d{4}-\\d{2}-\\d{2}[ T]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?"
       "( ?(Z|[A-Z]{2,5}|[+-]\\d{2}:?\\d{2}))?",
       "<time>"},
      // A time of day alone.
      {"\\b\\d{1,2}:\\d{2}(:\\d{2})?\\b", "<time>"},
      // A duration.
      {"\\b\\d+(\\.\\d+)? ?(s|ms|µs|seconds?|minutes?|min)\\b", "<duration>"},
   };
   char *masked = g_strdup (text);
   for (gsize i = 0; i < G_N_ELEMENTS (masks); i++) {
      g_autoptr (GRegex) re =
         g_regex_new (masks[i].pattern, G_REGEX_DEFAULT, 0, NULL);
      g_assert_nonnull (re);
      char *next = g_regex_replace_literal (re, masked, -1, 0,
                                            masks[i].replacement, 0, NULL);
      g_free (masked);
      masked = next;
   }
   return masked;
}
