// test-migrate.c — `mig-host migrate` through its command line, on a
// generated post office with real lock holders (lock-holder) that come and
// go during the run.

#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lock-holder-process.h"
#include "file-tree.h"
#include "mig-host-run.h"
#include "migrate-run.h"
#include "postoffice-fixture.h"
#include "test-env.h"

typedef struct {
   PostofficeFixture po;
   MigrateFiles files; // where runs write
   GPtrArray *holders; // LockHolderProcess *
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
   f->holders = lock_holder_set_new ();
   postoffice_fixture_make_sized (&f->po, data != NULL ? data : "8 1");
   migrate_files_init (&f->files, f->po.root);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
   (void) data;
   g_ptr_array_unref (f->holders);
   postoffice_fixture_clear (&f->po);
   migrate_files_clear (&f->files);
}

// Starts `lock-holder KIND MMF` for the user with `hex_id`; the fixture
// stops it at tear-down if the test did not.
static LockHolderProcess *
holder_start (Fixture *f, const char *kind, const char *hex_id)
{
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, hex_id);
   return lock_holder_set_start (f->holders, kind, mmf);
}

// mig-host migrate of the fixture's post office, `extra` added.
static void
run_start (MigHostProcess *p, Fixture *f, const char *const *extra)
{
   g_autoptr (GPtrArray) args =
      migrate_args (f->po.maildata, f->po.users_csv, &f->files, extra);
   mig_host_start (p, (const char *const *) args->pdata);
}

static int
run_to_end (Fixture *f, const char *const *extra)
{
   g_autoptr (GPtrArray) args =
      migrate_args (f->po.maildata, f->po.users_csv, &f->files, extra);
   return mig_host_runv (NULL, (const char *const *) args->pdata, NULL, NULL);
}

static GPtrArray *
read_events (Fixture *f)
{
   g_autofree char *text = NULL;
   g_assert_true (g_file_get_contents (f->files.events, &text, NULL, NULL));
   GPtrArray *events =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
   g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
   for (guint i = 0; lines[i] != NULL; i++) {
      if (lines[i][0] == '\0')
         continue;
      json_error_t jerr;
      json_t *e = json_loads (lines[i], 0, &jerr);
      if (e == NULL)
         g_error ("event line %u is not JSON: %s", i + 1, jerr.text);
      g_ptr_array_add (events, e);
   }
   return events;
}

// The events with `id` about `user` (NULL: any).
static GPtrArray *
events_with (GPtrArray *events, json_int_t id, const char *user)
{
   GPtrArray *found = g_ptr_array_new ();
   for (guint i = 0; i < events->len; i++) {
      json_t *e = g_ptr_array_index (events, i);
      if (report_num (e, "id") == id &&
          (user == NULL || g_strcmp0 (report_str (e, "user"), user) == 0))
         g_ptr_array_add (found, e);
   }
   return found;
}

// ---------------------------------------------------------------------------

// The batch while holders come and go: U00002's client leaves after the
// first pass, U00003's stays, U00008's password was recovered. Returns the
// report.
static json_t *
run_with_holders (Fixture *f, const char *jobs)
{
   LockHolderProcess *leaves = holder_start (f, "msmail", "00000A02");
   LockHolderProcess *stays = holder_start (f, "posix-write", "00000A03");
   const char *extra[] = {"--plugin",
                          test_env ("MMFG_PLUGIN"),
                          "--retries",
                          "3",
                          "--retry-delay",
                          "0.2",
                          "--jobs",
                          jobs,
                          NULL};
   MigHostProcess p;
   run_start (&p, f, extra);
   g_assert_true (mig_host_read_until (&p, "Pass 1:"));
   // The client leaves; its lock was intact all along (exit 0).
   lock_holder_process_stop_and_assert_intact (leaves);
   int code = mig_host_finish (&p, NULL);
   g_assert_cmpint (code, ==, 2); // one blocked
   lock_holder_process_stop_and_assert_intact (stays);
   return report_load (f->files.json);
}

