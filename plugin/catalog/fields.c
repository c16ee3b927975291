// fields.c — the field store, value sanitising, and rendering an entry.
//
// Values come from hosts, file systems and SMB clients: anything a hostile
// user name or machine name can carry. They are only ever copied as bytes
// (never used as a format), and what reaches the text has no control
// characters or terminal escapes, so an operator's terminal shows exactly
// the text and cannot be driven by it.

#include "fields.h"

#include <string.h>

struct MmfgFields {
   GHashTable *values; // name -> value, both owned
};

MmfgFields *
mmfg_fields_new (void)
{
   MmfgFields *f = g_new0 (MmfgFields, 1);
   f->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
   return f;
}

void
mmfg_fields_free (MmfgFields *fields)
{
   if (fields == NULL)
      return;
   g_hash_table_unref (fields->values);
   g_free (fields);
}

void
mmfg_fields_set (MmfgFields *fields, const char *name, const char *value)
{
   g_return_if_fail (fields != NULL && name != NULL);
   if (value == NULL)
      g_hash_table_remove (fields->values, name);
   else
      g_hash_table_insert (fields->values, g_strdup (name), g_strdup (value));
}

void
mmfg_fields_set_printf (MmfgFields *fields, const char *name,
                        const char *format, ...)
{
   g_return_if_fail (fields != NULL && name != NULL && format != NULL);
   va_list ap;
   va_start (ap, format);
   char *value = g_strdup_vprintf (format, ap);
   va_end (ap);
   g_hash_table_insert (fields->values, g_strdup (name), value);
}

const char *
mmfg_fields_get (const MmfgFields *fields, const char *name)
{
   if (fields == NULL || name == NULL)
      return NULL;
   return g_hash_table_lookup (fields->values, name);
}

// ---------------------------------------------------------------------------
// Sanitising

#define ESC 0x1b
#define BEL 0x07
#define C1_CSI 0x9b
#define C1_ST 0x9c

static gboolean
in_range (guchar c, guchar lo, guchar hi)
{
   return c >= lo && c <= hi;
}

// The end of a control sequence's parameters and final byte, from `i`.
static gsize
skip_csi_tail (const guchar *s, gsize len, gsize i)
{
   while (i < len && in_range (s[i], 0x20, 0x3f))
      i++;
   if (i < len && in_range (s[i], 0x40, 0x7e))
      i++;
   return i;
}

// The end of a control string (OSC, DCS, SOS, PM, APC) from `i`: after BEL,
// ESC \ or the C1 ST, or the end of the value (a terminal would swallow the
// rest too).
static gsize
skip_string_tail (const guchar *s, gsize len, gsize i)
{
   for (; i < len; i++) {
      if (s[i] == BEL)
         return i + 1;
      if (s[i] == ESC && i + 1 < len && s[i + 1] == '\\')
         return i + 2;
      if (s[i] == 0xc2 && i + 1 < len && s[i + 1] == C1_ST)
         return i + 2;
   }
   return len;
}

// The end of the escape sequence starting with ESC at `i`.
static gsize
skip_escape (const guchar *s, gsize len, gsize i)
{
   if (i + 1 >= len)
      return len;
   guchar next = s[i + 1];
   if (next == '[')
      return skip_csi_tail (s, len, i + 2);
   if (strchr ("]PX^_", next) != NULL && next != '\0')
      return skip_string_tail (s, len, i + 2);
   if (in_range (next, 0x20, 0x2f)) { // nF: intermediates, then a final
      gsize j = i + 1;
      while (j < len && in_range (s[j], 0x20, 0x2f))
         j++;
      return j < len && in_range (s[j], 0x30, 0x7e) ? j + 1 : j;
   }
   if (in_range (next, 0x30, 0x7e)) // Fp, Fe, Fs: ESC and one byte
      return i + 2;
   return i + 1;
}

// What to do with a C1 control character (U+0080..U+009F) at `i`, `n` bytes
// long: the end of what it introduces.
static gsize
skip_c1 (const guchar *s, gsize len, gsize i, gsize n, gunichar c)
{
   if (c == C1_CSI)
      return skip_csi_tail (s, len, i + n);
   if (c == 0x90 || c == 0x98 || c == 0x9d || c == 0x9e || c == 0x9f)
      return skip_string_tail (s, len, i + n);
   return i + n;
}

