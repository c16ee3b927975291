// answer.c — what a hook writes into the host's mig_answer, and the findings
// it reports through the host's findings/1 service.

#include "answer.h"

#include <string.h>

void
mmfg_answer_clear_text (mig_answer *a)
{
   if (a != NULL && MIG_HAS_FIELD (a, mig_answer, text) && a->text != NULL &&
       a->text_size > 0)
      a->text[0] = '\0';
}

gboolean
mmfg_answer_ok (const mig_answer *a)
{
   return a == NULL ||
          (a->struct_size >= sizeof (mig_answer) &&
           (a->text_size == 0 || a->text != NULL));
}

void
mmfg_put_string (char *dst, size_t cap, const char *src)
{
   g_autofree char *clean = mmfg_sanitise (src ? src : "", FALSE);
   size_t len = strlen (clean);
   if (len >= cap) {
      const char *end = g_utf8_find_prev_char (clean, clean + cap);
      len = end ? (size_t) (end - clean) : 0;
   }
   memcpy (dst, clean, len);
   dst[len] = '\0';
}

// The holder fields say what the text says: every holder counted, the host
// included; the first client named, or the host itself, flagged, when only
// the host holds the file.
static void
answer_put_holder (mig_answer *a, const MmfgFindings *f)
{
   const MmfgHolder *h = mmfg_findings_first_holder (f);
   a->holder_count = f->locks.holders ? f->locks.holders->len : 0;
   if (h == NULL)
      return;
   if (h->is_host)
      a->flags |= MIG_ANSWER_HOLDER_IS_HOST;
   a->holder_lock = (uint32_t) h->lock;
   a->holder_pid = h->pid;
   a->holder_since = h->since;
   mmfg_put_string (a->holder_program, sizeof a->holder_program, h->program);
   mmfg_put_string (a->holder_unix_user, sizeof a->holder_unix_user, h->unix_user);
   mmfg_put_string (a->holder_smb_user, sizeof a->holder_smb_user, h->smb_user);
   mmfg_put_string (a->holder_client_machine, sizeof a->holder_client_machine,
                    h->client_machine);
   if (h->possibly_stale)
      a->flags |= MIG_ANSWER_HOLDER_STALE;
}

void
mmfg_answer_put_text (mig_answer *a, const MmfgCatalogEntry *entry,
                      const MmfgFields *fields)
{
   if (entry == NULL) {
      a->text_needed = 0;
      if (a->text_size > 0)
         a->text[0] = '\0';
      return;
   }
   gsize needed = mmfg_fields_render (entry, fields, a->text, a->text_size);
   a->text_needed = (uint32_t) MIN (needed, G_MAXUINT32);
   if (needed >= a->text_size && a->text_size > 0)
      a->flags |= MIG_ANSWER_TEXT_TRUNCATED;
   mmfg_put_string (a->message_id, sizeof a->message_id, entry->message_id);
   if (entry->documentation != NULL && entry->documentation[0] != '\0')
      mmfg_put_string (a->documentation, sizeof a->documentation,
                       entry->documentation);
}

void
mmfg_answer_put_decision (mig_answer *a, const MmfgDecision *d)
{
   mmfg_put_string (a->cause, sizeof a->cause,
                    d->cause == MMFG_CAUSE_NONE ? "" : mmfg_cause_id (d->cause));
   mmfg_put_string (a->documentation, sizeof a->documentation,
                    mmfg_cause_documentation (d->cause));
   a->retry_after_s = d->retry_after_s;
   a->event_id = d->event_id;
   if (d->retryable)
      a->flags |= MIG_ANSWER_RETRYABLE;
}

