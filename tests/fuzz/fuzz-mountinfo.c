// fuzz-mountinfo.c — the mount table parser (file-system.h) and the share
// path rules (share-path.h) over any bytes: mountinfo lines carry sources
// and mount points any user with FUSE can choose, and they decide whether a
// post office's holders are looked for here or on a file server.

#include "fuzz-target.h"

#include <glib.h>
#include <string.h>

#include "file-system.h"
#include "share-path.h"

static void
check_share_path (const MmfgSharePath *p)
{
   FUZZ_CHECK (p->server != NULL && *p->server != '\0');
   FUZZ_CHECK (p->share != NULL && *p->share != '\0');
   FUZZ_CHECK (p->rest != NULL);
   FUZZ_CHECK (strchr (p->rest, '/') == NULL);
   FUZZ_CHECK (p->rest[0] != '\\');
   g_autofree char *on_server = mmfg_share_path_on_server ("C:\\srv", p->rest);
   FUZZ_CHECK (g_str_has_prefix (on_server, "C:\\srv"));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
   const char *text = (const char *) data;
   g_autoptr (GPtrArray) mounts = mmfg_mountinfo_parse (text, size);
   for (guint i = 0; i < mounts->len; i++) {
      const MmfgMount *m = g_ptr_array_index (mounts, i);
      FUZZ_CHECK (m->mount_point[0] == '/');
      FUZZ_CHECK (m->fs_type != NULL && m->source != NULL);
      MmfgFsReach reach;
      (void) mmfg_fs_type_reach (m->fs_type, NULL, &reach);
      // The mount point itself and a file below it are on this mount or a
      // later one over it.
      g_autofree char *below =
         g_strconcat (m->mount_point, "/PO/MMF/00000A02.MMF", NULL);
      const MmfgMount *found = mmfg_mounts_find (mounts, below);
      FUZZ_CHECK (found != NULL);
      MmfgSharePath p = {0};
      if (mmfg_share_path_of (NULL, m, below, below, &p))
         check_share_path (&p);
      mmfg_share_path_clear (&p);
   }
   // The input as one path, UNC or local.
   g_autofree char *path = g_strndup (text, size);
   MmfgSharePath p = {0};
   if (mmfg_share_path_parse_unc (path, &p))
      check_share_path (&p);
   mmfg_share_path_clear (&p);
   (void) mmfg_mounts_find (mounts, path);
   return 0;
}
