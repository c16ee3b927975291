// answer.c — writing into the host's mig_answer, and reporting causes to
// the host's findings/1 service.

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
   return a == NULL || (a->struct_size >= sizeof (mig_answer) &&
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
put_holder (mig_answer *a, const MmfgFindings *f)
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
   mmfg_put_string (a->holder_unix_user, sizeof a->holder_unix_user,
                    h->unix_user);
   mmfg_put_string (a->holder_smb_user, sizeof a->holder_smb_user, h->smb_user);
   mmfg_put_string (a->holder_client_machine, sizeof a->holder_client_machine,
                    h->client_machine);
   if (h->possibly_stale)
      a->flags |= MIG_ANSWER_HOLDER_STALE;
}

// `entry` rendered with `fields` into the text, and its ids; an empty text
// when `entry` is NULL.
static void
put_text (mig_answer *a, const MmfgCatalogEntry *entry,
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

// The cause, documentation, retry and flags of a decision.
static void
put_decision_fields (mig_answer *a, const MmfgDecision *d)
{
   mmfg_put_string (a->cause, sizeof a->cause,
                    d->cause == MMFG_CAUSE_NONE ? ""
                                                : mmfg_cause_id (d->cause));
   mmfg_put_string (a->documentation, sizeof a->documentation,
                    mmfg_cause_documentation (d->cause));
   a->retry_after_s = d->retry_after_s;
   a->event_id = d->event_id;
   if (d->retryable)
      a->flags |= MIG_ANSWER_RETRYABLE;
}

// Reports one cause behind `answer` to the host's findings/1 service, when
// the host offers it.
static void
add_finding (const MmfgPlugin *p, const mig_answer *answer,
             const MmfgExplainedCause *c)
{
   // No opinion is not a finding: findings/1 carries proceed, defer, block.
   if (p->findings_service == NULL || answer == NULL || c->cause == NULL ||
       c->cause[0] == '\0' || c->verdict < MIG_VERDICT_PROCEED ||
       c->verdict > MIG_VERDICT_BLOCK)
      return;
   mig_finding finding = {
      .struct_size = sizeof finding,
      .verdict = c->verdict,
      .event_id = c->event_id,
   };
   mmfg_put_string (finding.cause, sizeof finding.cause, c->cause);
   mmfg_put_string (finding.message_id, sizeof finding.message_id,
                    c->message_id);
   p->findings_service->add (p->host, answer, &finding);
}

// Every cause of the explanation, strongest first.
static void
report_causes (const MmfgPlugin *p, const mig_answer *a,
               const MmfgExplanation *e)
{
   for (guint i = 0; i < e->n_causes; i++)
      add_finding (p, a, &e->causes[i]);
}

void
mmfg_answer_put_decision (const MmfgPlugin *p, mig_answer *a,
                          const MmfgDecision *d, const char *path,
                          const MmfgFindings *f, const MmfgExplanation *e)
{
   put_decision_fields (a, d);
   // A cut path would name another file: one that does not fit is left ""
   // (the text names it whole).
   // A path that sanitising would change names another file too: "".
   if (path != NULL && strlen (path) < sizeof a->path) {
      g_autofree char *clean = mmfg_sanitise (path, FALSE);
      if (strcmp (clean, path) == 0)
         memcpy (a->path, path, strlen (path) + 1);
   }
   if (f != NULL)
      put_holder (a, f);
   put_text (a, e->entry, e->fields);
   report_causes (p, a, e);
}

void
mmfg_answer_put_catalog_event (const MmfgPlugin *p, mig_answer *a,
                               const MmfgExplanation *e)
{
   if (e->entry == NULL) {
      put_text (a, NULL, NULL);
      return;
   }
   const MmfgExplainedCause *c = &e->causes[0];
   a->event_id = c->event_id;
   mmfg_put_string (a->cause, sizeof a->cause, c->cause);
   if (c->verdict == MIG_VERDICT_DEFER)
      a->flags |= MIG_ANSWER_RETRYABLE;
   put_text (a, e->entry, e->fields);
   report_causes (p, a, e);
}
