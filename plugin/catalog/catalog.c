// catalog.c — parsing, merging and looking up catalog entries.
//
// The parser follows systemd's catalog reader where the two formats meet
// (lines starting with '#' are comments anywhere; an entry starts with a
// "-- <id> [lang]" line after a blank line or at the top; without a language
// on that line it comes from a "name.LANG.catalog" file name) and is
// stricter where systemd would silently take text: our header block must be
// "Name: value" lines ended by a blank line, and a malformed id line is an
// error, not body text. Every error names the file and line.

#include "catalog.h"

#include <string.h>

#include "mig-plugin.h"
#include "builtin-data.h"

#define DEFAULT_SOURCE "MSExchangeMig"
#define BUILTIN_NAME "mmfguard-builtin.catalog"
#define MAX_LANG_LEN 31 // systemd's limit for a catalog language

struct MmfgCatalog {
   GPtrArray *entries; // MmfgCatalogEntry*, owned, in catalog order
   GHashTable *index;  // "source\037event\037cause\037lang" -> entry
   GHashTable *events; // "source\037event" set
};

G_DEFINE_QUARK (mmfg - catalog - error - quark, mmfg_catalog_error)

static void
entry_free (MmfgCatalogEntry *e)
{
   if (e == NULL)
      return;
   g_free ((char *) e->message_id);
   g_free ((char *) e->lang);
   g_free ((char *) e->subject);
   g_free ((char *) e->defined_by);
   g_free ((char *) e->documentation);
   g_free ((char *) e->source);
   g_free ((char *) e->cause);
   g_free ((char *) e->reason);
   g_free ((char *) e->body);
   g_free ((char *) e->origin);
   g_free (e);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgCatalogEntry, entry_free)

static MmfgCatalog *
catalog_new (void)
{
   MmfgCatalog *c = g_new0 (MmfgCatalog, 1);
   c->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
   c->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
   c->events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
   return c;
}

void
mmfg_catalog_free (MmfgCatalog *catalog)
{
   if (catalog == NULL)
      return;
   g_ptr_array_unref (catalog->entries);
   g_hash_table_unref (catalog->index);
   g_hash_table_unref (catalog->events);
   g_free (catalog);
}

// ---------------------------------------------------------------------------
// Parsing

typedef struct {
   const char *file;
   guint line;
   GError **error;
} Parser;

static gboolean G_GNUC_PRINTF (2, 3)
   parse_error (Parser *p, const char *format, ...)
{
   va_list ap;
   va_start (ap, format);
   g_autofree char *what = g_strdup_vprintf (format, ap);
   va_end (ap);
   g_set_error (p->error, MMFG_CATALOG_ERROR, MMFG_CATALOG_ERROR_PARSE,
                "%s:%u: %s", p->file, p->line, what);
   return FALSE;
}

// The language a file name implies ("site.de.catalog" -> "de"), else "en".
static char *
lang_from_file_name (const char *file)
{
   g_autofree char *base = g_path_get_basename (file);
   char *suffix = g_strrstr (base, ".catalog");
   if (suffix == NULL)
      return g_strdup ("en");
   *suffix = '\0';
   const char *dot = strrchr (base, '.');
   if (dot == NULL || dot[1] == '\0' || strlen (dot + 1) > MAX_LANG_LEN)
      return g_strdup ("en");
   for (const char *s = dot + 1; *s; s++)
      if (!g_ascii_isalnum (*s) && *s != '_' && *s != '@')
         return g_strdup ("en");
   return g_strdup (dot + 1);
}

static gboolean
valid_lang (const char *lang)
{
   gsize n = strlen (lang);
   if (n == 0 || n > MAX_LANG_LEN || !g_ascii_isalpha (lang[0]))
      return FALSE;
   for (gsize i = 0; i < n; i++)
      if (!g_ascii_isalnum (lang[i]) && lang[i] != '_' && lang[i] != '@')
         return FALSE;
   return TRUE;
}

