// user-list.c — the migration wizard's user list (CSV). Format: user-list.h.

#include "wizard-input/user-list.h"

#include "display-text.h"
#include "host-error.h"

#include <stdarg.h>
#include <string.h>

// Where a reader stands in the text, for messages.
typedef struct {
   const char *p;
   const char *end;
   unsigned line;
   const char *name;     // the file name, already made displayable
   const char *encoding; // the encoding the text was read in
} Reader;

// The columns mig-host uses; -1 when the header lacks one.
typedef struct {
   int user;
   int full_name;
   int migrate;
   int hex_id;
   int recovered;
} Columns;

static gboolean
is_blank (char c)
{
   return c == ' ' || c == '\t';
}

static gboolean
at_record_end (const Reader *r)
{
   return r->p == r->end || *r->p == '\r' || *r->p == '\n';
}

// One record's fields as they are read: their bytes one after the other,
// each ended by a NUL, and where each starts. Reused from record to record,
// so that reading a row costs no allocation but the row's own (row_pack).
typedef struct {
   GString *bytes;
   GArray *starts; // gsize offsets into `bytes`
} Scratch;

static void
scratch_clear (Scratch *s)
{
   g_string_free (s->bytes, TRUE);
   g_array_unref (s->starts);
}

static void
field_begin (Scratch *s)
{
   gsize start = s->bytes->len;
   g_array_append_val (s->starts, start);
}

// Reads one quoted field; r->p is on the opening quote.
static gboolean
read_quoted (Reader *r, GString *field, unsigned column, GError **error)
{
   unsigned start_line = r->line;
   r->p++;
   for (;;) {
      if (r->p == r->end) {
         g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                      "%s, line %u, column %u: a quoted field is never closed; "
                      "add the closing double quote (a quote inside a field "
                      "is written twice: \"\")",
                      r->name, start_line, column);
         return FALSE;
      }
      char c = *r->p;
      if (c == '"') {
         if (r->p + 1 < r->end && r->p[1] == '"') {
            g_string_append_c (field, '"');
            r->p += 2;
            continue;
         }
         r->p++;
         break;
      }
      if (c == '\n')
         r->line++;
      g_string_append_c (field, c);
      r->p++;
   }
   while (r->p < r->end && is_blank (*r->p))
      r->p++;
   if (!at_record_end (r) && *r->p != ',') {
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                   "%s, line %u, column %u: text after the closing quote of a "
                   "field; quote the whole field and double the quotes inside "
                   "it (\"a \"\"b\"\" c\")",
                   r->name, r->line, column);
      return FALSE;
   }
   return TRUE;
}

static void
read_unquoted (Reader *r, GString *field)
{
   const char *start = r->p;
   while (!at_record_end (r) && *r->p != ',')
      r->p++;
   const char *end = r->p;
   while (end > start && is_blank (end[-1]))
      end--;
   g_string_append_len (field, start, end - start);
}

// The fields in `s` as one allocation: a NULL-terminated array of pointers
// followed by the strings it points to. Freed with g_free.
static GStrv
row_pack (const Scratch *s)
{
   guint n = s->starts->len;
   gsize pointers = (n + 1) * sizeof (char *);
   char **row = g_malloc (pointers + s->bytes->len);
   char *text = (char *) row + pointers;
   memcpy (text, s->bytes->str, s->bytes->len);
   for (guint i = 0; i < n; i++)
      row[i] = text + g_array_index (s->starts, gsize, i);
   row[n] = NULL;
   return row;
}

typedef enum { RECORD_END, RECORD_READ, RECORD_ERROR } RecordResult;

// Reads one record (RFC 4180) into `s`.
static RecordResult
read_fields (Reader *r, Scratch *s, unsigned *record_line, GError **error)
{
   g_string_truncate (s->bytes, 0);
   g_array_set_size (s->starts, 0);
   if (r->p >= r->end)
      return RECORD_END;
   *record_line = r->line;
   for (;;) {
      field_begin (s);
      while (r->p < r->end && is_blank (*r->p))
         r->p++;
      if (r->p < r->end && *r->p == '"') {
         if (!read_quoted (r, s->bytes, s->starts->len, error))
            return RECORD_ERROR;
      } else {
         read_unquoted (r, s->bytes);
      }
      g_string_append_c (s->bytes, '\0');
      if (r->p < r->end && *r->p == ',') {
         r->p++;
         continue;
      }
      break;
   }
   if (r->p < r->end && *r->p == '\r')
      r->p++;
   if (r->p < r->end && *r->p == '\n')
      r->p++;
   r->line++;
   return RECORD_READ;
}

