// event-log-reader-evt.c — .evt (libevt) and .evtx (libevtx) files read
// into records (see event-log-reader-evt.h). Built with the libraries when
// meson finds them (MIG_HAVE_LIBEVT, MIG_HAVE_LIBEVTX); otherwise the reader
// says so.

#include "wizard-input/event-log-reader-evt.h"

#include "display-text.h"
#include "host-error.h"

#include <glib/gi18n-lib.h>

#ifdef MIG_HAVE_LIBEVT
#include <libevt.h>
#endif
#ifdef MIG_HAVE_LIBEVTX
#include <libevtx.h>
#endif

#ifdef MIG_HAVE_LIBEVT
// How many records an .evt file says it holds, from its header — or, when
// the header is marked dirty (the log was open when copied), from its
// end-of-file record, which Windows keeps current. *cut is TRUE when the
// file ends before its end-of-file record does. The layout is the one
// libyal's documentation of the format gives: header fields as 32-bit
// little-endian values, the end-of-file record 40 bytes with four marker
// words (0x11111111 ... 0x44444444) after its size.
static gboolean
evt_declared_records (const char *data, gsize len, guint *declared,
                      gboolean *cut)
{
   enum { HEADER = 48, EOF_RECORD = 40, DIRTY = 0x1 };
   if (len < HEADER)
      return FALSE;
   const guchar *d = (const guchar *) data;
#define LE32(at)                                                               \
   ((guint32) d[(at)] | (guint32) d[(at) + 1] << 8 |                           \
    (guint32) d[(at) + 2] << 16 | (guint32) d[(at) + 3] << 24)
   guint32 eof_at = LE32 (20), next = LE32 (24), oldest = LE32 (28);
   guint32 flags = LE32 (36);
   *cut = (guint64) eof_at + EOF_RECORD > len;
   if (!*cut && LE32 (eof_at + 4) == 0x11111111u &&
       LE32 (eof_at + 16) == 0x44444444u && (flags & DIRTY)) {
      next = LE32 (eof_at + 28);
      oldest = LE32 (eof_at + 32);
   }
#undef LE32
   *declared = next >= oldest ? next - oldest : 0;
   return TRUE;
}
#endif

#if defined(MIG_HAVE_LIBEVT) || defined(MIG_HAVE_LIBEVTX)
// A library's error text, for a GError.
#define LIB_ERROR_TEXT(lib, err, buffer)                                       \
   do {                                                                        \
      (buffer)[0] = '\0';                                                      \
      if ((err) != NULL) {                                                     \
         lib##_error_sprint ((err), (buffer), sizeof (buffer));                \
         lib##_error_free (&(err));                                            \
      }                                                                        \
   } while (0)

static void
set_read_error (GError **error, const char *path, const char *what,
                const char *detail)
{
   g_autofree char *shown = mh_display_path (path);
   g_autofree char *why = mh_display_text (detail, -1, MH_DISPLAY_ONE_LINE);
   g_set_error (
      error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
      _ ("cannot read %s as %s: %s; export the log again (Event Viewer: "
         "Save All Events As, or wevtutil qe Application /f:xml)"),
      shown, what, why);
}

// (event ids of classic sources carry severity bits above the low 16)
static uint32_t
plain_id (uint32_t id)
{
   return id & 0xFFFFu;
}
#endif

#if !defined(MIG_HAVE_LIBEVT) || !defined(MIG_HAVE_LIBEVTX)
static void
set_unbuilt_error (GError **error, const char *path, const char *what,
                   const char *library)
{
   g_autofree char *shown = mh_display_path (path);
   g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                _ ("%s is %s, and this mig-host was built without %s; give the "
                   "log as wevtutil XML or an Event Viewer CSV or text export"),
                shown, what, library);
}
#endif

#ifdef MIG_HAVE_LIBEVT

