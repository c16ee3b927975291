// Many host threads calling hooks at once, through the ABI: 8 threads ×
// MMFG_STRESS_CALLS calls (100,000 by default), pre-migrate (inside a batch)
// and on-error mixed, on one post office with a held MMF, a recovered
// password, a missing MMF and an invalid id. Every answer must equal the one
// a serial run gave for the same request, the findings the plugin reports
// through the host's findings/1 too (each on the calling thread, with that
// call's answer). Run under TSan for races.

#include <glib/gstdio.h>
#include <string.h>

#include "mig-plugin.h"
#include "clock-text.h"
#include "plugin-fixture.h"
#include "postoffice-fixture.h"

#define THREADS 8
#define TEXT_SIZE 4096

typedef struct {
   int kind; // 0 pre-migrate, 1 on-error
   const char *user;
   const char *hex;
   gint64 recovered;
   uint32_t event_id;
   const char *inserts[2];
} Request;

typedef struct {
   int32_t verdict;
   char cause[48];
   guint text_hash;
   guint n_findings;
   char first_finding[48];
} Result;

static const mig_plugin_entry *entry;
static const mig_hook_pre_migrate *pre;
static const mig_hook_on_error *on_error;
static PostofficeFixture po;
static Request requests[8];
static Result expected[G_N_ELEMENTS (requests)];
static guint64 calls_per_thread;
static const uint64_t BATCH = 77;

// findings/1: the call this thread is making, and reports that came with
// another answer or on another thread.
static _Thread_local struct {
   const mig_answer *asking;
   Result *result;
} current;
static gint stray_findings;

static void MIG_CALL
add_finding (const mig_host *host, const mig_answer *answer,
             const mig_finding *f)
{
   (void) host;
   if (answer == NULL || answer != current.asking) {
      g_atomic_int_inc (&stray_findings);
      return;
   }
   if (current.result->n_findings++ == 0)
      g_strlcpy (current.result->first_finding, f->cause,
                 sizeof current.result->first_finding);
}

static const void *MIG_CALL
get_service (const mig_host *host, const char *id)
{
   (void) host;
   static const mig_service_findings findings = {add_finding};
   return strcmp (id, MIG_SERVICE_FINDINGS) == 0 ? &findings : NULL;
}

static Result
call (const Request *r)
{
   char text[TEXT_SIZE];
   mig_answer a = {
      .struct_size = sizeof a, .text = text, .text_size = sizeof text};
   Result out = {0};
   current.asking = &a;
   current.result = &out;
   if (r->kind == 0) {
      mig_account acct = {.struct_size = sizeof acct,
                          .batch_id = BATCH,
                          .postoffice = po.maildata,
                          .user = r->user,
                          .hex_id = r->hex,
                          .password_recovered_at = r->recovered};
      out.verdict = pre->pre_migrate (&acct, &a);
   } else {
      mig_event e = {.struct_size = sizeof e,
                     .event_id = r->event_id,
                     .inserts = r->inserts,
                     .n_inserts = 2};
      out.verdict = on_error->on_error (&e, &a);
   }
   current.asking = NULL;
   g_strlcpy (out.cause, a.cause, sizeof out.cause);
   // Texts carry the check's time ("Found at …", "Checked again at …"):
   // compare them without it.
   g_autofree char *masked = clock_text_masked (text);
   out.text_hash = g_str_hash (masked);
   return out;
}

static gpointer
worker (gpointer data)
{
   guint seed = GPOINTER_TO_UINT (data);
   guint mismatches = 0;
   for (guint64 i = 0; i < calls_per_thread; i++) {
      guint k = (guint) ((i * 7 + seed) % G_N_ELEMENTS (requests));
      Result got = call (&requests[k]);
      if (got.verdict != expected[k].verdict ||
          strcmp (got.cause, expected[k].cause) != 0 ||
          got.text_hash != expected[k].text_hash ||
          got.n_findings != expected[k].n_findings ||
          strcmp (got.first_finding, expected[k].first_finding) != 0)
         mismatches++;
   }
   return GUINT_TO_POINTER (mismatches);
}

