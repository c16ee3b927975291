// postoffice-path.c — checking the --postoffice argument.

#include "wizard-input/postoffice-path.h"

#include "display-text.h"
#include "host-error.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

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

// `path` with every link and ".." resolved, also when its last components
// do not exist yet (an --out to be created): the deepest existing folder
// resolved, the rest appended. Newly allocated.
char *
mh_postoffice_resolve (const char *path)
{
   g_autofree char *absolute = g_canonicalize_filename (path, NULL);
   g_autofree char *rest = NULL;
   g_autofree char *head = g_strdup (absolute);
   for (;;) {
#ifdef G_OS_WIN32
      char *real = _fullpath (NULL, head, 0);
      if (real != NULL && !g_file_test (real, G_FILE_TEST_EXISTS))
         g_clear_pointer (&real, free);
#else
      char *real = realpath (head, NULL);
#endif
      if (real != NULL) {
         char *joined = rest != NULL ? g_build_filename (real, rest, NULL)
                                     : g_strdup (real);
         free (real);
         return joined;
      }
      g_autofree char *parent = g_path_get_dirname (head);
      if (strcmp (parent, head) == 0)
         return g_steal_pointer (&absolute);
      g_autofree char *base = g_path_get_basename (head);
      char *longer =
         rest != NULL ? g_build_filename (base, rest, NULL) : g_strdup (base);
      g_free (rest);
      rest = longer;
      g_free (head);
      head = g_steal_pointer (&parent);
   }
}

// Whether the file system under `dir` (existing, resolved) ignores case:
// the same folder is found under its name with the case of its letters
// swapped.
static gboolean
ignores_case (const char *dir)
{
   g_autofree char *swapped = g_strdup (dir);
   gboolean changed = FALSE;
   for (char *p = strrchr (swapped, G_DIR_SEPARATOR); p != NULL && *p; p++) {
      if (g_ascii_isalpha (*p)) {
         *p =
            g_ascii_isupper (*p) ? g_ascii_tolower (*p) : g_ascii_toupper (*p);
         changed = TRUE;
      }
   }
   GStatBuf a, b;
   return changed && g_stat (dir, &a) == 0 && g_stat (swapped, &b) == 0 &&
          a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// Whether `dest` (resolved) is the folder `po` (resolved) or lies in it by
// the folders' identity: a bind mount (or a second mount of one file
// system) shows the post office under another name that no comparison of
// names finds. *same is set when `dest` itself is the post office. Only
// where a folder's device and inode name it (on Windows they are 0).
static gboolean
inside_by_identity (const char *dest, const char *po, gboolean *same)
{
#ifdef G_OS_UNIX
   GStatBuf p;
   if (g_stat (po, &p) != 0)
      return FALSE;
   g_autofree char *dir = g_strdup (dest);
   gboolean first = TRUE;
   for (;;) {
      GStatBuf d;
      if (g_stat (dir, &d) == 0 && d.st_dev == p.st_dev &&
          d.st_ino == p.st_ino) {
         *same = first;
         return TRUE;
      }
      g_autofree char *parent = g_path_get_dirname (dir);
      if (strcmp (parent, dir) == 0)
         return FALSE;
      g_free (dir);
      dir = g_steal_pointer (&parent);
      first = FALSE;
   }
#else
   (void) dest;
   (void) po;
   (void) same;
   return FALSE;
#endif
}

gboolean
mh_postoffice_contains (const char *postoffice, const char *path,
                        gboolean *same)
{
   g_autofree char *po = mh_postoffice_resolve (postoffice);
   g_autofree char *dest = mh_postoffice_resolve (path);
   gboolean fold = ignores_case (po);
   size_t n = strlen (po);
   gboolean inside =
      (fold ? g_ascii_strncasecmp (dest, po, n) : strncmp (dest, po, n)) == 0 &&
      (dest[n] == '\0' || dest[n] == G_DIR_SEPARATOR ||
       (n > 0 && po[n - 1] == G_DIR_SEPARATOR));
   *same = inside && dest[n] == '\0';
   if (!inside)
      inside = inside_by_identity (dest, po, same);
   return inside;
}
