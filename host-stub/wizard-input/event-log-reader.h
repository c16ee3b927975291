// event-log-reader.h — the migration wizard's Application event log as the
// operator has it, read into records, and what a damaged one lost.
//
// Formats, recognised by their content, not their name:
// - an NT 4 / Windows 2000 event log file (.evt, "LfLe"), read with libevt;
// - a Windows Vista+ event log file (.evtx, "ElfFile"), read with libevtx;
// - `wevtutil qe Application /f:xml` output: <Event> elements, one after the
//   other (with or without an enclosing element or XML declaration);
// - Event Viewer's "Save as" CSV (comma-separated) and text (tab-separated)
//   exports: Level, Date and Time, Source, Event ID, Task Category, then the
//   description, which may span lines inside its quotes;
// - mig-host's own events log (migrate --events): JSON Lines, one event an
//   object with "source", "id", "time", "inserts" and "description".
// .evt and .evtx records carry the insertion strings (the description is in
// the wizard's message file, which this machine does not have); exports carry
// the description only (wrapped or re-spaced as Event Viewer left it); XML
// carries both when it was rendered.

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

// Reads every record of `path` (MhLogRecord *, in file order); `format`
// is set to "evt", "evtx", "xml", "csv", "text" or "mig-host-events";
// `damage` (zeroed by the caller, cleared with mh_log_damage_clear) says
// what a damaged file lost. The error (MH_HOST_ERROR_INPUT when the file
// cannot be read, _DATA when it is no event log mig-host knows) names the
// file and says which formats are read.
GPtrArray *mh_event_log_file_read (const char *path, const char **format,
                                   MhLogDamage *damage, GError **error);

// The text formats (wevtutil XML, Event Viewer's CSV and text exports,
// mig-host's events) of `len` bytes read from `path` (named in messages):
// records appended to `records`, `format` set, damage noted in `damage`.
// [the fuzzed entry point]
gboolean mh_event_log_parse_text (const char *data, gsize len, const char *path,
                                  const char **format, GPtrArray *records,
                                  MhLogDamage *damage, GError **error);

// Readers of the binary formats (event-log-reader-evt.c); each appends
// records to `records` and notes damage: `data` and `len` are the file's
// bytes (the .evt header says how many records it holds). FALSE with an
// error when this build has no such reader.
gboolean mh_event_log_read_evt (const char *path, const char *data, gsize len,
                                GPtrArray *records, MhLogDamage *damage,
                                GError **error);
gboolean mh_event_log_read_evtx (const char *path, GPtrArray *records,
                                 MhLogDamage *damage, GError **error);