// "-- <32 hex digits>[ <lang>]" into a new entry.
static MmfgCatalogEntry *
parse_id_line (Parser *p, const char *line)
{
   if (!g_str_has_prefix (line, "-- ")) {
      parse_error (p, "expected \"-- <32 hex digits> [language]\"");
      return NULL;
   }
   const char *id = line + 3;
   gsize n = 0;
   while (g_ascii_isxdigit (id[n]))
      n++;
   if (n != 32 || (id[n] != '\0' && id[n] != ' ')) {
      parse_error (p, "expected \"-- <32 hex digits> [language]\"");
      return NULL;
   }
   g_autofree char *lang = NULL;
   if (id[n] == ' ') {
      lang = g_strdup (id + n + 1);
      if (!valid_lang (lang)) {
         parse_error (p, "invalid language \"%s\"", lang);
         return NULL;
      }
   } else {
      lang = lang_from_file_name (p->file);
   }
   MmfgCatalogEntry *e = g_new0 (MmfgCatalogEntry, 1);
   e->message_id = g_ascii_strdown (id, 32);
   e->lang = g_steal_pointer (&lang);
   e->origin = g_strdup_printf ("%s:%u", p->file, p->line);
   return e;
}

// "MSExchangeMig 7007" or "MSExchangeMig".
static gboolean
parse_event (Parser *p, MmfgCatalogEntry *e, const char *value)
{
   g_auto (GStrv) words = g_strsplit (value, " ", -1);
   guint n = g_strv_length (words);
   gboolean source_ok = n >= 1 && words[0][0] != '\0';
   for (const char *s = source_ok ? words[0] : ""; *s; s++)
      source_ok = source_ok && g_ascii_isalnum (*s);
   if (!source_ok || n > 2)
      return parse_error (p, "X-Event: expected \"<source> [<event id>]\"");
   if (n == 2) {
      guint64 id = 0;
      if (!g_ascii_string_to_unsigned (words[1], 10, 1, G_MAXUINT32, &id, NULL))
         return parse_error (p, "X-Event: invalid event id \"%s\"", words[1]);
      e->event_id = (guint) id;
   }
   e->source = g_strdup (words[0]);
   return TRUE;
}

static gboolean
parse_verdict (Parser *p, MmfgCatalogEntry *e, const char *value)
{
   static const struct {
      const char *name;
      int verdict;
   } verdicts[] = {
      {"none", MIG_VERDICT_NO_OPINION},
      {"proceed", MIG_VERDICT_PROCEED},
      {"defer", MIG_VERDICT_DEFER},
      {"block", MIG_VERDICT_BLOCK},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (verdicts); i++) {
      if (strcmp (value, verdicts[i].name) == 0) {
         e->verdict = verdicts[i].verdict;
         return TRUE;
      }
   }
   return parse_error (p, "X-Verdict: expected none, proceed, defer or block");
}

static gboolean
valid_cause (const char *cause)
{
   if (cause[0] == '\0' || strlen (cause) >= MIG_CAUSE_SIZE)
      return FALSE;
   for (const char *s = cause; *s; s++)
      if (!g_ascii_islower (*s) && !g_ascii_isdigit (*s) && *s != '-')
         return FALSE;
   return TRUE;
}

// Sets one header; the first of each kind counts, like systemd's Subject.
static gboolean
parse_header (Parser *p, MmfgCatalogEntry *e, const char *line)
{
   const char *colon = strchr (line, ':');
   gsize name_len = colon ? (gsize) (colon - line) : 0;
   for (gsize i = 0; i < name_len; i++)
      if (!g_ascii_isalnum (line[i]) && line[i] != '-')
         name_len = 0;
   if (name_len == 0)
      return parse_error (p, "expected a \"Name: value\" header or a blank "
                             "line before the text");
   g_autofree char *name = g_strndup (line, name_len);
   g_autofree char *value = g_strstrip (g_strdup (colon + 1));
   const char **slot = NULL;
   if (g_ascii_strcasecmp (name, "Subject") == 0)
      slot = &e->subject;
   else if (g_ascii_strcasecmp (name, "Defined-By") == 0)
      slot = &e->defined_by;
   else if (g_ascii_strcasecmp (name, "Documentation") == 0)
      slot = &e->documentation;
   else if (g_ascii_strcasecmp (name, "X-Cause") == 0) {
      if (!valid_cause (value))
         return parse_error (p, "X-Cause: expected a kebab-case cause id");
      slot = &e->cause;
   } else if (g_ascii_strcasecmp (name, "X-Reason") == 0) {
      if (!valid_cause (value))
         return parse_error (p, "X-Reason: expected a kebab-case reason id");
      slot = &e->reason;
   } else if (g_ascii_strcasecmp (name, "X-Event") == 0) {
      return e->source != NULL || parse_event (p, e, value);
   } else if (g_ascii_strcasecmp (name, "X-Verdict") == 0) {
      return parse_verdict (p, e, value);
   }
   // Other headers (Support:, ...) are systemd's or a site's business.
   if (slot != NULL && *slot == NULL)
      *slot = g_steal_pointer (&value);
   return TRUE;
}

