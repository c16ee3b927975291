// test-crash.c — `mig-host migrate` killed, starved and refused, through its
// command line, in the spirit of SQLite's crash tests: nothing a run did is
// lost, nothing partial is taken for whole, and the next run converges.
//
// - Killed at every durable step in turn (MMFG_TEST_CRASH_AT=N: SIGKILL at
//   the Nth journal line, report record, event, copy creation, write, sync
//   or rename), then the invariants: the sources unchanged; no copy under
//   its final name that differs from its source; every copy there
//   announced by the journal with its checksum; the report whole JSON and
//   not complete (the last run's complete report replaced); every event
//   line whole; and a re-run that ends with every copy intact, the report
//   complete, and nothing temporary left. The same for a run resuming a
//   killed one, killed at each of its own steps.
// - What an older, killed run left (temporary reports, a partial copy) is
//   removed, and named.
// - A signal already there when the process starts, or raised while its
//   libraries are initialised (before main()), still ends the run
//   cleanly, with its report.
// - A full --out (a small tmpfs) stops the run at once: exit 74, the
//   folder and the error named, no 7007, no retry, the accounts not done
//   listed as such; a re-run on a larger disk resumes.
// - A read-only --out refuses the run at once: exit 73, no event.
// - A JSON report whose disk fills stays whole JSON, marked incomplete.
//
// The tmpfs tests need to mount (root); elsewhere they are skipped, saying
// why.

#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mig-host-run.h"
#include "migrate-run.h"
#include "postoffice-fixture.h"
#include "test-env.h"

// At least this many kill points, or the harness proves too little.
enum { MIN_KILL_POINTS = 50 };

typedef struct {
   PostofficeFixture po;
   MigrateFiles files;
   char *mount; // a tmpfs mounted by the test, or NULL
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
   postoffice_fixture_make_sized (&f->po, data != NULL ? data : "7 1");
   migrate_files_init (&f->files, f->po.root);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
   (void) data;
   if (f->mount != NULL) {
      umount2 (f->mount, MNT_DETACH);
      g_rmdir (f->mount);
      g_free (f->mount);
   }
   postoffice_fixture_clear (&f->po);
   migrate_files_clear (&f->files);
}

// ---------------------------------------------------------------------------
// Running mig-host with the test's own process settings

typedef struct {
   int exit_code; // -1 when killed
   int signal;    // the signal that killed it, 0 when it exited
   char *out, *err;
} Run;

static void
run_clear (Run *r)
{
   g_free (r->out);
   g_free (r->err);
}

// A SIGINT already pending, and blocked, when mig-host starts: it arrives
// "before the first instruction". Runs in the child between fork and exec
// (both keep the mask and the pending signal).
static void
pending_sigint (gpointer data)
{
   (void) data;
   sigset_t set;
   sigemptyset (&set);
   sigaddset (&set, SIGINT);
   sigprocmask (SIG_BLOCK, &set, NULL);
   raise (SIGINT);
}

// `raise_at_load`: "INT" or "TERM", raised by a preloaded library's
// constructor (tests/raise-at-load.c) before mig-host's main(); or NULL.
static Run
run_migrate_raising (Fixture *f, const char *crash_at, gboolean early_sigint,
                     const char *raise_at_load, const char *const *extra)
{
   g_autoptr (GPtrArray) args =
      migrate_args (f->po.maildata, f->po.users_csv, &f->files, extra);
   g_ptr_array_insert (args, 0, (char *) test_env ("MMFG_MIG_HOST"));
   g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
   if (crash_at != NULL)
      g_subprocess_launcher_setenv (launcher, "MMFG_TEST_CRASH_AT", crash_at,
                                    TRUE);
   if (early_sigint)
      g_subprocess_launcher_set_child_setup (launcher, pending_sigint, NULL,
                                             NULL);
   if (raise_at_load != NULL) {
      g_subprocess_launcher_setenv (launcher, "LD_PRELOAD",
                                    test_env ("MMFG_RAISE_AT_LOAD_LIB"), TRUE);
      g_subprocess_launcher_setenv (launcher, "MMFG_RAISE_AT_LOAD",
                                    raise_at_load, TRUE);
      // AddressSanitizer wants its runtime first among the libraries; the
      // preloaded one has nothing for it to watch.
      const char *asan = g_getenv ("ASAN_OPTIONS");
      g_autofree char *options = g_strconcat (
         asan != NULL ? asan : "", asan != NULL && asan[0] != '\0' ? ":" : "",
         "verify_asan_link_order=0", NULL);
      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
   }
   g_autoptr (GError) error = NULL;
   g_autoptr (GSubprocess) p = g_subprocess_launcher_spawnv (
      launcher, (const char *const *) args->pdata, &error);
   g_assert_no_error (error);
   Run r = {0};
   g_subprocess_communicate_utf8 (p, NULL, NULL, &r.out, &r.err, &error);
   g_assert_no_error (error);
   if (g_subprocess_get_if_signaled (p)) {
      r.exit_code = -1;
      r.signal = g_subprocess_get_term_sig (p);
   } else {
      r.exit_code = g_subprocess_get_exit_status (p);
   }
   return r;
}