const MmfgCatalogEntry *
mmfg_answer_entry (const MmfgPlugin *p, const char *source, unsigned event_id,
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

void
mmfg_answer_add_finding (const MmfgPlugin *p, const mig_answer *answer,
                         const char *cause, int verdict, unsigned event_id,
                         const char *message_id)
{
   // No opinion is not a finding: findings/1 carries proceed, defer, block.
   if (p->findings_service == NULL || answer == NULL || cause == NULL ||
       cause[0] == '\0' || verdict < MIG_VERDICT_PROCEED || verdict > MIG_VERDICT_BLOCK)
      return;
   mig_finding finding = {
      .struct_size = sizeof finding,
      .verdict = verdict,
      .event_id = event_id,
   };
   mmfg_put_string (finding.cause, sizeof finding.cause, cause);
   mmfg_put_string (finding.message_id, sizeof finding.message_id, message_id);
   p->findings_service->add (p->host, answer, &finding);
}

// Every cause of the decision, strongest first, each with the entry that
// would explain it alone. An MMF event's causes are explained under that
// event; pre-migrate's under the event each cause stands for.
static void
report_findings (const MmfgPlugin *p, const mig_answer *a,
                 const MmfgDecision *d, const char *source, const mig_event *event)
{
   if (p->findings_service == NULL)
      return;
   for (guint i = 0; i < d->n_found; i++) {
      const MmfgCauseFound *c = &d->found[i];
      unsigned event_id = event != NULL ? d->event_id : mmfg_cause_event (c->cause);
      const MmfgCatalogEntry *entry =
         mmfg_answer_entry (p, source, event_id, c->cause, c->reason);
      mmfg_answer_add_finding (p, a, mmfg_cause_id (c->cause), c->verdict,
                               event_id, entry ? entry->message_id : NULL);
   }
}

void
mmfg_answer_for_account (const MmfgPlugin *p, mig_answer *a,
                         const MmfgAccountView *view, const MmfgFindings *f,
                         const MmfgDecision *d, const char *source,
                         unsigned event_id, const mig_event *event)
{
   if (a == NULL)
      return;
   mmfg_answer_put_decision (a, d);
   a->event_id = event_id;
   if (f->mmf.path != NULL)
      mmfg_put_string (a->path, sizeof a->path, f->mmf.path);
   answer_put_holder (a, f);
   if (d->cause == MMFG_CAUSE_NONE) {
      mmfg_answer_put_text (a, NULL, NULL);
      return;
   }
   g_autoptr (MmfgFields) fields = mmfg_explain_account (view, f, d, p->settings);
   if (event != NULL)
      mmfg_explain_event (fields, source, event_id, event->inserts,
                          event->n_inserts);
   mmfg_answer_put_text (a, mmfg_answer_entry (p, source, event_id, d->cause, d->reason),
                         fields);
   report_findings (p, a, d, source, event);
}

void
mmfg_answer_for_postoffice (const MmfgPlugin *p, mig_answer *a,
                            const char *postoffice, const MmfgDecision *d,
                            const char *problem)
{
   if (a == NULL)
      return;
   mmfg_answer_put_decision (a, d);
   mmfg_put_string (a->path, sizeof a->path, postoffice);
   if (d->cause == MMFG_CAUSE_NONE) {
      mmfg_answer_put_text (a, NULL, NULL);
      return;
   }
   MmfgAccountView view = {.postoffice = postoffice};
   g_autoptr (MmfgFields) fields = mmfg_explain_account (&view, NULL, d, p->settings);
   mmfg_fields_set (fields, "PROBLEM", problem);
   const MmfgCatalogEntry *entry = mmfg_answer_entry (p, MMFG_DEFAULT_SOURCE, 0,
                                                      d->cause, NULL);
   mmfg_answer_put_text (a, entry, fields);
   report_findings (p, a, d, MMFG_DEFAULT_SOURCE, NULL);
}

void
mmfg_answer_for_catalog_event (const MmfgPlugin *p, mig_answer *a,
                               const mig_event *event, const char *source,
                               unsigned event_id, const MmfgCatalogEntry *entry,
                               int verdict)
{
   if (a == NULL)
      return;
   if (entry == NULL) {
      mmfg_answer_put_text (a, NULL, NULL);
      return;
   }
   MmfgAccountView view = {0};
   if (event->account != NULL) {
      view.user = event->account->user;
      view.full_name = event->account->full_name;
      view.hex_id = event->account->hex_id;
      view.postoffice = event->account->postoffice;
   }
   g_autoptr (MmfgFields) fields = mmfg_explain_account (&view, NULL, NULL, p->settings);
   mmfg_explain_event (fields, source, event_id, event->inserts, event->n_inserts);
   a->event_id = event_id;
   mmfg_put_string (a->cause, sizeof a->cause, entry->cause);
   if (verdict == MIG_VERDICT_DEFER)
      a->flags |= MIG_ANSWER_RETRYABLE;
   mmfg_answer_put_text (a, entry, fields);
   mmfg_answer_add_finding (p, a, entry->cause, verdict, event_id, entry->message_id);
}
