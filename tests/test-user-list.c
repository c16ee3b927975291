// test-user-list.c — mig-host's reader of the wizard's user list.

#include "display-text.h"
#include "host-error.h"
#include "wizard-input/user-list.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

static MhUserList *
parse (const char *text, GError **error)
{
   return mh_user_list_parse (text, strlen (text), "users.csv", error);
}

// The same for text holding NULs: `len` bytes.
static MhUserList *
parse_bytes (const char *text, gsize len, GError **error)
{
   return mh_user_list_parse (text, len, "users.csv", error);
}

#define PARSE_BYTES(literal, error)                                            \
   parse_bytes (literal, sizeof literal - 1, error)

static const MhUserEntry *
entry (const MhUserList *list, guint i)
{
   g_assert_cmpuint (i, <, list->entries->len);
   return g_ptr_array_index (list->entries, i);
}

static char *
fixture (const char *name)
{
   const char *root = g_getenv ("MMFG_SOURCE_ROOT");
   g_assert_nonnull (root);
   return g_build_filename (root, "tests", "data", "users", name, NULL);
}

// Asserts that parsing failed (the content is unusable: exit 65) with a
// message containing every fragment.
static void
assert_error_mentions (const GError *error, const char *const *fragments)
{
   g_assert_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA);
   g_test_message ("%s", error->message);
   for (gsize i = 0; fragments[i] != NULL; i++)
      g_assert_nonnull (strstr (error->message, fragments[i]));
}

static void
test_wizard_export_read (void)
{
   g_autofree char *path = fixture ("wizard-export.csv");
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list = mh_user_list_load (path, NULL, &error);
   g_assert_no_error (error);
   // BJONES has MigrateUser=n; the empty row is skipped.
   g_assert_cmpuint (list->entries->len, ==, 3);
   g_assert_cmpuint (list->n_not_migrated, ==, 1);

   g_assert_cmpstr (entry (list, 0)->user, ==, "JSMITH");
   g_assert_cmpstr (entry (list, 0)->full_name, ==, "Smith, Jane");
   g_assert_cmpstr (entry (list, 0)->hex_id, ==, "0000023A");
   g_assert_cmpint (entry (list, 0)->password_recovered_at, ==, 0);
   // Line 4 is the header: the preamble (with a stray quote) was skipped.
   g_assert_cmpuint (entry (list, 0)->line, ==, 5);

   g_assert_cmpstr (entry (list, 1)->user, ==, "MULTI");
   g_assert_cmpstr (entry (list, 1)->full_name, ==, "Line one\r\nline two");
   g_assert_cmpstr (entry (list, 1)->hex_id, ==, "0000023c");
   // No zone: the latest moment it can mean, at UTC-12.
   // 2024-03-01T09:30:00Z + 12 h.
   g_assert_cmpint (entry (list, 1)->password_recovered_at, ==,
                    1709285400 + 12 * 3600);
   g_assert_cmpuint (entry (list, 1)->line, ==, 7);

   g_assert_cmpstr (entry (list, 2)->user, ==, "ZED");
   g_assert_null (entry (list, 2)->hex_id);
   g_assert_cmpint (entry (list, 2)->password_recovered_at, ==, 1709285400);
   // Lines counted across the quoted line break.
   g_assert_cmpuint (entry (list, 2)->line, ==, 10);
   // Other columns are read and ignored; the header names them all.
   g_assert_cmpstr (list->header[3], ==, "Obj-Class");
   g_assert_cmpint (list->separator, ==, ',');
}

static void
test_doubled_quotes_and_commas (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list =
      parse ("SFS_UserName,SFS_FullName\n\"A,B\",\"say \"\"hi\"\"\"\n", &error);
   g_assert_no_error (error);
   g_assert_cmpstr (entry (list, 0)->user, ==, "A,B");
   g_assert_cmpstr (entry (list, 0)->full_name, ==, "say \"hi\"");
}

static void
test_header_case_and_order (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list = parse (
      "\xEF\xBB\xBF  sfs_username ,HEX-id,migrateuser\r\nX,00000001,Y\r\n"
      "Y,00000002,N\r\n",
      &error);
   g_assert_no_error (error);
   g_assert_cmpuint (list->entries->len, ==, 1);
   g_assert_cmpstr (entry (list, 0)->hex_id, ==, "00000001");
   g_assert_nonnull (mh_user_list_find (list, "x"));
   g_assert_null (mh_user_list_find (list, "Y"));
}

