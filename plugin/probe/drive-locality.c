// drive-locality.c — see drive-locality.h.
//
// A drive is provably local only when all four rules hold; anything else
// makes its post office a network post office, whose lock state only the
// file server can tell (and, when no server can be named, is unknown):
//
// 1. GetDriveTypeW says FIXED, RAMDISK, REMOVABLE or CDROM. REMOTE,
//    UNKNOWN and NO_ROOT_DIR are not local. Rationale for REMOVABLE and
//    CDROM: a USB disk or a CD is mounted by this machine's own kernel,
//    which enforces every opener's share mode — this machine's processes
//    and the clients of its own shares alike — so the probe sees every
//    holder, as on a fixed disk; rule 2 must still hold.
// 2. QueryDosDeviceW names a device of this machine: \Device\HarddiskVolumeN,
//    \Device\HarddiskN\…, \Device\HarddiskDmVolumes\… (a dynamic disk),
//    \Device\CdRomN, \Device\FloppyN, a RAM disk (\Device\Ramdisk…,
//    \Device\ImDiskN). A redirector (\Device\Mup…,
//    \Device\LanmanRedirector…, \Device\WebDavRedirector…), \??\UNC\…, a
//    device not in this list, or no device at all is not local. A folder
//    of another drive (\??\Y:\…, what subst makes) is as local as Y:.
// 3. WNetGetConnectionW names no connection: ERROR_NOT_CONNECTED, or
//    ERROR_NO_NETWORK (no network provider runs, so none can be connected).
//    A remote name, remembered or connected, or any other answer is not
//    local.
// 4. When the post office folder can be opened, its final path (NT form)
//    is on a device of rule 2: a directory symbolic link or junction on a
//    local drive can lead onto a server. When it cannot be opened, nothing
//    below it can be read through this path either, and rules 1-3 decide.

#include "drive-locality.h"

#include <string.h>

static gboolean
is_separator (char c)
{
   return c == '\\' || c == '/';
}

static gboolean
has_prefix_nocase (const char *s, const char *prefix)
{
   return g_ascii_strncasecmp (s, prefix, strlen (prefix)) == 0;
}

// --- Path forms

void
mmfg_win_path_parse (const char *path, MmfgWinPath *out)
{
   memset (out, 0, sizeof *out);
   out->kind = MMFG_WIN_PATH_OTHER;
   if (path == NULL)
      return;
   const char *p = path;
   // \\?\ and \\.\ (and the NT \??\ a host may pass through) are this
   // machine's device name spaces; below them, X: and UNC\ mean what they
   // mean at the top.
   if ((is_separator (p[0]) && is_separator (p[1]) &&
        (p[2] == '?' || p[2] == '.') && is_separator (p[3])) ||
       (p[0] == '\\' && p[1] == '?' && p[2] == '?' && p[3] == '\\')) {
      p += 4;
      if (has_prefix_nocase (p, "UNC") && is_separator (p[3])) {
         out->kind = MMFG_WIN_PATH_UNC;
         out->unc = g_strconcat ("\\\\", p + 4, NULL);
         return;
      }
   } else if (is_separator (p[0]) && is_separator (p[1]) && p[2] != '\0' &&
              !is_separator (p[2])) {
      out->kind = MMFG_WIN_PATH_UNC;
      out->unc = g_strdup (p);
      return;
   }
   if (g_ascii_isalpha (p[0]) && p[1] == ':' &&
       (p[2] == '\0' || is_separator (p[2]))) {
      out->kind = MMFG_WIN_PATH_DRIVE;
      out->drive[0] = g_ascii_toupper (p[0]);
      out->drive[1] = ':';
      out->rest = p + 2;
   }
}

void
mmfg_win_path_clear (MmfgWinPath *path)
{
   g_clear_pointer (&path->unc, g_free);
}

// --- Rule 2: the devices of this machine

// Whether `s` starts with `prefix`, then at least one digit when `digits`,
// then the end or a separator; the rest is returned in *after.
static gboolean
device_named (const char *s, const char *prefix, gboolean digits,
              const char **after)
{
   if (!has_prefix_nocase (s, prefix))
      return FALSE;
   const char *p = s + strlen (prefix);
   if (digits) {
      if (!g_ascii_isdigit (*p))
         return FALSE;
      while (g_ascii_isdigit (*p))
         p++;
   } else {
      while (*p != '\0' && *p != '\\')
         p++;
   }
   if (*p != '\0' && *p != '\\')
      return FALSE;
   *after = p;
   return TRUE;
}