static Run
run_migrate (Fixture *f, const char *crash_at, gboolean early_sigint,
             const char *const *extra)
{
   return run_migrate_raising (f, crash_at, early_sigint, NULL, extra);
}

// ---------------------------------------------------------------------------
// What must hold whenever a run has ended, however

static char *
sha256_of (const char *path)
{
   g_autofree char *data = NULL;
   gsize len = 0;
   g_assert_true (g_file_get_contents (path, &data, &len, NULL));
   return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) data, len);
}

// hex id → SHA-256 of every MMF of the post office.
static GHashTable *
hash_sources (Fixture *f)
{
   GHashTable *sums =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
   g_autofree char *dir = g_build_filename (f->po.maildata, "MMF", NULL);
   g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
   g_assert_nonnull (d);
   const char *name;
   while ((name = g_dir_read_name (d)) != NULL) {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_hash_table_insert (sums, g_strdup (name), sha256_of (path));
   }
   return sums;
}

// file → the SHA-256 of its last "landing" line; every whole line parses.
static GHashTable *
journal_landings (Fixture *f)
{
   GHashTable *landings =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
   g_autofree char *path =
      g_build_filename (f->files.out, ".mig-host-journal.jsonl", NULL);
   g_autofree char *text = NULL;
   if (!g_file_get_contents (path, &text, NULL, NULL))
      return landings;
   g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
   for (guint i = 0; lines[i] != NULL; i++) {
      if (lines[i][0] == '\0')
         continue;
      gboolean last = lines[i + 1] == NULL; // no newline after it
      json_t *o = json_loads (lines[i], 0, NULL);
      if (o == NULL && last)
         continue; // cut short by the kill: allowed, the next run ends it
      if (o == NULL)
         g_error ("journal line %u is not JSON: %s", i + 1, lines[i]);
      if (g_strcmp0 (report_str (o, "record"), "landing") == 0)
         g_hash_table_replace (landings, g_strdup (report_str (o, "file")),
                               g_strdup (report_str (o, "sha256")));
      json_decref (o);
   }
   return landings;
}

static void
assert_events_whole (Fixture *f)
{
   g_autofree char *text = NULL;
   if (!g_file_get_contents (f->files.events, &text, NULL, NULL))
      return; // killed before it was opened
   g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
   for (guint i = 0; lines[i] != NULL; i++) {
      if (lines[i][0] == '\0')
         continue;
      json_t *o = json_loads (lines[i], 0, NULL);
      if (o == NULL)
         g_error ("event line %u is not whole: %s", i + 1, lines[i]);
      json_decref (o);
   }
}