// Reads one record into a NULL-terminated array of fields (one allocation,
// freed with g_free).
static RecordResult
read_record (Reader *r, Scratch *s, GStrv *fields, unsigned *record_line,
             GError **error)
{
   *fields = NULL;
   RecordResult got = read_fields (r, s, record_line, error);
   if (got == RECORD_READ)
      *fields = row_pack (s);
   return got;
}

static gboolean
is_header (GStrv fields)
{
   return fields != NULL && fields[0] != NULL &&
          g_ascii_strcasecmp (fields[0], "SFS_UserName") == 0;
}

// Skips the post office lines before the header row, one physical line at
// a time (a stray quote there must not swallow the rest of the file), and
// returns the header's fields.
static GStrv
find_header (Reader *r, Scratch *s, GError **error)
{
   while (r->p < r->end) {
      const char *eol = memchr (r->p, '\n', r->end - r->p);
      const char *line_end = eol != NULL ? eol + 1 : r->end;
      Reader one = {r->p, line_end, r->line, r->name, r->encoding};
      g_autofree GStrv fields = NULL;
      unsigned line;
      if (read_record (&one, s, &fields, &line, NULL) == RECORD_READ &&
          one.p == line_end && is_header (fields)) {
         r->p = line_end;
         r->line++;
         return g_steal_pointer (&fields);
      }
      r->p = line_end;
      r->line++;
   }
   g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                "%s: no header row: no line starts with the column name "
                "SFS_UserName. A user list has the post office lines, then a "
                "row of column names (SFS_UserName,SFS_FullName,MigrateUser,"
                "...), then one row per account; add the header row or export "
                "the list from the migration wizard again",
                r->name);
   return NULL;
}

static int
column_of (GStrv header, const char *name)
{
   for (int i = 0; header[i] != NULL; i++) {
      if (g_ascii_strcasecmp (header[i], name) == 0)
         return i;
   }
   return -1;
}

// The field in column `col` of a row, "" when the row is shorter or the
// column is absent.
static const char *
field_at (GStrv fields, int col)
{
   if (col < 0)
      return "";
   for (int i = 0; i <= col; i++) {
      if (fields[i] == NULL)
         return "";
   }
   return fields[col];
}

static gboolean
row_is_empty (GStrv fields)
{
   for (int i = 0; fields[i] != NULL; i++) {
      if (fields[i][0] != '\0')
         return FALSE;
   }
   return TRUE;
}

// A problem with one row: the account it names is blocked with this text
// instead of the whole run stopping. Only the first problem of a row is
// kept.
static void row_problem (char **problem, const Reader *r, unsigned line,
                         int col, const char *col_name, const char *format, ...)
   G_GNUC_PRINTF (6, 7);

static void
row_problem (char **problem, const Reader *r, unsigned line, int col,
             const char *col_name, const char *format, ...)
{
   if (*problem != NULL)
      return;
   va_list ap;
   va_start (ap, format);
   g_autofree char *what = g_strdup_vprintf (format, ap);
   va_end (ap);
   *problem = g_strdup_printf ("%s, line %u, column %d (%s): %s", r->name, line,
                               col + 1, col_name, what);
}

static void
check_utf8 (const Reader *r, unsigned line, const char *value, int col,
            const char *col_name, char **problem)
{
   const char *bad = NULL;
   if (g_utf8_validate (value, -1, &bad))
      return;
   row_problem (problem, r, line, col, col_name,
                "not valid UTF-8 (byte 0x%02X at offset %d); the list was "
                "read as %s: give its code page with --users-encoding (eg "
                "CP1252), or save it as UTF-8",
                (unsigned) (guchar) *bad, (int) (bad - value), r->encoding);
}

