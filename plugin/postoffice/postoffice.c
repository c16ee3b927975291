// postoffice.c — where an account's MMF is and what stands there, and whether
// the wizard would accept the post office at all. stat() and directory
// listings only (through GLib, so that the same code reads a Windows post
// office; file-facts-*.c holds what differs).

#include "postoffice.h"

#include "mig-plugin.h"

#include <errno.h>
#include <pthread.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "file-facts.h"
#include "lock-probe.h"
#include "thread-split.h"

gboolean
mmfg_hex_id_valid (const char *hex_id)
{
   if (hex_id == NULL)
      return FALSE;
   for (int i = 0; i < 8; i++)
      if (!g_ascii_isxdigit (hex_id[i]))
         return FALSE;
   return hex_id[8] == '\0';
}

// The entry of `dir` whose name equals `name` ignoring ASCII case, preferring
// an exact match. Returns a new string or NULL; errno set on failure.
static char *
find_case_insensitive (const char *dir, const char *name)
{
   g_autofree char *exact = g_build_filename (dir, name, NULL);
   GStatBuf st;
   if (g_lstat (exact, &st) == 0)
      return g_strdup (name);
   GDir *d = g_dir_open (dir, 0, NULL); // keeps opendir()'s errno
   if (d == NULL)
      return NULL;
   char *found = NULL;
   const char *e;
   while ((e = g_dir_read_name (d)) != NULL) {
      if (g_ascii_strcasecmp (e, name) == 0) {
         found = g_strdup (e);
         break;
      }
   }
   g_dir_close (d);
   if (found == NULL)
      errno = ENOENT;
   return found;
}

// ---------------------------------------------------------------------------
// Outside a batch: the MMF folder's listing, kept while the folder is
// unchanged.
//
// Each check outside a batch needs the listing (the file whatever its case,
// and any twin that differs only in case); migrate asks just before every
// copy, so listing afresh each time made a run quadratic (48 s for a re-run
// of 10,000 accounts). A folder whose entries change gets a new
// modification time, so a listing is used again while the folder's stamp
// is the one it was taken under. Rationale: a listing taken within
// LISTING_SETTLE_NS of the folder's last change is not kept — a change in
// the same tick of a coarse clock (a network file system's, FAT's two
// seconds) would not move the stamp.

enum { LISTING_SETTLE_S = 3 };

typedef struct {
   char *dir;
   MmfgFolderStamp stamp;
   GHashTable *names; // upper-case name -> GPtrArray of names on disk
   // FileKey* -> GPtrArray of the MMF names that are that file, for files
   // with more than one link; made at the first file that has more than
   // one (same_file_names), NULL until then.
   GHashTable *by_file;
} Listing;

static pthread_mutex_t listing_lock = PTHREAD_MUTEX_INITIALIZER;
static Listing *kept; // [listing_lock]
// The file server's listing of a network post office's MMF folder, kept
// the same way for checks outside a batch (mmfg_postoffice_find_shared_
// on_server). [listing_lock]
static MmfgMmfIndex *kept_server;
static MmfgFolderStamp kept_server_stamp;

static void
listing_free (Listing *l)
{
   if (l == NULL)
      return;
   g_free (l->dir);
   g_hash_table_unref (l->names);
   if (l->by_file != NULL)
      g_hash_table_unref (l->by_file);
   g_free (l);
}

void
mmfg_postoffice_forget_listings (void)
{
   pthread_mutex_lock (&listing_lock);
   g_clear_pointer (&kept, listing_free);
   g_clear_pointer (&kept_server, mmfg_mmf_index_free);
   pthread_mutex_unlock (&listing_lock);
}

// The names of `dir` that equal `name` ignoring case, from a listing kept
// or made now: a new array, or NULL with errno set when the folder cannot
// be listed.
static GPtrArray *
names_like (const char *dir, const char *name)
{
   MmfgFolderStamp stamp = {0};
   gboolean stamped = mmfg_folder_stamp (dir, &stamp);
   g_autofree char *upper = g_ascii_strup (name, -1);
   pthread_mutex_lock (&listing_lock);
   if (stamped && kept != NULL && strcmp (kept->dir, dir) == 0 &&
       memcmp (&kept->stamp, &stamp, sizeof stamp) == 0) {
      GPtrArray *names = g_hash_table_lookup (kept->names, upper);
      GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; names != NULL && i < names->len; i++)
         g_ptr_array_add (copy, g_strdup (names->pdata[i]));
      pthread_mutex_unlock (&listing_lock);
      return copy;
   }
   pthread_mutex_unlock (&listing_lock);

   GDir *d = g_dir_open (dir, 0, NULL); // keeps opendir()'s errno
   if (d == NULL)
      return NULL;
   Listing *l = g_new0 (Listing, 1);
   l->dir = g_strdup (dir);
   l->stamp = stamp;
   l->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) g_ptr_array_unref);
   const char *e;
   while ((e = g_dir_read_name (d)) != NULL) {
      char *key = g_ascii_strup (e, -1);
      GPtrArray *names = g_hash_table_lookup (l->names, key);
      if (names == NULL) {
         names = g_ptr_array_new_with_free_func (g_free);
         g_hash_table_insert (l->names, key, names);
      } else {
         g_free (key);
      }
      g_ptr_array_add (names, g_strdup (e));
   }
   g_dir_close (d);
   GPtrArray *names = g_hash_table_lookup (l->names, upper);
   GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);
   for (guint i = 0; names != NULL && i < names->len; i++)
      g_ptr_array_add (copy, g_strdup (names->pdata[i]));
   // Kept only when the folder had settled before it was listed.
   gint64 now_ns = g_get_real_time () * 1000;
   if (stamped && now_ns - stamp.mtime_ns >
                     LISTING_SETTLE_S * G_GINT64_CONSTANT (1000000000)) {
      pthread_mutex_lock (&listing_lock);
      listing_free (kept);
      kept = l;
      pthread_mutex_unlock (&listing_lock);
   } else {
      listing_free (l);
   }
   return copy;
}

