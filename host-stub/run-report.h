// run-report.h — what the JSON reports of runs through accounts (preflight,
// migrate, explain --log) share around their accounts: the report opened
// from --json, the plugin and the post office before the accounts, the
// causes and the summary after them.
//
// Each command writes its own account records and summary fields; the
// document itself is report-stream.h's.

#pragma once

#include "answer.h"
#include "plugin-loader.h"
#include "problem-digest.h"
#include "report-stream.h"

#include <jansson.h>

// Starts the report of `command` ("preflight", "explain-log") at
// `json_path`, the --json option's value; TRUE with *report NULL when it
// was not given.
gboolean mig_run_report_open (const char *json_path, const char *command,
                              MigReportStream **report, GError **error);

// {"name", "version", "path"} of the plugin that answered, or null for a run
// without one (migrate --no-plugin). A new reference.
json_t *mig_run_report_plugin (const MigPlugin *plugin);

// {"path": postoffice, ...the answer's fields (mig_answer_to_json)} for the
// post office's verdict; just the path when `answer` is NULL (the plugin
// offers no batch-begin/1). A new reference.
json_t *mig_run_report_postoffice (const char *postoffice,
                                   const MigAnswer *answer);

// Ends the report of `command`: "causes" (from `digest`) and `summary`
// (taken) after the accounts, then closed, marked interrupted when the run
// was (run-interrupt.h). FALSE with the error printed when anything written
// was lost: the caller exits MIG_EXIT_IOERR.
gboolean mig_run_report_close (MigReportStream *report, const char *command,
                               const MigDigest *digest, json_t *summary);
