// user-list.c — the migration wizard's user list (CSV). Format: user-list.h.
//
// Read as bytes: every field is kept with its length, so that a NUL inside
// one is seen (and blocks its row) instead of ending the text early.

#include "wizard-input/user-list.h"

#include "display-text.h"
#include "host-error.h"
#include "wizard-input/user-list-encoding.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

// Where a reader stands in the text, for messages.
typedef struct {
   const char *p;
   // Where the text ends, and where reading stops: the text's end, or the
   // end of the longest row allowed while a row is read (`capped`).
   const char *text_end;
   const char *end;
   gboolean capped;
   unsigned line;
   char sep;             // ',', ';' or '\t'
   gboolean cr_lines;    // lines end in CR alone, not in LF or CRLF
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
is_blank (const Reader *r, char c)
{
   return c == ' ' || (c == '\t' && r->sep != '\t');
}

// The length of the line end at `p` (0: none). In an LF file a CR is a line
// end only before an LF (or as the text's last byte); in a CR file an LF
// after the CR belongs to the line end, an LF alone to the text.
static gsize
line_end_at (const Reader *r, const char *p)
{
   if (p >= r->text_end)
      return 0;
   if (*p == '\n')
      return r->cr_lines ? 0 : 1;
   if (*p != '\r')
      return 0;
   if (p + 1 < r->text_end && p[1] == '\n')
      return 2;
   return r->cr_lines || p + 1 == r->text_end ? 1 : 0;
}

static gboolean
at_record_end (const Reader *r)
{
   return r->p >= r->text_end || line_end_at (r, r->p) > 0;
}

// A field as read: `len` bytes at `p` (followed by a NUL, but `len` is the
// truth: the bytes may hold NULs), and whether it was quoted.
typedef struct {
   const char *p;
   gsize len;
   gboolean quoted;
} Field;

typedef struct {
   gsize start;
   gsize len;
   gboolean quoted;
} Span;

// One record's fields as they are read: their bytes one after the other,
// each followed by a NUL, and where each is. Reused from record to record,
// so that reading a row allocates nothing once the longest row was read.
typedef struct {
   GString *bytes;
   GArray *spans; // Span
} Scratch;

static void
scratch_clear (Scratch *s)
{
   g_string_free (s->bytes, TRUE);
   g_array_unref (s->spans);
}

static guint
n_fields (const Scratch *s)
{
   return s->spans->len;
}

static Field
field_get (const Scratch *s, guint i)
{
   const Span *span = &g_array_index (s->spans, Span, i);
   return (Field){s->bytes->str + span->start, span->len, span->quoted};
}

// The field in column `col` of a row; empty when the row is shorter or the
// column is absent.
static Field
field_at (const Scratch *s, int col)
{
   if (col < 0 || (guint) col >= n_fields (s))
      return (Field){"", 0, FALSE};
   return field_get (s, (guint) col);
}

static gboolean
field_is (Field f, const char *text)
{
   return f.len == strlen (text) && g_ascii_strncasecmp (f.p, text, f.len) == 0;
}

static void
row_too_long (const Reader *r, unsigned line, GError **error)
{
   g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                "%s, line %u: the row goes on past %" G_GSIZE_FORMAT
                " KiB, the longest a user list row may be; a field whose "
                "closing double quote is missing makes the rest of the file "
                "one row: add the quote; otherwise check that --users names "
                "the wizard's user list",
                r->name, line, MH_USER_LIST_MAX_ROW_BYTES / 1024);
}