// How many bytes at the start of `s` sanitising leaves as they are.
static gsize
plain_prefix (const guchar *s, gboolean keep_newlines)
{
   gsize n = 0;
   while ((s[n] >= 0x20 && s[n] < 0x7f) ||
          (keep_newlines && (s[n] == '\n' || s[n] == '\t')))
      n++;
   return n;
}

char *
mmfg_sanitise (const char *value, gboolean keep_newlines)
{
   if (value == NULL)
      return g_strdup ("");
   const guchar *s = (const guchar *) value;
   // Printable ASCII (with line breaks and tabs when they are kept) comes
   // out as it went in: copied whole, not a character at a time. Every
   // answer sanitises its cause, path and documentation reference.
   gsize len = plain_prefix (s, keep_newlines);
   if (s[len] == '\0')
      return g_strndup (value, len);
   len += strlen (value + len);
   GString *out = g_string_sized_new (len);
   gsize i = 0;
   while (i < len) {
      guchar c = s[i];
      if (c == ESC) {
         i = skip_escape (s, len, i);
      } else if (c == '\n' || c == '\t') {
         g_string_append_c (out, keep_newlines ? (char) c : ' ');
         i++;
      } else if (c < 0x20 || c == 0x7f) {
         i++;
      } else if (c < 0x80) {
         g_string_append_c (out, (char) c);
         i++;
      } else {
         gunichar u = g_utf8_get_char_validated ((const char *) s + i,
                                                 (gssize) (len - i));
         if (u == (gunichar) -1 || u == (gunichar) -2) {
            g_string_append (out, "\xef\xbf\xbd"); // U+FFFD
            i++;
            continue;
         }
         gsize n = (gsize) g_unichar_to_utf8 (u, NULL);
         if (u >= 0x80 && u <= 0x9f) {
            i = skip_c1 (s, len, i, n, u);
            continue;
         }
         g_string_append_len (out, (const char *) s + i, (gssize) n);
         i += n;
      }
   }
   return g_string_free (out, FALSE);
}

// ---------------------------------------------------------------------------
// Placeholders and rendering

// The length of a placeholder NAME at `s` (up to the closing '@' or the '|'
// of a fallback), or 0 when `s` does not start one.
static gsize
placeholder_len (const char *s)
{
   gsize n = 0;
   while (g_ascii_isupper (s[n]) || g_ascii_isdigit (s[n]) || s[n] == '_')
      n++;
   if (n == 0)
      return 0;
   if (s[n] == '@')
      return n;
   // @NAME|fallback@: the fallback is the entry's own words, up to an '@'
   // on the same line.
   if (s[n] == '|') {
      const char *end = strpbrk (s + n + 1, "@\n");
      return end != NULL && *end == '@' ? n : 0;
   }
   return 0;
}

// A placeholder in the entry text: NAME, its value (NULL when unknown) and
// its fallback (NULL when it has none).
typedef struct {
   const char *start; // the opening '@'
   const char *end;   // past the closing '@'
   char name[64];
   const char *value;
   const char *fallback;
   gsize fallback_len;
} Placeholder;

// Parses the placeholder at `at` ('@'); FALSE when none starts there.
static gboolean
placeholder_at (const char *at, const MmfgFields *fields, Placeholder *p)
{
   gsize n = placeholder_len (at + 1);
   if (n == 0)
      return FALSE;
   p->start = at;
   p->fallback = NULL;
   p->fallback_len = 0;
   const char *after = at + 1 + n;
   if (*after == '|') {
      p->fallback = after + 1;
      p->fallback_len = (gsize) (strchr (p->fallback, '@') - p->fallback);
      after = p->fallback + p->fallback_len;
   }
   p->end = after + 1;
   p->value = NULL;
   if (n < sizeof p->name) {
      memcpy (p->name, at + 1, n);
      p->name[n] = '\0';
      p->value = mmfg_fields_get (fields, p->name);
   }
   if (p->value != NULL && strcmp (p->value, MMFG_FIELD_UNKNOWN) == 0)
      p->value = NULL;
   return TRUE;
}

// Appends a value sanitised; plain printable ASCII, the common case, needs
// no copy.
static void
append_clean (GString *out, const char *value)
{
   const char *p = value;
   while (*p >= 0x20 && *p < 0x7f)
      p++;
   if (*p == '\0') {
      g_string_append_len (out, value, p - value);
      return;
   }
   g_autofree char *clean = mmfg_sanitise (value, FALSE);
   g_string_append (out, clean);
}

