// share-path.c — see share-path.h.

#include "share-path.h"

#include <string.h>

static gboolean
is_separator (char c)
{
   return c == '\\' || c == '/';
}

void
mmfg_share_path_clear (MmfgSharePath *path)
{
   g_clear_pointer (&path->server, g_free);
   g_clear_pointer (&path->share, g_free);
   g_clear_pointer (&path->rest, g_free);
}

// The next component of `*p`, moving `*p` past it and its separators.
static char *
next_component (const char **p)
{
   const char *start = *p;
   while (**p != '\0' && !is_separator (**p))
      (*p)++;
   char *part = g_strndup (start, (gsize) (*p - start));
   while (is_separator (**p))
      (*p)++;
   return part;
}

// `rest` with every separator a single '\' and none at either end.
static char *
backslashed (const char *rest)
{
   GString *out = g_string_new (NULL);
   for (const char *p = rest; *p != '\0'; p++) {
      if (is_separator (*p)) {
         if (out->len > 0 && out->str[out->len - 1] != '\\')
            g_string_append_c (out, '\\');
         continue;
      }
      g_string_append_c (out, *p);
   }
   if (out->len > 0 && out->str[out->len - 1] == '\\')
      g_string_truncate (out, out->len - 1);
   return g_string_free (out, FALSE);
}

// SERVER/SHARE/REST from a path that starts right at SERVER.
static gboolean
split_server_share (const char *p, MmfgSharePath *out)
{
   g_autofree char *server = next_component (&p);
   g_autofree char *share = next_component (&p);
   if (*server == '\0' || *share == '\0')
      return FALSE;
   out->server = g_steal_pointer (&server);
   out->share = g_steal_pointer (&share);
   out->rest = backslashed (p);
   return TRUE;
}

gboolean
mmfg_share_path_parse_unc (const char *unc, MmfgSharePath *out)
{
   if (unc == NULL || !is_separator (unc[0]) || !is_separator (unc[1]) ||
       is_separator (unc[2]))
      return FALSE;
   return split_server_share (unc + 2, out);
}

// The part of `path` below `mount_point`, or NULL when it is not below it.
static const char *
below (const char *path, const char *mount_point)
{
   gsize n = strlen (mount_point);
   if (strcmp (mount_point, "/") == 0)
      return path + 1;
   if (strncmp (path, mount_point, n) != 0 ||
       (path[n] != '\0' && path[n] != '/'))
      return NULL;
   return path + n + (path[n] == '/');
}

static gboolean
from_cifs_mount (const MmfgMount *mount, const char *real_path,
                 MmfgSharePath *out)
{
   const char *inside = below (real_path, mount->mount_point);
   if (inside == NULL || !mmfg_share_path_parse_unc (mount->source, out))
      return FALSE;
   g_autofree char *joined = g_strconcat (out->rest, "\\", inside, NULL);
   g_free (out->rest);
   out->rest = backslashed (joined);
   return TRUE;
}

static gboolean
from_smbnetfs_mount (const MmfgMount *mount, const char *real_path,
                     MmfgSharePath *out)
{
   const char *inside = below (real_path, mount->mount_point);
   return inside != NULL && split_server_share (inside, out);
}

gboolean
mmfg_share_path_of (const MmfgSettings *settings, const MmfgMount *mount,
                    const char *path, const char *real_path, MmfgSharePath *out)
{
   const char *tries[] = {path, real_path};
   for (gsize i = 0; settings != NULL && i < G_N_ELEMENTS (tries); i++) {
      g_autofree char *unc =
         tries[i] ? mmfg_settings_unmap_path (settings, tries[i]) : NULL;
      if (unc != NULL && mmfg_share_path_parse_unc (unc, out))
         return TRUE;
   }
   if (mount == NULL || real_path == NULL)
      return FALSE;
   if (strcmp (mount->fs_type, "cifs") == 0 ||
       strcmp (mount->fs_type, "smb3") == 0)
      return from_cifs_mount (mount, real_path, out);
   if (strcmp (mount->fs_type, "fuse.smbnetfs") == 0)
      return from_smbnetfs_mount (mount, real_path, out);
   return FALSE;
}

char *
mmfg_share_path_on_server (const char *share_folder, const char *rest)
{
   g_autofree char *folder = backslashed (share_folder);
   // A drive root such as "C:\" loses its '\' above; it is put back here.
   if (*rest == '\0')
      return g_steal_pointer (&folder);
   return g_strconcat (folder, "\\", rest, NULL);
}
