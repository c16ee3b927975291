// report-output.c — where a report goes (see report-output.h).

#include "report/report-output.h"

#include "display-text.h"
#include "host-error.h"
#include "report/output-file.h"
#include "run/report-lock.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif
#ifndef O_NOCTTY
#define O_NOCTTY 0
#endif

struct MhOutput {
   FILE *stream;
   char *shown;  // the path as given, displayable
   char *target; // the regular file renamed over at close, or NULL
   char *temp;   // the temporary file beside it, or NULL
   gboolean is_stdout;
   gboolean in_place;  // a regular file written where it is
   int write_errno;    // the first failed write, 0 for none
   MhReportLock *lock; // on the file `target` replaces (report-lock.h)
};

gboolean
mh_output_path_is_stdout (const char *path)
{
   return strcmp (path, "-") == 0 || strcmp (path, "/dev/stdout") == 0 ||
          strcmp (path, "/dev/fd/1") == 0 ||
          strcmp (path, "/proc/self/fd/1") == 0;
}

// The descriptor a /dev/fd/N, /proc/self/fd/N or /dev/stderr path names,
// or -1.
static int
descriptor_path (const char *path)
{
   if (strcmp (path, "/dev/stderr") == 0)
      return STDERR_FILENO;
   const char *number = NULL;
   if (g_str_has_prefix (path, "/dev/fd/"))
      number = path + strlen ("/dev/fd/");
   else if (g_str_has_prefix (path, "/proc/self/fd/"))
      number = path + strlen ("/proc/self/fd/");
   if (number == NULL || *number == '\0')
      return -1;
   guint64 fd = 0;
   if (!g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT, &fd, NULL))
      return -1;
   return (int) fd;
}

// "cannot WHAT FILE" as one sentence per action, so that a translation
// can order its words.
static char *
cannot (const char *what, const char *shown)
{
   if (strcmp (what, "write to") == 0)
      return g_strdup_printf (_ ("cannot write to %s"), shown);
   if (strcmp (what, "open") == 0)
      return g_strdup_printf (_ ("cannot open %s"), shown);
   if (strcmp (what, "create a file beside") == 0)
      return g_strdup_printf (_ ("cannot create a file beside %s"), shown);
   if (strcmp (what, "write") == 0)
      return g_strdup_printf (_ ("cannot write %s"), shown);
   if (strcmp (what, "follow the link") == 0)
      return g_strdup_printf (_ ("cannot follow the link %s"), shown);
   if (strcmp (what, "create") == 0)
      return g_strdup_printf (_ ("cannot create %s"), shown);
   return g_strdup_printf ("cannot %s %s", what, shown);
}

static void
set_error (GError **error, const char *option, const char *shown, int errsv,
           const char *what)
{
   g_autofree char *head = cannot (what, shown);
   g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_OUTPUT,
                _ ("%s: %s; choose a writable path with %s (- for "
                   "standard output)"),
                head, g_strerror (errsv), option);
}

static MhOutput *
output_new (FILE *stream, const char *path)
{
   MhOutput *o = g_new0 (MhOutput, 1);
   o->stream = stream;
   o->shown = mh_display_path (path);
   return o;
}

static MhOutput *
open_descriptor (int fd, const char *path, const char *option, GError **error)
{
   g_autofree char *shown = mh_display_path (path);
   int copy = mh_file_dup (fd);
   FILE *stream = copy >= 0 ? fdopen (copy, "w") : NULL;
   if (stream == NULL) {
      int saved = errno;
      if (copy >= 0)
         close (copy);
      set_error (error, option, shown, saved, "write to");
      return NULL;
   }
   return output_new (stream, path);
}

