// validate-structs.c — conformance cases of `mig-host validate`: struct sizes
// smaller, larger, with a non-zero tail.

#include "validate/validate-context.h"

#include "plugin-host/answer-copy.h"

#include <stdio.h>
#include <string.h>

static void *
resized (const void *src, size_t size, uint32_t new_size, gboolean dirty_tail)
{
   unsigned char *copy = g_malloc0 (size + TAIL);
   memcpy (copy, src, size);
   if (dirty_tail)
      copy[size + TAIL / 2] = 0x5A;
   memcpy (copy, &new_size, sizeof new_size);
   return copy;
}

typedef enum { SIZE_SMALLER, SIZE_LARGER_ZERO, SIZE_LARGER_DIRTY } SizeKind;

static const char *
size_kind_name (SizeKind kind)
{
   return kind == SIZE_SMALLER       ? "smaller than 1.0"
          : kind == SIZE_LARGER_ZERO ? "larger, zero tail"
                                     : "larger, non-zero tail";
}

// Whether a result is what a struct of this kind must get: refused when
// smaller or with a non-zero tail, accepted with a zero tail.
static void
expect_size_result (MhCaseCtx *c, const char *what, SizeKind kind, int32_t rc)
{
   gboolean accepted = rc >= 0;
   if (kind == SIZE_LARGER_ZERO && !accepted)
      mh_case_fail (c, "%s %s: refused (%s)", what, size_kind_name (kind),
                    mh_status_name (rc));
   if (kind != SIZE_LARGER_ZERO && rc != MIG_ERR_INVALID_ARGUMENT)
      mh_case_fail (c, "%s %s: returned %d, not MIG_ERR_INVALID_ARGUMENT", what,
                    size_kind_name (kind), rc);
}

static uint32_t
size_for (SizeKind kind, size_t size)
{
   return kind == SIZE_SMALLER ? (uint32_t) (size - 8)
                               : (uint32_t) (size + TAIL);
}

static void
check_struct_sizes (MhCaseCtx *c, SizeKind kind)
{
   mig_account account =
      mh_case_account_for (c, "VALIDATE", MH_VALIDATE_HEX_PRESENT);
   g_autofree mig_account *acc =
      resized (&account, sizeof account, size_for (kind, sizeof account),
               kind == SIZE_LARGER_DIRTY);
   if (mh_case_hook (c, MH_FN_pre_migrate) != NULL)
      expect_size_result (c, "mig_account", kind,
                          mh_case_pre_migrate (c, acc, NULL));
   const char *inserts[] = {"VALIDATE", c->fx.mmf_present, NULL};
   mig_event event = mh_case_event_for (inserts, &account);
   g_autofree mig_event *ev =
      resized (&event, sizeof event, size_for (kind, sizeof event),
               kind == SIZE_LARGER_DIRTY);
   if (mh_case_hook (c, MH_FN_on_error) != NULL)
      expect_size_result (c, "mig_event", kind, mh_case_on_error (c, ev, NULL));
   mig_batch batch = {sizeof batch, 1, 4242, c->fx.maildata};
   g_autofree mig_batch *ba =
      resized (&batch, sizeof batch, size_for (kind, sizeof batch),
               kind == SIZE_LARGER_DIRTY);
   if (mh_case_hook (c, MH_FN_batch_begin) != NULL) {
      int32_t rc = mh_case_batch_begin (c, ba, NULL);
      expect_size_result (c, "mig_batch", kind, rc);
      if (rc >= 0 && mh_case_hook (c, MH_FN_batch_end) != NULL)
         mh_case_batch_end (c, 4242);
   }
   // The answer is the host's output buffer: only its size rule applies
   // (smaller refused, and nothing written past struct_size).
   if (kind != SIZE_LARGER_DIRTY &&
       mh_case_hook (c, MH_FN_pre_migrate) != NULL) {
      mig_answer answer;
      mh_case_answer_init (&answer, NULL, 0);
      g_autofree unsigned char *an = resized (
         &answer, sizeof answer, size_for (kind, sizeof answer), FALSE);
      uint32_t size = size_for (kind, sizeof answer);
      memset (an + size, CANARY_BYTE, sizeof answer + TAIL - size);
      expect_size_result (c, "mig_answer", kind,
                          mh_case_pre_migrate (c, &account, (mig_answer *) an));
      for (size_t i = size; i < sizeof answer + TAIL; i++) {
         if (an[i] != CANARY_BYTE) {
            mh_case_fail (c, "mig_answer %s: the plugin wrote past struct_size",
                          size_kind_name (kind));
            break;
         }
      }
   }
}

static MhCaseResult
run_size_case (MhCaseCtx *c, SizeKind kind)
{
   if (!mh_case_has_hooks_for_accounts (c) &&
       mh_case_hook (c, MH_FN_batch_begin) == NULL)
      return MH_CASE_SKIP;
   if (!mh_case_init_ok (c))
      return MH_CASE_FAIL;
   check_struct_sizes (c, kind);
   mh_call_deinit (c->plugin);
   // mig_host at init(), last: a refused init() leaves nothing to undo.
   g_autofree mig_host *host =
      resized (c->host, sizeof *c->host, size_for (kind, sizeof *c->host),
               kind == SIZE_LARGER_DIRTY);
   int32_t rc = mh_case_init_with (c, host);
   if (rc == MIG_OK)
      mh_call_deinit (c->plugin);
   // The ABI's tail rule covers mig_host like every other input struct.
   expect_size_result (c, "mig_host", kind, rc);
   mh_case_note (c,
                 "mig_account, mig_event, mig_batch, mig_answer, mig_host: %s",
                 size_kind_name (kind));
   return mh_case_verdict_of (c);
}

MhCaseResult
mh_case_struct_size_smaller (MhCaseCtx *c)
{
   return run_size_case (c, SIZE_SMALLER);
}

MhCaseResult
mh_case_struct_size_larger (MhCaseCtx *c)
{
   return run_size_case (c, SIZE_LARGER_ZERO);
}

MhCaseResult
mh_case_struct_size_nonzero_tail (MhCaseCtx *c)
{
   return run_size_case (c, SIZE_LARGER_DIRTY);
}

// The whole text with a big buffer; its length in *len.
