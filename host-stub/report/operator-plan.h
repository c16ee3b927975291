// operator-plan.h — a run's accounts as the night's plan: can it go, who
// must do what, and each explanation once.
//
// preflight, migrate and watch add every account they judged (its verdict
// comes from assessment.h or the run's outcome: the plan never decides one)
// and print or write the plan:
// - the go / no-go line first: "NO-GO: 50 accounts held by their users, 1
//   blocked (password-not-synchronised); 249 may proceed." It says go only
//   when every account may go and the run was whole (never a wrong go);
// - the accounts grouped by what they need (ask to log off, log on once with
//   the recovered password, the administrator fixes it), one line each:
//   user, full name, holder or reason;
// - each distinct explanation once (problem-digest.h, loosely: texts that
//   differ only in the holder's pid, machine, times or names are one), with
//   the accounts it applies to;
// - read through the accessors below by the help desk's call list (--csv)
//   and the self-contained HTML report (--html): plan-files.h.
//
// Memory: one small record per account; paragraphs as in the digest.

#pragma once

#include "plugin-host/answer-copy.h"
#include "report/problem-digest.h"
#include "wizard-input/user-list.h"

#include <glib.h>
#include <stdio.h>

// What needs doing about an account, in the order the report lists them.
typedef enum {
   MH_ACTION_NONE = 0, // may go as it is
   MH_ACTION_LOG_OFF,  // its user has Microsoft Mail open
   MH_ACTION_LOG_ON,   // its user logs on once with the recovered password
   MH_ACTION_STAY_OFF, // may go, with a warning: recently active
   MH_ACTION_ADMIN,    // the administrator fixes it; nothing to ask
   MH_ACTION_COUNT,
} MhAction;

// One account as a command judged it. Strings are copied.
typedef struct {
   const MhUserEntry *entry; // user, full name, Hex-ID
   // As the command reports it: "proceed", "defer", "block", or migrate's
   // outcome ("migrated", "deferred", ...).
   const char *verdict;
   // TRUE when the account may go (proceed) or went (migrated).
   gboolean ok;
   const char *cause; // "none" for none
   // The holder the plugin named, or NULL.
   const MhHolder *holder;
   // One line saying why, where no holder does (a user list row, the post
   // office, the host's own finding), or NULL.
   const char *reason;
   // The account's paragraph (mh_assessment_body or the like), and its
   // headline, or NULL when it needs none.
   const char *headline;
   const char *body;
   const char *mmf_path; // or NULL
   // Its paragraph is said once per row however alike (a user list row).
   gboolean strict;
} MhPlanAccount;

typedef struct MhPlan MhPlan;

// `command` ("preflight"), the post office (absolute), and the words of
// the go / no-go line: `go` ("GO"), `no_go` ("NO-GO") and what the accounts
// that are fine did ("may proceed", "migrated", "clear").
MhPlan *mh_plan_new (const char *command, const char *postoffice,
                     const char *go, const char *no_go, const char *ok_words);
void mh_plan_free (MhPlan *plan);

// Adds an account (counted under its cause in the digest as well).
void mh_plan_add (MhPlan *plan, const MhPlanAccount *account);

// The run did not judge every account (interrupted, a failed hook): the
// line never says go.
void mh_plan_set_incomplete (MhPlan *plan, const char *why);

// The post office's verdict and cause for the reports ("proceed (none)").
// `ok` FALSE (the post office may not go, assessment.h) makes the line a
// no-go whatever the accounts say, naming the post office first.
void mh_plan_set_postoffice (MhPlan *plan, const char *verdict,
                             const char *cause, gboolean ok);
// The same from batch-begin/1's answer for the post office, assessed as
// every command assesses it (assessment.h); NULL: nothing is set.
void mh_plan_set_postoffice_answer (MhPlan *plan, const MhAnswer *answer);

// The digest the accounts' paragraphs are kept in (for the JSON report's
// causes and the explanations).
MhDigest *mh_plan_digest (MhPlan *plan);

// TRUE when the go / no-go line says go.
gboolean mh_plan_goes (const MhPlan *plan);

// The go / no-go line, without a newline. Newly allocated.
char *mh_plan_go_line (const MhPlan *plan);

// The accounts that need something, grouped by what, one line each; a
// blank line between groups. TRUE when it printed any group.
gboolean mh_plan_print_actions (const MhPlan *plan, FILE *out);

// Each explanation once, with the accounts it applies to.
void mh_plan_print_explanations (const MhPlan *plan, FILE *out);

// What the group is called ("Ask to log off Microsoft Mail"), and the one
// sentence the help desk says to the account's user (for MH_ACTION_ADMIN,
// that there is nothing to ask; "" for MH_ACTION_NONE).
const char *mh_action_title (MhAction action);
// A row's verdict (a verdict id, or one of migrate's outcomes) in the run's
// language, for the pages a person reads; the CSV and JSON keep the ids.
const char *mh_plan_verdict_shown (const char *verdict);

const char *mh_action_ask (MhAction action);
// "log-off", "log-on-once", "stay-off", "admin", "none".
const char *mh_action_name (MhAction action);

// A plugin text's first line without its event's name: "the mail file of
// U00006 has an old password" for "MSExchangeMig 7007: the mail file of
// U00006 has an old password". Newly allocated.
char *mh_plan_subject (const char *first_line);

// The accounts, as added (for the writers).
typedef struct {
   char *user, *full_name, *hex_id, *verdict, *cause;
   char *reason; // one line: the holder, or why; "" for none
   char *client, *smb_user, *program, *unix_user;
   gint64 pid, since; // 0 when unknown
   gboolean ok;
   MhAction action;
   gint paragraph; // the digest's paragraph, -1 for none
} MhPlanRow;

guint mh_plan_row_count (const MhPlan *plan);
const MhPlanRow *mh_plan_row (const MhPlan *plan, guint i);
const char *mh_plan_command (const MhPlan *plan);
const char *mh_plan_postoffice (const MhPlan *plan);
// "proceed (none)" or NULL.
const char *mh_plan_postoffice_line (const MhPlan *plan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MhPlan, mh_plan_free)