static char *
evt_source (libevt_record_t *r)
{
   size_t size = 0;
   if (libevt_record_get_utf8_source_name_size (r, &size, NULL) != 1 ||
       size == 0)
      return g_strdup ("");
   char *s = g_malloc0 (size);
   if (libevt_record_get_utf8_source_name (r, (uint8_t *) s, size, NULL) != 1)
      s[0] = '\0';
   return s;
}

static GStrv
evt_strings (libevt_record_t *r)
{
   int n = 0;
   if (libevt_record_get_number_of_strings (r, &n, NULL) != 1 || n < 0)
      n = 0;
   GStrv out = g_new0 (char *, (gsize) n + 1);
   for (int i = 0; i < n; i++) {
      size_t size = 0;
      if (libevt_record_get_utf8_string_size (r, i, &size, NULL) != 1 ||
          size == 0) {
         out[i] = g_strdup ("");
         continue;
      }
      out[i] = g_malloc0 (size);
      if (libevt_record_get_utf8_string (r, i, (uint8_t *) out[i], size,
                                         NULL) != 1)
         out[i][0] = '\0';
   }
   return out;
}

gboolean
mh_event_log_read_evt (const char *path, const char *data, gsize len,
                       GPtrArray *records, MhLogDamage *damage, GError **error)
{
   libevt_file_t *file = NULL;
   libevt_error_t *err = NULL;
   char text[512];
   if (libevt_file_initialize (&file, &err) != 1 ||
       libevt_file_open (file, path, LIBEVT_OPEN_READ, &err) != 1) {
      LIB_ERROR_TEXT (libevt, err, text);
      libevt_file_free (&file, NULL);
      set_read_error (error, path, _ ("an .evt event log"), text);
      return FALSE;
   }
   int n = 0;
   guint unreadable = 0;
   libevt_file_get_number_of_records (file, &n, NULL);
   for (int i = 0; i < n; i++) {
      libevt_record_t *r = NULL;
      if (libevt_file_get_record_by_index (file, i, &r, NULL) != 1) {
         unreadable++;
         continue;
      }
      MhLogRecord *rec = g_new0 (MhLogRecord, 1);
      uint32_t id = 0, written = 0;
      libevt_record_get_event_identifier (r, &id, NULL);
      libevt_record_get_written_time (r, &written, NULL);
      rec->id = plain_id (id);
      rec->time = written;
      rec->source = evt_source (r);
      rec->inserts = evt_strings (r);
      rec->position = records->len + 1;
      g_ptr_array_add (records, rec);
      libevt_record_free (&r, NULL);
   }
   if (libevt_file_is_corrupted (file, NULL) == 1)
      mh_log_damage_note (damage, 0, TRUE, "libevt finds it corrupted");
   libevt_file_close (file, NULL);
   libevt_file_free (&file, NULL);
   if (unreadable > 0)
      mh_log_damage_note (damage, unreadable, FALSE,
                          "%u of its records cannot be read", unreadable);
   guint declared = 0;
   gboolean cut = FALSE;
   guint read = (guint) n - unreadable;
   if (evt_declared_records (data, len, &declared, &cut)) {
      if (declared > (guint) n)
         mh_log_damage_note (damage, declared - (guint) n, FALSE,
                             "it declares %u records, %u are in the file",
                             declared, (guint) n);
      if (cut)
         mh_log_damage_note (damage, 0, FALSE,
                             "it is cut off before its end-of-file record "
                             "(%u records read)",
                             read);
   }
   return TRUE;
}

#else

gboolean
mh_event_log_read_evt (const char *path, const char *data, gsize len,
                       GPtrArray *records, MhLogDamage *damage, GError **error)
{
   (void) data;
   (void) len;
   (void) records;
   (void) damage;
   set_unbuilt_error (error, path, _ ("an .evt event log"), "libevt");
   return FALSE;
}

#endif

#ifdef MIG_HAVE_LIBEVTX