// One listing of `dir` for `name`, ignoring ASCII case: *found the entry
// the wizard would open (the exact name when it is there, else the first
// that matches), *twin another entry that matches too (the wizard's choice
// is then a guess), each a new string or NULL. FALSE with errno set when
// the folder cannot be listed.
static gboolean
scan_for_name (const char *dir, const char *name, char **found, char **twin)
{
   *found = *twin = NULL;
   g_autoptr (GPtrArray) names = names_like (dir, name);
   if (names == NULL)
      return FALSE;
   for (guint i = 0; i < names->len && *twin == NULL; i++) {
      const char *e = names->pdata[i];
      if (*found == NULL) {
         *found = g_strdup (e);
      } else if (strcmp (e, name) == 0) {
         *twin = *found; // the exact name is the wizard's
         *found = g_strdup (e);
      } else {
         *twin = g_strdup (e);
      }
   }
   return TRUE;
}

// ---------------------------------------------------------------------------
// MMF names that are one file.
//
// Two MMF names that are one file (a hard link; a symbolic link that a
// file server follows, so that its clients see two regular files) would
// have the wizard migrate one user's mail into two mailboxes. Rationale:
// both accounts are blocked, not only the newer name: nothing tells whose
// mail it is (over SMB the link and its target look the same), and
// migrating either one would still leave the other account's migration
// to copy that mail again. A symbolic link seen as one keeps its own
// finding (mmf-symlink): its target's account alone is then migrated.

// A file as the system or the file server names it: (device, inode), or
// (0, the server's file id).
typedef struct {
   guint64 dev;
   guint64 id;
} FileKey;

static guint
file_key_hash (gconstpointer key)
{
   const FileKey *k = key;
   return g_int64_hash (&k->id) ^ g_int64_hash (&k->dev);
}

static gboolean
file_key_equal (gconstpointer a, gconstpointer b)
{
   const FileKey *x = a, *y = b;
   return x->dev == y->dev && x->id == y->id;
}

static GHashTable *
file_groups_new (void)
{
   return g_hash_table_new_full (file_key_hash, file_key_equal, g_free,
                                 (GDestroyNotify) g_ptr_array_unref);
}

// Adds `item` to the group of `key` in `groups` (file_groups_new).
static void
file_groups_add (GHashTable *groups, guint64 dev, guint64 id, gpointer item)
{
   FileKey key = {dev, id};
   GPtrArray *group = g_hash_table_lookup (groups, &key);
   if (group == NULL) {
      group = g_ptr_array_new ();
      g_hash_table_insert (groups, g_memdup2 (&key, sizeof key), group);
   }
   g_ptr_array_add (group, item);
}

// Whether `name` is an MMF's name, 8 hex digits and .MMF in any case: only
// another account's mail file makes a file shared, not a copy kept under
// another name.
static gboolean
is_mmf_name (const char *name)
{
   if (strlen (name) != 12 || g_ascii_strcasecmp (name + 8, ".MMF") != 0)
      return FALSE;
   for (int i = 0; i < 8; i++)
      if (!g_ascii_isxdigit (name[i]))
         return FALSE;
   return TRUE;
}

// How many other names a text names; a longer list ends "(+N)", the
// count of the rest (a value, the same in every language), so that a
// thousand names of one file make no text of a thousand each.
enum { SHARED_NAMED_MAX = 8 };

// Appends `path`, the `n`th other name (from 0), to the list `others`.
static void
append_other (GString *others, guint n, const char *path)
{
   if (n < SHARED_NAMED_MAX)
      g_string_append_printf (others, "%s%s", n ? ", " : "", path);
}

