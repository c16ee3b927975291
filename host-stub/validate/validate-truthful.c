// validate-truthful.c — conformance cases of `mig-host validate`: truthful
// answers.

#include "validate/validate-context.h"

#include "plugin-host/answer-copy.h"

#include <stdio.h>
#include <string.h>

// ---------------------------------------------------------------------------
// Truthful answers

// A post office batch-begin/1 blocks (the folder above MAILDATA, which the
// wizard refuses) is blocked for every account by pre-migrate/1 too, with
// the same cause, inside the batch and outside one.
MhCaseResult
mh_case_postoffice_verdict_in_pre_migrate (MhCaseCtx *c)
{
   if (mh_case_hook (c, MH_FN_batch_begin) == NULL ||
       mh_case_hook (c, MH_FN_pre_migrate) == NULL)
      return MH_CASE_SKIP;
   if (!mh_case_init_ok (c))
      return MH_CASE_FAIL;
   mig_batch batch = {
      .struct_size = sizeof batch, .batch_id = 77, .postoffice = c->fx.root};
   mig_answer po;
   mh_case_answer_init (&po, NULL, 0);
   int32_t v = mh_case_batch_begin (c, &batch, &po);
   if (v != MIG_VERDICT_BLOCK) {
      mh_case_note (
         c,
         "batch-begin did not block the folder above MAILDATA (%s): nothing to "
         "carry into pre-migrate",
         mh_case_returned (v));
      if (v >= 0)
         mh_case_batch_end (c, batch.batch_id);
      mh_call_deinit (c->plugin);
      return mh_case_verdict_of (c);
   }
   for (uint64_t id = 0; id <= batch.batch_id; id += batch.batch_id) {
      mig_account account =
         mh_case_account_for (c, "VALIDATE", MH_VALIDATE_HEX_PRESENT);
      account.postoffice = c->fx.root;
      account.batch_id = id;
      mig_answer a;
      mh_case_answer_init (&a, NULL, 0);
      int32_t pv = mh_case_pre_migrate (c, &account, &a);
      if (pv != MIG_VERDICT_BLOCK || strcmp (a.cause, po.cause) != 0)
         mh_case_fail (
            c,
            "batch-begin blocked the post office (%s), pre-migrate %s said "
            "%s (%s)",
            po.cause, id ? "in the batch" : "outside a batch",
            mh_case_returned (pv), a.cause);
   }
   mh_case_batch_end (c, batch.batch_id);
   if (c->n_failures == 0)
      mh_case_note (
         c, "post office blocked (%s) by batch-begin and by every pre-migrate",
         po.cause);
   mh_call_deinit (c->plugin);
   return mh_case_verdict_of (c);
}

// How strongly a verdict keeps an account from migrating; -1 for a value
// that is no verdict.
static int
strength (int32_t verdict)
{
   return verdict >= MIG_VERDICT_PROCEED && verdict <= MIG_VERDICT_BLOCK
             ? verdict
             : -1;
}

// The findings reported for one answer obey findings/1: none without a
// cause; else the first is the answer's cause and verdict, the rest follow
// strongest first, each a distinct cause with a verdict and a message id
// that is "" or 32 hex digits.
static void
check_findings (MhCaseCtx *c, const char *what, const MhAnswer *a,
                guint *n_reported, guint *n_without)
{
   GPtrArray *fs = a->findings;
   if (mh_answer_is_error (a))
      return;
   if (fs == NULL) {
      if (a->cause[0] != '\0' && a->result != MIG_VERDICT_NO_OPINION)
         (*n_without)++;
      return;
   }
   *n_reported += fs->len;
   if (a->cause[0] == '\0') {
      mh_case_fail (c, "%s: %u findings reported for an answer without a cause",
                    what, fs->len);
      return;
   }
   const MhFinding *first = g_ptr_array_index (fs, 0);
   if (strcmp (first->cause, a->cause) != 0 || first->verdict != a->result)
      mh_case_fail (c, "%s: the first finding is %s (%d), the answer %s (%d)",
                    what, first->cause, first->verdict, a->cause, a->result);
   for (guint i = 0; i < fs->len; i++) {
      const MhFinding *f = g_ptr_array_index (fs, i);
      if (f->cause[0] == '\0' || strength (f->verdict) < 0)
         mh_case_fail (c, "%s: finding %u has cause \"%s\" and verdict %d",
                       what, i, f->cause, f->verdict);
      size_t id_len = strlen (f->message_id);
      if (id_len != 0 &&
          (id_len != 32 || strspn (f->message_id, "0123456789abcdef") != 32))
         mh_case_fail (c, "%s: finding %s has message id \"%s\"", what,
                       f->cause, f->message_id);
      if (i == 0)
         continue;
      const MhFinding *prev = g_ptr_array_index (fs, i - 1);
      if (strength (f->verdict) > strength (prev->verdict))
         mh_case_fail (c,
                       "%s: finding %s (%s) comes after a weaker one, %s (%s)",
                       what, f->cause, mh_case_returned (f->verdict),
                       prev->cause, mh_case_returned (prev->verdict));
      for (guint k = 0; k < i; k++)
         if (strcmp (((const MhFinding *) g_ptr_array_index (fs, k))->cause,
                     f->cause) == 0)
            mh_case_fail (c, "%s: cause %s reported twice", what, f->cause);
   }
}

