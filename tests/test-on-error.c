// on-error/1 through the ABI: each scenario of a 7000/7007/151 event gets the
// cause found by re-checking now, reached by insertion strings or by the
// wizard's text alone, through a Windows path mapped in the configuration,
// in English and in German; the wizard's other events get their entry, and
// unknown ones no opinion.

#include <gio/gio.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "findings-recorder.h"
#include "plugin-fixture.h"
#include "lock-holder-process.h"
#include "mig-plugin.h"
#include "postoffice-fixture.h"

typedef struct {
   const mig_plugin_entry *entry;
   const mig_hook_on_error *hook;
   mig_host host;
   PostofficeFixture po;
   char *config;
   LockHolderProcess *holder;
   FindingsRecorder rec; // findings/1
   char text[8192];
} Fixture;

static void
setup_with_locale (Fixture *f, const char *locale)
{
   postoffice_fixture_make (&f->po, 4, NULL);
   f->config = g_build_filename (f->po.root, "mmfguard.ini", NULL);
   g_autofree char *ini = g_strdup_printf (
      "[samba]\nmode = off\n"
      "[path-map mailsrv]\nwindows = \\\\MAILSRV\\MAILDATA\nlocal = %s\n",
      f->po.maildata);
   g_assert_true (g_file_set_contents (f->config, ini, -1, NULL));
   f->entry = plugin_fixture_entry ();
   f->host = (mig_host){.struct_size = sizeof (mig_host),
                        .abi_major = MIG_ABI_VERSION_MAJOR,
                        .name = "test-on-error",
                        .version = "1",
                        .locale = locale,
                        .config_path = f->config};
   findings_recorder_attach (&f->rec, &f->host);
   char error[512];
   g_assert_cmpint (f->entry->init (&f->host, error, sizeof error), ==, MIG_OK);
   f->hook = plugin_fixture_hook (MIG_HOOK_ON_ERROR);

   // U00002's client is running: a real process holds its MMF.
   g_autofree char *mmf = postoffice_fixture_mmf (&f->po, "00000A02.MMF");
   f->holder = lock_holder_process_start ("msmail", mmf);
}

static void
setup (Fixture *f, gconstpointer locale)
{
   setup_with_locale (f, locale);
}

static void
teardown (Fixture *f, gconstpointer unused)
{
   (void) unused;
   lock_holder_process_stop_and_assert_intact (f->holder);
   lock_holder_process_free (f->holder);
   f->entry->deinit ();
   g_free (f->config);
   postoffice_fixture_clear (&f->po);
}

static int32_t
explain (Fixture *f, uint32_t id, const char *user, const char *path,
         const char *description, mig_answer *a)
{
   const char *inserts[] = {user, path};
   mig_event e = {.struct_size = sizeof e,
                  .event_id = id,
                  .inserts = user ? inserts : NULL,
                  .n_inserts = user ? 2 : 0,
                  .description = description};
   *a = (mig_answer){
      .struct_size = sizeof *a, .text = f->text, .text_size = sizeof f->text};
   findings_recorder_expect (&f->rec, a);
   return f->hook->on_error (&e, a);
}

static void
test_held_mmf_named_through_path_map (Fixture *f, gconstpointer unused)
{
   (void) unused;
   mig_answer a;
   int32_t v = explain (f, 7007, "U00002",
                        "\\\\mailsrv\\maildata\\MMF\\00000A02.MMF", NULL, &a);
   g_assert_cmpint (v, ==, MIG_VERDICT_DEFER);
   g_assert_cmpstr (a.cause, ==, "mmf-in-use");
   g_assert_cmpint (a.holder_pid, ==, lock_holder_process_pid (f->holder));
   g_assert_cmpstr (a.holder_program, ==, "lock-holder");
   g_assert_cmpuint (a.event_id, ==, 7007);
   g_assert_true (a.flags & MIG_ANSWER_RETRYABLE);
   g_assert_nonnull (strstr (f->text, "U00002"));
   g_assert_nonnull (strstr (f->text, "What to do:"));
   g_assert_cmpuint (strlen (a.message_id), ==, 32);
   // A local process: its row of SMB user is left out, not shown as "-".
   g_assert_nonnull (strstr (f->text, "Process:"));
   g_assert_null (strstr (f->text, "SMB user:"));
}

static void
test_wizard_text_alone_wrapped (Fixture *f, gconstpointer unused)
{
   (void) unused;
   mig_answer a;
   // As exported from the event log: wrapped inside the path, re-spaced.
   int32_t v = explain (
      f, 0, NULL, NULL,
      "Could not migrate PAB file for account: U00002.  PAB (MMF)Path\r\n"
      " '\\\\MAILSRV\\MAILDATA\\MMF\\00000A02.MMF'.",
      &a);
   g_assert_cmpint (v, ==, MIG_VERDICT_DEFER);
   g_assert_cmpuint (a.event_id, ==, 7000);
   g_assert_cmpstr (a.cause, ==, "mmf-in-use");
}