// The list of `n` other names, `others` taken.
static char *
others_end (GString *others, guint n)
{
   if (n > SHARED_NAMED_MAX)
      g_string_append_printf (others, " (+%u)", n - SHARED_NAMED_MAX);
   return g_string_free (others, FALSE);
}

// Marks every MmfgMmfFacts of every group of two or more in `groups`
// MMFG_MMF_SHARED, naming the others.
static void
mark_shared (GHashTable *groups)
{
   GHashTableIter iter;
   gpointer value;
   g_hash_table_iter_init (&iter, groups);
   while (g_hash_table_iter_next (&iter, NULL, &value)) {
      GPtrArray *group = value;
      for (guint i = 0; group->len > 1 && i < group->len; i++) {
         MmfgMmfFacts *facts = group->pdata[i];
         GString *others = g_string_new (NULL);
         guint n = 0;
         for (guint k = 0; k < group->len && n < SHARED_NAMED_MAX; k++)
            if (k != i)
               append_other (others, n++,
                             ((MmfgMmfFacts *) group->pdata[k])->path);
         facts->state = MMFG_MMF_SHARED;
         g_free (facts->shared_with);
         facts->shared_with = others_end (others, group->len - 1);
      }
   }
}

// Whether facts taken with stat() may be shared with another name: a
// regular file (usable or empty) with more than one link.
static gboolean
may_be_shared (const MmfgMmfFacts *facts)
{
   return (facts->state == MMFG_MMF_OK || facts->state == MMFG_MMF_EMPTY) &&
          facts->nlink > 1 && facts->ino != 0;
}

// The MMF names of `dir` other than `self` that are the file (dev, ino),
// joined by ", " as paths, or NULL. From the kept listing when it is the
// folder's now (the names' inodes read once per listing), else from a
// listing made now.
static char *
same_file_names (const char *dir, const char *self, guint64 dev, guint64 ino)
{
   MmfgFolderStamp stamp = {0};
   gboolean stamped = mmfg_folder_stamp (dir, &stamp);
   g_autoptr (GHashTable) fresh = NULL;
   pthread_mutex_lock (&listing_lock);
   GHashTable *by_file = NULL;
   if (stamped && kept != NULL && strcmp (kept->dir, dir) == 0 &&
       memcmp (&kept->stamp, &stamp, sizeof stamp) == 0) {
      if (kept->by_file == NULL) {
         kept->by_file = file_groups_new ();
         GHashTableIter iter;
         gpointer value;
         g_hash_table_iter_init (&iter, kept->names);
         while (g_hash_table_iter_next (&iter, NULL, &value)) {
            GPtrArray *names = value;
            for (guint i = 0; i < names->len; i++) {
               const char *name = names->pdata[i];
               g_autofree char *path = g_build_filename (dir, name, NULL);
               GStatBuf st;
               if (is_mmf_name (name) && g_lstat (path, &st) == 0 &&
                   S_ISREG (st.st_mode) && st.st_nlink > 1)
                  file_groups_add (kept->by_file, (guint64) st.st_dev,
                                   (guint64) st.st_ino, (gpointer) name);
            }
         }
      }
      by_file = kept->by_file;
   } else {
      pthread_mutex_unlock (&listing_lock);
      fresh = file_groups_new ();
      g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;
      while (d != NULL && (name = g_dir_read_name (d)) != NULL) {
         g_autofree char *path = g_build_filename (dir, name, NULL);
         GStatBuf st;
         if (is_mmf_name (name) && g_lstat (path, &st) == 0 &&
             S_ISREG (st.st_mode) && (guint64) st.st_ino == ino &&
             (guint64) st.st_dev == dev)
            file_groups_add (fresh, dev, ino, g_strdup (name));
      }
      pthread_mutex_lock (&listing_lock);
      by_file = fresh;
   }
   FileKey key = {dev, ino};
   GPtrArray *group = g_hash_table_lookup (by_file, &key);
   GString *others = g_string_new (NULL);
   guint n = 0;
   for (guint i = 0; group != NULL && i < group->len; i++) {
      const char *name = group->pdata[i];
      if (strcmp (name, self) == 0)
         continue;
      g_autofree char *path =
         n < SHARED_NAMED_MAX ? g_build_filename (dir, name, NULL) : NULL;
      append_other (others, n++, path);
   }
   if (fresh != NULL)
      for (guint i = 0; group != NULL && i < group->len; i++)
         g_free (group->pdata[i]);
   pthread_mutex_unlock (&listing_lock);
   if (n == 0) {
      g_string_free (others, TRUE);
      return NULL;
   }
   return others_end (others, n);
}

