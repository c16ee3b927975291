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

// Holds SIGINT and SIGTERM back (pending, not lost) until the command
// has said what they mean for it: called from the loader's first call into
// the program (main.c's .preinit_array) and again as main()'s first
// instruction, so that a signal in a run's first milliseconds is not the
// default kill with no report. POSIX only; on Windows nothing (the CRT has
// no such mask).
void mh_interrupt_hold (void);

// Lets held signals through: each command's run, after its handlers (if
// any) are installed. A signal that arrived meanwhile is delivered now —
// to the handler, or with the default effect for a command without one.
void mh_interrupt_release (void);

void mh_interrupt_install (void);

// TRUE once a signal arrived, or the run was stopped by a failure of its
// own (mh_interrupt_stop). [thread-safe, async-signal-safe]
gboolean mh_interrupted (void);

// Stops the run as a signal would — no account started after, copies in
// progress abandoned, waits ended — because of a failure of the host's own
// (writing the output folder failed). The first error is kept. [thread-safe]
void mh_interrupt_stop (const GError *error);

// The error that stopped the run, or NULL. Valid until the process ends.
const GError *mh_interrupt_stop_error (void);

// "SIGINT" or "SIGTERM", NULL when not interrupted.
const char *mh_interrupt_name (void);

// 130 or 143 (see cli.h), 0 when no signal arrived.
int mh_interrupt_exit_code (void);

// Sleeps `seconds`, waking early when interrupted; FALSE then. `tick`
// (may be NULL) is called about once a second with the seconds left.
gboolean mh_interrupt_sleep (double seconds,
                             void (*tick) (double left, gpointer data),
                             gpointer data);
