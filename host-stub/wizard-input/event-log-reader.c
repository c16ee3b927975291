// event-log-file.c — the wizard's event log as the operator has it (see
// event-log-file.h): format detection, wevtutil XML and Event Viewer's CSV
// and text exports. The binary formats are in event-log-binary.c.

#include "wizard-input/event-log-reader.h"

#include "display-text.h"
#include "host-error.h"

#include <stdio.h>
#include <string.h>

void
mh_log_record_free (MhLogRecord *r)
{
   if (r == NULL)
      return;
   g_free (r->source);
   g_strfreev (r->inserts);
   g_free (r->description);
   g_free (r);
}

static MhLogRecord *
record_new (GPtrArray *records)
{
   MhLogRecord *r = g_new0 (MhLogRecord, 1);
   r->position = records->len + 1;
   g_ptr_array_add (records, r);
   return r;
}

// ---------------------------------------------------------------------------
// wevtutil qe /f:xml

typedef struct {
   GPtrArray *records;
   MhLogRecord *current;
   GPtrArray *inserts; // char *, of the current event's EventData
   GString *text;      // character data of the element being read
   gboolean in_event_data;
} XmlState;

static const char *
attribute (const char **names, const char **values, const char *name)
{
   for (guint i = 0; names[i] != NULL; i++) {
      if (strcmp (names[i], name) == 0)
         return values[i];
   }
   return NULL;
}

// Ends the record being read: its inserts attached, a source always set
// (a record whose Provider names none has the source "").
static void
finish_record (XmlState *s)
{
   if (s->current == NULL)
      return;
   if (s->inserts != NULL && s->inserts->len > 0) {
      g_ptr_array_add (s->inserts, NULL);
      s->current->inserts = (GStrv) g_ptr_array_free (s->inserts, FALSE);
   } else if (s->inserts != NULL) {
      g_ptr_array_unref (s->inserts);
   }
   s->inserts = NULL;
   if (s->current->source == NULL)
      s->current->source = g_strdup ("");
   s->current = NULL;
}

static void
xml_start (GMarkupParseContext *context, const char *element,
           const char **names, const char **values, gpointer data,
           GError **error)
{
   (void) context;
   (void) error;
   XmlState *s = data;
   g_string_truncate (s->text, 0);
   if (strcmp (element, "Event") == 0) {
      // An <Event> inside an unfinished one (no such XML from wevtutil, but
      // any file may say so): the outer one ends here.
      finish_record (s);
      s->current = record_new (s->records);
      s->inserts = g_ptr_array_new_with_free_func (g_free);
      return;
   }
   if (s->current == NULL)
      return;
   if (strcmp (element, "Provider") == 0) {
      const char *name = attribute (names, values, "EventSourceName");
      if (name == NULL)
         name = attribute (names, values, "Name");
      if (name != NULL && s->current->source == NULL)
         s->current->source = g_strdup (name);
   } else if (strcmp (element, "TimeCreated") == 0) {
      const char *when = attribute (names, values, "SystemTime");
      g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr (GDateTime) t =
         when != NULL ? g_date_time_new_from_iso8601 (when, utc) : NULL;
      if (t != NULL)
         s->current->time = g_date_time_to_unix (t);
   } else if (strcmp (element, "EventData") == 0) {
      s->in_event_data = TRUE;
   }
}

static void
xml_end (GMarkupParseContext *context, const char *element, gpointer data,
         GError **error)
{
   (void) context;
   (void) error;
   XmlState *s = data;
   if (s->current == NULL)
      return;
   if (strcmp (element, "EventID") == 0) {
      guint64 id = g_ascii_strtoull (s->text->str, NULL, 10);
      s->current->id = (uint32_t) (id & 0xFFFFu);
   } else if (strcmp (element, "Data") == 0 && s->in_event_data) {
      g_ptr_array_add (s->inserts, g_strdup (s->text->str));
   } else if (strcmp (element, "EventData") == 0) {
      s->in_event_data = FALSE;
   } else if (strcmp (element, "Message") == 0) {
      g_free (s->current->description);
      s->current->description = g_strdup (s->text->str);
   } else if (strcmp (element, "Event") == 0) {
      finish_record (s);
   }
   g_string_truncate (s->text, 0);
}

static void
xml_text (GMarkupParseContext *context, const char *text, gsize len,
          gpointer data, GError **error)
{
   (void) context;
   (void) error;
   XmlState *s = data;
   g_string_append_len (s->text, text, (gssize) len);
}

