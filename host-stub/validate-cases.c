// validate-cases.c — the conformance cases of `mig-host validate`.

#include "validate-cases.h"

#include "answer.h"
#include "host-services.h"
#include "plugin-calls.h"
#include "validate-fixture.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#ifndef G_OS_WIN32
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

enum {
   LOAD_INIT_BOUND_US = 100 * 1000, // load plus init: 100 ms
   BIG_TEXT = 64 * 1024,
   CANARY_LEN = 64,
   CANARY_BYTE = 0xA5,
   TAIL = 64,            // bytes appended to a "larger" struct
   THREADS = 8,
   CALLS_PER_THREAD = 100,
   HOSTILE_LEN = 64 * 1024,
};

typedef struct {
   MigPlugin *plugin;
   MigHostServices *services;
   const mig_host *host;
   MigValidateFixture fx;
   gint64 load_us;
   GString *detail; // what failed, "; "-separated
   guint n_failures;
   gboolean warned;
} Ctx;

static void G_GNUC_PRINTF (2, 3)
fail (Ctx *c, const char *format, ...)
{
   c->n_failures++;
   if (c->n_failures > 4)
      return; // the first few say enough
   va_list ap;
   va_start (ap, format);
   if (c->detail->len > 0)
      g_string_append (c->detail, "; ");
   g_string_append_vprintf (c->detail, format, ap);
   va_end (ap);
}

static void G_GNUC_PRINTF (2, 3)
note (Ctx *c, const char *format, ...)
{
   if (c->n_failures > 0)
      return;
   va_list ap;
   va_start (ap, format);
   if (c->detail->len > 0)
      g_string_append (c->detail, "; ");
   g_string_append_vprintf (c->detail, format, ap);
   va_end (ap);
}

static MigCaseResult
verdict_of (Ctx *c)
{
   if (c->n_failures > 0)
      return MIG_CASE_FAIL;
   return c->warned ? MIG_CASE_WARN : MIG_CASE_PASS;
}

// ---------------------------------------------------------------------------
// Calls, all through libffi

// The hook struct for row `fn`, asked now; NULL when not offered or when its
// function is NULL.
static const void *
hook (Ctx *c, MigFn fn)
{
   const MigFnInfo *info = mig_fn_info (fn);
   const void *h = mig_call_get_hook (c->plugin, info->id);
   if (h == NULL)
      return NULL;
   void (*function) (void) = NULL;
   memcpy (&function, (const char *) h + info->member_offset, sizeof function);
   return function != NULL ? h : NULL;
}

static int32_t
call (MigFn fn, const void *table, void **args)
{
   MigFfiResult result;
   if (table == NULL || !mig_dispatch_call (fn, table, args, &result))
      return MIG_ERR_INTERNAL;
   return mig_ffi_result_i32 (&result);
}

static int32_t
pre_migrate (Ctx *c, const mig_account *account, mig_answer *answer)
{
   void *args[] = {&account, &answer};
   return call (MIG_FN_pre_migrate, hook (c, MIG_FN_pre_migrate), args);
}

static int32_t
on_error (Ctx *c, const mig_event *event, mig_answer *answer)
{
   void *args[] = {&event, &answer};
   return call (MIG_FN_on_error, hook (c, MIG_FN_on_error), args);
}

static int32_t
batch_begin (Ctx *c, const mig_batch *batch, mig_answer *answer)
{
   void *args[] = {&batch, &answer};
   return call (MIG_FN_batch_begin, hook (c, MIG_FN_batch_begin), args);
}

static int32_t
batch_end (Ctx *c, uint64_t batch_id)
{
   void *args[] = {&batch_id};
   return call (MIG_FN_batch_end, hook (c, MIG_FN_batch_end), args);
}

static int32_t
catalog_entry (Ctx *c, uint32_t index, mig_catalog_entry *entry)
{
   void *args[] = {&index, &entry};
   return call (MIG_FN_catalog, hook (c, MIG_FN_catalog), args);
}

static int32_t
init_with (Ctx *c, const mig_host *host)
{
   char error[1024] = "";
   return mig_call_init (c->plugin, host, error, sizeof error);
}

static gboolean
init_ok (Ctx *c)
{
   int32_t rc = init_with (c, c->host);
   if (rc != MIG_OK)
      fail (c, "init() with a correct mig_host returned %s",
            mig_status_name (rc));
   return rc == MIG_OK;
}

// ---------------------------------------------------------------------------
// Inputs

static mig_account
account_for (Ctx *c, const char *user, const char *hex_id)
{
   return (mig_account){.struct_size = sizeof (mig_account),
                        .postoffice = c->fx.maildata,
                        .user = user,
                        .full_name = "Validate User",
                        .hex_id = hex_id};
}

static mig_event
event_for (const char *const *inserts, const mig_account *account)
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

static void
answer_init (mig_answer *a, char *text, uint32_t text_size)
{
   memset (a, 0, sizeof *a);
   a->struct_size = sizeof *a;
   a->text = text;
   a->text_size = text_size;
}

static gboolean
has_hooks_for_accounts (Ctx *c)
{
   return hook (c, MIG_FN_pre_migrate) != NULL || hook (c, MIG_FN_on_error) != NULL;
}

// One call that should produce text: pre-migrate about an account whose MMF
// is missing, or on-error about a 7007 when only that is offered.
static int32_t
text_call (Ctx *c, const char *user, mig_answer *answer)
{
   mig_account account = account_for (c, user, MIG_VALIDATE_HEX_MISSING);
   if (hook (c, MIG_FN_pre_migrate) != NULL)
      return pre_migrate (c, &account, answer);
   const char *inserts[] = {user, c->fx.mmf_missing, NULL};
   mig_event event = event_for (inserts, &account);
   return on_error (c, &event, answer);
}

