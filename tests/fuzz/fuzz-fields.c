// fuzz-fields.c — rendering an entry with hostile field values (fields.h
// mmfg_fields_render, mmfg_sanitise). User names, full names, paths and SMB
// machine names reach the operator's terminal through these two functions;
// whatever bytes they hold, the text must carry no control characters or
// escape sequences, never be read as a format, and fit the host's buffer.
//
// Input: one byte of options (bit 0: keep newlines; the rest: a buffer size
// from 0 to 127), then NUL-separated parts: the subject, the body, and
// values for the fields below, in order.

#include "fuzz-target.h"

#include <glib.h>
#include <string.h>

#include "fields.h"

// The fields the built-in catalog uses most, so that seeds made from real
// entries fill real placeholders.
static const char *const field_names[] = {
   "USER",           "MMF_PATH",        "HOLDER_PID", "HOLDER_CLIENT",
   "HOLDER_PROGRAM", "HOLDER_SMB_USER", "FULL_NAME",  "INSERTS",
   "POSTOFFICE",     "HOST_PATH",
};

// No C0 control (but newline and tab when kept), no DEL, no C1 control and
// so no ESC or CSI in any form; valid UTF-8.
static void
check_clean (const char *s, gboolean keep_newlines)
{
   FUZZ_CHECK (g_utf8_validate (s, -1, NULL));
   for (const guchar *p = (const guchar *) s; *p; p++) {
      gboolean allowed_ws = keep_newlines && (*p == '\n' || *p == '\t');
      FUZZ_CHECK (*p >= 0x20 || allowed_ws);
      FUZZ_CHECK (*p != 0x7f);
      FUZZ_CHECK (!(p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f));
   }
}

static void
check_render (const MmfgCatalogEntry *entry, const MmfgFields *fields,
              gsize size)
{
   gsize need = mmfg_fields_render (entry, fields, NULL, 0);
   g_autofree char *whole = g_malloc (need + 1);
   FUZZ_CHECK (mmfg_fields_render (entry, fields, whole, need + 1) == need);
   FUZZ_CHECK (strlen (whole) == need);
   // Subject and body are valid UTF-8 here, so the whole text must be, and
   // any text cut to a small buffer too (cut at a character boundary).
   FUZZ_CHECK (g_utf8_validate (whole, -1, NULL));

   // Exactly `size` bytes, with guards either side.
   g_autofree char *buf = g_malloc (size + 2);
   memset (buf, 0x5a, size + 2);
   FUZZ_CHECK (mmfg_fields_render (entry, fields, buf + 1, size) == need);
   FUZZ_CHECK (buf[0] == 0x5a && buf[size + 1] == 0x5a);
   if (size == 0)
      return;
   FUZZ_CHECK (memchr (buf + 1, '\0', size) != NULL);
   FUZZ_CHECK (g_utf8_validate (buf + 1, -1, NULL));
   FUZZ_CHECK (strncmp (buf + 1, whole, strlen (buf + 1)) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
   if (size == 0)
      return 0;
   gboolean keep_newlines = data[0] & 1;
   gsize buf_size = data[0] >> 1;

   // The parts, each a C string.
   g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
   const char *p = (const char *) data + 1;
   const char *end = (const char *) data + size;
   while (p <= end) {
      const char *nul = memchr (p, '\0', (size_t) (end - p));
      const char *stop = nul ? nul : end;
      g_ptr_array_add (parts, g_strndup (p, (gsize) (stop - p)));
      p = stop + 1;
   }

   // Sanitising alone, on each part as a value.
   for (guint i = 0; i < parts->len; i++) {
      g_autofree char *clean = mmfg_sanitise (parts->pdata[i], keep_newlines);
      check_clean (clean, keep_newlines);
      FUZZ_CHECK (strlen (clean) <= 3 * strlen (parts->pdata[i]));
   }

   // A catalog's text is valid UTF-8 (the parser checks); made so here.
   g_autofree char *subject = g_utf8_make_valid (parts->pdata[0], -1);
   g_autofree char *body =
      g_utf8_make_valid (parts->len > 1 ? parts->pdata[1] : "@USER@", -1);
   MmfgCatalogEntry entry = {
      .message_id = "0123456789abcdef0123456789abcdef",
      .lang = "en",
      .subject = subject,
      .body = body,
      .defined_by = "",
      .documentation = "",
      .source = "MSExchangeMig",
      .event_id = 7007,
      .cause = "mmf-in-use",
      .origin = "fuzz:1",
   };
   g_autoptr (MmfgFields) fields = mmfg_fields_new ();
   for (guint i = 2; i < parts->len && i - 2 < G_N_ELEMENTS (field_names); i++)
      mmfg_fields_set (fields, field_names[i - 2], parts->pdata[i]);

   check_render (&entry, fields, buf_size);

   // Whatever a value holds, it adds nothing the sanitiser would remove:
   // rendering a body of just that placeholder gives clean text (with the
   // line breaks rewrapping a long value adds).
   for (guint i = 0; i < G_N_ELEMENTS (field_names); i++) {
      g_autofree char *only = g_strdup_printf ("@%s@", field_names[i]);
      MmfgCatalogEntry bare = entry;
      bare.subject = "";
      bare.body = only;
      gsize need = mmfg_fields_render (&bare, fields, NULL, 0);
      g_autofree char *text = g_malloc (need + 1);
      mmfg_fields_render (&bare, fields, text, need + 1);
      check_clean (text + 2, TRUE); // after the "\n\n" under the subject
   }

   g_auto (GStrv) names = mmfg_fields_placeholders (body);
   FUZZ_CHECK (names != NULL);
   return 0;
}