// After a kill: sources unchanged, final copies whole and announced, a
// report that says it is not complete. Returns how many partial copies
// the run left.
static guint
assert_killed_run_invariants (Fixture *f, GHashTable *sources)
{
   g_autoptr (GHashTable) now = hash_sources (f);
   GHashTableIter iter;
   gpointer name, sum;
   g_hash_table_iter_init (&iter, sources);
   while (g_hash_table_iter_next (&iter, &name, &sum))
      g_assert_cmpstr (g_hash_table_lookup (now, name), ==, sum);

   g_autoptr (GHashTable) landings = journal_landings (f);
   guint partial = 0;
   g_autoptr (GDir) d = g_dir_open (f->files.out, 0, NULL);
   const char *entry;
   while (d != NULL && (entry = g_dir_read_name (d)) != NULL) {
      if (is_run_bookkeeping (entry))
         continue;
      if (entry[0] == '.') {
         partial++;
         continue;
      }
      g_autofree char *copy = g_build_filename (f->files.out, entry, NULL);
      g_autofree char *copy_sum = sha256_of (copy);
      g_assert_cmpstr (copy_sum, ==, g_hash_table_lookup (sources, entry));
      g_assert_cmpstr (g_hash_table_lookup (landings, entry), ==, copy_sum);
   }

   json_t *report = report_load (f->files.json);
   g_assert_true (json_is_false (json_object_get (report, "complete")));
   json_decref (report);
   assert_events_whole (f);
   return partial;
}

// A run to the end, as the test's last word on the folder.
static void
assert_rerun_converges (Fixture *f, guint partial_left)
{
   Run r = run_migrate (f, NULL, FALSE, (const char *[]){"--no-plugin", NULL});
   g_assert_cmpint (r.signal, ==, 0);
   g_assert_cmpint (r.exit_code, ==, 2); // the recovered password fails
   if (partial_left > 0)
      g_assert_nonnull (strstr (r.out, "an interrupted run left"));
   json_t *report = report_load (f->files.json);
   g_assert_true (json_is_true (json_object_get (report, "complete")));
   for (int i = 1; i <= 6; i++) {
      g_autofree char *user = g_strdup_printf ("U%05d", i);
      g_autofree char *hex = g_strdup_printf ("00000A%02d", i);
      report_assert_outcome (report, user, "migrated");
      assert_copied_intact (f->po.maildata, f->files.out, hex);
   }
   json_decref (report);
   g_assert_cmpuint (count_out_files (f->files.out), ==, 6);
   // Nothing temporary beside the reports either.
   g_autoptr (GDir) d = g_dir_open (f->po.root, 0, NULL);
   const char *entry;
   while ((entry = g_dir_read_name (d)) != NULL)
      g_assert_false (entry[0] == '.');
   run_clear (&r);
}

static void
remove_out (Fixture *f)
{
   g_autoptr (GDir) d = g_dir_open (f->files.out, 0, NULL);
   const char *entry;
   while (d != NULL && (entry = g_dir_read_name (d)) != NULL) {
      g_autofree char *path = g_build_filename (f->files.out, entry, NULL);
      g_assert_cmpint (g_unlink (path), ==, 0);
   }
   g_rmdir (f->files.out);
   g_unlink (f->files.events);
}

// Killed at every durable step of a run into an empty --out, each time
// over a complete report of an earlier run.
static void
test_killed_at_every_step_nothing_lost (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autoptr (GHashTable) sources = hash_sources (f);
   Run first =
      run_migrate (f, NULL, FALSE, (const char *[]){"--no-plugin", NULL});
   g_assert_cmpint (first.exit_code, ==, 2);
   run_clear (&first);
   g_autofree char *complete_report = NULL;
   g_assert_true (
      g_file_get_contents (f->files.json, &complete_report, NULL, NULL));

   guint points = 0;
   for (guint n = 1;; n++) {
      remove_out (f);
      g_assert_true (
         g_file_set_contents (f->files.json, complete_report, -1, NULL));
      g_autofree char *at = g_strdup_printf ("%u", n);
      Run r = run_migrate (f, at, FALSE, (const char *[]){"--no-plugin", NULL});
      if (r.signal == 0) {
         // Fewer durable steps than n: the run went through.
         g_assert_cmpint (r.exit_code, ==, 2);
         run_clear (&r);
         break;
      }
      g_assert_cmpint (r.signal, ==, SIGKILL);
      run_clear (&r);
      points++;
      g_test_message ("killed at step %u", n);
      guint partial = assert_killed_run_invariants (f, sources);
      assert_rerun_converges (f, partial);
   }
   g_test_message ("%u kill points", points);
   g_assert_cmpuint (points, >=, MIN_KILL_POINTS);
}