// Reads one quoted field; r->p is on the opening quote.
static gboolean
read_quoted (Reader *r, GString *field, unsigned column, unsigned row_line,
             GError **error)
{
   unsigned start_line = r->line;
   r->p++;
   for (;;) {
      if (r->p >= r->end) {
         if (r->capped) {
            row_too_long (r, row_line, error);
            return FALSE;
         }
         g_set_error (
            error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
            _ ("%s, line %u, column %u: a quoted field is never closed; "
               "add the closing double quote (a quote inside a field "
               "is written twice: \"\")"),
            r->name, start_line, column);
         return FALSE;
      }
      if (*r->p == '"') {
         if (r->p + 1 < r->end && r->p[1] == '"') {
            g_string_append_c (field, '"');
            r->p += 2;
            continue;
         }
         r->p++;
         break;
      }
      gsize eol = line_end_at (r, r->p);
      if (eol > 0) {
         g_string_append_len (field, r->p, (gssize) eol);
         r->p += eol;
         r->line++;
         continue;
      }
      g_string_append_c (field, *r->p);
      r->p++;
   }
   while (r->p < r->end && is_blank (r, *r->p))
      r->p++;
   if (r->p < r->end && !at_record_end (r) && *r->p != r->sep) {
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
         _ ("%s, line %u, column %u: text after the closing quote of a "
            "field; quote the whole field and double the quotes inside "
            "it (\"a \"\"b\"\" c\")"),
         r->name, r->line, column);
      return FALSE;
   }
   return TRUE;
}

static void
read_unquoted (Reader *r, GString *field)
{
   const char *start = r->p;
   while (r->p < r->end && *r->p != r->sep && line_end_at (r, r->p) == 0)
      r->p++;
   const char *end = r->p;
   while (end > start && is_blank (r, end[-1]))
      end--;
   g_string_append_len (field, start, end - start);
}

typedef enum { RECORD_END, RECORD_READ, RECORD_ERROR } RecordResult;

// Reads one record (RFC 4180) into `s`, refusing one longer than
// MH_USER_LIST_MAX_ROW_BYTES.
static RecordResult
read_fields (Reader *r, Scratch *s, unsigned *record_line, GError **error)
{
   g_string_truncate (s->bytes, 0);
   g_array_set_size (s->spans, 0);
   if (r->p >= r->text_end)
      return RECORD_END;
   *record_line = r->line;
   r->capped = (gsize) (r->text_end - r->p) > MH_USER_LIST_MAX_ROW_BYTES;
   r->end = r->capped ? r->p + MH_USER_LIST_MAX_ROW_BYTES : r->text_end;
   RecordResult got = RECORD_READ;
   for (;;) {
      Span span = {s->bytes->len, 0, FALSE};
      while (r->p < r->end && is_blank (r, *r->p))
         r->p++;
      if (r->p < r->end && *r->p == '"') {
         span.quoted = TRUE;
         if (!read_quoted (r, s->bytes, n_fields (s) + 1, *record_line,
                           error)) {
            got = RECORD_ERROR;
            break;
         }
      } else {
         read_unquoted (r, s->bytes);
      }
      span.len = s->bytes->len - span.start;
      g_array_append_val (s->spans, span);
      g_string_append_c (s->bytes, '\0');
      if (r->p < r->end && *r->p == r->sep) {
         r->p++;
         continue;
      }
      break;
   }
   if (got == RECORD_READ && r->capped && r->p >= r->end &&
       line_end_at (r, r->p) == 0) {
      row_too_long (r, *record_line, error);
      got = RECORD_ERROR;
   }
   r->end = r->text_end;
   r->capped = FALSE;
   if (got == RECORD_READ) {
      r->p += line_end_at (r, r->p);
      r->line++;
   }
   return got;
}

// A control character: C0 and DEL as a byte, C1 (U+0080-U+009F) as UTF-8.
// Its length at `p` (up to `end`), 0 when there is none there.
static gsize
control_at (const char *p, const char *end)
{
   guchar c = (guchar) *p;
   if (c < 0x20 || c == 0x7F)
      return 1;
   if (c == 0xC2 && p + 1 < end && (guchar) p[1] >= 0x80 &&
       (guchar) p[1] <= 0x9F)
      return 2;
   return 0;
}

