// validate-fixture.c — see validate-fixture.h.

#include "validate/validate-fixture.h"

#include "file-tree.h"

#include <glib/gstdio.h>
#include <utime.h>

static const char *const folders[] = {
   "ATT", "CAL", "FOLDERS", "GLB", "GRP", "HLP", "INF", "INI", "KEY", "LOG",
   "MAI", "MBG", "MEM",     "MMF", "NME", "P1",  "TPL", "USR", "XTN"};

static const struct {
   const char *name;
   gsize size;
} glb_files[] = {
   {"MASTER.GLB", 176}, {"CONTROL.GLB", 8},  {"TID.GLB", 4},
   {"ACCESS.GLB", 586}, {"ACCESS2.GLB", 69}, {"ACCESS3.GLB", 512},
};

static gboolean
write_zeros (const char *path, gsize size, GError **error)
{
   g_autofree char *data = g_malloc0 (MAX (size, 1));
   return g_file_set_contents (path, data, (gssize) size, error);
}

gboolean
mh_validate_fixture_make (MhValidateFixture *f, GError **error)
{
   f->root = g_dir_make_tmp ("mig-validate-XXXXXX", error);
   if (f->root == NULL)
      return FALSE;
   f->maildata = g_build_filename (f->root, "MAILDATA", NULL);
   for (gsize i = 0; i < G_N_ELEMENTS (folders); i++) {
      g_autofree char *dir = g_build_filename (f->maildata, folders[i], NULL);
      g_mkdir_with_parents (dir, 0700);
   }
   for (gsize i = 0; i < G_N_ELEMENTS (glb_files); i++) {
      g_autofree char *path =
         g_build_filename (f->maildata, "GLB", glb_files[i].name, NULL);
      if (!write_zeros (path, glb_files[i].size, error))
         return FALSE;
   }
   f->mmf_present = g_build_filename (f->maildata, "MMF",
                                      MH_VALIDATE_HEX_PRESENT ".MMF", NULL);
   f->mmf_missing = g_build_filename (f->maildata, "MMF",
                                      MH_VALIDATE_HEX_MISSING ".MMF", NULL);
   // Not zero-filled throughout, and not starting with "MMMD" (a ringtone).
   char data[4096] = {0};
   for (gsize i = 0; i < 64; i++)
      data[i] = (char) (i * 7 + 1);
   if (!g_file_set_contents (f->mmf_present, data, sizeof data, error))
      return FALSE;
   // Two days old: not recently active.
   time_t old = time (NULL) - 2 * 24 * 3600;
   struct utimbuf times = {old, old};
   utime (f->mmf_present, &times);
   return TRUE;
}

void
mh_validate_fixture_clear (MhValidateFixture *f)
{
   if (f->root != NULL)
      mh_remove_tree (f->root);
   g_clear_pointer (&f->root, g_free);
   g_clear_pointer (&f->maildata, g_free);
   g_clear_pointer (&f->mmf_present, g_free);
   g_clear_pointer (&f->mmf_missing, g_free);
}
