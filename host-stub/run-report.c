// run-report.c — what the JSON reports of runs through accounts share.

#include "run-report.h"

#include "cli.h"
#include "run-interrupt.h"

gboolean
mig_run_report_open (const char *json_path, const char *command,
                     MigReportStream **report, GError **error)
{
   *report = NULL;
   if (json_path == NULL)
      return TRUE;
   *report = mig_report_stream_open (json_path, "--json", command, error);
   return *report != NULL;
}

json_t *
mig_run_report_plugin (const MigPlugin *plugin)
{
   if (plugin == NULL)
      return json_null ();
   const mig_plugin_entry *entry = mig_plugin_entry_of (plugin);
   g_autofree char *name = g_utf8_make_valid (entry->name, -1);
   g_autofree char *version = g_utf8_make_valid (entry->version, -1);
   g_autofree char *path = g_utf8_make_valid (mig_plugin_path (plugin), -1);
   return json_pack ("{s:s, s:s, s:s}", "name", name, "version", version,
                     "path", path);
}

json_t *
mig_run_report_postoffice (const char *postoffice, const MigAnswer *answer)
{
   json_t *o = json_pack ("{s:s}", "path", postoffice);
   if (answer != NULL) {
      json_t *fields = mig_answer_to_json (answer);
      json_object_update (o, fields);
      json_decref (fields);
   }
   return o;
}

gboolean
mig_run_report_close (MigReportStream *report, const char *command,
                      const MigDigest *digest, json_t *summary)
{
   mig_report_stream_trailer (report, "causes",
                              mig_digest_causes_json (digest));
   mig_report_stream_trailer (report, "summary", summary);
   g_autoptr (GError) error = NULL;
   if (mig_report_stream_close (report, mig_interrupt_name (), &error))
      return TRUE;
   mig_cli_error (command, "%s", error->message);
   return FALSE;
}
