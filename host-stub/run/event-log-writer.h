// event-log.h — the events a migration run logs, as JSON lines and, when a
// systemd journal is running, as structured journal entries.
//
// One line per event in the --events file:
//   {"time": "2026-11-24T08:00:00Z", "source": "MSExchangeMig", "id": 7007,
//    "type": "error", "inserts": ["U00002", "/po/MAILDATA/MMF/00000A02.MMF"],
//    "description": "Could not migrate MMF file for Account: U00002. ...",
//    "user": "U00002", "resolution": {verdict, cause, text, message_id, ...}}
// `resolution` is what the plugin's on-error/1 answered (null without a
// plugin, or for an event it was not asked about).
//
// The journal entry carries MESSAGE (the description), PRIORITY (3 error, 6
// information), MESSAGE_ID (the catalog entry the plugin used, so that
// `journalctl -x` shows its text) and MIG_* fields. It is written with
// g_log_writer_journald() directly, only when /run/systemd/journal/socket
// exists: mig-host does not link libsystemd, and GLib's default writer would
// only reach the journal when stderr itself is connected to it.
//
// Writes are serialised: workers log concurrently.

#pragma once

#include "plugin-host/answer-copy.h"
#include "run/wizard-events.h"

#include <glib.h>

typedef struct MhEventLog MhEventLog;

typedef struct {
   const char *source; // eg MH_WIZARD_SOURCE
   uint32_t id;        // eg 7007
   MhEventType type;
   const char *const *inserts; // NULL-terminated; may be NULL
   const char *description;    // the expanded template
   const char *user;           // the account, or NULL
   const MhAnswer *resolution; // the plugin's answer, or NULL
} MhLoggedEvent;

// Opens the log. `path` (the --events file; "-", a FIFO, a symlink: see
// report-output.h) may be NULL: events then go only to the journal, if any.
// A file is written in place and appended to (what earlier runs logged
// stays; a line a killed run cut short is ended first), never renamed:
// each line is flushed, in one write, as it is written, so every event
// logged survives a SIGKILL. The error names the file.
MhEventLog *mh_event_log_open (const char *path, GError **error);

// TRUE when the events go to standard output.
gboolean mh_event_log_is_stdout (const MhEventLog *log);

// Flushes and closes; FALSE with an error when the file could not be
// written completely.
gboolean mh_event_log_close (MhEventLog *log, GError **error);

// Makes the lines written since the last sync durable (fdatasync; a file
// only; nothing when there are none): at the end of each account.
// [thread-safe]
void mh_event_log_sync (MhEventLog *log);

// Logs one event. [thread-safe]
void mh_event_log_write (MhEventLog *log, const MhLoggedEvent *event);

// The event as the JSON object written to the file; a new reference.
json_t *mh_logged_event_to_json (const MhLoggedEvent *event);