// Whether an NT path starts with a device of this machine's own.
static gboolean
is_local_device (const char *nt_path)
{
   const char *after;
   if (nt_path == NULL)
      return FALSE;
   if (device_named (nt_path, "\\Device\\HarddiskVolume", TRUE, &after) ||
       device_named (nt_path, "\\Device\\CdRom", TRUE, &after) ||
       device_named (nt_path, "\\Device\\Floppy", TRUE, &after) ||
       device_named (nt_path, "\\Device\\ImDisk", TRUE, &after) ||
       device_named (nt_path, "\\Device\\Ramdisk", FALSE, &after))
      return TRUE;
   // A dynamic disk's volume (\Device\HarddiskDmVolumes\…\VolumeN).
   const char *dynamic = "\\Device\\HarddiskDmVolumes\\";
   if (has_prefix_nocase (nt_path, dynamic) &&
       nt_path[strlen (dynamic)] != '\0')
      return TRUE;
   // \Device\HarddiskN\PartitionM and the like: a disk, then a part of it.
   return device_named (nt_path, "\\Device\\Harddisk", TRUE, &after) &&
          *after == '\\' && after[1] != '\0';
}

// Whether an NT path is \??\Y:\… (a subst drive's target).
static gboolean
is_drive_folder (const char *nt_path)
{
   return nt_path != NULL && strncmp (nt_path, "\\??\\", 4) == 0 &&
          g_ascii_isalpha (nt_path[4]) && nt_path[5] == ':' &&
          (nt_path[6] == '\0' || nt_path[6] == '\\');
}

// --- The rules

static const char *
type_name (MmfgDriveType type)
{
   static const char *const names[] = {
      "of unknown type", "without a root folder", "removable",
      "fixed",           "a network drive",       "a CD drive",
      "a RAM disk"};
   return (guint) type < G_N_ELEMENTS (names) ? names[type] : "of unknown type";
}

MmfgDriveLocality
mmfg_drive_locality (const char *drive, const MmfgDriveFacts *facts, char **why)
{
   g_autofree char *reason = NULL;
   MmfgDriveLocality locality = MMFG_DRIVE_NOT_LOCAL;
   switch (facts->type) {
   case MMFG_DRIVE_TYPE_FIXED:
   case MMFG_DRIVE_TYPE_RAMDISK:
   case MMFG_DRIVE_TYPE_REMOVABLE:
   case MMFG_DRIVE_TYPE_CDROM:
      break;
   default:
      reason =
         g_strdup_printf ("drive %s is %s", drive, type_name (facts->type));
      goto out;
   }
   if (facts->device == NULL) {
      reason = g_strdup_printf ("Windows names no device for drive %s", drive);
      goto out;
   }
   if (!is_local_device (facts->device) && !is_drive_folder (facts->device)) {
      reason =
         g_strdup_printf ("drive %s is mapped to %s", drive, facts->device);
      goto out;
   }
   if (facts->connection == MMFG_DRIVE_CONNECTION_NAMED) {
      reason = g_strdup_printf ("drive %s is connected to %s", drive,
                                facts->remote ? facts->remote : "a share");
      goto out;
   }
   if (facts->connection != MMFG_DRIVE_CONNECTION_NONE) {
      reason = g_strdup_printf (
         "Windows does not say whether drive %s is a network connection",
         drive);
      goto out;
   }
   if (facts->final_path != NULL && !is_local_device (facts->final_path)) {
      reason =
         g_strdup_printf ("the post office folder on drive %s leads to %s",
                          drive, facts->final_path);
      goto out;
   }
   locality =
      is_drive_folder (facts->device) ? MMFG_DRIVE_SUBST : MMFG_DRIVE_LOCAL;
out:
   if (why != NULL)
      *why = g_steal_pointer (&reason);
   return locality;
}

// --- The UNC path a device path names

char *
mmfg_device_path_unc (const char *device)
{
   if (device == NULL)
      return NULL;
   const char *p = NULL;
   if (has_prefix_nocase (device, "\\??\\UNC\\"))
      p = device + strlen ("\\??\\UNC\\");
   else if (has_prefix_nocase (device, "\\Device\\Mup\\"))
      p = device + strlen ("\\Device\\Mup\\");
   else if (has_prefix_nocase (device, "\\Device\\LanmanRedirector\\"))
      p = device + strlen ("\\Device\\LanmanRedirector\\");
   else
      return NULL;
   // A redirector's own parts (";LanmanRedirector", ";M:0000000000012345")
   // come before the server.
   while (*p == ';') {
      while (*p != '\0' && *p != '\\')
         p++;
      while (*p == '\\')
         p++;
   }
   const char *share = strchr (p, '\\');
   if (p[0] == '\0' || p[0] == '\\' || share == NULL || share[1] == '\0' ||
       share[1] == '\\')
      return NULL;
   return g_strconcat ("\\\\", p, NULL);
}
