// answer.h — a plugin's answer, copied out of mig_answer and owned by the host.
//
// The host allocates mig_answer with a text buffer (4 KiB first), calls the
// hook, and calls again with text_needed + 1 bytes when the text was cut.
// Every string is copied out bounded by its array (a broken plugin may not
// terminate it) and made valid UTF-8; the strings share one allocation,
// owned by the answer: never free or replace one on its own.

#pragma once

#include "report/json-writer.h"
#include "mig-plugin.h"
#include "plugin-host/plugin-loader.h"

#include <glib.h>
#include <jansson.h>

typedef struct {
   // How many holders the plugin found; 0 means none (the fields are empty).
   uint32_t count;
   int64_t pid;     // 0 when unknown
   char *program;   // "" when unknown
   char *unix_user; // ""
   char *smb_user;  // "" when not SMB
   char *client_machine;
   uint32_t lock;    // MIG_LOCK_*
   int64_t since;    // Unix seconds, 0 when unknown
   gboolean stale;   // MIG_ANSWER_HOLDER_STALE
   gboolean is_host; // MIG_ANSWER_HOLDER_IS_HOST
} MhHolder;

// One cause behind an answer, as the plugin reported it through the host's
// findings/1 service.
typedef struct {
   char *cause;       // never ""
   int32_t verdict;   // MIG_VERDICT_*, or what the plugin sent
   uint32_t event_id; // 0 for none
   char *message_id;  // "" for none
} MhFinding;

typedef struct {
   // What the hook returned: a verdict (>= 0) or a MIG_ERR_* code.
   int32_t result;
   char *cause;
   char *text;
   char *documentation;
   char *message_id;
   char *path;
   uint32_t retry_after_s;
   uint32_t event_id;
   uint32_t flags;
   MhHolder holder;
   // Every cause the plugin reported for this answer (MhFinding *), the
   // strongest first; NULL when it reported none (a plugin without
   // findings/1, nothing found, or an answer no hook gave).
   GPtrArray *findings;
   // Private: the one allocation every string above (and the holder's)
   // points into; mh_answer_free frees it.
   char *strings;
} MhAnswer;

// One hook call that fills `answer`; the call may be made more than once.
typedef int32_t (*MhAnswerCall) (gpointer data, mig_answer *answer);

// Calls `call` with a fresh answer, growing the text buffer when the text
// was cut, and copies the answer out.
MhAnswer *mh_answer_collect (MhAnswerCall call, gpointer data);

// mh_answer_collect for one hook of `plugin`, which must offer it.
//
// batch-begin/1 opens a new batch (its id unique in this process, never 0)
// for `n_accounts` accounts of `postoffice`; `batch_id` is set to that id,
// which is open only when the answer is not an error.
MhAnswer *mh_answer_batch_begin (const MhPlugin *plugin, const char *postoffice,
                                 uint32_t n_accounts, uint64_t *batch_id);
MhAnswer *mh_answer_pre_migrate (const MhPlugin *plugin,
                                 const mig_account *account);
MhAnswer *mh_answer_on_error (const MhPlugin *plugin, const mig_event *event);

void mh_answer_free (MhAnswer *answer);

// The findings/1 service mig-host offers plugins: findings reported inside a
// hook call that mh_answer_collect makes, with that call's answer, go into
// the MhAnswer it returns.
const mig_service_findings *mh_answer_findings_service (void);

// How many findings a plugin reported outside any call mh_answer_collect
// was making, with another answer than that call's, or in a struct smaller
// than mig_finding, since the process started: the ABI forbids all three,
// and validate checks it.
guint mh_answer_stray_findings (void);

// The name of a verdict code as JSON and the terminal show it: "proceed",
// "defer", "block", "no-opinion"; NULL for anything else.
const char *mh_verdict_name (int32_t verdict);

// The host's verdict on an account from this answer, by the ABI's rule:
// NO_OPINION, an error or an unknown code fails closed as "defer".
const char *mh_answer_host_verdict (const MhAnswer *answer);

// The cause the host reports: the plugin's, or "no-opinion" / "plugin-error"
// when the host's rule replaced the verdict; "none" when empty.
const char *mh_answer_host_cause (const MhAnswer *answer);

// TRUE when the hook failed (returned an error or an unknown code).
gboolean mh_answer_is_error (const MhAnswer *answer);

// How the human reports name a failed answer: the MIG_ERR_* code's name,
// or "unknown verdict" for a code that is neither a verdict nor an error.
const char *mh_answer_error_name (const MhAnswer *answer);

// "posix", "ofd", ... for a MIG_LOCK_* kind; NULL for MIG_LOCK_NONE and
// unknown kinds.
const char *mh_lock_name (uint32_t lock);

// One line naming the holder for a terminal, eg "pid 4242 MSMAIL.EXE (alice)
// posix"; "-" when there is none. Sanitised.
// A verdict id ("proceed", "defer", "block", "no-opinion") in the run's
// language, for the human report only; other words are returned as given.
const char *mh_verdict_shown (const char *verdict);

char *mh_holder_describe (const MhHolder *holder);

// One line naming the causes found beside the deciding one, eg "Also found:
// lock-state-unknown (defer)."; NULL when there are none. Sanitised.
char *mh_answer_describe_other_findings (const MhAnswer *answer);

// The answer's fields as JSON members of `o`: verdict, cause,
// retry_after_s, holder, text, documentation, message_id, event_id,
// findings (and "error" when the hook failed).
void mh_answer_write_json (MhJsonObject *o, const MhAnswer *answer);

// The answer's "findings" alone as a jansson array, a new reference; []
// for NULL.
json_t *mh_answer_findings_to_json (const MhAnswer *answer);

// The same fields as a jansson object; a new reference.
json_t *mh_answer_to_json (const MhAnswer *answer);

// A JSON string from UTF-8 text, or null for NULL / "" when `empty_is_null`.
json_t *mh_json_text (const char *text, gboolean empty_is_null);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MhAnswer, mh_answer_free)

// How an account's paragraph in the human reports ends: the answer's text
// indented by 3, the causes found beside the deciding one ("Also found:
// ..."), then "See: DOCUMENTATION" when it names any.
void mh_answer_append_text (GString *out, const MhAnswer *answer);
