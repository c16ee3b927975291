// validate-text.c — conformance cases of `mig-host validate`: text buffers and
// NULL arguments.

#include "validate/validate-context.h"

#include "plugin-host/answer-copy.h"

#include <stdio.h>
#include <string.h>

static char *
full_text (Ctx *c, const char *user, int32_t *rc, uint32_t *needed)
{
   char *text = g_malloc0 (BIG_TEXT);
   mig_answer a;
   answer_init (&a, text, BIG_TEXT);
   *rc = text_call (c, user, &a);
   *needed = a.text_needed;
   text[BIG_TEXT - 1] = '\0';
   return text;
}

MhCaseResult
case_text_buffer_zero (Ctx *c)
{
   int32_t rc_full;
   uint32_t needed;
   g_autofree char *text = full_text (c, "VALIDATE", &rc_full, &needed);
   if (needed != strlen (text))
      fail (c, "text_needed %u differs from the text's length %zu", needed,
            strlen (text));
   mig_answer a;
   answer_init (&a, NULL, 0);
   int32_t rc = text_call (c, "VALIDATE", &a);
   if (rc != rc_full)
      fail (c, "text NULL, size 0: returned %d, %d with a buffer", rc, rc_full);
   if (a.text_needed != needed)
      fail (c, "text NULL, size 0: text_needed %u, not %u", a.text_needed,
            needed);
   Guarded g = guarded_new (0);
   answer_init (&a, g.buffer, 0);
   text_call (c, "VALIDATE", &a);
   check_text (c, "size 0 with a buffer", &g);
   g_free (g.buffer);
   note (c, "text_needed %u reported, nothing written", needed);
   return verdict_of (c);
}

static void
check_cut (Ctx *c, const char *full, uint32_t needed, uint32_t size)
{
   Guarded g = guarded_new (size);
   mig_answer a;
   answer_init (&a, g.buffer, size);
   text_call (c, "VALIDATE", &a);
   g_autofree char *what = g_strdup_printf ("text_size %u", size);
   if (check_text (c, what, &g)) {
      if (a.text_needed != needed)
         fail (c, "%s: text_needed %u, not %u", what, a.text_needed, needed);
      if (!g_str_has_prefix (full, g.buffer))
         fail (c, "%s: the cut text is not a prefix of the whole", what);
      if (size <= needed && needed > 0 &&
          !(a.flags & MIG_ANSWER_TEXT_TRUNCATED)) {
         c->warned = TRUE;
         note (c, "warning: %s: cut without MIG_ANSWER_TEXT_TRUNCATED", what);
      }
   }
   g_free (g.buffer);
}

MhCaseResult
case_text_buffer_small (Ctx *c)
{
   int32_t rc;
   uint32_t needed;
   g_autofree char *full = full_text (c, "VALIDATE", &rc, &needed);
   uint32_t sizes[] = {1, 2, 3, 5, 8, 13, needed / 2, needed, needed + 1};
   for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++) {
      if (sizes[i] > 0)
         check_cut (c, full, needed, sizes[i]);
   }
   note (c,
         "one-byte and cut buffers: NUL-terminated, no overflow "
         "(whole text %u bytes)",
         needed);
   return verdict_of (c);
}

static void
expect_refused (Ctx *c, const char *what, int32_t rc)
{
   if (rc != MIG_ERR_INVALID_ARGUMENT)
      fail (c, "%s returned %d, not MIG_ERR_INVALID_ARGUMENT", what, rc);
}

MhCaseResult
case_null_arguments (Ctx *c)
{
   char error[256];
   expect_refused (c, "init(NULL host)",
                   mh_call_init (c->plugin, NULL, error, sizeof error));
   if (!init_ok (c))
      return MH_CASE_FAIL;
   char text[1024];
   mig_answer a;
   mig_account account = account_for (c, "VALIDATE", MH_VALIDATE_HEX_PRESENT);
   if (hook (c, MH_FN_pre_migrate) != NULL) {
      answer_init (&a, text, sizeof text);
      expect_refused (c, "pre-migrate(NULL account)",
                      pre_migrate (c, NULL, &a));
      if (pre_migrate (c, &account, NULL) < 0)
         fail (c, "pre-migrate(account, NULL answer) failed; the answer is "
                  "optional");
      mig_account no_user = account;
      no_user.user = NULL;
      expect_refused (c, "pre-migrate(user NULL)",
                      pre_migrate (c, &no_user, &a));
      mig_account no_po = account;
      no_po.postoffice = NULL;
      expect_refused (c, "pre-migrate(postoffice NULL)",
                      pre_migrate (c, &no_po, &a));
      mig_account no_hex = account;
      no_hex.hex_id = NULL;
      no_hex.full_name = NULL;
      if (pre_migrate (c, &no_hex, &a) < 0)
         fail (c, "pre-migrate with hex_id and full_name NULL (both "
                  "optional) failed");
      mig_answer no_text;
      answer_init (&no_text, NULL, 100);
      int32_t rc = pre_migrate (c, &account, &no_text);
      if (rc >= 0 && rc != MIG_VERDICT_NO_OPINION && no_text.text_needed == 0)
         note (c, "text NULL with text_size 100 accepted");
   }
   if (hook (c, MH_FN_on_error) != NULL) {
      answer_init (&a, text, sizeof text);
      expect_refused (c, "on-error(NULL event)", on_error (c, NULL, &a));
      mig_event bare = {.struct_size = sizeof bare, .event_id = 7007};
      if (on_error (c, &bare, &a) < 0)
         fail (c, "on-error with only an event id (inserts, description, "
                  "account NULL) failed");
      mig_event lying = bare;
      lying.n_inserts = 2; // inserts NULL: refused or ignored, never read
      int32_t rc = on_error (c, &lying, &a);
      if (rc < MIG_ERR_INTERNAL || rc > MIG_VERDICT_BLOCK)
         fail (c, "on-error with n_inserts 2 and inserts NULL returned %d", rc);
   }
   if (hook (c, MH_FN_batch_begin) != NULL) {
      answer_init (&a, text, sizeof text);
      expect_refused (c, "batch-begin(NULL batch)", batch_begin (c, NULL, &a));
   }
   if (hook (c, MH_FN_catalog) != NULL)
      expect_refused (c, "catalog(0, NULL)", catalog_entry (c, 0, NULL));
   note (c, "NULL where required refused, NULL where optional accepted");
   mh_call_deinit (c->plugin);
   return verdict_of (c);
}