// Killed at every durable step of a run that resumes a killed one — while
// it removes the partial copy the first left, records what landed, skips
// what the journal vouches for: resuming is as safe as running.
static void
test_killed_at_every_step_of_resuming_run (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autoptr (GHashTable) sources = hash_sources (f);
   guint points = 0, left_partial = 0;
   for (guint n = 1;; n++) {
      remove_out (f);
      // The third account copied but not renamed: a partial copy left.
      Run first =
         run_migrate (f, "26", FALSE, (const char *[]){"--no-plugin", NULL});
      g_assert_cmpint (first.signal, ==, SIGKILL);
      run_clear (&first);
      left_partial += assert_killed_run_invariants (f, sources) > 0;
      g_autofree char *at = g_strdup_printf ("%u", n);
      Run r = run_migrate (f, at, FALSE, (const char *[]){"--no-plugin", NULL});
      if (r.signal == 0) {
         g_assert_cmpint (r.exit_code, ==, 2);
         run_clear (&r);
         break;
      }
      g_assert_cmpint (r.signal, ==, SIGKILL);
      run_clear (&r);
      points++;
      g_test_message ("resuming run killed at step %u", n);
      guint partial = assert_killed_run_invariants (f, sources);
      assert_rerun_converges (f, partial);
   }
   g_test_message ("%u kill points while resuming", points);
   g_assert_cmpuint (left_partial, >, 0); // the first run did leave one
   g_assert_cmpuint (points, >=, MIN_KILL_POINTS / 2);
}

// Killed twice in a row mid-run, then resumed: the copies the killed runs
// landed are not made again.
static void
test_resumed_run_skips_what_landed (Fixture *f, gconstpointer data)
{
   (void) data;
   Run r = run_migrate (f, "30", FALSE, (const char *[]){"--no-plugin", NULL});
   g_assert_cmpint (r.signal, ==, SIGKILL);
   run_clear (&r);
   guint landed = count_out_files (f->files.out);
   g_assert_cmpuint (landed, >, 0);
   r = run_migrate (f, NULL, FALSE, (const char *[]){"--no-plugin", NULL});
   g_assert_cmpint (r.exit_code, ==, 2);
   json_t *report = report_load (f->files.json);
   guint already = 0;
   json_t *accounts = json_object_get (report, "accounts");
   for (gsize i = 0; i < json_array_size (accounts); i++)
      already += json_is_true (
         json_object_get (json_array_get (accounts, i), "already_migrated"));
   g_assert_cmpuint (already, ==, landed);
   json_decref (report);
   run_clear (&r);
}

// What a run killed by an older mig-host left — temporary reports beside
// --json and --events, a partial copy in --out — is removed and named.
static void
test_leftovers_removed_and_named (Fixture *f, gconstpointer data)
{
   (void) data;
   g_assert_cmpint (g_mkdir (f->files.out, 0750), ==, 0);
   g_autofree char *json_dir = g_path_get_dirname (f->files.json);
   const char *names[] = {".report.json.Ab12Cd", ".events.jsonl.Xy34Zw"};
   g_autofree char *report_temp = g_build_filename (json_dir, names[0], NULL);
   g_autofree char *events_temp = g_build_filename (json_dir, names[1], NULL);
   g_autofree char *partial =
      g_build_filename (f->files.out, ".00000A01.MMF.Qq11Ww", NULL);
   const char *left[] = {report_temp, events_temp, partial};
   for (gsize i = 0; i < G_N_ELEMENTS (left); i++)
      g_assert_true (g_file_set_contents (left[i], "{\"half", -1, NULL));

   Run r = run_migrate (f, NULL, FALSE, (const char *[]){"--no-plugin", NULL});
   g_assert_cmpint (r.exit_code, ==, 2);
   g_assert_nonnull (strstr (r.out, "Removed 3 files an interrupted run left"));
   for (gsize i = 0; i < G_N_ELEMENTS (left); i++) {
      g_assert_false (g_file_test (left[i], G_FILE_TEST_EXISTS));
      g_autofree char *base = g_path_get_basename (left[i]);
      g_assert_nonnull (strstr (r.out, base));
   }
   g_autofree char *journal =
      g_build_filename (f->files.out, ".mig-host-journal.jsonl", NULL);
   g_autofree char *text = NULL;
   g_assert_true (g_file_get_contents (journal, &text, NULL, NULL));
   g_assert_nonnull (strstr (text, "\"record\":\"removed\""));
   g_assert_cmpuint (count_out_files (f->files.out), ==, 6);
   run_clear (&r);
}