static void
test_short_rows_and_no_final_newline (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list =
      parse ("SFS_UserName,SFS_FullName,Hex-ID\nA\nB,Bee,0000000B", &error);
   g_assert_no_error (error);
   g_assert_cmpuint (list->entries->len, ==, 2);
   g_assert_null (entry (list, 0)->full_name);
   g_assert_null (entry (list, 0)->hex_id);
   g_assert_cmpstr (entry (list, 1)->hex_id, ==, "0000000B");
}

static void
test_missing_header_refused (void)
{
   g_autoptr (GError) error = NULL;
   MhUserList *list = parse ("Postoffice: X\nName,FullName\nA,B\n", &error);
   g_assert_null (list);
   const char *const want[] = {"users.csv", "SFS_UserName", "header", NULL};
   assert_error_mentions (error, want);
}

// An empty file is said to be empty, not to lack a header row; so is one
// of blank lines or a byte order mark alone.
static void
test_empty_file_refused (void)
{
   const char *const empty[] = {"", "\xEF\xBB\xBF", "\xFF\xFE"};
   for (gsize i = 0; i < G_N_ELEMENTS (empty); i++) {
      g_autoptr (GError) error = NULL;
      g_assert_null (parse (empty[i], &error));
      const char *const want[] = {"users.csv is empty", "export", NULL};
      assert_error_mentions (error, want);
      g_assert_null (strstr (error->message, "header"));
   }
   g_autoptr (GError) error = NULL;
   g_assert_null (parse ("\r\n  \n\t\n", &error));
   const char *const want[] = {"users.csv holds nothing but blank lines", NULL};
   assert_error_mentions (error, want);
}

static void
test_missing_file_named (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (mh_user_list_load ("/nonexistent/users.csv", NULL, &error));
   // Unreadable, not malformed: exit 66, not 65.
   g_assert_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT);
   g_assert_nonnull (strstr (error->message, "/nonexistent/users.csv"));
   g_assert_nonnull (strstr (error->message, "--users"));
}

// A row's problem, asserted to name every fragment.
static void
assert_problem (const MhUserEntry *e, const char *const *fragments)
{
   g_assert_nonnull (e->problem);
   g_test_message ("%s", e->problem);
   for (gsize i = 0; fragments[i] != NULL; i++)
      g_assert_nonnull (strstr (e->problem, fragments[i]));
}

// A bad time blocks its own account, not the list: the rows after it are
// read.
static void
test_bad_time_blocks_its_row (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list =
      parse ("SFS_UserName,Password-Recovered\nA,\nB,yesterday\nC,\n", &error);
   g_assert_no_error (error);
   g_assert_cmpuint (list->entries->len, ==, 3);
   g_assert_null (entry (list, 0)->problem);
   const char *const want[] = {"users.csv, line 3, column 2",
                               "Password-Recovered", "\"yesterday\"",
                               "2024-03-01T09:30:00Z", NULL};
   assert_problem (entry (list, 1), want);
   g_assert_null (entry (list, 2)->problem);
}

// ISO 8601 as people write it: without seconds, a date alone (midnight),
// a zone or none (the latest moment it can mean: local time at UTC-12, so
// that an MMF changed before the recovery anywhere never looks synchronised).
static void
test_iso8601_forms (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list = parse (
      "SFS_UserName,Password-Recovered\n"
      "A,2026-11-25T22:00Z\nB,2026-11-25\nC,2026-11-25T22:00\n"
      "D,2026-11-25T23:00+01:00\nE,2026-11-25T22:00:00Z\nF,2026-11-25 22:00\n",
      &error);
   g_assert_no_error (error);
   const int64_t ten_pm = 1795644000; // 2026-11-25T22:00:00Z
   const int64_t west = 12 * 3600;    // no zone: as at UTC-12
   g_assert_cmpint (entry (list, 0)->password_recovered_at, ==, ten_pm);
   g_assert_cmpint (entry (list, 1)->password_recovered_at, ==,
                    ten_pm - 22 * 3600 + west);
   g_assert_cmpint (entry (list, 2)->password_recovered_at, ==, ten_pm + west);
   g_assert_cmpint (entry (list, 3)->password_recovered_at, ==, ten_pm);
   g_assert_cmpint (entry (list, 4)->password_recovered_at, ==, ten_pm);
   g_assert_cmpint (entry (list, 5)->password_recovered_at, ==, ten_pm + west);
   for (guint i = 0; i < 6; i++)
      g_assert_null (entry (list, i)->problem);
}