static gboolean
read_xml (const char *path, const char *text, gsize len, GPtrArray *records,
          GError **error)
{
   // wevtutil writes <Event> elements one after the other without a root
   // element: give them one. An XML declaration is dropped first.
   const char *p = text;
   if (g_str_has_prefix (p, "<?xml")) {
      const char *end = strstr (p, "?>");
      p = end != NULL ? end + 2 : p;
   }
   g_autofree char *wrapped =
      g_strconcat ("<mig-host-events>", p, "</mig-host-events>", NULL);
   (void) len;
   GMarkupParser parser = {xml_start, xml_end, xml_text, NULL, NULL};
   XmlState s = {records, NULL, NULL, g_string_new (NULL), FALSE};
   GMarkupParseContext *context =
      g_markup_parse_context_new (&parser, G_MARKUP_DEFAULT_FLAGS, &s, NULL);
   g_autoptr (GError) local = NULL;
   gboolean ok = g_markup_parse_context_parse (context, wrapped, -1, &local) &&
                 g_markup_parse_context_end_parse (context, &local);
   g_markup_parse_context_free (context);
   g_string_free (s.text, TRUE);
   if (s.inserts != NULL)
      g_ptr_array_unref (s.inserts);
   if (!ok) {
      // GMarkup quotes the text it stopped at, which may end inside a
      // character: shown escaped.
      g_autofree char *shown = mh_display_path (path);
      g_autofree char *why =
         mh_display_text (local->message, -1, MH_DISPLAY_ONE_LINE);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                   "%s is not well-formed event XML: %s; export it again with "
                   "wevtutil qe Application /f:xml",
                   shown, why);
      return FALSE;
   }
   return TRUE;
}

// ---------------------------------------------------------------------------
// Event Viewer's CSV and text exports

// One record of `sep`-separated fields with RFC 4180 quoting; NULL at the
// end of the text.
static GStrv
read_delimited (const char **pos, const char *end, char sep)
{
   const char *p = *pos;
   if (p >= end)
      return NULL;
   GPtrArray *fields = g_ptr_array_new ();
   for (;;) {
      GString *f = g_string_new (NULL);
      if (p < end && *p == '"') {
         p++;
         while (p < end) {
            if (*p == '"' && p + 1 < end && p[1] == '"') {
               g_string_append_c (f, '"');
               p += 2;
            } else if (*p == '"') {
               p++;
               break;
            } else {
               g_string_append_c (f, *p++);
            }
         }
      }
      while (p < end && *p != sep && *p != '\n' && *p != '\r')
         g_string_append_c (f, *p++);
      g_ptr_array_add (fields, g_string_free (f, FALSE));
      if (p < end && *p == sep) {
         p++;
         continue;
      }
      break;
   }
   if (p < end && *p == '\r')
      p++;
   if (p < end && *p == '\n')
      p++;
   *pos = p;
   g_ptr_array_add (fields, NULL);
   return (GStrv) g_ptr_array_free (fields, FALSE);
}

// Event Viewer writes the date in the exporting user's locale; the forms
// read are ISO 8601, "11/25/2026 9:58:03 PM" (en-US) and "25.11.2026
// 21:58:03" (de-DE and others). Local time of the exporting machine: taken
// as this machine's. 0 when none fits.
static int64_t
parse_viewer_time (const char *text)
{
   g_autoptr (GTimeZone) local = g_time_zone_new_local ();
   g_autoptr (GDateTime) iso = g_date_time_new_from_iso8601 (text, local);
   if (iso != NULL)
      return g_date_time_to_unix (iso);
   int a = 0, b = 0, y = 0, h = 0, m = 0, sec = 0;
   char ampm[3] = "";
   char sep = 0;
   if (sscanf (text, "%d%c%d%*c%d %d:%d:%d %2s", &a, &sep, &b, &y, &h, &m, &sec,
               ampm) < 7)
      return 0;
   int month = a, day = b; // en-US: month/day/year
   if (sep == '.') {       // day.month.year
      month = b;
      day = a;
   }
   if (g_ascii_strcasecmp (ampm, "PM") == 0 && h < 12)
      h += 12;
   else if (g_ascii_strcasecmp (ampm, "AM") == 0 && h == 12)
      h = 0;
   g_autoptr (GDateTime) t = g_date_time_new (local, y, month, day, h, m, sec);
   return t != NULL ? g_date_time_to_unix (t) : 0;
}