static char *
evtx_source (libevtx_record_t *r)
{
   size_t size = 0;
   if (libevtx_record_get_utf8_source_name_size (r, &size, NULL) == 1 &&
       size > 1) {
      char *s = g_malloc0 (size);
      if (libevtx_record_get_utf8_source_name (r, (uint8_t *) s, size, NULL) ==
          1)
         return s;
      g_free (s);
   }
   if (libevtx_record_get_utf8_provider_identifier_size (r, &size, NULL) == 1 &&
       size > 1) {
      char *s = g_malloc0 (size);
      if (libevtx_record_get_utf8_provider_identifier (r, (uint8_t *) s, size,
                                                       NULL) == 1)
         return s;
      g_free (s);
   }
   return g_strdup ("");
}

static GStrv
evtx_strings (libevtx_record_t *r)
{
   int n = 0;
   if (libevtx_record_get_number_of_strings (r, &n, NULL) != 1 || n < 0)
      n = 0;
   GStrv out = g_new0 (char *, (gsize) n + 1);
   for (int i = 0; i < n; i++) {
      size_t size = 0;
      if (libevtx_record_get_utf8_string_size (r, i, &size, NULL) != 1 ||
          size == 0) {
         out[i] = g_strdup ("");
         continue;
      }
      out[i] = g_malloc0 (size);
      if (libevtx_record_get_utf8_string (r, i, (uint8_t *) out[i], size,
                                          NULL) != 1)
         out[i][0] = '\0';
   }
   return out;
}

// FILETIME (100 ns since 1601) to Unix seconds.
static int64_t
filetime_to_unix (uint64_t filetime)
{
   if (filetime == 0)
      return 0;
   return (int64_t) (filetime / 10000000u) - INT64_C (11644473600);
}

gboolean
mh_event_log_read_evtx (const char *path, GPtrArray *records,
                        MhLogDamage *damage, GError **error)
{
   libevtx_file_t *file = NULL;
   libevtx_error_t *err = NULL;
   char text[512];
   if (libevtx_file_initialize (&file, &err) != 1 ||
       libevtx_file_open (file, path, LIBEVTX_OPEN_READ, &err) != 1) {
      LIB_ERROR_TEXT (libevtx, err, text);
      libevtx_file_free (&file, NULL);
      set_read_error (error, path, _ ("an .evtx event log"), text);
      return FALSE;
   }
   int n = 0;
   guint unreadable = 0;
   libevtx_file_get_number_of_records (file, &n, NULL);
   for (int i = 0; i < n; i++) {
      libevtx_record_t *r = NULL;
      if (libevtx_file_get_record_by_index (file, i, &r, NULL) != 1) {
         unreadable++;
         continue;
      }
      MhLogRecord *rec = g_new0 (MhLogRecord, 1);
      uint32_t id = 0;
      uint64_t written = 0;
      libevtx_record_get_event_identifier (r, &id, NULL);
      libevtx_record_get_written_time (r, &written, NULL);
      rec->id = plain_id (id);
      rec->time = filetime_to_unix (written);
      rec->source = evtx_source (r);
      rec->inserts = evtx_strings (r);
      rec->position = records->len + 1;
      g_ptr_array_add (records, rec);
      libevtx_record_free (&r, NULL);
   }
   // A cut or damaged chunk: libevtx reads the chunks it can and flags the
   // file; how many records the rest held, the file does not say.
   if (libevtx_file_is_corrupted (file, NULL) == 1)
      mh_log_damage_note (damage, 0, TRUE,
                          "libevtx finds it corrupted (cut off, or a damaged "
                          "chunk): %u records read",
                          (guint) n - unreadable);
   libevtx_file_close (file, NULL);
   libevtx_file_free (&file, NULL);
   if (unreadable > 0)
      mh_log_damage_note (damage, unreadable, FALSE,
                          "%u of its records cannot be read", unreadable);
   return TRUE;
}

#else

gboolean
mh_event_log_read_evtx (const char *path, GPtrArray *records,
                        MhLogDamage *damage, GError **error)
{
   (void) records;
   (void) damage;
   set_unbuilt_error (error, path, _ ("an .evtx event log"), "libevtx");
   return FALSE;
}

#endif