// A text buffer of `size` bytes followed by canaries.
typedef struct {
   char *buffer;
   uint32_t size;
} Guarded;

static Guarded
guarded_new (uint32_t size)
{
   Guarded g = {g_malloc (size + CANARY_LEN), size};
   memset (g.buffer, CANARY_BYTE, size + CANARY_LEN);
   return g;
}

static gboolean
canary_intact (const Guarded *g, uint32_t from)
{
   for (uint32_t i = from; i < g->size + CANARY_LEN; i++) {
      if ((unsigned char) g->buffer[i] != CANARY_BYTE)
         return FALSE;
   }
   return TRUE;
}

// The text a plugin wrote into a buffer of `size`: NUL-terminated inside it,
// valid UTF-8, nothing written past it.
static gboolean
check_text (Ctx *c, const char *what, const Guarded *g)
{
   if (!canary_intact (g, g->size)) {
      fail (c, "%s: the plugin wrote past a %u-byte text buffer", what, g->size);
      return FALSE;
   }
   if (g->size == 0)
      return TRUE;
   if (memchr (g->buffer, '\0', g->size) == NULL) {
      fail (c, "%s: the text in a %u-byte buffer is not NUL-terminated", what,
            g->size);
      return FALSE;
   }
   if (!g_utf8_validate (g->buffer, -1, NULL)) {
      fail (c, "%s: the text is not valid UTF-8", what);
      return FALSE;
   }
   return TRUE;
}

// Every char array of an answer: terminated inside it and valid UTF-8.
static gboolean
answer_fields_ok (const mig_answer *a)
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

// ---------------------------------------------------------------------------
// Cases

static MigCaseResult
case_load_time (Ctx *c)
{
   gint64 start = g_get_monotonic_time ();
   gboolean ok = init_ok (c);
   gint64 init_us = g_get_monotonic_time () - start;
   gint64 total = c->load_us + init_us;
   if (!ok)
      return MIG_CASE_FAIL;
   if (total > LOAD_INIT_BOUND_US)
      fail (c, "load %.1f ms + init %.1f ms exceeds %d ms",
            (double) c->load_us / 1000, (double) init_us / 1000,
            LOAD_INIT_BOUND_US / 1000);
   else
      note (c, "load %.1f ms + init %.1f ms (bound %d ms)",
            (double) c->load_us / 1000, (double) init_us / 1000,
            LOAD_INIT_BOUND_US / 1000);
   mig_call_deinit (c->plugin);
   return verdict_of (c);
}

// Ids that differ from a real one by case, a prefix, a suffix or garbage.
static GPtrArray *
unknown_ids (void)
{
   GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
   static const char *const fixed[] = {"", "/", "no-such-hook/1", "catalog",
                                       "pre-migrate", "pre-migrate/",
                                       "pre-migrate/0", "pre-migrate/2",
                                       "pre-migrate/10", "pre_migrate/1"};
   for (gsize i = 0; i < G_N_ELEMENTS (fixed); i++)
      g_ptr_array_add (ids, g_strdup (fixed[i]));
   for (unsigned i = 0; i < MIG_FN_N_HOOKS; i++) {
      const char *id = mig_fn_info (MIG_FN_FIRST_HOOK + i)->id;
      g_ptr_array_add (ids, g_strconcat (id, "x", NULL));
      g_ptr_array_add (ids, g_strconcat (id, " ", NULL));
      g_ptr_array_add (ids, g_strconcat (id, "\n", NULL));
      g_ptr_array_add (ids, g_strconcat (id, "/1", NULL));
      g_ptr_array_add (ids, g_strconcat (" ", id, NULL));
      g_ptr_array_add (ids, g_ascii_strup (id, -1));
      g_ptr_array_add (ids, g_strndup (id, strlen (id) - 1));
   }
   return ids;
}

static void
check_unknown_ids (Ctx *c, const char *when)
{
   g_autoptr (GPtrArray) ids = unknown_ids ();
   for (guint i = 0; i < ids->len; i++) {
      const char *id = g_ptr_array_index (ids, i);
      if (mig_call_get_hook (c->plugin, id) != NULL) {
         g_autofree char *shown = g_strescape (id, NULL);
         fail (c, "get_hook(\"%s\") %s returned a hook, not NULL", shown, when);
      }
   }
}

static MigCaseResult
case_unknown_hook_ids (Ctx *c)
{
   check_unknown_ids (c, "before init");
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   check_unknown_ids (c, "after init");
   // What the plugin does offer has no NULL functions.
   guint offered = 0;
   for (unsigned i = 0; i < MIG_FN_N_HOOKS; i++) {
      MigFn fn = MIG_FN_FIRST_HOOK + i;
      const void *raw = mig_call_get_hook (c->plugin, mig_fn_info (fn)->id);
      if (raw != NULL && hook (c, fn) == NULL)
         fail (c, "hook %s has a NULL function", mig_fn_info (fn)->id);
      offered += raw != NULL;
   }
   g_autoptr (GPtrArray) ids = unknown_ids ();
   note (c, "%u unknown ids refused, %u hooks offered", ids->len, offered);
   mig_call_deinit (c->plugin);
   return verdict_of (c);
}

static MigCaseResult
case_get_hook_null (Ctx *c)
{
   if (mig_call_get_hook (c->plugin, NULL) != NULL)
      fail (c, "get_hook(NULL) before init returned a hook");
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   if (mig_call_get_hook (c->plugin, NULL) != NULL)
      fail (c, "get_hook(NULL) after init returned a hook");
   note (c, "NULL before and after init");
   mig_call_deinit (c->plugin);
   return verdict_of (c);
}

