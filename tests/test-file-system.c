// Unit tests of where a file lives: the mountinfo parser, the file system
#include <glib/gstdio.h>
#include <unistd.h>
// table and its overrides, and the mapping of a local path to the SMB
// server, share and path inside it that the server's open-file list names.

#include <glib.h>
#include <string.h>

#include "file-server.h"
#include "file-system.h"
#include "settings.h"
#include "share-path.h"

static GPtrArray *
fixture_mounts (void)
{
   g_autofree char *path = g_build_filename (g_getenv ("MMFG_PROBE_TEST_DATA"),
                                             "mountinfo", "network.txt", NULL);
   g_autofree char *text = NULL;
   gsize len = 0;
   g_assert_true (g_file_get_contents (path, &text, &len, NULL));
   return mmfg_mountinfo_parse (text, len);
}

static void
test_mountinfo_lines_are_parsed_and_garbage_skipped (void)
{
   g_autoptr (GPtrArray) mounts = fixture_mounts ();
   // 11 lines: the garbage line and the relative mount point are skipped.
   g_assert_cmpuint (mounts->len, ==, 9);
   const MmfgMount *cifs = g_ptr_array_index (mounts, 3);
   g_assert_cmpstr (cifs->mount_point, ==, "/mnt/po");
   g_assert_cmpstr (cifs->fs_type, ==, "cifs");
   g_assert_cmpstr (cifs->source, ==, "//FILESRV/MAILDATA/offices");
   const MmfgMount *spaced = g_ptr_array_index (mounts, 6);
   g_assert_cmpstr (spaced->mount_point, ==, "/mnt/with space");
}

static void
test_mount_of_path_is_the_longest_and_latest (void)
{
   g_autoptr (GPtrArray) mounts = fixture_mounts ();
   g_assert_cmpstr (mmfg_mounts_find (mounts, "/srv/x")->fs_type, ==, "ext4");
   g_assert_cmpstr (mmfg_mounts_find (mounts, "/mnt/smb/H/S/f")->fs_type, ==,
                    "fuse.smbnetfs");
   // A prefix only at a component boundary.
   g_assert_cmpstr (mmfg_mounts_find (mounts, "/mnt/smbx")->fs_type, ==,
                    "ext4");
   // A mount inside another one wins below it.
   g_assert_cmpstr (mmfg_mounts_find (mounts, "/mnt/nfs/local/a")->fs_type, ==,
                    "tmpfs");
   g_assert_cmpstr (mmfg_mounts_find (mounts, "/mnt/nfs/other")->fs_type, ==,
                    "nfs4");
   // Mounted over: the later entry on the same point is what is seen.
   g_assert_cmpstr (mmfg_mounts_find (mounts, "/mnt/po/MAILDATA")->fs_type, ==,
                    "xfs");
   g_assert_null (mmfg_mounts_find (NULL, "/"));
}

static void
test_file_system_types_are_local_network_or_unknown (void)
{
   MmfgFsReach reach;
   const char *local[] = {"ext4",  "xfs",     "btrfs",
                          "tmpfs", "fuseblk", "fuse.bindfs"};
   for (gsize i = 0; i < G_N_ELEMENTS (local); i++) {
      g_assert_true (mmfg_fs_type_reach (local[i], NULL, &reach));
      g_assert_cmpint (reach, ==, MMFG_FS_LOCAL);
   }
   const char *network[] = {"cifs",       "smb3", "nfs",        "nfs4",
                            "9p",         "ceph", "fuse.sshfs", "fuse.smbnetfs",
                            "fuse.rclone"};
   for (gsize i = 0; i < G_N_ELEMENTS (network); i++) {
      g_assert_true (mmfg_fs_type_reach (network[i], NULL, &reach));
      g_assert_cmpint (reach, ==, MMFG_FS_NETWORK);
   }
   g_assert_false (mmfg_fs_type_reach ("fuse.somethingnew", NULL, &reach));
}

static void
test_configuration_overrides_a_type (void)
{
   g_autofree char *path = NULL;
   int fd = g_file_open_tmp ("mmfg-fs-XXXXXX.conf", &path, NULL);
   g_assert_cmpint (fd, >=, 0);
   close (fd);
   g_assert_true (g_file_set_contents (
      path, "[file-systems]\nfuse.somethingnew = network\nnfs4 = local\n", -1,
      NULL));
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgSettings) s = mmfg_settings_load (path, &error);
   g_assert_no_error (error);
   MmfgFsReach reach;
   g_assert_true (
      mmfg_fs_type_reach ("fuse.somethingnew", s->fs_overrides, &reach));
   g_assert_cmpint (reach, ==, MMFG_FS_NETWORK);
   g_assert_true (mmfg_fs_type_reach ("nfs4", s->fs_overrides, &reach));
   g_assert_cmpint (reach, ==, MMFG_FS_LOCAL);
   g_assert_true (
      g_file_set_contents (path, "[file-systems]\nnfs4 = remote\n", -1, NULL));
   g_autoptr (MmfgSettings) bad = mmfg_settings_load (path, &error);
   g_assert_null (bad);
   g_assert_nonnull (strstr (error->message, "neither local nor network"));
   g_assert_nonnull (strstr (error->message, ":2:"));
   g_unlink (path);
}

static void
assert_share_path (const MmfgSharePath *p, const char *server,
                   const char *share, const char *rest)
{
   g_assert_cmpstr (p->server, ==, server);
   g_assert_cmpstr (p->share, ==, share);
   g_assert_cmpstr (p->rest, ==, rest);
}

