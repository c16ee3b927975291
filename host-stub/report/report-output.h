// report-output.h — where a report or event log goes, written the way the
// operator pointed at it.
//
// - "-" is standard output (as are /dev/stdout, /dev/fd/1 and
//   /proc/self/fd/1: the descriptor itself is duplicated, never reopened,
//   so a shell redirection or a pipe is written in place).
// - /dev/stderr, /dev/fd/N and /proc/self/fd/N: descriptor N, duplicated.
// - A path that exists and is not a regular file (a FIFO, a character
//   device, a pipe reached through /proc) is opened and written directly; it
//   is never renamed over, removed or truncated.
// - A symlink is followed to its final target (a dangling one to the file it
//   names), and the target is what gets written: the link stays a link.
// - A regular file, or a path that does not exist yet, is written to a
//   temporary file in the target's own folder and renamed over the target
//   when the output is closed: a reader sees the old report or the whole new
//   one, never half of one. The new file keeps an existing file's mode.
//
// The caller ends each record with mh_output_flush(); a failed write is
// remembered and reported at close, naming the file.

#pragma once

#include <glib.h>
#include <stdio.h>

typedef struct MhOutput MhOutput;

// Opens `path` for writing in place: as mh_output_open(), except that a
// regular file (or a new one) is written where it is, never to a file
// beside it and renamed: what was written and flushed is there after a
// SIGKILL. Emptied first, or with `append` written after what it holds
// (a last line a killed writer cut short is ended first). Each flush is one
// write of what was buffered, however long the record.
MhOutput *mh_output_open_in_place (const char *path, const char *option,
                                   gboolean append, GError **error);

// TRUE when the output is a regular file written in place, whose records
// can be rewritten (mh_output_write_at).
gboolean mh_output_is_in_place_file (const MhOutput *output);

// An in-place file only: writes `text` at `offset` and cuts the file after
// it, in one write. FALSE on a failure, which is also remembered for close
// (the first one).
gboolean mh_output_write_at (MhOutput *output, gint64 offset, const char *text,
                             gsize len);

// An in-place file only: makes what was written durable (fdatasync) now;
// nothing for other outputs. Remembers a failure for close.
void mh_output_sync (MhOutput *output);

// Removes the temporary files a killed writer of `path` left beside it
// (".NAME.XXXXXX", as mh_output_open makes them), adding each removed
// path to `removed`.
void mh_output_remove_leftovers (const char *path, GPtrArray *removed);

// Opens `path` for writing as described above. `option` names the option
// it came from ("--json") for messages. The error (MH_HOST_ERROR_OUTPUT)
// names the file and what to do.
MhOutput *mh_output_open (const char *path, const char *option, GError **error);

// The stream to write to; owned by the output.
FILE *mh_output_stream (MhOutput *output);

// TRUE when the output is mig-host's standard output (so that the human
// report goes elsewhere).
gboolean mh_output_is_stdout (const MhOutput *output);

// Ends a record: flushed now where someone may be reading as it is written
// (standard output, a pipe, a FIFO, a device); a temporary file that is
// renamed into place at close is flushed then. Remembers the first failure.
void mh_output_flush (MhOutput *output);

// Flushes, syncs and puts the file in place (renames a temporary file over
// the target). FALSE with an error naming the file when anything written
// was lost (MH_HOST_ERROR_OUTPUT_MIDWAY: it was opened, and writing it
// failed). Frees the output either way.
gboolean mh_output_close (MhOutput *output, GError **error);

// Gives up: a temporary file is removed and the target left as it was.
void mh_output_abandon (MhOutput *output);

// TRUE when `path` means standard output ("-", /dev/stdout, /dev/fd/1).
gboolean mh_output_path_is_stdout (const char *path);
