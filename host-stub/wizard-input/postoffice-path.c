// postoffice-path.c — checking the --postoffice argument.

#include "wizard-input/postoffice-path.h"

#include "display-text.h"
#include "host-error.h"

#include <glib/gi18n-lib.h>

char *
mh_postoffice_path (const char *dir, GError **error)
{
   g_autofree char *shown = mh_display_path (dir);
   if (!g_utf8_validate (dir, -1, NULL)) {
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_USAGE,
         _ ("--postoffice %s: the path is not valid UTF-8, which "
            "plugins take; rename the folder or use a link with a UTF-8 "
            "name"),
         shown);
      return NULL;
   }
   if (!g_file_test (dir, G_FILE_TEST_IS_DIR)) {
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   _ ("--postoffice %s: %s; give the post office's MAILDATA "
                      "folder (the one holding GLB/ and MMF/)"),
                   shown,
                   g_file_test (dir, G_FILE_TEST_EXISTS)
                      ? _ ("not a folder")
                      : _ ("no such folder"));
      return NULL;
   }
   g_autofree char *absolute = g_canonicalize_filename (dir, NULL);
   g_autofree char *glb = g_build_filename (absolute, "GLB", NULL);
   g_autofree char *inner = g_build_filename (absolute, "MAILDATA", NULL);
   if (!g_file_test (glb, G_FILE_TEST_EXISTS) &&
       g_file_test (inner, G_FILE_TEST_IS_DIR)) {
      g_autofree char *shown_inner = mh_display_path (inner);
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_NOT_POSTOFFICE,
         _ ("--postoffice %s holds a MAILDATA folder but no GLB/; give "
            "the MAILDATA folder itself: --postoffice %s"),
         shown, shown_inner);
      return NULL;
   }
   // A folder inside MAILDATA (MMF/, GLB/, ...): its parent is the post
   // office.
   g_autofree char *parent = g_path_get_dirname (absolute);
   g_autofree char *parent_glb = g_build_filename (parent, "GLB", NULL);
   g_autofree char *parent_mmf = g_build_filename (parent, "MMF", NULL);
   if (!g_file_test (glb, G_FILE_TEST_EXISTS) &&
       g_file_test (parent_glb, G_FILE_TEST_IS_DIR) &&
       g_file_test (parent_mmf, G_FILE_TEST_IS_DIR)) {
      g_autofree char *shown_parent = mh_display_path (parent);
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_NOT_POSTOFFICE,
         _ ("--postoffice %s is a folder inside the post office; give "
            "the MAILDATA folder that holds it: --postoffice %s"),
         shown, shown_parent);
      return NULL;
   }
   return g_steal_pointer (&absolute);
}

gboolean
mh_postoffice_lacks_layout (const char *path)
{
   g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
   if (dir == NULL)
      return FALSE; // unreadable is not "not a post office": the plugin says
   const char *name;
   while ((name = g_dir_read_name (dir)) != NULL) {
      if (g_ascii_strcasecmp (name, "GLB") == 0 ||
          g_ascii_strcasecmp (name, "MMF") == 0)
         return FALSE;
   }
   return TRUE;
}

static gboolean
has_column (const MhUserList *list, const char *name)
{
   for (guint i = 0; list->header[i] != NULL; i++) {
      if (g_ascii_strcasecmp (list->header[i], name) == 0)
         return TRUE;
   }
   return FALSE;
}

// What a run needs from the list beyond its syntax.
static gboolean
check_usable (const MhUserList *list, GError **error)
{
   if (!has_column (list, "Hex-ID")) {
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                   _ ("%s has no Hex-ID column, so no account's MMF can be "
                      "found on the post office; add the column with each "
                      "mailbox's 8-hex-digit id from the admin tool's LISTUSER "
                      "output (see mig-host(1), FILES, users.csv)"),
                   list->shown_path);
      return FALSE;
   }
   if (list->entries->len == 0 && list->n_not_migrated == 0) {
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                   _ ("%s lists no accounts (only its header row); export the "
                      "list from the migration wizard again, with the accounts "
                      "to migrate"),
                   list->shown_path);
      return FALSE;
   }
   // Nothing to migrate is nothing vouched for: a run over no account must
   // not end in "all clear" or exit 0 as if every account might go.
   if (list->entries->len == 0) {
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s names no account to migrate: its %u row "
                                "has MigrateUser=N; set MigrateUser=Y for the "
                                "accounts to migrate, or export the list from "
                                "the migration wizard again",
                                "%s names no account to migrate: all its %u "
                                "rows have MigrateUser=N; set MigrateUser=Y "
                                "for the accounts to migrate, or export the "
                                "list from the migration wizard again",
                                list->n_not_migrated),
                   list->shown_path, list->n_not_migrated);
      return FALSE;
   }
   return TRUE;
}

gboolean
mh_postoffice_load (const char *dir, const char *users_csv,
                    const char *codepage, char **path, MhUserList **list,
                    GError **error)
{
   g_autofree char *checked = mh_postoffice_path (dir, error);
   if (checked == NULL)
      return FALSE;
   g_autoptr (MhUserList) loaded =
      mh_user_list_load (users_csv, codepage, error);
   if (loaded == NULL || !check_usable (loaded, error))
      return FALSE;
   // Not UTF-8 and no code page given: CP1252 is a guess that reads any
   // byte, so a list from a Central European or Cyrillic wizard comes out
   // garbled without a word. Say which code page was used, once.
   if (codepage == NULL && loaded->read_in_codepage)
      g_message ("%s is not UTF-8: read in Windows code page %s (the default); "
                 "if accented names look wrong, give the wizard's code page "
                 "with --users-encoding (eg CP1250 Central European, CP1251 "
                 "Cyrillic); --users-encoding %s silences this note",
                 loaded->shown_path, loaded->encoding, loaded->encoding);
   *path = g_steal_pointer (&checked);
   *list = g_steal_pointer (&loaded);
   return TRUE;
}
