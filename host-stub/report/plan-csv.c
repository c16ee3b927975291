// plan-csv.c — the help desk's call list (operator-plan.h): one row per
// account someone must act on, RFC 4180 (CRLF, every field quoted, quotes
// doubled), UTF-8 with a byte order mark so that Excel reads the names
// right.
//
// A cell that starts with = + - @ (or a tab or carriage return) is a
// formula to a spreadsheet: a user name "=HYPERLINK(...)" would run when
// the help desk opens the list. Such a cell gets a leading apostrophe, as
// OWASP advises for CSV injection; the user name stays readable.

#include "report/plan-files.h"

#include "report/report-output.h"

#include <string.h>

static const char *const columns[] = {
   "user",        "full_name",      "verdict",  "cause",          "action",
   "what_to_ask", "client_machine", "smb_user", "holder_program", "holder_pid",
   "since",       "reason",         "hex_id",
};

static void
cell (GString *line, const char *text, gboolean first)
{
   if (!first)
      g_string_append_c (line, ',');
   g_string_append_c (line, '"');
   if (text != NULL && strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
      g_string_append_c (line, '\'');
   for (const char *c = text != NULL ? text : ""; *c != '\0'; c++) {
      if (*c == '"')
         g_string_append_c (line, '"');
      g_string_append_c (line, *c);
   }
   g_string_append_c (line, '"');
}

// Unix seconds as ISO 8601 UTC, "" when unknown.
static char *
iso_time (gint64 t)
{
   if (t == 0)
      return g_strdup ("");
   g_autoptr (GDateTime) d = g_date_time_new_from_unix_utc (t);
   return d != NULL ? g_date_time_format (d, "%Y-%m-%dT%H:%M:%SZ")
                    : g_strdup ("");
}

static void
row_line (GString *line, const MhPlanRow *r)
{
   g_autofree char *pid = r->pid != 0
                             ? g_strdup_printf ("%" G_GINT64_FORMAT, r->pid)
                             : g_strdup ("");
   g_autofree char *since = iso_time (r->since);
   const char *fields[] = {
      r->user,
      r->full_name,
      r->verdict,
      r->cause,
      mh_action_name (r->action),
      mh_action_ask (r->action),
      r->client,
      r->smb_user,
      r->program,
      pid,
      since,
      r->reason,
      r->hex_id,
   };
   G_STATIC_ASSERT (G_N_ELEMENTS (fields) == G_N_ELEMENTS (columns));
   for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
      cell (line, fields[i], i == 0);
   g_string_append (line, "\r\n");
}

gboolean
mh_plan_write_csv (const MhPlan *plan, const char *path, GError **error)
{
   MhOutput *output = mh_output_open (path, "--csv", error);
   if (output == NULL)
      return FALSE;
   FILE *out = mh_output_stream (output);
   g_autoptr (GString) line = g_string_new ("\xef\xbb\xbf");
   for (gsize i = 0; i < G_N_ELEMENTS (columns); i++)
      cell (line, columns[i], i == 0);
   g_string_append (line, "\r\n");
   fwrite (line->str, 1, line->len, out);
   for (guint i = 0; i < mh_plan_row_count (plan); i++) {
      const MhPlanRow *r = mh_plan_row (plan, i);
      if (r->action == MH_ACTION_NONE)
         continue;
      g_string_truncate (line, 0);
      row_line (line, r);
      fwrite (line->str, 1, line->len, out);
   }
   mh_output_flush (output);
   return mh_output_close (output, error);
}
