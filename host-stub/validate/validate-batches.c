// validate-batches.c — conformance cases of `mig-host validate`: the
// answers abi/README.md states for a batch misused ("Misuse").

#include "validate/validate-context.h"

#include "plugin-host/answer-copy.h"

#include <string.h>

static gboolean
has_batch_hooks (MhCaseCtx *c)
{
   return mh_case_hook (c, MH_FN_batch_begin) != NULL &&
          mh_case_hook (c, MH_FN_batch_end) != NULL &&
          mh_case_hook (c, MH_FN_pre_migrate) != NULL;
}

// pre-migrate/1 of the fixture's account with `batch_id`, on `postoffice`
// (NULL: the fixture's); the cause goes to `cause` when not NULL.
static int32_t
ask (MhCaseCtx *c, uint64_t batch_id, const char *postoffice,
     char cause[MIG_CAUSE_SIZE])
{
   mig_account account =
      mh_case_account_for (c, "VALIDATE", MH_VALIDATE_HEX_PRESENT);
   account.batch_id = batch_id;
   if (postoffice != NULL)
      account.postoffice = postoffice;
   char text[1024];
   mig_answer answer;
   mh_case_answer_init (&answer, text, sizeof text);
   int32_t rc = mh_case_pre_migrate (c, &account, &answer);
   if (cause != NULL)
      memcpy (cause, rc >= 0 ? answer.cause : "", MIG_CAUSE_SIZE);
   return rc;
}

static void
expect (MhCaseCtx *c, int32_t got, int32_t want, const char *call)
{
   if (got != want)
      mh_case_fail (c, "%s returned %s, not %s", call, mh_case_returned (got),
                    mh_case_returned (want));
}

static int32_t
begin (MhCaseCtx *c, uint64_t batch_id)
{
   mig_batch batch = {.struct_size = sizeof batch,
                      .batch_id = batch_id,
                      .postoffice = c->fx.maildata};
   return mh_case_batch_begin (c, &batch, NULL);
}

// An id that is not open is refused by pre-migrate and batch-end; a
// duplicate begin is refused and leaves the open batch as it was.
MhCaseResult
mh_case_batch_misuse (MhCaseCtx *c)
{
   if (!has_batch_hooks (c))
      return MH_CASE_SKIP;
   if (!mh_case_init_ok (c))
      return MH_CASE_FAIL;
   expect (c, ask (c, 4711, NULL, NULL), MIG_ERR_INVALID_ARGUMENT,
           "pre-migrate/1 with a batch_id never begun");
   expect (c, mh_case_batch_end (c, 4711), MIG_ERR_INVALID_ARGUMENT,
           "batch-end/1 of a batch never begun");
   int32_t first = begin (c, 7);
   if (first < 0) {
      mh_case_fail (c, "batch-begin/1 returned %s", mh_case_returned (first));
      mh_call_deinit (c->plugin);
      return mh_case_verdict_of (c);
   }
   expect (c, begin (c, 7), MIG_ERR_INVALID_ARGUMENT,
           "batch-begin/1 with the id of an open batch");
   if (ask (c, 7, NULL, NULL) < 0)
      mh_case_fail (c, "pre-migrate/1 in a batch whose id was begun twice "
                       "failed: the refused begin closed the open batch");
   expect (c, mh_case_batch_end (c, 7), MIG_OK, "batch-end/1");
   expect (c, mh_case_batch_end (c, 7), MIG_ERR_INVALID_ARGUMENT,
           "batch-end/1 of a batch already ended");
   expect (c, ask (c, 7, NULL, NULL), MIG_ERR_INVALID_ARGUMENT,
           "pre-migrate/1 with the id of an ended batch");
   mh_case_note (c, "unknown, duplicate and ended batch ids answered as "
                    "specified");
   mh_call_deinit (c->plugin);
   return mh_case_verdict_of (c);
}

// An account on another post office than its batch's is answered as with
// batch_id 0, never from the batch's snapshot.
MhCaseResult
mh_case_batch_other_postoffice (MhCaseCtx *c)
{
   if (!has_batch_hooks (c))
      return MH_CASE_SKIP;
   if (!mh_case_init_ok (c))
      return MH_CASE_FAIL;
   g_autofree char *other =
      g_build_filename (c->fx.root, "no-such-postoffice", "MAILDATA", NULL);
   char fresh_cause[MIG_CAUSE_SIZE];
   char batch_cause[MIG_CAUSE_SIZE];
   int32_t fresh = ask (c, 0, other, fresh_cause);
   int32_t first = begin (c, 9);
   if (first < 0) {
      mh_case_fail (c, "batch-begin/1 returned %s", mh_case_returned (first));
      mh_call_deinit (c->plugin);
      return mh_case_verdict_of (c);
   }
   int32_t in_batch = ask (c, 9, other, batch_cause);
   (void) mh_case_batch_end (c, 9);
   if (in_batch != fresh || strcmp (fresh_cause, batch_cause) != 0)
      mh_case_fail (c,
                    "an account on another post office answered %s (%s) in "
                    "a batch but %s (%s) with batch_id 0",
                    mh_case_returned (in_batch), batch_cause,
                    mh_case_returned (fresh), fresh_cause);
   else
      mh_case_note (c, "answered %s (%s) in the batch and outside it",
                    mh_case_returned (fresh), fresh_cause);
   mh_call_deinit (c->plugin);
   return mh_case_verdict_of (c);
}
