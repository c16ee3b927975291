// broken-host.c — a mig host that breaks one rule of the ABI per run, on
// purpose, so that tests/test-host-check.c can show mig-host-check reports
// each rule broken, and only that rule:
//   broken-host CHECKER CASE [crash|get-hook]
// CASE is a rule id of host-check/host-check-rules.h, or "clean" for a run
// that keeps every rule; with "crash" the host kills itself (SIGKILL) right
// after it broke the rule, before deinit(); with "get-hook" it breaks
// string-required through get_hook (NULL) instead of a NULL user name. Its
// log callback prints to stderr.
// Every case runs the same session (init, a batch of one pre-migrate, a
// pre-migrate outside the batch, on-error, catalog/1, deinit), broken at one
// place, marked BROKEN below.

#include "mig-plugin.h"

#include <dlfcn.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *broken; // the case: the rule broken in this run
static const mig_plugin_entry *entry;
static const mig_hook_batch_begin *batch_begin;
static const mig_hook_batch_end *batch_end;
static const mig_hook_pre_migrate *pre_migrate;
static const mig_hook_on_error *on_error;
static const mig_hook_catalog *catalog;
static GThread *main_thread;
static gboolean findings_withdrawn;
static gboolean reentered;
static gboolean in_batch_pre_migrate;
static gboolean crash;    // killed before deinit()
static gboolean get_hook; // string-required broken by get_hook (NULL)

static gboolean
breaks (const char *rule)
{
   return strcmp (broken, rule) == 0;
}

static void MIG_CALL
host_log (const mig_host *host, int32_t level, const char *message)
{
   (void) host;
   fprintf (stderr, "broken-host log %d: %s\n", (int) level, message);
   if (breaks ("callback-threads") && g_thread_self () != main_thread)
      g_usleep (G_MAXINT); // BROKEN: log hangs on any other thread
   if (breaks ("no-reentry") && !reentered) {
      reentered = TRUE;
      (void) entry->get_hook (MIG_HOOK_CATALOG); // BROKEN: calls in from log
   }
}

static gpointer
deinit_thread (gpointer unused)
{
   (void) unused;
   entry->deinit ();
   return NULL;
}

static gpointer
batch_end_thread (gpointer unused)
{
   (void) unused;
   (void) batch_end->end (1);
   return NULL;
}

// Runs `function` on another thread (not re-entry) while this thread is
// inside the plugin's hook, and waits for it.
static void
while_in_hook (GThreadFunc function)
{
   g_thread_join (g_thread_new ("broken-host", function, NULL));
}

static void MIG_CALL
findings_add (const mig_host *host, const mig_answer *answer,
              const mig_finding *finding)
{
   (void) host;
   (void) answer;
   (void) finding;
   if (breaks ("hook-during-last-deinit") && findings_withdrawn)
      while_in_hook (deinit_thread); // BROKEN: last deinit during a hook
}

static void MIG_CALL
findings_add_ending_batch (const mig_host *host, const mig_answer *answer,
                           const mig_finding *finding)
{
   (void) host;
   (void) answer;
   (void) finding;
   if (in_batch_pre_migrate)
      while_in_hook (batch_end_thread); // BROKEN: batch ended during its call
}

static const mig_service_findings findings = {findings_add};
static const mig_service_findings findings_ending_batch = {
   findings_add_ending_batch};
static const mig_service_findings findings_without_add = {NULL};

static const void *MIG_CALL
host_get_service (const mig_host *host, const char *id)
{
   (void) host;
   if (breaks ("service-unknown-null"))
      return &findings; // BROKEN: every id is "offered"
   if (strcmp (id, MIG_SERVICE_FINDINGS) != 0)
      return NULL;
   if (breaks ("service-functions"))
      return &findings_without_add; // BROKEN: a NULL function
   if (breaks ("service-kept") && findings_withdrawn)
      return NULL; // BROKEN: withdrawn before the last deinit
   if (breaks ("batch-end-after-calls"))
      return &findings_ending_batch;
   return &findings;
}