static void
test_bad_migrate_value_blocks_its_row (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list =
      parse ("SFS_UserName,MigrateUser\nA,maybe\n", &error);
   g_assert_no_error (error);
   const char *const want[] = {"line 2, column 2", "MigrateUser", "Y", NULL};
   assert_problem (entry (list, 0), want);
}

static void
test_unclosed_quote_names_line (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (
      parse ("SFS_UserName,SFS_FullName\nA,a\nB,\"never\nclosed\n", &error));
   const char *const want[] = {"line 3, column 2", "never closed", NULL};
   assert_error_mentions (error, want);
}

static void
test_text_after_quote_refused (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (parse ("SFS_UserName\n\"A\"B\n", &error));
   const char *const want[] = {"line 2, column 1", "closing quote", NULL};
   assert_error_mentions (error, want);
}

static void
test_empty_user_blocks_its_row (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list =
      parse ("SFS_UserName,SFS_FullName\n,Nobody\n", &error);
   g_assert_no_error (error);
   g_assert_cmpstr (entry (list, 0)->user, ==, "(line 2)");
   const char *const want[] = {"line 2, column 1", "empty", NULL};
   assert_problem (entry (list, 0), want);
}

// Two accounts with one Hex-ID (any case): both blocked, each naming the
// other; a third account is untouched.
static void
test_shared_hex_id_blocks_both (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list = parse (
      "SFS_UserName,Hex-ID\nA,0000023A\nB,0000023B\nC,0000023a\n", &error);
   g_assert_no_error (error);
   const char *const a[] = {"line 2", "0000023A", "C (line 4)", NULL};
   assert_problem (entry (list, 0), a);
   g_assert_null (entry (list, 1)->problem);
   const char *const c[] = {"line 4", "0000023a", "A (line 2)", NULL};
   assert_problem (entry (list, 2), c);
}

static void
test_duplicate_user_refused (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (parse ("SFS_UserName\nJSMITH\nOTHER\njsmith\n", &error));
   const char *const want[] = {"line 4", "JSMITH", "line 2", NULL};
   assert_error_mentions (error, want);
}

// A list saved in the Windows code page, as the wizard writes it: read as
// CP1252 unless told otherwise.
static void
test_cp1252_list_read (void)
{
   g_autofree char *path = fixture ("latin1.csv");
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list = mh_user_list_load (path, NULL, &error);
   g_assert_no_error (error);
   g_assert_cmpstr (list->encoding, ==, "CP1252");
   g_assert_cmpstr (entry (list, 1)->user, ==, "CAF\xc3\x89");
   g_assert_cmpstr (entry (list, 1)->full_name, ==, "Caf\xc3\xa9");
   g_assert_null (entry (list, 1)->problem);
   // --users-encoding CP1250: 0xA5 is A-ogonek there (a yen sign in
   // CP1252).
   g_clear_pointer (&list, mh_user_list_free);
   const char *cp1250 = "SFS_UserName\n\xa5\n";
   list = mh_user_list_parse_encoded (cp1250, strlen (cp1250), "x.csv",
                                      "CP1250", &error);
   g_assert_no_error (error);
   g_assert_cmpstr (entry (list, 0)->user, ==, "\xc4\x84");
}

// Told the list is UTF-8 when it is not: the rows with other bytes are
// blocked, naming the place and the option to give; the message itself is
// valid UTF-8 without the raw byte.
static void
test_forced_utf8_blocks_bad_rows (void)
{
   g_autofree char *path = fixture ("latin1.csv");
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list = mh_user_list_load (path, "UTF-8", &error);
   g_assert_no_error (error);
   g_assert_null (entry (list, 0)->problem);
   const char *const want[] = {"line 4, column 1",
                               "SFS_UserName",
                               "UTF-8",
                               "0xC9",
                               "--users-encoding",
                               NULL};
   assert_problem (entry (list, 1), want);
   g_assert_true (g_utf8_validate (entry (list, 1)->problem, -1, NULL));
   g_assert_true (g_utf8_validate (entry (list, 1)->user, -1, NULL));
}

static void
test_bom_and_undefined_bytes (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list =
      parse ("\xEF\xBB\xBFSFS_UserName\nJ\xc3\xbcrgen\n", &error);
   g_assert_no_error (error);
   g_assert_cmpstr (list->encoding, ==, "UTF-8 (with BOM)");
   g_assert_cmpstr (entry (list, 0)->user, ==, "J\xc3\xbcrgen");
   // 0x81 is no character in CP1252: one error naming the line.
   g_assert_null (parse ("SFS_UserName\nA\nB\x81\n", &error));
   const char *const want[] = {"users.csv, line 3", "0x81", "CP1252",
                               "--users-encoding", NULL};
   assert_error_mentions (error, want);
}

