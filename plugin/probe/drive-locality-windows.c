// drive-locality-windows.c — asks Windows the facts drive-locality.c
// judges, and where a post office that is not provably local is served
// from.
//
// Path forms: a relative or drive-relative path is first made absolute
// with GetFullPathNameW (what every later open of it does too). \\?\X:\…
// and \\.\X:\… are drive X:; \\?\UNC\S\SH\… and \\.\UNC\S\SH\… are the
// UNC path \\S\SH\…; any other device name space path (\\?\Volume{…}\…,
// \\?\GLOBALROOT\…, \\.\PIPE\…) is not provably local, and names no
// server: its lock state is unknown.

#include "drive-locality.h"

#include <string.h>
#include <windows.h>
#include <winnetwk.h>

// How many subst drives in a row are followed (subst M: N:\po, N: C:\…).
#define MMFG_SUBST_DEPTH 4

static char *
utf8_of (const wchar_t *wide)
{
   return g_utf16_to_utf8 ((const gunichar2 *) wide, -1, NULL, NULL, NULL);
}

static gunichar2 *
wide_of (const char *utf8)
{
   return g_utf8_to_utf16 (utf8, -1, NULL, NULL, NULL);
}

// `path` made absolute the way the file system will read it; NULL when
// Windows cannot.
static char *
full_path (const char *path)
{
   g_autofree gunichar2 *wide = wide_of (path);
   if (wide == NULL)
      return NULL;
   DWORD size = GetFullPathNameW ((LPCWSTR) wide, 0, NULL, NULL);
   if (size == 0)
      return NULL;
   g_autofree wchar_t *buffer = g_new0 (wchar_t, size + 1);
   DWORD got = GetFullPathNameW ((LPCWSTR) wide, size + 1, buffer, NULL);
   return got == 0 || got > size ? NULL : utf8_of (buffer);
}

static MmfgDriveType
drive_type (const char *drive)
{
   wchar_t root[] = {(wchar_t) drive[0], L':', L'\\', 0};
   UINT type = GetDriveTypeW (root);
   return type <= DRIVE_RAMDISK ? (MmfgDriveType) type
                                : MMFG_DRIVE_TYPE_UNKNOWN;
}

// QueryDosDeviceW's current target for the drive (the first of its
// strings); NULL when it names none.
static char *
dos_device (const char *drive)
{
   wchar_t name[] = {(wchar_t) drive[0], L':', 0};
   wchar_t target[2048];
   if (QueryDosDeviceW (name, target, G_N_ELEMENTS (target)) == 0)
      return NULL;
   target[G_N_ELEMENTS (target) - 1] = 0;
   return utf8_of (target);
}

static MmfgDriveConnection
connection_of (const char *drive, char **remote)
{
   wchar_t name[] = {(wchar_t) drive[0], L':', 0};
   wchar_t buffer[1024];
   DWORD size = G_N_ELEMENTS (buffer);
   switch (WNetGetConnectionW (name, buffer, &size)) {
   case NO_ERROR:
   case ERROR_CONNECTION_UNAVAIL: // remembered, not connected now
      *remote = utf8_of (buffer);
      return MMFG_DRIVE_CONNECTION_NAMED;
   case ERROR_NOT_CONNECTED:
   case ERROR_NO_NETWORK:
      return MMFG_DRIVE_CONNECTION_NONE;
   default:
      return MMFG_DRIVE_CONNECTION_UNKNOWN;
   }
}

