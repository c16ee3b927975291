// validate-context.c — what the conformance cases share (validate-context.h).

#include "validate/validate-context.h"

#include "plugin-host/answer-copy.h"
#include "plugin-host/host-services.h"
#include "plugin-host/plugin-calls.h"
#include "validate/validate-fixture.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#ifndef G_OS_WIN32
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

static void G_GNUC_PRINTF (2, 0)
   append_detail (MhCaseCtx *c, const char *format, va_list ap)
{
   if (c->detail->len > 0)
      g_string_append (c->detail, "; ");
   g_string_append_vprintf (c->detail, format, ap);
}

void
mh_case_fail (MhCaseCtx *c, const char *format, ...)
{
   c->n_failures++;
   if (c->n_failures > 4)
      return; // the first few say enough
   va_list ap;
   va_start (ap, format);
   append_detail (c, format, ap);
   va_end (ap);
}

void
mh_case_note (MhCaseCtx *c, const char *format, ...)
{
   if (c->n_failures > 0)
      return;
   va_list ap;
   va_start (ap, format);
   append_detail (c, format, ap);
   va_end (ap);
}

MhCaseResult
mh_case_verdict_of (MhCaseCtx *c)
{
   if (c->n_failures > 0)
      return MH_CASE_FAIL;
   return c->warned ? MH_CASE_WARN : MH_CASE_PASS;
}

// ---------------------------------------------------------------------------
// Calls, all through libffi

// The hook struct for row `fn`, asked now; NULL when not offered or when its
// function is NULL.
const void *
mh_case_hook (MhCaseCtx *c, MhFn fn)
{
   const MhFnInfo *info = mh_fn_info (fn);
   const void *h = mh_call_get_hook (c->plugin, info->id);
   if (h == NULL)
      return NULL;
   void (*function) (void) = NULL;
   memcpy (&function, (const char *) h + info->member_offset, sizeof function);
   return function != NULL ? h : NULL;
}

int32_t
mh_case_call (MhFn fn, const void *table, void **args)
{
   MhFfiResult result;
   if (table == NULL || !mh_dispatch_call (fn, table, args, &result))
      return MIG_ERR_INTERNAL;
   return mh_ffi_result_i32 (&result);
}

int32_t
mh_case_pre_migrate (MhCaseCtx *c, const mig_account *account,
                     mig_answer *answer)
{
   void *args[] = {&account, &answer};
   return mh_case_call (MH_FN_pre_migrate, mh_case_hook (c, MH_FN_pre_migrate),
                        args);
}

int32_t
mh_case_on_error (MhCaseCtx *c, const mig_event *event, mig_answer *answer)
{
   void *args[] = {&event, &answer};
   return mh_case_call (MH_FN_on_error, mh_case_hook (c, MH_FN_on_error), args);
}

int32_t
mh_case_batch_begin (MhCaseCtx *c, const mig_batch *batch, mig_answer *answer)
{
   void *args[] = {&batch, &answer};
   return mh_case_call (MH_FN_batch_begin, mh_case_hook (c, MH_FN_batch_begin),
                        args);
}

int32_t
mh_case_batch_end (MhCaseCtx *c, uint64_t batch_id)
{
   void *args[] = {&batch_id};
   return mh_case_call (MH_FN_batch_end, mh_case_hook (c, MH_FN_batch_end),
                        args);
}

int32_t
mh_case_catalog_entry (MhCaseCtx *c, uint32_t index, mig_catalog_entry *entry)
{
   void *args[] = {&index, &entry};
   return mh_case_call (MH_FN_catalog, mh_case_hook (c, MH_FN_catalog), args);
}

int32_t
mh_case_init_with (MhCaseCtx *c, const mig_host *host)
{
   char error[1024] = "";
   return mh_call_init (c->plugin, host, error, sizeof error);
}

gboolean
mh_case_init_ok (MhCaseCtx *c)
{
   int32_t rc = mh_case_init_with (c, c->host);
   if (rc != MIG_OK)
      mh_case_fail (c, "init() with a correct mig_host returned %s",
                    mh_status_name (rc));
   return rc == MIG_OK;
}

// ---------------------------------------------------------------------------
// Inputs