static void
test_each_cause_found_now (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *gone = postoffice_fixture_mmf (&f->po, "00000A03.MMF");
   g_assert_cmpint (g_remove (gone), ==, 0);
   struct {
      uint32_t event;
      const char *user, *path, *cause;
      int32_t verdict;
   } cases[] = {
      {7007, "U00003", "M:\\MMF\\00000A03.MMF", "mmf-path-unresolved",
       MIG_VERDICT_DEFER},
      {7007, "U00003", "\\\\MAILSRV\\MAILDATA\\MMF\\00000A03.MMF",
       "mmf-not-on-postoffice", MIG_VERDICT_BLOCK},
      {151, "U00004", "\\\\MAILSRV\\MAILDATA\\MMF\\00000A04.MMF",
       "no-cause-visible", MIG_VERDICT_DEFER},
      {7007, "U00004", "\\\\MAILSRV\\MAILDATA\\..\\..\\etc\\MMF\\00000A04.MMF",
       "mmf-path-unresolved", MIG_VERDICT_DEFER},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
      mig_answer a;
      int32_t v =
         explain (f, cases[i].event, cases[i].user, cases[i].path, NULL, &a);
      g_assert_cmpstr (a.cause, ==, cases[i].cause);
      g_assert_cmpint (v, ==, cases[i].verdict);
      g_assert_nonnull (strstr (f->text, cases[i].user));
      // The event explained, 151 included: never renumbered to 7007.
      g_assert_cmpuint (a.event_id, ==, cases[i].event);
   }
}

// An event is its source and id together: 7007 from another source is not
// the wizard's 7007, and the source's case does not matter.
static void
test_source_and_id_name_the_event (Fixture *f, gconstpointer unused)
{
   (void) unused;
   const char *inserts[] = {"U00002",
                            "\\\\MAILSRV\\MAILDATA\\MMF\\00000A02.MMF"};
   const struct {
      const char *source;
      int32_t verdict;
   } cases[] = {
      {"msexchangemig", MIG_VERDICT_DEFER},
      {"MSExchangeMigDS", MIG_VERDICT_NO_OPINION},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
      mig_event e = {.struct_size = sizeof e,
                     .event_id = 7007,
                     .source = cases[i].source,
                     .inserts = inserts,
                     .n_inserts = 2};
      mig_answer a = {
         .struct_size = sizeof a, .text = f->text, .text_size = sizeof f->text};
      findings_recorder_expect (&f->rec, &a);
      g_assert_cmpint (f->hook->on_error (&e, &a), ==, cases[i].verdict);
   }
}

static void
test_password_recovered_via_account (Fixture *f, gconstpointer unused)
{
   (void) unused;
   mig_account acct = {.struct_size = sizeof acct,
                       .postoffice = f->po.maildata,
                       .user = "U00001",
                       .hex_id = "00000A01",
                       .password_recovered_at =
                          g_get_real_time () / G_USEC_PER_SEC};
   const char *inserts[] = {"U00001",
                            "\\\\MAILSRV\\MAILDATA\\MMF\\00000A01.MMF"};
   mig_event e = {.struct_size = sizeof e,
                  .event_id = 7007,
                  .inserts = inserts,
                  .n_inserts = 2,
                  .account = &acct};
   mig_answer a = {
      .struct_size = sizeof a, .text = f->text, .text_size = sizeof f->text};
   g_assert_cmpint (f->hook->on_error (&e, &a), ==, MIG_VERDICT_BLOCK);
   g_assert_cmpstr (a.cause, ==, "password-not-synchronised");
   g_assert_false (a.flags & MIG_ANSWER_RETRYABLE);
}

