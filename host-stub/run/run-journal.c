// run-journal.c — what a run has done to its output folder (see the
// header).

#include "run/run-journal.h"

#include "display-text.h"
#include "host-error.h"
#include "report/output-file.h"
#include "report/report-stream.h"
#include "run/crash-point.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <string.h>
#ifdef G_OS_WIN32
#include <io.h>
#include <process.h>
#define getpid _getpid
#else
#include <unistd.h>
#endif

#ifndef O_BINARY
#define O_BINARY 0
#endif
#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif

struct MhJournal {
   GMutex lock;
   char *out_dir;
   int fd;
   // file name → the "landed" (or "recovered") record of its last landing
   GHashTable *landed;
};

static void
json_set_source (json_t *o, const MhSourceState *s)
{
   json_object_set_new (
      o, "source",
      json_pack ("{s:I, s:I, s:I, s:I}", "size", (json_int_t) s->size,
                 "mtime_ns", (json_int_t) s->mtime_ns, "ctime_ns",
                 (json_int_t) s->ctime_ns, "ino", (json_int_t) s->ino));
}

static gboolean
source_of (json_t *record, MhSourceState *s)
{
   json_t *o = json_object_get (record, "source");
   if (!json_is_object (o))
      return FALSE;
   s->size = json_integer_value (json_object_get (o, "size"));
   s->mtime_ns = json_integer_value (json_object_get (o, "mtime_ns"));
   s->ctime_ns = json_integer_value (json_object_get (o, "ctime_ns"));
   s->ino = (guint64) json_integer_value (json_object_get (o, "ino"));
   return TRUE;
}

// Writes one record (a new reference taken) as one line, in one write: a
// SIGKILL finds it whole or not at all. Synced when `sync`: only a
// landing must be durable before its step (the rename); a lost "landed"
// line is found again from its landing and the copy's checksum.
static gboolean
append (MhJournal *j, const char *kind, json_t *record, gboolean sync,
        GError **error)
{
   g_autofree char *time = mh_report_time_now ();
   json_t *head = json_pack ("{s:s, s:s}", "record", kind, "time", time);
   json_object_update (head, record);
   json_decref (record);
   g_autofree char *text =
      json_dumps (head, JSON_COMPACT | JSON_PRESERVE_ORDER);
   json_decref (head);
   g_autofree char *line = g_strconcat (text != NULL ? text : "{}", "\n", NULL);
   gsize len = strlen (line);
   g_mutex_lock (&j->lock);
   mh_crash_point ();
   int failed = 0;
   for (gsize done = 0; done < len && failed == 0;) {
      gssize n = write (j->fd, line + done, (unsigned) (len - done));
      if (n < 0 && errno == EINTR)
         continue;
      if (n < 0)
         failed = errno;
      else
         done += (gsize) n;
   }
   if (failed == 0 && sync && mh_file_sync (j->fd) != 0)
      failed = errno;
   g_mutex_unlock (&j->lock);
   if (failed != 0)
      mh_out_error (error, j->out_dir, "write the journal", MH_JOURNAL_NAME,
                    failed);
   return failed == 0;
}

// The records of earlier runs: the last landing of each copy that landed,
// and those that were about to land (`pending`) when their run ended.
static void
read_history (MhJournal *j, const char *text, GHashTable *pending)
{
   g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
   for (guint i = 0; lines[i] != NULL; i++) {
      json_t *o = json_loads (lines[i], 0, NULL);
      const char *kind = json_string_value (json_object_get (o, "record"));
      const char *file = json_string_value (json_object_get (o, "file"));
      if (kind == NULL || file == NULL) {
         json_decref (o); // another record, or a line cut short
         continue;
      }
      if (strcmp (kind, "landing") == 0) {
         g_hash_table_replace (pending, g_strdup (file), o);
      } else if (strcmp (kind, "landed") == 0 ||
                 strcmp (kind, "recovered") == 0) {
         g_hash_table_remove (pending, file);
         g_hash_table_replace (j->landed, g_strdup (file), o);
      } else {
         json_decref (o);
      }
   }
}

// The copy named `file` in the folder holds the bytes `record` says.
static gboolean
copy_matches (MhJournal *j, const char *file, json_t *record)
{
   const char *sha256 = json_string_value (json_object_get (record, "sha256"));
   if (sha256 == NULL)
      return FALSE;
   g_autofree char *path = g_build_filename (j->out_dir, file, NULL);
   g_autofree char *now = mh_file_sha256 (path, NULL);
   return now != NULL && strcmp (now, sha256) == 0;
}

// A landing an interrupted run did not see through: landed (the rename
// happened) when the copy holds its bytes.
static gboolean
recover (MhJournal *j, GHashTable *pending, GError **error)
{
   GHashTableIter iter;
   gpointer key, value;
   g_hash_table_iter_init (&iter, pending);
   while (g_hash_table_iter_next (&iter, &key, &value)) {
      if (!copy_matches (j, key, value))
         continue; // never renamed in: its temporary file goes below
      json_t *record = json_deep_copy (value);
      json_object_del (record, "record");
      json_object_del (record, "time");
      if (!append (j, "recovered", json_incref (record), FALSE, error)) {
         json_decref (record);
         return FALSE;
      }
      g_hash_table_replace (j->landed, g_strdup (key), record);
   }
   return TRUE;
}