static void
test_display_text_escapes (void)
{
   g_autofree char *a = mh_display_text ("ok\x1b[31mred\xff\n", -1, 0);
   g_assert_cmpstr (a, ==, "ok\\x1B[31mred\\xFF\\x0A");
   g_autofree char *b = mh_display_text ("line\nnext\t\xc2\x9b\xe2\x80\xae", -1,
                                         MH_DISPLAY_KEEP_LINES);
   g_assert_cmpstr (b, ==, "line\nnext\t\\x9B\\u{202E}");
   g_autofree char *c = mh_display_text ("Caf\xc3\xa9", -1, 0);
   g_assert_cmpstr (c, ==, "Caf\xc3\xa9");
   g_autofree char *d = mh_display_text ("a\0b", 3, 0);
   g_assert_cmpstr (d, ==, "a\\x00b");
}

// Escape sequences in a name never reach the message raw.
static void
test_control_chars_not_echoed (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list =
      parse ("SFS_UserName,MigrateUser\nA,\x1b]0;pwned\x07\n", &error);
   g_assert_no_error (error);
   const char *problem = entry (list, 0)->problem;
   g_assert_null (strchr (problem, '\x1b'));
   g_assert_null (strchr (problem, '\x07'));
   g_assert_nonnull (strstr (problem, "\\x1B]0;pwned\\x07"));
}

// ---------------------------------------------------------------------------
// Bytes that are not text

// A NUL inside a Hex-ID: the field is not cut at it (00000A03 would name
// another account's MMF, or this one's by luck): the row is blocked naming
// line, column and byte, and its Hex-ID is shown, never the part before it.
static void
test_nul_in_hex_id_blocks_row (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list =
      PARSE_BYTES ("SFS_UserName,Hex-ID\nU00002,00000A02\n"
                   "U00003,00000A03\0ZZZZ\nU00004,00000A04\n",
                   &error);
   g_assert_no_error (error);
   g_assert_cmpuint (list->entries->len, ==, 3);
   g_assert_null (entry (list, 0)->problem);
   const char *const want[] = {"users.csv, line 3, column 2 (Hex-ID)",
                               "byte 0x00 (NUL)", "position 9",
                               "\"00000A03\\x00ZZZZ\"", NULL};
   assert_problem (entry (list, 1), want);
   g_assert_cmpstr (entry (list, 1)->hex_id, ==, "00000A03\\x00ZZZZ");
   g_assert_null (entry (list, 2)->problem);
   // A NUL is no reason to read UTF-8 in the code page.
   g_assert_cmpstr (list->encoding, ==, "UTF-8");
}

// A NUL in a name: not read as the name before it (which may be another
// account's), and two names that differ after a NUL stay two accounts.
static void
test_nul_in_user_blocks_row (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list = PARSE_BYTES (
      "SFS_UserName,Hex-ID\nU00004\0EVIL,00000A05\nU00004,00000A04\n"
      "U00004\0OTHER,00000A06\n",
      &error);
   g_assert_no_error (error);
   g_assert_cmpuint (list->entries->len, ==, 3);
   const char *const want[] = {"line 2, column 1 (SFS_UserName)", "byte 0x00",
                               "holds no control characters", NULL};
   assert_problem (entry (list, 0), want);
   g_assert_cmpstr (entry (list, 0)->user, ==, "U00004\\x00EVIL");
   g_assert_true (mh_user_list_find (list, "U00004") == entry (list, 1));
   g_assert_null (entry (list, 1)->problem);
   g_assert_cmpstr (entry (list, 2)->user, ==, "U00004\\x00OTHER");
}

// MigrateUser N followed by a NUL is not N: the account is kept and
// blocked, not skipped without a word.
static void
test_nul_in_migrate_user_not_skipped (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list =
      PARSE_BYTES ("SFS_UserName,MigrateUser\nA,N\0X\nB,N\n", &error);
   g_assert_no_error (error);
   g_assert_cmpuint (list->entries->len, ==, 1);
   g_assert_cmpuint (list->n_not_migrated, ==, 1);
   const char *const want[] = {"line 2, column 2 (MigrateUser)", "0x00", NULL};
   assert_problem (entry (list, 0), want);
}

