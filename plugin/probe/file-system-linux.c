// file-system-linux.c — file-system.h on Linux, from /proc/self/mountinfo.

#include "file-system.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MOUNTINFO "/proc/self/mountinfo"

// The one table of file system types. Local: the kernel of this machine
// takes every lock (FUSE file systems that pass locks to a local disk, such
// as ntfs-3g, which the kernel calls "fuseblk", and bindfs, count here).
// Network: another machine serves the file and sees the holders.
static const struct {
   const char *type;
   MmfgFsReach reach;
} fs_types[] = {
   {"ext2", MMFG_FS_LOCAL},          {"ext3", MMFG_FS_LOCAL},
   {"ext4", MMFG_FS_LOCAL},          {"xfs", MMFG_FS_LOCAL},
   {"btrfs", MMFG_FS_LOCAL},         {"tmpfs", MMFG_FS_LOCAL},
   {"ramfs", MMFG_FS_LOCAL},         {"overlay", MMFG_FS_LOCAL},
   {"f2fs", MMFG_FS_LOCAL},          {"jfs", MMFG_FS_LOCAL},
   {"reiserfs", MMFG_FS_LOCAL},      {"nilfs2", MMFG_FS_LOCAL},
   {"zfs", MMFG_FS_LOCAL},           {"bcachefs", MMFG_FS_LOCAL},
   {"vfat", MMFG_FS_LOCAL},          {"msdos", MMFG_FS_LOCAL},
   {"exfat", MMFG_FS_LOCAL},         {"ntfs", MMFG_FS_LOCAL},
   {"ntfs3", MMFG_FS_LOCAL},         {"fuseblk", MMFG_FS_LOCAL},
   {"fuse.ntfs-3g", MMFG_FS_LOCAL},  {"fuse.bindfs", MMFG_FS_LOCAL},
   {"fuse.mergerfs", MMFG_FS_LOCAL}, {"squashfs", MMFG_FS_LOCAL},
   {"iso9660", MMFG_FS_LOCAL},       {"udf", MMFG_FS_LOCAL},
   {"hfsplus", MMFG_FS_LOCAL},

   {"cifs", MMFG_FS_NETWORK},        {"smb3", MMFG_FS_NETWORK},
   {"smbfs", MMFG_FS_NETWORK},       {"nfs", MMFG_FS_NETWORK},
   {"nfs4", MMFG_FS_NETWORK},        {"9p", MMFG_FS_NETWORK},
   {"ceph", MMFG_FS_NETWORK},        {"afs", MMFG_FS_NETWORK},
   {"coda", MMFG_FS_NETWORK},        {"ncpfs", MMFG_FS_NETWORK},
   {"glusterfs", MMFG_FS_NETWORK},   {"lustre", MMFG_FS_NETWORK},
   {"gpfs", MMFG_FS_NETWORK},        {"davfs", MMFG_FS_NETWORK},
   {"fuse.sshfs", MMFG_FS_NETWORK},  {"fuse.smbnetfs", MMFG_FS_NETWORK},
   {"fuse.rclone", MMFG_FS_NETWORK}, {"fuse.glusterfs", MMFG_FS_NETWORK},
   {"fuse.s3fs", MMFG_FS_NETWORK},   {"fuse.davfs", MMFG_FS_NETWORK},
};

void
mmfg_mount_free (MmfgMount *mount)
{
   if (mount == NULL)
      return;
   g_free (mount->mount_point);
   g_free (mount->fs_type);
   g_free (mount->source);
   g_free (mount);
}

// Undoes the kernel's octal escapes (\040 and the like); anything else is
// kept as it stands.
static char *
unescape (const char *field, gsize len)
{
   GString *out = g_string_sized_new (len);
   for (gsize i = 0; i < len; i++) {
      if (field[i] == '\\' && i + 3 < len && field[i + 1] >= '0' &&
          field[i + 1] <= '3' && field[i + 2] >= '0' && field[i + 2] <= '7' &&
          field[i + 3] >= '0' && field[i + 3] <= '7') {
         g_string_append_c (out, (char) ((field[i + 1] - '0') * 64 +
                                         (field[i + 2] - '0') * 8 +
                                         (field[i + 3] - '0')));
         i += 3;
         continue;
      }
      g_string_append_c (out, field[i]);
   }
   return g_string_free (out, FALSE);
}

