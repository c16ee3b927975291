// json-writer.c — a JSON object written straight into a string (see the
// header).

#include "report/json-writer.h"

#include <string.h>

// Appends `n` bytes. Rationale: a record is ~20 short pieces; copying into
// the room the string already has skips g_string_append_len's general
// insertion path (~90 instructions a piece in GLib 2.74).
static inline void
put (GString *out, const char *bytes, gsize n)
{
   if (out->len + n < out->allocated_len) {
      memcpy (out->str + out->len, bytes, n);
      out->len += n;
      out->str[out->len] = '\0';
   } else {
      g_string_append_len (out, bytes, (gssize) n);
   }
}

#define PUT_LITERAL(out, s) put ((out), (s), sizeof (s) - 1)

static void
append_valid (GString *out, const char *text)
{
   static const char hex[] = "0123456789abcdef";
   const char *run = text;
   for (const char *p = text; *p != '\0'; p++) {
      guchar c = (guchar) *p;
      if (c >= 0x20 && c != '"' && c != '\\')
         continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c) {
      case '"':
         g_string_append (out, "\\\"");
         break;
      case '\\':
         g_string_append (out, "\\\\");
         break;
      case '\n':
         g_string_append (out, "\\n");
         break;
      case '\r':
         g_string_append (out, "\\r");
         break;
      case '\t':
         g_string_append (out, "\\t");
         break;
      case '\b':
         g_string_append (out, "\\b");
         break;
      case '\f':
         g_string_append (out, "\\f");
         break;
      default: {
         char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF], 0};
         g_string_append (out, u);
         break;
      }
      }
   }
   g_string_append (out, run);
}

// The length of `text` when it is printable ASCII without a quote or a
// backslash (written as it is: keys, causes, paths, most names), else -1.
static gssize
plain_length (const char *text)
{
   const char *p = text;
   for (; *p != '\0'; p++) {
      guchar c = (guchar) *p;
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
         return -1;
   }
   return p - text;
}

void
mh_json_append_string (GString *out, const char *text)
{
   gssize plain = plain_length (text);
   if (plain >= 0) {
      PUT_LITERAL (out, "\"");
      put (out, text, (gsize) plain);
      PUT_LITERAL (out, "\"");
      return;
   }
   g_string_append_c (out, '"');
   if (g_utf8_validate (text, -1, NULL)) {
      append_valid (out, text);
   } else {
      g_autofree char *valid = g_utf8_make_valid (text, -1);
      append_valid (out, valid);
   }
   g_string_append_c (out, '"');
}

void
mh_json_object_begin (MhJsonObject *o, GString *out)
{
   o->out = out;
   o->first = TRUE;
   g_string_append_c (out, '{');
}

void
mh_json_object_end (MhJsonObject *o)
{
   g_string_append_c (o->out, '}');
}

static void
key (MhJsonObject *o, const char *name)
{
   if (!o->first)
      PUT_LITERAL (o->out, ",");
   o->first = FALSE;
   mh_json_append_string (o->out, name);
   PUT_LITERAL (o->out, ":");
}

void
mh_json_member_string (MhJsonObject *o, const char *name, const char *value)
{
   key (o, name);
   if (value == NULL)
      PUT_LITERAL (o->out, "null");
   else
      mh_json_append_string (o->out, value);
}

void
mh_json_member_string_or_null (MhJsonObject *o, const char *name,
                               const char *value)
{
   mh_json_member_string (o, name,
                          value != NULL && value[0] != '\0' ? value : NULL);
}

void
mh_json_member_int (MhJsonObject *o, const char *name, gint64 value)
{
   key (o, name);
   // Digits written backwards into a buffer: g_string_append_printf cost
   // ~1,000 instructions for a number every record has.
   char digits[24];
   char *p = digits + sizeof digits;
   guint64 magnitude = value < 0 ? 0 - (guint64) value : (guint64) value;
   do {
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
   } while (magnitude != 0);
   if (value < 0)
      *--p = '-';
   put (o->out, p, (gsize) (digits + sizeof digits - p));
}

void
mh_json_member_bool (MhJsonObject *o, const char *name, gboolean value)
{
   key (o, name);
   if (value)
      PUT_LITERAL (o->out, "true");
   else
      PUT_LITERAL (o->out, "false");
}

void
mh_json_member_null (MhJsonObject *o, const char *name)
{
   key (o, name);
   PUT_LITERAL (o->out, "null");
}

void
mh_json_member_object (MhJsonObject *o, const char *name, MhJsonObject *child)
{
   key (o, name);
   mh_json_object_begin (child, o->out);
}

void
mh_json_member_array (MhJsonObject *o, const char *name, MhJsonArray *array)
{
   key (o, name);
   array->out = o->out;
   array->first = TRUE;
   g_string_append_c (o->out, '[');
}

void
mh_json_array_object (MhJsonArray *array, MhJsonObject *element)
{
   if (!array->first)
      g_string_append_c (array->out, ',');
   array->first = FALSE;
   mh_json_object_begin (element, array->out);
}

void
mh_json_array_end (MhJsonArray *array)
{
   g_string_append_c (array->out, ']');
}