void
mmfg_postoffice_find_shared_local (MmfgMmfFacts *mmf)
{
   // Rationale: a file with one link has no other name, so the common
   // case costs nothing beyond the stat already taken.
   if (!may_be_shared (mmf))
      return;
   g_autofree char *dir = g_path_get_dirname (mmf->path);
   g_autofree char *self = g_path_get_basename (mmf->path);
   char *others =
      same_file_names (dir, self, (guint64) mmf->dev, (guint64) mmf->ino);
   if (others == NULL)
      return;
   mmf->state = MMFG_MMF_SHARED;
   g_free (mmf->shared_with);
   mmf->shared_with = others;
}

// ---------------------------------------------------------------------------
// The MMF folder listed once, for a batch.

struct MmfgMmfIndex {
   char *mmf_dir;
   gboolean from_server; // listed by the file server, not the file system
   // Upper-case file name -> MmfgMmfIndexEntry*.
   GHashTable *by_name;
};

static void
index_entry_free (MmfgMmfIndexEntry *e)
{
   g_free (e->facts.path);
   g_free (e->facts.other_path);
   g_free (e->facts.link_target);
   g_free (e->facts.shared_with);
   g_free (e);
}

void
mmfg_mmf_index_free (MmfgMmfIndex *index)
{
   if (index == NULL)
      return;
   g_free (index->mmf_dir);
   g_hash_table_unref (index->by_name);
   g_free (index);
}

static char *
mmf_dir_of (const char *postoffice, GError **error)
{
   g_autofree char *name = find_case_insensitive (postoffice, "MMF");
   if (name == NULL) {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                   "no MMF folder in the post office %s: %s", postoffice,
                   g_strerror (e));
      return NULL;
   }
   return g_build_filename (postoffice, name, NULL);
}

#define STATS_PER_THREAD 1024
#define MAX_STAT_THREADS 8

typedef struct {
   MmfgMmfIndexEntry **entries;
   guint first;
   guint count;
} StatSlice;

static gpointer
stat_slice (gpointer data)
{
   const StatSlice *slice = data;
   for (guint i = slice->first; i < slice->first + slice->count; i++)
      mmfg_file_facts_at (slice->entries[i]->facts.path,
                          &slice->entries[i]->facts);
   return NULL;
}

// What stands at each entry's path, asked by up to one thread per CPU.
// Rationale: at 10,000 MMFs one thread took ~17 ms in a fresh host process,
// longer than the lock snapshot it overlaps; a stat opens nothing, so any
// thread may ask.
static void
stat_entries (MmfgMmfIndexEntry **entries, guint n)
{
   guint n_threads =
      (guint) mmfg_thread_split (n, STATS_PER_THREAD, MAX_STAT_THREADS);
   guint per = (n + n_threads - 1) / n_threads;
   StatSlice slices[MAX_STAT_THREADS];
   GThread *threads[MAX_STAT_THREADS] = {NULL};
   for (guint t = 0; t < n_threads; t++) {
      guint first = MIN (t * per, n);
      slices[t] = (StatSlice){entries, first, MIN (per, n - first)};
      // The first slice is this thread's; a thread that cannot start
      // leaves its slice to this one too.
      if (t > 0)
         threads[t] =
            g_thread_try_new ("mmfg-stat", stat_slice, &slices[t], NULL);
   }
   stat_slice (&slices[0]);
   for (guint t = 1; t < n_threads; t++) {
      if (threads[t] != NULL)
         g_thread_join (threads[t]);
      else
         stat_slice (&slices[t]);
   }
}

// An index with no entries yet, for the folder `mmf_dir` (taken).
static MmfgMmfIndex *
index_new_empty (char *mmf_dir)
{
   MmfgMmfIndex *index = g_new0 (MmfgMmfIndex, 1);
   index->mmf_dir = mmf_dir;
   index->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) index_entry_free);
   return index;
}

// Every entry's path is the folder's with its name appended, the separator
// as g_build_filename chooses it (once, not per entry). Newly allocated.
static char *
entry_prefix (const char *mmf_dir)
{
   g_autofree char *one = g_build_filename (mmf_dir, "M", NULL);
   return g_strndup (one, strlen (one) - 1);
}

// Adds the entry `name` to `index`: the new entry, or NULL when a name
// that differs only in case is there already. Two such names are a
// finding of their own, naming both; which one the wizard would take
// cannot be told. The first of them is added to `twinned`.
static MmfgMmfIndexEntry *
index_add (MmfgMmfIndex *index, const char *prefix, const char *name,
           GPtrArray *twinned)
{
   char *key = g_ascii_strup (name, -1);
   MmfgMmfIndexEntry *old = g_hash_table_lookup (index->by_name, key);
   if (old != NULL) {
      if (old->facts.other_path == NULL) {
         old->facts.other_path = g_strconcat (prefix, name, NULL);
         g_ptr_array_add (twinned, old);
      }
      g_free (key);
      return NULL;
   }
   MmfgMmfIndexEntry *entry = g_new0 (MmfgMmfIndexEntry, 1);
   entry->facts.path = g_strconcat (prefix, name, NULL);
   g_hash_table_replace (index->by_name, key, entry);
   return entry;
}