// A hook call that works once initialised: the result of pre-migrate (or
// on-error) about the account whose MMF exists.
static int32_t
probe_call (Ctx *c)
{
   mig_account account = account_for (c, "VALIDATE", MIG_VALIDATE_HEX_PRESENT);
   if (hook (c, MIG_FN_pre_migrate) != NULL)
      return pre_migrate (c, &account, NULL);
   const char *inserts[] = {"VALIDATE", c->fx.mmf_present, NULL};
   mig_event event = event_for (inserts, &account);
   return on_error (c, &event, NULL);
}

static void
expect_initialised (Ctx *c, const char *when)
{
   int32_t rc = probe_call (c);
   if (rc < 0)
      fail (c, "a hook %s returned %s", when, mig_status_name (rc));
}

static void
expect_not_initialised (Ctx *c, const char *when)
{
   int32_t rc = probe_call (c);
   if (rc != MIG_ERR_NOT_INITIALISED)
      fail (c, "a hook %s returned %d, not MIG_ERR_NOT_INITIALISED", when, rc);
}

static MigCaseResult
case_hooks_before_init (Ctx *c)
{
   if (!has_hooks_for_accounts (c))
      return MIG_CASE_SKIP;
   expect_not_initialised (c, "before init()");
   mig_account account = account_for (c, "VALIDATE", MIG_VALIDATE_HEX_PRESENT);
   mig_batch batch = {sizeof batch, 1, 7, c->fx.maildata};
   mig_catalog_entry entry = {.struct_size = sizeof entry};
   if (hook (c, MIG_FN_batch_begin) != NULL &&
       batch_begin (c, &batch, NULL) != MIG_ERR_NOT_INITIALISED)
      fail (c, "batch-begin/1 before init() did not return "
               "MIG_ERR_NOT_INITIALISED");
   if (hook (c, MIG_FN_catalog) != NULL &&
       catalog_entry (c, 0, &entry) != MIG_ERR_NOT_INITIALISED)
      fail (c, "catalog/1 before init() did not return "
               "MIG_ERR_NOT_INITIALISED");
   (void) account;
   note (c, "every offered hook answers MIG_ERR_NOT_INITIALISED");
   return verdict_of (c);
}

static MigCaseResult
case_init_deinit_init (Ctx *c)
{
   if (!has_hooks_for_accounts (c))
      return MIG_CASE_SKIP;
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   expect_initialised (c, "after init()");
   mig_call_deinit (c->plugin);
   expect_not_initialised (c, "after the last deinit()");
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   expect_initialised (c, "after init() again");
   mig_call_deinit (c->plugin);
   note (c, "init, deinit, init, deinit");
   return verdict_of (c);
}

static MigCaseResult
case_init_reference_counted (Ctx *c)
{
   if (!has_hooks_for_accounts (c))
      return MIG_CASE_SKIP;
   if (!init_ok (c) || !init_ok (c))
      return MIG_CASE_FAIL;
   mig_call_deinit (c->plugin);
   expect_initialised (c, "after 2 init() and 1 deinit()");
   mig_call_deinit (c->plugin);
   expect_not_initialised (c, "after 2 init() and 2 deinit()");
   mig_call_deinit (c->plugin); // extra: ignored
   mig_call_deinit (c->plugin);
   expect_not_initialised (c, "after extra deinit() calls");
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   expect_initialised (c, "after init() following extra deinit() calls");
   mig_call_deinit (c->plugin);
   note (c, "init x2, deinit x4 (2 extra ignored), init");
   return verdict_of (c);
}

static MigCaseResult
case_abi_major_mismatch (Ctx *c)
{
   const uint32_t majors[] = {0, MIG_ABI_VERSION_MAJOR + 1, 0xFFFFFFFFu};
   for (gsize i = 0; i < G_N_ELEMENTS (majors); i++) {
      mig_host host = *c->host;
      host.abi_major = majors[i];
      char error[512];
      memset (error, 'x', sizeof error);
      int32_t rc = mig_call_init (c->plugin, &host, error, sizeof error);
      if (rc == MIG_OK) {
         fail (c, "init() accepted ABI major %u", majors[i]);
         mig_call_deinit (c->plugin);
         continue;
      }
      if (rc != MIG_ERR_VERSION)
         fail (c, "init() with ABI major %u returned %s, not MIG_ERR_VERSION",
               majors[i], mig_status_name (rc));
      if (memchr (error, '\0', sizeof error) == NULL)
         fail (c, "init()'s error text is not NUL-terminated");
   }
   if (has_hooks_for_accounts (c))
      expect_not_initialised (c, "after a refused init()");
   note (c, "ABI majors 0, %d, 4294967295 refused with MIG_ERR_VERSION",
         MIG_ABI_VERSION_MAJOR + 1);
   return verdict_of (c);
}

// A copy of `src` (`size` bytes) in a buffer `size + TAIL` long, the tail
// zero or not, with struct_size (the first 4 bytes) set to `new_size`.
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
expect_size_result (Ctx *c, const char *what, SizeKind kind, int32_t rc)
{
   gboolean accepted = rc >= 0;
   if (kind == SIZE_LARGER_ZERO && !accepted)
      fail (c, "%s %s: refused (%s)", what, size_kind_name (kind),
            mig_status_name (rc));
   if (kind != SIZE_LARGER_ZERO && rc != MIG_ERR_INVALID_ARGUMENT)
      fail (c, "%s %s: returned %d, not MIG_ERR_INVALID_ARGUMENT", what,
            size_kind_name (kind), rc);
}

static uint32_t
size_for (SizeKind kind, size_t size)
{
   return kind == SIZE_SMALLER ? (uint32_t) (size - 8) : (uint32_t) (size + TAIL);
}

