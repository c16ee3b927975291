// mmf-folder.c — the MMF folder listed once a pass (see mmf-folder.h).

#include "run/mmf-folder.h"

#include "display-text.h"
#include "host-error.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

struct MhMmfFolder {
   char *postoffice;
   char *dir;            // MAILDATA/MMF as named on disk, or NULL
   char *list_error;     // why it could not be listed, or NULL
   GHashTable *by_upper; // upper-case name -> GPtrArray of names on disk
   // "dev:ino" -> GPtrArray of the MMF names (in by_upper) of files with
   // more than one link; made at the first such file a pass copies, NULL
   // until then. [lock]
   GHashTable *by_file;
   GMutex lock;
};

// Whether `s` starts with 8 hex digits.
static gboolean
is_hex_id_prefix (const char *s)
{
   for (int i = 0; i < 8; i++) {
      if (!g_ascii_isxdigit (s[i]))
         return FALSE;
   }
   return TRUE;
}

static gboolean
is_hex_id (const char *hex_id)
{
   return hex_id != NULL && strlen (hex_id) == 8 && is_hex_id_prefix (hex_id);
}

// The entry of `dir` equal to `name` ignoring ASCII case, the exact name
// first; NULL when there is none.
static char *
entry_ignoring_case (const char *dir, const char *name)
{
   g_autofree char *exact = g_build_filename (dir, name, NULL);
   if (g_file_test (exact, G_FILE_TEST_IS_DIR))
      return g_steal_pointer (&exact);
   g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
   const char *entry;
   while (d != NULL && (entry = g_dir_read_name (d)) != NULL) {
      if (g_ascii_strcasecmp (entry, name) == 0)
         return g_build_filename (dir, entry, NULL);
   }
   return NULL;
}

static void
list (MhMmfFolder *f)
{
   g_clear_pointer (&f->by_file, g_hash_table_unref);
   g_hash_table_remove_all (f->by_upper);
   g_clear_pointer (&f->dir, g_free);
   g_clear_pointer (&f->list_error, g_free);
   f->dir = entry_ignoring_case (f->postoffice, "MMF");
   if (f->dir == NULL) {
      f->list_error = g_strdup ("it has no MMF folder");
      return;
   }
   g_autoptr (GError) error = NULL;
   g_autoptr (GDir) d = g_dir_open (f->dir, 0, &error);
   if (d == NULL) {
      f->list_error = g_strdup (error->message);
      return;
   }
   const char *name;
   while ((name = g_dir_read_name (d)) != NULL) {
      char *upper = g_ascii_strup (name, -1);
      GPtrArray *names = g_hash_table_lookup (f->by_upper, upper);
      if (names == NULL) {
         names = g_ptr_array_new_with_free_func (g_free);
         g_hash_table_insert (f->by_upper, upper, names);
      } else {
         g_free (upper);
      }
      g_ptr_array_add (names, g_strdup (name));
   }
}

MhMmfFolder *
mh_mmf_folder_new (const char *postoffice)
{
   MhMmfFolder *f = g_new0 (MhMmfFolder, 1);
   f->postoffice = g_strdup (postoffice);
   f->by_upper = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
   g_mutex_init (&f->lock);
   list (f);
   return f;
}

void
mh_mmf_folder_refresh (MhMmfFolder *folder)
{
   list (folder);
}

void
mh_mmf_folder_free (MhMmfFolder *folder)
{
   if (folder == NULL)
      return;
   g_clear_pointer (&folder->by_file, g_hash_table_unref);
   g_mutex_clear (&folder->lock);
   g_hash_table_unref (folder->by_upper);
   g_free (folder->postoffice);
   g_free (folder->dir);
   g_free (folder->list_error);
   g_free (folder);
}

char *
mh_mmf_folder_find (const MhMmfFolder *folder, const char *hex_id,
                    gboolean *ambiguous, GError **error)
{
   *ambiguous = FALSE;
   if (!is_hex_id (hex_id)) {
      g_autofree char *shown = mh_display_text (hex_id, -1, 0);
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
         _ ("Hex-ID \"%s\" is not 8 hex digits, so there is no MMF to "
            "copy; correct the user list from LISTUSER's output"),
         shown);
      return NULL;
   }
   g_autofree char *upper = g_ascii_strup (hex_id, -1);
   g_autofree char *name = g_strconcat (upper, ".MMF", NULL);
   g_autofree char *shown = mh_display_path (folder->postoffice);
   if (folder->list_error != NULL) {
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
                   _ ("cannot look for MMF/%s in %s: %s"), name, shown,
                   folder->list_error);
      return NULL;
   }
   GPtrArray *names = g_hash_table_lookup (folder->by_upper, name);
   if (names == NULL) {
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
         _ ("%s has no MMF/%s; the user's mail file is not on the post "
            "office (a local MMF is imported in Outlook instead)"),
         shown, name);
      return NULL;
   }
   if (names->len > 1) {
      *ambiguous = TRUE;
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_INPUT,
         _ ("%s has both MMF/%s and MMF/%s, names that differ only in "
            "case: which one is the user's cannot be told, so neither "
            "is copied; keep the right one and move the other away"),
         shown, (const char *) names->pdata[0], (const char *) names->pdata[1]);
      return NULL;
   }
   return g_build_filename (folder->dir, names->pdata[0], NULL);
}