// Quoting does not make a NUL text; in free text either.
static void
test_quoted_nul_blocks_row (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list = PARSE_BYTES (
      "SFS_UserName,SFS_FullName,Obj-Class\n\"A\0B\",A\n"
      "C,\"Smith\0, Jane\"\nD,Dee,\"Mail\0box\"\nE,Eee,Mailbox,\0\n",
      &error);
   g_assert_no_error (error);
   g_assert_cmpuint (list->entries->len, ==, 4);
   const char *const a[] = {"line 2, column 1 (SFS_UserName)", NULL};
   assert_problem (entry (list, 0), a);
   const char *const c[] = {"line 3, column 2 (SFS_FullName)", "0x00",
                            "may hold tabs", NULL};
   assert_problem (entry (list, 1), c);
   g_assert_cmpstr (entry (list, 1)->full_name, ==, "Smith\\x00, Jane");
   // An ignored column, and a field beyond the header's columns.
   const char *const d[] = {"line 4, column 3 (Obj-Class)", NULL};
   assert_problem (entry (list, 2), d);
   const char *const e[] = {"line 5, column 4 (beyond the header's 3 columns)",
                            NULL};
   assert_problem (entry (list, 3), e);
}

// One NUL in a UTF-8 list: still UTF-8, the other rows read right.
static void
test_nul_keeps_utf8 (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list =
      PARSE_BYTES ("SFS_UserName,SFS_FullName\nZOE,Zo\xc3\xab\nX,\0\n", &error);
   g_assert_no_error (error);
   g_assert_cmpstr (list->encoding, ==, "UTF-8");
   g_assert_false (list->read_in_codepage);
   g_assert_cmpstr (entry (list, 0)->full_name, ==, "Zo\xc3\xab");
   g_assert_null (entry (list, 0)->problem);
   g_assert_nonnull (entry (list, 1)->problem);
}

// Control characters other than NUL: none in the columns that name and
// decide an account; free text may hold a tab, and quoted line breaks.
static void
test_control_characters_by_column (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list =
      parse ("SFS_UserName,SFS_FullName,Hex-ID,Password-Recovered\n"
             "TAB,Jane\tSmith,00000001,\n"
             "BREAK,\"Line one\r\nline two\",00000002,\n"
             "ESC,Esc,0000\x1b"
             "0003,\n"
             "QUOTED,Quoted,\"00000004\n\",\n"
             "C1\xc2\x9b,C1,00000005,\n"
             "DEL,Del,00000006,2024-01-01\x7f\n"
             "TABID,Tab,00000007\t,\n"
             "STRAY,Stray\rCR,00000008,\n"
             "LAST,Last,00000009,\n",
             &error);
   g_assert_no_error (error);
   g_assert_cmpuint (list->entries->len, ==, 9);
   g_assert_null (entry (list, 0)->problem);
   g_assert_cmpstr (entry (list, 0)->full_name, ==, "Jane\tSmith");
   g_assert_null (entry (list, 1)->problem);
   const char *const esc[] = {"line 5, column 3 (Hex-ID)", "0x1B (escape)",
                              NULL};
   assert_problem (entry (list, 2), esc);
   const char *const quoted[] = {"line 6, column 3 (Hex-ID)",
                                 "0x0A (line feed)", NULL};
   assert_problem (entry (list, 3), quoted);
   const char *const c1[] = {"line 8, column 1", "U+009B", NULL};
   assert_problem (entry (list, 4), c1);
   g_assert_cmpstr (entry (list, 4)->user, ==, "C1\\x9B");
   const char *const del[] = {"line 9, column 4 (Password-Recovered)",
                              "0x7F (DEL)", NULL};
   assert_problem (entry (list, 5), del);
   // A tab at the end of an unquoted field is trimmed, as a space is.
   g_assert_null (entry (list, 6)->problem);
   g_assert_cmpstr (entry (list, 6)->hex_id, ==, "00000007");
   // A CR alone in an LF file is a byte of its field, not a row break that
   // would shift the fields after it into other columns.
   const char *const cr[] = {"line 11, column 2 (SFS_FullName)",
                             "0x0D (carriage return)", NULL};
   assert_problem (entry (list, 7), cr);
   g_assert_cmpstr (entry (list, 7)->hex_id, ==, "00000008");
   g_assert_null (entry (list, 8)->problem);
   g_assert_cmpuint (entry (list, 8)->line, ==, 12);
   // No row's text ever holds a control character its column refuses.
   for (guint i = 0; i < list->entries->len; i++) {
      for (const char *p = entry (list, i)->user; *p != '\0'; p++)
         g_assert_cmpint ((guchar) *p, >=, 0x20);
   }
}

