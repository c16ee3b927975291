// answer.h — what a hook writes into the host's mig_answer, and the findings
// it reports through the host's findings/1 service: a decision, its holder,
// its catalog text, every cause found. The hooks call these; nothing here
// decides or checks anything.

#pragma once

#include "catalog.h"
#include "catalog/fields.h"
#include "explain.h"
#include "plugin-state.h"
#include "policy.h"

// The header promises a NUL-terminated text whenever text_size > 0, also
// when a call is refused: a hook calls this first, before any check.
void mmfg_answer_clear_text (mig_answer *answer);

// TRUE when `answer` is NULL or a struct the plugin may fill.
gboolean mmfg_answer_ok (const mig_answer *answer);

// Copies `src` (NULL reads "") into a fixed char array, sanitised and cut at
// a character boundary.
void mmfg_put_string (char *dst, size_t cap, const char *src);

// The cause, documentation, retry and flags of a decision.
void mmfg_answer_put_decision (mig_answer *answer, const MmfgDecision *decision);

// `entry` rendered with `fields` into the text, and its ids; an empty text
// when `entry` is NULL.
void mmfg_answer_put_text (mig_answer *answer, const MmfgCatalogEntry *entry,
                           const MmfgFields *fields);

// The catalog entry that explains `cause` for (source, event_id), in the
// plugin's languages; `reason` picks the entry with that X-Reason, if any.
const MmfgCatalogEntry *mmfg_answer_entry (const MmfgPlugin *plugin,
                                           const char *source,
                                           unsigned event_id, MmfgCause cause,
                                           const char *reason);

// Everything pre-migrate and on-error put in an answer for an account: the
// decision, the path checked, the holders, the text for the deciding cause,
// and every cause found, reported to the host. `event` is the event being
// explained, or NULL. Nothing when `answer` is NULL.
void mmfg_answer_for_account (const MmfgPlugin *plugin, mig_answer *answer,
                              const MmfgAccountView *view,
                              const MmfgFindings *findings,
                              const MmfgDecision *decision, const char *source,
                              unsigned event_id, const mig_event *event);

// The post office's own answer (batch-begin/1): the decision, the folder
// checked, and the entry for its cause with `problem` (a post-office
// check's finding, may be NULL). Nothing when `answer` is NULL.
void mmfg_answer_for_postoffice (const MmfgPlugin *plugin, mig_answer *answer,
                                 const char *postoffice,
                                 const MmfgDecision *decision,
                                 const char *problem);

// The answer for an event explained from the catalog alone: `entry` rendered
// with the event's inserts and account, its cause and `verdict`; an empty
// answer when `entry` is NULL. Nothing when `answer` is NULL.
void mmfg_answer_for_catalog_event (const MmfgPlugin *plugin, mig_answer *answer,
                                    const mig_event *event, const char *source,
                                    unsigned event_id,
                                    const MmfgCatalogEntry *entry, int verdict);

// Reports one cause behind `answer` to the host's findings/1 service, when
// the host offers it. `message_id` may be NULL.
void mmfg_answer_add_finding (const MmfgPlugin *plugin, const mig_answer *answer,
                              const char *cause, int verdict,
                              unsigned event_id, const char *message_id);
