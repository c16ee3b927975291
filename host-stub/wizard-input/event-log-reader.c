// event-log-reader.c — the wizard's event log as the operator has it (see
// event-log-reader.h): format detection, wevtutil XML, Event Viewer's CSV
// and text exports, mig-host's own events, and what a damaged file lost.
// The binary formats are in event-log-reader-evt.c.

#include "wizard-input/event-log-reader.h"

#include "wizard-input/event-log-reader-evt.h"

#include "display-text.h"
#include "host-error.h"

#include <glib/gi18n-lib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

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
          MhLogDamage *damage, GError **error)
{
   guint before = records->len;
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
   // An <Event> the XML broke off inside is no record.
   if (!ok && s.current != NULL)
      g_ptr_array_remove_index (records, records->len - 1);
   g_string_free (s.text, TRUE);
   if (s.inserts != NULL)
      g_ptr_array_unref (s.inserts);
   if (!ok) {
      // GMarkup quotes the text it stopped at, which may end inside a
      // character: shown escaped.
      g_autofree char *shown = mh_display_path (path);
      g_autofree char *why =
         mh_display_text (local->message, -1, MH_DISPLAY_ONE_LINE);
      // Events before the break are whole: a file cut off (or broken) after
      // them is a damaged log, its later events lost — not a shorter one.
      if (records->len > before) {
         mh_log_damage_note (damage, 0, TRUE,
                             "its XML breaks off after %u whole events (%s)",
                             records->len - before, why);
         return TRUE;
      }
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
         _ ("%s is not well-formed event XML: %s; export it again with "
            "wevtutil qe Application /f:xml"),
         shown, why);
      return FALSE;
   }
   return TRUE;
}

// ---------------------------------------------------------------------------
// Event Viewer's CSV and text exports

