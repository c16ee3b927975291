// run-journal.h — what a migration run has done to its output folder,
// written before and after it does it, so that nothing a run did is lost
// however it ends, and the next run resumes from it.
//
// The journal is --out/.mig-host-journal.jsonl, kept across runs (each run
// appends; nothing is ever renamed over it), one JSON object a line, each
// written in one write (a SIGKILL leaves it whole or absent); a landing is
// also synced before the rename it announces, and the run's end when it is
// written:
//   {"record": "run-start", "time": ..., "pid": 4242, "host": "..."}
//   {"record": "removed", "time": ..., "file": ".00000A01.MMF.Xy12Ab",
//    "why": "a partial copy an interrupted run left"}
//   {"record": "landing", "time": ..., "user": "U00001",
//    "file": "00000A01.MMF", "temp": ".00000A01.MMF.Xy12Ab",
//    "bytes": 4096, "sha256": "...", "source": {"size", "mtime_ns",
//    "ctime_ns", "ino"}}                 before the copy is renamed in
//   {"record": "landed", ...the same...}  after the rename is durable
//   {"record": "recovered", ...}          a landing whose rename an
//                                         interrupted run did not record
//   {"record": "run-end", "time": ..., "complete": true, "stopped_by": null}
// A line a killed run cut short (no newline at its end) is ended and
// skipped by the next run.
//
// Resuming: a copy in the folder is taken for its account's migrated MMF
// only while the journal's last landing of it names its source as the
// source still is (size, modification and change times, inode) and the
// copy's bytes still have the SHA-256 recorded then. Anything else is
// copied again.
//
// The caller holds the folder's lock (out-lock.h) for the journal's life.

#pragma once

#include "run/mmf-copy.h"

#include <glib.h>

#define MH_JOURNAL_NAME ".mig-host-journal.jsonl"

typedef struct MhJournal MhJournal;

// Opens (or starts) the journal of `out_dir`, writes the run's start, then
// tidies what an interrupted run left: a landing whose copy is in place
// with its checksum is recorded as landed ("recovered"); partial copies
// (".HEXID.MMF.XXXXXX") are removed, each name added to `removed` (the
// caller says so). NULL with an error (MH_HOST_ERROR_OUTPUT) naming the
// folder when the journal cannot be written.
MhJournal *mh_journal_open (const char *out_dir, const char *started,
                            GPtrArray *removed, GError **error);

// TRUE when the copy `dest` in the folder is the one the journal recorded
// landing from `source` as it is now (see above): the account need not be
// copied again. [thread-safe]
gboolean mh_journal_copy_current (MhJournal *journal, const char *dest,
                                  const MhSourceState *source);

// The landing hooks (mmf-copy.h) that write "landing" and "landed" for
// `user`'s copies. `hooks` is filled; it lives as long as `user`.
typedef struct {
   MhJournal *journal;
   const char *user;
} MhJournalAccount;
void mh_journal_hooks (MhJournalAccount *account, MhLandingHooks *hooks);

// Writes "run-end" and closes; `stopped_by` NULL when the run ended as
// it should, else why it did not ("SIGINT", "out-unwritable"). FALSE with
// an error when the journal could not be written. NULL is accepted.
gboolean mh_journal_close (MhJournal *journal, gboolean complete,
                           const char *stopped_by, GError **error);