static void
test_cifs_source_names_server_share_and_prefix (void)
{
   g_autoptr (GPtrArray) mounts = fixture_mounts ();
   const MmfgMount *cifs = g_ptr_array_index (mounts, 3);
   MmfgSharePath p = {0};
   g_assert_true (mmfg_share_path_of (NULL, cifs, "/mnt/po/PO1/MAILDATA",
                                      "/mnt/po/PO1/MAILDATA", &p));
   assert_share_path (&p, "FILESRV", "MAILDATA", "offices\\PO1\\MAILDATA");
   mmfg_share_path_clear (&p);
}

static void
test_smbnetfs_layout_names_server_and_share (void)
{
   g_autoptr (GPtrArray) mounts = fixture_mounts ();
   const MmfgMount *smbnetfs = g_ptr_array_index (mounts, 4);
   MmfgSharePath p = {0};
   g_assert_true (mmfg_share_path_of (NULL, smbnetfs,
                                      "/mnt/smb/FILESRV/maildata/PO",
                                      "/mnt/smb/FILESRV/maildata/PO", &p));
   assert_share_path (&p, "FILESRV", "maildata", "PO");
   mmfg_share_path_clear (&p);
   // The mount itself, or a server without a share, names no share.
   g_assert_false (mmfg_share_path_of (NULL, smbnetfs, "/mnt/smb/FILESRV",
                                       "/mnt/smb/FILESRV", &p));
   // NFS has no SMB server to ask.
   const MmfgMount *nfs = g_ptr_array_index (mounts, 5);
   g_assert_false (
      mmfg_share_path_of (NULL, nfs, "/mnt/nfs/PO", "/mnt/nfs/PO", &p));
}

static void
test_path_map_names_the_server_first (void)
{
   g_autofree char *path = NULL;
   int fd = g_file_open_tmp ("mmfg-map-XXXXXX.conf", &path, NULL);
   close (fd);
   g_assert_true (g_file_set_contents (
      path,
      "[path-map po]\nwindows = \\\\MAILSRV\\MAILDATA\nlocal = "
      "/mnt/smb/10.0.0.5/maildata\n"
      "[path-map drive]\nwindows = M:\nlocal = /srv/m\n",
      -1, NULL));
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgSettings) s = mmfg_settings_load (path, &error);
   g_assert_no_error (error);
   g_autoptr (GPtrArray) mounts = fixture_mounts ();
   const MmfgMount *smbnetfs = g_ptr_array_index (mounts, 4);
   MmfgSharePath p = {0};
   g_assert_true (mmfg_share_path_of (
      s, smbnetfs, "/mnt/smb/10.0.0.5/maildata/PO/MMF", NULL, &p));
   assert_share_path (&p, "MAILSRV", "MAILDATA", "PO\\MMF");
   mmfg_share_path_clear (&p);
   // A drive-letter map is no UNC path: the mount's own layout answers.
   g_autofree char *drive = mmfg_settings_unmap_path (s, "/srv/m/MMF");
   g_assert_cmpstr (drive, ==, "M:\\MMF");
   g_assert_false (mmfg_share_path_parse_unc (drive, &p));
   g_assert_null (mmfg_settings_unmap_path (s, "/srv/mx"));
   g_unlink (path);
}

static void
test_server_paths_compare_without_case_or_separator_kind (void)
{
   g_autofree char *on_server =
      mmfg_share_path_on_server ("C:\\srv\\share\\", "PO\\MMF\\00000A02.MMF");
   g_assert_cmpstr (on_server, ==, "C:\\srv\\share\\PO\\MMF\\00000A02.MMF");
   g_autofree char *a =
      mmfg_server_path_key ("C:\\SRV\\Share/po\\mmf\\00000a02.mmf");
   g_autofree char *b = mmfg_server_path_key (on_server);
   g_assert_cmpstr (a, ==, b);
   MmfgSharePath p = {0};
   g_assert_true (mmfg_share_path_parse_unc ("//srv/share", &p));
   assert_share_path (&p, "srv", "share", "");
   mmfg_share_path_clear (&p);
   g_assert_false (mmfg_share_path_parse_unc ("\\\\\\srv\\share", &p));
   g_assert_false (mmfg_share_path_parse_unc ("\\\\srv", &p));
}

static void
test_this_machine_s_root_is_found (void)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgMount) root = mmfg_mount_of_path (g_get_tmp_dir (), &error);
   g_assert_no_error (error);
   g_assert_nonnull (root->fs_type);
   g_autoptr (MmfgMount) none = mmfg_mount_of_path ("/no/such/folder", &error);
   g_assert_null (none);
   g_assert_true (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT));
   g_assert_nonnull (strstr (error->message, "/no/such/folder"));
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/file-system/mountinfo-parsed",
                    test_mountinfo_lines_are_parsed_and_garbage_skipped);
   g_test_add_func ("/file-system/longest-latest-mount",
                    test_mount_of_path_is_the_longest_and_latest);
   g_test_add_func ("/file-system/type-table",
                    test_file_system_types_are_local_network_or_unknown);
   g_test_add_func ("/file-system/type-override",
                    test_configuration_overrides_a_type);
   g_test_add_func ("/share-path/cifs",
                    test_cifs_source_names_server_share_and_prefix);
   g_test_add_func ("/share-path/smbnetfs",
                    test_smbnetfs_layout_names_server_and_share);
   g_test_add_func ("/share-path/path-map",
                    test_path_map_names_the_server_first);
   g_test_add_func ("/share-path/server-keys",
                    test_server_paths_compare_without_case_or_separator_kind);
   g_test_add_func ("/file-system/this-machine",
                    test_this_machine_s_root_is_found);
   return g_test_run ();
}