static mig_host host = {
   .struct_size = sizeof (mig_host),
   .abi_major = MIG_ABI_VERSION_MAJOR,
   .abi_minor = MIG_ABI_VERSION_MINOR,
   .abi_revision = MIG_ABI_VERSION_REVISION,
   .name = "broken-host",
   .version = "1",
   .log = host_log,
   .get_service = host_get_service,
};

// An account with room for a longer struct behind it.
typedef struct {
   mig_account a;
   unsigned char tail[MIG_MAX_STRUCT_GROWTH + 64];
} LongAccount;

static void
account_init (LongAccount *account, uint64_t batch_id)
{
   memset (account, 0, sizeof *account);
   account->a = (mig_account){.struct_size = sizeof (mig_account),
                              .batch_id = batch_id,
                              .postoffice = "/srv/po/MAILDATA",
                              .user = "JSMITH",
                              .hex_id = "0000023A"};
   if (breaks ("struct-size-min"))
      account->a.struct_size = sizeof (mig_account) - 8; // BROKEN
   if (breaks ("struct-size-max"))
      account->a.struct_size =
         sizeof (mig_account) + MIG_MAX_STRUCT_GROWTH + 8; // BROKEN
   if (breaks ("struct-tail-zero")) {
      account->a.struct_size = sizeof (mig_account) + 16;
      account->tail[4] = 1; // BROKEN: a byte the plugin cannot know
   }
   if (breaks ("reserved-zero"))
      account->a.reserved = 1; // BROKEN
   if (breaks ("string-required") && !get_hook)
      account->a.user = NULL; // BROKEN
   if (breaks ("string-utf8"))
      account->a.user = "J\xff"; // BROKEN
   if (breaks ("postoffice-absolute") && batch_id == 0)
      account->a.postoffice = "po/MAILDATA"; // BROKEN: relative
   if (breaks ("batch-postoffice") && batch_id != 0)
      account->a.postoffice = "/srv/other/MAILDATA"; // BROKEN
}

static char text[256];

static void
answer_init (mig_answer *answer)
{
   *answer = (mig_answer){
      .struct_size = sizeof *answer, .text = text, .text_size = sizeof text};
   if (breaks ("answer-text"))
      answer->text = NULL; // BROKEN: no buffer for text_size bytes
   if (breaks ("answer-zeroed"))
      answer->retry_after_s = 5; // BROKEN: left from an earlier call
}

static void
run_batch (void)
{
   mig_answer answer;
   answer_init (&answer);
   mig_batch batch = {.struct_size = sizeof batch,
                      .batch_id = breaks ("batch-id") ? 0 : 1, // BROKEN
                      .postoffice = "/srv/po/MAILDATA"};
   // A batch begun with an error is not open, and not ended.
   gboolean open = batch_begin->begin (&batch, &answer) >= 0;
   LongAccount account;
   uint64_t batch_id = open ? batch.batch_id : 0;
   if (breaks ("batch-open"))
      batch_id = 7; // BROKEN: never begun
   account_init (&account, batch_id);
   answer_init (&answer);
   in_batch_pre_migrate = TRUE;
   (void) pre_migrate->pre_migrate (&account.a, &answer);
   in_batch_pre_migrate = FALSE;
   if (open && !breaks ("batch-end-after-calls"))
      (void) batch_end->end (1);
   if (breaks ("batch-end-once"))
      (void) batch_end->end (1); // BROKEN: ended twice
}

static void
run_outside_batch (void)
{
   LongAccount account;
   account_init (&account, 0);
   mig_answer answer;
   answer_init (&answer);
   const mig_account *passed = &account.a;
   if (breaks ("required-pointer"))
      passed = NULL; // BROKEN
   (void) pre_migrate->pre_migrate (passed, &answer);

   const char *inserts[] = {"JSMITH", "/srv/po/MAILDATA/MMF/0000023A.MMF"};
   mig_event event = {.struct_size = sizeof event,
                      .event_id = 7007,
                      .inserts = inserts,
                      .n_inserts = 2};
   if (breaks ("inserts"))
      event.inserts = NULL; // BROKEN: two inserts that are not there
   answer_init (&answer);
   (void) on_error->on_error (&event, &answer);

   // Kept: a catalog entry longer than the plugin knows, its tail not
   // zeroed, for the plugin neither reads nor writes it.
   struct {
      mig_catalog_entry e;
      unsigned char tail[16];
   } long_entry = {.e.struct_size = sizeof long_entry};
   memset (long_entry.tail, 0xa5, sizeof long_entry.tail);
   (void) catalog->entry (0, &long_entry.e);
   if (breaks ("string-required") && get_hook)
      (void) entry->get_hook (NULL); // BROKEN
}