static void
check_struct_sizes (Ctx *c, SizeKind kind)
{
   mig_account account = account_for (c, "VALIDATE", MIG_VALIDATE_HEX_PRESENT);
   g_autofree mig_account *acc = resized (&account, sizeof account,
                                          size_for (kind, sizeof account),
                                          kind == SIZE_LARGER_DIRTY);
   if (hook (c, MIG_FN_pre_migrate) != NULL)
      expect_size_result (c, "mig_account", kind, pre_migrate (c, acc, NULL));
   const char *inserts[] = {"VALIDATE", c->fx.mmf_present, NULL};
   mig_event event = event_for (inserts, &account);
   g_autofree mig_event *ev = resized (&event, sizeof event,
                                       size_for (kind, sizeof event),
                                       kind == SIZE_LARGER_DIRTY);
   if (hook (c, MIG_FN_on_error) != NULL)
      expect_size_result (c, "mig_event", kind, on_error (c, ev, NULL));
   mig_batch batch = {sizeof batch, 1, 4242, c->fx.maildata};
   g_autofree mig_batch *ba = resized (&batch, sizeof batch,
                                       size_for (kind, sizeof batch),
                                       kind == SIZE_LARGER_DIRTY);
   if (hook (c, MIG_FN_batch_begin) != NULL) {
      int32_t rc = batch_begin (c, ba, NULL);
      expect_size_result (c, "mig_batch", kind, rc);
      if (rc >= 0 && hook (c, MIG_FN_batch_end) != NULL)
         batch_end (c, 4242);
   }
   // The answer is the host's output buffer: only its size rule applies
   // (smaller refused, and nothing written past struct_size).
   if (kind != SIZE_LARGER_DIRTY && hook (c, MIG_FN_pre_migrate) != NULL) {
      mig_answer answer;
      answer_init (&answer, NULL, 0);
      g_autofree unsigned char *an = resized (&answer, sizeof answer,
                                              size_for (kind, sizeof answer),
                                              FALSE);
      uint32_t size = size_for (kind, sizeof answer);
      memset (an + size, CANARY_BYTE, sizeof answer + TAIL - size);
      expect_size_result (c, "mig_answer", kind, pre_migrate (c, &account,
                                                              (mig_answer *) an));
      for (size_t i = size; i < sizeof answer + TAIL; i++) {
         if (an[i] != CANARY_BYTE) {
            fail (c, "mig_answer %s: the plugin wrote past struct_size",
                  size_kind_name (kind));
            break;
         }
      }
   }
}

static MigCaseResult
run_size_case (Ctx *c, SizeKind kind)
{
   if (!has_hooks_for_accounts (c) && hook (c, MIG_FN_batch_begin) == NULL)
      return MIG_CASE_SKIP;
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   check_struct_sizes (c, kind);
   mig_call_deinit (c->plugin);
   // mig_host at init(), last: a refused init() leaves nothing to undo.
   g_autofree mig_host *host = resized (c->host, sizeof *c->host,
                                        size_for (kind, sizeof *c->host),
                                        kind == SIZE_LARGER_DIRTY);
   int32_t rc = init_with (c, host);
   if (rc == MIG_OK)
      mig_call_deinit (c->plugin);
   // The ABI's tail rule covers mig_host like every other input struct.
   expect_size_result (c, "mig_host", kind, rc);
   note (c, "mig_account, mig_event, mig_batch, mig_answer, mig_host: %s",
         size_kind_name (kind));
   return verdict_of (c);
}

static MigCaseResult
case_struct_size_smaller (Ctx *c)
{
   return run_size_case (c, SIZE_SMALLER);
}

static MigCaseResult
case_struct_size_larger (Ctx *c)
{
   return run_size_case (c, SIZE_LARGER_ZERO);
}

static MigCaseResult
case_struct_size_nonzero_tail (Ctx *c)
{
   return run_size_case (c, SIZE_LARGER_DIRTY);
}

// The whole text with a big buffer; its length in *len.
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

static MigCaseResult
case_text_buffer_zero (Ctx *c)
{
   if (!has_hooks_for_accounts (c))
      return MIG_CASE_SKIP;
   if (!init_ok (c))
      return MIG_CASE_FAIL;
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
   mig_call_deinit (c->plugin);
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

static MigCaseResult
case_text_buffer_small (Ctx *c)
{
   if (!has_hooks_for_accounts (c))
      return MIG_CASE_SKIP;
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   int32_t rc;
   uint32_t needed;
   g_autofree char *full = full_text (c, "VALIDATE", &rc, &needed);
   uint32_t sizes[] = {1, 2, 3, 5, 8, 13, needed / 2, needed, needed + 1};
   for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++) {
      if (sizes[i] > 0)
         check_cut (c, full, needed, sizes[i]);
   }
   note (c, "one-byte and cut buffers: NUL-terminated, no overflow "
            "(whole text %u bytes)", needed);
   mig_call_deinit (c->plugin);
   return verdict_of (c);
}

static void
expect_refused (Ctx *c, const char *what, int32_t rc)
{
   if (rc != MIG_ERR_INVALID_ARGUMENT)
      fail (c, "%s returned %d, not MIG_ERR_INVALID_ARGUMENT", what, rc);
}

