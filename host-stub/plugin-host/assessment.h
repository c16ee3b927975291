// assessment.h — the host's one answer to "may this account go now?".
//
// Every subcommand that says proceed, migrated, clear or their opposites
// (preflight, migrate, watch, explain in all its forms) turns what the
// plugin answered, and what the host knows itself — the account's row of
// the user list, the post office's verdict, the file standing where the MMF
// is copied from — into an account's go / no-go here, and nowhere else.
//
// The rules, in the order they decide:
// 1. A post office the plugin blocks (batch-begin/1) blocks every account
//    on it, with the post office's cause.
// 2. An account that is not in the user list (or has MigrateUser=N) is
//    blocked: "not-in-user-list"; the wizard migrates the accounts listed.
// 3. An account whose row of the list is wrong is blocked: "user-list-row".
// 4. Else the plugin's pre-migrate/1 answer decides, by the ABI's rule: no
//    opinion or a failed hook is a defer ("no-opinion", "plugin-error").
//    A proceed that names a cause (mmf-recently-active) is a proceed with a
//    warning: its text is shown wherever the account is reported.
// An event whose logged MMF is another file than the account's row names
// is blocked ("event-file-mismatch"): what failed was not what is checked.
// An event's explanation (on-error/1) never decides an account's verdict
// when the account is known: the wizard having failed once says nothing
// about now, and pre-migrate/1 is what migrate asks just before a copy.
//
// Rationale: the commands used to derive the verdict each on their own
// (watch's "clear", explain's account, migrate's file checks) and disagreed;
// one module, and tests/test-agreement.c comparing the commands, keep them
// together.

#pragma once

#include "plugin-host/answer-copy.h"
#include "wizard-input/user-list.h"

typedef enum {
   MH_GO_PROCEED = 1,
   MH_GO_DEFER,
   MH_GO_BLOCK,
} MhGo;

typedef enum {
   MH_DECIDED_BY_ACCOUNT,    // the plugin's answer about the account
   MH_DECIDED_BY_POSTOFFICE, // the post office's verdict
   MH_DECIDED_BY_USER_LIST,  // the account's row, or its absence
   MH_DECIDED_BY_HOST,       // what mig-host found itself
} MhDecidedBy;

typedef struct {
   MhGo go;
   // "none", the plugin's cause, or the host's: "no-opinion",
   // "plugin-error", "user-list-row", "not-in-user-list", "mmf-symlink",
   // "event-file-mismatch".
   // Static or borrowed from `answer`; never NULL.
   const char *cause;
   MhDecidedBy decided_by;
   // The answer whose text and holder tell the account's story (borrowed;
   // valid while the caller keeps it), or NULL when the host's words do.
   const MhAnswer *answer;
   // The host's own words (one paragraph), or NULL. Owned.
   char *host_text;
   // A proceed that names a cause: its text must be shown too.
   gboolean warning;
} MhAssessment;

// "proceed", "defer", "block".
const char *mh_go_name (MhGo go);
// "account", "postoffice", "user-list", "host".
const char *mh_decided_by_name (MhDecidedBy by);

// The post office as a whole, from batch-begin/1's answer (NULL when the
// plugin offers none: the accounts decide). No opinion leaves it to the
// accounts too; a failed hook defers (nobody vouched for it).
MhAssessment mh_assess_postoffice (const MhAnswer *postoffice);

// TRUE when the post office's answer decides every account (rule 1).
gboolean mh_assess_postoffice_blocks_all (const MhAnswer *postoffice);

// TRUE when the plugin blocks the post office because the folder is no
// post office at all (cause "postoffice-layout", abi/README.md): the host
// then refuses the run as a tool error (mh_cli_check_postoffice) instead of
// blocking every account with it. Any other block stays an outcome.
gboolean mh_assess_not_a_postoffice (const MhAnswer *postoffice);

// An account by the rules above. `postoffice` may be NULL (outside a batch
// the plugin checks the post office with every account); `answer` may be
// NULL only when rule 1 or 3 decides.
MhAssessment mh_assess_account (const MhAnswer *postoffice,
                                const MhUserEntry *entry,
                                const MhAnswer *answer);

// Rule 2: `user`, named by an event or on the command line, is not in
// `list`.
MhAssessment mh_assess_not_listed (const char *user, const MhUserList *list);

// An event about a known account whose logged MMF (`logged_file`, its
// name: 0000023A.MMF) is not the one the list's Hex-ID gives it: blocked,
// "event-file-mismatch". The file that failed is not the file checked, so
// the account's own answer says nothing about it.
MhAssessment mh_assess_event_file_mismatch (const MhUserEntry *e,
                                            const char *logged_file,
                                            const MhUserList *list);

// An event about a known account: the verdict is the account's
// (mh_assess_account on `pre_migrate`); the words are the event's
// explanation (`on_error`) when it speaks of the same cause, or when the
// account has none (then it says what was checked), else the account's.
MhAssessment mh_assess_event (const MhUserEntry *entry,
                              const MhAnswer *pre_migrate,
                              const MhAnswer *on_error);

// What the host itself sees at the MMF it is about to copy: a symbolic
// link is "mmf-symlink" (the copy never follows one, so the attempt fails
// as the wizard's would, and the plugin's answer to that 7007 — a block —
// decides), with its target in *reason (newly allocated). NULL when
// nothing stands in the way.
const char *mh_assess_copy_source (const char *path, char **reason);

// An event's resolution as JSON (mh_answer_to_json; a new reference). An
// event about no account (the run's summary, 10068) judges no account: its
// "verdict" is the plugin's own ("no-opinion" when it has none), never the
// fail-closed "defer" an account would get.
json_t *mh_assess_event_resolution_json (const MhAnswer *answer,
                                         gboolean about_account);

// TRUE for a proceed (with or without a warning).
gboolean mh_assessment_proceeds (const MhAssessment *a);

// The paragraph printed for the account (indented by 3), or NULL when it
// proceeds without a warning. Newly allocated.
char *mh_assessment_body (const MhAssessment *a);

void mh_assessment_clear (MhAssessment *a);