// Whether the line [line, end) has a placeholder with no value and no
// fallback in [from, end).
static gboolean
has_unknown (const char *from, const char *end, const MmfgFields *fields)
{
   for (const char *at = memchr (from, '@', (gsize) (end - from));
        at != NULL && at < end;
        at = memchr (at + 1, '@', (gsize) (end - at - 1))) {
      Placeholder p;
      if (!placeholder_at (at, fields, &p))
         continue;
      if (p.value == NULL && p.fallback == NULL)
         return TRUE;
      at = p.end - 1;
      if (at + 1 >= end)
         break;
   }
   return FALSE;
}

// The same outside parentheses, which the rules below drop on their own.
static gboolean
has_unknown_outside_parens (const char *from, const char *end,
                            const MmfgFields *fields)
{
   const char *s = from;
   while (s < end) {
      const char *open = memchr (s, '(', (gsize) (end - s));
      const char *stop = open ? open : end;
      if (has_unknown (s, stop, fields))
         return TRUE;
      if (open == NULL)
         return FALSE;
      const char *close = memchr (open, ')', (gsize) (end - open));
      s = close ? close + 1 : end;
   }
   return FALSE;
}

// A table row ("  File:          @MMF_PATH@"): two spaces, a label and a
// colon. Such a row says nothing when its value is not known: it is left
// out.
static gboolean
is_table_row (const char *line, const char *end)
{
   if (end - line < 3 || line[0] != ' ' || line[1] != ' ' || line[2] == ' ')
      return FALSE;
   const char *colon = memchr (line, ':', (gsize) (end - line));
   return colon != NULL;
}

// Fills one line of an entry. What is not known is never printed as a word:
// a placeholder without a value renders its fallback (@NAME|words@); else a
// parenthesis holding it is left out with the space before it; else a table
// row holding it is left out whole (FALSE). Only as a last resort does it
// read MMFG_FIELD_UNKNOWN.
static gboolean
append_line (GString *out, const char *line, const char *end,
             const MmfgFields *fields)
{
   gsize start = out->len;
   gboolean dropped = FALSE;
   const char *colon = is_table_row (line, end)
                          ? memchr (line, ':', (gsize) (end - line))
                          : NULL;
   if (colon != NULL && has_unknown_outside_parens (colon, end, fields))
      return FALSE;
   for (const char *s = line; s < end;) {
      if (*s == '(') {
         const char *close = memchr (s, ')', (gsize) (end - s));
         if (close != NULL && has_unknown (s, close, fields)) {
            if (out->len > start && out->str[out->len - 1] == ' ')
               g_string_truncate (out, out->len - 1);
            s = close + 1;
            dropped = TRUE;
            continue;
         }
      }
      Placeholder p;
      if (*s != '@' || !placeholder_at (s, fields, &p)) {
         g_string_append_c (out, *s++);
         continue;
      }
      if (p.value != NULL)
         append_clean (out, p.value);
      else if (p.fallback != NULL)
         g_string_append_len (out, p.fallback, (gssize) p.fallback_len);
      else
         g_string_append (out, MMFG_FIELD_UNKNOWN);
      s = p.end;
   }
   // A line that held nothing but what was left out goes with it.
   if (dropped && strspn (out->str + start, " ") == out->len - start)
      return FALSE;
   return TRUE;
}

// Fills every line of `text`. A blank line right after another (what is
// left when every row of a table between them was left out) goes too.
static void
append_filled (GString *out, const char *text, const MmfgFields *fields)
{
   gboolean first = TRUE;
   gboolean last_blank = FALSE;
   for (const char *line = text; line != NULL;) {
      const char *nl = strchr (line, '\n');
      const char *end = nl ? nl : line + strlen (line);
      gboolean blank = line == end;
      gsize before = out->len;
      if (!first)
         g_string_append_c (out, '\n');
      if ((blank && last_blank) || !append_line (out, line, end, fields)) {
         g_string_truncate (out, before);
      } else {
         first = FALSE;
         last_blank = blank;
      }
      line = nl ? nl + 1 : NULL;
   }
}

char **
mmfg_fields_placeholders (const char *text)
{
   GPtrArray *names = g_ptr_array_new ();
   for (const char *at = text ? strchr (text, '@') : NULL; at != NULL;
        at = strchr (at + 1, '@')) {
      gsize n = placeholder_len (at + 1);
      if (n == 0)
         continue;
      char *name = g_strndup (at + 1, n);
      gboolean seen = FALSE;
      for (guint i = 0; i < names->len && !seen; i++)
         seen = strcmp (names->pdata[i], name) == 0;
      if (seen)
         g_free (name);
      else
         g_ptr_array_add (names, name);
      at += n + 1; // past the closing '@' or the '|'
      if (*at == '|')
         at = strchr (at, '@'); // past the fallback: its '@' opens nothing
   }
   g_ptr_array_add (names, NULL);
   return (char **) g_ptr_array_free (names, FALSE);
}

