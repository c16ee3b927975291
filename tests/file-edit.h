// file-edit.h — putting a file into the state a test needs: changed some
// minutes ago, or copied whole from another. Every failure fails the test.

#pragma once

// Sets `path`'s access and modification times to `minutes_ago` minutes
// before now: a fixed distance from any interval a test compares with, so
// that no timing decides.
void file_edit_set_mtime_minutes_ago (const char *path, int minutes_ago);

// Copies `from` to `to` whole (replacing `to`).
void file_edit_copy (const char *from, const char *to);