static void
assert_holder_outcomes (Fixture *f, json_t *root)
{
   json_t *left = report_account (root, "U00002");
   report_assert_outcome (root, "U00002", "migrated");
   g_assert_cmpint (report_num (left, "attempts"), >=, 2);
   assert_copied_intact (f->po.maildata, f->files.out, "00000A02");

   json_t *stayed = report_account (root, "U00003");
   report_assert_outcome (root, "U00003", "deferred");
   g_assert_cmpstr (report_str (stayed, "cause"), ==, "mmf-in-use");
   g_assert_cmpint (report_num (stayed, "attempts"), ==, 4); // 1 + 3 retries
   g_assert_nonnull (strstr (report_str (stayed, "text"), "U00003"));
   assert_not_copied (f->files.out, "00000A03");

   json_t *unsynced = report_account (root, "U00008");
   report_assert_outcome (root, "U00008", "blocked");
   g_assert_cmpstr (report_str (unsynced, "cause"), ==,
                    "password-not-synchronised");
   g_assert_cmpint (report_num (unsynced, "attempts"), ==, 1);
   assert_not_copied (f->files.out, "00000A08");

   const char *others[] = {"00000A01", "00000A04", "00000A05", "00000A06",
                           "00000A07"};
   for (gsize i = 0; i < G_N_ELEMENTS (others); i++) {
      g_autofree char *user = g_strdup_printf (
         "U%05u", (guint) (g_ascii_strtoull (others[i], NULL, 16) - 0xA00));
      report_assert_outcome (root, user, "migrated");
      g_assert_cmpint (report_num (report_account (root, user), "attempts"), ==,
                       1);
      assert_copied_intact (f->po.maildata, f->files.out, others[i]);
   }
   g_assert_cmpuint (count_out_files (f->files.out), ==, 6);
   json_t *summary = json_object_get (root, "summary");
   g_assert_cmpint (report_num (summary, "migrated"), ==, 6);
   g_assert_cmpint (report_num (summary, "deferred"), ==, 1);
   g_assert_cmpint (report_num (summary, "blocked"), ==, 1);
   g_assert_cmpint (report_num (summary, "failed"), ==, 0);
}

static void
test_holders_come_and_go (Fixture *f, gconstpointer data)
{
   (void) data;
   json_t *root = run_with_holders (f, "1");
   assert_holder_outcomes (f, root);
   // The run closes with the summary event, an information event.
   g_autoptr (GPtrArray) events = read_events (f);
   json_t *last = g_ptr_array_index (events, events->len - 1);
   g_assert_cmpint (report_num (last, "id"), ==, 10068);
   g_assert_cmpstr (report_str (last, "type"), ==, "information");
   g_assert_cmpstr (report_str (last, "description"), ==,
                    "Migration summary: 8 accounts; 6 migrated, 1 deferred, "
                    "1 blocked, 0 failed.");
   json_decref (root);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
   return strcmp (*(const char *const *) a, *(const char *const *) b);
}

// Outcome and cause of every account, as one string in user order (the
// report lists accounts in the order they were settled).
static char *
outcomes_of (json_t *root)
{
   g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
   size_t i;
   json_t *a;
   json_array_foreach (json_object_get (root, "accounts"), i, a)
      g_ptr_array_add (items,
                       g_strdup_printf ("%s=%s/%s ", report_str (a, "user"),
                                        report_str (a, "outcome"),
                                        report_str (a, "cause")));
   g_ptr_array_sort (items, compare_strings);
   GString *s = g_string_new (NULL);
   for (guint k = 0; k < items->len; k++)
      g_string_append (s, g_ptr_array_index (items, k));
   return g_string_free (s, FALSE);
}

static void
test_jobs_4_same_outcomes_as_jobs_1 (Fixture *f, gconstpointer data)
{
   (void) data;
   json_t *serial = run_with_holders (f, "1");
   g_autofree char *expected = outcomes_of (serial);
   json_decref (serial);
   // The same post office again, into a fresh output folder.
   mh_remove_tree (f->files.out);
   json_t *parallel = run_with_holders (f, "4");
   g_autofree char *got = outcomes_of (parallel);
   g_assert_cmpstr (got, ==, expected);
   assert_holder_outcomes (f, parallel);
   json_decref (parallel);
}

