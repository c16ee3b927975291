// test-problem-digest.c — each explanation once (problem-digest.h): the
// loose comparison merges texts that differ only in the account's own
// values, the holder's pid and machine, numbers and times, and where their
// lines wrap; it keeps apart texts that say something else, or the same
// words for another cause.

#include "report/problem-digest.h"

#include <glib.h>
#include <string.h>

// The paragraph an MMF held from `machine` by `pid` gets, wrapped at 60
// columns the way the catalog wraps it.
static char *
held_text (const char *user, const char *machine, const char *pid,
           const char *when)
{
   g_autofree char *flat = g_strdup_printf (
      "The mail file of %s is held open right now by process %s on %s. "
      "Found at %s. Ask %s to exit Microsoft Mail on %s.",
      user, pid, machine, when, user, machine);
   GString *s = g_string_new ("   ");
   guint column = 3;
   g_auto (GStrv) words = g_strsplit (flat, " ", -1);
   for (guint i = 0; words[i] != NULL; i++) {
      guint len = (guint) strlen (words[i]);
      if (column + len > 60) {
         g_string_append (s, "\n   ");
         column = 3;
      }
      g_string_append_printf (s, "%s ", words[i]);
      column += len + 1;
   }
   g_string_append_c (s, '\n');
   return g_string_free (s, FALSE);
}

static guint
add_held (MhDigest *d, const char *cause, const char *user, const char *machine,
          const char *pid, const char *when)
{
   g_autofree char *body = held_text (user, machine, pid, when);
   g_autofree char *headline = g_strdup_printf ("%s: defer (%s)", user, cause);
   const char *values[] = {machine, pid, NULL};
   return mh_digest_add_loose (d, cause, user, values, headline, body);
}

static void
test_only_the_holder_differs_one_paragraph (void)
{
   g_autoptr (MhDigest) d = mh_digest_new ();
   guint first = add_held (d, "mmf-in-use", "U00002", "PC-ALICE", "4242",
                           "2026-12-06 21:02:46 UTC");
   // Another machine, a longer pid, a later second, a longer name: the
   // lines wrap elsewhere.
   guint second = add_held (d, "mmf-in-use", "MAXIMILIAN", "PC-RECEPTION-2",
                            "1048576", "2026-12-06 21:02:47 UTC");
   g_assert_cmpuint (first, ==, second);
   g_assert_cmpuint (mh_digest_paragraph_count (d), ==, 1);
   const char *headline, *body, *user;
   const GPtrArray *others;
   mh_digest_paragraph (d, 0, &headline, &body, &user, &others);
   // The paragraph kept is the first account's, with its own values.
   g_assert_cmpstr (user, ==, "U00002");
   g_assert_nonnull (strstr (body, "PC-ALICE"));
   g_assert_cmpuint (others->len, ==, 1);
   g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) others, 0), ==,
                    "MAXIMILIAN");
}

static void
test_other_words_or_cause_apart (void)
{
   g_autoptr (MhDigest) d = mh_digest_new ();
   add_held (d, "mmf-in-use", "U00002", "PC-ALICE", "4242", "21:02");
   add_held (d, "lock-state-unknown", "U00003", "PC-BOB", "4243", "21:02");
   const char *values[] = {"PC-CAROL", NULL};
   mh_digest_add_loose (d, "mmf-in-use", "U00004", values, "U00004: defer",
                        "   The mail file of U00004 is stale on PC-CAROL.\n");
   g_assert_cmpuint (mh_digest_paragraph_count (d), ==, 3);
}

// A pid that happens to be a number the text has too (process 7007 in
// "MSExchangeMig 7007") is still only the holder's value.
static void
test_pid_equal_to_a_number_in_the_text (void)
{
   g_autoptr (MhDigest) d = mh_digest_new ();
   const char *a[] = {"PC-ALICE", "4242", NULL};
   const char *b[] = {"PC-ALICE", "7007", NULL};
   mh_digest_add_loose (d, "mmf-in-use", "U00002", a, "h",
                        "   MSExchangeMig 7007: U00002 held by process 4242\n");
   mh_digest_add_loose (d, "mmf-in-use", "U00024", b, "h",
                        "   MSExchangeMig 7007: U00024 held by process 7007\n");
   g_assert_cmpuint (mh_digest_paragraph_count (d), ==, 1);
}

// The strict comparison is unchanged: another pid is another text.
static void
test_strict_keeps_pids_apart (void)
{
   g_autoptr (MhDigest) d = mh_digest_new ();
   mh_digest_add (d, "mmf-in-use", "U00002", NULL, NULL, "h",
                  "   process 4242\n");
   mh_digest_add (d, "mmf-in-use", "U00003", NULL, NULL, "h",
                  "   process 4243\n");
   g_assert_cmpuint (mh_digest_paragraph_count (d), ==, 2);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/problem-digest/only-the-holder-differs-one-paragraph",
                    test_only_the_holder_differs_one_paragraph);
   g_test_add_func ("/problem-digest/other-words-or-cause-apart",
                    test_other_words_or_cause_apart);
   g_test_add_func ("/problem-digest/pid-equal-to-a-number-in-the-text",
                    test_pid_equal_to_a_number_in_the_text);
   g_test_add_func ("/problem-digest/strict-keeps-pids-apart",
                    test_strict_keeps_pids_apart);
   return g_test_run ();
}