static void
mark_twins (GPtrArray *twinned)
{
   for (guint i = 0; i < twinned->len; i++)
      ((MmfgMmfIndexEntry *) twinned->pdata[i])->facts.state =
         MMFG_MMF_AMBIGUOUS;
}

// The folder listed and every entry stat()ed through the file system.
static MmfgMmfIndex *
index_from_file_system (char *mmf_dir, GError **error)
{
   g_autoptr (GError) list_error = NULL;
   GDir *d = g_dir_open (mmf_dir, 0, &list_error);
   if (d == NULL) {
      g_set_error (error, G_FILE_ERROR, list_error->code, "cannot list %s: %s",
                   mmf_dir, list_error->message);
      g_free (mmf_dir);
      return NULL;
   }
   g_autofree char *prefix = entry_prefix (mmf_dir);
   MmfgMmfIndex *index = index_new_empty (mmf_dir);
   g_autoptr (GPtrArray) listed = g_ptr_array_new ();
   g_autoptr (GPtrArray) twinned = g_ptr_array_new ();
   const char *name;
   while ((name = g_dir_read_name (d)) != NULL) {
      if (name[0] == '.')
         continue;
      MmfgMmfIndexEntry *entry = index_add (index, prefix, name, twinned);
      if (entry != NULL)
         g_ptr_array_add (listed, entry);
   }
   g_dir_close (d);
   stat_entries ((MmfgMmfIndexEntry **) listed->pdata, listed->len);
   // Names that are one file, from the stats just taken: only files with
   // more than one link are grouped.
   g_autoptr (GHashTable) groups = file_groups_new ();
   gsize prefix_len = strlen (prefix);
   for (guint i = 0; i < listed->len; i++) {
      MmfgMmfIndexEntry *e = listed->pdata[i];
      if (may_be_shared (&e->facts) && is_mmf_name (e->facts.path + prefix_len))
         file_groups_add (groups, (guint64) e->facts.dev,
                          (guint64) e->facts.ino, &e->facts);
   }
   mark_shared (groups);
   // After the facts, which would otherwise overwrite it.
   mark_twins (twinned);
   return index;
}

// What the server's listing says of one entry, as mmfg_file_facts_at
// would say it of the same entry through the file system. dev and ino stay
// 0: on a network post office the lock state is looked up by path.
static void
facts_from_server (const MmfgServerEntry *e, MmfgMmfFacts *out)
{
   out->size = e->size;
   out->mtime = e->mtime;
   out->ctime = e->ctime;
   switch (e->type) {
   case MMFG_SERVER_ENTRY_LINK:
      // Where it points: one readlink through the file system, for links
      // only; the server's listing does not say.
      out->state = MMFG_MMF_SYMLINK;
      out->kind = "symbolic link";
      out->size = 0;
      out->link_target = g_file_read_link (out->path, NULL);
      if (out->link_target == NULL)
         out->link_target = g_strdup ("?");
      break;
   case MMFG_SERVER_ENTRY_DIRECTORY:
      out->state = MMFG_MMF_NOT_REGULAR;
      out->kind = "directory";
      break;
   case MMFG_SERVER_ENTRY_OTHER:
      out->state = MMFG_MMF_NOT_REGULAR;
      out->kind = "weird file";
      break;
   case MMFG_SERVER_ENTRY_FILE:
      out->state = e->size == 0 ? MMFG_MMF_EMPTY : MMFG_MMF_OK;
      break;
   }
}

static MmfgMmfIndex *
index_from_server (char *mmf_dir, const MmfgServerFolder *folder)
{
   g_autofree char *prefix = entry_prefix (mmf_dir);
   MmfgMmfIndex *index = index_new_empty (mmf_dir);
   g_autoptr (GPtrArray) twinned = g_ptr_array_new ();
   g_autoptr (GHashTable) groups = file_groups_new ();
   for (guint i = 0; i < folder->entries->len; i++) {
      const MmfgServerEntry *e = folder->entries->pdata[i];
      // The same names as the file system's listing: no hidden ones, and
      // none a local path could not name.
      if (e->name[0] == '.' || strchr (e->name, '/') != NULL)
         continue;
      MmfgMmfIndexEntry *entry = index_add (index, prefix, e->name, twinned);
      if (entry == NULL)
         continue;
      facts_from_server (e, &entry->facts);
      // Names that are one file by the server's file id; a server that
      // gives none (0) leaves every entry alone (doc/file-server.md).
      if (e->file_id != 0 && is_mmf_name (e->name) &&
          (entry->facts.state == MMFG_MMF_OK ||
           entry->facts.state == MMFG_MMF_EMPTY))
         file_groups_add (groups, 0, e->file_id, &entry->facts);
   }
   mark_shared (groups);
   mark_twins (twinned);
   index->from_server = TRUE;
   return index;
}

