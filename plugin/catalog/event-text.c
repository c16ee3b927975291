// event-text.c — recognising the wizard's "could not migrate" events from
// their logged description.
//
// The text is matched in a normal form that keeps only the non-white bytes,
// ASCII lower-cased, with a map back to the original: wrapping, re-spacing
// and case then cannot hide a keyword, even when a line break splits one.
// The user and the path are cut from the original text, so their own case
// and inner spaces survive. Exchange 5.5's 151/135 say "Could not migrate
// MMF file" like 7007 and cannot be told apart from it by the text alone;
// they are reported as 7007, which has the same causes and entries.

#include "event-text.h"

#include <string.h>

typedef struct {
   GString *norm; // non-white bytes of the text, ASCII lower case
   GArray *at;    // gsize: offset in the text of each byte of norm
} Normal;

static void
normal_init (Normal *n, const char *text)
{
   gsize len = strlen (text);
   n->norm = g_string_sized_new (len);
   n->at = g_array_sized_new (FALSE, FALSE, sizeof (gsize), (guint) len);
   for (gsize i = 0; i < len; i++) {
      if (g_ascii_isspace (text[i]))
         continue;
      g_string_append_c (n->norm, g_ascii_tolower (text[i]));
      g_array_append_val (n->at, i);
   }
}

static void
normal_clear (Normal *n)
{
   g_string_free (n->norm, TRUE);
   g_array_unref (n->at);
}

// The original offset of normal position `pos` (or the text's end).
static gsize
orig (const Normal *n, gsize pos, gsize text_len)
{
   return pos < n->at->len ? g_array_index (n->at, gsize, pos) : text_len;
}

// Where `word` (normal form) occurs in norm at or after `from`, or -1.
static gssize
find (const Normal *n, gsize from, const char *word)
{
   if (from > n->norm->len)
      return -1;
   const char *hit = strstr (n->norm->str + from, word);
   return hit ? hit - n->norm->str : -1;
}

static gboolean
at_word (const Normal *n, gsize pos, const char *word)
{
   return strncmp (n->norm->str + pos, word, strlen (word)) == 0;
}

// Moves `pos` past `word` when it stands there, or to the end when the text
// was cut inside it ("for acc"). Returns whether it moved.
static gboolean
skip_word (const Normal *n, gsize *pos, const char *word)
{
   gsize rest = n->norm->len - *pos;
   if (at_word (n, *pos, word)) {
      *pos += strlen (word);
      return TRUE;
   }
   if (rest > 0 && rest < strlen (word) &&
       strncmp (n->norm->str + *pos, word, rest) == 0) {
      *pos = n->norm->len;
      return TRUE;
   }
   return FALSE;
}

// The user: spaces collapsed, ends trimmed, a trailing '.' of the sentence
// dropped. NULL when nothing is left.
static char *
clean_user (const char *text, gsize from, gsize to)
{
   GString *u = g_string_new (NULL);
   gboolean space = FALSE;
   for (gsize i = from; i < to; i++) {
      if (g_ascii_isspace (text[i])) {
         space = u->len > 0;
         continue;
      }
      if (space)
         g_string_append_c (u, ' ');
      space = FALSE;
      g_string_append_c (u, text[i]);
   }
   while (u->len > 0 && strchr (". ", u->str[u->len - 1]) != NULL)
      g_string_truncate (u, u->len - 1);
   if (u->len == 0) {
      g_string_free (u, TRUE);
      return NULL;
   }
   return g_string_free (u, FALSE);
}

// The path: a line break and the white space around it are removed (an
// exporter wrapped the line there; DOS paths hold no spaces at a wrap worth
// keeping), spaces inside a line are kept, the ends are trimmed.
static char *
clean_path (const char *text, gsize from, gsize to)
{
   GString *p = g_string_new (NULL);
   gsize i = from;
   while (i < to) {
      gsize j = i;
      while (j < to && (text[j] == ' ' || text[j] == '\t'))
         j++;
      if (j < to && (text[j] == '\n' || text[j] == '\r')) {
         while (j < to && g_ascii_isspace (text[j]))
            j++;
         i = j;
         continue;
      }
      g_string_append_len (p, text + i, (gssize) (j - i));
      if (j < to)
         g_string_append_c (p, text[j]);
      i = j + 1;
   }
   g_strstrip (p->str);
   p->len = strlen (p->str);
   if (p->len == 0) {
      g_string_free (p, TRUE);
      return NULL;
   }
   return g_string_free (p, FALSE);
}

