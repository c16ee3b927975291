// test-user-list.c — mig-host's reader of the wizard's user list.

#include "display-text.h"
#include "host-error.h"
#include "user-list.h"

#include <string.h>

static MigUserList *
parse (const char *text, GError **error)
{
   return mig_user_list_parse (text, strlen (text), "users.csv", error);
}

static const MigUserEntry *
entry (const MigUserList *list, guint i)
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
   g_assert_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_DATA);
   g_test_message ("%s", error->message);
   for (gsize i = 0; fragments[i] != NULL; i++)
      g_assert_nonnull (strstr (error->message, fragments[i]));
}

static void
test_wizard_export_read (void)
{
   g_autofree char *path = fixture ("wizard-export.csv");
   g_autoptr (GError) error = NULL;
   g_autoptr (MigUserList) list = mig_user_list_load (path, &error);
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
   g_autoptr (MigUserList) list =
      parse ("SFS_UserName,SFS_FullName\n\"A,B\",\"say \"\"hi\"\"\"\n", &error);
   g_assert_no_error (error);
   g_assert_cmpstr (entry (list, 0)->user, ==, "A,B");
   g_assert_cmpstr (entry (list, 0)->full_name, ==, "say \"hi\"");
}

static void
test_header_case_and_order (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MigUserList) list =
      parse ("\xEF\xBB\xBF  sfs_username ,HEX-id,migrateuser\r\nX,00000001,Y\r\n"
             "Y,00000002,N\r\n", &error);
   g_assert_no_error (error);
   g_assert_cmpuint (list->entries->len, ==, 1);
   g_assert_cmpstr (entry (list, 0)->hex_id, ==, "00000001");
   g_assert_nonnull (mig_user_list_find (list, "x"));
   g_assert_null (mig_user_list_find (list, "Y"));
}

static void
test_short_rows_and_no_final_newline (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MigUserList) list =
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
   MigUserList *list = parse ("Postoffice: X\nName,FullName\nA,B\n", &error);
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
   g_assert_null (mig_user_list_load ("/nonexistent/users.csv", &error));
   // Unreadable, not malformed: exit 66, not 65.
   g_assert_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_INPUT);
   g_assert_nonnull (strstr (error->message, "/nonexistent/users.csv"));
   g_assert_nonnull (strstr (error->message, "--users"));
}

static void
test_bad_time_names_line_and_column (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (parse ("SFS_UserName,Password-Recovered\nA,\nB,yesterday\n",
                         &error));
   const char *const want[] = {"users.csv, line 3, column 2",
                               "Password-Recovered", "\"yesterday\"",
                               "2024-03-01T09:30:00Z", NULL};
   assert_error_mentions (error, want);
}

static void
test_bad_migrate_value_refused (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (parse ("SFS_UserName,MigrateUser\nA,maybe\n", &error));
   const char *const want[] = {"line 2, column 2", "MigrateUser", "Y", NULL};
   assert_error_mentions (error, want);
}

static void
test_unclosed_quote_names_line (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (parse ("SFS_UserName,SFS_FullName\nA,a\nB,\"never\nclosed\n",
                         &error));
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
test_empty_user_refused (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (parse ("SFS_UserName,SFS_FullName\n,Nobody\n", &error));
   const char *const want[] = {"line 2, column 1", "empty", NULL};
   assert_error_mentions (error, want);
}

static void
test_duplicate_user_refused (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (parse ("SFS_UserName\nJSMITH\nOTHER\njsmith\n", &error));
   const char *const want[] = {"line 4", "JSMITH", "line 2", NULL};
   assert_error_mentions (error, want);
}

// A list saved in a Windows code page: the error names the place, and the
// message itself is valid UTF-8 without the raw byte.
static void
test_non_utf8_refused_and_not_echoed (void)
{
   g_autofree char *path = fixture ("latin1.csv");
   g_autoptr (GError) error = NULL;
   g_assert_null (mig_user_list_load (path, &error));
   const char *const want[] = {"line 4, column 1", "SFS_UserName", "UTF-8",
                               "0xC9", "iconv", NULL};
   assert_error_mentions (error, want);
   g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_display_text_escapes (void)
{
   g_autofree char *a = mig_display_text ("ok\x1b[31mred\xff\n", -1, 0);
   g_assert_cmpstr (a, ==, "ok\\x1B[31mred\\xFF\\x0A");
   g_autofree char *b =
      mig_display_text ("line\nnext\t\xc2\x9b\xe2\x80\xae", -1,
                        MIG_DISPLAY_KEEP_LINES);
   g_assert_cmpstr (b, ==, "line\nnext\t\\x9B\\u{202E}");
   g_autofree char *c = mig_display_text ("Caf\xc3\xa9", -1, 0);
   g_assert_cmpstr (c, ==, "Caf\xc3\xa9");
   g_autofree char *d = mig_display_text ("a\0b", 3, 0);
   g_assert_cmpstr (d, ==, "a\\x00b");
}

// Escape sequences in a name never reach the message raw.
static void
test_control_chars_not_echoed (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (parse ("SFS_UserName,MigrateUser\nA,\x1b]0;pwned\x07\n", &error));
   g_assert_null (strchr (error->message, '\x1b'));
   g_assert_null (strchr (error->message, '\x07'));
   g_assert_nonnull (strstr (error->message, "\\x1B]0;pwned\\x07"));
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
   g_test_add_func ("/user-list/bad-time-names-line-and-column",
                    test_bad_time_names_line_and_column);
   g_test_add_func ("/user-list/bad-migrate-value-refused",
                    test_bad_migrate_value_refused);
   g_test_add_func ("/user-list/unclosed-quote-names-line",
                    test_unclosed_quote_names_line);
   g_test_add_func ("/user-list/text-after-quote-refused",
                    test_text_after_quote_refused);
   g_test_add_func ("/user-list/empty-user-refused", test_empty_user_refused);
   g_test_add_func ("/user-list/duplicate-user-refused",
                    test_duplicate_user_refused);
   g_test_add_func ("/user-list/non-utf8-refused-not-echoed",
                    test_non_utf8_refused_and_not_echoed);
   g_test_add_func ("/user-list/control-chars-not-echoed",
                    test_control_chars_not_echoed);
   g_test_add_func ("/display-text/escapes", test_display_text_escapes);
   return g_test_run ();
}
