// out-lock.h — one migration run per output folder.
//
// A run holds an exclusive lock on --out/.mig-host.lock from before it
// looks at the folder until it ends: an OFD lock (flock where there are
// none) on POSIX, LockFileEx on Windows. The kernel drops it when the
// process ends however it ends (SIGKILL, a crash), so a lock is never
// stale. The file holds one line naming the holder — "pid 4242, started
// 2026-11-25T22:00:00.123Z on HOST" — for the run that is refused.

#pragma once

#include <glib.h>

typedef struct MhOutLock MhOutLock;

// The lock file's name inside the output folder.
#define MH_OUT_LOCK_NAME ".mig-host.lock"

// Takes the lock on `out_dir` without waiting and writes the holder line
// (`started`: the run's start time, as reports write it). NULL with an
// error: MH_HOST_ERROR_BUSY naming the run that holds it, or
// MH_HOST_ERROR_OUTPUT when the lock file cannot be created or written
// (a read-only or full folder), naming the folder and the cause.
MhOutLock *mh_out_lock_take (const char *out_dir, const char *started,
                             GError **error);

// Releases the lock (the lock file stays: removing it would race a run
// that just opened it). NULL is accepted.
void mh_out_lock_release (MhOutLock *lock);

// The holder line the lock file holds now (without its newline), newly
// allocated; "an unidentified run" when it is empty or unreadable.
char *mh_out_lock_holder (const char *out_dir);
