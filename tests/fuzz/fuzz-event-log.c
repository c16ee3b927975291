// fuzz-event-log.c — the wizard's event log in its text forms (wevtutil XML,
// Event Viewer's CSV and text exports; host-stub/event-log-file.h
// mh_event_log_parse_text) over any bytes. The operator brings the file; its
// strings reach the plugin through the ABI, which promises them as UTF-8.
// (.evt and .evtx are read by libevt and libevtx, fuzzed upstream.)

#include "fuzz-target.h"

#include <glib.h>

#include "wizard-input/event-log-reader.h"

#define FILE_NAME "Application.log"

static void
check_record (const MhLogRecord *r, guint index)
{
   FUZZ_CHECK (r->source != NULL && g_utf8_validate (r->source, -1, NULL));
   FUZZ_CHECK (r->description == NULL ||
               g_utf8_validate (r->description, -1, NULL));
   for (guint i = 0; r->inserts != NULL && r->inserts[i] != NULL; i++)
      FUZZ_CHECK (g_utf8_validate (r->inserts[i], -1, NULL));
   FUZZ_CHECK (r->id <= 0xFFFF);
   FUZZ_CHECK (r->position == index + 1);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (GPtrArray) records =
      g_ptr_array_new_with_free_func ((GDestroyNotify) mh_log_record_free);
   const char *format = NULL;
   MhLogDamage damage = {0};
   gboolean ok = mh_event_log_parse_text ((const char *) data, size, FILE_NAME,
                                          &format, records, &damage, &error);
   FUZZ_CHECK (format != NULL);
   // Damage said is said in valid UTF-8, and counted when records are lost.
   FUZZ_CHECK (damage.what == NULL || g_utf8_validate (damage.what, -1, NULL));
   FUZZ_CHECK (!mh_log_damage_lost_records (&damage) || damage.what != NULL);
   mh_log_damage_clear (&damage);
   if (!ok) {
      FUZZ_CHECK (error != NULL);
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      return 0;
   }
   FUZZ_CHECK (error == NULL);
   for (guint i = 0; i < records->len; i++)
      check_record (g_ptr_array_index (records, i), i);
   return 0;
}
