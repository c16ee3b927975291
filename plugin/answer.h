// answer.h — the last step of a hook: a decision and its explanation
// written into the host's mig_answer (the entry rendered with its fields
// into the host's buffer), and each cause reported through the host's
// findings/1 service. Nothing here decides, checks or chooses text.

#pragma once

#include <glib.h>

#include "explanation.h"
#include "findings.h"
#include "mig-plugin.h"
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

// Writes a decision about an account or a post office into `answer` (not
// NULL): its cause, documentation, retry-after, event and flags; `path`
// when not NULL; the holders `findings` show when not NULL; the text of
// `explanation`; then every cause it lists, to findings/1.
void mmfg_answer_put_decision (const MmfgPlugin *plugin, mig_answer *answer,
                               const MmfgDecision *decision, const char *path,
                               const MmfgFindings *findings,
                               const MmfgExplanation *explanation);

// Writes an event explained from the catalog alone into `answer` (not
// NULL): the event, the entry's cause, retryable when it defers, the text,
// and the cause to findings/1; only an empty text when no entry explains it.
void mmfg_answer_put_catalog_event (const MmfgPlugin *plugin,
                                    mig_answer *answer,
                                    const MmfgExplanation *explanation);
