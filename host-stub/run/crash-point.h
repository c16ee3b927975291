// crash-point.h — a seam for the crash tests: each step of a migration run
// that leaves something on disk (a journal line, a report record, an event,
// a copy's creation, each of its writes, its sync, its rename) passes a
// crash point first. When MMFG_TEST_CRASH_AT=N is set, the Nth point
// passed ends the process at once with SIGKILL (on Windows,
// TerminateProcess), as a power cut or an OOM killer would: no handler
// runs, nothing is flushed. Never set outside tests.

#pragma once

// [thread-safe]
void mh_crash_point (void);
