// validate-concurrency.c — conformance cases of `mig-host validate`: concurrent
// calls against a serial run.

#include "validate/validate-context.h"

#include "plugin-host/answer-copy.h"

#include <stdio.h>
#include <string.h>

// ---- concurrency

typedef struct {
   int32_t rc;
   char cause[MIG_CAUSE_SIZE];
   char *text;
} Expected;

typedef struct {
   MhCaseCtx *c;
   const char *const *users;
   const char *const *hex_ids;
   guint n;
   Expected *expected;
   gint mismatches;
   char first_mismatch[256];
   GMutex lock;
} Shared;

static void
one_call (MhCaseCtx *c, const char *user, const char *hex, int32_t *rc,
          char cause[MIG_CAUSE_SIZE], char **text)
{
   char buffer[8192];
   mig_answer a;
   mh_case_answer_init (&a, buffer, sizeof buffer);
   mig_account account = mh_case_account_for (c, user, hex);
   if (mh_case_hook (c, MH_FN_pre_migrate) != NULL) {
      *rc = mh_case_pre_migrate (c, &account, &a);
   } else {
      const char *inserts[] = {user, c->fx.mmf_present, NULL};
      mig_event event = mh_case_event_for (inserts, &account);
      *rc = mh_case_on_error (c, &event, &a);
   }
   memcpy (cause, a.cause, MIG_CAUSE_SIZE);
   cause[47] = '\0';
   buffer[sizeof buffer - 1] = '\0';
   *text = g_strdup (buffer);
}

static gpointer
concurrent_worker (gpointer data)
{
   Shared *s = data;
   for (guint k = 0; k < CALLS_PER_THREAD; k++) {
      guint i = (k + GPOINTER_TO_UINT (g_thread_self ())) % s->n;
      int32_t rc;
      char cause[MIG_CAUSE_SIZE];
      g_autofree char *text = NULL;
      one_call (s->c, s->users[i], s->hex_ids[i], &rc, cause, &text);
      if (rc != s->expected[i].rc ||
          strcmp (cause, s->expected[i].cause) != 0 ||
          strcmp (text, s->expected[i].text) != 0) {
         g_mutex_lock (&s->lock);
         if (s->mismatches++ == 0)
            g_snprintf (s->first_mismatch, sizeof s->first_mismatch,
                        "account %s: %d/%s concurrently, %d/%s serially",
                        s->users[i], rc, cause, s->expected[i].rc,
                        s->expected[i].cause);
         g_mutex_unlock (&s->lock);
      }
   }
   return NULL;
}

MhCaseResult
mh_case_concurrent_calls (MhCaseCtx *c)
{
   static const char *const users[] = {"VALIDATE", "MISSING", "BADHEX",
                                       "Émile",    "NOHEX",   "LOWER"};
   static const char *const hex_ids[] = {MH_VALIDATE_HEX_PRESENT,
                                         MH_VALIDATE_HEX_MISSING,
                                         "XYZ",
                                         MH_VALIDATE_HEX_PRESENT,
                                         NULL,
                                         "00000a01"};
   Shared s = {
      .c = c, .users = users, .hex_ids = hex_ids, .n = G_N_ELEMENTS (users)};
   Expected expected[G_N_ELEMENTS (users)];
   for (guint i = 0; i < s.n; i++)
      one_call (c, users[i], hex_ids[i], &expected[i].rc, expected[i].cause,
                &expected[i].text);
   s.expected = expected;
   g_mutex_init (&s.lock);
   GThread *threads[THREADS];
   for (int t = 0; t < THREADS; t++)
      threads[t] = g_thread_new ("validate", concurrent_worker, &s);
   for (int t = 0; t < THREADS; t++)
      g_thread_join (threads[t]);
   g_mutex_clear (&s.lock);
   for (guint i = 0; i < s.n; i++)
      g_free (expected[i].text);
   if (s.mismatches > 0)
      mh_case_fail (
         c,
         "%d of %d concurrent answers differ from the serial run; first: "
         "%s",
         s.mismatches, THREADS * CALLS_PER_THREAD, s.first_mismatch);
   else
      mh_case_note (c, "%d threads x %d calls match a serial run", THREADS,
                    CALLS_PER_THREAD);
   return mh_case_verdict_of (c);
}