static char *
index_key (const char *source, guint event_id, const char *cause,
           const char *reason, const char *lang)
{
   return g_strdup_printf ("%s\037%u\037%s%s%s\037%s", source, event_id,
                           cause ? cause : "*", reason ? "/" : "",
                           reason ? reason : "", lang);
}

// Checks a finished entry and adds it to `c`; `entry` and `body` are taken.
static gboolean
finish_entry (Parser *p, MmfgCatalog *c, MmfgCatalogEntry *entry, GString *body)
{
   g_autoptr (MmfgCatalogEntry) e = entry;
   Parser at = *p;
   // Errors about an entry as a whole point at its id line.
   at.line = (guint) g_ascii_strtoull (strrchr (e->origin, ':') + 1, NULL, 10);
   while (body->len > 0 && body->str[body->len - 1] == '\n')
      g_string_truncate (body, body->len - 1);
   e->body = g_string_free (body, FALSE);
   if (e->subject == NULL || e->subject[0] == '\0')
      return parse_error (&at, "entry %s has no Subject", e->message_id);
   if (e->source == NULL)
      return parse_error (&at, "entry %s has no X-Event", e->message_id);
   if (e->cause == NULL)
      return parse_error (&at, "entry %s has no X-Cause", e->message_id);
   if (e->body[0] == '\0')
      return parse_error (&at, "entry %s has no text", e->message_id);
   if (e->defined_by == NULL)
      e->defined_by = g_strdup ("");
   if (e->documentation == NULL)
      e->documentation = g_strdup ("");
   for (guint i = 0; i < c->entries->len; i++) {
      const MmfgCatalogEntry *o = g_ptr_array_index (c->entries, i);
      if (strcmp (o->message_id, e->message_id) == 0 &&
          strcmp (o->lang, e->lang) == 0)
         return parse_error (&at, "entry %s %s repeats the one at %s",
                             e->message_id, e->lang, o->origin);
      if (strcmp (o->source, e->source) == 0 && o->event_id == e->event_id &&
          strcmp (o->cause, e->cause) == 0 &&
          g_strcmp0 (o->reason, e->reason) == 0 &&
          strcmp (o->lang, e->lang) == 0)
         return parse_error (&at,
                             "entry for %s %u %s (%s) repeats the one "
                             "at %s",
                             e->source, e->event_id, e->cause, e->lang,
                             o->origin);
   }
   g_ptr_array_add (c->entries, g_steal_pointer (&e));
   return TRUE;
}

static void
catalog_reindex (MmfgCatalog *c)
{
   g_hash_table_remove_all (c->index);
   g_hash_table_remove_all (c->events);
   for (guint i = 0; i < c->entries->len; i++) {
      MmfgCatalogEntry *e = g_ptr_array_index (c->entries, i);
      char *key =
         index_key (e->source, e->event_id, e->cause, e->reason, e->lang);
      g_hash_table_insert (c->index, key, e);
      char *any = index_key (e->source, e->event_id, NULL, NULL, e->lang);
      if (g_hash_table_contains (c->index, any))
         g_free (any); // the first entry of the event answers "any cause"
      else
         g_hash_table_insert (c->index, any, e);
      g_hash_table_add (c->events,
                        g_strdup_printf ("%s\037%u", e->source, e->event_id));
   }
}

// The line number of byte `offset` of `text`.
static guint
line_of (const char *text, gsize offset)
{
   guint line = 1;
   for (gsize i = 0; i < offset; i++)
      line += text[i] == '\n';
   return line;
}

static gboolean
parse_lines (Parser *p, MmfgCatalog *c, const char *text, gsize len)
{
   g_autoptr (MmfgCatalogEntry) e = NULL;
   g_autoptr (GString) body = NULL;
   gboolean in_body = FALSE, after_blank = TRUE;
   gsize pos = 0;
   p->line = 0;
   while (pos < len) {
      const char *nl = memchr (text + pos, '\n', len - pos);
      gsize end = nl ? (gsize) (nl - text) : len;
      g_autofree char *line = g_strndup (text + pos, end - pos);
      pos = end + 1;
      p->line++;
      g_strchomp (line); // trailing blanks and a DOS '\r' mean nothing
      if (line[0] == '#')
         continue;
      if (line[0] == '\0') {
         if (e != NULL && in_body)
            g_string_append_c (body, '\n');
         in_body = e != NULL;
         after_blank = TRUE;
         continue;
      }
      if (after_blank && g_str_has_prefix (line, "--")) {
         if (e != NULL && !finish_entry (p, c, g_steal_pointer (&e),
                                         g_steal_pointer (&body)))
            return FALSE;
         e = parse_id_line (p, line);
         if (e == NULL)
            return FALSE;
         body = g_string_new (NULL);
         in_body = after_blank = FALSE;
         continue;
      }
      after_blank = FALSE;
      if (e == NULL)
         return parse_error (p, "text before the first \"-- <id>\" line");
      if (!in_body) {
         if (!parse_header (p, e, line))
            return FALSE;
         continue;
      }
      g_string_append (body, line);
      g_string_append_c (body, '\n');
   }
   if (e != NULL)
      return finish_entry (p, c, g_steal_pointer (&e), g_steal_pointer (&body));
   return TRUE;
}