static void
assert_wizard_event (GPtrArray *events, json_int_t id, const char *user,
                     const char *description)
{
   g_autoptr (GPtrArray) found = events_with (events, id, user);
   g_assert_cmpuint (found->len, ==, 1);
   json_t *e = g_ptr_array_index (found, 0);
   g_assert_cmpstr (report_str (e, "source"), ==, "MSExchangeMig");
   g_assert_cmpstr (report_str (e, "type"), ==, "error");
   g_assert_cmpstr (report_str (e, "description"), ==, description);
   json_t *inserts = json_object_get (e, "inserts");
   g_assert_cmpuint (json_array_size (inserts), ==, 2);
   g_assert_cmpstr (json_string_value (json_array_get (inserts, 0)), ==, user);
}

static void
test_without_plugin_held_accounts_log_7007 (Fixture *f, gconstpointer data)
{
   (void) data;
   LockHolderProcess *a = holder_start (f, "msmail", "00000A02");
   LockHolderProcess *b = holder_start (f, "posix-write", "00000A03");
   const char *no_plugin[] = {"--no-plugin", NULL};
   g_assert_cmpint (run_to_end (f, no_plugin), ==, 2);
   lock_holder_process_stop_and_assert_intact (a); // the copy disturbed no lock
   lock_holder_process_stop_and_assert_intact (b);

   json_t *root = report_load (f->files.json);
   g_assert_true (json_is_null (json_object_get (root, "plugin")));
   report_assert_outcome (root, "U00002", "failed");
   report_assert_outcome (root, "U00003", "failed");
   g_assert_cmpstr (report_str (report_account (root, "U00002"), "host_cause"),
                    ==, "mmf-held");
   report_assert_outcome (root, "U00008", "failed");
   g_assert_cmpstr (report_str (report_account (root, "U00008"), "host_cause"),
                    ==, "password-not-synchronised");
   report_assert_outcome (root, "U00001", "migrated");
   assert_copied_intact (f->po.maildata, f->files.out, "00000A01");
   assert_not_copied (f->files.out, "00000A02");
   json_decref (root);

   g_autoptr (GPtrArray) events = read_events (f);
   g_autofree char *p2 = postoffice_fixture_mmf_of (&f->po, "00000A02");
   g_autofree char *p3 = postoffice_fixture_mmf_of (&f->po, "00000A03");
   g_autofree char *p8 = postoffice_fixture_mmf_of (&f->po, "00000A08");
   g_autofree char *d2 = g_strdup_printf (
      "Could not migrate MMF file for Account: U00002. MMF Path '%s'.", p2);
   g_autofree char *d3 = g_strdup_printf (
      "Could not migrate MMF file for Account: U00003. MMF Path '%s'.", p3);
   g_autofree char *d8 = g_strdup_printf (
      "Could not migrate MMF file for Account: U00008. MMF Path '%s'.", p8);
   g_autofree char *d8_pab = g_strdup_printf (
      "Could not migrate PAB file for account: U00008. PAB (MMF)Path '%s'.",
      p8);
   assert_wizard_event (events, 7007, "U00002", d2);
   assert_wizard_event (events, 7007, "U00003", d3);
   assert_wizard_event (events, 7007, "U00008", d8);
   assert_wizard_event (events, 7000, "U00008", d8_pab);
   // Held files get no 7000; migrated accounts get no events at all.
   g_autoptr (GPtrArray) pab_held = events_with (events, 7000, "U00002");
   g_assert_cmpuint (pab_held->len, ==, 0);
   g_autoptr (GPtrArray) clean = events_with (events, 7007, "U00001");
   g_assert_cmpuint (clean->len, ==, 0);
   // Without a plugin nothing resolves them.
   g_autoptr (GPtrArray) all_7007 = events_with (events, 7007, NULL);
   g_assert_cmpuint (all_7007->len, ==, 3);
   for (guint i = 0; i < all_7007->len; i++)
      g_assert_true (json_is_null (
         json_object_get (g_ptr_array_index (all_7007, i), "resolution")));
}