static void
test_threads_agree_with_serial (void)
{
   const char *args[] = {NULL};
   postoffice_fixture_make (&po, 6, args);
   g_autofree char *gone = postoffice_fixture_mmf (&po, "00000A06.MMF");
   g_assert_cmpint (g_remove (gone), ==, 0);
   gint64 now = g_get_real_time () / G_USEC_PER_SEC;
   requests[0] = (Request){0, "U00001", "00000A01", 0, 0, {NULL, NULL}};
   requests[1] = (Request){0, "U00002", "00000A02", now, 0, {NULL, NULL}};
   requests[2] = (Request){0, "U00006", "00000A06", 0, 0, {NULL, NULL}};
   requests[3] =
      (Request){0, "EVIL%n%s\x1b[31m", "../../etc/shadow", 0, 0, {NULL, NULL}};
   requests[4] = (Request){1, NULL, NULL, 0, 7017, {"U00001", "x"}};
   requests[5] = (Request){1, NULL, NULL, 0, 7026, {"U00002", "x"}};
   requests[6] =
      (Request){1, NULL, NULL,
                0, 7007, {"U00003", "\\\\NOMAP\\SHARE\\MMF\\00000A03.MMF"}};
   requests[7] = (Request){1, NULL, NULL, 0, 4242, {"U00004", "unknown event"}};

   mig_batch b = {
      .struct_size = sizeof b, .batch_id = BATCH, .postoffice = po.maildata};
   const mig_hook_batch_begin *begin = entry->get_hook (MIG_HOOK_BATCH_BEGIN);
   const mig_hook_batch_end *end = entry->get_hook (MIG_HOOK_BATCH_END);
   g_assert_cmpint (begin->begin (&b, NULL), ==, MIG_VERDICT_PROCEED);

   for (gsize k = 0; k < G_N_ELEMENTS (requests); k++)
      expected[k] = call (&requests[k]);
   g_assert_cmpint (expected[0].verdict, ==, MIG_VERDICT_PROCEED);
   g_assert_cmpstr (expected[1].cause, ==, "password-not-synchronised");
   g_assert_cmpstr (expected[2].cause, ==, "mmf-not-on-postoffice");
   g_assert_cmpstr (expected[3].cause, ==, "invalid-hex-id");
   g_assert_cmpint (expected[4].verdict, ==, MIG_VERDICT_BLOCK);
   g_assert_cmpstr (expected[6].cause, ==, "mmf-path-unresolved");
   g_assert_cmpint (expected[7].verdict, ==, MIG_VERDICT_NO_OPINION);
   // The findings name the answer's cause first; none without a cause.
   for (gsize k = 0; k < G_N_ELEMENTS (requests); k++) {
      g_assert_cmpuint (expected[k].n_findings > 0, ==,
                        expected[k].cause[0] != '\0' &&
                           expected[k].verdict > 0);
      if (expected[k].n_findings > 0)
         g_assert_cmpstr (expected[k].first_finding, ==, expected[k].cause);
   }

   GThread *threads[THREADS];
   for (guint t = 0; t < THREADS; t++)
      threads[t] = g_thread_new ("hooks", worker, GUINT_TO_POINTER (t));
   guint mismatches = 0;
   for (guint t = 0; t < THREADS; t++)
      mismatches += GPOINTER_TO_UINT (g_thread_join (threads[t]));
   g_assert_cmpuint (mismatches, ==, 0);
   g_assert_cmpint (end->end (BATCH), ==, MIG_OK);
   postoffice_fixture_clear (&po);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   const char *n = g_getenv ("MMFG_STRESS_CALLS");
   calls_per_thread = n ? g_ascii_strtoull (n, NULL, 10) : 100000;

   entry = plugin_fixture_entry ();
   static mig_host host = {.struct_size = sizeof (mig_host),
                           .abi_major = MIG_ABI_VERSION_MAJOR,
                           .name = "test-concurrency",
                           .version = "1",
                           .get_service = get_service};
   g_assert_cmpint (entry->init (&host, NULL, 0), ==, MIG_OK);
   pre = entry->get_hook (MIG_HOOK_PRE_MIGRATE);
   on_error = entry->get_hook (MIG_HOOK_ON_ERROR);

   g_test_add_func ("/concurrency/threads-agree-with-serial",
                    test_threads_agree_with_serial);
   int rc = g_test_run ();
   g_assert_cmpint (g_atomic_int_get (&stray_findings), ==, 0);
   entry->deinit ();
   return rc;
}
