// hooks.c — the hooks: the thin adapter between the ABI and the plugin.
// Each checks the host's structs (struct-rules), gathers findings
// (account-check, batch, event-account), lets policy decide, has the
// decision explained (explanation) and written into the host's answer
// (answer), in that order. Every hook is [thread-safe]: state is either
// immutable after init or behind a lock.

#include <string.h>

#include "account-check.h"
#include "answer.h"
#include "event-account.h"
#include "event-text.h"
#include "explanation.h"
#include "hooks.h"
#include "mig-hook-table.h"
#include "plugin-state.h"
#include "policy.h"
#include "struct-rules.h"

// The decision about an account explained and written, when the host
// wants an answer. `event` is the event explained, or NULL.
static void
answer_account (const MmfgPlugin *p, mig_answer *answer, const MmfgDecision *d,
                const MmfgAccountView *view, const MmfgFindings *f,
                const char *source, const mig_event *event)
{
   if (answer == NULL)
      return;
   MmfgExplanation e;
   mmfg_explanation_for_account (p, d, view, f, source, event, &e);
   mmfg_answer_put_decision (p, answer, d, f->mmf.path, f, &e);
   mmfg_explanation_clear (&e);
}

static int32_t MIG_CALL
hook_pre_migrate (const mig_account *account, mig_answer *answer)
{
   mmfg_answer_clear_text (answer);
   MmfgPlugin *p = mmfg_plugin_get ();
   if (p == NULL)
      return MIG_ERR_NOT_INITIALISED;
   if (!mmfg_account_ok (account) || !mmfg_answer_ok (answer))
      return MIG_ERR_INVALID_ARGUMENT;

   g_autoptr (MmfgBatch) batch = NULL;
   if (account->batch_id != 0) {
      batch = mmfg_batches_find (p->batches, account->batch_id);
      if (batch == NULL)
         return MIG_ERR_INVALID_ARGUMENT;
   }
   MmfgFindings f;
   mmfg_check_account (p->settings, p->file_servers, batch, account->postoffice,
                       account->hex_id, account->password_recovered_at, &f);
   // The decision's event is what migrating now would log, from the cause
   // table: 0 for a cause the wizard logs no event for (an invalid id, the
   // post office itself).
   MmfgDecision d = mmfg_policy_decide (p->settings, &f);
   MmfgAccountView view = {
      .user = account->user,
      .full_name = account->full_name,
      .hex_id = account->hex_id,
      .postoffice = account->postoffice,
      .password_recovered_at = account->password_recovered_at,
   };
   answer_account (p, answer, &d, &view, &f, MMFG_DEFAULT_SOURCE, NULL);
   mmfg_findings_clear (&f);
   return d.verdict;
}

static int32_t MIG_CALL
hook_batch_begin (const mig_batch *batch, mig_answer *answer)
{
   mmfg_answer_clear_text (answer);
   MmfgPlugin *p = mmfg_plugin_get ();
   if (p == NULL)
      return MIG_ERR_NOT_INITIALISED;
   if (!mmfg_batch_ok (batch) || !mmfg_answer_ok (answer))
      return MIG_ERR_INVALID_ARGUMENT;

   g_autoptr (MmfgBatch) b = mmfg_batch_new (
      p->settings, p->file_servers, batch->batch_id, batch->postoffice);
   if (!mmfg_batches_add (p->batches, b))
      return MIG_ERR_INVALID_ARGUMENT;

   const char *problem = NULL;
   MmfgDecision d =
      mmfg_policy_decide_postoffice (p->settings, &b->facts, &problem);
   if (answer != NULL) {
      MmfgExplanation e;
      mmfg_explanation_for_postoffice (p, &d, batch->postoffice, problem, &e);
      mmfg_answer_put_decision (p, answer, &d, batch->postoffice, NULL, &e);
      mmfg_explanation_clear (&e);
   }
   if (mmfg_mmf_index_from_server (b->index))
      mmfg_log (p, MIG_LOG_DEBUG,
                "batch %" G_GUINT64_FORMAT
                ": the MMF folder as its file server listed it",
                b->id);
   if (b->listing_problem != NULL)
      mmfg_log (p, MIG_LOG_WARNING,
                "batch %" G_GUINT64_FORMAT
                ": the file server did not list the MMF folder (%s); it was "
                "listed through the file system instead, where two MMF names "
                "of one file on the server (a link it follows, a hard link) "
                "cannot be told apart",
                b->id, b->listing_problem);
   if (b->index_error != NULL)
      mmfg_log (p, MIG_LOG_WARNING, "batch %" G_GUINT64_FORMAT ": %s", b->id,
                b->index_error);
   return d.verdict;
}

static int32_t MIG_CALL
hook_batch_end (uint64_t batch_id)
{
   MmfgPlugin *p = mmfg_plugin_get ();
   if (p == NULL)
      return MIG_ERR_NOT_INITIALISED;
   return mmfg_batches_remove (p->batches, batch_id) ? MIG_OK
                                                     : MIG_ERR_INVALID_ARGUMENT;
}

