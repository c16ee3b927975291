// test-smbstatus — the smbstatus JSON parser on output captured from a real
// Samba 4.17 server and on hand-made cases for the share-mode rules.

#include <glib.h>
#include <string.h>

#include "smbstatus.h"

static MmfgSmbStatus *
parse_fixture (const char *name, GError **error)
{
   g_autofree char *path = g_build_filename (g_getenv ("MMFG_PROBE_TEST_DATA"),
                                             "smbstatus", name, NULL);
   g_autofree char *text = NULL;
   gsize len;
   g_assert_true (g_file_get_contents (path, &text, &len, NULL));
   return mmfg_smbstatus_parse (text, len, error);
}

static const MmfgSmbFile *
only_file (const MmfgSmbStatus *status, guint64 inode)
{
   const GPtrArray *files = mmfg_smbstatus_files_with_inode (status, inode);
   g_assert_nonnull (files);
   g_assert_cmpuint (files->len, ==, 1);
   return g_ptr_array_index (files, 0);
}

static const MmfgSmbOpen *
only_open (const MmfgSmbFile *file)
{
   g_assert_cmpuint (file->opens->len, ==, 1);
   return &g_array_index (file->opens, MmfgSmbOpen, 0);
}

static void
test_real_server_output_joins_opens_to_sessions (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgSmbStatus) status =
      parse_fixture ("three-holders.json", &error);
   g_assert_no_error (error);
   g_assert_cmpuint (status->files->len, ==, 3);

   // Deny-all open: share access 0.
   const MmfgSmbFile *deny_all = only_file (status, 10952898);
   g_assert_cmpstr (deny_all->path, ==, "/tmp/smbx/share/00000B01.MMF");
   g_assert_cmpuint (deny_all->devid, ==, 65024);
   const MmfgSmbOpen *open = only_open (deny_all);
   g_assert_cmpint (open->pid, ==, 7006);
   g_assert_cmphex (open->share_access, ==, 0);
   g_assert_cmphex (open->access_mask, ==, 3);
   g_assert_true (mmfg_smb_open_is_hold (open));
   g_autoptr (GDateTime) opened =
      g_date_time_new_from_iso8601 ("2026-11-24T07:33:13Z", NULL);
   g_assert_cmpint (open->opened_at, ==, g_date_time_to_unix (opened));

   // Deny-write open.
   open = only_open (only_file (status, 10952979));
   g_assert_cmphex (open->share_access, ==, MMFG_SMB_SHARE_READ);
   g_assert_true (mmfg_smb_open_is_hold (open));

   // Deny-none open with write access, plus an SMB byte-range lock.
   const MmfgSmbFile *ranged = only_file (status, 10952915);
   open = only_open (ranged);
   g_assert_cmphex (open->share_access, ==,
                    MMFG_SMB_SHARE_READ | MMFG_SMB_SHARE_WRITE);
   g_assert_true (mmfg_smb_open_is_hold (open)); // it may write
   g_assert_cmpuint (ranged->range_locks->len, ==, 1);
   const MmfgSmbRangeLock *lock =
      &g_array_index (ranged->range_locks, MmfgSmbRangeLock, 0);
   g_assert_cmpint (lock->pid, ==, 7008);
   g_assert_true (lock->exclusive);
   g_assert_cmpuint (lock->start, ==, 0);
   g_assert_cmpuint (lock->size, ==, 100);

   const MmfgSmbSession *session = mmfg_smbstatus_session (status, 7008);
   g_assert_nonnull (session);
   g_assert_cmpstr (session->username, ==, "nobody");
   g_assert_cmpstr (session->address, ==, "127.0.0.1");
   g_assert_cmpstr (session->service, ==, "mail");
   g_autofree char *machine = mmfg_smb_session_client_machine (session);
   g_assert_cmpstr (machine, ==, "127.0.0.1"); // SMB2 sends no NetBIOS name
   g_assert_null (mmfg_smbstatus_session (status, 1));
}

