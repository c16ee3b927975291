// file-tree.c — removing a folder tree (see file-tree.h).

#include "file-tree.h"

#include <glib/gstdio.h>

void
mh_remove_tree (const char *path)
{
   g_chmod (path, 0700);
   g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
   const char *name;
   while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
          !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
         mh_remove_tree (child);
      else
         g_unlink (child);
   }
   g_rmdir (path);
}