static MigCaseResult
case_null_arguments (Ctx *c)
{
   char error[256];
   expect_refused (c, "init(NULL host)",
                   mig_call_init (c->plugin, NULL, error, sizeof error));
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   char text[1024];
   mig_answer a;
   mig_account account = account_for (c, "VALIDATE", MIG_VALIDATE_HEX_PRESENT);
   if (hook (c, MIG_FN_pre_migrate) != NULL) {
      answer_init (&a, text, sizeof text);
      expect_refused (c, "pre-migrate(NULL account)", pre_migrate (c, NULL, &a));
      if (pre_migrate (c, &account, NULL) < 0)
         fail (c, "pre-migrate(account, NULL answer) failed; the answer is "
                  "optional");
      mig_account no_user = account;
      no_user.user = NULL;
      expect_refused (c, "pre-migrate(user NULL)", pre_migrate (c, &no_user, &a));
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
   if (hook (c, MIG_FN_on_error) != NULL) {
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
   if (hook (c, MIG_FN_batch_begin) != NULL) {
      answer_init (&a, text, sizeof text);
      expect_refused (c, "batch-begin(NULL batch)", batch_begin (c, NULL, &a));
   }
   if (hook (c, MIG_FN_catalog) != NULL)
      expect_refused (c, "catalog(0, NULL)", catalog_entry (c, 0, NULL));
   note (c, "NULL where required refused, NULL where optional accepted");
   mig_call_deinit (c->plugin);
   return verdict_of (c);
}

// ---- concurrency

typedef struct {
   int32_t rc;
   char cause[MIG_CAUSE_SIZE];
   char *text;
} Expected;

typedef struct {
   Ctx *c;
   const char *const *users;
   const char *const *hex_ids;
   guint n;
   Expected *expected;
   gint mismatches;
   char first_mismatch[256];
   GMutex lock;
} Shared;

static void
one_call (Ctx *c, const char *user, const char *hex, int32_t *rc,
          char cause[MIG_CAUSE_SIZE], char **text)
{
   char buffer[8192];
   mig_answer a;
   answer_init (&a, buffer, sizeof buffer);
   mig_account account = account_for (c, user, hex);
   if (hook (c, MIG_FN_pre_migrate) != NULL) {
      *rc = pre_migrate (c, &account, &a);
   } else {
      const char *inserts[] = {user, c->fx.mmf_present, NULL};
      mig_event event = event_for (inserts, &account);
      *rc = on_error (c, &event, &a);
   }
   memcpy (cause, a.cause, MIG_CAUSE_SIZE);
   cause[47] = '\0';
   buffer[sizeof buffer - 1] = '\0';
   *text = g_strdup (buffer);
}

static gpointer
concurrent_worker (gpointer data)
{
   Shared *s = data;
   for (guint k = 0; k < CALLS_PER_THREAD; k++) {
      guint i = (k + GPOINTER_TO_UINT (g_thread_self ())) % s->n;
      int32_t rc;
      char cause[MIG_CAUSE_SIZE];
      g_autofree char *text = NULL;
      one_call (s->c, s->users[i], s->hex_ids[i], &rc, cause, &text);
      if (rc != s->expected[i].rc || strcmp (cause, s->expected[i].cause) != 0 ||
          strcmp (text, s->expected[i].text) != 0) {
         g_mutex_lock (&s->lock);
         if (s->mismatches++ == 0)
            g_snprintf (s->first_mismatch, sizeof s->first_mismatch,
                        "account %s: %d/%s concurrently, %d/%s serially",
                        s->users[i], rc, cause, s->expected[i].rc,
                        s->expected[i].cause);
         g_mutex_unlock (&s->lock);
      }
   }
   return NULL;
}

static MigCaseResult
case_concurrent_calls (Ctx *c)
{
   if (!has_hooks_for_accounts (c))
      return MIG_CASE_SKIP;
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   static const char *const users[] = {"VALIDATE", "MISSING", "BADHEX",
                                       "Émile", "NOHEX", "LOWER"};
   static const char *const hex_ids[] = {MIG_VALIDATE_HEX_PRESENT,
                                         MIG_VALIDATE_HEX_MISSING, "XYZ",
                                         MIG_VALIDATE_HEX_PRESENT, NULL,
                                         "00000a01"};
   Shared s = {.c = c, .users = users, .hex_ids = hex_ids,
               .n = G_N_ELEMENTS (users)};
   Expected expected[G_N_ELEMENTS (users)];
   for (guint i = 0; i < s.n; i++)
      one_call (c, users[i], hex_ids[i], &expected[i].rc, expected[i].cause,
                &expected[i].text);
   s.expected = expected;
   g_mutex_init (&s.lock);
   GThread *threads[THREADS];
   for (int t = 0; t < THREADS; t++)
      threads[t] = g_thread_new ("validate", concurrent_worker, &s);
   for (int t = 0; t < THREADS; t++)
      g_thread_join (threads[t]);
   g_mutex_clear (&s.lock);
   for (guint i = 0; i < s.n; i++)
      g_free (expected[i].text);
   if (s.mismatches > 0)
      fail (c, "%d of %d concurrent answers differ from the serial run; first: "
               "%s", s.mismatches, THREADS * CALLS_PER_THREAD,
            s.first_mismatch);
   else
      note (c, "%d threads x %d calls match a serial run", THREADS,
            CALLS_PER_THREAD);
   mig_call_deinit (c->plugin);
   return verdict_of (c);
}

// ---- hostile strings

// Asks about an account built from hostile strings, through every hook that
// takes one; checks the answers are well-formed. `check` looks at each
// answer's text (may be NULL).
typedef void (*TextCheck) (Ctx *c, const char *what, int32_t rc,
                           const mig_answer *a, const char *text);

// A refused call (an error code) still leaves the text NUL-terminated (the
// header: "always NUL-terminated when text_size > 0") and writes nothing
// past the buffer. TRUE when the call was refused.
static gboolean
refused_cleanly (Ctx *c, const char *what, int32_t rc, const Guarded *g)
{
   if (rc >= 0)
      return FALSE;
   if (rc < MIG_ERR_INTERNAL)
      fail (c, "%s returned %d, neither a verdict nor an error", what, rc);
   if (!canary_intact (g, g->size))
      fail (c, "%s: refused, but wrote past a %u-byte text buffer", what,
            g->size);
   else if (g->size > 0 && memchr (g->buffer, '\0', g->size) == NULL)
      fail (c, "%s: refused, and left the %u-byte text buffer unterminated",
            what, g->size);
   return TRUE;
}

// Checks one hook's answer to hostile strings: refused cleanly, or a
// well-formed text and answer that `check` (may be NULL) looks at further.
static void
check_hostile_answer (Ctx *c, const char *what, int32_t rc, Guarded *g,
                      const mig_answer *a, TextCheck check)
{
   if (refused_cleanly (c, what, rc, g))
      ;
   else if (check_text (c, what, g)) {
      if (!answer_fields_ok (a))
         fail (c, "%s: an answer field is not terminated UTF-8", what);
      if (check != NULL)
         check (c, what, rc, a, g->buffer);
   }
   g_free (g->buffer);
}

static void
ask_hostile (Ctx *c, const char *user, const char *hex_id,
             const char *description, TextCheck check)
{
   mig_account account = account_for (c, user, hex_id);
   account.full_name = user;
   if (hook (c, MIG_FN_pre_migrate) != NULL) {
      Guarded g = guarded_new (4096);
      mig_answer a;
      answer_init (&a, g.buffer, g.size);
      int32_t rc = pre_migrate (c, &account, &a);
      check_hostile_answer (c, "pre-migrate", rc, &g, &a, check);
   }
   if (hook (c, MIG_FN_on_error) != NULL) {
      const char *inserts[] = {user, c->fx.mmf_missing, NULL};
      mig_event event = event_for (inserts, &account);
      event.description = description;
      Guarded g = guarded_new (4096);
      mig_answer a;
      answer_init (&a, g.buffer, g.size);
      int32_t rc = on_error (c, &event, &a);
      check_hostile_answer (c, "on-error", rc, &g, &a, check);
   }
}

static void
check_not_crashed_result (Ctx *c, const char *what, int32_t rc,
                          const mig_answer *a, const char *text)
{
   (void) a;
   (void) text;
   if (rc < MIG_ERR_INTERNAL || rc > MIG_VERDICT_BLOCK)
      fail (c, "%s returned %d, neither a verdict nor an error", what, rc);
}

static MigCaseResult
case_hostile_non_utf8 (Ctx *c)
{
   if (!has_hooks_for_accounts (c))
      return MIG_CASE_SKIP;
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   static const char *const bad[] = {"\xff\xfeU", "U\xc3\x28", "\xed\xa0\x80",
                                     "\xc0\xaf", "U\xf4\x90\x80\x80"};
   for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
      ask_hostile (c, bad[i], MIG_VALIDATE_HEX_PRESENT, bad[i],
                   check_not_crashed_result);
      ask_hostile (c, "VALIDATE", bad[i], "x", check_not_crashed_result);
   }
   note (c, "%zu invalid sequences as user, hex id and description: refused "
            "or answered in UTF-8", G_N_ELEMENTS (bad));
   mig_call_deinit (c->plugin);
   return verdict_of (c);
}

static MigCaseResult
case_hostile_long_strings (Ctx *c)
{
   if (!has_hooks_for_accounts (c))
      return MIG_CASE_SKIP;
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   g_autofree char *ascii = g_malloc (HOSTILE_LEN + 1);
   memset (ascii, 'A', HOSTILE_LEN);
   ascii[HOSTILE_LEN] = '\0';
   // Multi-byte characters, so that a cut must land on a boundary.
   GString *wide = g_string_new (NULL);
   while (wide->len < HOSTILE_LEN)
      g_string_append (wide, "Ä€😀");
   ask_hostile (c, ascii, MIG_VALIDATE_HEX_MISSING, ascii,
                check_not_crashed_result);
   ask_hostile (c, wide->str, MIG_VALIDATE_HEX_MISSING, wide->str,
                check_not_crashed_result);
   ask_hostile (c, "VALIDATE", ascii, ascii, check_not_crashed_result);
   g_string_free (wide, TRUE);
   note (c, "64 KiB user, hex id and description: answered within a 4 KiB "
            "buffer");
   mig_call_deinit (c->plugin);
   return verdict_of (c);
}

#define FORMAT_USER "FMT%n%s%x%p%99999dEND"

static void
check_format_literal (Ctx *c, const char *what, int32_t rc,
                      const mig_answer *a, const char *text)
{
   check_not_crashed_result (c, what, rc, a, text);
   // Wherever the name shows, it shows whole: no directive was expanded.
   const char *at = strstr (text, "FMT");
   if (at != NULL && !g_str_has_prefix (at, FORMAT_USER))
      fail (c, "%s: the user name %s was not written literally", what,
            FORMAT_USER);
}

static MigCaseResult
case_hostile_format_strings (Ctx *c)
{
   if (!has_hooks_for_accounts (c))
      return MIG_CASE_SKIP;
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   ask_hostile (c, FORMAT_USER, MIG_VALIDATE_HEX_MISSING, FORMAT_USER,
                check_format_literal);
   ask_hostile (c, FORMAT_USER, "%n%n%n%n", "%s%s%s%s", check_format_literal);
   note (c, "\"%s\" in names, ids and descriptions: literal or refused",
         FORMAT_USER);
   mig_call_deinit (c->plugin);
   return verdict_of (c);
}

// C0 controls other than newline and tab, DEL, and C1 controls (U+0080 to
// U+009F, which terminals also obey).
static const char *
find_control (const char *text)
{
   for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p)) {
      gunichar ch = g_utf8_get_char (p);
      if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f ||
          (ch >= 0x80 && ch <= 0x9f))
         return p;
   }
   return NULL;
}