static void
test_share_mode_rules (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgSmbStatus) status =
      parse_fixture ("share-mode-rules.json", &error);
   g_assert_no_error (error);

   // Same inode on two devices: both listed, the caller picks by devid.
   const GPtrArray *same_inode = mmfg_smbstatus_files_with_inode (status, 101);
   g_assert_cmpuint (same_inode->len, ==, 2);

   // Deny-none, read only: a backup or scanner, not a hold.
   const MmfgSmbFile *file = g_ptr_array_index (same_inode, 0);
   g_assert_cmpuint (file->devid, ==, 2049);
   g_assert_false (mmfg_smb_open_is_hold (only_open (file)));
   // Deny-none but writing: the file may change under the copy.
   g_assert_true (mmfg_smb_open_is_hold (only_open (only_file (status, 102))));
   // Deny-all for attributes only: Windows ignores share modes there.
   g_assert_false (mmfg_smb_open_is_hold (only_open (only_file (status, 103))));
   // Deny-write given as booleans instead of hex, reading data.
   const MmfgSmbOpen *bools = only_open (only_file (status, 104));
   g_assert_cmphex (bools->share_access, ==, MMFG_SMB_SHARE_READ);
   g_assert_true (mmfg_smb_open_is_hold (bools));
   // No access mask at all: assume the worst.
   g_assert_true (mmfg_smb_open_is_hold (only_open (only_file (status, 105))));

   // Byte-range locks on a file with no open listed; non-objects skipped.
   const MmfgSmbFile *ranged = only_file (status, 106);
   g_assert_cmpuint (ranged->range_locks->len, ==, 2);
   g_assert_false (
      g_array_index (ranged->range_locks, MmfgSmbRangeLock, 0).exclusive);
   g_assert_true (
      g_array_index (ranged->range_locks, MmfgSmbRangeLock, 1).exclusive);

   const MmfgSmbSession *jsmith = mmfg_smbstatus_session (status, 501);
   g_assert_cmpstr (jsmith->username, ==, "CORP\\jsmith");
   g_autofree char *machine = mmfg_smb_session_client_machine (jsmith);
   g_assert_cmpstr (machine, ==, "PC-0417 (192.0.2.17)");
   g_assert_cmpstr (jsmith->service, ==, "maildata");
   const MmfgSmbSession *backup = mmfg_smbstatus_session (status, 502);
   g_assert_cmpstr (backup->address, ==, "fe80::7");
   g_autofree char *v6 = mmfg_smb_session_client_machine (backup);
   g_assert_cmpstr (v6, ==, "fe80::7");
}

static void
test_idle_server_has_no_files (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgSmbStatus) status =
      parse_fixture ("idle-server.json", &error);
   g_assert_no_error (error);
   g_assert_cmpuint (status->files->len, ==, 0);
}

static void
test_stub_without_open_files_is_an_error (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgSmbStatus) status =
      parse_fixture ("stub-without-open-files.json", &error);
   g_assert_null (status);
   g_assert_error (error, MMFG_SMBSTATUS_ERROR,
                   MMFG_SMBSTATUS_ERROR_NO_OPEN_FILES);
   g_assert_nonnull (strstr (error->message, "root"));
}

static void
test_malformed_input_is_an_error (void)
{
   const char *cases[] = {
      "",
      "{",
      "[]",
      "null",
      "{\"open_files\": []}",
      "{\"open_files\": {}} trailing",
      "{\"open_files\": {}, \"open_files\": {}}",
   };
   for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
      g_autoptr (GError) error = NULL;
      g_autoptr (MmfgSmbStatus) status =
         mmfg_smbstatus_parse (cases[i], strlen (cases[i]), &error);
      g_assert_null (status);
      g_assert_nonnull (error);
   }
   // Not NUL-terminated: only len bytes are read.
   const char text[] = "{\"open_files\": {}}xxxx";
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgSmbStatus) status =
      mmfg_smbstatus_parse (text, sizeof text - 5, &error);
   g_assert_no_error (error);
   g_assert_nonnull (status);
}

static void
test_mistyped_members_are_ignored (void)
{
   const char *text =
      "{\"sessions\": {\"1\": {\"server_id\": {\"pid\": \"-4\"}, \"username\": "
      "7},"
      "                \"2\": {\"server_id\": \"x\"}, \"3\": 5},"
      " \"tcons\": [],"
      " \"open_files\": {\"/a\": {\"fileid\": {\"devid\": \"x\", \"inode\": "
      "1}},"
      "                  \"/b\": {\"fileid\": {\"devid\": 1, \"inode\": 2},"
      "                           \"opens\": {\"o\": {\"server_id\": {\"pid\": "
      "99999999999},"
      "                                             \"sharemode\": {\"hex\": "
      "\"0xZZ\"},"
      "                                             \"access_mask\": {\"hex\": "
      "5},"
      "                                             \"opened_at\": "
      "\"yesterday\"}}},"
      "                  \"/c\": 3},"
      " \"byte_range_locks\": {\"/b\": {\"locks\": 4}}}";
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgSmbStatus) status =
      mmfg_smbstatus_parse (text, strlen (text), &error);
   g_assert_no_error (error);
   g_assert_cmpuint (g_hash_table_size (status->sessions_by_pid), ==, 0);
   g_assert_cmpuint (status->files->len, ==,
                     1); // /a has no devid, /c no object
   const MmfgSmbOpen *open = only_open (only_file (status, 2));
   g_assert_cmpint (open->pid, ==, 0);
   g_assert_cmphex (open->share_access, ==, 0);
   g_assert_cmpint (open->opened_at, ==, 0);
   g_assert_true (mmfg_smb_open_is_hold (open));
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/smbstatus/real-server",
                    test_real_server_output_joins_opens_to_sessions);
   g_test_add_func ("/smbstatus/share-mode-rules", test_share_mode_rules);
   g_test_add_func ("/smbstatus/idle-server", test_idle_server_has_no_files);
   g_test_add_func ("/smbstatus/stub-not-root",
                    test_stub_without_open_files_is_an_error);
   g_test_add_func ("/smbstatus/malformed", test_malformed_input_is_an_error);
   g_test_add_func ("/smbstatus/mistyped-members",
                    test_mistyped_members_are_ignored);
   return g_test_run ();
}
