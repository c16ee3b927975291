// report-stream.c — a JSON report written as a run goes (see the header).

#include "report/report-stream.h"

typedef enum { PART_HEAD, PART_ACCOUNTS, PART_TRAILER } Part;

struct MhReportStream {
   GMutex lock;
   MhOutput *output;
   Part part;
   guint n_accounts;
};

char *
mh_report_time_now (void)
{
   g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
   g_autofree char *seconds = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
   return g_strdup_printf ("%s.%03dZ", seconds,
                           g_date_time_get_microsecond (now) / 1000);
}

static void
write_member (MhReportStream *s, const char *key, json_t *value)
{
   FILE *out = mh_output_stream (s->output);
   json_t *name = json_string (key);
   g_autofree char *k = json_dumps (name, JSON_ENCODE_ANY);
   g_autofree char *v =
      json_dumps (value, JSON_ENCODE_ANY | JSON_COMPACT | JSON_PRESERVE_ORDER);
   json_decref (name);
   json_decref (value);
   fprintf (out, ",\n  %s: %s", k, v != NULL ? v : "null");
}

MhReportStream *
mh_report_stream_open (const char *path, const char *option,
                       const char *command, GError **error)
{
   MhOutput *output = mh_output_open (path, option, error);
   if (output == NULL)
      return NULL;
   MhReportStream *s = g_new0 (MhReportStream, 1);
   g_mutex_init (&s->lock);
   s->output = output;
   g_autofree char *started = mh_report_time_now ();
   fprintf (mh_output_stream (output), "{\n  \"schema_version\": %d",
            MH_REPORT_SCHEMA_VERSION);
   write_member (s, "command", json_string (command));
   write_member (s, "started", json_string (started));
   mh_output_flush (output);
   return s;
}

void
mh_report_stream_field (MhReportStream *s, const char *key, json_t *value)
{
   g_return_if_fail (s->part == PART_HEAD);
   write_member (s, key, value);
   mh_output_flush (s->output);
}

static void
end_accounts (MhReportStream *s)
{
   FILE *out = mh_output_stream (s->output);
   if (s->part == PART_HEAD)
      fputs (",\n  \"accounts\": [", out);
   if (s->part != PART_TRAILER)
      fputs (s->n_accounts > 0 ? "\n  ]" : "]", out);
   s->part = PART_TRAILER;
}

void
mh_report_stream_account (MhReportStream *s, json_t *account)
{
   g_autofree char *line =
      json_dumps (account, JSON_COMPACT | JSON_PRESERVE_ORDER);
   json_decref (account);
   g_mutex_lock (&s->lock);
   FILE *out = mh_output_stream (s->output);
   if (s->part == PART_HEAD) {
      fputs (",\n  \"accounts\": [", out);
      s->part = PART_ACCOUNTS;
   }
   if (s->part == PART_ACCOUNTS) {
      fprintf (out, "%s\n    %s", s->n_accounts > 0 ? "," : "",
               line != NULL ? line : "null");
      s->n_accounts++;
      mh_output_flush (s->output);
   }
   g_mutex_unlock (&s->lock);
}

void
mh_report_stream_account_text (MhReportStream *s, const char *json)
{
   g_mutex_lock (&s->lock);
   FILE *out = mh_output_stream (s->output);
   if (s->part == PART_HEAD) {
      fputs (",\n  \"accounts\": [", out);
      s->part = PART_ACCOUNTS;
   }
   if (s->part == PART_ACCOUNTS) {
      fprintf (out, "%s\n    %s", s->n_accounts > 0 ? "," : "", json);
      s->n_accounts++;
      mh_output_flush (s->output);
   }
   g_mutex_unlock (&s->lock);
}

void
mh_report_stream_trailer (MhReportStream *s, const char *key, json_t *value)
{
   g_mutex_lock (&s->lock);
   end_accounts (s);
   write_member (s, key, value);
   mh_output_flush (s->output);
   g_mutex_unlock (&s->lock);
}

gboolean
mh_report_stream_close (MhReportStream *s, const char *interrupted_by,
                        GError **error)
{
   if (s == NULL)
      return TRUE;
   end_accounts (s);
   g_autofree char *ended = mh_report_time_now ();
   write_member (s, "ended", json_string (ended));
   write_member (s, "complete", json_boolean (interrupted_by == NULL));
   write_member (s, "interrupted_by",
                 interrupted_by != NULL ? json_string (interrupted_by)
                                        : json_null ());
   fputs ("\n}\n", mh_output_stream (s->output));
   gboolean ok = mh_output_close (s->output, error);
   g_mutex_clear (&s->lock);
   g_free (s);
   return ok;
}

gboolean
mh_report_stream_is_stdout (const MhReportStream *s)
{
   return mh_output_is_stdout (s->output);
}
