// run-report.c — what the JSON reports of runs through accounts share.

#include "report/run-report.h"

#include "cli.h"
#include "run/run-interrupt.h"

gboolean
mh_run_report_open (const char *json_path, const char *command,
                    MhReportStream **report, GError **error)
{
   *report = NULL;
   if (json_path == NULL)
      return TRUE;
   *report = mh_report_stream_open (json_path, "--json", command, error);
   return *report != NULL;
}

json_t *
mh_run_report_plugin (const MhPlugin *plugin)
{
   if (plugin == NULL)
      return json_null ();
   const mig_plugin_entry *entry = mh_plugin_entry_of (plugin);
   g_autofree char *name = g_utf8_make_valid (entry->name, -1);
   g_autofree char *version = g_utf8_make_valid (entry->version, -1);
   g_autofree char *path = g_utf8_make_valid (mh_plugin_path (plugin), -1);
   return json_pack ("{s:s, s:s, s:s}", "name", name, "version", version,
                     "path", path);
}

json_t *
mh_run_report_postoffice (const char *postoffice, const MhAnswer *answer)
{
   json_t *o = json_pack ("{s:s}", "path", postoffice);
   if (answer != NULL) {
      json_t *fields = mh_answer_to_json (answer);
      json_object_update (o, fields);
      json_decref (fields);
   }
   return o;
}

gboolean
mh_run_report_close (MhReportStream *report, const char *command,
                     const MhDigest *digest, json_t *summary)
{
   mh_report_stream_trailer (report, "causes", mh_digest_causes_json (digest));
   mh_report_stream_trailer (report, "summary", summary);
   g_autoptr (GError) error = NULL;
   if (mh_report_stream_close (report, mh_interrupt_name (), &error))
      return TRUE;
   mh_cli_error (command, "%s", error->message);
   return FALSE;
}