// The first control character in `f` that is not allowed: none at all in
// the columns that name and decide an account; in free text a tab, and the
// line breaks RFC 4180 allows inside quotes. NULL when there is none.
static const char *
disallowed_control (Field f, gboolean free_text)
{
   const char *end = f.p + f.len;
   for (const char *p = f.p; p < end; p++) {
      gsize n = control_at (p, end);
      if (n == 0)
         continue;
      if (free_text && (*p == '\t' || (f.quoted && (*p == '\r' || *p == '\n'))))
         continue;
      return p;
   }
   return NULL;
}

// A field's text for a message: escaped, and only its start when it is long.
static char *
field_shown (Field f)
{
   enum { SHOWN = 64 };
   g_autofree char *text =
      mh_display_text (f.p, (gssize) MIN (f.len, (gsize) SHOWN), 0);
   return g_strdup_printf ("\"%s\"%s", text, f.len > SHOWN ? "..." : "");
}

// What a control character at `p` is called in a message.
static char *
control_name (const char *p)
{
   static const struct {
      guchar byte;
      const char *name;
   } names[] = {{0x00, "NUL"},       {0x09, "tab"},
                {0x0A, "line feed"}, {0x0D, "carriage return"},
                {0x1B, "escape"},    {0x7F, "DEL"}};
   guchar c = (guchar) *p;
   if (c == 0xC2)
      return g_strdup_printf ("control character U+%04X",
                              (unsigned) (guchar) p[1]);
   for (gsize i = 0; i < G_N_ELEMENTS (names); i++) {
      if (names[i].byte == c)
         return g_strdup_printf ("byte 0x%02X (%s)", c, names[i].name);
   }
   return g_strdup_printf ("byte 0x%02X (a control character)", c);
}

// The separator of a line that is the header row (its first field is
// SFS_UserName): the byte after that name, or ',' when the name ends the
// line. 0 when the line is no header row; then `*other` is set to a
// punctuation byte that follows the name, a separator mig-host does not
// read.
static char
header_separator (const Reader *r, const char *p, const char *line_end,
                  char *other)
{
   static const char name[] = "SFS_UserName";
   const gsize n = sizeof name - 1;
   while (p < line_end && (*p == ' ' || *p == '\t'))
      p++;
   gboolean quoted = p < line_end && *p == '"';
   p += quoted;
   if ((gsize) (line_end - p) < n || g_ascii_strncasecmp (p, name, n) != 0)
      return 0;
   p += n;
   if (quoted && p < line_end && *p == '"')
      p++;
   while (p < line_end && *p == ' ')
      p++;
   if (p == line_end || line_end_at (r, p) > 0)
      return ',';
   if (*p == ',' || *p == ';' || *p == '\t')
      return *p;
   if (g_ascii_ispunct (*p) && *p != '_' && *p != '-' && *p != '"')
      *other = *p;
   return 0;
}

// The end of the physical line at `p`, its line end included.
static const char *
line_after (const Reader *r, const char *p)
{
   while (p < r->text_end) {
      gsize eol = line_end_at (r, p);
      if (eol > 0)
         return p + eol;
      p++;
   }
   return p;
}

static void
no_header (const Reader *r, unsigned nul_line, char other, unsigned other_line,
           GError **error)
{
   if (other != 0) {
      g_autofree char *shown = mh_display_text (&other, 1, 0);
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
         _ ("%s, line %u: the header row separates its columns with "
            "'%s'; mig-host reads commas, semicolons or tabs: save the "
            "list again with one of them"),
         r->name, other_line, shown);
      return;
   }
   if (nul_line != 0) {
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
         _ ("%s: no header row, and line %u holds NUL bytes: the file "
            "is not text in %s (the encoding it was read in); if it "
            "is UTF-16 or UTF-32 without a byte order mark, save it "
            "again as UTF-8, else export the list from the migration "
            "wizard again"),
         r->name, nul_line, r->encoding);
      return;
   }
   g_set_error (
      error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
      _ ("%s: no header row: no line starts with the column name "
         "SFS_UserName. A user list has the post office lines, then a "
         "row of column names (SFS_UserName,SFS_FullName,MigrateUser,"
         "...), then one row per account; add the header row or export "
         "the list from the migration wizard again"),
      r->name);
}