// ---------------------------------------------------------------------------
// A signal before any handler could be installed

static void
test_signal_at_start_ends_run_with_report (Fixture *f, gconstpointer data)
{
   (void) data;
   // valgrind keeps the signal mask of the processes it runs to itself: a
   // signal pending at exec cannot be arranged from under it.
   if (g_getenv ("MMFG_UNDER_VALGRIND") != NULL) {
      g_test_skip ("a signal pending at exec cannot be set up under valgrind");
      return;
   }
   Run r = run_migrate (f, NULL, TRUE, (const char *[]){"--no-plugin", NULL});
   g_assert_cmpint (r.signal, ==, 0);
   g_assert_cmpint (r.exit_code, ==, 130);
   json_t *report = report_load (f->files.json);
   g_assert_true (json_is_false (json_object_get (report, "complete")));
   g_assert_cmpstr (report_str (report, "interrupted_by"), ==, "SIGINT");
   json_decref (report);
   g_assert_cmpuint (count_out_files (f->files.out), ==, 0);
   run_clear (&r);
}

// A signal while the libraries are still being initialised, before main():
// held from the loader's first call into mig-host, it ends the run cleanly
// with its report, not with the default kill and no report at all.
static void
test_signal_at_load_ends_run_with_report (Fixture *f, gconstpointer data)
{
   (void) data;
   const struct {
      const char *name;
      int signal, code;
   } cases[] = {{"INT", SIGINT, 130}, {"TERM", SIGTERM, 143}};
   for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
      g_test_message ("SIG%s at load", cases[i].name);
      Run r = run_migrate_raising (f, NULL, FALSE, cases[i].name,
                                   (const char *[]){"--no-plugin", NULL});
      g_assert_cmpint (r.signal, ==, 0);
      g_assert_cmpint (r.exit_code, ==, cases[i].code);
      json_t *report = report_load (f->files.json);
      g_assert_true (json_is_false (json_object_get (report, "complete")));
      g_autofree char *name = g_strconcat ("SIG", cases[i].name, NULL);
      g_assert_cmpstr (report_str (report, "interrupted_by"), ==, name);
      json_decref (report);
      g_assert_cmpuint (count_out_files (f->files.out), ==, 0);
      run_clear (&r);
   }
}

// ---------------------------------------------------------------------------
// --out on a small or read-only file system

// Mounts a tmpfs of `size` at --out; FALSE (the test skipped) when this
// process may not mount.
static gboolean
mount_out (Fixture *f, const char *size)
{
   g_assert_cmpint (g_mkdir (f->files.out, 0750), ==, 0);
   g_autofree char *options = g_strdup_printf ("size=%s,mode=0750", size);
   if (mount ("tmpfs", f->files.out, "tmpfs", 0, options) != 0) {
      g_autofree char *why = g_strdup_printf (
         "cannot mount a tmpfs (%s): needs root", g_strerror (errno));
      g_test_skip (why);
      return FALSE;
   }
   f->mount = g_strdup (f->files.out);
   return TRUE;
}

static void
remount_out (Fixture *f, unsigned long flags, const char *options)
{
   g_assert_cmpint (
      mount ("tmpfs", f->mount, "tmpfs", MS_REMOUNT | flags, options), ==, 0);
}

