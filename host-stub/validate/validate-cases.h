// validate-cases.h — the conformance cases of `mig-host validate`.
//
// Each case checks one rule of the ABI (abi/README.md) against any plugin,
// calling it through mig-host's libffi dispatch as a host would. A case runs
// in a process of its own (cmd-validate.c re-executes mig-host), so that a
// plugin that crashes or hangs fails that case and nothing else; a case may
// therefore leave the plugin in any state.

#pragma once

#include <glib.h>

// A case process exits with one of these. Rationale: none is 1 or 2, the
// codes sanitizers, abort handlers and exit(EXIT_FAILURE) in a plugin end a
// process with, so such an end is told apart as a crash.
typedef enum {
   MH_CASE_PASS = 0,
   MH_CASE_FAIL = 10,
   // The plugin breaks a rule mig-host does not (yet) fail it for.
   MH_CASE_WARN = 3,
   // The plugin offers none of the hooks the case needs.
   MH_CASE_SKIP = 77,
   // The plugin cannot be loaded at all (no such file, not a module, no
   // entry point): no case can say anything about it, and the suite stops.
   MH_CASE_UNLOADABLE = 69,
} MhCaseResult;

typedef struct {
   const char *name;
   const char *summary;
} MhValidateCaseInfo;

// How many cases there are, and case `i` (in the order they run).
gsize mh_validate_n_cases (void);
const MhValidateCaseInfo *mh_validate_case_at (gsize i);

// TRUE when `name` is a case.
gboolean mh_validate_case_exists (const char *name);

// Runs case `name` against the plugin at `path` in this process. Prints one
// line of detail on stdout (what was checked, or what failed) and returns a
// MhCaseResult, which the caller uses as the exit status.
MhCaseResult mh_validate_case_run (const char *name, const char *path,
                                   const char *config_path);
