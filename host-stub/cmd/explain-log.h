// explain-log.h — `mig-host explain --log FILE`: the wizard's whole event
// log explained, account by account.
//
// Of the log's records (event-log-file.h), those of source MSExchangeMig
// that name an account — the first insertion string, or "for Account: NAME."
// in a description — are grouped by account; the latest event of each (by
// its time, else its place in the file) goes through on-error/1, so the
// cause is the one found now, with the steps that fix it. Each distinct text
// is printed once (problem-digest.h), then the counts per cause.

#pragma once

#include "plugin-host/plugin-loader.h"
#include "wizard-input/user-list.h"

typedef struct {
   const char *log_path;
   const MhPlugin *plugin;
   const char *postoffice; // absolute, or NULL without --postoffice
   const MhUserList *list; // or NULL
   const char *json;       // --json, or NULL
} MhExplainLog;

// Prints the explanations; returns the exit code (cli.h): 0 every account's
// event explained, 1 some not handled, 2 the plugin failed on some; a
// tool failure's code when the log cannot be read or the report written.
int mh_explain_log (const MhExplainLog *x);
