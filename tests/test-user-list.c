// test-user-list.c — mig-host's reader of the wizard's user list.

#include "display-text.h"
#include "host-error.h"
#include "wizard-input/user-list.h"

#include <string.h>

static MhUserList *
parse (const char *text, GError **error)
{
   return mh_user_list_parse (text, strlen (text), "users.csv", error);
}

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
   // No zone: UTC. 2024-03-01T09:30:00Z
   g_assert_cmpint (entry (list, 1)->password_recovered_at, ==, 1709285400);
   g_assert_cmpuint (entry (list, 1)->line, ==, 7);

   g_assert_cmpstr (entry (list, 2)->user, ==, "ZED");
   g_assert_null (entry (list, 2)->hex_id);
   g_assert_cmpint (entry (list, 2)->password_recovered_at, ==, 1709285400);
   // Lines counted across the quoted line break.
   g_assert_cmpuint (entry (list, 2)->line, ==, 10);
   // Other columns are kept.
   g_assert_cmpstr (entry (list, 2)->fields[3], ==, "Mailbox");
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

static void
test_empty_file_refused (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (parse ("", &error));
   const char *const want[] = {"users.csv", "SFS_UserName", NULL};
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
// a zone or none (UTC).
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
   g_assert_cmpint (entry (list, 0)->password_recovered_at, ==, ten_pm);
   g_assert_cmpint (entry (list, 1)->password_recovered_at, ==,
                    ten_pm - 22 * 3600);
   for (guint i = 2; i < 6; i++) {
      g_assert_null (entry (list, i)->problem);
      g_assert_cmpint (entry (list, i)->password_recovered_at, ==, ten_pm);
   }
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
   return g_test_run ();
}
