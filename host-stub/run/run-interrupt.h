// run-interrupt.h — ending a run cleanly on SIGINT (Ctrl-C) or SIGTERM.
//
// After mh_interrupt_install() the first SIGINT or SIGTERM only sets a
// flag: the run stops starting work, abandons a copy in progress (its
// temporary file removed, so no half-copied mailbox is left), closes its
// reports marked incomplete and exits 128 + the signal. A second signal
// has the default effect (the handler resets itself), for an operator who
// really wants it gone now.

#pragma once

#include <glib.h>

void mh_interrupt_install (void);

// TRUE once a signal arrived. [thread-safe, async-signal-safe]
gboolean mh_interrupted (void);

// "SIGINT" or "SIGTERM", NULL when not interrupted.
const char *mh_interrupt_name (void);

// 130 or 143 (see cli.h), 0 when not interrupted.
int mh_interrupt_exit_code (void);

// Sleeps `seconds`, waking early when interrupted; FALSE then. `tick`
// (may be NULL) is called about once a second with the seconds left.
gboolean mh_interrupt_sleep (double seconds,
                             void (*tick) (double left, gpointer data),
                             gpointer data);
