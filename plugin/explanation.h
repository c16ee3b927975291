// explanation.h — what an answer explains, chosen before anything is
// written: the catalog entry of every cause of a decision (the deciding
// cause's is the text), and the fields that entry is filled with
// (explain.c). answer.c then renders and writes it; nothing here touches
// the host's structs.

#pragma once

#include "catalog.h"
#include "cause.h"
#include "explain.h"
#include "fields.h"
#include "mig-plugin.h"
#include "plugin-state.h"
#include "policy.h"

// One cause behind an answer, as the host's findings/1 service gets it.
typedef struct {
   const char *cause;      // its id; static or the catalog's
   int verdict;            // MIG_VERDICT_* it gives alone
   unsigned event_id;      // the event its entry explains
   const char *message_id; // that entry's, or NULL when none explains it
} MmfgExplainedCause;

typedef struct {
   // The entry of the text, or NULL for no text (no cause, or no entry).
   // Owned by the catalog.
   const MmfgCatalogEntry *entry;
   // What `entry` is filled with; owned; NULL when there is no entry to
   // fill (a decision without a cause, an event the catalog does not know).
   MmfgFields *fields;
   // Every cause, strongest first; causes[0] is the text's.
   MmfgExplainedCause causes[MMFG_CAUSE_COUNT];
   guint n_causes;
} MmfgExplanation;

// A decision about an account (pre-migrate/1, on-error/1 for an MMF
// failure). `source` is the event's source, MMFG_DEFAULT_SOURCE outside an
// event; `event` is the event explained, or NULL. An MMF failure's causes
// are explained under that event; pre-migrate's each under the event it
// stands for.
void mmfg_explanation_for_account (const MmfgPlugin *plugin,
                                   const MmfgDecision *decision,
                                   const MmfgAccountView *view,
                                   const MmfgFindings *findings,
                                   const char *source, const mig_event *event,
                                   MmfgExplanation *out);

// A decision about a post office as a whole (batch-begin/1), with
// `problem`, the deciding check's own words (may be NULL).
void mmfg_explanation_for_postoffice (const MmfgPlugin *plugin,
                                      const MmfgDecision *decision,
                                      const char *postoffice,
                                      const char *problem,
                                      MmfgExplanation *out);

// An event explained from the catalog alone: `entry` (NULL: none explains
// it) with its verdict, filled with the event's inserts and account.
void mmfg_explanation_for_catalog_event (const MmfgPlugin *plugin,
                                         const MmfgCatalogEntry *entry,
                                         int verdict, const mig_event *event,
                                         const char *source, unsigned event_id,
                                         MmfgExplanation *out);

void mmfg_explanation_clear (MmfgExplanation *explanation);