mig_account
mh_case_account_for (MhCaseCtx *c, const char *user, const char *hex_id)
{
   return (mig_account){.struct_size = sizeof (mig_account),
                        .postoffice = c->fx.maildata,
                        .user = user,
                        .full_name = "Validate User",
                        .hex_id = hex_id};
}

mig_event
mh_case_event_for (const char *const *inserts, const mig_account *account)
{
   return (mig_event){.struct_size = sizeof (mig_event),
                      .event_id = 7007,
                      .source = "MSExchangeMig",
                      .inserts = inserts,
                      .n_inserts = 2,
                      .description = "Could not migrate MMF file for "
                                     "Account: VALIDATE.",
                      .account = account};
}

void
mh_case_answer_init (mig_answer *a, char *text, uint32_t text_size)
{
   memset (a, 0, sizeof *a);
   a->struct_size = sizeof *a;
   a->text = text;
   a->text_size = text_size;
}

gboolean
mh_case_has_hooks_for_accounts (MhCaseCtx *c)
{
   return mh_case_hook (c, MH_FN_pre_migrate) != NULL ||
          mh_case_hook (c, MH_FN_on_error) != NULL;
}

// One call that should produce text: pre-migrate about an account whose MMF
// is missing, or on-error about a 7007 when only that is offered.
int32_t
mh_case_text_call (MhCaseCtx *c, const char *user, mig_answer *answer)
{
   mig_account account = mh_case_account_for (c, user, MH_VALIDATE_HEX_MISSING);
   if (mh_case_hook (c, MH_FN_pre_migrate) != NULL)
      return mh_case_pre_migrate (c, &account, answer);
   const char *inserts[] = {user, c->fx.mmf_missing, NULL};
   mig_event event = mh_case_event_for (inserts, &account);
   return mh_case_on_error (c, &event, answer);
}

MhGuarded
mh_case_guarded_new (uint32_t size)
{
   MhGuarded g = {g_malloc (size + CANARY_LEN), size};
   memset (g.buffer, CANARY_BYTE, size + CANARY_LEN);
   return g;
}

gboolean
mh_case_canary_intact (const MhGuarded *g, uint32_t from)
{
   for (uint32_t i = from; i < g->size + CANARY_LEN; i++) {
      if ((unsigned char) g->buffer[i] != CANARY_BYTE)
         return FALSE;
   }
   return TRUE;
}

// The text a plugin wrote into a buffer of `size`: NUL-terminated inside it,
// valid UTF-8, nothing written past it.
gboolean
mh_case_check_text (MhCaseCtx *c, const char *what, const MhGuarded *g)
{
   if (!mh_case_canary_intact (g, g->size)) {
      mh_case_fail (c, "%s: the plugin wrote past a %u-byte text buffer", what,
                    g->size);
      return FALSE;
   }
   if (g->size == 0)
      return TRUE;
   if (memchr (g->buffer, '\0', g->size) == NULL) {
      mh_case_fail (c, "%s: the text in a %u-byte buffer is not NUL-terminated",
                    what, g->size);
      return FALSE;
   }
   if (!g_utf8_validate (g->buffer, -1, NULL)) {
      mh_case_fail (c, "%s: the text is not valid UTF-8", what);
      return FALSE;
   }
   return TRUE;
}

// Every char array of an answer: terminated inside it and valid UTF-8.
gboolean
mh_case_answer_fields_ok (const mig_answer *a)
{
   const struct {
      const char *s;
      size_t n;
   } fields[] = {
      {a->cause, sizeof a->cause},
      {a->message_id, sizeof a->message_id},
      {a->documentation, sizeof a->documentation},
      {a->path, sizeof a->path},
      {a->holder_program, sizeof a->holder_program},
      {a->holder_unix_user, sizeof a->holder_unix_user},
      {a->holder_smb_user, sizeof a->holder_smb_user},
      {a->holder_client_machine, sizeof a->holder_client_machine},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (fields); i++) {
      if (memchr (fields[i].s, '\0', fields[i].n) == NULL ||
          !g_utf8_validate (fields[i].s, -1, NULL))
         return FALSE;
   }
   return TRUE;
}

// A hook's return value in words: a verdict's name, else the error's.
const char *
mh_case_returned (int32_t v)
{
   const char *verdict = mh_verdict_name (v);
   return verdict ? verdict : mh_status_name (v);
}
