// explanation.c — the catalog entries and fields of an answer.

#include "explanation.h"

#include <string.h>

// The catalog entry that explains `cause` for (source, event_id), in the
// plugin's languages; `reason` picks the entry with that X-Reason, if any.
static const MmfgCatalogEntry *
entry_for_cause (const MmfgPlugin *p, const char *source, unsigned event_id,
                 MmfgCause cause, const char *reason)
{
   const char *const *langs = (const char *const *) p->langs;
   const MmfgCatalogEntry *e = mmfg_catalog_lookup_reason (
      p->catalog, source, event_id, mmfg_cause_id (cause), reason, langs);
   // A cause with an entry of its own outside the event's (the post office's
   // conditions are written once, under event 0) explains an event it
   // caused with that entry.
   if (e == NULL && mmfg_cause_event (cause) != event_id)
      e = mmfg_catalog_lookup_reason (p->catalog, MMFG_DEFAULT_SOURCE,
                                      mmfg_cause_event (cause),
                                      mmfg_cause_id (cause), reason, langs);
   return e;
}

// Every cause of the decision with the entry that explains it alone: under
// the event explained, or (`event` FALSE) under the event each cause stands
// for. The deciding cause is found[0] (policy.h), so its entry is the text.
static void
explain_causes (const MmfgPlugin *p, const MmfgDecision *d, const char *source,
                gboolean event, MmfgExplanation *out)
{
   for (guint i = 0; i < d->n_found; i++) {
      const MmfgCauseFound *c = &d->found[i];
      unsigned event_id = event ? d->event_id : mmfg_cause_event (c->cause);
      const MmfgCatalogEntry *entry =
         entry_for_cause (p, source, event_id, c->cause, c->reason);
      out->causes[i] = (MmfgExplainedCause){
         .cause = mmfg_cause_id (c->cause),
         .verdict = c->verdict,
         .event_id = event_id,
         .message_id = entry ? entry->message_id : NULL,
      };
      if (i == 0)
         out->entry = entry;
   }
   out->n_causes = d->n_found;
}

void
mmfg_explanation_for_account (const MmfgPlugin *p, const MmfgDecision *d,
                              const MmfgAccountView *view,
                              const MmfgFindings *f, const char *source,
                              const mig_event *event, MmfgExplanation *out)
{
   memset (out, 0, sizeof *out);
   if (d->cause == MMFG_CAUSE_NONE)
      return;
   explain_causes (p, d, source, event != NULL, out);
   out->fields = mmfg_explain_account (view, f, d, p->settings);
   if (event != NULL)
      mmfg_explain_event (out->fields, source, d->event_id, event->inserts,
                          event->n_inserts);
}

void
mmfg_explanation_for_postoffice (const MmfgPlugin *p, const MmfgDecision *d,
                                 const char *postoffice, const char *problem,
                                 MmfgExplanation *out)
{
   memset (out, 0, sizeof *out);
   if (d->cause == MMFG_CAUSE_NONE)
      return;
   explain_causes (p, d, MMFG_DEFAULT_SOURCE, FALSE, out);
   MmfgAccountView view = {.postoffice = postoffice};
   out->fields = mmfg_explain_account (&view, NULL, d, p->settings);
   mmfg_fields_set (out->fields, "PROBLEM", problem);
}

void
mmfg_explanation_for_catalog_event (const MmfgPlugin *p,
                                    const MmfgCatalogEntry *entry, int verdict,
                                    const mig_event *event, const char *source,
                                    unsigned event_id, MmfgExplanation *out)
{
   memset (out, 0, sizeof *out);
   if (entry == NULL)
      return;
   out->entry = entry;
   out->causes[0] = (MmfgExplainedCause){
      .cause = entry->cause,
      .verdict = verdict,
      .event_id = event_id,
      .message_id = entry->message_id,
   };
   out->n_causes = 1;
   MmfgAccountView view = {0};
   if (event->account != NULL) {
      view.user = event->account->user;
      view.full_name = event->account->full_name;
      view.hex_id = event->account->hex_id;
      view.postoffice = event->account->postoffice;
   }
   out->fields = mmfg_explain_account (&view, NULL, NULL, p->settings);
   mmfg_explain_event (out->fields, source, event_id, event->inserts,
                       event->n_inserts);
}

void
mmfg_explanation_clear (MmfgExplanation *e)
{
   g_clear_pointer (&e->fields, mmfg_fields_free);
   e->entry = NULL;
   e->n_causes = 0;
}