// ".00000A01.MMF.Xy12Ab": a copy before its rename (mmf-copy-*.c).
static gboolean
is_partial_copy (const char *name)
{
   gsize len = strlen (name);
   if (len < 1 + 8 + 4 + 1 + 6 || len > 1 + 8 + 4 + 1 + 8 || name[0] != '.')
      return FALSE;
   for (int i = 1; i <= 8; i++) {
      if (!g_ascii_isxdigit (name[i]))
         return FALSE;
   }
   if (g_ascii_strncasecmp (name + 9, ".MMF.", 5) != 0)
      return FALSE;
   for (const char *c = name + 14; *c != '\0'; c++) {
      if (!g_ascii_isalnum (*c))
         return FALSE;
   }
   return TRUE;
}

static gboolean
remove_partial_copies (MhJournal *j, GPtrArray *removed, GError **error)
{
   g_autoptr (GDir) dir = g_dir_open (j->out_dir, 0, NULL);
   const char *name;
   while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
      if (!is_partial_copy (name))
         continue;
      g_autofree char *path = g_build_filename (j->out_dir, name, NULL);
      if (g_unlink (path) != 0)
         continue;
      if (!append (j, "removed",
                   json_pack ("{s:s, s:s}", "file", name, "why",
                              "a partial copy an interrupted run left"),
                   FALSE, error))
         return FALSE;
      g_ptr_array_add (removed, g_steal_pointer (&path));
   }
   return TRUE;
}

static void
journal_free (MhJournal *j)
{
   if (j->fd >= 0)
      close (j->fd);
   g_hash_table_unref (j->landed);
   g_mutex_clear (&j->lock);
   g_free (j->out_dir);
   g_free (j);
}

MhJournal *
mh_journal_open (const char *out_dir, const char *started, GPtrArray *removed,
                 GError **error)
{
   g_autofree char *path = g_build_filename (out_dir, MH_JOURNAL_NAME, NULL);
   g_autofree char *text = NULL;
   gsize len = 0;
   if (!g_file_get_contents (path, &text, &len, NULL))
      g_clear_pointer (&text, g_free);
   MhJournal *j = g_new0 (MhJournal, 1);
   g_mutex_init (&j->lock);
   j->out_dir = g_strdup (out_dir);
   j->landed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) json_decref);
   j->fd =
      g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_BINARY | O_CLOEXEC, 0644);
   if (j->fd < 0) {
      mh_out_error (error, out_dir, "create the journal", MH_JOURNAL_NAME,
                    errno);
      journal_free (j);
      return NULL;
   }
   g_autoptr (GHashTable) pending = g_hash_table_new_full (
      g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_decref);
   if (text != NULL)
      read_history (j, text, pending);
   gboolean cut_short = len > 0 && text[len - 1] != '\n';
   if ((cut_short && write (j->fd, "\n", 1) != 1) ||
       !append (j, "run-start",
                json_pack ("{s:s, s:I, s:s}", "started", started, "pid",
                           (json_int_t) getpid (), "host", g_get_host_name ()),
                FALSE, error) ||
       !recover (j, pending, error) ||
       !remove_partial_copies (j, removed, error)) {
      if (error != NULL && *error == NULL)
         mh_out_error (error, out_dir, "write the journal", MH_JOURNAL_NAME,
                       errno);
      if (error != NULL && *error != NULL)
         (*error)->code = MH_HOST_ERROR_OUTPUT; // nothing done yet
      journal_free (j);
      return NULL;
   }
   return j;
}

gboolean
mh_journal_copy_current (MhJournal *j, const char *dest,
                         const MhSourceState *source)
{
   g_mutex_lock (&j->lock);
   json_t *record = g_hash_table_lookup (j->landed, dest);
   json_incref (record);
   g_mutex_unlock (&j->lock);
   if (record == NULL)
      return FALSE;
   MhSourceState then;
   gboolean current = source_of (record, &then) &&
                      mh_source_state_equal (&then, source) &&
                      copy_matches (j, dest, record);
   json_decref (record);
   return current;
}

static json_t *
landing_json (const MhJournalAccount *a, const MhLanding *l)
{
   g_autofree char *user = g_utf8_make_valid (a->user, -1);
   json_t *o = json_pack ("{s:s, s:s, s:s, s:I, s:s}", "user", user, "file",
                          l->dest, "temp", l->temp, "bytes",
                          (json_int_t) l->bytes, "sha256", l->sha256);
   json_set_source (o, &l->source);
   return o;
}

static gboolean
before_rename (const MhLanding *l, gpointer data, GError **error)
{
   const MhJournalAccount *a = data;
   return append (a->journal, "landing", landing_json (a, l), TRUE, error);
}

static gboolean
after_rename (const MhLanding *l, gpointer data, GError **error)
{
   const MhJournalAccount *a = data;
   json_t *record = landing_json (a, l);
   if (!append (a->journal, "landed", json_incref (record), FALSE, error)) {
      json_decref (record);
      return FALSE;
   }
   g_mutex_lock (&a->journal->lock);
   g_hash_table_replace (a->journal->landed, g_strdup (l->dest), record);
   g_mutex_unlock (&a->journal->lock);
   return TRUE;
}

void
mh_journal_hooks (MhJournalAccount *account, MhLandingHooks *hooks)
{
   hooks->before_rename = before_rename;
   hooks->after_rename = after_rename;
   hooks->data = account;
}

gboolean
mh_journal_close (MhJournal *j, gboolean complete, const char *stopped_by,
                  GError **error)
{
   if (j == NULL)
      return TRUE;
   gboolean ok = append (
      j, "run-end",
      json_pack ("{s:b, s:o}", "complete", complete, "stopped_by",
                 stopped_by != NULL ? json_string (stopped_by) : json_null ()),
      TRUE, error);
   journal_free (j);
   return ok;
}