MmfgCatalog *
mmfg_catalog_parse (const char *text, gsize len, const char *file_name,
                    GError **error)
{
   Parser p = {file_name ? file_name : "<catalog>", 0, error};
   if (text == NULL && len > 0) {
      parse_error (&p, "no text");
      return NULL;
   }
   const char *bad = NULL;
   if (len > 0 && !g_utf8_validate_len (text, len, &bad)) {
      p.line = line_of (text, (gsize) (bad - text));
      parse_error (&p, *bad == '\0' ? "NUL byte" : "invalid UTF-8");
      return NULL;
   }
   g_autoptr (MmfgCatalog) c = catalog_new ();
   if (!parse_lines (&p, c, text, len))
      return NULL;
   catalog_reindex (c);
   return g_steal_pointer (&c);
}

// ---------------------------------------------------------------------------
// Loading: built-in, then the site folder

// Moves the entries of `src` into `dst`: same message id and language
// replaces in place, anything else is appended.
static void
catalog_merge (MmfgCatalog *dst, MmfgCatalog *src)
{
   while (src->entries->len > 0) {
      MmfgCatalogEntry *e = g_ptr_array_steal_index (src->entries, 0);
      guint i;
      for (i = 0; i < dst->entries->len; i++) {
         MmfgCatalogEntry *o = g_ptr_array_index (dst->entries, i);
         if (strcmp (o->message_id, e->message_id) == 0 &&
             strcmp (o->lang, e->lang) == 0)
            break;
      }
      if (i < dst->entries->len) {
         entry_free (g_ptr_array_index (dst->entries, i));
         g_ptr_array_index (dst->entries, i) = e;
      } else {
         g_ptr_array_add (dst->entries, e);
      }
   }
   g_hash_table_remove_all (src->index);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
   return strcmp (*(const char *const *) a, *(const char *const *) b);
}

// Every *.catalog of `dir`, in name order so overrides are reproducible.
static gboolean
load_site_dir (MmfgCatalog *c, const char *dir, GError **error)
{
   g_autoptr (GError) local = NULL;
   g_autoptr (GDir) d = g_dir_open (dir, 0, &local);
   if (d == NULL) {
      g_set_error (error, MMFG_CATALOG_ERROR, MMFG_CATALOG_ERROR_READ,
                   "site catalog folder %s: %s", dir, local->message);
      return FALSE;
   }
   g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
   const char *name;
   while ((name = g_dir_read_name (d)) != NULL)
      if (g_str_has_suffix (name, ".catalog") && name[0] != '.')
         g_ptr_array_add (names, g_strdup (name));
   g_ptr_array_sort (names, compare_names);
   for (guint i = 0; i < names->len; i++) {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree char *text = NULL;
      gsize len = 0;
      if (!g_file_get_contents (path, &text, &len, &local)) {
         g_set_error (error, MMFG_CATALOG_ERROR, MMFG_CATALOG_ERROR_READ, "%s",
                      local->message);
         return FALSE;
      }
      g_autoptr (MmfgCatalog) site =
         mmfg_catalog_parse (text, len, path, error);
      if (site == NULL)
         return FALSE;
      catalog_merge (c, site);
   }
   return TRUE;
}

MmfgCatalog *
mmfg_catalog_load (const char *site_dir, GError **error)
{
   g_autoptr (GBytes) bytes = mmfg_catalog_builtin_bytes (error);
   if (bytes == NULL)
      return NULL;
   gsize len = 0;
   const char *text = g_bytes_get_data (bytes, &len);
   g_autoptr (MmfgCatalog) c =
      mmfg_catalog_parse (text, len, BUILTIN_NAME, error);
   if (c == NULL)
      return NULL;
   if (site_dir != NULL && !load_site_dir (c, site_dir, error))
      return NULL;
   catalog_reindex (c);
   return g_steal_pointer (&c);
}