static void
check_no_escapes (Ctx *c, const char *what, int32_t rc, const mig_answer *a,
                  const char *text)
{
   check_not_crashed_result (c, what, rc, a, text);
   const char *fields[] = {text, a->cause, a->path, a->documentation,
                           a->holder_program, a->holder_unix_user,
                           a->holder_smb_user, a->holder_client_machine};
   for (gsize i = 0; i < G_N_ELEMENTS (fields); i++) {
      const char *at = find_control (fields[i]);
      if (at != NULL)
         fail (c, "%s: the answer holds control character U+%04X (a terminal "
                  "escape reaches the operator's screen)",
               what, g_utf8_get_char (at));
   }
}

static MigCaseResult
case_hostile_terminal_escapes (Ctx *c)
{
   if (!has_hooks_for_accounts (c))
      return MIG_CASE_SKIP;
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   static const char *const names[] = {
      "U\x1b]0;pwned\x07NAME", "U\x1b[31mRED\x1b[0m", "U\xc2\x9b" "31mC1",
      "U\rOVERWRITE\b\b", "U\x7f\x01\x02"};
   for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
      ask_hostile (c, names[i], MIG_VALIDATE_HEX_MISSING, names[i],
                   check_no_escapes);
   note (c, "ESC, BEL, CSI, CR, BS, DEL in names: none in the answers");
   mig_call_deinit (c->plugin);
   return verdict_of (c);
}