static MmfgMount *
parse_line (const char *line, gsize len)
{
   // Fields are separated by single spaces; paths never hold a raw space.
   g_autofree char *copy = g_strndup (line, len);
   g_auto (GStrv) fields = g_strsplit (copy, " ", -1);
   guint n = g_strv_length (fields);
   guint dash = 0;
   for (guint i = 6; i < n; i++) {
      if (strcmp (fields[i], "-") == 0) {
         dash = i;
         break;
      }
   }
   if (n < 10 || dash == 0 || dash + 2 >= n || fields[4][0] != '/')
      return NULL;
   MmfgMount *m = g_new0 (MmfgMount, 1);
   m->mount_point = unescape (fields[4], strlen (fields[4]));
   m->fs_type = unescape (fields[dash + 1], strlen (fields[dash + 1]));
   m->source = unescape (fields[dash + 2], strlen (fields[dash + 2]));
   return m;
}

GPtrArray *
mmfg_mountinfo_parse (const char *text, gsize len)
{
   GPtrArray *mounts =
      g_ptr_array_new_with_free_func ((GDestroyNotify) mmfg_mount_free);
   const char *end = text + len;
   for (const char *p = text; p < end;) {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      gsize line_len = nl ? (gsize) (nl - p) : (gsize) (end - p);
      // A NUL inside a line is not mountinfo: skip the line.
      MmfgMount *m =
         memchr (p, '\0', line_len) ? NULL : parse_line (p, line_len);
      if (m != NULL)
         g_ptr_array_add (mounts, m);
      p += line_len + 1;
   }
   return mounts;
}

// The length of `mount_point` when it is `path` or a parent of it, else 0.
static gsize
covers (const char *mount_point, const char *path)
{
   gsize n = strlen (mount_point);
   if (strcmp (mount_point, "/") == 0)
      return 1;
   if (strncmp (path, mount_point, n) != 0 ||
       (path[n] != '\0' && path[n] != '/'))
      return 0;
   return n;
}

const MmfgMount *
mmfg_mounts_find (const GPtrArray *mounts, const char *path)
{
   const MmfgMount *best = NULL;
   gsize best_len = 0;
   // Later entries are mounted over earlier ones on the same point.
   for (guint i = 0; mounts != NULL && i < mounts->len; i++) {
      const MmfgMount *m = g_ptr_array_index (mounts, i);
      gsize n = covers (m->mount_point, path);
      if (n > 0 && n >= best_len) {
         best = m;
         best_len = n;
      }
   }
   return best;
}

gboolean
mmfg_fs_type_reach (const char *fs_type, GHashTable *overrides,
                    MmfgFsReach *reach)
{
   gpointer found = overrides ? g_hash_table_lookup (overrides, fs_type) : NULL;
   if (found != NULL) {
      *reach = (MmfgFsReach) (GPOINTER_TO_INT (found) - 1);
      return TRUE;
   }
   for (gsize i = 0; i < G_N_ELEMENTS (fs_types); i++) {
      if (strcmp (fs_types[i].type, fs_type) == 0) {
         *reach = fs_types[i].reach;
         return TRUE;
      }
   }
   return FALSE;
}

MmfgMount *
mmfg_mount_of_path (const char *path, GError **error)
{
   // realpath() resolves with lstat and readlink only: nothing is opened.
   g_autofree char *real = realpath (path, NULL);
   if (real == NULL) {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot resolve %s: %s", path, g_strerror (saved));
      return NULL;
   }
   g_autofree char *text = NULL;
   gsize len = 0;
   if (!g_file_get_contents (MOUNTINFO, &text, &len, error))
      return NULL;
   g_autoptr (GPtrArray) mounts = mmfg_mountinfo_parse (text, len);
   const MmfgMount *m = mmfg_mounts_find (mounts, real);
   if (m == NULL) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "no mount in " MOUNTINFO " holds %s", real);
      return NULL;
   }
   MmfgMount *copy = g_new0 (MmfgMount, 1);
   copy->mount_point = g_strdup (m->mount_point);
   copy->fs_type = g_strdup (m->fs_type);
   copy->source = g_strdup (m->source);
   return copy;
}