// While another process takes and drops hundreds of locks without pause,
// a read of the kernel's lock table can tear and miss a lock held all the
// while. An MMF held all the while is never copied: with the plugin (its
// check), and without it (mig-host's own, before and after the copy).
static void
test_held_mmf_never_copied_while_locks_churn (Fixture *f, gconstpointer data)
{
   (void) data;
   LockHolderProcess *h = holder_start (f, "msmail", "00000A02");
   g_autoptr (GError) error = NULL;
   g_autofree char *churn_dir = g_dir_make_tmp ("mmfg-churn-XXXXXX", &error);
   g_assert_no_error (error);
   LockHolderProcess *churner =
      lock_holder_set_start (f->holders, "churn", churn_dir);
   const char *with_plugin[] = {"--plugin", test_env ("MMFG_PLUGIN"),
                                "--retries", "0", NULL};
   const char *no_plugin[] = {"--no-plugin", "--retries", "0", NULL};
   const char *const *runs[] = {with_plugin, no_plugin};
   for (guint r = 0; r < G_N_ELEMENTS (runs); r++) {
      for (guint i = 0; i < 3; i++) {
         g_assert_cmpint (run_to_end (f, runs[r]), !=, 0);
         json_t *root = report_load (f->files.json);
         const char *outcome =
            report_str (report_account (root, "U00002"), "outcome");
         g_assert_cmpstr (outcome, !=, "migrated");
         g_assert_cmpstr (outcome, !=, "already_migrated");
         json_decref (root);
         assert_not_copied (f->files.out, "00000A02");
      }
   }
   g_assert_cmpint (lock_holder_process_stop (churner), ==, 0);
   lock_holder_process_stop_and_assert_intact (h);
   mh_remove_tree (churn_dir);
}

// A site policy that lets unsynchronised accounts through: the host's own
// attempt then fails as the wizard's would, and on-error/1 explains it.
static void
test_host_failure_resolved_by_on_error (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *config =
      g_build_filename (f->po.root, "mmfguard.conf", NULL);
   g_assert_true (g_file_set_contents (
      config, "[policy]\npassword-not-synchronised = proceed\n", -1, NULL));
   const char *extra[] = {"--plugin",  test_env ("MMFG_PLUGIN"),
                          "--config",  config,
                          "--retries", "0",
                          NULL};
   // on-error/1's verdict decides: mmfguard defers (retrying is worthwhile
   // once the user has logged on), so the run ends with exit 1.
   g_assert_cmpint (run_to_end (f, extra), ==, 1);
   json_t *root = report_load (f->files.json);
   json_t *a = report_account (root, "U00008");
   g_assert_cmpstr (report_str (a, "host_cause"), ==,
                    "password-not-synchronised");
   g_assert_cmpstr (report_str (a, "answered_by"), ==, "on-error/1");
   g_assert_cmpstr (report_str (a, "cause"), ==, "password-not-synchronised");
   g_assert_cmpstr (report_str (a, "outcome"), ==, "deferred");
   assert_not_copied (f->files.out, "00000A08");
   json_decref (root);

   g_autoptr (GPtrArray) events = read_events (f);
   g_autoptr (GPtrArray) e7007 = events_with (events, 7007, "U00008");
   g_assert_cmpuint (e7007->len, ==, 1);
   json_t *resolution =
      json_object_get (g_ptr_array_index (e7007, 0), "resolution");
   g_assert_cmpstr (report_str (resolution, "cause"), ==,
                    "password-not-synchronised");
   g_assert_cmpuint (strlen (report_str (resolution, "message_id")), ==, 32);
   g_assert_nonnull (strstr (report_str (resolution, "text"), "U00008"));
}