gboolean
mmfg_mmf_index_from_server (const MmfgMmfIndex *index)
{
   return index != NULL && index->from_server;
}

MmfgMmfIndex *
mmfg_mmf_index_new (const char *postoffice, GError **error)
{
   char *mmf_dir = mmf_dir_of (postoffice, error);
   return mmf_dir ? index_from_file_system (mmf_dir, error) : NULL;
}

MmfgMmfIndex *
mmfg_mmf_index_new_listed (const char *postoffice, const MmfgSettings *settings,
                           MmfgFileServers *servers, char **not_listed,
                           GError **error)
{
   *not_listed = NULL;
   char *mmf_dir = mmf_dir_of (postoffice, error);
   if (mmf_dir == NULL)
      return NULL;
   g_autofree char *folder_name = g_path_get_basename (mmf_dir);
   g_autoptr (MmfgServerFolder) folder = mmfg_lock_probe_list_folder (
      settings, servers, postoffice, folder_name, not_listed);
   // No listing from the server, for any reason: the file system's, as
   // without a server (never fewer entries because the server failed).
   if (folder == NULL)
      return index_from_file_system (mmf_dir, error);
   return index_from_server (mmf_dir, folder);
}

// Marks `mmf` shared when `index` says its name is.
static void
take_shared (const MmfgMmfIndex *index, const char *key, MmfgMmfFacts *mmf)
{
   const MmfgMmfIndexEntry *e = g_hash_table_lookup (index->by_name, key);
   if (e == NULL || e->facts.state != MMFG_MMF_SHARED)
      return;
   mmf->state = MMFG_MMF_SHARED;
   g_free (mmf->shared_with);
   mmf->shared_with = g_strdup (e->facts.shared_with);
}

void
mmfg_postoffice_find_shared_on_server (const char *postoffice,
                                       const MmfgSettings *settings,
                                       MmfgFileServers *servers,
                                       MmfgMmfFacts *mmf)
{
   if (mmf->state != MMFG_MMF_OK && mmf->state != MMFG_MMF_EMPTY)
      return;
   g_autofree char *dir = g_path_get_dirname (mmf->path);
   g_autofree char *base = g_path_get_basename (mmf->path);
   g_autofree char *key = g_ascii_strup (base, -1);
   MmfgFolderStamp stamp = {0};
   gboolean stamped = mmfg_folder_stamp (dir, &stamp);
   pthread_mutex_lock (&listing_lock);
   if (stamped && kept_server != NULL &&
       strcmp (kept_server->mmf_dir, dir) == 0 &&
       memcmp (&kept_server_stamp, &stamp, sizeof stamp) == 0) {
      take_shared (kept_server, key, mmf);
      pthread_mutex_unlock (&listing_lock);
      return;
   }
   pthread_mutex_unlock (&listing_lock);

   g_autofree char *not_listed = NULL;
   g_autofree char *folder_name = g_path_get_basename (dir);
   g_autoptr (MmfgServerFolder) folder = mmfg_lock_probe_list_folder (
      settings, servers, postoffice, folder_name, &not_listed);
   // No listing from the server: the network view stays as without one
   // (the lock probe says what it could not ask).
   if (folder == NULL)
      return;
   g_autoptr (MmfgMmfIndex) made = index_from_server (g_strdup (dir), folder);
   take_shared (made, key, mmf);
   // Kept only when the folder had settled before it was listed, as the
   // names above.
   gint64 now_ns = g_get_real_time () * 1000;
   if (stamped && now_ns - stamp.mtime_ns >
                     LISTING_SETTLE_S * G_GINT64_CONSTANT (1000000000)) {
      pthread_mutex_lock (&listing_lock);
      mmfg_mmf_index_free (kept_server);
      kept_server = g_steal_pointer (&made);
      kept_server_stamp = stamp;
      pthread_mutex_unlock (&listing_lock);
   }
}

gboolean
mmfg_mmf_index_peek_all (MmfgMmfIndex *index,
                         const struct MmfgLockSnapshot *snapshot,
                         GError **error)
{
   g_autoptr (GPtrArray) entries = g_ptr_array_new ();
   g_autoptr (GPtrArray) paths = g_ptr_array_new ();
   GHashTableIter iter;
   gpointer value;
   g_hash_table_iter_init (&iter, index->by_name);
   while (g_hash_table_iter_next (&iter, NULL, &value)) {
      MmfgMmfIndexEntry *e = value;
      // Opening a leased file, even in another process, starts a lease break:
      // such a file is in use anyway, and is left alone.
      if (e->facts.state != MMFG_MMF_OK ||
          (snapshot != NULL &&
           mmfg_lock_snapshot_open_disturbs (snapshot, e->facts.dev,
                                             e->facts.ino, e->facts.path)))
         continue;
      g_ptr_array_add (entries, e);
      g_ptr_array_add (paths, e->facts.path);
   }
   if (entries->len == 0)
      return TRUE;
   g_autofree MmfgPeek *peeks = g_new0 (MmfgPeek, entries->len);
   if (!mmfg_peek_files ((const char *const *) paths->pdata, paths->len, peeks,
                         error))
      return FALSE;
   for (guint i = 0; i < entries->len; i++) {
      MmfgMmfIndexEntry *e = g_ptr_array_index (entries, i);
      e->peek = peeks[i];
      e->peeked = TRUE;
   }
   return TRUE;
}

