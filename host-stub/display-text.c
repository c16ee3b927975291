// display-text.c — make untrusted text safe to print on a terminal.

#include "display-text.h"

#include <string.h>

static gboolean
must_escape (gunichar c, MhDisplayFlags flags)
{
   if ((flags & MH_DISPLAY_KEEP_LINES) && (c == '\n' || c == '\t'))
      return FALSE;
   // Format characters include the bidi overrides that make a name read
   // differently from its bytes.
   return g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT;
}

// Whether every byte is printable ASCII (or a line break or tab that is
// kept): such text is shown as it is, and most text is such.
static gboolean
is_plain_ascii (const char *text, gsize n, MhDisplayFlags flags)
{
   gboolean keep_lines = (flags & MH_DISPLAY_KEEP_LINES) != 0;
   for (gsize i = 0; i < n; i++) {
      guchar c = (guchar) text[i];
      if (c >= 0x20 && c < 0x7F)
         continue;
      if (keep_lines && (c == '\n' || c == '\t'))
         continue;
      return FALSE;
   }
   return TRUE;
}

char *
mh_display_text (const char *text, gssize len, MhDisplayFlags flags)
{
   if (text == NULL)
      return g_strdup ("");
   gsize n = len < 0 ? strlen (text) : (gsize) len;
   if (is_plain_ascii (text, n, flags))
      return g_strndup (text, n);
   GString *out = g_string_sized_new (n + 1);
   const char *p = text;
   const char *end = text + n;

   while (p < end) {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2) {
         g_string_append_printf (out, "\\x%02X", (unsigned) (guchar) *p);
         p++;
         continue;
      }
      const char *next = g_utf8_next_char (p);
      if (c == 0 || must_escape (c, flags)) {
         if (c < 0x100)
            g_string_append_printf (out, "\\x%02X", (unsigned) c);
         else
            g_string_append_printf (out, "\\u{%04X}", (unsigned) c);
      } else {
         g_string_append_len (out, p, next - p);
      }
      p = next;
   }
   return g_string_free (out, FALSE);
}

char *
mh_display_path (const char *path)
{
   return mh_display_text (path, -1, MH_DISPLAY_ONE_LINE);
}

void
mh_display_append_block (GString *out, const char *text, int indent)
{
   g_autofree char *clean = mh_display_text (text, -1, MH_DISPLAY_KEEP_LINES);
   g_auto (GStrv) lines = g_strsplit (clean, "\n", -1);
   // A trailing newline in the text is not an empty line to print.
   guint n = g_strv_length (lines);
   if (n > 0 && lines[n - 1][0] == '\0')
      n--;
   for (guint i = 0; i < n; i++)
      g_string_append_printf (out, "%*s%s\n", lines[i][0] != '\0' ? indent : 0,
                              "", lines[i]);
}

void
mh_display_print_block (FILE *out, const char *text, int indent)
{
   g_autoptr (GString) s = g_string_new (NULL);
   mh_display_append_block (s, text, indent);
   fputs (s->str, out);
}
