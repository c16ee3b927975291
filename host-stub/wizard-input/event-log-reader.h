// event-log-file.h — the migration wizard's Application event log as the
// operator has it, read into records.
//
// Formats, recognised by their content, not their name:
// - an NT 4 / Windows 2000 event log file (.evt, "LfLe"), read with libevt;
// - a Windows Vista+ event log file (.evtx, "ElfFile"), read with libevtx;
// - `wevtutil qe Application /f:xml` output: <Event> elements, one after the
//   other (with or without an enclosing element or XML declaration);
// - Event Viewer's "Save as" CSV (comma-separated) and text (tab-separated)
//   exports: Level, Date and Time, Source, Event ID, Task Category, then the
//   description, which may span lines inside its quotes.
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

// Reads every record of `path` (MhLogRecord *, in file order); `format`
// is set to "evt", "evtx", "xml", "csv" or "text". The error
// (MH_HOST_ERROR_INPUT when the file cannot be read, _DATA when it is no
// event log mig-host knows) names the file and says which formats are read.
GPtrArray *mh_event_log_file_read (const char *path, const char **format,
                                   GError **error);

// The text formats (wevtutil XML, Event Viewer's CSV and text exports) of
// `len` bytes read from `path` (named in messages): records appended to
// `records`, `format` set. [the fuzzed entry point]
gboolean mh_event_log_parse_text (const char *data, gsize len, const char *path,
                                  const char **format, GPtrArray *records,
                                  GError **error);

// Readers of the binary formats (event-log-binary.c); each appends records
// to `records`. FALSE with an error when this build has no such reader.
gboolean mh_event_log_read_evt (const char *path, GPtrArray *records,
                                GError **error);
gboolean mh_event_log_read_evtx (const char *path, GPtrArray *records,
                                 GError **error);
