// problem-digest.c — every problem of a run said once (see the header).

#include "report/problem-digest.h"

#include <glib/gi18n-lib.h>
#include <string.h>

enum { NAMES_SHOWN = 12 }; // accounts named after a shared paragraph

typedef struct {
   char *user;     // the account the paragraph was kept for
   gboolean loose; // numbers and holder fields were taken out
   char *headline;
   char *body;
   GPtrArray *others; // char *: users after the first
} Paragraph;

struct MhDigest {
   GHashTable *counts;     // cause -> GUINT_TO_POINTER (count)
   GPtrArray *cause_order; // char *, as first counted
   GHashTable *by_key;     // cause + normalised body -> Paragraph *
   GPtrArray *paragraphs;  // Paragraph *, in order
};

static void
paragraph_free (gpointer data)
{
   Paragraph *p = data;
   g_free (p->user);
   g_free (p->headline);
   g_free (p->body);
   g_ptr_array_unref (p->others);
   g_free (p);
}

MhDigest *
mh_digest_new (void)
{
   MhDigest *d = g_new0 (MhDigest, 1);
   d->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
   d->cause_order = g_ptr_array_new ();
   d->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
   d->paragraphs = g_ptr_array_new_with_free_func (paragraph_free);
   return d;
}

void
mh_digest_free (MhDigest *d)
{
   if (d == NULL)
      return;
   g_hash_table_unref (d->counts);
   g_ptr_array_unref (d->cause_order);
   g_hash_table_unref (d->by_key);
   g_ptr_array_unref (d->paragraphs);
   g_free (d);
}

void
mh_digest_count (MhDigest *d, const char *cause)
{
   gpointer key = NULL, value = NULL;
   if (g_hash_table_lookup_extended (d->counts, cause, &key, &value)) {
      g_hash_table_insert (d->counts, g_strdup (cause),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + 1));
      return;
   }
   char *owned = g_strdup (cause);
   g_hash_table_insert (d->counts, owned, GUINT_TO_POINTER (1));
   g_ptr_array_add (d->cause_order, owned);
}

// `text` with every occurrence of `what` replaced by `mark`.
static void
replace_all (GString *text, const char *what, const char *mark)
{
   if (what != NULL && what[0] != '\0')
      g_string_replace (text, what, mark, 0);
}

// The paragraph for `flat` (cause + normalised text): the one kept, with
// `user` added to it, or a new one.
static guint
keep (MhDigest *d, char *flat, const char *user, const char *headline,
      const char *body, gboolean loose)
{
   Paragraph *p = g_hash_table_lookup (d->by_key, flat);
   if (p != NULL) {
      g_free (flat);
      g_ptr_array_add (p->others, g_strdup (user != NULL ? user : "?"));
      guint index = 0;
      g_ptr_array_find (d->paragraphs, p, &index);
      return index;
   }
   p = g_new0 (Paragraph, 1);
   p->user = g_strdup (user);
   p->loose = loose;
   p->headline = g_strdup (headline);
   p->body = g_strdup (body);
   p->others = g_ptr_array_new_with_free_func (g_free);
   g_hash_table_insert (d->by_key, flat, p);
   g_ptr_array_add (d->paragraphs, p);
   return d->paragraphs->len - 1;
}

guint
mh_digest_add (MhDigest *d, const char *cause, const char *user,
               const char *hex_id, const char *path, const char *headline,
               const char *body)
{
   g_autoptr (GString) text = g_string_new (body);
   // The longest first: a path contains the Hex-ID.
   replace_all (text, path, "\x01P");
   replace_all (text, hex_id, "\x01H");
   replace_all (text, user, "\x01U");
   char *flat = g_strdup_printf ("%s\x02%s", cause, text->str);
   return keep (d, flat, user, headline, body, FALSE);
}

static gint
longest_first (gconstpointer a, gconstpointer b)
{
   gsize la = strlen (*(const char *const *) a),
         lb = strlen (*(const char *const *) b);
   return la == lb ? 0 : (la > lb ? -1 : 1);
}

// `text` with every run of white space or control characters made one
// space: a text's wrapping moves with the length of what is taken out, and
// a control character in a name may have been shown as a space or a break.
static char *
squash (const char *text)
{
   GString *s = g_string_sized_new (strlen (text));
   for (const char *c = text; *c != '\0'; c++) {
      gboolean blank = g_ascii_isspace (*c) || (guchar) *c < 0x20;
      if (blank && s->len > 0 && s->str[s->len - 1] == ' ')
         continue;
      g_string_append_c (s, blank ? ' ' : *c);
   }
   return g_string_free (s, FALSE);
}