// With findings/1 offered, what a plugin reports agrees with its answers:
// a free account, a missing MMF, an invalid id, a password recovered now,
// a 7007 about the missing MMF, and the folder above MAILDATA. Reports come
// inside the call and with its answer, never outside. A plugin that reports
// none passes: the service is optional.
MhCaseResult
mh_case_findings_agree (MhCaseCtx *c)
{
   guint stray_before = mh_answer_stray_findings ();
   guint n_reported = 0;
   guint n_without = 0; // answers with a cause and no finding
   gint64 now = g_get_real_time () / G_USEC_PER_SEC;
   const struct {
      const char *what;
      const char *hex_id;
      gint64 recovered;
   } accounts[] = {
      {"the present MMF", MH_VALIDATE_HEX_PRESENT, 0},
      {"a missing MMF", MH_VALIDATE_HEX_MISSING, 0},
      {"an invalid id", "0000/../", 0},
      {"a password recovered now", MH_VALIDATE_HEX_PRESENT, now + 60},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (accounts); i++) {
      mig_account account =
         mh_case_account_for (c, "VALIDATE", accounts[i].hex_id);
      account.password_recovered_at = accounts[i].recovered;
      g_autoptr (MhAnswer) a = NULL;
      if (mh_case_hook (c, MH_FN_pre_migrate) != NULL) {
         a = mh_answer_pre_migrate (c->plugin, &account);
      } else {
         const char *inserts[] = {"VALIDATE", c->fx.mmf_missing};
         mig_event e = {.struct_size = sizeof e,
                        .event_id = 7007,
                        .inserts = inserts,
                        .n_inserts = 2,
                        .account = &account};
         a = mh_answer_on_error (c->plugin, &e);
      }
      check_findings (c, accounts[i].what, a, &n_reported, &n_without);
   }
   if (mh_case_hook (c, MH_FN_on_error) != NULL) {
      const char *inserts[] = {"VALIDATE", c->fx.mmf_missing};
      mig_event e = {.struct_size = sizeof e,
                     .event_id = 7007,
                     .inserts = inserts,
                     .n_inserts = 2};
      g_autoptr (MhAnswer) a = mh_answer_on_error (c->plugin, &e);
      check_findings (c, "7007 about a missing MMF", a, &n_reported,
                      &n_without);
   }
   if (mh_case_hook (c, MH_FN_batch_begin) != NULL &&
       mh_case_hook (c, MH_FN_batch_end) != NULL) {
      uint64_t id = 0;
      g_autoptr (MhAnswer) a =
         mh_answer_batch_begin (c->plugin, c->fx.root, 1, &id);
      check_findings (c, "batch-begin of the folder above MAILDATA", a,
                      &n_reported, &n_without);
      if (!mh_answer_is_error (a))
         mh_case_batch_end (c, id);
   }
   guint stray = mh_answer_stray_findings () - stray_before;
   if (stray > 0)
      mh_case_fail (c,
                    "%u findings came outside the call they belong to, with "
                    "another answer, or smaller than mig_finding",
                    stray);
   // A plugin that uses the service reports every answer with a cause:
   // a host takes no finding for "the plugin does not use it".
   if (n_reported > 0 && n_without > 0)
      mh_case_fail (c,
                    "%u answers with a cause came without a finding, from a "
                    "plugin that reports findings",
                    n_without);
   if (c->n_failures == 0 && n_reported > 0)
      mh_case_note (c, "%u findings reported, each agreeing with its answer",
                    n_reported);
   else if (c->n_failures == 0)
      mh_case_note (c, "no findings reported (findings/1 is optional)");
   return mh_case_verdict_of (c);
}

// MIG_ANSWER_RETRYABLE is set exactly with DEFER, and retry_after_s is 0
// with any other verdict.
MhCaseResult
mh_case_retryable_with_defer (MhCaseCtx *c)
{
   const char *const hex_ids[] = {MH_VALIDATE_HEX_PRESENT,
                                  MH_VALIDATE_HEX_MISSING, "NOT-HEX"};
   guint asked = 0;
   for (gsize i = 0; i < G_N_ELEMENTS (hex_ids); i++) {
      mig_account account = mh_case_account_for (c, "VALIDATE", hex_ids[i]);
      char text[1024];
      mig_answer answer;
      mh_case_answer_init (&answer, text, sizeof text);
      int32_t v = mh_case_hook (c, MH_FN_pre_migrate) != NULL
                     ? mh_case_pre_migrate (c, &account, &answer)
                     : MIG_ERR_INTERNAL;
      if (v < 0)
         continue;
      asked++;
      gboolean retryable = (answer.flags & MIG_ANSWER_RETRYABLE) != 0;
      if (retryable != (v == MIG_VERDICT_DEFER))
         mh_case_fail (c, "hex id %s: %s with RETRYABLE %s", hex_ids[i],
                       mh_case_returned (v), retryable ? "set" : "clear");
      if (v != MIG_VERDICT_DEFER && answer.retry_after_s != 0)
         mh_case_fail (c, "hex id %s: %s with retry_after_s %u", hex_ids[i],
                       mh_case_returned (v), answer.retry_after_s);
   }
   if (asked == 0)
      return MH_CASE_SKIP;
   mh_case_note (c, "%u answers: RETRYABLE and retry_after_s only with DEFER",
                 asked);
   return mh_case_verdict_of (c);
}