// Copies `text` into `buf` (at most `size` bytes with the NUL), cut before
// a character that does not fit whole.
static void
copy_cut (const GString *text, char *buf, gsize size)
{
   if (buf == NULL || size == 0)
      return;
   gsize n = MIN (text->len, size - 1);
   while (n > 0 && n < text->len && ((guchar) text->str[n] & 0xc0) == 0x80)
      n--;
   memcpy (buf, text->str, n);
   buf[n] = '\0';
}

// Entries are wrapped at 76 columns before their fields are filled; a long
// path or time pushes lines past it. A line that ends up too long is broken
// at its last space that fits, and the rest is carried to the start of the
// next line of the same paragraph (or a new one), with the continuation
// indent of a numbered step. Indented lines ("  File: ...") are tables:
// left as they are.
#define WRAP_COLUMNS 76

static gsize
leading_spaces (const char *line)
{
   gsize n = 0;
   while (line[n] == ' ')
      n++;
   return n;
}

// Where a line's continuation starts: under the text of a numbered step
// ("1. Ask ..."), else at the line's own indent.
static gsize
continuation_indent (const char *line)
{
   if (g_ascii_isdigit (line[0]) && line[1] == '.' && line[2] == ' ')
      return 3;
   return leading_spaces (line);
}

// Table rows ("  File:  /path") and blank lines are never rewrapped.
static gboolean
wrappable (const char *line)
{
   return line[0] != '\0' && leading_spaces (line) != 2;
}

// Whether `next` continues the paragraph whose continuation indent is
// `indent` (and is not a new numbered step).
static gboolean
continues (const char *next, gsize indent)
{
   return wrappable (next) && leading_spaces (next) == indent &&
          !(g_ascii_isdigit (next[0]) && next[1] == '.');
}

// Whether any line is longer than WRAP_COLUMNS bytes (and so maybe columns).
static gboolean
has_long_line (const GString *text)
{
   gsize run = 0;
   for (gsize i = 0; i < text->len; i++) {
      run = text->str[i] == '\n' ? 0 : run + 1;
      if (run > WRAP_COLUMNS)
         return TRUE;
   }
   return FALSE;
}

static void
reflow (GString *text)
{
   if (!has_long_line (text))
      return;
   g_auto (GStrv) input = g_strsplit (text->str, "\n", -1);
   GQueue todo = G_QUEUE_INIT;
   for (guint i = 0; input[i] != NULL; i++)
      g_queue_push_tail (&todo, g_strdup (input[i]));
   g_autoptr (GString) out = g_string_sized_new (text->len + 16);
   char *line;
   gboolean first = TRUE;
   while ((line = g_queue_pop_head (&todo)) != NULL) {
      gsize indent = continuation_indent (line);
      if (wrappable (line) && g_utf8_strlen (line, -1) > WRAP_COLUMNS) {
         char *space = g_utf8_offset_to_pointer (line, WRAP_COLUMNS);
         while (space > line + indent && *space != ' ')
            space--;
         if (space > line + indent) {
            *space = '\0';
            const char *rest = space + 1;
            char *next = g_queue_peek_head (&todo);
            char *carried;
            if (next != NULL && continues (next, indent)) {
               carried = g_strdup_printf ("%*s%s %s", (int) indent, "", rest,
                                          next + indent);
               g_free (g_queue_pop_head (&todo));
            } else {
               carried = g_strdup_printf ("%*s%s", (int) indent, "", rest);
            }
            g_queue_push_head (&todo, carried);
         }
      }
      if (!first)
         g_string_append_c (out, '\n');
      g_string_append (out, line);
      first = FALSE;
      g_free (line);
   }
   g_string_assign (text, out->str);
}

gsize
mmfg_fields_render (const MmfgCatalogEntry *entry, const MmfgFields *fields,
                    char *buf, gsize size)
{
   g_autoptr (GString) out = g_string_new (NULL);
   if (entry != NULL) {
      append_filled (out, entry->subject, fields);
      g_string_append (out, "\n\n");
      append_filled (out, entry->body, fields);
      reflow (out);
   }
   copy_cut (out, buf, size);
   return out->len;
}