guint
mh_digest_add_loose (MhDigest *d, const char *cause, const char *user,
                     const char *const *values, const char *headline,
                     const char *body)
{
   g_autofree char *squashed = squash (body);
   g_autoptr (GString) text = g_string_new (squashed);
   g_autoptr (GPtrArray) taken = g_ptr_array_new_with_free_func (g_free);
   for (gsize i = 0; values != NULL && values[i] != NULL; i++)
      g_ptr_array_add (taken, squash (values[i]));
   if (user != NULL)
      g_ptr_array_add (taken, squash (user));
   // A value inside another (a Hex-ID inside a path) goes after it.
   g_ptr_array_sort (taken, longest_first);
   for (guint i = 0; i < taken->len; i++) {
      const char *value = g_ptr_array_index (taken, i);
      // A value of digits alone (a pid) is left to the digits' rule below:
      // replaced as a string it would also take a number the text shares
      // by chance (pid 7007 in "MSExchangeMig 7007").
      if (strcmp (value, " ") != 0 &&
          value[strspn (value, "0123456789")] != '\0')
         replace_all (text, value, "\x01V");
   }
   // Times, pids and counts: digits in any locale's spelling of them.
   GString *flat = g_string_sized_new (text->len + 64);
   g_string_append_printf (flat, "%s\x02", cause);
   for (const char *c = text->str; *c != '\0'; c++) {
      if (g_ascii_isdigit (*c)) {
         if (flat->str[flat->len - 1] != '#')
            g_string_append_c (flat, '#');
         continue;
      }
      g_string_append_c (flat, *c);
   }
   return keep (d, g_string_free (flat, FALSE), user, headline, body, TRUE);
}

guint
mh_digest_paragraph_count (const MhDigest *d)
{
   return d->paragraphs->len;
}

void
mh_digest_paragraph (const MhDigest *d, guint i, const char **headline,
                     const char **body, const char **first_user,
                     const GPtrArray **others)
{
   const Paragraph *p = g_ptr_array_index (d->paragraphs, i);
   *headline = p->headline;
   *body = p->body;
   *first_user = p->user;
   *others = p->others;
}

static void
print_others (const Paragraph *p, FILE *out)
{
   guint n = p->others->len;
   if (n == 0)
      return;
   fprintf (out, "   ");
   fprintf (out,
            g_dngettext (GETTEXT_PACKAGE, "The same for %u more account: ",
                         "The same for %u more accounts: ", n),
            n);
   for (guint i = 0; i < MIN (n, (guint) NAMES_SHOWN); i++)
      fprintf (out, "%s%s", i > 0 ? ", " : "",
               (const char *) g_ptr_array_index (p->others, i));
   if (n > NAMES_SHOWN)
      fprintf (out,
               _ (" and %u more (all listed above and in the JSON "
                  "report)"),
               n - NAMES_SHOWN);
   fputs (p->loose ? _ ("; only their names, holders, times or numbers "
                        "differ.\n")
                   : ".\n",
          out);
}

void
mh_digest_print (const MhDigest *d, FILE *out)
{
   for (guint i = 0; i < d->paragraphs->len; i++) {
      const Paragraph *p = g_ptr_array_index (d->paragraphs, i);
      fprintf (out, "\n%s\n%s", p->headline, p->body);
      print_others (p, out);
   }
}

static gint
by_count_desc (gconstpointer a, gconstpointer b, gpointer data)
{
   GHashTable *counts = data;
   guint ca =
      GPOINTER_TO_UINT (g_hash_table_lookup (counts, *(const char *const *) a));
   guint cb =
      GPOINTER_TO_UINT (g_hash_table_lookup (counts, *(const char *const *) b));
   return ca == cb ? 0 : (ca > cb ? -1 : 1);
}

GPtrArray *
mh_digest_order_by_count (const GPtrArray *keys, GHashTable *counts)
{
   GPtrArray *order = g_ptr_array_copy ((GPtrArray *) keys, NULL, NULL);
   g_ptr_array_sort_with_data (order, by_count_desc, counts);
   return order;
}

char *
mh_digest_causes_line (const MhDigest *d)
{
   g_autoptr (GPtrArray) order =
      mh_digest_order_by_count (d->cause_order, d->counts);
   GString *s = g_string_new (NULL);
   for (guint i = 0; i < order->len; i++) {
      const char *cause = g_ptr_array_index (order, i);
      if (strcmp (cause, "none") == 0)
         continue;
      g_string_append_printf (
         s, "%s%s %u", s->len > 0 ? ", " : "", cause,
         GPOINTER_TO_UINT (g_hash_table_lookup (d->counts, cause)));
   }
   if (s->len == 0) {
      g_string_free (s, TRUE);
      return NULL;
   }
   return g_string_free (s, FALSE);
}

json_t *
mh_digest_causes_json (const MhDigest *d)
{
   json_t *o = json_object ();
   for (guint i = 0; i < d->cause_order->len; i++) {
      const char *cause = g_ptr_array_index (d->cause_order, i);
      json_object_set_new (o, cause,
                           json_integer (GPOINTER_TO_UINT (
                              g_hash_table_lookup (d->counts, cause))));
   }
   return o;
}