static gboolean
read_export (const char *path, const char *text, gsize len, char sep,
             GPtrArray *records, GError **error)
{
   const char *p = text, *end = text + len;
   g_auto (GStrv) header = read_delimited (&p, end, sep);
   int col_time = -1, col_source = -1, col_id = -1;
   for (int i = 0; header != NULL && header[i] != NULL; i++) {
      g_autofree char *name = g_strstrip (g_strdup (header[i]));
      if (g_ascii_strcasecmp (name, "Date and Time") == 0)
         col_time = i;
      else if (g_ascii_strcasecmp (name, "Source") == 0)
         col_source = i;
      else if (g_ascii_strcasecmp (name, "Event ID") == 0)
         col_id = i;
   }
   if (col_source < 0 || col_id < 0) {
      g_autofree char *shown = mh_display_path (path);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                   "%s: no Source and Event ID columns in its first line, so "
                   "it is not an Event Viewer export; give an .evt or .evtx "
                   "file, wevtutil XML, or Event Viewer's CSV or text export",
                   shown);
      return FALSE;
   }
   // The description is the field after the named columns.
   int col_text = (int) g_strv_length (header);
   for (;;) {
      g_auto (GStrv) row = read_delimited (&p, end, sep);
      if (row == NULL)
         break;
      guint n = g_strv_length (row);
      if (n <= (guint) MAX (col_source, col_id) || row[0][0] == '\0')
         continue;
      MhLogRecord *r = record_new (records);
      r->source = g_strstrip (g_strdup (row[col_source]));
      r->id = (uint32_t) (g_ascii_strtoull (row[col_id], NULL, 10) & 0xFFFFu);
      if (col_time >= 0 && (guint) col_time < n)
         r->time = parse_viewer_time (g_strstrip (row[col_time]));
      if ((guint) col_text < n)
         r->description = g_strdup (row[col_text]);
   }
   return TRUE;
}

// ---------------------------------------------------------------------------

static gboolean
has_prefix_at (const char *text, gsize len, gsize offset, const char *magic)
{
   gsize m = strlen (magic);
   return len >= offset + m && memcmp (text + offset, magic, m) == 0;
}

gboolean
mh_event_log_parse_text (const char *data, gsize len, const char *path,
                         const char **format, GPtrArray *records,
                         GError **error)
{
   // Text: UTF-8 (a byte order mark dropped) or UTF-16LE, as Windows tools
   // write it. A NUL byte in UTF-8 text would end it early: refused like
   // any other byte that is not text.
   g_autofree char *text = NULL;
   *format = "text";
   if (len >= 2 && (guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE)
      text = g_convert (data + 2, (gssize) (len - 2), "UTF-8", "UTF-16LE", NULL,
                        NULL, NULL);
   else if (memchr (data, '\0', len) == NULL)
      text = has_prefix_at (data, len, 0, "\xEF\xBB\xBF")
                ? g_strndup (data + 3, len - 3)
                : g_strndup (data, len);
   if (text == NULL || !g_utf8_validate (text, -1, NULL)) {
      g_autofree char *shown = mh_display_path (path);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                   "%s is not an event log mig-host reads: not .evt, .evtx, "
                   "wevtutil XML, or Event Viewer's CSV or text export in "
                   "UTF-8 or UTF-16",
                   shown);
      return FALSE;
   }
   const char *start = text;
   while (*start == ' ' || *start == '\r' || *start == '\n' || *start == '\t')
      start++;
   if (*start == '<') {
      *format = "xml";
      return read_xml (path, start, strlen (start), records, error);
   }
   const char *eol = strchr (start, '\n');
   gsize first_line = eol != NULL ? (gsize) (eol - start) : strlen (start);
   gboolean tabs = memchr (start, '\t', first_line) != NULL;
   *format = tabs ? "text" : "csv";
   return read_export (path, start, strlen (start), tabs ? '\t' : ',', records,
                       error);
}

GPtrArray *
mh_event_log_file_read (const char *path, const char **format, GError **error)
{
   g_autoptr (GPtrArray) records =
      g_ptr_array_new_with_free_func ((GDestroyNotify) mh_log_record_free);
   g_autofree char *data = NULL;
   gsize len = 0;
   g_autoptr (GError) local = NULL;
   if (!g_file_get_contents (path, &data, &len, &local)) {
      g_autofree char *shown = mh_display_path (path);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   "cannot read the event log %s: %s; give the file the "
                   "operator exported (--log FILE)",
                   shown, local->message);
      return NULL;
   }
   gboolean ok;
   if (has_prefix_at (data, len, 4, "LfLe")) {
      *format = "evt";
      ok = mh_event_log_read_evt (path, records, error);
   } else if (has_prefix_at (data, len, 0, "ElfFile")) {
      *format = "evtx";
      ok = mh_event_log_read_evtx (path, records, error);
   } else {
      ok = mh_event_log_parse_text (data, len, path, format, records, error);
   }
   return ok ? g_steal_pointer (&records) : NULL;
}