// MigrateUser: Y or empty migrates, N skips. Anything else is a problem of
// the row: the account is kept (and blocked), not skipped on a guess.
static gboolean
parse_migrate (const Reader *r, unsigned line, const char *value, int col,
               char **problem)
{
   if (value[0] == '\0' || g_ascii_strcasecmp (value, "Y") == 0)
      return TRUE;
   if (g_ascii_strcasecmp (value, "N") == 0)
      return FALSE;
   g_autofree char *shown = mh_display_text (value, -1, MH_DISPLAY_ONE_LINE);
   row_problem (problem, r, line, col, "MigrateUser",
                "\"%s\" is neither Y nor N; write Y to migrate the account or "
                "N to skip it",
                shown);
   return TRUE;
}

// ISO 8601 as people write it, made whole for GLib: a date alone is
// midnight, a time without seconds has :00 seconds.
static char *
complete_iso8601 (const char *value)
{
   static GRegex *date_only, *no_seconds;
   static gsize once = 0;
   if (g_once_init_enter (&once)) {
      date_only = g_regex_new ("^\\d{4}-\\d{2}-\\d{2}$", 0, 0, NULL);
      no_seconds = g_regex_new ("^(\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2})"
                                "([Zz]|[+-]\\d{2}(:?\\d{2})?)?$",
                                0, 0, NULL);
      g_once_init_leave (&once, 1);
   }
   if (g_regex_match (date_only, value, 0, NULL))
      return g_strconcat (value, "T00:00:00", NULL);
   return g_regex_replace (no_seconds, value, -1, 0, "\\1:00\\2", 0, NULL);
}

static void
parse_time (const Reader *r, unsigned line, const char *value, int col,
            int64_t *out, char **problem)
{
   *out = 0;
   if (value[0] == '\0')
      return;
   // A time written without a zone is UTC: the list travels between
   // machines, and the local zone of whoever runs mig-host is no better guess.
   g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
   g_autofree char *whole = complete_iso8601 (value);
   g_autoptr (GDateTime) t =
      g_date_time_new_from_iso8601 (whole != NULL ? whole : value, utc);
   if (t != NULL) {
      *out = g_date_time_to_unix (t);
      return;
   }
   g_autofree char *shown = mh_display_text (value, -1, MH_DISPLAY_ONE_LINE);
   row_problem (problem, r, line, col, "Password-Recovered",
                "\"%s\" is not an ISO 8601 date and time; write it like "
                "2024-03-01T09:30:00Z, 2024-03-01T09:30 or 2024-03-01 (UTC "
                "when no zone is given), or leave it empty when the password "
                "was not recovered",
                shown);
}

// The key of a name in `by_name`: case-folded, as MS Mail compares names.
// An ASCII name folds to its ASCII lower case; only others need GLib's
// Unicode tables (g_utf8_casefold gives the same for ASCII, slower).
static char *
name_key (const char *name)
{
   for (const char *p = name; *p != '\0'; p++)
      if ((guchar) *p >= 0x80)
         return g_utf8_casefold (name, -1);
   return g_ascii_strdown (name, -1);
}

static void
entry_free (gpointer data)
{
   MhUserEntry *e = data;
   g_free (e->user);
   g_free (e->full_name);
   g_free (e->hex_id);
   g_free (e->problem);
   g_free (e->fields);
   g_free (e);
}

