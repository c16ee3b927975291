// log-record.h — one record of the wizard's event log, in whichever format
// it came, and what reading a damaged log lost. Shared by the text readers
// (event-log-reader.c) and the binary ones (event-log-reader-evt.c).

#pragma once

#include <glib.h>
#include <stdint.h>

typedef struct {
   char *source;      // the event's source (provider), valid UTF-8
   uint32_t id;       // event id, qualifiers removed (7007, not 0xC0001B5F)
   int64_t time;      // Unix seconds (UTC), 0 when not known
   GStrv inserts;     // insertion strings, NULL when the format has none
   char *description; // the rendered text, NULL when the format has none
   guint position;    // 1-based order in the file
} MhLogRecord;

void mh_log_record_free (MhLogRecord *record);

// What reading a damaged log found: a file cut off inside a record, or
// records that could not be read. The records that could be read are still
// returned; the reader says what is missing instead of passing a shorter
// log off as a whole one.
typedef struct {
   // Records known to be lost: declared by the file but not read, or read
   // and unreadable.
   guint lost;
   // TRUE when more may be lost than `lost` says: the format does not say
   // how much a cut took.
   gboolean lost_unknown;
   // What was seen, in words (valid UTF-8), or NULL for a log read whole.
   // A log whose end record alone is cut has `what` set and nothing lost.
   char *what;
} MhLogDamage;

void mh_log_damage_clear (MhLogDamage *damage);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MhLogDamage, mh_log_damage_clear)

// TRUE when records were lost (or may have been).
gboolean mh_log_damage_lost_records (const MhLogDamage *damage);

// Adds `lost` records (and `unknown`: perhaps more) and a sentence to
// `damage`.
void mh_log_damage_note (MhLogDamage *damage, guint lost, gboolean unknown,
                         const char *format, ...) G_GNUC_PRINTF (4, 5);
