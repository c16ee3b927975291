// lock-holder-process.h — a running `lock-holder KIND FILE` (lock-holder.c)
// for a test: started and waited for until it holds its lock, stopped by
// closing its stdin, when it checks that nothing took the lock away.
//
// The program is found through MMFG_LOCK_HOLDER (meson test sets it). Every
// failure to start fails the test.

#pragma once

#include <gio/gio.h>

typedef struct LockHolderProcess LockHolderProcess;

// Starts `lock-holder KIND FILE` and waits for its "ready <pid>" line; the
// lock is held when this returns. Owned by the caller (free or stop it).
LockHolderProcess *lock_holder_process_start (const char *kind,
                                              const char *file);

// The holder's process id, as it reported it (and as the kernel names it).
gint64 lock_holder_process_pid (const LockHolderProcess *holder);

// Closes the holder's stdin and waits for it; returns its exit status: 0
// when its lock stayed intact throughout, -1 when it did not exit normally
// or was stopped already. Does not free `holder`.
int lock_holder_process_stop (LockHolderProcess *holder);

// Stops the holder and fails the test unless its lock stayed intact.
void lock_holder_process_stop_and_assert_intact (LockHolderProcess *holder);

// Stops the holder if it still runs (whatever its status), then frees it.
void lock_holder_process_free (LockHolderProcess *holder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LockHolderProcess, lock_holder_process_free)

// The holders a test starts, each stopped (whatever its status) and freed
// with the set: a GPtrArray of LockHolderProcess *.
GPtrArray *lock_holder_set_new (void);

// Starts `lock-holder KIND FILE`, kept in `set`; returns it (owned by `set`).
LockHolderProcess *lock_holder_set_start (GPtrArray *set, const char *kind,
                                          const char *file);