static void
copy_facts (const MmfgMmfFacts *from, MmfgMmfFacts *to)
{
   *to = *from;
   to->path = g_strdup (from->path);
   to->other_path = g_strdup (from->other_path);
   to->link_target = g_strdup (from->link_target);
   to->shared_with = g_strdup (from->shared_with);
}

void
mmfg_postoffice_resolve_mmf (const char *postoffice, const MmfgMmfIndex *index,
                             const char *hex_id, MmfgMmfFacts *out)
{
   memset (out, 0, sizeof *out);
   if (!mmfg_hex_id_valid (hex_id)) {
      out->state = MMFG_MMF_INVALID_ID;
      return;
   }
   g_autofree char *upper = g_ascii_strup (hex_id, -1);
   g_autofree char *name = g_strconcat (upper, ".MMF", NULL);

   if (index != NULL) {
      const MmfgMmfIndexEntry *e = g_hash_table_lookup (index->by_name, name);
      if (e != NULL) {
         copy_facts (&e->facts, out);
         if (e->peeked && out->state == MMFG_MMF_OK)
            mmfg_mmf_facts_apply_peek (out, &e->peek);
      } else {
         out->state = MMFG_MMF_MISSING;
         out->path = g_build_filename (index->mmf_dir, name, NULL);
      }
      return;
   }

   g_autoptr (GError) error = NULL;
   g_autofree char *mmf_dir = mmf_dir_of (postoffice, &error);
   if (mmf_dir == NULL) {
      out->state = MMFG_MMF_UNREADABLE;
      out->error_number = errno;
      out->path = g_build_filename (postoffice, "MMF", name, NULL);
      return;
   }
   // Rationale: one listing of the folder per check outside a batch (a
   // millisecond at 10,000 MMFs) finds the file whatever its case and any
   // twin that differs only in case, which makes the wizard's choice of
   // file a guess.
   g_autofree char *found = NULL, *twin = NULL;
   if (!scan_for_name (mmf_dir, name, &found, &twin)) {
      out->state = MMFG_MMF_UNREADABLE;
      out->error_number = errno;
      out->path = g_build_filename (mmf_dir, name, NULL);
      return;
   }
   out->path = g_build_filename (mmf_dir, found ? found : name, NULL);
   if (found == NULL) {
      out->state = MMFG_MMF_MISSING;
      out->error_number = ENOENT;
      return;
   }
   mmfg_file_facts_at (out->path, out);
   if (twin != NULL) {
      out->state = MMFG_MMF_AMBIGUOUS;
      out->other_path = g_build_filename (mmf_dir, twin, NULL);
   }
}

void
mmfg_mmf_facts_apply_peek (MmfgMmfFacts *facts, const MmfgPeek *peek)
{
   facts->tested_lock = peek->lock == MMFG_PEEK_LOCK_POSIX ? MIG_LOCK_POSIX
                        : peek->lock == MMFG_PEEK_LOCK_OFD ? MIG_LOCK_OFD
                                                           : 0;
   facts->tested_lock_pid = peek->lock_pid;
   switch (peek->result) {
   case MMFG_PEEK_MAIL:
      break;
   case MMFG_PEEK_SMAF:
      facts->state = MMFG_MMF_NOT_MAIL;
      break;
   case MMFG_PEEK_EMPTY:
      facts->state = MMFG_MMF_EMPTY;
      break;
   case MMFG_PEEK_NOT_REGULAR:
      facts->state = MMFG_MMF_NOT_REGULAR;
      facts->kind = "weird file";
      break;
   case MMFG_PEEK_FAILED:
      facts->state = MMFG_MMF_UNREADABLE;
      facts->error_number = peek->error_number;
      break;
   }
}

// ---------------------------------------------------------------------------
// The post office as a whole.

static const struct {
   const char *name;
   gint64 record_size;
} access_files[3] = {
   {"ACCESS.GLB", 586},
   {"ACCESS2.GLB", 69},
   {"ACCESS3.GLB", 512},
};