static void
test_exit_codes (Fixture *f, gconstpointer data)
{
   (void) data;
   const char *plugin[] = {"--plugin", test_env ("MMFG_PLUGIN"), "--retries",
                           "1",        "--retry-delay",          "0.05",
                           NULL};
   // Nothing held, nothing recovered: all migrated.
   g_assert_cmpint (run_to_end (f, plugin), ==, 0);
   json_t *root = report_load (f->files.json);
   g_assert_cmpint (report_num (json_object_get (root, "summary"), "migrated"),
                    ==, 4);
   json_decref (root);
   for (int i = 1; i <= 4; i++) {
      g_autofree char *hex = g_strdup_printf ("00000A%02X", i);
      assert_copied_intact (f->po.maildata, f->files.out, hex);
   }
   // One held throughout: deferred, exit 1.
   LockHolderProcess *h = holder_start (f, "ofd-write", "00000A04");
   g_assert_cmpint (run_to_end (f, plugin), ==, 1);
   root = report_load (f->files.json);
   report_assert_outcome (root, "U00004", "deferred");
   g_assert_cmpint (report_num (report_account (root, "U00004"), "attempts"),
                    ==, 2);
   json_decref (root);
   lock_holder_process_stop_and_assert_intact (h);
   // Usage errors are not outcomes: 64 (EX_USAGE).
   const char *bad[] = {"--jobs", "0", NULL};
   g_assert_cmpint (run_to_end (f, bad), ==, 64);
}

// ---------------------------------------------------------------------------
// One run per --out

// A configuration with [samba] mode = off in the fixture's folder, so
// that a Samba server elsewhere on the machine cannot change the answers
// of the runs that hold --out. Freed by the caller.
static char *
samba_off_config (Fixture *f)
{
   char *config = g_build_filename (f->po.root, "mmfguard.conf", NULL);
   g_assert_true (
      g_file_set_contents (config, "[samba]\nmode = off\n", -1, NULL));
   return config;
}

// A run that holds --out until the test sends it SIGINT: U00003 held, one
// retry an hour away. Returns when it waits.
static void
start_holding_run (MigHostProcess *p, Fixture *f)
{
   g_autofree char *config = samba_off_config (f);
   const char *extra[] = {
      "--plugin", test_env ("MMFG_PLUGIN"), "--config", config, "--retries",
      "1",        "--retry-delay",          "3600",     NULL};
   run_start (p, f, extra);
   g_assert_true (mig_host_read_until (p, "Retrying"));
}

// SIGKILLed while it waits for a retry: the report and the events log are
// there, whole, with every account settled before; the journal has every
// copy; the next run says nothing is left to copy again but U00003.
static void
test_killed_run_leaves_report_events_and_journal (Fixture *f,
                                                  gconstpointer data)
{
   (void) data;
   LockHolderProcess *h = holder_start (f, "posix-write", "00000A03");
   MigHostProcess run;
   start_holding_run (&run, f);
   g_subprocess_send_signal (run.process, SIGKILL);
   g_subprocess_wait (run.process, NULL, NULL);
   g_assert_true (g_subprocess_get_if_signaled (run.process));
   g_clear_object (&run.process);
   g_clear_object (&run.lines);
   g_string_free (run.read, TRUE);

   json_t *root = report_load (f->files.json);
   g_assert_true (json_is_false (json_object_get (root, "complete")));
   g_assert_true (json_is_null (json_object_get (root, "ended")));
   // Settled before the wait: the seven migrated ones (U00003 is deferred
   // and settled only after its last pass).
   g_assert_cmpuint (json_array_size (json_object_get (root, "accounts")), ==,
                     7);
   report_assert_outcome (root, "U00002", "migrated");
   json_decref (root);
   g_assert_true (g_file_test (f->files.events, G_FILE_TEST_IS_REGULAR));
   g_assert_cmpuint (count_out_files (f->files.out), ==, 7);
   lock_holder_process_stop_and_assert_intact (h);

   const char *no_plugin[] = {"--no-plugin", NULL};
   g_assert_cmpint (run_to_end (f, no_plugin), ==, 0);
   root = report_load (f->files.json);
   g_assert_true (json_is_true (json_object_get (root, "complete")));
   g_assert_false (json_is_true (
      json_object_get (report_account (root, "U00003"), "already_migrated")));
   g_assert_true (json_is_true (
      json_object_get (report_account (root, "U00002"), "already_migrated")));
   json_decref (root);
}

