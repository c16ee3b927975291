// test-host-services — mig-host's side of the services it offers plugins:
// every level a plugin may pass to mig_host.log, known or not, reaches the
// log with the priority of the nearest level mig-host knows; findings/1
// keeps a call's findings only when the call did not fail.

#include "plugin-host/answer-copy.h"
#include "plugin-host/host-services.h"

#include <string.h>

static char *last_priority; // the PRIORITY of the last message logged

static GLogWriterOutput
capture (GLogLevelFlags level, const GLogField *fields, gsize n_fields,
         gpointer unused)
{
   (void) level;
   (void) unused;
   for (gsize i = 0; i < n_fields; i++)
      if (strcmp (fields[i].key, "PRIORITY") == 0) {
         g_free (last_priority);
         last_priority = g_strdup (fields[i].value);
      }
   return G_LOG_WRITER_HANDLED;
}

static void
test_unknown_levels_are_the_nearest_known (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhHostServices) services =
      mh_host_services_new ("C", NULL, &error);
   g_assert_no_error (error);
   const mig_host *host = mh_host_services_host (services);
   static const struct {
      int32_t level;
      const char *priority; // syslog's: 7 debug, 6 info, 4 warning, 3 error
   } cases[] = {
      {G_MININT32, "7"},        {-1, "7"},
      {MIG_LOG_DEBUG, "7"},     {MIG_LOG_INFO, "6"},
      {MIG_LOG_WARNING, "4"},   {MIG_LOG_ERROR, "3"},
      {MIG_LOG_ERROR + 1, "3"}, {G_MAXINT32, "3"},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
      g_clear_pointer (&last_priority, g_free);
      host->log (host, cases[i].level, "a message");
      g_test_message ("level %d: priority %s", (int) cases[i].level,
                      last_priority);
      g_assert_cmpstr (last_priority, ==, cases[i].priority);
   }
   g_clear_pointer (&last_priority, g_free);
}

// A hook call that reports a finding through findings/1, as a plugin
// does, then returns `data`'s code.
static int32_t
call_reporting_a_finding (gpointer data, mig_answer *answer)
{
   mig_finding finding = {.struct_size = sizeof finding,
                          .verdict = MIG_VERDICT_DEFER,
                          .event_id = 7007};
   g_strlcpy (finding.cause, "mmf-in-use", sizeof finding.cause);
   mh_answer_findings_service ()->add (NULL, answer, &finding);
   return *(const int32_t *) data;
}

// The ABI: "A host discards the findings of a call that returns an
// error." A successful call keeps them.
static void
test_failed_call_findings_discarded (void)
{
   const int32_t codes[] = {MIG_VERDICT_DEFER, MIG_ERR_INTERNAL,
                            MIG_ERR_INVALID_ARGUMENT};
   for (gsize i = 0; i < G_N_ELEMENTS (codes); i++) {
      MhAnswer *a =
         mh_answer_collect (call_reporting_a_finding, (gpointer) &codes[i]);
      g_assert_cmpint (a->result, ==, codes[i]);
      if (codes[i] >= 0) {
         g_assert_nonnull (a->findings);
         g_assert_cmpuint (a->findings->len, ==, 1);
      } else
         g_assert_null (a->findings);
      mh_answer_free (a);
   }
   g_assert_cmpuint (mh_answer_stray_findings (), ==, 0);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_log_set_writer_func (capture, NULL, NULL);
   g_test_add_func ("/host-services/unknown-log-levels-are-the-nearest-known",
                    test_unknown_levels_are_the_nearest_known);
   g_test_add_func ("/host-services/failed-call-findings-discarded",
                    test_failed_call_findings_discarded);
   return g_test_run ();
}
