// log-record.c — freeing a record, and keeping count of what a damaged log
// lost (log-record.h).

#include "wizard-input/log-record.h"

#include <stdarg.h>

void
mh_log_record_free (MhLogRecord *r)
{
   if (r == NULL)
      return;
   g_free (r->source);
   g_strfreev (r->inserts);
   g_free (r->description);
   g_free (r);
}

void
mh_log_damage_clear (MhLogDamage *damage)
{
   g_clear_pointer (&damage->what, g_free);
   damage->lost = 0;
   damage->lost_unknown = FALSE;
}

gboolean
mh_log_damage_lost_records (const MhLogDamage *damage)
{
   return damage->lost > 0 || damage->lost_unknown;
}

void
mh_log_damage_note (MhLogDamage *damage, guint lost, gboolean unknown,
                    const char *format, ...)
{
   va_list ap;
   va_start (ap, format);
   g_autofree char *sentence = g_strdup_vprintf (format, ap);
   va_end (ap);
   damage->lost += lost;
   damage->lost_unknown |= unknown;
   char *what = damage->what != NULL
                   ? g_strconcat (damage->what, "; ", sentence, NULL)
                   : g_strdup (sentence);
   g_free (damage->what);
   damage->what = what;
}