// Not a regular file: written as it is, never renamed over or truncated.
static MhOutput *
open_direct (const char *path, const char *option, GError **error)
{
   int fd = open (path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
   FILE *stream = fd >= 0 ? fdopen (fd, "w") : NULL;
   if (stream == NULL) {
      int saved = errno;
      if (fd >= 0)
         close (fd);
      g_autofree char *shown = mh_display_path (path);
      set_error (error, option, shown, saved, "open");
      return NULL;
   }
   return output_new (stream, path);
}

static MhOutput *
open_replacing (const char *path, const char *target, const char *option,
                GError **error)
{
   g_autofree char *shown = mh_display_path (path);
   struct stat st;
   gboolean exists = stat (target, &st) == 0;
   int mode = exists ? (int) (st.st_mode & 07777) : mh_file_new_mode ();
   // A report another run writes in place (migrate's) is never renamed
   // over: refused, naming that run (73: this output cannot be made).
   MhReportLock *lock = NULL;
   if (exists && S_ISREG (st.st_mode)) {
      lock = mh_report_lock_take (target, option, FALSE, error);
      if (lock == NULL && error != NULL && *error != NULL) {
         (*error)->code = MH_HOST_ERROR_OUTPUT;
         return NULL;
      }
   }
   g_autofree char *dir = g_path_get_dirname (target);
   g_autofree char *base = g_path_get_basename (target);
   g_autofree char *name = g_strconcat (".", base, ".XXXXXX", NULL);
   g_autofree char *temp = g_build_filename (dir, name, NULL);
   int fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0600);
   if (fd < 0) {
      int saved = errno;
      mh_report_lock_release (lock, FALSE);
      set_error (error, option, shown, saved, "create a file beside");
      return NULL;
   }
   FILE *stream = NULL;
   if (mh_file_set_mode (fd, mode) != 0 ||
       (stream = fdopen (fd, mh_file_write_mode ())) == NULL) {
      int saved = errno;
      close (fd);
      g_unlink (temp);
      mh_report_lock_release (lock, FALSE);
      set_error (error, option, shown, saved, "write");
      return NULL;
   }
   MhOutput *o = output_new (stream, path);
   o->lock = lock;
   o->target = g_strdup (target);
   o->temp = g_steal_pointer (&temp);
   return o;
}

MhOutput *
mh_output_open (const char *path, const char *option, GError **error)
{
   if (mh_output_path_is_stdout (path)) {
      fflush (stdout);
      MhOutput *o = output_new (stdout, "-");
      o->is_stdout = TRUE;
      return o;
   }
   int fd = descriptor_path (path);
   if (fd >= 0)
      return open_descriptor (fd, path, option, error);
   struct stat st;
   if (stat (path, &st) == 0 && !S_ISREG (st.st_mode)) {
      if (S_ISDIR (st.st_mode)) {
         g_autofree char *shown = mh_display_path (path);
         set_error (error, option, shown, EISDIR, "write");
         return NULL;
      }
      return open_direct (path, option, error);
   }
   g_autofree char *target = mh_file_final_target (path);
   if (target == NULL) {
      g_autofree char *shown = mh_display_path (path);
      set_error (error, option, shown, errno, "follow the link");
      return NULL;
   }
   return open_replacing (path, target, option, error);
}

static void
remember (MhOutput *o, int errsv)
{
   if (o->write_errno == 0)
      o->write_errno = errsv != 0 ? errsv : EIO;
}

MhOutput *
mh_output_open_in_place (const char *path, const char *option, gboolean append,
                         GError **error)
{
   if (mh_output_path_is_stdout (path) || descriptor_path (path) >= 0)
      return mh_output_open (path, option, error);
   struct stat st;
   if (stat (path, &st) == 0 && !S_ISREG (st.st_mode))
      return mh_output_open (path, option, error);
   g_autofree char *shown = mh_display_path (path);
   g_autofree char *target = mh_file_final_target (path);
   if (target == NULL) {
      set_error (error, option, shown, errno, "follow the link");
      return NULL;
   }
   FILE *stream = mh_file_open_in_place (target, append);
   if (stream == NULL) {
      set_error (error, option, shown, errno, "create");
      return NULL;
   }
   MhOutput *o = output_new (stream, path);
   o->in_place = TRUE;
   if (append && !mh_file_ends_with_newline (stream)) {
      // A line a killed run cut short stays a line of its own.
      fputc ('\n', stream);
      if (fflush (stream) != 0)
         remember (o, errno);
   }
   return o;
}

gboolean
mh_output_is_in_place_file (const MhOutput *o)
{
   return o->in_place;
}

