// test-drive-locality.c — the rules that call a Windows post office local
// only when Windows proves it (plugin/probe/drive-locality.c), fed what
// Windows answers for each kind of drive. Pure functions: this runs on
// Linux and, in the Windows build, under Wine.

#include <glib.h>
#include <string.h>

#include "drive-locality.h"

// What Windows says of C: on a plain installation.
static MmfgDriveFacts
fixed_disk (void)
{
   return (MmfgDriveFacts){.type = MMFG_DRIVE_TYPE_FIXED,
                           .device = "\\Device\\HarddiskVolume3",
                           .connection = MMFG_DRIVE_CONNECTION_NONE,
                           .final_path =
                              "\\Device\\HarddiskVolume3\\po\\MAILDATA"};
}

static MmfgDriveLocality
judge (const MmfgDriveFacts *facts)
{
   g_autofree char *why = NULL;
   MmfgDriveLocality locality = mmfg_drive_locality ("M:", facts, &why);
   // A reason exactly when the drive is not local, naming the drive.
   if (locality == MMFG_DRIVE_NOT_LOCAL) {
      g_assert_nonnull (why);
      g_assert_nonnull (strstr (why, "M:"));
   } else {
      g_assert_null (why);
   }
   return locality;
}

static void
test_fixed_disk_is_local (void)
{
   MmfgDriveFacts f = fixed_disk ();
   g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_LOCAL);
   f.final_path = NULL; // a folder that cannot be opened: rules 1-3 decide
   g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_LOCAL);
   f.connection = MMFG_DRIVE_CONNECTION_NONE;
   f.device = "\\Device\\Harddisk0\\Partition1";
   g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_LOCAL);
   f.device = "\\Device\\HarddiskDmVolumes\\SERVERDg0\\Volume1";
   g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_LOCAL);
}

static void
test_ram_removable_and_cd_drives_are_local (void)
{
   MmfgDriveFacts f = fixed_disk ();
   f.type = MMFG_DRIVE_TYPE_RAMDISK;
   f.device = "\\Device\\ImDisk0";
   f.final_path = NULL;
   g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_LOCAL);
   f.device = "\\Device\\Ramdisk{d9b257fc-684e-4dcb-ab79-03cfa2f6b750}";
   g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_LOCAL);
   f.type = MMFG_DRIVE_TYPE_REMOVABLE;
   f.device = "\\Device\\HarddiskVolume7";
   g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_LOCAL);
   f.type = MMFG_DRIVE_TYPE_CDROM;
   f.device = "\\Device\\CdRom0";
   g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_LOCAL);
}

static void
test_drive_types_that_are_not_local (void)
{
   const MmfgDriveType types[] = {MMFG_DRIVE_TYPE_REMOTE,
                                  MMFG_DRIVE_TYPE_UNKNOWN,
                                  MMFG_DRIVE_TYPE_NO_ROOT_DIR, 77};
   for (gsize i = 0; i < G_N_ELEMENTS (types); i++) {
      MmfgDriveFacts f = fixed_disk ();
      f.type = types[i];
      g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_NOT_LOCAL);
   }
}

// A fixed drive type is not enough: the device decides too.
static void
test_fixed_drive_mapped_elsewhere_is_not_local (void)
{
   const char *devices[] = {
      "\\Device\\LanmanRedirector\\;M:0000000000012345\\FILESRV\\MAILDATA",
      "\\Device\\Mup\\;LanmanRedirector\\;M:0000000000012345\\FILESRV\\M",
      "\\Device\\WebDavRedirector\\;M:0000000000012345\\FILESRV\\DavWWWRoot",
      "\\??\\UNC\\FILESRV\\MAILDATA",
      "\\Device\\Nowhere",
      "\\Device\\HarddiskVolume", // no number
      "\\Device\\HarddiskVolume1x",
      "\\Device\\Harddisk0", // a whole disk, no part of it
      "\\Device\\HarddiskDmVolumes\\",
      "\\Device\\CdRomA",
      "",
      NULL, // QueryDosDeviceW named none
   };
   for (gsize i = 0; i < G_N_ELEMENTS (devices); i++) {
      MmfgDriveFacts f = fixed_disk ();
      f.device = devices[i];
      g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_NOT_LOCAL);
   }
}

static void
test_named_or_unknown_connection_is_not_local (void)
{
   MmfgDriveFacts f = fixed_disk ();
   f.connection = MMFG_DRIVE_CONNECTION_NAMED;
   f.remote = "\\\\FILESRV\\MAILDATA";
   g_autofree char *why = NULL;
   g_assert_cmpint (mmfg_drive_locality ("M:", &f, &why), ==,
                    MMFG_DRIVE_NOT_LOCAL);
   g_assert_nonnull (strstr (why, "\\\\FILESRV\\MAILDATA"));
   f.remote = NULL;
   f.connection = MMFG_DRIVE_CONNECTION_UNKNOWN;
   g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_NOT_LOCAL);
}

// A link in a local folder onto a server.
static void
test_folder_leading_onto_a_server_is_not_local (void)
{
   MmfgDriveFacts f = fixed_disk ();
   f.final_path = "\\Device\\Mup\\FILESRV\\MAILDATA";
   g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_NOT_LOCAL);
   f.final_path = "\\??\\UNC\\FILESRV\\MAILDATA\\po";
   g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_NOT_LOCAL);
}