// Every cause behind an event's answer reaches a host that offers
// findings/1: U00002's client holds the MMF and the password was recovered
// since; the block decides, the holder comes second, both under 7007.
static void
test_findings_of_an_event (Fixture *f, gconstpointer unused)
{
   (void) unused;
   mig_account acct = {.struct_size = sizeof acct,
                       .postoffice = f->po.maildata,
                       .user = "U00002",
                       .hex_id = "00000A02",
                       .password_recovered_at =
                          g_get_real_time () / G_USEC_PER_SEC};
   const char *inserts[] = {"U00002",
                            "\\\\MAILSRV\\MAILDATA\\MMF\\00000A02.MMF"};
   mig_event e = {.struct_size = sizeof e,
                  .event_id = 7007,
                  .inserts = inserts,
                  .n_inserts = 2,
                  .account = &acct};
   mig_answer a = {
      .struct_size = sizeof a, .text = f->text, .text_size = sizeof f->text};
   findings_recorder_expect (&f->rec, &a);
   g_assert_cmpint (f->hook->on_error (&e, &a), ==, MIG_VERDICT_BLOCK);
   g_assert_cmpuint (f->rec.n_findings, ==, 2);
   g_assert_cmpstr (f->rec.findings[0].cause, ==, "password-not-synchronised");
   g_assert_cmpint (f->rec.findings[0].verdict, ==, MIG_VERDICT_BLOCK);
   g_assert_cmpstr (f->rec.findings[0].message_id, ==, a.message_id);
   g_assert_cmpstr (f->rec.findings[1].cause, ==, "mmf-in-use");
   g_assert_cmpint (f->rec.findings[1].verdict, ==, MIG_VERDICT_DEFER);
   for (guint i = 0; i < 2; i++)
      g_assert_cmpuint (f->rec.findings[i].event_id, ==, 7007);
   g_assert_cmpuint (strlen (f->rec.findings[1].message_id), ==, 32);

   // An event explained from the catalog alone: its entry is the finding.
   g_assert_cmpint (explain (f, 7017, "U00001", "x", NULL, &a), ==,
                    MIG_VERDICT_BLOCK);
   g_assert_cmpuint (f->rec.n_findings, ==, 1);
   g_assert_cmpstr (f->rec.findings[0].cause, ==, "mailbox-alias-mismatch");
   g_assert_cmpuint (f->rec.findings[0].event_id, ==, 7017);
   g_assert_cmpstr (f->rec.findings[0].message_id, ==, a.message_id);
   // An event the plugin does not handle, or has no opinion on (the
   // wizard's summary): nothing.
   g_assert_cmpint (explain (f, 4242, "U00001", "x", NULL, &a), ==,
                    MIG_VERDICT_NO_OPINION);
   g_assert_cmpuint (f->rec.n_findings, ==, 0);
   g_assert_cmpint (explain (f, 10068, "5", "3", NULL, &a), ==,
                    MIG_VERDICT_NO_OPINION);
   g_assert_cmpuint (f->rec.n_findings, ==, 0);
   g_assert_cmpuint (f->rec.stray, ==, 0);
}

// A 7007 on a post office that is not one (no such folder): the post
// office's own entry explains it, with its steps; not an empty text.
static void
test_event_on_a_broken_postoffice (Fixture *f, gconstpointer unused)
{
   (void) unused;
   mig_account acct = {.struct_size = sizeof acct,
                       .postoffice = "/nonexistent/MAILDATA",
                       .user = "U00001",
                       .hex_id = "00000A01"};
   const char *inserts[] = {"U00001",
                            "\\\\MAILSRV\\MAILDATA\\MMF\\00000A01.MMF"};
   mig_event e = {.struct_size = sizeof e,
                  .event_id = 7007,
                  .inserts = inserts,
                  .n_inserts = 2,
                  .account = &acct};
   mig_answer a = {
      .struct_size = sizeof a, .text = f->text, .text_size = sizeof f->text};
   findings_recorder_expect (&f->rec, &a);
   g_assert_cmpint (f->hook->on_error (&e, &a), ==, MIG_VERDICT_BLOCK);
   g_assert_cmpstr (a.cause, ==, "postoffice-layout");
   g_assert_cmpuint (a.event_id, ==, 7007);
   g_assert_cmpuint (strlen (a.message_id), ==, 32);
   g_assert_nonnull (strstr (f->text, "/nonexistent/MAILDATA"));
   g_assert_nonnull (strstr (f->text, "1. "));
   g_assert_cmpuint (f->rec.n_findings, ==, 1);
   g_assert_cmpstr (f->rec.findings[0].message_id, ==, a.message_id);
}

static void
test_other_and_unknown_events (Fixture *f, gconstpointer unused)
{
   (void) unused;
   mig_answer a;
   g_assert_cmpint (explain (f, 7017, "U00001", "x", NULL, &a), ==,
                    MIG_VERDICT_BLOCK);
   g_assert_cmpstr (a.cause, ==, "mailbox-alias-mismatch");
   g_assert_nonnull (strstr (f->text, "What to do:"));
   g_assert_cmpint (explain (f, 10068, "U00001", "x", NULL, &a), ==,
                    MIG_VERDICT_NO_OPINION);
   g_assert_cmpint (explain (f, 4242, "U00001", "x", NULL, &a), ==,
                    MIG_VERDICT_NO_OPINION);
   g_assert_cmpstr (f->text, ==, "");
   g_assert_cmpuint (a.text_needed, ==, 0);
}

static void
test_german_text (Fixture *f, gconstpointer unused)
{
   (void) unused;
   mig_answer a;
   explain (f, 7007, "U00002", "\\\\MAILSRV\\MAILDATA\\MMF\\00000A02.MMF", NULL,
            &a);
   g_assert_cmpstr (a.cause, ==, "mmf-in-use");
   g_assert_nonnull (strstr (f->text, "Was zu tun ist:"));
   // Same message id in every language.
   g_assert_cmpuint (strlen (a.message_id), ==, 32);
}