static void
test_second_run_on_out_refused_naming_first (Fixture *f, gconstpointer data)
{
   (void) data;
   LockHolderProcess *h = holder_start (f, "posix-write", "00000A03");
   MigHostProcess first;
   start_holding_run (&first, f);
   const char *pid = g_subprocess_get_identifier (first.process);
   g_autofree char *config = samba_off_config (f);
   g_autofree char *named = g_strdup_printf ("pid %s, started", pid);

   // The same --out, --json and --events: refused before it writes any.
   g_autoptr (GPtrArray) args = migrate_args (
      f->po.maildata, f->po.users_csv, &f->files,
      (const char *[]){"--plugin", test_env ("MMFG_PLUGIN"), "--retries", "0",
                       "--config", config, NULL});
   g_autofree char *err = NULL;
   g_assert_cmpint (
      mig_host_runv (NULL, (const char *const *) args->pdata, NULL, &err), ==,
      75);
   g_assert_nonnull (strstr (err, f->files.out));
   g_assert_nonnull (strstr (err, named));
   g_assert_nonnull (strstr (err, "--wait-lock"));

   g_subprocess_send_signal (first.process, SIGINT);
   g_assert_cmpint (mig_host_finish (&first, NULL), ==, 130);
   // The first run's report is its own, whole, every account in it.
   json_t *root = report_load (f->files.json);
   g_assert_cmpstr (report_str (root, "interrupted_by"), ==, "SIGINT");
   g_assert_cmpuint (json_array_size (json_object_get (root, "accounts")), ==,
                     8);
   json_decref (root);
   lock_holder_process_stop_and_assert_intact (h);
}

static void
test_wait_lock_runs_when_first_ends (Fixture *f, gconstpointer data)
{
   (void) data;
   LockHolderProcess *h = holder_start (f, "posix-write", "00000A03");
   MigHostProcess first;
   start_holding_run (&first, f);
   g_autofree char *config = samba_off_config (f);

   MigrateFiles second_files;
   g_autofree char *second_dir = g_build_filename (f->po.root, "second", NULL);
   g_assert_cmpint (g_mkdir (second_dir, 0750), ==, 0);
   migrate_files_init (&second_files, second_dir);
   g_free (second_files.out);
   second_files.out = g_strdup (f->files.out);
   g_autoptr (GPtrArray) args = migrate_args (
      f->po.maildata, f->po.users_csv, &second_files,
      (const char *[]){"--plugin", test_env ("MMFG_PLUGIN"), "--retries", "0",
                       "--config", config, "--wait-lock", NULL});
   MigHostProcess second;
   mig_host_start (&second, (const char *const *) args->pdata);
   g_assert_true (mig_host_read_until (&second, "Waiting for"));

   g_subprocess_send_signal (first.process, SIGINT);
   g_assert_cmpint (mig_host_finish (&first, NULL), ==, 130);
   // U00003 is still held: deferred, the rest migrated.
   g_assert_cmpint (mig_host_finish (&second, NULL), ==, 1);
   json_t *root = report_load (second_files.json);
   report_assert_outcome (root, "U00003", "deferred");
   report_assert_outcome (root, "U00002", "migrated");
   g_assert_true (json_is_true (json_object_get (root, "complete")));
   json_decref (root);
   migrate_files_clear (&second_files);
   lock_holder_process_stop_and_assert_intact (h);
}