// 7000/7007/151/135: the account re-checked now, and what is found there.
static int32_t
explain_mmf_failure (const MmfgPlugin *p, const mig_event *event,
                     const char *source, unsigned event_id,
                     const MmfgEventText *parsed, mig_answer *answer)
{
   MmfgEventAccount about;
   mmfg_event_account_check (p->settings, p->file_servers, event, parsed,
                             &about);
   MmfgDecision d = mmfg_policy_decide_event (p->settings, &about.findings,
                                              about.unresolved, event_id);
   answer_account (p, answer, &d, &about.view, &about.findings, source, event);
   mmfg_event_account_clear (&about);
   return d.verdict;
}

// Any other event: its catalog entry, if it has one, is the whole answer,
// verdict included.
static int32_t
explain_from_catalog (const MmfgPlugin *p, const mig_event *event,
                      const char *source, unsigned event_id, mig_answer *answer)
{
   // Event 0 is no event: the catalog keys the post office's conditions so.
   const MmfgCatalogEntry *entry =
      event_id != 0 ? mmfg_catalog_lookup (p->catalog, source, event_id, NULL,
                                           (const char *const *) p->langs)
                    : NULL;
   int32_t verdict = mmfg_catalog_entry_verdict (entry);
   if (answer != NULL) {
      MmfgExplanation e;
      mmfg_explanation_for_catalog_event (p, entry, verdict, event, source,
                                          event_id, &e);
      mmfg_answer_put_catalog_event (p, answer, &e);
      mmfg_explanation_clear (&e);
   }
   return verdict;
}

static int32_t MIG_CALL
hook_on_error (const mig_event *event, mig_answer *answer)
{
   mmfg_answer_clear_text (answer);
   MmfgPlugin *p = mmfg_plugin_get ();
   if (p == NULL)
      return MIG_ERR_NOT_INITIALISED;
   if (!mmfg_event_ok (event) || !mmfg_answer_ok (answer))
      return MIG_ERR_INVALID_ARGUMENT;

   // What the record leaves out, its text may say.
   const char *source = event->source ? event->source : MMFG_DEFAULT_SOURCE;
   MmfgEventText parsed = {0};
   if (event->description != NULL)
      mmfg_event_text_parse (event->description, &parsed);
   unsigned event_id = event->event_id ? event->event_id : parsed.event_id;

   int32_t verdict =
      event_id != 0 && mmfg_event_is_mmf_failure (source, event_id)
         ? explain_mmf_failure (p, event, source, event_id, &parsed, answer)
         : explain_from_catalog (p, event, source, event_id, answer);
   mmfg_event_text_clear (&parsed);
   return verdict;
}

static int32_t MIG_CALL
hook_catalog (uint32_t index, mig_catalog_entry *out)
{
   MmfgPlugin *p = mmfg_plugin_get ();
   if (p == NULL)
      return MIG_ERR_NOT_INITIALISED;
   if (out == NULL || out->struct_size < sizeof *out)
      return MIG_ERR_INVALID_ARGUMENT;
   if (index >= mmfg_catalog_size (p->catalog))
      return MIG_ERR_RANGE;
   const MmfgCatalogEntry *e = mmfg_catalog_nth (p->catalog, index);
   out->event_id = e->event_id;
   mmfg_put_string (out->message_id, sizeof out->message_id, e->message_id);
   mmfg_put_string (out->source, sizeof out->source, e->source);
   mmfg_put_string (out->cause, sizeof out->cause, e->cause);
   mmfg_put_string (out->lang, sizeof out->lang, e->lang);
   mmfg_put_string (out->subject, sizeof out->subject, e->subject);
   return MIG_OK;
}

// ---------------------------------------------------------------------------
// The hook structs and their ids, from the ABI's one list of hooks: a row
// NAME there is served by hook_NAME above, in the struct and member the row
// names. A hook added to the table without a function here fails to build.

#define HOOK_STRUCT(name, id, st, member, nargs, r, rc, a0, a0c, a1, a1c, a2,  \
                    a2c)                                                       \
   static const st name##_hook = {.member = hook_##name};
MIG_HOOK_TABLE (HOOK_STRUCT)
#undef HOOK_STRUCT

// Exact ids only: "pre-migrate/1x" and "PRE-MIGRATE/1" are other ids.
static const struct {
   const char *id;
   const void *hook;
} hooks[] = {
#define HOOK_ROW(name, id, st, member, nargs, r, rc, a0, a0c, a1, a1c, a2,     \
                 a2c)                                                          \
   {id, &name##_hook},
   MIG_HOOK_TABLE (HOOK_ROW)
#undef HOOK_ROW
};

const void *
mmfg_hooks_lookup (const char *id)
{
   for (size_t i = 0; i < G_N_ELEMENTS (hooks); i++)
      if (strcmp (hooks[i].id, id) == 0)
         return hooks[i].hook;
   return NULL;
}
