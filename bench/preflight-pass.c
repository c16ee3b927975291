// preflight-pass.c — one pre-flight of a whole post office through the ABI.

#include "preflight-pass.h"

#include <string.h>

#include "timing.h"

static void
count_verdict (BenchPass *out, int32_t verdict)
{
   switch (verdict) {
   case MIG_VERDICT_PROCEED:
      out->proceed++;
      break;
   case MIG_VERDICT_DEFER:
      out->defer++;
      break;
   case MIG_VERDICT_BLOCK:
      out->block++;
      break;
   default:
      out->other++;
      break;
   }
}

gboolean
bench_preflight_pass (const BenchPlugin *p, const BenchPostoffice *po,
                      guint64 batch_id, BenchPass *out, GError **error)
{
   memset (out, 0, sizeof *out);
   // A host that shows the operator every explanation asks for the text of
   // every account; one buffer, reused, as a batch runner would.
   static char text[8192];
   mig_answer answer;
   mig_batch batch = {
      .struct_size = sizeof batch,
      .n_accounts = po->accounts->len,
      .batch_id = batch_id,
      .postoffice = po->maildata,
   };
   gint64 t0 = bench_now_ns ();
   bench_answer_init (&answer, text, sizeof text);
   int32_t rc = p->begin->begin (&batch, &answer);
   gint64 t1 = bench_now_ns ();
   if (rc < 0) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "batch-begin failed (%d)", rc);
      return FALSE;
   }
   for (guint i = 0; i < po->accounts->len; i++) {
      const BenchAccount *a = &g_array_index (po->accounts, BenchAccount, i);
      mig_account account = {
         .struct_size = sizeof account,
         .batch_id = batch_id,
         .postoffice = po->maildata,
         .user = a->user,
         .hex_id = a->hex_id,
      };
      bench_answer_init (&answer, text, sizeof text);
      count_verdict (out, p->pre_migrate->pre_migrate (&account, &answer));
   }
   gint64 t2 = bench_now_ns ();
   rc = p->end->end (batch_id);
   gint64 t3 = bench_now_ns ();
   out->begin_s = (t1 - t0) / 1e9;
   out->accounts_s = (t2 - t1) / 1e9;
   out->end_s = (t3 - t2) / 1e9;
   out->total_s = (t3 - t0) / 1e9;
   if (rc != MIG_OK) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "batch-end failed (%d)", rc);
      return FALSE;
   }
   return TRUE;
}