// Another --out but the same --json, or the same --events: the second run
// is refused before it empties or writes either file (naming the first by
// its pid), and the first run's report stays its own, whole. So is a
// preflight given that --json (73): renamed over, the running report would
// be lost, its run writing on into a file no longer there.
static void
test_second_run_on_same_reports_refused (Fixture *f, gconstpointer data)
{
   (void) data;
   LockHolderProcess *h = holder_start (f, "posix-write", "00000A03");
   MigHostProcess first;
   start_holding_run (&first, f);
   const char *pid = g_subprocess_get_identifier (first.process);
   g_autofree char *config = samba_off_config (f);
   g_autofree char *named = g_strdup_printf ("pid %s, started", pid);
   g_autofree char *events_named = g_strdup_printf ("pid %s)", pid);
   g_autofree char *report_before = NULL;
   g_assert_true (
      g_file_get_contents (f->files.json, &report_before, NULL, NULL));

   MigrateFiles second;
   g_autofree char *second_dir = g_build_filename (f->po.root, "second", NULL);
   g_assert_cmpint (g_mkdir (second_dir, 0750), ==, 0);
   migrate_files_init (&second, second_dir);
   const struct {
      const char *option;
      char **path;
      const char *holder;
   } cases[] = {{"--json", &second.json, named},
                {"--events", &second.events, events_named}};
   for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
      g_test_message ("the same %s", cases[i].option);
      g_autofree char *own = g_strdup (*cases[i].path);
      g_free (*cases[i].path);
      *cases[i].path =
         g_strdup (strcmp (cases[i].option, "--json") == 0 ? f->files.json
                                                           : f->files.events);
      g_autoptr (GPtrArray) args = migrate_args (
         f->po.maildata, f->po.users_csv, &second,
         (const char *[]){"--plugin", test_env ("MMFG_PLUGIN"), "--retries",
                          "0", "--config", config, NULL});
      g_autofree char *err = NULL;
      g_assert_cmpint (
         mig_host_runv (NULL, (const char *const *) args->pdata, NULL, &err),
         ==, 75);
      g_assert_nonnull (strstr (err, *cases[i].path));
      g_assert_nonnull (strstr (err, cases[i].option));
      g_assert_nonnull (strstr (err, cases[i].holder));
      g_assert_nonnull (strstr (err, "--wait-lock"));
      g_free (*cases[i].path);
      *cases[i].path = g_steal_pointer (&own);
      // Nothing of the refused run: no copy, and its own other report file
      // not even made.
      g_assert_false (g_file_test (second.json, G_FILE_TEST_EXISTS) &&
                      strcmp (cases[i].option, "--events") == 0);
      if (g_file_test (second.out, G_FILE_TEST_IS_DIR))
         g_assert_cmpuint (count_out_files (second.out), ==, 0);
   }
   const char *preflight[] = {
      "preflight",    "--plugin",    test_env ("MMFG_PLUGIN"),
      "--config",     config,        "--postoffice",
      f->po.maildata, "--users",     f->po.users_csv,
      "--json",       f->files.json, NULL};
   g_autofree char *err = NULL;
   g_assert_cmpint (mig_host_runv (NULL, preflight, NULL, &err), ==, 73);
   g_assert_nonnull (strstr (err, f->files.json));
   g_assert_nonnull (strstr (err, named));

   g_autofree char *report_after = NULL;
   g_assert_true (
      g_file_get_contents (f->files.json, &report_after, NULL, NULL));
   g_assert_cmpstr (report_after, ==, report_before);

   g_subprocess_send_signal (first.process, SIGINT);
   g_assert_cmpint (mig_host_finish (&first, NULL), ==, 130);
   json_t *root = report_load (f->files.json);
   g_assert_cmpstr (report_str (root, "interrupted_by"), ==, "SIGINT");
   g_assert_cmpstr (report_str (root, "out"), ==, f->files.out);
   g_assert_cmpuint (json_array_size (json_object_get (root, "accounts")), ==,
                     8);
   json_decref (root);
   migrate_files_clear (&second);
   lock_holder_process_stop_and_assert_intact (h);
}

// ---------------------------------------------------------------------------
// Already migrated means the same bytes

