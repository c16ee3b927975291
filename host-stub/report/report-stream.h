// report-stream.h — a JSON report written as a run goes, one record at a
// time, so that a report exists (and is valid JSON) however the run ends.
//
// The document, schema version 2:
//   {
//     "schema_version": 2,
//     "command": "preflight",          or "migrate"
//     "started": "2026-11-25T22:00:00.123Z",
//     ...the fields the command adds before its accounts (plugin, postoffice)
//     "accounts": [
//       {...one account per line, written and flushed when it is decided...}
//     ],
//     ...the fields the command adds at the end (causes, summary)
//     "ended": "2026-11-25T22:00:04.567Z",
//     "complete": true,                false when the run was interrupted
//     "interrupted_by": null           or "SIGINT", "SIGTERM"
//   }
// Written with mh_report_stream_open() (preflight, explain --log), a file
// is replaced when the run ends (report-output.h): until then the old
// report stays; a pipe holds an unfinished document until the end.
// Written in place (mh_report_stream_open_in_place(): migrate), the file is
// a whole document after every record: each record is written, in one
// write, over a provisional end — "ended": null, "complete": false,
// "interrupted_by": null — that it repeats after itself. A run killed
// (SIGKILL, a crash, the power) leaves every record written before, and
// "complete": false; only the run's own end writes "complete": true.

#pragma once

#include "report/report-output.h"

#include <jansson.h>

#define MH_REPORT_SCHEMA_VERSION 2

typedef struct MhReportStream MhReportStream;

// Starts the report of `command` at `path` (see report-output.h for what
// a path may be; `option` names it in messages).
MhReportStream *mh_report_stream_open (const char *path, const char *option,
                                       const char *command, GError **error);

// The same, written in place (see above): the report of a run that acts.
MhReportStream *mh_report_stream_open_in_place (const char *path,
                                                const char *option,
                                                const char *command,
                                                GError **error);

// The run will not have done all it was to do although no signal ended it
// (its output failed): close writes "complete": false. [thread-safe]
void mh_report_stream_mark_incomplete (MhReportStream *stream);

// A field written before the accounts; takes `value`.
void mh_report_stream_field (MhReportStream *stream, const char *key,
                             json_t *value);

// One account, written and flushed now; takes `account`. [thread-safe]
void mh_report_stream_account (MhReportStream *stream, json_t *account);

// One account already written as one line of JSON (json-writer.h).
// [thread-safe]
void mh_report_stream_account_text (MhReportStream *stream, const char *json);

// A field after the accounts; takes `value`. Call after the last account.
void mh_report_stream_trailer (MhReportStream *stream, const char *key,
                               json_t *value);

// Ends the document (`interrupted_by` NULL when the run completed) and
// closes the output. FALSE with an error naming the file when anything
// written was lost. Frees the stream either way; NULL is accepted.
gboolean mh_report_stream_close (MhReportStream *stream,
                                 const char *interrupted_by, GError **error);

// TRUE when the report goes to standard output.
gboolean mh_report_stream_is_stdout (const MhReportStream *stream);

// Now as the report writes times: ISO 8601, UTC, milliseconds.
char *mh_report_time_now (void);