static void
test_control_in_header_refused (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (
      PARSE_BYTES ("X\nSFS_UserName,Hex-ID\0,Hex-ID\nA,00000001\n", &error));
   const char *const want[] = {"users.csv, line 2, column 2", "header row",
                               "0x00", NULL};
   assert_error_mentions (error, want);
}

// ---------------------------------------------------------------------------
// Encodings, line ends, separators

// `utf8` as UTF-16 in `iconv_name`, with the byte order mark `bom` (NULL:
// none) before it.
static GByteArray *
utf16 (const char *utf8, const char *iconv_name, const char *bom)
{
   gsize len = 0;
   g_autofree char *text =
      g_convert (utf8, -1, iconv_name, "UTF-8", NULL, &len, NULL);
   g_assert_nonnull (text);
   GByteArray *out = g_byte_array_new ();
   if (bom != NULL)
      g_byte_array_append (out, (const guint8 *) bom, 2);
   g_byte_array_append (out, (const guint8 *) text, (guint) len);
   return out;
}

// What Windows programs save as "Unicode": UTF-16, with or without a byte
// order mark, either byte order: read, not refused as having no header row.
static void
test_utf16_read (void)
{
   const char *list_text = "Postoffice: CORPNET/PO1\r\n"
                           "SFS_UserName,SFS_FullName,Hex-ID\r\n"
                           "ZOE,Zo\xc3\xab,00000001\r\n"
                           "JS,\"Smith, Jane\",00000002\r\n";
   const struct {
      const char *iconv_name, *bom, *encoding;
   } forms[] = {
      {"UTF-16LE", "\xFF\xFE", "UTF-16 (little-endian, with BOM)"},
      {"UTF-16BE", "\xFE\xFF", "UTF-16 (big-endian, with BOM)"},
      {"UTF-16LE", NULL, "UTF-16 (little-endian)"},
      {"UTF-16BE", NULL, "UTF-16 (big-endian)"},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (forms); i++) {
      g_autoptr (GByteArray) bytes =
         utf16 (list_text, forms[i].iconv_name, forms[i].bom);
      g_autoptr (GError) error = NULL;
      g_autoptr (MhUserList) list =
         parse_bytes ((const char *) bytes->data, bytes->len, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (list->encoding, ==, forms[i].encoding);
      g_assert_false (list->read_in_codepage);
      g_assert_cmpuint (list->entries->len, ==, 2);
      g_assert_cmpstr (entry (list, 0)->full_name, ==, "Zo\xc3\xab");
      g_assert_cmpstr (entry (list, 1)->hex_id, ==, "00000002");
      g_assert_cmpuint (entry (list, 1)->line, ==, 4);
   }
   // Cut in the middle of a character: refused naming the encoding.
   g_autoptr (GByteArray) cut = utf16 (list_text, "UTF-16LE", "\xFF\xFE");
   g_autoptr (GError) error = NULL;
   g_assert_null (parse_bytes ((const char *) cut->data, cut->len - 1, &error));
   const char *const want[] = {"users.csv, line 4", "UTF-16 (little-endian",
                               "ends inside a character", NULL};
   assert_error_mentions (error, want);
}

// Lines ending in CR alone (old Mac editors): read, lines counted.
static void
test_cr_line_ends_read (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list = parse (
      "Postoffice: X\rSFS_UserName,SFS_FullName,Hex-ID\rA,\"Two\rlines\","
      "00000001\rB,Bee,00000002\r",
      &error);
   g_assert_no_error (error);
   g_assert_cmpuint (list->entries->len, ==, 2);
   g_assert_cmpstr (entry (list, 0)->full_name, ==, "Two\rlines");
   g_assert_cmpuint (entry (list, 0)->line, ==, 3);
   g_assert_cmpstr (entry (list, 1)->hex_id, ==, "00000002");
   g_assert_cmpuint (entry (list, 1)->line, ==, 5);
}

// Excel where the decimal mark is a comma saves "CSV" with semicolons;
// some tools write tabs. The header row says which.
static void
test_semicolon_and_tab_separators_read (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list =
      parse ("Postoffice: CORPNET/PO1\r\n"
             "SFS_UserName;SFS_FullName;MigrateUser;Hex-ID\r\n"
             "JS;Smith, Jane;Y;00000001\r\n\"A;B\";\"x\";N;00000002\r\n",
             &error);
   g_assert_no_error (error);
   g_assert_cmpint (list->separator, ==, ';');
   g_assert_cmpuint (list->entries->len, ==, 1);
   g_assert_cmpuint (list->n_not_migrated, ==, 1);
   g_assert_cmpstr (entry (list, 0)->full_name, ==, "Smith, Jane");
   g_assert_cmpstr (entry (list, 0)->hex_id, ==, "00000001");
   g_clear_pointer (&list, mh_user_list_free);

   list = parse ("\"SFS_UserName\"\tSFS_FullName\tHex-ID\nJS\t Jane "
                 "Smith\t00000001\n",
                 &error);
   g_assert_no_error (error);
   g_assert_cmpint (list->separator, ==, '\t');
   g_assert_cmpstr (entry (list, 0)->full_name, ==, "Jane Smith");
   g_assert_cmpstr (entry (list, 0)->hex_id, ==, "00000001");
}

// A separator mig-host does not read is named, not reported as a missing
// header row.
static void
test_other_separator_named (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (parse ("X\nSFS_UserName|SFS_FullName\nA|B\n", &error));
   const char *const want[] = {"users.csv, line 2", "'|'", "semicolons", NULL};
   assert_error_mentions (error, want);
}

// UTF-32 without a byte order mark is not guessed: the NULs are named.
static void
test_nuls_without_header_named (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (
      PARSE_BYTES ("S\0\0\0F\0\0\0S\0\0\0_\0\0\0U\0\0\0\n\0\0\0", &error));
   const char *const want[] = {"users.csv", "NUL bytes", "UTF-16", NULL};
   assert_error_mentions (error, want);
}

// ---------------------------------------------------------------------------
// Limits

// A row of the longest length allowed is read; one byte more is refused
// naming the line and the limit, before it is stored.
static void
test_long_row_refused (void)
{
   const char *head = "SFS_UserName,SFS_FullName\nA,a\n";
   const gsize row = strlen (head);
   GString *text = g_string_new (head);
   g_string_append (text, "B,");
   while (text->len < row + MH_USER_LIST_MAX_ROW_BYTES)
      g_string_append_c (text, 'x');
   g_string_append (text, "\r\n");
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list = parse_bytes (text->str, text->len, &error);
   g_assert_no_error (error);
   g_assert_cmpuint (list->entries->len, ==, 2);
   g_assert_cmpuint (strlen (entry (list, 1)->full_name), ==,
                     MH_USER_LIST_MAX_ROW_BYTES - 2);

   g_string_insert_c (text, (gssize) row + 2, 'x');
   g_assert_null (parse_bytes (text->str, text->len, &error));
   const char *const want[] = {"users.csv, line 3", "64 KiB", NULL};
   assert_error_mentions (error, want);
   g_clear_error (&error);

   // Ten million commas.
   g_string_truncate (text, row);
   for (int i = 0; i < 10 * 1000 * 1000; i++)
      g_string_append_c (text, ',');
   g_assert_null (parse_bytes (text->str, text->len, &error));
   assert_error_mentions (error, want);
   g_clear_error (&error);

   // A quote never closed: the rest of the file is one row, said so.
   g_string_truncate (text, row);
   g_string_append (text, "B,\"open\n");
   for (int i = 0; i < 10000; i++)
      g_string_append (text, "C,Cee,Y,00000001\n");
   g_assert_null (parse_bytes (text->str, text->len, &error));
   const char *const quote[] = {"line 3", "64 KiB", "closing double quote",
                                NULL};
   assert_error_mentions (error, quote);
   g_string_free (text, TRUE);
}

// As many accounts as the limit are read; one more is refused naming its
// line.
static void
test_too_many_accounts_refused (void)
{
   GString *text = g_string_new ("SFS_UserName,MigrateUser\n");
   for (guint i = 1; i <= MH_USER_LIST_MAX_ACCOUNTS; i++)
      g_string_append_printf (text, "U%u,%s\n", i, i % 2 ? "Y" : "N");
   g_autoptr (GError) error = NULL;
   g_autoptr (MhUserList) list = parse_bytes (text->str, text->len, &error);
   g_assert_no_error (error);
   g_assert_cmpuint (list->entries->len + list->n_not_migrated, ==,
                     MH_USER_LIST_MAX_ACCOUNTS);
   g_string_append (text, ",\nONE_MORE,Y\n");
   g_assert_null (parse_bytes (text->str, text->len, &error));
   g_autofree char *line =
      g_strdup_printf ("users.csv, line %u", MH_USER_LIST_MAX_ACCOUNTS + 3);
   const char *const want[] = {line, "more than 100000 accounts", NULL};
   assert_error_mentions (error, want);
   g_string_free (text, TRUE);
}

// A file larger than the limit is refused naming the line where the limit
// falls, without the rest being read.
static void
test_large_file_refused (void)
{
   g_autofree char *dir = g_dir_make_tmp ("user-list-XXXXXX", NULL);
   g_assert_nonnull (dir);
   g_autofree char *path = g_build_filename (dir, "users.csv", NULL);
   FILE *f = fopen (path, "wb");
   g_assert_nonnull (f);
   fputs ("SFS_UserName\nA\n", f);
   g_assert_cmpint (fseek (f, 80L * 1024 * 1024, SEEK_SET), ==, 0);
   fputs ("B\n", f);
   fclose (f);
   g_autoptr (GError) error = NULL;
   g_assert_null (mh_user_list_load (path, NULL, &error));
   const char *const want[] = {"users.csv, line 3", "64 MiB", NULL};
   assert_error_mentions (error, want);
   g_assert_cmpint (g_remove (path), ==, 0);
   g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/user-list/wizard-export-read", test_wizard_export_read);
   g_test_add_func ("/user-list/doubled-quotes-and-commas",
                    test_doubled_quotes_and_commas);
   g_test_add_func ("/user-list/header-any-case-any-order",
                    test_header_case_and_order);
   g_test_add_func ("/user-list/short-rows-no-final-newline",
                    test_short_rows_and_no_final_newline);
   g_test_add_func ("/user-list/missing-header-refused",
                    test_missing_header_refused);
   g_test_add_func ("/user-list/empty-file-refused", test_empty_file_refused);
   g_test_add_func ("/user-list/missing-file-named", test_missing_file_named);
   g_test_add_func ("/user-list/bad-time-blocks-its-row",
                    test_bad_time_blocks_its_row);
   g_test_add_func ("/user-list/iso8601-forms", test_iso8601_forms);
   g_test_add_func ("/user-list/bad-migrate-value-blocks-its-row",
                    test_bad_migrate_value_blocks_its_row);
   g_test_add_func ("/user-list/shared-hex-id-blocks-both",
                    test_shared_hex_id_blocks_both);
   g_test_add_func ("/user-list/cp1252-list-read", test_cp1252_list_read);
   g_test_add_func ("/user-list/forced-utf8-blocks-bad-rows",
                    test_forced_utf8_blocks_bad_rows);
   g_test_add_func ("/user-list/bom-and-undefined-bytes",
                    test_bom_and_undefined_bytes);
   g_test_add_func ("/user-list/unclosed-quote-names-line",
                    test_unclosed_quote_names_line);
   g_test_add_func ("/user-list/text-after-quote-refused",
                    test_text_after_quote_refused);
   g_test_add_func ("/user-list/empty-user-blocks-its-row",
                    test_empty_user_blocks_its_row);
   g_test_add_func ("/user-list/duplicate-user-refused",
                    test_duplicate_user_refused);
   g_test_add_func ("/user-list/control-chars-not-echoed",
                    test_control_chars_not_echoed);
   g_test_add_func ("/display-text/escapes", test_display_text_escapes);
   g_test_add_func ("/user-list/nul-in-hex-id-blocks-row",
                    test_nul_in_hex_id_blocks_row);
   g_test_add_func ("/user-list/nul-in-user-blocks-row",
                    test_nul_in_user_blocks_row);
   g_test_add_func ("/user-list/nul-in-migrate-user-not-skipped",
                    test_nul_in_migrate_user_not_skipped);
   g_test_add_func ("/user-list/quoted-nul-blocks-row",
                    test_quoted_nul_blocks_row);
   g_test_add_func ("/user-list/nul-keeps-utf8", test_nul_keeps_utf8);
   g_test_add_func ("/user-list/control-characters-by-column",
                    test_control_characters_by_column);
   g_test_add_func ("/user-list/control-in-header-refused",
                    test_control_in_header_refused);
   g_test_add_func ("/user-list/utf16-read", test_utf16_read);
   g_test_add_func ("/user-list/cr-line-ends-read", test_cr_line_ends_read);
   g_test_add_func ("/user-list/semicolon-and-tab-separators-read",
                    test_semicolon_and_tab_separators_read);
   g_test_add_func ("/user-list/other-separator-named",
                    test_other_separator_named);
   g_test_add_func ("/user-list/nuls-without-header-named",
                    test_nuls_without_header_named);
   g_test_add_func ("/user-list/long-row-refused", test_long_row_refused);
   g_test_add_func ("/user-list/too-many-accounts-refused",
                    test_too_many_accounts_refused);
   g_test_add_func ("/user-list/large-file-refused", test_large_file_refused);
   return g_test_run ();
}