// Rewrites byte 100 of `path`, keeping its size and modification time.
static void
change_keeping_size_and_time (const char *path)
{
   GStatBuf st;
   g_assert_cmpint (g_stat (path, &st), ==, 0);
   g_autofree char *data = NULL;
   gsize len = 0;
   g_assert_true (g_file_get_contents (path, &data, &len, NULL));
   g_assert_cmpuint (len, >, 100);
   data[100] = (char) ~data[100];
   g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
   struct timespec times[2] = {st.st_atim, st.st_mtim};
   g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

static void
test_copy_with_other_bytes_copied_again (Fixture *f, gconstpointer data)
{
   (void) data;
   const char *no_plugin[] = {"--no-plugin", NULL};
   g_assert_cmpint (run_to_end (f, no_plugin), ==, 0);
   // The copy of U00002 damaged, the source of U00003 changed, both with
   // their size and time as they were.
   g_autofree char *copy =
      g_build_filename (f->files.out, "00000A02.MMF", NULL);
   change_keeping_size_and_time (copy);
   g_autofree char *source = postoffice_fixture_mmf_of (&f->po, "00000A03");
   change_keeping_size_and_time (source);

   g_assert_cmpint (run_to_end (f, no_plugin), ==, 0);
   json_t *root = report_load (f->files.json);
   for (int i = 1; i <= 4; i++) {
      g_autofree char *user = g_strdup_printf ("U%05d", i);
      g_autofree char *hex = g_strdup_printf ("00000A%02d", i);
      json_t *a = report_account (root, user);
      gboolean redone = i == 2 || i == 3;
      g_assert_cmpint (json_is_true (json_object_get (a, "already_migrated")),
                       ==, !redone);
      g_assert_cmpint (report_num (a, "copies"), ==, redone ? 1 : 0);
      assert_copied_intact (f->po.maildata, f->files.out, hex);
   }
   json_decref (root);
}

// Two MMFs whose names differ only in case: which is the user's cannot be
// told, so migrate (here without a plugin, which would block them) copies
// neither and says why; the other accounts are found by the one listing.
static void
test_case_twins_never_copied (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, "00000A02");
   g_autofree char *dir = g_path_get_dirname (mmf);
   g_autofree char *twin = g_build_filename (dir, "00000a02.mmf", NULL);
   g_assert_true (g_file_set_contents (twin, "MSMAIL twin", -1, NULL));
   const char *no_plugin[] = {"--no-plugin", NULL};
   g_assert_cmpint (run_to_end (f, no_plugin), ==, 2);
   json_t *root = report_load (f->files.json);
   json_t *a = report_account (root, "U00002");
   g_assert_cmpstr (report_str (a, "host_cause"), ==, "mmf-ambiguous");
   g_assert_nonnull (strstr (report_str (a, "host_reason"), "differ only"));
   assert_not_copied (f->files.out, "00000A02");
   report_assert_outcome (root, "U00001", "migrated");
   json_decref (root);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   signal (SIGPIPE, SIG_IGN);
#define ADD(path, data, fn)                                                    \
   g_test_add (path, Fixture, data, fixture_set_up, fn, fixture_tear_down)
   ADD ("/migrate/holders-come-and-go", "8 1", test_holders_come_and_go);
   ADD ("/migrate/case-twins-never-copied", "4 0",
        test_case_twins_never_copied);
   ADD ("/migrate/jobs-4-same-outcomes-as-jobs-1", "8 1",
        test_jobs_4_same_outcomes_as_jobs_1);
   ADD ("/migrate/without-plugin-held-accounts-log-7007", "8 1",
        test_without_plugin_held_accounts_log_7007);
   ADD ("/migrate/host-failure-resolved-by-on-error", "8 1",
        test_host_failure_resolved_by_on_error);
   ADD ("/migrate/exit-codes", "4 0", test_exit_codes);
   ADD ("/migrate/held-mmf-never-copied-while-locks-churn", "4 0",
        test_held_mmf_never_copied_while_locks_churn);
   ADD ("/migrate/killed-run-leaves-report-events-and-journal", "8 0",
        test_killed_run_leaves_report_events_and_journal);
   ADD ("/migrate/second-run-on-out-refused-naming-first", "8 0",
        test_second_run_on_out_refused_naming_first);
   ADD ("/migrate/wait-lock-runs-when-first-ends", "8 0",
        test_wait_lock_runs_when_first_ends);
   ADD ("/migrate/second-run-on-same-reports-refused", "8 0",
        test_second_run_on_same_reports_refused);
   ADD ("/migrate/copy-with-other-bytes-copied-again", "4 0",
        test_copy_with_other_bytes_copied_again);
#undef ADD
   return g_test_run ();
}