// ---------------------------------------------------------------------------
// Truthful answers

// A hook's return value in words: a verdict's name, else the error's.
static const char *
returned (int32_t v)
{
   const char *verdict = mig_verdict_name (v);
   return verdict ? verdict : mig_status_name (v);
}

// A post office batch-begin/1 blocks (the folder above MAILDATA, which the
// wizard refuses) is blocked for every account by pre-migrate/1 too, with
// the same cause, inside the batch and outside one.
static MigCaseResult
case_postoffice_verdict_in_pre_migrate (Ctx *c)
{
   if (hook (c, MIG_FN_batch_begin) == NULL || hook (c, MIG_FN_pre_migrate) == NULL)
      return MIG_CASE_SKIP;
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   mig_batch batch = {.struct_size = sizeof batch, .batch_id = 77, .postoffice = c->fx.root};
   mig_answer po;
   answer_init (&po, NULL, 0);
   int32_t v = batch_begin (c, &batch, &po);
   if (v != MIG_VERDICT_BLOCK) {
      note (c, "batch-begin did not block the folder above MAILDATA (%s): nothing to "
               "carry into pre-migrate", returned (v));
      if (v >= 0)
         batch_end (c, batch.batch_id);
      mig_call_deinit (c->plugin);
      return verdict_of (c);
   }
   for (uint64_t id = 0; id <= batch.batch_id; id += batch.batch_id) {
      mig_account account = account_for (c, "VALIDATE", MIG_VALIDATE_HEX_PRESENT);
      account.postoffice = c->fx.root;
      account.batch_id = id;
      mig_answer a;
      answer_init (&a, NULL, 0);
      int32_t pv = pre_migrate (c, &account, &a);
      if (pv != MIG_VERDICT_BLOCK || strcmp (a.cause, po.cause) != 0)
         fail (c, "batch-begin blocked the post office (%s), pre-migrate %s said %s (%s)",
               po.cause, id ? "in the batch" : "outside a batch", returned (pv),
               a.cause);
   }
   batch_end (c, batch.batch_id);
   if (c->n_failures == 0)
      note (c, "post office blocked (%s) by batch-begin and by every pre-migrate", po.cause);
   mig_call_deinit (c->plugin);
   return verdict_of (c);
}

#ifndef G_OS_WIN32
// The holder fields agree with each other: a holder named means one
// counted; none counted means none named; a message id means text.
static void
check_holder_fields (Ctx *c, const char *what, const mig_answer *a)
{
   gboolean named = a->holder_lock != MIG_LOCK_NONE || a->holder_pid != 0 ||
                    a->holder_program[0] || a->holder_smb_user[0];
   if (named && a->holder_count == 0)
      fail (c, "%s: a holder is named but holder_count is 0", what);
   if (!named && a->holder_count > 0)
      fail (c, "%s: holder_count %u but no holder named", what, a->holder_count);
   if ((a->flags & MIG_ANSWER_HOLDER_IS_HOST) && !named)
      fail (c, "%s: HOLDER_IS_HOST set with no holder named", what);
}