// The quoted path after the "path" keyword at normal position `pos`. An
// unterminated quote (cut-off text) gives the path only when it is whole
// (ends in .MMF): half a path could name another user's file.
static char *
extract_path (const Normal *n, const char *text, gsize pos)
{
   gsize len = strlen (text);
   gsize norm_len = n->norm->len;
   if (pos < norm_len && n->norm->str[pos] == ':')
      pos++;
   if (pos >= norm_len)
      return NULL;
   char open = n->norm->str[pos];
   if (open != '\'' && open != '"') {
      // Unquoted: up to the sentence's final '.' (or the end).
      gsize end = norm_len;
      if (end > pos && n->norm->str[end - 1] == '.')
         end--;
      if (end <= pos)
         return NULL;
      return clean_path (text, orig (n, pos, len), orig (n, end - 1, len) + 1);
   }
   gsize start = orig (n, pos, len) + 1;
   // The closing quote is the last one: a path may hold a quote itself.
   const char *close = strrchr (n->norm->str + pos + 1, open);
   if (close == NULL) {
      g_autofree char *cut = clean_path (text, start, len);
      if (cut != NULL && g_str_has_suffix (cut, ".") && strlen (cut) > 1)
         cut[strlen (cut) - 1] = '\0';
      if (cut == NULL || strlen (cut) < 4 ||
          g_ascii_strcasecmp (cut + strlen (cut) - 4, ".mmf") != 0)
         return NULL;
      return g_steal_pointer (&cut);
   }
   gsize end = orig (n, (gsize) (close - n->norm->str), len);
   return clean_path (text, start, end);
}

gboolean
mmfg_event_text_parse (const char *description, MmfgEventText *out)
{
   g_return_val_if_fail (out != NULL, FALSE);
   memset (out, 0, sizeof *out);
   if (description == NULL)
      return FALSE;

   Normal n;
   normal_init (&n, description);
   gsize len = strlen (description);
   gboolean found = FALSE;

   gssize hit = find (&n, 0, "couldnotmigrate");
   while (hit >= 0 && !found) {
      gsize pos = (gsize) hit + strlen ("couldnotmigrate");
      guint event_id = at_word (&n, pos, "pabfile")   ? 7000
                       : at_word (&n, pos, "mmffile") ? 7007
                                                      : 0;
      if (event_id == 0) {
         hit = find (&n, pos, "couldnotmigrate");
         continue;
      }
      found = TRUE;
      out->event_id = event_id;
      pos += strlen ("pabfile");
      // "for account:", "for Account:", "for user", or nothing at all.
      skip_word (&n, &pos, "for");
      if (!skip_word (&n, &pos, "account"))
         skip_word (&n, &pos, "user");
      if (pos < n.norm->len && n.norm->str[pos] == ':')
         pos++;

      // Both templates' path keywords, whichever event: exporters mix them.
      gssize key = find (&n, pos, "(mmf)path");
      gsize key_len = strlen ("(mmf)path");
      gssize pab =
         key >= 3 && at_word (&n, (gsize) key - 3, "pab") ? key - 3 : -1;
      if (key < 0) {
         key = find (&n, pos, "mmfpath");
         key_len = strlen ("mmfpath");
      }
      // Without the path keyword (cut text) the user ends at the sentence's
      // '.': MS Mail names hold no dots.
      const char *dot = strchr (n.norm->str + pos, '.');
      gsize user_end_norm = pab >= 0      ? (gsize) pab
                            : key >= 0    ? (gsize) key
                            : dot != NULL ? (gsize) (dot - n.norm->str)
                                          : n.norm->len;
      if (user_end_norm > pos)
         out->user = clean_user (description, orig (&n, pos, len),
                                 orig (&n, user_end_norm - 1, len) + 1);
      if (key >= 0)
         out->path = extract_path (&n, description, (gsize) key + key_len);
   }
   normal_clear (&n);
   return found;
}

void
mmfg_event_text_clear (MmfgEventText *text)
{
   if (text == NULL)
      return;
   g_clear_pointer (&text->user, g_free);
   g_clear_pointer (&text->path, g_free);
   text->event_id = 0;
}
