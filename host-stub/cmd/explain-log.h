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

#include "plugin-host/assessment.h"
#include "plugin-host/plugin-loader.h"
#include "wizard-input/user-list.h"

// One event about one account, explained and the account assessed: what
// explain says in all its forms (--event, --description, --log).
typedef struct {
   MhAnswer *on_error;    // the event's explanation; owned
   MhAnswer *pre_migrate; // the account's answer now, or NULL; owned
   // The account's verdict (assessment.h); when no account is known (no
   // user list, or the event names none) the event's answer alone.
   MhAssessment assessment;
   gboolean has_account; // a user list was given and the event names one
   // The account's SFS_FullName, or NULL (not listed, or no name); owned.
   char *full_name;
} MhEventVerdict;

// Explains `event` (its `account` field ignored): `user` (NULL: none) is
// looked up in `list` (NULL: no list) as if given with --insert. A user in
// the list is passed with the event and asked about with pre-migrate/1 (the
// verdict, mh_assess_event); one not in it is "not-in-user-list".
void mh_explain_event (const MhPlugin *plugin, const char *postoffice,
                       const MhUserList *list, const char *user,
                       const mig_event *event, MhEventVerdict *out);
void mh_event_verdict_clear (MhEventVerdict *v);

// The account a wizard's text names: "for Account: NAME. MMF Path" / "for
// account: NAME. PAB (MMF)Path", with the line breaks and spaces an export
// may have put in; NULL when it names none. Newly allocated.
char *mh_explain_user_from_description (const char *description);

// The event's verdict as JSON members of `o` (a jansson object): verdict,
// cause, decided_by, text, holder, event_cause, ... A plugin that does not
// handle the event leaves verdict "no-opinion".
void mh_event_verdict_to_json (json_t *o, const MhEventVerdict *v);

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