// Whether `name` is an MMF's name: 8 hex digits and .MMF in any case.
static gboolean
is_mmf_name (const char *name)
{
   return strlen (name) == 12 && g_ascii_strcasecmp (name + 8, ".MMF") == 0 &&
          is_hex_id_prefix (name);
}

static char *
file_key (guint64 dev, guint64 ino)
{
   return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, dev,
                           ino);
}

// The folder's MMF names grouped by file, for files with more than one
// link: one lstat per name, once a pass. [lock]
static void
group_by_file (MhMmfFolder *f)
{
   f->by_file = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
   GHashTableIter iter;
   gpointer value;
   g_hash_table_iter_init (&iter, f->by_upper);
   while (g_hash_table_iter_next (&iter, NULL, &value)) {
      GPtrArray *names = value;
      for (guint i = 0; i < names->len; i++) {
         const char *name = names->pdata[i];
         g_autofree char *path = g_build_filename (f->dir, name, NULL);
         GStatBuf st;
         if (!is_mmf_name (name) || g_lstat (path, &st) != 0 ||
             !S_ISREG (st.st_mode) || st.st_nlink < 2)
            continue;
         char *key = file_key ((guint64) st.st_dev, (guint64) st.st_ino);
         GPtrArray *group = g_hash_table_lookup (f->by_file, key);
         if (group == NULL) {
            group = g_ptr_array_new ();
            g_hash_table_insert (f->by_file, key, group);
         } else {
            g_free (key);
         }
         g_ptr_array_add (group, (gpointer) name);
      }
   }
}

enum { SAME_FILE_NAMED_MAX = 8 };

static gboolean
group_has (const GPtrArray *group, const char *name)
{
   for (guint i = 0; group != NULL && i < group->len; i++)
      if (strcmp (group->pdata[i], name) == 0)
         return TRUE;
   return FALSE;
}

char *
mh_mmf_folder_same_file (MhMmfFolder *folder, const char *path)
{
   GStatBuf st;
   // A file with one link has no other name: the usual case costs the one
   // lstat. Windows gives no inode; an NTFS hard link is not seen there.
   if (folder->dir == NULL || path == NULL || g_lstat (path, &st) != 0 ||
       !S_ISREG (st.st_mode) || st.st_nlink < 2 || st.st_ino == 0)
      return NULL;
   g_autofree char *self = g_path_get_basename (path);
   g_autofree char *key = file_key ((guint64) st.st_dev, (guint64) st.st_ino);
   g_autoptr (GString) others = g_string_new (NULL);
   g_mutex_lock (&folder->lock);
   if (folder->by_file == NULL)
      group_by_file (folder);
   GPtrArray *group = g_hash_table_lookup (folder->by_file, key);
   // The file itself missing from its group: it got its second link after
   // the names were grouped (a link made during the pass); grouped again.
   if (!group_has (group, self)) {
      g_clear_pointer (&folder->by_file, g_hash_table_unref);
      group_by_file (folder);
      group = g_hash_table_lookup (folder->by_file, key);
   }
   // A few named; a thousand names of one file make no line of a thousand.
   guint n = 0;
   for (guint i = 0; group != NULL && i < group->len; i++) {
      const char *name = group->pdata[i];
      if (strcmp (name, self) == 0 || n++ >= SAME_FILE_NAMED_MAX)
         continue;
      g_autofree char *other = g_build_filename (folder->dir, name, NULL);
      g_autofree char *shown = mh_display_path (other);
      g_string_append_printf (others, "%s%s", others->len ? ", " : "", shown);
   }
   g_mutex_unlock (&folder->lock);
   if (n > SAME_FILE_NAMED_MAX)
      g_string_append_printf (others, _ (" and %u more"),
                              n - SAME_FILE_NAMED_MAX);
   return others->len ? g_string_free (g_steal_pointer (&others), FALSE) : NULL;
}