static guint
count_events (Fixture *f, json_int_t id)
{
   g_autofree char *text = NULL;
   if (!g_file_get_contents (f->files.events, &text, NULL, NULL))
      return 0;
   g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
   guint n = 0;
   for (guint i = 0; lines[i] != NULL; i++) {
      json_t *e = json_loads (lines[i], 0, NULL);
      n += e != NULL && report_num (e, "id") == id;
      json_decref (e);
   }
   return n;
}

static void
test_full_out_stops_run_as_host_failure (Fixture *f, gconstpointer data)
{
   (void) data;
   if (!mount_out (f, "48k"))
      return;
   const char *extra[] = {"--plugin", test_env ("MMFG_PLUGIN"), "--retries",
                          "3",        "--retry-delay",          "0.1",
                          NULL};
   Run r = run_migrate (f, NULL, FALSE, extra);
   g_assert_cmpint (r.exit_code, ==, 74);
   g_assert_nonnull (strstr (r.err, f->files.out));
   g_assert_nonnull (strstr (r.err, g_strerror (ENOSPC)));
   g_assert_null (strstr (r.out, "Retrying"));
   g_assert_nonnull (strstr (r.out, "not done because of it"));
   g_assert_cmpuint (count_events (f, 7007), ==, 0);

   json_t *report = report_load (f->files.json);
   g_assert_true (json_is_false (json_object_get (report, "complete")));
   json_t *stopped = json_object_get (report, "stopped_by");
   g_assert_cmpstr (report_str (stopped, "cause"), ==, "out-unwritable");
   json_t *accounts = json_object_get (report, "accounts");
   guint migrated = 0, not_done = 0;
   for (gsize i = 0; i < json_array_size (accounts); i++) {
      json_t *a = json_array_get (accounts, i);
      const char *outcome = report_str (a, "outcome");
      if (g_strcmp0 (outcome, "migrated") == 0) {
         migrated++;
         assert_copied_intact (f->po.maildata, f->files.out,
                               report_str (a, "hex_id"));
      } else if (g_strcmp0 (report_str (a, "cause"), "out-unwritable") == 0) {
         g_assert_cmpstr (outcome, ==, "interrupted");
         not_done++;
      }
   }
   json_t *summary = json_object_get (report, "summary");
   g_assert_cmpint (report_num (summary, "interrupted"), ==, not_done);
   g_assert_cmpuint (not_done, >, 0);
   g_assert_cmpuint (count_out_files (f->files.out), ==, migrated);
   json_decref (report);
   run_clear (&r);

   // More room: the next run resumes, the copies made are not made again.
   remount_out (f, 0, "size=4m");
   r = run_migrate (f, NULL, FALSE, extra);
   g_assert_cmpint (r.exit_code, ==, 2); // the recovered password
   report = report_load (f->files.json);
   g_assert_true (json_is_true (json_object_get (report, "complete")));
   accounts = json_object_get (report, "accounts");
   guint already = 0;
   for (gsize i = 0; i < json_array_size (accounts); i++)
      already += json_is_true (
         json_object_get (json_array_get (accounts, i), "already_migrated"));
   g_assert_cmpuint (already, ==, migrated);
   g_assert_cmpuint (count_out_files (f->files.out), ==, 19);
   json_decref (report);
   run_clear (&r);
}