// The header row's names, refused when one holds a control character:
// such a header cannot be matched to the columns it was meant to name.
static GStrv
header_names (const Reader *r, const Scratch *s, unsigned line, GError **error)
{
   for (guint i = 0; i < n_fields (s); i++) {
      Field f = field_get (s, i);
      const char *bad = disallowed_control (f, FALSE);
      if (bad == NULL)
         continue;
      g_autofree char *what = control_name (bad);
      g_autofree char *shown = field_shown (f);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                   _ ("%s, line %u, column %u: the header row holds %s in %s; "
                      "column names are text: correct the header row or export "
                      "the list from the migration wizard again"),
                   r->name, line, i + 1, what, shown);
      return NULL;
   }
   GStrv names = g_new0 (char *, n_fields (s) + 1);
   for (guint i = 0; i < n_fields (s); i++) {
      Field f = field_get (s, i);
      names[i] = g_strndup (f.p, f.len);
   }
   return names;
}

// Skips the post office lines before the header row, one physical line at
// a time (a stray quote there must not swallow the rest of the file),
// takes the separator from the header row and returns its names.
static GStrv
find_header (Reader *r, Scratch *s, GError **error)
{
   unsigned nul_line = 0, other_line = 0;
   char other = 0;
   while (r->p < r->text_end) {
      const char *line_end = line_after (r, r->p);
      char found_other = 0;
      char sep = header_separator (r, r->p, line_end, &found_other);
      if (sep != 0) {
         r->sep = sep;
         // The header row is one line: a quote left open in it does not
         // reach into the rows.
         Reader one = *r;
         one.text_end = line_end;
         one.end = line_end;
         unsigned line;
         if (read_fields (&one, s, &line, error) != RECORD_READ)
            return NULL;
         r->p = line_end;
         r->line++;
         return header_names (r, s, line, error);
      }
      if (found_other != 0 && other == 0) {
         other = found_other;
         other_line = r->line;
      }
      if (nul_line == 0 && memchr (r->p, '\0', line_end - r->p) != NULL)
         nul_line = r->line;
      r->p = line_end;
      r->line++;
   }
   no_header (r, nul_line, other, other_line, error);
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

static gboolean
row_is_empty (const Scratch *s)
{
   for (guint i = 0; i < n_fields (s); i++) {
      if (field_get (s, i).len > 0)
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

// Whether column `col` is free text: neither names nor decides the account.
static gboolean
is_free_text (const Columns *c, int col)
{
   return col != c->user && col != c->migrate && col != c->hex_id &&
          col != c->recovered;
}

// A control character where its column allows none makes a problem of the
// row. Every field is looked at, the ignored columns too: a NUL anywhere
// says the row was damaged or not written as text.
static void
check_controls (const Reader *r, unsigned line, const Scratch *s, GStrv header,
                const Columns *c, char **problem)
{
   guint n_header = g_strv_length (header);
   for (guint i = 0; i < n_fields (s) && *problem == NULL; i++) {
      Field f = field_get (s, i);
      gboolean free_text = is_free_text (c, (int) i);
      const char *bad = disallowed_control (f, free_text);
      if (bad == NULL)
         continue;
      g_autofree char *what = control_name (bad);
      g_autofree char *shown = field_shown (f);
      g_autofree char *col_name =
         i < n_header
            ? mh_display_text (header[i], -1, 0)
            : g_strdup_printf ("beyond the header's %u columns", n_header);
      row_problem (problem, r, line, (int) i, col_name,
                   "%s at position %" G_GSIZE_FORMAT " of %s; %s, so the row "
                   "was damaged or not written as text: correct the field or "
                   "export the list from the migration wizard again",
                   what, (gsize) (bad - f.p) + 1, shown,
                   free_text ? "this column may hold tabs and, inside "
                               "quotes, line breaks, but no other control "
                               "characters"
                             : "this column names or decides the account and "
                               "holds no control characters");
   }
}

static void
check_utf8 (const Reader *r, unsigned line, Field f, int col,
            const char *col_name, char **problem)
{
   const char *bad = NULL;
   if (g_utf8_validate_len (f.p, f.len, &bad))
      return;
   row_problem (problem, r, line, col, col_name,
                "not valid UTF-8 (byte 0x%02X at offset %d); the list was "
                "read as %s: give its code page with --users-encoding (eg "
                "CP1252), or save it as UTF-8",
                (unsigned) (guchar) *bad, (int) (bad - f.p), r->encoding);
}

// MigrateUser: Y or empty migrates, N skips. Anything else is a problem of
// the row: the account is kept (and blocked), not skipped on a guess.
static gboolean
parse_migrate (const Reader *r, unsigned line, Field value, int col,
               char **problem)
{
   if (value.len == 0 || field_is (value, "Y"))
      return TRUE;
   if (field_is (value, "N"))
      return FALSE;
   g_autofree char *shown = field_shown (value);
   row_problem (problem, r, line, col, "MigrateUser",
                "%s is neither Y nor N; write Y to migrate the account or "
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
parse_time (const Reader *r, unsigned line, Field field, int col, int64_t *out,
            char **problem)
{
   *out = 0;
   // A NUL in it was a problem already (check_controls): no prefix of the
   // field is read as a time.
   if (field.len == 0 || memchr (field.p, '\0', field.len) != NULL)
      return;
   const char *value = field.p;
   // A time written without a zone is read as the latest moment it can mean
   // anywhere: local time at UTC-12. An MMF changed before the recovery then
   // never passes for one changed after it (which would let an account whose
   // password is out of step proceed), whatever zone the administrator wrote
   // it in; at worst an account changed within those hours is blocked and
   // its user asked to log on once. The list travels between machines, so
   // the zone of whoever runs mig-host is no better guess.
   g_autoptr (GTimeZone) latest = g_time_zone_new_offset (-12 * 3600);
   g_autofree char *whole = complete_iso8601 (value);
   g_autoptr (GDateTime) t =
      g_date_time_new_from_iso8601 (whole != NULL ? whole : value, latest);
   if (t != NULL) {
      *out = g_date_time_to_unix (t);
      return;
   }
   g_autofree char *shown = field_shown (field);
   row_problem (problem, r, line, col, "Password-Recovered",
                "%s is not an ISO 8601 date and time; write it like "
                "2024-03-01T09:30:00Z, 2024-03-01T09:30+01:00 or 2024-03-01 "
                "(without a zone, the latest moment it can mean: UTC-12), or "
                "leave it empty when the password was not recovered",
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
   g_free (e);
}

// A field as an entry's text: as it is when it is valid UTF-8 without a
// control character its column disallows, else escaped (\xNN), so that the
// text is never cut at a NUL and two different damaged names never become
// one. NULL when the field is empty.
static char *
entry_text (Field f, gboolean free_text)
{
   if (f.len == 0)
      return NULL;
   if (disallowed_control (f, free_text) == NULL &&
       g_utf8_validate_len (f.p, f.len, NULL))
      return g_strndup (f.p, f.len);
   return mh_display_text (f.p, (gssize) f.len, MH_DISPLAY_ONE_LINE);
}

// Turns one data row into an entry of `list`, or skips it. A row whose
// fields are wrong still becomes an entry, carrying its problem.
static gboolean
parse_row (const Reader *r, const Columns *c, const Scratch *row, unsigned line,
           MhUserList *list, GError **error)
{
   if (row_is_empty (row))
      return TRUE;
   if (++list->n_rows > MH_USER_LIST_MAX_ACCOUNTS) {
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
         _ ("%s, line %u: more than %u accounts, the most a user list "
            "may hold; check that --users names the wizard's user "
            "list, or split it into lists of at most %u accounts"),
         r->name, line, MH_USER_LIST_MAX_ACCOUNTS, MH_USER_LIST_MAX_ACCOUNTS);
      return FALSE;
   }
   Field user = field_at (row, c->user);
   Field full_name = field_at (row, c->full_name);
   Field migrate_s = field_at (row, c->migrate);
   Field hex_id = field_at (row, c->hex_id);
   Field recovered = field_at (row, c->recovered);

   g_autofree char *problem = NULL;
   check_controls (r, line, row, list->header, c, &problem);
   check_utf8 (r, line, user, c->user, "SFS_UserName", &problem);
   check_utf8 (r, line, full_name, c->full_name, "SFS_FullName", &problem);
   check_utf8 (r, line, hex_id, c->hex_id, "Hex-ID", &problem);
   // A row without a name still stands for an account someone meant to
   // migrate: it is reported under its line.
   g_autofree char *name = entry_text (user, FALSE);
   if (name == NULL) {
      name = g_strdup_printf ("(line %u)", line);
      row_problem (&problem, r, line, c->user, "SFS_UserName",
                   "the user name is empty; fill it in or delete the row");
   }
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
                   _ ("%s, line %u: the user %s is listed again (as %s on line "
                      "%u; MS Mail names ignore case); remove one of the rows"),
                   r->name, line, shown, first, dup->line);
      return FALSE;
   }
   MhUserEntry *e = g_new0 (MhUserEntry, 1);
   e->user = g_steal_pointer (&name);
   e->full_name = entry_text (full_name, TRUE);
   e->hex_id = entry_text (hex_id, FALSE);
   e->password_recovered_at = recovered_at;
   e->line = line;
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

// Whether the text holds nothing but blank lines.
static gboolean
is_blank_text (const char *text, gsize len)
{
   for (gsize i = 0; i < len; i++) {
      if (!g_ascii_isspace (text[i]))
         return FALSE;
   }
   return TRUE;
}

// Whether lines end in CR alone: decided by the first line's end, so that
// a stray CR inside a row of an LF or CRLF file is a control character of
// its field, not a row break that shifts the fields after it.
static gboolean
ends_lines_in_cr (const char *text, gsize len)
{
   for (gsize i = 0; i < len; i++) {
      if (text[i] == '\n')
         return FALSE;
      if (text[i] == '\r')
         return i + 1 < len && text[i + 1] != '\n';
   }
   return FALSE;
}

// The header row and every data row after it, into `list`.
static gboolean
read_rows (Reader *r, Scratch *scratch, MhUserList *list, GError **error)
{
   list->header = find_header (r, scratch, error);
   if (list->header == NULL)
      return FALSE;
   list->separator = r->sep;

   Columns c = {
      .user = column_of (list->header, "SFS_UserName"),
      .full_name = column_of (list->header, "SFS_FullName"),
      .migrate = column_of (list->header, "MigrateUser"),
      .hex_id = column_of (list->header, "Hex-ID"),
      .recovered = column_of (list->header, "Password-Recovered"),
   };
   for (;;) {
      unsigned line = 0;
      RecordResult got = read_fields (r, scratch, &line, error);
      if (got == RECORD_END)
         return TRUE;
      if (got == RECORD_ERROR)
         return FALSE;
      if (!parse_row (r, &c, scratch, line, list, error))
         return FALSE;
   }
}

// The list in `text`, already UTF-8 (but for the bytes of damaged rows).
static MhUserList *
parse_text (const MhUserListText *d, const char *name, GError **error)
{
   g_autofree char *shown_name = mh_display_path (name);
   if (is_blank_text (d->text, d->len)) {
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                   d->len == 0
                      ? _ ("%s is empty; export the user list from the "
                           "migration wizard again, or check that --users "
                           "names it")
                      : _ ("%s holds nothing but blank lines; export the user "
                           "list from the migration wizard again, or check "
                           "that --users names it"),
                   shown_name);
      return NULL;
   }
   Reader r = {
      .p = d->text,
      .text_end = d->text + d->len,
      .end = d->text + d->len,
      .line = 1,
      .sep = ',',
      .cr_lines = ends_lines_in_cr (d->text, d->len),
      .name = shown_name,
      .encoding = d->encoding,
   };
   g_autoptr (MhUserList) list = g_new0 (MhUserList, 1);
   list->path = g_strdup (name);
   list->shown_path = g_strdup (shown_name);
   list->encoding = g_strdup (d->encoding);
   list->read_in_codepage = d->read_in_codepage;
   list->entries = g_ptr_array_new_with_free_func (entry_free);
   list->by_name =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
   Scratch scratch = {g_string_sized_new (256),
                      g_array_new (FALSE, FALSE, sizeof (Span))};
   gboolean ok = read_rows (&r, &scratch, list, error);
   scratch_clear (&scratch);
   if (!ok)
      return NULL;
   block_shared_hex_ids (list);
   return g_steal_pointer (&list);
}

MhUserList *
mh_user_list_parse_encoded (const char *data, gsize len, const char *name,
                            const char *codepage, GError **error)
{
   if (len > MH_USER_LIST_MAX_BYTES) {
      g_autofree char *shown = mh_display_path (name);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                   "%s, line %u: the file goes on past %" G_GSIZE_FORMAT
                   " MiB, the most a user list may hold; check that --users "
                   "names the wizard's user list",
                   shown,
                   mh_user_list_line_at (data, MH_USER_LIST_MAX_BYTES, NULL),
                   MH_USER_LIST_MAX_BYTES / (1024 * 1024));
      return NULL;
   }
   MhUserListText d;
   if (!mh_user_list_decode (data, len, name,
                             codepage != NULL ? codepage : "CP1252", &d, error))
      return NULL;
   MhUserList *list = parse_text (&d, name, error);
   mh_user_list_text_clear (&d);
   return list;
}

MhUserList *
mh_user_list_parse (const char *data, gsize len, const char *name,
                    GError **error)
{
   return mh_user_list_parse_encoded (data, len, name, NULL, error);
}

// Reads at most `limit` bytes of the file: a list past the limit is refused
// by the parser without the rest being read (or a device read forever).
static char *
read_at_most (const char *path, gsize limit, gsize *len, GError **error)
{
   FILE *f = g_fopen (path, "rb");
   if (f == NULL) {
      int saved = errno;
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                           g_strerror (saved));
      return NULL;
   }
   GStatBuf st;
   gsize hint = 64 * 1024;
   if (g_stat (path, &st) == 0 && st.st_size > 0)
      hint = MIN ((gsize) st.st_size + 1, limit);
   gsize cap = hint, n = 0;
   char *data = g_malloc (cap + 1);
   for (;;) {
      if (n == cap) {
         if (cap == limit)
            break;
         cap = MIN (cap * 2, limit);
         data = g_realloc (data, cap + 1);
      }
      gsize got = fread (data + n, 1, cap - n, f);
      n += got;
      if (got == 0)
         break;
   }
   int failed = ferror (f) ? errno : 0;
   fclose (f);
   if (failed != 0) {
      g_free (data);
      g_set_error_literal (error, G_FILE_ERROR,
                           g_file_error_from_errno (failed),
                           g_strerror (failed));
      return NULL;
   }
   data[n] = '\0';
   *len = n;
   return data;
}

MhUserList *
mh_user_list_load (const char *path, const char *codepage, GError **error)
{
   gsize len = 0;
   g_autoptr (GError) local = NULL;
   g_autofree char *data =
      read_at_most (path, MH_USER_LIST_MAX_BYTES + 1, &len, &local);
   if (data == NULL) {
      g_autofree char *shown = mh_display_path (path);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   _ ("cannot read the user list %s: %s; give the CSV file the "
                      "migration wizard exported (--users FILE)"),
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
   g_strfreev (list->header);
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
