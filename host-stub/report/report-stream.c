// report-stream.c — a JSON report written as a run goes (see the header).

#include "report/report-stream.h"

#include "run/crash-point.h"

#include <string.h>

typedef enum { PART_HEAD, PART_ACCOUNTS, PART_TRAILER } Part;

struct MhReportStream {
   GMutex lock;
   MhOutput *output;
   Part part;
   guint n_accounts;
   // In place: each record is written over the provisional end, followed
   // by a new one, in one write; `end` is where the provisional end starts.
   gboolean rewrite;
   gint64 end;
   const char *end_written; // the provisional end the file has at `end`
   gboolean refused;        // a record could not be written: no more are
   gboolean incomplete;     // complete: false whatever the signal
};

// The provisional end of a document written in place: what makes it whole
// JSON after every record. Its "ended": null says the run had not ended
// when the record before it was written.
static const char *
provisional_end (Part part)
{
   static const char *const ends[] = {
      [PART_HEAD] =
         ",\n  \"accounts\": [],\n  \"ended\": null,\n  \"complete\": "
         "false,\n  \"interrupted_by\": null\n}\n",
      [PART_ACCOUNTS] = "\n  ],\n  \"ended\": null,\n  \"complete\": false,\n  "
                        "\"interrupted_by\": null\n}\n",
      [PART_TRAILER] = ",\n  \"ended\": null,\n  \"complete\": false,\n  "
                       "\"interrupted_by\": null\n}\n",
   };
   return ends[part];
}

char *
mh_report_time_now (void)
{
   g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
   g_autofree char *seconds = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
   return g_strdup_printf ("%s.%03dZ", seconds,
                           g_date_time_get_microsecond (now) / 1000);
}

// Writes `text` (the document's next bytes), then, in place, the
// provisional end after it; flushed either way.
static void
emit (MhReportStream *s, GString *text, gboolean last)
{
   if (s->rewrite) {
      if (s->refused)
         return;
      if (s->end > 0)
         mh_crash_point (); // not before the first: a report is never empty
      gsize len = text->len;
      if (!last)
         g_string_append (text, provisional_end (s->part));
      if (!mh_output_write_at (s->output, s->end, text->str, text->len)) {
         // A full disk (or a failing one) took part of the record: the
         // provisional end the file had is written back where it was —
         // bytes the file held already, no new space — so the report
         // stays whole JSON, marked incomplete, with every record before.
         // The failure is remembered: closing the report says so (74).
         s->refused = TRUE;
         const char *before = s->end_written != NULL ? s->end_written : "";
         mh_output_write_at (s->output, s->end, before, strlen (before));
         return;
      }
      s->end += (gint64) len;
      s->end_written = last ? "" : provisional_end (s->part);
   } else {
      fputs (text->str, mh_output_stream (s->output));
      mh_output_flush (s->output);
   }
}

static void
append_member (GString *text, const char *key, json_t *value)
{
   json_t *name = json_string (key);
   g_autofree char *k = json_dumps (name, JSON_ENCODE_ANY);
   g_autofree char *v =
      json_dumps (value, JSON_ENCODE_ANY | JSON_COMPACT | JSON_PRESERVE_ORDER);
   json_decref (name);
   json_decref (value);
   g_string_append_printf (text, ",\n  %s: %s", k, v != NULL ? v : "null");
}

static MhReportStream *
stream_start (MhOutput *output, const char *command)
{
   MhReportStream *s = g_new0 (MhReportStream, 1);
   g_mutex_init (&s->lock);
   s->output = output;
   s->rewrite = mh_output_is_in_place_file (output);
   g_autofree char *started = mh_report_time_now ();
   g_autoptr (GString) text = g_string_new (NULL);
   g_string_append_printf (text, "{\n  \"schema_version\": %d",
                           MH_REPORT_SCHEMA_VERSION);
   append_member (text, "command", json_string (command));
   append_member (text, "started", json_string (started));
   emit (s, text, FALSE);
   return s;
}

MhReportStream *
mh_report_stream_open (const char *path, const char *option,
                       const char *command, GError **error)
{
   MhOutput *output = mh_output_open (path, option, error);
   return output != NULL ? stream_start (output, command) : NULL;
}

MhReportStream *
mh_report_stream_open_in_place (const char *path, const char *option,
                                const char *command, GError **error)
{
   MhOutput *output = mh_output_open_in_place (path, option, FALSE, error);
   return output != NULL ? stream_start (output, command) : NULL;
}

void
mh_report_stream_field (MhReportStream *s, const char *key, json_t *value)
{
   g_return_if_fail (s->part == PART_HEAD);
   g_autoptr (GString) text = g_string_new (NULL);
   append_member (text, key, value);
   g_mutex_lock (&s->lock);
   emit (s, text, FALSE);
   g_mutex_unlock (&s->lock);
}

// What ends the accounts' array, when it is still open.
static void
end_accounts (MhReportStream *s, GString *text)
{
   if (s->part == PART_HEAD)
      g_string_append (text, ",\n  \"accounts\": [");
   if (s->part != PART_TRAILER)
      g_string_append (text, s->n_accounts > 0 ? "\n  ]" : "]");
   s->part = PART_TRAILER;
}

void
mh_report_stream_account_text (MhReportStream *s, const char *json)
{
   g_autoptr (GString) text = g_string_new (NULL);
   g_mutex_lock (&s->lock);
   if (s->part == PART_HEAD) {
      g_string_append (text, ",\n  \"accounts\": [");
      s->part = PART_ACCOUNTS;
   }
   if (s->part == PART_ACCOUNTS) {
      g_string_append_printf (text, "%s\n    %s", s->n_accounts > 0 ? "," : "",
                              json);
      s->n_accounts++;
      emit (s, text, FALSE);
   }
   g_mutex_unlock (&s->lock);
}

void
mh_report_stream_account (MhReportStream *s, json_t *account)
{
   g_autofree char *line =
      json_dumps (account, JSON_COMPACT | JSON_PRESERVE_ORDER);
   json_decref (account);
   mh_report_stream_account_text (s, line != NULL ? line : "null");
}

void
mh_report_stream_trailer (MhReportStream *s, const char *key, json_t *value)
{
   g_autoptr (GString) text = g_string_new (NULL);
   g_mutex_lock (&s->lock);
   end_accounts (s, text);
   append_member (text, key, value);
   emit (s, text, FALSE);
   g_mutex_unlock (&s->lock);
}

void
mh_report_stream_mark_incomplete (MhReportStream *s)
{
   g_mutex_lock (&s->lock);
   s->incomplete = TRUE;
   g_mutex_unlock (&s->lock);
}

gboolean
mh_report_stream_close (MhReportStream *s, const char *interrupted_by,
                        GError **error)
{
   if (s == NULL)
      return TRUE;
   g_autoptr (GString) text = g_string_new (NULL);
   end_accounts (s, text);
   g_autofree char *ended = mh_report_time_now ();
   append_member (text, "ended", json_string (ended));
   append_member (text, "complete",
                  json_boolean (interrupted_by == NULL && !s->incomplete));
   append_member (text, "interrupted_by",
                  interrupted_by != NULL ? json_string (interrupted_by)
                                         : json_null ());
   g_string_append (text, "\n}\n");
   emit (s, text, TRUE);
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
