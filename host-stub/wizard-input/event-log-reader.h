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

#include "wizard-input/log-record.h"

#include <glib.h>

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