gboolean
mh_output_write_at (MhOutput *o, gint64 offset, const char *text, gsize len)
{
   g_return_val_if_fail (o->in_place, FALSE);
   if (mh_file_write_at (o->stream, offset, text, len) == 0)
      return TRUE;
   remember (o, errno);
   return FALSE;
}

void
mh_output_sync (MhOutput *o)
{
   if (!o->in_place)
      return;
   if (fflush (o->stream) != 0 || mh_file_sync (fileno (o->stream)) != 0)
      remember (o, errno);
}

// ".NAME.XXXXXX": g_mkstemp's six characters are letters and digits.
static gboolean
is_leftover_of (const char *entry, const char *base)
{
   gsize n = strlen (base);
   if (entry[0] != '.' || strncmp (entry + 1, base, n) != 0 ||
       entry[1 + n] != '.' || strlen (entry + 2 + n) != 6)
      return FALSE;
   for (const char *c = entry + 2 + n; *c != '\0'; c++) {
      if (!g_ascii_isalnum (*c))
         return FALSE;
   }
   return TRUE;
}

void
mh_output_remove_leftovers (const char *path, GPtrArray *removed)
{
   if (mh_output_path_is_stdout (path) || descriptor_path (path) >= 0)
      return;
   g_autofree char *target = mh_file_final_target (path);
   if (target == NULL)
      return;
   g_autofree char *dir = g_path_get_dirname (target);
   g_autofree char *base = g_path_get_basename (target);
   g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
   const char *entry;
   while (d != NULL && (entry = g_dir_read_name (d)) != NULL) {
      if (!is_leftover_of (entry, base))
         continue;
      g_autofree char *leftover = g_build_filename (dir, entry, NULL);
      if (g_unlink (leftover) == 0)
         g_ptr_array_add (removed, g_steal_pointer (&leftover));
   }
}

FILE *
mh_output_stream (MhOutput *o)
{
   return o->stream;
}

gboolean
mh_output_is_stdout (const MhOutput *o)
{
   return o->is_stdout;
}

void
mh_output_flush (MhOutput *o)
{
   // A temporary file is read by nobody before it is renamed into place at
   // close: flushing it per record would only cost a write() per account.
   if (o->temp != NULL)
      return;
   if (fflush (o->stream) != 0)
      remember (o, errno);
}

// Flushes whatever the output is; remembers the first failure.
static void
flush_now (MhOutput *o)
{
   if (fflush (o->stream) != 0 && o->write_errno == 0)
      o->write_errno = errno != 0 ? errno : EIO;
}

static void
output_free (MhOutput *o)
{
   mh_report_lock_release (o->lock, FALSE); // after the rename, on POSIX
   g_free (o->shown);
   g_free (o->target);
   g_free (o->temp);
   g_free (o);
}

gboolean
mh_output_close (MhOutput *o, GError **error)
{
   if (o == NULL)
      return TRUE;
   flush_now (o);
   int failed = o->write_errno;
   if (o->is_stdout) {
      // stdout stays open for the rest of the run.
   } else {
      if ((o->temp != NULL || o->in_place) && failed == 0 &&
          mh_file_sync (fileno (o->stream)) != 0)
         failed = errno;
      if (fclose (o->stream) != 0 && failed == 0)
         failed = errno;
#ifdef G_OS_WIN32
      // Windows keeps the name of a file open elsewhere: no rename over it.
      mh_report_lock_release (o->lock, FALSE);
      o->lock = NULL;
#endif
      if (o->temp != NULL && failed == 0 && g_rename (o->temp, o->target) != 0)
         failed = errno;
      if (o->temp != NULL && failed != 0)
         g_unlink (o->temp);
      else if (o->temp != NULL)
         mh_file_sync_dir (o->target);
   }
   if (failed != 0)
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_OUTPUT_MIDWAY,
                   _ ("cannot write %s: %s; it is incomplete"), o->shown,
                   g_strerror (failed));
   output_free (o);
   return failed == 0;
}

void
mh_output_abandon (MhOutput *o)
{
   if (o == NULL)
      return;
   if (o->is_stdout)
      flush_now (o);
   else
      fclose (o->stream);
   if (o->temp != NULL)
      g_unlink (o->temp);
   output_free (o);
}