// Turns one data row into an entry of `list`, or skips it. A row whose
// fields are wrong still becomes an entry, carrying its problem, and takes
// `*row` (row_pack's allocation).
static gboolean
parse_row (const Reader *r, const Columns *c, GStrv *row, unsigned line,
           MhUserList *list, GError **error)
{
   GStrv fields = *row;
   if (row_is_empty (fields))
      return TRUE;
   const char *user = field_at (fields, c->user);
   const char *full_name = field_at (fields, c->full_name);
   const char *migrate_s = field_at (fields, c->migrate);
   const char *hex_id = field_at (fields, c->hex_id);
   const char *recovered = field_at (fields, c->recovered);

   g_autofree char *problem = NULL;
   check_utf8 (r, line, user, c->user, "SFS_UserName", &problem);
   check_utf8 (r, line, full_name, c->full_name, "SFS_FullName", &problem);
   check_utf8 (r, line, hex_id, c->hex_id, "Hex-ID", &problem);
   // A row without a name still stands for an account someone meant to
   // migrate: it is reported under its line.
   g_autofree char *name = user[0] != '\0'
                              ? g_utf8_make_valid (user, -1)
                              : g_strdup_printf ("(line %u)", line);
   if (user[0] == '\0')
      row_problem (&problem, r, line, c->user, "SFS_UserName",
                   "the user name is empty; fill it in or delete the row");
   gboolean migrate = parse_migrate (r, line, migrate_s, c->migrate, &problem);
   int64_t recovered_at = 0;
   parse_time (r, line, recovered, c->recovered, &recovered_at, &problem);
   if (!migrate) {
      list->n_not_migrated++;
      return TRUE;
   }
   g_autofree char *key = name_key (name);
   const MhUserEntry *dup = g_hash_table_lookup (list->by_name, key);
   if (dup != NULL) {
      g_autofree char *shown = mh_display_text (name, -1, MH_DISPLAY_ONE_LINE);
      g_autofree char *first = mh_display_text (dup->user, -1, 0);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                   "%s, line %u: the user %s is listed again (as %s on line "
                   "%u; MS Mail names ignore case); remove one of the rows",
                   r->name, line, shown, first, dup->line);
      return FALSE;
   }
   MhUserEntry *e = g_new0 (MhUserEntry, 1);
   e->user = g_steal_pointer (&name);
   e->full_name =
      full_name[0] != '\0' ? g_utf8_make_valid (full_name, -1) : NULL;
   e->hex_id = hex_id[0] != '\0' ? g_utf8_make_valid (hex_id, -1) : NULL;
   e->password_recovered_at = recovered_at;
   e->line = line;
   e->fields = g_steal_pointer (row);
   e->problem = g_steal_pointer (&problem);
   g_ptr_array_add (list->entries, e);
   g_hash_table_insert (list->by_name, g_steal_pointer (&key), e);
   return TRUE;
}

// Two accounts with one Hex-ID would migrate one MMF twice (or the wrong
// one): both are blocked, each naming the other.
static void
block_shared_hex_ids (MhUserList *list)
{
   g_autoptr (GHashTable) first =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
   for (guint i = 0; i < list->entries->len; i++) {
      MhUserEntry *e = g_ptr_array_index (list->entries, i);
      if (e->hex_id == NULL)
         continue;
      char *key = g_ascii_strdown (e->hex_id, -1);
      MhUserEntry *other = g_hash_table_lookup (first, key);
      if (other == NULL) {
         g_hash_table_insert (first, key, e);
         continue;
      }
      g_free (key);
      MhUserEntry *pair[2] = {other, e};
      for (int k = 0; k < 2; k++) {
         MhUserEntry *x = pair[k], *y = pair[1 - k];
         if (x->problem != NULL)
            continue;
         g_autofree char *hex = mh_display_text (x->hex_id, -1, 0);
         g_autofree char *them = mh_display_text (y->user, -1, 0);
         x->problem = g_strdup_printf (
            "%s, line %u: Hex-ID %s is also the Hex-ID of %s (line %u); one "
            "MMF cannot be migrated into two mailboxes: correct the list "
            "from the admin tool's LISTUSER output",
            list->shown_path, x->line, hex, them, y->line);
      }
   }
}

// A copy of `len` bytes, NUL-terminated, never NULL.
static char *
copy_bytes (const char *data, gsize len)
{
   char *copy = g_malloc (len + 1);
   memcpy (copy, data, len);
   copy[len] = '\0';
   return copy;
}

// The text as UTF-8: UTF-8 as it is (a byte order mark dropped), anything
// else converted from `codepage`. NULL with an error naming the line when
// a byte is not a character there.
static char *
to_utf8 (const char *data, gsize len, const char *name, const char *codepage,
         const char **encoding, gsize *out_len, GError **error)
{
   if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0) {
      *encoding = "UTF-8 (with BOM)";
      *out_len = len - 3;
      return copy_bytes (data + 3, len - 3);
   }
   if (g_ascii_strcasecmp (codepage, "UTF-8") == 0 ||
       g_utf8_validate_len (data, len, NULL)) {
      *encoding = "UTF-8";
      *out_len = len;
      return copy_bytes (data, len);
   }
   *encoding = codepage;
   gsize read = 0;
   g_autoptr (GError) local = NULL;
   char *text =
      g_convert (data, (gssize) len, "UTF-8", codepage, &read, out_len, &local);
   if (text != NULL)
      return text;
   g_autofree char *shown = mh_display_path (name);
   g_autofree char *cp = mh_display_text (codepage, -1, 0);
   if (g_error_matches (local, G_CONVERT_ERROR,
                        G_CONVERT_ERROR_NO_CONVERSION)) {
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_USAGE,
                   "--users-encoding %s: not an encoding this system can "
                   "convert from; give a Windows code page such as CP1252 "
                   "or CP1250",
                   cp);
      return NULL;
   }
   unsigned line = 1;
   for (gsize i = 0; i < read && i < len; i++)
      line += data[i] == '\n';
   g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                "%s, line %u: it is not UTF-8, and byte 0x%02X is not a "
                "character in %s; give the list's code page with "
                "--users-encoding (eg CP1250 for Central European Windows)",
                shown, line, read < len ? (unsigned) (guchar) data[read] : 0u,
                cp);
   return NULL;
}

