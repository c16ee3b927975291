// validate-text.c — conformance cases of `mig-host validate`: text buffers and
// NULL arguments.

#include "validate/validate-context.h"

#include "plugin-host/answer-copy.h"

#include <stdio.h>
#include <string.h>

static char *
full_text (MhCaseCtx *c, const char *user, int32_t *rc, uint32_t *needed)
{
   char *text = g_malloc0 (BIG_TEXT);
   mig_answer a;
   mh_case_answer_init (&a, text, BIG_TEXT);
   *rc = mh_case_text_call (c, user, &a);
   *needed = a.text_needed;
   text[BIG_TEXT - 1] = '\0';
   return text;
}

MhCaseResult
mh_case_text_buffer_zero (MhCaseCtx *c)
{
   int32_t rc_full;
   uint32_t needed;
   g_autofree char *text = full_text (c, "VALIDATE", &rc_full, &needed);
   if (needed != strlen (text))
      mh_case_fail (c, "text_needed %u differs from the text's length %zu",
                    needed, strlen (text));
   mig_answer a;
   mh_case_answer_init (&a, NULL, 0);
   int32_t rc = mh_case_text_call (c, "VALIDATE", &a);
   if (rc != rc_full)
      mh_case_fail (c, "text NULL, size 0: returned %d, %d with a buffer", rc,
                    rc_full);
   if (a.text_needed != needed)
      mh_case_fail (c, "text NULL, size 0: text_needed %u, not %u",
                    a.text_needed, needed);
   // No text was asked for, so none was cut.
   if (rc >= 0 && (a.flags & MIG_ANSWER_TEXT_TRUNCATED))
      mh_case_fail (c, "text NULL, size 0: MIG_ANSWER_TEXT_TRUNCATED set");
   MhGuarded g = mh_case_guarded_new (0);
   mh_case_answer_init (&a, g.buffer, 0);
   mh_case_text_call (c, "VALIDATE", &a);
   mh_case_check_text (c, "size 0 with a buffer", &g);
   g_free (g.buffer);
   mh_case_note (c, "text_needed %u reported, nothing written", needed);
   return mh_case_verdict_of (c);
}

static void
check_cut (MhCaseCtx *c, const char *full, uint32_t needed, uint32_t size)
{
   MhGuarded g = mh_case_guarded_new (size);
   mig_answer a;
   mh_case_answer_init (&a, g.buffer, size);
   mh_case_text_call (c, "VALIDATE", &a);
   g_autofree char *what = g_strdup_printf ("text_size %u", size);
   if (mh_case_check_text (c, what, &g)) {
      if (a.text_needed != needed)
         mh_case_fail (c, "%s: text_needed %u, not %u", what, a.text_needed,
                       needed);
      if (!g_str_has_prefix (full, g.buffer))
         mh_case_fail (c, "%s: the cut text is not a prefix of the whole",
                       what);
      if (size <= needed && needed > 0 &&
          !(a.flags & MIG_ANSWER_TEXT_TRUNCATED)) {
         c->warned = TRUE;
         mh_case_note (c, "warning: %s: cut without MIG_ANSWER_TEXT_TRUNCATED",
                       what);
      }
   }
   g_free (g.buffer);
}

MhCaseResult
mh_case_text_buffer_small (MhCaseCtx *c)
{
   int32_t rc;
   uint32_t needed;
   g_autofree char *full = full_text (c, "VALIDATE", &rc, &needed);
   uint32_t sizes[] = {1, 2, 3, 5, 8, 13, needed / 2, needed, needed + 1};
   for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++) {
      if (sizes[i] > 0)
         check_cut (c, full, needed, sizes[i]);
   }
   mh_case_note (c,
                 "one-byte and cut buffers: NUL-terminated, no overflow "
                 "(whole text %u bytes)",
                 needed);
   return mh_case_verdict_of (c);
}

static void
expect_refused (MhCaseCtx *c, const char *what, int32_t rc)
{
   if (rc != MIG_ERR_INVALID_ARGUMENT)
      mh_case_fail (c, "%s returned %d, not MIG_ERR_INVALID_ARGUMENT", what,
                    rc);
}

MhCaseResult
mh_case_null_arguments (MhCaseCtx *c)
{
   char error[256];
   expect_refused (c, "init(NULL host)",
                   mh_call_init (c->plugin, NULL, error, sizeof error));
   if (!mh_case_init_ok (c))
      return MH_CASE_FAIL;
   char text[1024];
   mig_answer a;
   mig_account account =
      mh_case_account_for (c, "VALIDATE", MH_VALIDATE_HEX_PRESENT);
   if (mh_case_hook (c, MH_FN_pre_migrate) != NULL) {
      mh_case_answer_init (&a, text, sizeof text);
      expect_refused (c, "pre-migrate(NULL account)",
                      mh_case_pre_migrate (c, NULL, &a));
      if (mh_case_pre_migrate (c, &account, NULL) < 0)
         mh_case_fail (
            c, "pre-migrate(account, NULL answer) failed; the answer is "
               "optional");
      mig_account no_user = account;
      no_user.user = NULL;
      expect_refused (c, "pre-migrate(user NULL)",
                      mh_case_pre_migrate (c, &no_user, &a));
      mig_account no_po = account;
      no_po.postoffice = NULL;
      expect_refused (c, "pre-migrate(postoffice NULL)",
                      mh_case_pre_migrate (c, &no_po, &a));
      mig_account no_hex = account;
      no_hex.hex_id = NULL;
      no_hex.full_name = NULL;
      if (mh_case_pre_migrate (c, &no_hex, &a) < 0)
         mh_case_fail (c, "pre-migrate with hex_id and full_name NULL (both "
                          "optional) failed");
      mig_answer no_text;
      mh_case_answer_init (&no_text, NULL, 100);
      int32_t rc = mh_case_pre_migrate (c, &account, &no_text);
      if (rc >= 0 && rc != MIG_VERDICT_NO_OPINION && no_text.text_needed == 0)
         mh_case_note (c, "text NULL with text_size 100 accepted");
   }
   if (mh_case_hook (c, MH_FN_on_error) != NULL) {
      mh_case_answer_init (&a, text, sizeof text);
      expect_refused (c, "on-error(NULL event)",
                      mh_case_on_error (c, NULL, &a));
      mig_event bare = {.struct_size = sizeof bare, .event_id = 7007};
      if (mh_case_on_error (c, &bare, &a) < 0)
         mh_case_fail (c,
                       "on-error with only an event id (inserts, description, "
                       "account NULL) failed");
      mig_event lying = bare;
      lying.n_inserts = 2; // inserts NULL: refused or ignored, never read
      int32_t rc = mh_case_on_error (c, &lying, &a);
      if (rc < MIG_ERR_INTERNAL || rc > MIG_VERDICT_BLOCK)
         mh_case_fail (
            c, "on-error with n_inserts 2 and inserts NULL returned %d", rc);
   }
   if (mh_case_hook (c, MH_FN_batch_begin) != NULL) {
      mh_case_answer_init (&a, text, sizeof text);
      expect_refused (c, "batch-begin(NULL batch)",
                      mh_case_batch_begin (c, NULL, &a));
   }
   if (mh_case_hook (c, MH_FN_catalog) != NULL)
      expect_refused (c, "catalog(0, NULL)",
                      mh_case_catalog_entry (c, 0, NULL));
   mh_case_note (c,
                 "NULL where required refused, NULL where optional accepted");
   mh_call_deinit (c->plugin);
   return mh_case_verdict_of (c);
}
