// test-host-services — mig-host's side of mig_host.log (plugin-host/
// host-services.c): every level a plugin may pass, known or not, reaches
// the log with the priority of the nearest level mig-host knows, as
// abi/mig-plugin.h asks of a host.

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

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_log_set_writer_func (capture, NULL, NULL);
   g_test_add_func ("/host-services/unknown-log-levels-are-the-nearest-known",
                    test_unknown_levels_are_the_nearest_known);
   return g_test_run ();
}
