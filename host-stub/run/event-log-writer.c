// event-log.c — the events of a migration run (see event-log.h).

#include "run/event-log-writer.h"

#include "plugin-host/assessment.h"

#include "display-text.h"
#include "host-error.h"
#include "report/report-output.h"
#include "run/crash-point.h"

#include <errno.h>
#include <stdio.h>

#define JOURNAL_SOCKET "/run/systemd/journal/socket"

struct MhEventLog {
   GMutex lock;
   MhOutput *output; // NULL without --events
   FILE *file;       // the output's stream, or NULL
   gboolean journal;
   gboolean unsynced; // lines written since the last sync
};

MhEventLog *
mh_event_log_open (const char *path, GError **error)
{
   MhOutput *output = NULL;
   if (path != NULL) {
      output = mh_output_open_in_place (path, "--events", TRUE, error);
      if (output == NULL)
         return NULL;
   }
   MhEventLog *log = g_new0 (MhEventLog, 1);
   g_mutex_init (&log->lock);
   log->output = output;
   log->file = output != NULL ? mh_output_stream (output) : NULL;
   log->journal = g_file_test (JOURNAL_SOCKET, G_FILE_TEST_EXISTS);
   return log;
}

gboolean
mh_event_log_is_stdout (const MhEventLog *log)
{
   return log->output != NULL && mh_output_is_stdout (log->output);
}

gboolean
mh_event_log_close (MhEventLog *log, GError **error)
{
   if (log == NULL)
      return TRUE;
   gboolean ok = mh_output_close (log->output, error);
   g_mutex_clear (&log->lock);
   g_free (log);
   return ok;
}

json_t *
mh_logged_event_to_json (const MhLoggedEvent *e)
{
   json_t *inserts = json_array ();
   for (guint i = 0; e->inserts != NULL && e->inserts[i] != NULL; i++) {
      g_autofree char *valid = g_utf8_make_valid (e->inserts[i], -1);
      json_array_append_new (inserts, json_string (valid));
   }
   g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
   g_autofree char *time = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
   g_autofree char *description = g_utf8_make_valid (e->description, -1);
   g_autofree char *user =
      e->user != NULL ? g_utf8_make_valid (e->user, -1) : NULL;
   json_t *resolution = json_null ();
   if (e->resolution != NULL) {
      resolution =
         mh_assess_event_resolution_json (e->resolution, e->user != NULL);
      // The host's verdict fails closed ("defer" for no opinion); the
      // plugin's own answer is kept beside it, as returned.
      const char *raw = mh_verdict_name (e->resolution->result);
      json_object_set_new (resolution, "plugin_verdict",
                           raw != NULL ? json_string (raw) : json_null ());
   }
   return json_pack ("{s:s, s:s, s:I, s:s, s:o, s:s, s:o, s:o}", "time", time,
                     "source", e->source, "id", (json_int_t) e->id, "type",
                     mh_event_type_name (e->type), "inserts", inserts,
                     "description", description, "user",
                     mh_json_text (user, FALSE), "resolution", resolution);
}

static void
write_journal (const MhLoggedEvent *e)
{
   g_autofree char *message =
      mh_display_text (e->description, -1, MH_DISPLAY_ONE_LINE);
   g_autofree char *id = g_strdup_printf ("%u", e->id);
   g_autofree char *user = mh_display_text (e->user, -1, MH_DISPLAY_ONE_LINE);
   const MhAnswer *r = e->resolution;
   GLogField fields[16];
   gsize n = 0;
#define FIELD(k, v) fields[n++] = (GLogField){(k), (v), -1}
   FIELD ("MESSAGE", message);
   FIELD ("PRIORITY", e->type == MH_EVENT_TYPE_ERROR ? "3" : "6");
   FIELD ("SYSLOG_IDENTIFIER", "mig-host");
   FIELD ("MIG_EVENT_SOURCE", e->source);
   FIELD ("MIG_EVENT_ID", id);
   if (e->user != NULL)
      FIELD ("MIG_USER", user);
   if (r != NULL && r->message_id[0] != '\0')
      FIELD ("MESSAGE_ID", r->message_id);
   if (r != NULL) {
      FIELD ("MIG_VERDICT", mh_answer_host_verdict (r));
      FIELD ("MIG_CAUSE", mh_answer_host_cause (r));
   }
#undef FIELD
   g_log_writer_journald (e->type == MH_EVENT_TYPE_ERROR ? G_LOG_LEVEL_WARNING
                                                         : G_LOG_LEVEL_INFO,
                          fields, n, NULL);
}

void
mh_event_log_write (MhEventLog *log, const MhLoggedEvent *e)
{
   json_t *o = mh_logged_event_to_json (e);
   g_autofree char *line = json_dumps (o, JSON_COMPACT | JSON_PRESERVE_ORDER);
   json_decref (o);
   g_mutex_lock (&log->lock);
   if (log->file != NULL && line != NULL) {
      mh_crash_point ();
      log->unsynced = TRUE;
      fputs (line, log->file);
      fputc ('\n', log->file);
      mh_output_flush (log->output); // remembers a failure for close
   }
   if (log->journal)
      write_journal (e);
   g_mutex_unlock (&log->lock);
}

void
mh_event_log_sync (MhEventLog *log)
{
   if (log->output == NULL)
      return;
   g_mutex_lock (&log->lock);
   if (log->unsynced)
      mh_output_sync (log->output);
   log->unsynced = FALSE;
   g_mutex_unlock (&log->lock);
}