int
main (int argc, char **argv)
{
   if (argc != 3 && !(argc == 4 && (strcmp (argv[3], "crash") == 0 ||
                                    strcmp (argv[3], "get-hook") == 0))) {
      fprintf (stderr, "usage: broken-host CHECKER CASE [crash|get-hook]\n");
      return 2;
   }
   crash = argc == 4 && strcmp (argv[3], "crash") == 0;
   get_hook = argc == 4 && strcmp (argv[3], "get-hook") == 0;
   broken = argv[2];
   main_thread = g_thread_self ();
   void *module = dlopen (argv[1], RTLD_NOW | RTLD_LOCAL);
   entry = module != NULL ? dlsym (module, MIG_ENTRY_SYMBOL) : NULL;
   if (entry == NULL) {
      fprintf (stderr, "broken-host: cannot load %s: %s\n", argv[1],
               dlerror ());
      return 2;
   }
   batch_begin = entry->get_hook (MIG_HOOK_BATCH_BEGIN);
   batch_end = entry->get_hook (MIG_HOOK_BATCH_END);
   pre_migrate = entry->get_hook (MIG_HOOK_PRE_MIGRATE);
   on_error = entry->get_hook (MIG_HOOK_ON_ERROR);
   catalog = entry->get_hook (MIG_HOOK_CATALOG);
   if (!batch_begin || !batch_end || !pre_migrate || !on_error || !catalog) {
      fprintf (stderr, "broken-host: %s lacks a hook\n", argv[1]);
      return 2;
   }
   // A verdict with a cause, so that findings/1's add is called.
   g_setenv ("MIG_HOST_CHECK_VERDICT",
             breaks ("hook-during-last-deinit") ||
                   breaks ("batch-end-after-calls")
                ? "defer"
                : "no-opinion",
             TRUE);

   if (breaks ("hook-before-init")) {
      mig_answer answer;
      answer_init (&answer);
      LongAccount account;
      account_init (&account, 0);
      (void) pre_migrate->pre_migrate (&account.a, &answer); // BROKEN
   }
   if (breaks ("host-abi-major"))
      host.abi_major = MIG_ABI_VERSION_MAJOR + 1; // BROKEN
   char error[256];
   int32_t code = breaks ("init-error-buffer")
                     ? entry->init (&host, NULL, sizeof error) // BROKEN
                     : entry->init (&host, error, sizeof error);
   if (code != MIG_OK)
      return 0; // nothing else to break without a plugin
   if (breaks ("host-valid-until-deinit"))
      host.name = "renamed"; // BROKEN: changed while the plugin holds it

   run_batch ();
   run_outside_batch ();
   if (crash)
      raise (SIGKILL); // no deinit(), no exit handlers, no core file

   findings_withdrawn = TRUE;
   if (breaks ("hook-during-last-deinit")) {
      // The last deinit runs inside this pre-migrate (findings_add).
      LongAccount account;
      account_init (&account, 0);
      mig_answer answer;
      answer_init (&answer);
      (void) pre_migrate->pre_migrate (&account.a, &answer);
      return 0;
   }
   if (!breaks ("deinit-pairing"))
      entry->deinit ();
   else {
      entry->deinit ();
      entry->deinit (); // BROKEN: one more than init
   }
   if (breaks ("hook-after-deinit")) {
      mig_catalog_entry catalog_entry = {.struct_size = sizeof catalog_entry};
      (void) catalog->entry (0, &catalog_entry); // BROKEN
   }
   return 0;
}
