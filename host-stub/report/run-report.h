// run-report.h — what the JSON reports of runs through accounts (preflight,
// migrate, explain --log) share around their accounts: the report opened
// from --json, the plugin and the post office before the accounts, the
// causes and the summary after them.
//
// Each command writes its own account records and summary fields; the
// document itself is report-stream.h's.

#pragma once

#include "plugin-host/answer-copy.h"
#include "plugin-host/plugin-loader.h"
#include "report/problem-digest.h"
#include "report/report-stream.h"

#include <jansson.h>

// Starts the report of `command` ("preflight", "explain-log") at
// `json_path`, the --json option's value; TRUE with *report NULL when it
// was not given.
gboolean mh_run_report_open (const char *json_path, const char *command,
                             MhReportStream **report, GError **error);

// {"name", "version", "path"} of the plugin that answered, or null for a run
// without one (migrate --no-plugin). A new reference.
json_t *mh_run_report_plugin (const MhPlugin *plugin);

// {"path": postoffice, ...the answer's fields (mh_answer_to_json)} for the
// post office's verdict; just the path when `answer` is NULL (the plugin
// offers no batch-begin/1). A new reference.
json_t *mh_run_report_postoffice (const char *postoffice,
                                  const MhAnswer *answer);

// Ends the report of `command`: "causes" (from `digest`) and `summary`
// (taken) after the accounts, then closed, marked interrupted when the run
// was (run-interrupt.h). FALSE with the error printed when anything written
// was lost: the caller exits MH_EXIT_IOERR.
gboolean mh_run_report_close (MhReportStream *report, const char *command,
                              const MhDigest *digest, json_t *summary);