static void
test_tiny_buffers_report_needed_size (Fixture *f, gconstpointer unused)
{
   (void) unused;
   const char *inserts[] = {"U00002",
                            "\\\\MAILSRV\\MAILDATA\\MMF\\00000A02.MMF"};
   mig_event e = {.struct_size = sizeof e,
                  .event_id = 7007,
                  .inserts = inserts,
                  .n_inserts = 2};
   char one[2] = {'x', '#'};
   mig_answer a = {.struct_size = sizeof a, .text = one, .text_size = 1};
   g_assert_cmpint (f->hook->on_error (&e, &a), ==, MIG_VERDICT_DEFER);
   g_assert_cmpint (one[0], ==, '\0');
   g_assert_cmpint (one[1], ==, '#');
   g_assert_cmpuint (a.text_needed, >, 100);
   g_assert_true (a.flags & MIG_ANSWER_TEXT_TRUNCATED);
   mig_answer none = {.struct_size = sizeof none};
   g_assert_cmpint (f->hook->on_error (&e, &none), ==, MIG_VERDICT_DEFER);
   g_assert_cmpuint (none.text_needed, ==, a.text_needed);
}

// What is not known is left out of the text, never printed as a word: no
// full name, no second copy of the path, no user at all. The password
// state is the exception the entry words itself: a file that "looks fine"
// must not hide that no account record said whether its password was
// recovered.
static void
test_unknowns_stay_out_of_the_text (Fixture *f, gconstpointer locale)
{
   mig_answer a;
   g_autofree char *free_mmf = postoffice_fixture_mmf (&f->po, "00000A01.MMF");
   const char *words[] = {"unknown", "(unknown)", "never", "logged as",
                          "protokolliert als"};
   // U00002's is held; U00001's, given by its local path, is quiet.
   explain (f, 7007, "U00002", "\\\\mailsrv\\maildata\\MMF\\00000A02.MMF", NULL,
            &a);
   g_assert_cmpstr (a.cause, ==, "mmf-in-use");
   g_assert_null (strstr (f->text, "(unknown)"));
   g_assert_null (strstr (f->text, "unknown"));
   explain (f, 7007, "U00001", free_mmf, NULL, &a);
   g_assert_cmpstr (a.cause, ==, "no-cause-visible");
   for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
      if (strstr (f->text, words[i]) != NULL)
         g_error ("\"%s\" in the text (%s):\n%s", words[i],
                  (const char *) locale, f->text);
   g_assert_nonnull (strstr (
      f->text, locale ? "Kennwort zurückgesetzt: unbekannt (kein Konto)"
                      : "Password recovered: not known (no account record)"));
   // No user at all: the entry's own words for the account.
   mig_event e = {.struct_size = sizeof e, .event_id = 7007};
   a = (mig_answer){
      .struct_size = sizeof a, .text = f->text, .text_size = sizeof f->text};
   g_assert_cmpint (f->hook->on_error (&e, &a), ==, MIG_VERDICT_DEFER);
   g_assert_cmpstr (a.cause, ==, "mmf-path-unresolved");
   g_assert_null (strstr (f->text, "unknown"));
   g_assert_nonnull (strstr (f->text, locale ? "diesem Konto" : "the account"));
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
#define ADD(name, locale, fn)                                                  \
   g_test_add ("/on-error/" name, Fixture, locale, setup, fn, teardown)
   ADD ("held-mmf-named-through-path-map", "C",
        test_held_mmf_named_through_path_map);
   ADD ("wizard-text-alone-wrapped", NULL, test_wizard_text_alone_wrapped);
   ADD ("each-cause-found-now", "en_GB.UTF-8", test_each_cause_found_now);
   ADD ("source-and-id-name-the-event", NULL,
        test_source_and_id_name_the_event);
   ADD ("password-recovered-via-account", NULL,
        test_password_recovered_via_account);
   ADD ("other-and-unknown-events", NULL, test_other_and_unknown_events);
   ADD ("findings-of-an-event", NULL, test_findings_of_an_event);
   ADD ("event-on-a-broken-postoffice", NULL,
        test_event_on_a_broken_postoffice);
   ADD ("german-text", "de_DE.UTF-8", test_german_text);
   ADD ("tiny-buffers-report-needed-size", NULL,
        test_tiny_buffers_report_needed_size);
   ADD ("unknowns-stay-out-en", NULL, test_unknowns_stay_out_of_the_text);
   ADD ("unknowns-stay-out-de", "de_DE.UTF-8",
        test_unknowns_stay_out_of_the_text);
#undef ADD
   return g_test_run ();
}