// The folder's final path in NT form (\Device\HarddiskVolume1\po, or
// \Device\Mup\SERVER\SHARE\po across a link onto a server); NULL when it
// cannot be opened. Opening a folder for its attributes disturbs no client.
static char *
final_path (const char *path)
{
   g_autofree gunichar2 *wide = wide_of (path);
   if (wide == NULL)
      return NULL;
   HANDLE h =
      CreateFileW ((LPCWSTR) wide, FILE_READ_ATTRIBUTES,
                   FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                   OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
   if (h == INVALID_HANDLE_VALUE)
      return NULL;
   wchar_t buffer[2048];
   DWORD got = GetFinalPathNameByHandleW (h, buffer, G_N_ELEMENTS (buffer),
                                          VOLUME_NAME_NT);
   CloseHandle (h);
   return got == 0 || got >= G_N_ELEMENTS (buffer) ? NULL : utf8_of (buffer);
}

// WNetGetUniversalNameW: the UNC path of a path on a network drive.
static char *
universal_name (const char *path)
{
   g_autofree gunichar2 *wide = wide_of (path);
   if (wide == NULL)
      return NULL;
   DWORD size = 0;
   char probe[1];
   DWORD error = WNetGetUniversalNameW (
      (LPCWSTR) wide, UNIVERSAL_NAME_INFO_LEVEL, probe, &size);
   if (error != ERROR_MORE_DATA || size == 0)
      return NULL;
   g_autofree char *buffer = g_malloc0 (size);
   if (WNetGetUniversalNameW ((LPCWSTR) wide, UNIVERSAL_NAME_INFO_LEVEL, buffer,
                              &size) != NO_ERROR)
      return NULL;
   return utf8_of (((const UNIVERSAL_NAME_INFOW *) buffer)->lpUniversalName);
}

// `share_root` (\\S\SH or a folder in it) with `rest` ("\MAILDATA" or "").
static char *
below_share (const char *share_root, const char *rest)
{
   if (share_root == NULL)
      return NULL;
   g_autofree char *root = g_strdup (share_root);
   gsize n = strlen (root);
   while (n > 0 && (root[n - 1] == '\\' || root[n - 1] == '/'))
      root[--n] = '\0';
   return g_strconcat (root, rest, NULL);
}

// Where a drive that is not local is served from, first answer wins:
// WNetGetUniversalNameW of the path, the drive's connection, the device the
// drive is mapped to (\??\UNC\…, a redirector's), the folder's final path.
static char *
unc_of (const char *path, const char *remote, const char *device,
        const char *final)
{
   const char *rest = path + 2; // after "X:"
   char *unc = universal_name (path);
   if (unc == NULL)
      unc = below_share (remote, rest);
   if (unc == NULL) {
      g_autofree char *root = mmfg_device_path_unc (device);
      unc = below_share (root, rest);
   }
   if (unc == NULL)
      unc = mmfg_device_path_unc (final);
   return unc;
}

void
mmfg_postoffice_site (const char *postoffice, MmfgPostofficeSite *out)
{
   memset (out, 0, sizeof *out);
   g_autofree char *full = full_path (postoffice);
   MmfgWinPath path;
   mmfg_win_path_parse (full ? full : postoffice, &path);
   if (path.kind == MMFG_WIN_PATH_UNC) {
      out->unc = g_steal_pointer (&path.unc);
      out->why = g_strdup ("a UNC path");
      return;
   }
   if (path.kind == MMFG_WIN_PATH_OTHER) {
      out->why = g_strdup_printf ("%s is on no drive letter of this machine",
                                  full ? full : postoffice);
      return;
   }
   out->drive = g_strdup (path.drive);
   g_autofree char *final = final_path (full ? full : postoffice);
   // The path as the drive being judged sees it: "M:\MAILDATA", then, for
   // a subst drive, the same folder through the drive it is a folder of.
   g_autofree char *here = g_strconcat (path.drive, path.rest, NULL);
   mmfg_win_path_clear (&path);
   for (int depth = 0; depth < MMFG_SUBST_DEPTH; depth++) {
      char drive[3] = {here[0], ':', 0};
      g_autofree char *device = dos_device (drive);
      g_autofree char *remote = NULL;
      MmfgDriveFacts facts = {.type = drive_type (drive),
                              .device = device,
                              .connection = connection_of (drive, &remote),
                              .remote = remote,
                              .final_path = final};
      g_autofree char *why = NULL;
      switch (mmfg_drive_locality (drive, &facts, &why)) {
      case MMFG_DRIVE_LOCAL:
         out->local = TRUE;
         return;
      case MMFG_DRIVE_SUBST: {
         char *next = g_strconcat (device + strlen ("\\??\\"), here + 2, NULL);
         g_free (here);
         here = next;
         continue;
      }
      case MMFG_DRIVE_NOT_LOCAL:
         out->why = g_steal_pointer (&why);
         out->unc = unc_of (here, remote, device, final);
         return;
      }
   }
   out->why = g_strdup_printf ("drive %s is a folder of a folder of … more "
                               "than %d drives deep",
                               out->drive, MMFG_SUBST_DEPTH);
}

void
mmfg_postoffice_site_clear (MmfgPostofficeSite *site)
{
   g_clear_pointer (&site->unc, g_free);
   g_clear_pointer (&site->drive, g_free);
   g_clear_pointer (&site->why, g_free);
}