// The header row and every data row after it, into `list`.
static gboolean
read_rows (Reader *r, Scratch *scratch, MhUserList *list, GError **error)
{
   list->header = find_header (r, scratch, error);
   if (list->header == NULL)
      return FALSE;

   Columns c = {
      .user = column_of (list->header, "SFS_UserName"),
      .full_name = column_of (list->header, "SFS_FullName"),
      .migrate = column_of (list->header, "MigrateUser"),
      .hex_id = column_of (list->header, "Hex-ID"),
      .recovered = column_of (list->header, "Password-Recovered"),
   };
   for (;;) {
      g_autofree GStrv fields = NULL;
      unsigned line = 0;
      RecordResult got = read_record (r, scratch, &fields, &line, error);
      if (got == RECORD_END)
         return TRUE;
      if (got == RECORD_ERROR)
         return FALSE;
      if (!parse_row (r, &c, &fields, line, list, error))
         return FALSE;
   }
}

MhUserList *
mh_user_list_parse_encoded (const char *data, gsize len, const char *name,
                            const char *codepage, GError **error)
{
   const char *encoding = NULL;
   gsize text_len = 0;
   g_autofree char *text =
      to_utf8 (data, len, name, codepage != NULL ? codepage : "CP1252",
               &encoding, &text_len, error);
   if (text == NULL)
      return NULL;
   g_autofree char *shown_name = mh_display_path (name);
   Reader r = {text, text + text_len, 1, shown_name, encoding};

   g_autoptr (MhUserList) list = g_new0 (MhUserList, 1);
   list->path = g_strdup (name);
   list->shown_path = g_strdup (shown_name);
   list->encoding = g_strdup (encoding);
   list->entries = g_ptr_array_new_with_free_func (entry_free);
   list->by_name =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
   Scratch scratch = {g_string_sized_new (256),
                      g_array_new (FALSE, FALSE, sizeof (gsize))};
   gboolean ok = read_rows (&r, &scratch, list, error);
   scratch_clear (&scratch);
   if (!ok)
      return NULL;
   block_shared_hex_ids (list);
   return g_steal_pointer (&list);
}

MhUserList *
mh_user_list_parse (const char *data, gsize len, const char *name,
                    GError **error)
{
   return mh_user_list_parse_encoded (data, len, name, NULL, error);
}

MhUserList *
mh_user_list_load (const char *path, const char *codepage, GError **error)
{
   g_autofree char *data = NULL;
   gsize len = 0;
   g_autoptr (GError) local = NULL;
   if (!g_file_get_contents (path, &data, &len, &local)) {
      g_autofree char *shown = mh_display_path (path);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   "cannot read the user list %s: %s; give the CSV file the "
                   "migration wizard exported (--users FILE)",
                   shown, local->message);
      return NULL;
   }
   return mh_user_list_parse_encoded (data, len, path, codepage, error);
}

void
mh_user_list_free (MhUserList *list)
{
   if (list == NULL)
      return;
   g_free (list->path);
   g_free (list->shown_path);
   g_free (list->encoding);
   g_ptr_array_unref (list->entries);
   g_hash_table_unref (list->by_name);
   g_free (list->header);
   g_free (list);
}

const MhUserEntry *
mh_user_list_find (const MhUserList *list, const char *user)
{
   if (user == NULL || !g_utf8_validate (user, -1, NULL))
      return NULL;
   g_autofree char *key = name_key (user);
   return g_hash_table_lookup (list->by_name, key);
}