// The JSON report on a disk that fills while it is written: the record
// that does not fit is taken back, and the report stays whole JSON, marked
// incomplete, with every account written before (exit 74, the file and the
// error named) — never a report cut inside a record.
static void
test_full_disk_under_report_keeps_it_whole (Fixture *f, gconstpointer data)
{
   (void) data;
   // One page: the header and a few accounts fit, twenty do not.
   g_autofree char *dir = g_build_filename (f->po.root, "reports", NULL);
   g_assert_cmpint (g_mkdir (dir, 0750), ==, 0);
   if (mount ("tmpfs", dir, "tmpfs", 0, "size=4k,mode=0750") != 0) {
      g_autofree char *why = g_strdup_printf (
         "cannot mount a tmpfs (%s): needs root", g_strerror (errno));
      g_test_skip (why);
      return;
   }
   f->mount = g_strdup (dir);
   g_free (f->files.json);
   f->files.json = g_build_filename (dir, "report.json", NULL);
   Run r = run_migrate (f, NULL, FALSE, (const char *[]){"--no-plugin", NULL});
   g_assert_cmpint (r.exit_code, ==, 74);
   g_assert_nonnull (strstr (r.err, f->files.json));
   g_assert_nonnull (strstr (r.err, g_strerror (ENOSPC)));

   json_t *report = report_load (f->files.json);
   g_assert_true (json_is_false (json_object_get (report, "complete")));
   json_t *accounts = json_object_get (report, "accounts");
   g_assert_cmpuint (json_array_size (accounts), >, 0);
   g_assert_cmpuint (json_array_size (accounts), <, 20);
   for (gsize i = 0; i < json_array_size (accounts); i++) {
      json_t *a = json_array_get (accounts, i);
      if (g_strcmp0 (report_str (a, "outcome"), "migrated") == 0)
         assert_copied_intact (f->po.maildata, f->files.out,
                               report_str (a, "hex_id"));
   }
   json_decref (report);
   run_clear (&r);
}

static void
test_read_only_out_refused_at_once (Fixture *f, gconstpointer data)
{
   (void) data;
   if (!mount_out (f, "1m"))
      return;
   remount_out (f, MS_RDONLY, NULL);
   const char *extra[] = {"--plugin", test_env ("MMFG_PLUGIN"), "--retries",
                          "3",        "--retry-delay",          "0.1",
                          NULL};
   Run r = run_migrate (f, NULL, FALSE, extra);
   g_assert_cmpint (r.exit_code, ==, 73);
   g_assert_nonnull (strstr (r.err, f->files.out));
   g_assert_nonnull (strstr (r.err, g_strerror (EROFS)));
   g_assert_null (strstr (r.out, "Retrying"));
   g_assert_cmpuint (count_events (f, 7007), ==, 0);
   run_clear (&r);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   // The tmpfs mounts live in a mount namespace of this test's own, which
   // ends with it: a case that aborts leaves none on the machine. Where it
   // cannot be had (no root), mounting fails too and those cases skip.
   // (A propagation change ignores the source and type; they are named,
   // not NULL, for valgrind, which checks them as strings.)
   if (unshare (CLONE_NEWNS) == 0)
      (void) mount ("none", "/", "none", MS_REC | MS_PRIVATE, NULL);
   // Each step is synced: on a memory file system the sixty-odd killed
   // runs and their re-runs take seconds, not tens of them.
   if (g_getenv ("TMPDIR") == NULL && access ("/dev/shm", W_OK) == 0)
      g_setenv ("TMPDIR", "/dev/shm", TRUE);
#define ADD(path, data, fn)                                                    \
   g_test_add (path, Fixture, data, fixture_set_up, fn, fixture_tear_down)
   ADD ("/crash/killed-at-every-step-nothing-lost", "7 1",
        test_killed_at_every_step_nothing_lost);
   ADD ("/crash/killed-at-every-step-of-resuming-run", "7 1",
        test_killed_at_every_step_of_resuming_run);
   ADD ("/crash/resumed-run-skips-what-landed", "7 1",
        test_resumed_run_skips_what_landed);
   ADD ("/crash/leftovers-removed-and-named", "7 1",
        test_leftovers_removed_and_named);
   ADD ("/crash/signal-at-start-ends-run-with-report", "7 1",
        test_signal_at_start_ends_run_with_report);
   ADD ("/crash/signal-at-load-ends-run-with-report", "7 1",
        test_signal_at_load_ends_run_with_report);
   ADD ("/crash/full-out-stops-run-as-host-failure", "20 1",
        test_full_out_stops_run_as_host_failure);
   ADD ("/crash/full-disk-under-report-keeps-it-whole", "20 1",
        test_full_disk_under_report_keeps_it_whole);
   ADD ("/crash/read-only-out-refused-at-once", "7 1",
        test_read_only_out_refused_at_once);
#undef ADD
   return g_test_run ();
}