// ---------------------------------------------------------------------------
// Look-ups

guint
mmfg_catalog_size (const MmfgCatalog *catalog)
{
   return catalog ? catalog->entries->len : 0;
}

const MmfgCatalogEntry *
mmfg_catalog_nth (const MmfgCatalog *catalog, guint i)
{
   if (catalog == NULL || i >= catalog->entries->len)
      return NULL;
   return g_ptr_array_index (catalog->entries, i);
}

static const MmfgCatalogEntry *
lookup_one (const MmfgCatalog *catalog, const char *source, guint event_id,
            const char *cause, const char *reason, const char *lang)
{
   // One small allocation per look-up; a fixed buffer would need its own
   // length checks for a host's long source names.
   g_autofree char *key = index_key (source, event_id, cause, reason, lang);
   return g_hash_table_lookup (catalog->index, key);
}

static const MmfgCatalogEntry *
lookup_in_langs (const MmfgCatalog *catalog, const char *source, guint event_id,
                 const char *cause, const char *reason,
                 const char *const *langs)
{
   for (guint i = 0; langs != NULL && langs[i] != NULL; i++) {
      const MmfgCatalogEntry *e =
         lookup_one (catalog, source, event_id, cause, reason, langs[i]);
      if (e != NULL)
         return e;
   }
   return lookup_one (catalog, source, event_id, cause, reason, "en");
}

const MmfgCatalogEntry *
mmfg_catalog_lookup_reason (const MmfgCatalog *catalog, const char *source,
                            guint event_id, const char *cause,
                            const char *reason, const char *const *langs)
{
   if (catalog == NULL)
      return NULL;
   if (source == NULL)
      source = DEFAULT_SOURCE;
   const MmfgCatalogEntry *e =
      reason && cause
         ? lookup_in_langs (catalog, source, event_id, cause, reason, langs)
         : NULL;
   return e ? e
            : lookup_in_langs (catalog, source, event_id, cause, NULL, langs);
}

const MmfgCatalogEntry *
mmfg_catalog_lookup (const MmfgCatalog *catalog, const char *source,
                     guint event_id, const char *cause,
                     const char *const *langs)
{
   return mmfg_catalog_lookup_reason (catalog, source, event_id, cause, NULL,
                                      langs);
}

int
mmfg_catalog_entry_verdict (const MmfgCatalogEntry *entry)
{
   return entry ? entry->verdict : MIG_VERDICT_NO_OPINION;
}

gboolean
mmfg_catalog_handles (const MmfgCatalog *catalog, const char *source,
                      guint event_id)
{
   if (catalog == NULL)
      return FALSE;
   g_autofree char *key =
      g_strdup_printf ("%s\037%u", source ? source : DEFAULT_SOURCE, event_id);
   return g_hash_table_contains (catalog->events, key);
}

// ---------------------------------------------------------------------------
// Languages

// "de_DE.UTF-8@euro" -> "de"; NULL for "C", "POSIX" and anything that is not
// a plain language code.
static char *
lang_of_locale (const char *locale)
{
   gsize n = strcspn (locale, "_.@");
   if (n < 2 || n > 8)
      return NULL;
   for (gsize i = 0; i < n; i++)
      if (!g_ascii_isalpha (locale[i]))
         return NULL;
   if (n == 5 && g_ascii_strncasecmp (locale, "POSIX", 5) == 0)
      return NULL;
   return g_ascii_strdown (locale, (gssize) n);
}

char **
mmfg_catalog_langs_for_locale (const char *locale)
{
   g_autoptr (GPtrArray) langs = g_ptr_array_new_with_free_func (g_free);
   g_auto (GStrv) parts = g_strsplit (locale ? locale : "", ":", -1);
   for (guint i = 0; parts[i] != NULL; i++) {
      char *lang = lang_of_locale (parts[i]);
      if (lang == NULL)
         continue;
      gboolean seen = FALSE;
      for (guint j = 0; j < langs->len && !seen; j++)
         seen = strcmp (langs->pdata[j], lang) == 0;
      if (seen)
         g_free (lang);
      else
         g_ptr_array_add (langs, lang);
   }
   gboolean has_en = FALSE;
   for (guint j = 0; j < langs->len; j++)
      has_en = has_en || strcmp (langs->pdata[j], "en") == 0;
   if (!has_en)
      g_ptr_array_add (langs, g_strdup ("en"));
   g_ptr_array_add (langs, NULL);
   return (char **) g_ptr_array_free (g_steal_pointer (&langs), FALSE);
}