// One record of `sep`-separated fields with RFC 4180 quoting; NULL at the
// end of the text. *open_quote is TRUE when the text ended inside quotes.
static GStrv
read_delimited (const char **pos, const char *end, char sep,
                gboolean *open_quote)
{
   const char *p = *pos;
   if (p >= end)
      return NULL;
   GPtrArray *fields = g_ptr_array_new ();
   for (;;) {
      GString *f = g_string_new (NULL);
      if (p < end && *p == '"') {
         p++;
         *open_quote = TRUE;
         while (p < end) {
            if (*p == '"' && p + 1 < end && p[1] == '"') {
               g_string_append_c (f, '"');
               p += 2;
            } else if (*p == '"') {
               p++;
               *open_quote = FALSE;
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

// The column names Event Viewer writes in the exporting Windows' language:
// English, German, French, Spanish.
static const char *const time_names[] = {"Date and Time", "Datum und Uhrzeit",
                                         "Date et heure", "Fecha y hora", NULL};
static const char *const source_names[] = {"Source", "Quelle", "Origen", NULL};
static const char *const id_names[] = {"Event ID",
                                       "Ereignis-ID",
                                       "ID de l'événement",
                                       "ID de l’événement",
                                       "Id. del evento",
                                       "Id. de evento",
                                       NULL};

// TRUE when `name` is one of `names`, without regard to case.
static gboolean
column_is (const char *name, const char *const *names)
{
   g_autofree char *folded = g_utf8_casefold (name, -1);
   for (gsize i = 0; names[i] != NULL; i++) {
      g_autofree char *candidate = g_utf8_casefold (names[i], -1);
      if (strcmp (folded, candidate) == 0)
         return TRUE;
   }
   return FALSE;
}

static gboolean
read_export (const char *path, const char *text, gsize len, char sep,
             GPtrArray *records, MhLogDamage *damage, GError **error)
{
   const char *p = text, *end = text + len;
   gboolean open_quote = FALSE;
   g_auto (GStrv) header = read_delimited (&p, end, sep, &open_quote);
   int col_time = -1, col_source = -1, col_id = -1;
   for (int i = 0; header != NULL && header[i] != NULL; i++) {
      g_autofree char *name = g_strstrip (g_strdup (header[i]));
      if (column_is (name, time_names))
         col_time = i;
      else if (column_is (name, source_names))
         col_source = i;
      else if (column_is (name, id_names))
         col_id = i;
   }
   if (col_source < 0 || col_id < 0) {
      g_autofree char *shown = mh_display_path (path);
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
         _ ("%s: no Source and Event ID columns in its first line (in "
            "English, German, French or Spanish), so it is not an "
            "Event Viewer export mig-host reads; give an .evt or "
            ".evtx file, wevtutil XML, or Event Viewer's CSV or text "
            "export"),
         shown);
      return FALSE;
   }
   // Event Viewer ends its line of column names with a line break: the file
   // ending inside it is an export cut off before its first record, not an
   // export of an empty log.
   if (p >= end && (open_quote || (len > 0 && text[len - 1] != '\n' &&
                                   text[len - 1] != '\r')))
      mh_log_damage_note (damage, 0, TRUE,
                          "it is cut off inside its first line, the column "
                          "names (no line break after it)");
   // The description is the field after the named columns.
   int col_text = (int) g_strv_length (header);
   for (;;) {
      g_auto (GStrv) row = read_delimited (&p, end, sep, &open_quote);
      if (row == NULL)
         break;
      guint n = g_strv_length (row);
      // Event Viewer ends every row with a line break and closes every
      // quote: a last row without its line break, or a quote still open at
      // the end, is a row cut off — and whatever followed it is lost.
      gboolean last = p >= end;
      if (last && (open_quote ||
                   (len > 0 && text[len - 1] != '\n' && text[len - 1] != '\r')))
         mh_log_damage_note (damage, 0, TRUE,
                             "it is cut off inside record %u (its last line "
                             "has no line break%s)",
                             records->len + 1,
                             open_quote ? " and an open quote" : "");
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
// mig-host's own events (migrate --events): JSON Lines

// A line that is not a JSON object with a source and an id is a record
// lost; a last line without its line break that does not parse is a file
// cut off.
static gboolean
read_events_jsonl (const char *path, const char *text, gsize len,
                   GPtrArray *records, MhLogDamage *damage, GError **error)
{
   guint bad = 0, line_no = 0, first_bad = 0;
   const char *p = text, *end = text + len;
   while (p < end) {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = eol != NULL ? eol : end;
      line_no++;
      gsize n = (gsize) (line_end - p);
      if (n > 0 && p[n - 1] == '\r')
         n--;
      if (n > 0) {
         json_t *o = json_loadb (p, n, 0, NULL);
         json_t *source = json_object_get (o, "source");
         json_t *id = json_object_get (o, "id");
         if (json_is_string (source) && json_is_integer (id)) {
            MhLogRecord *r = record_new (records);
            r->source = g_strdup (json_string_value (source));
            r->id = (uint32_t) (json_integer_value (id) & 0xFFFF);
            json_t *time = json_object_get (o, "time");
            g_autoptr (GDateTime) t = json_is_string (time)
                                         ? g_date_time_new_from_iso8601 (
                                              json_string_value (time), NULL)
                                         : NULL;
            r->time = t != NULL ? g_date_time_to_unix (t) : 0;
            json_t *inserts = json_object_get (o, "inserts");
            if (json_is_array (inserts)) {
               GPtrArray *v = g_ptr_array_new ();
               size_t i;
               json_t *value;
               json_array_foreach (inserts, i, value)
                  g_ptr_array_add (v, g_strdup (json_is_string (value)
                                                   ? json_string_value (value)
                                                   : ""));
               g_ptr_array_add (v, NULL);
               r->inserts = (GStrv) g_ptr_array_free (v, FALSE);
            }
            json_t *description = json_object_get (o, "description");
            if (json_is_string (description))
               r->description = g_strdup (json_string_value (description));
         } else if (eol == NULL) {
            mh_log_damage_note (damage, 0, TRUE,
                                "it is cut off inside its last line (%u)",
                                line_no);
         } else {
            bad++;
            first_bad = first_bad ? first_bad : line_no;
         }
         json_decref (o);
      }
      p = eol != NULL ? eol + 1 : end;
   }
   if (bad > 0)
      mh_log_damage_note (damage, bad, FALSE,
                          "%u of its lines are not events (the first: line %u)",
                          bad, first_bad);
   if (records->len == 0) {
      g_autofree char *shown = mh_display_path (path);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                   _ ("%s holds no event mig-host can read: it is JSON, but no "
                      "line is an event with a source and an id (migrate "
                      "--events writes such lines)"),
                   shown);
      return FALSE;
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
                         MhLogDamage *damage, GError **error)
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
                   _ ("%s is not an event log mig-host reads: not .evt, .evtx, "
                      "wevtutil XML, Event Viewer's CSV or text export in "
                      "UTF-8 or UTF-16, or mig-host's own --events"),
                   shown);
      return FALSE;
   }
   const char *start = text;
   while (*start == ' ' || *start == '\r' || *start == '\n' || *start == '\t')
      start++;
   if (*start == '<') {
      *format = "xml";
      return read_xml (path, start, strlen (start), records, damage, error);
   }
   if (*start == '{') {
      *format = "mig-host-events";
      return read_events_jsonl (path, start, strlen (start), records, damage,
                                error);
   }
   const char *eol = strchr (start, '\n');
   gsize first_line = eol != NULL ? (gsize) (eol - start) : strlen (start);
   gboolean tabs = memchr (start, '\t', first_line) != NULL;
   *format = tabs ? "text" : "csv";
   return read_export (path, start, strlen (start), tabs ? '\t' : ',', records,
                       damage, error);
}

GPtrArray *
mh_event_log_file_read (const char *path, const char **format,
                        MhLogDamage *damage, GError **error)
{
   g_autoptr (GPtrArray) records =
      g_ptr_array_new_with_free_func ((GDestroyNotify) mh_log_record_free);
   g_autofree char *data = NULL;
   gsize len = 0;
   g_autoptr (GError) local = NULL;
   if (!g_file_get_contents (path, &data, &len, &local)) {
      g_autofree char *shown = mh_display_path (path);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   _ ("cannot read the event log %s: %s; give the file the "
                      "operator exported (--log FILE)"),
                   shown, local->message);
      return NULL;
   }
   gboolean ok;
   if (has_prefix_at (data, len, 4, "LfLe")) {
      *format = "evt";
      ok = mh_event_log_read_evt (path, data, len, records, damage, error);
   } else if (has_prefix_at (data, len, 0, "ElfFile")) {
      *format = "evtx";
      ok = mh_event_log_read_evtx (path, records, damage, error);
   } else {
      ok = mh_event_log_parse_text (data, len, path, format, records, damage,
                                    error);
   }
   return ok ? g_steal_pointer (&records) : NULL;
}