// Whether this process holds a POSIX lock on `path`: asked from a child,
// since F_GETLK from the owner always answers "unlocked".
static gboolean
locked_by_me (const char *path)
{
   pid_t me = getpid ();
   pid_t child = fork ();
   if (child == 0) {
      int fd = open (path, O_RDONLY);
      struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
      gboolean ok = fd >= 0 && fcntl (fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK &&
                    fl.l_pid == me;
      _exit (ok ? 0 : 1);
   }
   int status = 0;
   waitpid (child, &status, 0);
   return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}
#endif

// The host itself holds a POSIX lock on the account's MMF: pre-migrate
// keeps it (no close() in the host's process drops it), does not take it
// for a client (the verdict is the one without it), and, if it names the
// holder, flags it as the host.
static MigCaseResult
case_host_held_lock (Ctx *c)
{
#ifdef G_OS_WIN32
   note (c, "POSIX record locks are a Unix matter");
   return MIG_CASE_SKIP;
#else
   if (hook (c, MIG_FN_pre_migrate) == NULL)
      return MIG_CASE_SKIP;
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   mig_account account = account_for (c, "VALIDATE", MIG_VALIDATE_HEX_PRESENT);
   char text[4096];
   mig_answer before;
   answer_init (&before, text, sizeof text);
   int32_t free_verdict = pre_migrate (c, &account, &before);
   check_holder_fields (c, "without a lock", &before);

   int fd = open (c->fx.mmf_present, O_RDWR);
   struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
   if (fd < 0 || fcntl (fd, F_SETLK, &fl) != 0) {
      fail (c, "cannot lock %s for the case", c->fx.mmf_present);
      if (fd >= 0)
         close (fd);
      mig_call_deinit (c->plugin);
      return verdict_of (c);
   }
   mig_answer a;
   answer_init (&a, text, sizeof text);
   int32_t v = pre_migrate (c, &account, &a);
   if (!locked_by_me (c->fx.mmf_present))
      fail (c, "the host's own POSIX lock was gone after pre-migrate");
   if (v != free_verdict)
      fail (c, "the host's own lock changed the verdict from %s to %s (%s)",
            returned (free_verdict), returned (v), a.cause);
   check_holder_fields (c, "with the host's lock", &a);
   if (a.holder_pid == getpid () && !(a.flags & MIG_ANSWER_HOLDER_IS_HOST))
      fail (c, "the holder named is the host (pid %" G_GINT64_FORMAT ") without "
               "MIG_ANSWER_HOLDER_IS_HOST", (gint64) a.holder_pid);
   if (c->n_failures == 0)
      note (c, "lock kept, verdict %s unchanged%s", returned (v),
            a.flags & MIG_ANSWER_HOLDER_IS_HOST ? ", host flagged as the holder" : "");
   close (fd);
   mig_call_deinit (c->plugin);
   return verdict_of (c);
#endif
}

// ---------------------------------------------------------------------------

typedef struct {
   MigValidateCaseInfo info;
   MigCaseResult (*run) (Ctx *c);
} Case;

static const Case cases[] = {
   {{"load-time", "load plus init within 100 ms"}, case_load_time},
   {{"unknown-hook-ids", "unknown and trailing-garbage ids give NULL"},
    case_unknown_hook_ids},
   {{"get-hook-null", "get_hook(NULL) gives NULL"}, case_get_hook_null},
   {{"hooks-before-init", "hooks answer NOT_INITIALISED before init"},
    case_hooks_before_init},
   {{"init-deinit-init", "init, deinit, init again"}, case_init_deinit_init},
   {{"init-reference-counted", "init counted; extra deinit ignored"},
    case_init_reference_counted},
   {{"abi-major-mismatch", "another ABI major refused with MIG_ERR_VERSION"},
    case_abi_major_mismatch},
   {{"struct-size-smaller", "structs below the 1.0 size refused"},
    case_struct_size_smaller},
   {{"struct-size-larger", "larger structs with a zero tail accepted"},
    case_struct_size_larger},
   {{"struct-size-nonzero-tail", "larger structs with a non-zero tail refused"},
    case_struct_size_nonzero_tail},
   {{"text-buffer-zero", "text_size 0: text_needed reported, nothing written"},
    case_text_buffer_zero},
   {{"text-buffer-small", "one-byte and cut buffers: terminated, no overflow"},
    case_text_buffer_small},
   {{"null-arguments", "NULL account, answer, event, batch, host"},
    case_null_arguments},
   {{"concurrent-calls", "8 threads give the answers of a serial run"},
    case_concurrent_calls},
   {{"hostile-non-utf8", "non-UTF-8 refused or answered in UTF-8"},
    case_hostile_non_utf8},
   {{"hostile-long-strings", "64 KiB strings"}, case_hostile_long_strings},
   {{"hostile-format-strings", "%n%s in names appear literally"},
    case_hostile_format_strings},
   {{"hostile-terminal-escapes", "terminal escapes never reach the text"},
    case_hostile_terminal_escapes},
   {{"postoffice-verdict-in-pre-migrate", "a post office batch-begin blocks, pre-migrate blocks"},
    case_postoffice_verdict_in_pre_migrate},
   {{"host-held-lock", "the host's own lock kept, not a client, flagged if named"},
    case_host_held_lock},
};

gsize
mig_validate_n_cases (void)
{
   return G_N_ELEMENTS (cases);
}

const MigValidateCaseInfo *
mig_validate_case_at (gsize i)
{
   return i < G_N_ELEMENTS (cases) ? &cases[i].info : NULL;
}

static const Case *
find_case (const char *name)
{
   for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
      if (strcmp (cases[i].info.name, name) == 0)
         return &cases[i];
   }
   return NULL;
}

gboolean
mig_validate_case_exists (const char *name)
{
   return find_case (name) != NULL;
}

MigCaseResult
mig_validate_case_run (const char *name, const char *path,
                       const char *config_path)
{
   const Case *k = find_case (name);
   g_autoptr (GError) error = NULL;
   Ctx c = {.detail = g_string_new (NULL)};
   MigCaseResult result = MIG_CASE_FAIL;
   c.services = mig_host_services_new (NULL, config_path, &error);
   if (c.services != NULL && mig_validate_fixture_make (&c.fx, &error)) {
      c.host = mig_host_services_host (c.services);
      gint64 start = g_get_monotonic_time ();
      c.plugin = mig_plugin_load (path, &error);
      c.load_us = g_get_monotonic_time () - start;
   }
   if (k == NULL)
      fail (&c, "no case %s", name);
   else if (c.plugin == NULL)
      fail (&c, "%s", error != NULL ? error->message : "setup failed");
   else
      result = k->run (&c);
   if (result == MIG_CASE_SKIP && c.detail->len == 0)
      g_string_append (c.detail, "the plugin offers none of the hooks needed");
   printf ("%s\n", c.detail->str);
   fflush (stdout);
   // The plugin may be in any state: leave it loaded, only clean our files.
   mig_validate_fixture_clear (&c.fx);
   mig_plugin_free (c.plugin);
   mig_host_services_free (c.services);
   g_string_free (c.detail, TRUE);
   return result;
}