static void
test_subst_drive_is_judged_by_its_drive (void)
{
   MmfgDriveFacts f = fixed_disk ();
   f.device = "\\??\\C:\\po";
   g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_SUBST);
   // subst onto a share is a UNC target: not local.
   f.device = "\\??\\UNC\\FILESRV\\MAILDATA";
   g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_NOT_LOCAL);
   // ... and a subst drive's other facts still count.
   f.device = "\\??\\C:\\po";
   f.type = MMFG_DRIVE_TYPE_REMOTE;
   g_assert_cmpint (judge (&f), ==, MMFG_DRIVE_NOT_LOCAL);
}

static void
check_unc (const char *device, const char *expected)
{
   g_autofree char *unc = mmfg_device_path_unc (device);
   g_assert_cmpstr (unc, ==, expected);
}

static void
test_device_paths_name_their_share (void)
{
   check_unc ("\\??\\UNC\\FILESRV\\MAILDATA", "\\\\FILESRV\\MAILDATA");
   check_unc ("\\??\\unc\\FILESRV\\MAILDATA\\po", "\\\\FILESRV\\MAILDATA\\po");
   check_unc (
      "\\Device\\LanmanRedirector\\;M:0000000000012345\\FILESRV\\MAILDATA",
      "\\\\FILESRV\\MAILDATA");
   check_unc ("\\Device\\Mup\\;LanmanRedirector\\;M:0000000000012345\\"
              "FILESRV\\MAILDATA",
              "\\\\FILESRV\\MAILDATA");
   check_unc ("\\Device\\Mup\\FILESRV\\MAILDATA\\po",
              "\\\\FILESRV\\MAILDATA\\po");
   check_unc ("\\??\\UNC\\FILESRV", NULL); // no share
   check_unc ("\\??\\UNC\\FILESRV\\", NULL);
   check_unc ("\\Device\\HarddiskVolume1\\po", NULL);
   check_unc ("\\Device\\Nowhere", NULL);
   check_unc (NULL, NULL);
}

static void
check_path (const char *path, MmfgWinPathKind kind, const char *drive,
            const char *rest, const char *unc)
{
   MmfgWinPath p;
   mmfg_win_path_parse (path, &p);
   g_assert_cmpint (p.kind, ==, kind);
   g_assert_cmpstr (p.drive, ==, drive);
   g_assert_cmpstr (p.rest, ==, rest);
   g_assert_cmpstr (p.unc, ==, unc);
   mmfg_win_path_clear (&p);
}

static void
test_path_forms (void)
{
   const MmfgWinPathKind D = MMFG_WIN_PATH_DRIVE, U = MMFG_WIN_PATH_UNC,
                         O = MMFG_WIN_PATH_OTHER;
   check_path ("C:\\po\\MAILDATA", D, "C:", "\\po\\MAILDATA", NULL);
   check_path ("m:/MAILDATA", D, "M:", "/MAILDATA", NULL);
   check_path ("M:", D, "M:", "", NULL);
   check_path ("\\\\?\\C:\\po", D, "C:", "\\po", NULL);
   check_path ("\\\\.\\C:\\po", D, "C:", "\\po", NULL);
   check_path ("\\??\\C:\\po", D, "C:", "\\po", NULL);
   check_path ("\\\\FILESRV\\MAILDATA", U, "", NULL, "\\\\FILESRV\\MAILDATA");
   check_path ("//FILESRV/MAILDATA", U, "", NULL, "//FILESRV/MAILDATA");
   check_path ("\\\\?\\UNC\\FILESRV\\MAILDATA\\po", U, "", NULL,
               "\\\\FILESRV\\MAILDATA\\po");
   check_path ("\\\\.\\unc\\FILESRV\\MAILDATA", U, "", NULL,
               "\\\\FILESRV\\MAILDATA");
   check_path ("\\\\?\\Volume{0b7b2ee5-0000-0000-0000-100000000000}\\po", O, "",
               NULL, NULL);
   check_path ("\\\\?\\GLOBALROOT\\Device\\HarddiskVolume1\\po", O, "", NULL,
               NULL);
   check_path ("\\\\.\\PIPE\\po", O, "", NULL, NULL);
   check_path ("\\\\?\\C:po", O, "", NULL, NULL);
   check_path ("po\\MAILDATA", O, "", NULL, NULL);
   check_path ("C:po", O, "", NULL, NULL);
   check_path ("\\\\", O, "", NULL, NULL);
   check_path ("", O, "", NULL, NULL);
   check_path (NULL, O, "", NULL, NULL);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/drive-locality/fixed-disk-is-local",
                    test_fixed_disk_is_local);
   g_test_add_func ("/drive-locality/ram-removable-and-cd-drives-are-local",
                    test_ram_removable_and_cd_drives_are_local);
   g_test_add_func ("/drive-locality/drive-types-that-are-not-local",
                    test_drive_types_that_are_not_local);
   g_test_add_func ("/drive-locality/fixed-drive-mapped-elsewhere-is-not-local",
                    test_fixed_drive_mapped_elsewhere_is_not_local);
   g_test_add_func ("/drive-locality/named-or-unknown-connection-is-not-local",
                    test_named_or_unknown_connection_is_not_local);
   g_test_add_func ("/drive-locality/folder-leading-onto-a-server-is-not-local",
                    test_folder_leading_onto_a_server_is_not_local);
   g_test_add_func ("/drive-locality/subst-drive-is-judged-by-its-drive",
                    test_subst_drive_is_judged_by_its_drive);
   g_test_add_func ("/drive-locality/device-paths-name-their-share",
                    test_device_paths_name_their_share);
   g_test_add_func ("/drive-locality/path-forms", test_path_forms);
   return g_test_run ();
}