static void
check_access_files (const char *glb, MmfgPostofficeFacts *out)
{
   g_autoptr (GString) problem = g_string_new (NULL);
   for (int i = 0; i < 3; i++) {
      out->access_records[i] = -1;
      g_autofree char *name = find_case_insensitive (glb, access_files[i].name);
      g_autofree char *path =
         g_build_filename (glb, name ? name : access_files[i].name, NULL);
      GStatBuf st;
      // Facts only, "path: what", joined by "; ": the catalog says what
      // they mean in each language.
      if (name == NULL || g_stat (path, &st) != 0) {
         g_string_append_printf (problem, "%s%s: %s", problem->len ? "; " : "",
                                 path, g_strerror (errno));
         continue;
      }
      if (st.st_size % access_files[i].record_size != 0) {
         g_string_append_printf (
            problem,
            "%s%s: %" G_GINT64_FORMAT " B %% %" G_GINT64_FORMAT
            " B = %" G_GINT64_FORMAT " B",
            problem->len ? "; " : "", path, (gint64) st.st_size,
            access_files[i].record_size,
            (gint64) st.st_size % access_files[i].record_size);
         continue;
      }
      out->access_records[i] = st.st_size / access_files[i].record_size;
   }
   if (problem->len == 0 && (out->access_records[0] != out->access_records[1] ||
                             out->access_records[0] != out->access_records[2]))
      g_string_append_printf (problem,
                              "ACCESS.GLB %" G_GINT64_FORMAT
                              ", ACCESS2.GLB %" G_GINT64_FORMAT
                              ", ACCESS3.GLB %" G_GINT64_FORMAT,
                              out->access_records[0], out->access_records[1],
                              out->access_records[2]);
   out->access_ok = problem->len == 0;
   if (!out->access_ok)
      out->access_problem = g_strdup (g_strchomp (problem->str));
}

static void
check_writable (const char *glb, const MmfgLockSnapshot *snapshot,
                MmfgPostofficeFacts *out)
{
   out->writable_problem = mmfg_folder_write_problem (glb);

   g_autofree char *master = find_case_insensitive (glb, "MASTER.GLB");
   if (out->writable_problem == NULL && master != NULL && snapshot != NULL) {
      g_autofree char *path = g_build_filename (glb, master, NULL);
      GStatBuf st;
      if (g_stat (path, &st) == 0) {
         MmfgLockFacts locks = {0};
         mmfg_lock_snapshot_query (snapshot, st.st_dev, st.st_ino, path,
                                   &locks);
         MmfgFindings f = {.locks = locks};
         const MmfgHolder *h = mmfg_findings_client_holder (&f);
         // Who holds it, as values: server and SMB user for an open a file
         // server lists, else pid, program and machine.
         if (h != NULL && h->lock == MIG_LOCK_SERVER_OPEN)
            out->writable_problem = g_strdup_printf (
               "%s: \\\\%s, %s", path, h->server ? h->server : "",
               h->smb_user ? h->smb_user : "");
         else if (h != NULL)
            out->writable_problem = g_strdup_printf (
               "%s: %" G_GINT64_FORMAT " %s%s%s", path, h->pid,
               h->program ? h->program : "", h->client_machine ? ", " : "",
               h->client_machine ? h->client_machine : "");
         mmfg_findings_clear (&f);
      }
   }
   out->writable_ok = out->writable_problem == NULL;
}

void
mmfg_postoffice_check (const char *postoffice,
                       const struct MmfgLockSnapshot *snapshot,
                       MmfgPostofficeFacts *out)
{
   memset (out, 0, sizeof *out);
   out->access_ok = out->writable_ok = TRUE;
   GStatBuf st;
   if (g_stat (postoffice, &st) != 0 || !S_ISDIR (st.st_mode)) {
      out->layout_problem = g_strdup_printf (
         "%s: %s", postoffice, g_strerror (errno ? errno : ENOTDIR));
      return;
   }
   g_autofree char *glb_name = find_case_insensitive (postoffice, "GLB");
   g_autofree char *mmf_name = find_case_insensitive (postoffice, "MMF");
   if (glb_name == NULL || mmf_name == NULL) {
      g_autofree char *missing =
         g_build_filename (postoffice, glb_name == NULL ? "GLB" : "MMF", NULL);
      out->layout_problem =
         g_strdup_printf ("%s: %s", missing, g_strerror (ENOENT));
      return;
   }
   out->layout_ok = TRUE;
   g_autofree char *glb = g_build_filename (postoffice, glb_name, NULL);
   check_access_files (glb, out);
   check_writable (glb, snapshot, out);
}

void
mmfg_postoffice_facts_copy (MmfgPostofficeFacts *dst,
                            const MmfgPostofficeFacts *src)
{
   *dst = *src;
   dst->layout_problem = g_strdup (src->layout_problem);
   dst->access_problem = g_strdup (src->access_problem);
   dst->writable_problem = g_strdup (src->writable_problem);
}

void
mmfg_postoffice_facts_clear (MmfgPostofficeFacts *facts)
{
   g_clear_pointer (&facts->layout_problem, g_free);
   g_clear_pointer (&facts->access_problem, g_free);
   g_clear_pointer (&facts->writable_problem, g_free);
}
