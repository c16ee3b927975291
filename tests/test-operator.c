// test-operator.c — mig-host as the operator's tool, through its command
// line: reports that stream and never clobber what they are written to
// ("-", /dev/stdout, a symlink, a FIFO, an existing file), a run ended by
// SIGINT or SIGTERM that leaves whole reports and no half-copied mailbox, a
// post-office-wide condition said once, one paragraph per distinct problem,
// --problems-only, and exit codes that tell outcomes from tool failures.
//
// Every run uses a configuration with [samba] mode = off, unless a test says
// otherwise, so that a Samba server elsewhere on the machine cannot change
// the answers.

#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <utime.h>
#include <unistd.h>

#include "lock-holder-process.h"
#include "clock-text.h"
#include "mig-host-run.h"
#include "migrate-run.h"
#include "postoffice-fixture.h"
#include "test-env.h"

typedef struct {
   PostofficeFixture po;
   char *config;       // [samba] mode = off
   MigrateFiles files; // where runs write
   GPtrArray *holders; // LockHolderProcess *
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
   f->holders = lock_holder_set_new ();
   postoffice_fixture_make_sized (&f->po, data != NULL ? data : "4 0");
   f->config = g_build_filename (f->po.root, "mmfguard.conf", NULL);
   g_assert_true (
      g_file_set_contents (f->config, "[samba]\nmode = off\n", -1, NULL));
   migrate_files_init (&f->files, f->po.root);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
   (void) data;
   g_ptr_array_unref (f->holders);
   postoffice_fixture_clear (&f->po);
   g_free (f->config);
   migrate_files_clear (&f->files);
}

static LockHolderProcess *
holder_start_on (Fixture *f, const char *kind, const char *path)
{
   return lock_holder_set_start (f->holders, kind, path);
}

static LockHolderProcess *
holder_start (Fixture *f, const char *kind, const char *hex_id)
{
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, hex_id);
   return holder_start_on (f, kind, mmf);
}

// mig-host's arguments: the subcommand, its fixed options (none without
// `f`), then `extra`.
static GPtrArray *
host_argv (Fixture *f, const char *command, const char *const *extra)
{
   GPtrArray *argv = g_ptr_array_new ();
   g_ptr_array_add (argv, (char *) command);
   if (f != NULL) {
      const char *base[] = {
         "--plugin",     test_env ("MMFG_PLUGIN"), "--config", f->config,
         "--postoffice", f->po.maildata,           "--users",  f->po.users_csv};
      for (gsize i = 0; i < G_N_ELEMENTS (base); i++)
         g_ptr_array_add (argv, (char *) base[i]);
      if (strcmp (command, "migrate") == 0) {
         g_ptr_array_add (argv, "--out");
         g_ptr_array_add (argv, f->files.out);
      }
   }
   for (gsize i = 0; extra != NULL && extra[i] != NULL; i++)
      g_ptr_array_add (argv, (char *) extra[i]);
   g_ptr_array_add (argv, NULL);
   return argv;
}

// Runs mig-host to the end; returns its exit code, never a crash.
static int
run_host (Fixture *f, const char *command, char **out, char **err,
          const char *const *extra)
{
   g_autoptr (GPtrArray) argv = host_argv (f, command, extra);
   return mig_host_runv (NULL, (const char *const *) argv->pdata, out, err);
}

// A whole report of schema 2: both times, complete as expected.
static void
assert_report (json_t *root, const char *command, gboolean complete)
{
   g_assert_cmpint (report_num (root, "schema_version"), ==, 2);
   g_assert_cmpstr (report_str (root, "command"), ==, command);
   g_assert_nonnull (report_str (root, "started"));
   g_assert_nonnull (report_str (root, "ended"));
   g_assert_cmpstr (report_str (root, "started"), <=,
                    report_str (root, "ended"));
   g_assert_true (json_is_boolean (json_object_get (root, "complete")));
   g_assert_cmpint (json_is_true (json_object_get (root, "complete")), ==,
                    complete);
}

// Files in `dir` whose name starts with a dot (temporary files; a run's
// journal and lock file in --out are not).
static guint
count_dot_files (const char *dir)
{
   g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
   g_assert_nonnull (d);
   guint n = 0;
   const char *name;
   while ((name = g_dir_read_name (d)) != NULL)
      n += name[0] == '.' && !is_run_bookkeeping (name);
   return n;
}

// ---------------------------------------------------------------------------
// Outputs

static void
test_json_dash_is_stdout (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *out = NULL, *err = NULL;
   const char *extra[] = {"--json", "-", NULL};
   g_assert_cmpint (run_host (f, "preflight", &out, &err, extra), ==, 0);
   json_t *root = report_parse (out); // stdout is the JSON and nothing else
   assert_report (root, "preflight", TRUE);
   g_assert_cmpuint (json_array_size (json_object_get (root, "accounts")), ==,
                     4);
   json_decref (root);
   // The human report went to stderr instead.
   g_assert_nonnull (strstr (err, "4 accounts: 4 proceed"));
   g_assert_false (g_file_test ("-", G_FILE_TEST_EXISTS)); // no file "-"
}

static void
test_json_dev_stdout_stays_a_link (Fixture *f, gconstpointer data)
{
   (void) data;
   struct stat before;
   g_assert_cmpint (lstat ("/dev/stdout", &before), ==, 0);
   g_autofree char *out = NULL;
   const char *extra[] = {"--json", "/dev/stdout", NULL};
   g_assert_cmpint (run_host (f, "preflight", &out, NULL, extra), ==, 0);
   json_t *root = report_parse (out);
   assert_report (root, "preflight", TRUE);
   json_decref (root);
   struct stat after;
   g_assert_cmpint (lstat ("/dev/stdout", &after), ==, 0);
   g_assert_true (S_ISLNK (after.st_mode) == S_ISLNK (before.st_mode));
   g_assert_cmpuint (after.st_ino, ==, before.st_ino);
}

static void
test_json_symlink_written_through (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *reports = g_build_filename (f->po.root, "reports", NULL);
   g_assert_cmpint (g_mkdir (reports, 0755), ==, 0);
   g_autofree char *target = g_build_filename (reports, "latest.json", NULL);
   g_assert_true (g_file_set_contents (target, "old\n", -1, NULL));
   g_assert_cmpint (g_chmod (target, 0640), ==, 0);
   g_autofree char *link = g_build_filename (f->po.root, "report.lnk", NULL);
   // A relative link, resolved against its own folder.
   g_assert_cmpint (symlink ("reports/latest.json", link), ==, 0);
   const char *extra[] = {"--json", link, NULL};
   g_assert_cmpint (run_host (f, "preflight", NULL, NULL, extra), ==, 0);

   struct stat st;
   g_assert_cmpint (lstat (link, &st), ==, 0);
   g_assert_true (S_ISLNK (st.st_mode)); // still the operator's link
   g_assert_cmpint (lstat (target, &st), ==, 0);
   g_assert_true (S_ISREG (st.st_mode));
   g_assert_cmpint (st.st_mode & 07777, ==, 0640); // its mode kept
   json_t *root = report_load (target);
   assert_report (root, "preflight", TRUE);
   json_decref (root);
   g_assert_cmpuint (count_dot_files (reports), ==, 0);
   g_assert_cmpuint (count_dot_files (f->po.root), ==, 0);

   // A dangling link: the file it names is created.
   g_assert_cmpint (g_unlink (target), ==, 0);
   g_assert_cmpint (run_host (f, "preflight", NULL, NULL, extra), ==, 0);
   g_assert_cmpint (lstat (link, &st), ==, 0);
   g_assert_true (S_ISLNK (st.st_mode));
   root = report_load (target);
   assert_report (root, "preflight", TRUE);
   json_decref (root);
}

// The commands that write one JSON object (explain of one event, validate)
// follow the same rules as the streamed reports: "-" and /dev/stdout are
// standard output (the words go to stderr), a symlink is written through.
static void
test_single_answer_reports_follow_the_rules (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, "00000A01");
   const char *event[] = {"--event", "7007",     "--insert",
                          "U00001",  "--insert", mmf};
   for (int target = 0; target < 2; target++) {
      g_autoptr (GPtrArray) extra = g_ptr_array_new ();
      for (gsize i = 0; i < G_N_ELEMENTS (event); i++)
         g_ptr_array_add (extra, (char *) event[i]);
      g_ptr_array_add (extra, "--json");
      g_ptr_array_add (extra, target == 0 ? "-" : "/dev/stdout");
      g_ptr_array_add (extra, NULL);
      struct stat before, after;
      g_assert_cmpint (lstat ("/dev/stdout", &before), ==, 0);
      g_autofree char *out = NULL, *err = NULL;
      g_assert_cmpint (run_host (f, "explain", &out, &err,
                                 (const char *const *) extra->pdata),
                       ==, 0);
      json_t *root = report_parse (out); // the JSON and nothing else
      g_assert_cmpint (report_num (root, "event_id"), ==, 7007);
      json_decref (root);
      if (target == 0)
         g_assert_nonnull (strstr (err, "Event 7007"));
      g_assert_false (g_file_test ("-", G_FILE_TEST_EXISTS));
      g_assert_cmpint (lstat ("/dev/stdout", &after), ==, 0);
      g_assert_cmpuint (after.st_ino, ==, before.st_ino);
   }

   g_autofree char *target =
      g_build_filename (f->po.root, "explained.json", NULL);
   g_autofree char *link = g_build_filename (f->po.root, "explained.lnk", NULL);
   g_assert_cmpint (symlink ("explained.json", link), ==, 0);
   const char *through_link[] = {"--event", "7007",     "--insert",
                                 "U00001",  "--insert", mmf,
                                 "--json",  link,       NULL};
   g_assert_cmpint (run_host (f, "explain", NULL, NULL, through_link), ==, 0);
   struct stat st;
   g_assert_cmpint (lstat (link, &st), ==, 0);
   g_assert_true (S_ISLNK (st.st_mode));
   json_t *root = report_load (target);
   g_assert_cmpint (report_num (root, "event_id"), ==, 7007);
   json_decref (root);

   const char *validate[] = {"validate", "--only", "get-hook-null",
                             "--json",   "-",      test_env ("MMFG_PLUGIN"),
                             NULL};
   g_autofree char *out = NULL, *err = NULL;
   g_assert_cmpint (mig_host_runv (NULL, validate, &out, &err), ==, 0);
   root = report_parse (out);
   g_assert_cmpuint (json_array_size (json_object_get (root, "cases")), ==, 1);
   json_decref (root);
   g_assert_nonnull (strstr (err, "1 cases: 1 passed"));
}

typedef struct {
   char *path;
   char *text;
} FifoReader;

static gpointer
read_fifo (gpointer data)
{
   FifoReader *r = data;
   g_assert_true (g_file_get_contents (r->path, &r->text, NULL, NULL));
   return NULL;
}

static void
test_json_and_events_to_fifos (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *json_fifo =
      g_build_filename (f->po.root, "json.fifo", NULL);
   g_autofree char *events_fifo =
      g_build_filename (f->po.root, "events.fifo", NULL);
   g_assert_cmpint (mkfifo (json_fifo, 0600), ==, 0);
   g_assert_cmpint (mkfifo (events_fifo, 0600), ==, 0);
   FifoReader jr = {json_fifo, NULL}, er = {events_fifo, NULL};
   GThread *jt = g_thread_new ("json", read_fifo, &jr);
   GThread *et = g_thread_new ("events", read_fifo, &er);
   LockHolderProcess *h = holder_start (f, "posix-write", "00000A02");
   const char *extra[] = {"--json",    json_fifo, "--events", events_fifo,
                          "--retries", "0",       NULL};
   g_assert_cmpint (run_host (f, "migrate", NULL, NULL, extra), ==, 1);
   g_thread_join (jt);
   g_thread_join (et);
   lock_holder_process_stop_and_assert_intact (h);

   json_t *root = report_parse (jr.text);
   assert_report (root, "migrate", TRUE);
   report_assert_outcome (root, "U00002", "deferred");
   json_decref (root);
   // The run's closing event came through the FIFO.
   g_assert_nonnull (strstr (er.text, "\"id\":10068"));
   // Still FIFOs: written into, never replaced.
   struct stat st;
   g_assert_cmpint (lstat (json_fifo, &st), ==, 0);
   g_assert_true (S_ISFIFO (st.st_mode));
   g_assert_cmpint (lstat (events_fifo, &st), ==, 0);
   g_assert_true (S_ISFIFO (st.st_mode));
   g_free (jr.text);
   g_free (er.text);
}

// An existing report is replaced whole, and a report that cannot be
// written leaves the old one in place with exit 73.
static void
test_regular_file_replaced_atomically (Fixture *f, gconstpointer data)
{
   (void) data;
   g_assert_true (
      g_file_set_contents (f->files.json, "previous report\n", -1, NULL));
   struct stat before;
   g_assert_cmpint (stat (f->files.json, &before), ==, 0);
   const char *extra[] = {"--json", f->files.json, NULL};
   g_assert_cmpint (run_host (f, "preflight", NULL, NULL, extra), ==, 0);
   json_t *root = report_load (f->files.json);
   assert_report (root, "preflight", TRUE);
   json_decref (root);
   struct stat after;
   g_assert_cmpint (stat (f->files.json, &after), ==, 0);
   g_assert_cmpuint (after.st_ino, !=, before.st_ino); // renamed into place
   g_assert_cmpuint (count_dot_files (f->po.root), ==, 0);

   g_autofree char *err = NULL;
   const char *bad[] = {"--json", "/nonexistent-folder/report.json", NULL};
   g_assert_cmpint (run_host (f, "preflight", NULL, &err, bad), ==, 73);
   g_assert_nonnull (strstr (err, "/nonexistent-folder/report.json"));
   g_assert_nonnull (strstr (err, "--json"));
}

// ---------------------------------------------------------------------------
// Interrupted runs

// migrate with U00002 held: pass 1 migrates the others, then the run waits
// for a retry; the signal arrives during the wait.
static void
interrupt_migrate (Fixture *f, int signo, int expected_code)
{
   LockHolderProcess *h = holder_start (f, "posix-write", "00000A02");
   const char *extra[] = {"--json",        f->files.json, "--events",
                          f->files.events, "--retries",   "3",
                          "--retry-delay", "60",          NULL};
   g_autoptr (GPtrArray) argv = host_argv (f, "migrate", extra);
   MigHostProcess p;
   mig_host_start (&p, (const char *const *) argv->pdata);
   // The run may not end by itself.
   g_assert_true (
      mig_host_read_until (&p, "Retrying 1 deferred account in 60.0 s"));
   gint64 sent = g_get_monotonic_time ();
   g_subprocess_send_signal (p.process, signo);
   g_autofree char *rest = NULL;
   g_assert_cmpint (mig_host_finish (&p, &rest), ==, expected_code);
   // It ended promptly, not after the 60 s wait.
   g_assert_cmpint (g_get_monotonic_time () - sent, <, 10 * G_USEC_PER_SEC);
   g_assert_nonnull (strstr (rest, "Interrupted"));
   lock_holder_process_stop_and_assert_intact (h);

   json_t *root = report_load (f->files.json);
   assert_report (root, "migrate", FALSE);
   g_assert_cmpstr (report_str (root, "interrupted_by"), ==,
                    signo == SIGINT ? "SIGINT" : "SIGTERM");
   report_assert_outcome (root, "U00002", "deferred");
   report_assert_outcome (root, "U00001", "migrated");
   g_assert_cmpuint (json_array_size (json_object_get (root, "accounts")), ==,
                     4);
   json_decref (root);
   // The events log holds whole lines, up to the run's closing summary.
   g_autofree char *events = NULL;
   g_assert_true (g_file_get_contents (f->files.events, &events, NULL, NULL));
   g_assert_true (g_str_has_suffix (events, "\n"));
   g_auto (GStrv) event_lines = g_strsplit (events, "\n", -1);
   guint n_summary = 0;
   for (guint i = 0; event_lines[i] != NULL && event_lines[i][0] != '\0'; i++) {
      json_t *e = report_parse (event_lines[i]);
      n_summary += report_num (e, "id") == 10068;
      json_decref (e);
   }
   g_assert_cmpuint (n_summary, ==, 1);
   // Only whole copies in --out, and no temporary files anywhere.
   g_assert_cmpuint (count_dot_files (f->files.out), ==, 0);
   g_assert_cmpuint (count_dot_files (f->po.root), ==, 0);
   g_autofree char *held_copy =
      g_build_filename (f->files.out, "00000A02.MMF", NULL);
   g_assert_false (g_file_test (held_copy, G_FILE_TEST_EXISTS));
}

static void
test_sigint_during_wait_exits_130 (Fixture *f, gconstpointer data)
{
   (void) data;
   interrupt_migrate (f, SIGINT, 130);
}

static void
test_sigterm_during_wait_exits_143 (Fixture *f, gconstpointer data)
{
   (void) data;
   interrupt_migrate (f, SIGTERM, 143);
}

// ---------------------------------------------------------------------------
// Saying each thing once

// MASTER.GLB held: the wizard calls the post office read only. preflight
// and migrate both print the post office's paragraph once and block every
// account with its cause.
static void
test_postoffice_block_said_once (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *master =
      g_build_filename (f->po.maildata, "GLB", "MASTER.GLB", NULL);
   LockHolderProcess *h = holder_start_on (f, "posix-write", master);
   g_autofree char *out = NULL;
   const char *json[] = {"--json", f->files.json, NULL};
   g_assert_cmpint (run_host (f, "preflight", &out, NULL, json), ==, 2);
   g_assert_cmpuint (output_count (out, "What to do:"), ==, 1);
   g_assert_nonnull (strstr (out, "By cause: postoffice-read-only 12."));
   // The go / no-go names the post office first; each account's line says
   // why in words, not "(the post office)".
   g_assert_true (g_str_has_prefix (
      out, "NO-GO: the post office is blocked (postoffice-read-only); 12 "
           "accounts blocked (postoffice-read-only); 0 may proceed.\n"));
   g_assert_null (strstr (out, "(the post office)"));
   g_assert_nonnull (strstr (out, "the post office: postoffice-read-only"));
   json_t *pre = report_load (f->files.json);
   g_assert_cmpint (report_num (json_object_get (pre, "summary"), "block"), ==,
                    12);

   g_autofree char *mout = NULL;
   const char *mextra[] = {"--json", f->files.json, "--retries", "0", NULL};
   g_assert_cmpint (run_host (f, "migrate", &mout, NULL, mextra), ==, 2);
   g_assert_cmpuint (output_count (mout, "What to do:"), ==, 1);
   g_assert_nonnull (strstr (mout, "\nNOT DONE: the post office is blocked "
                                   "(postoffice-read-only); "));
   g_assert_null (strstr (mout, "no plugin"));
   g_assert_null (strstr (mout, "unknown"));
   json_t *mig = report_load (f->files.json);
   // The same answer for every account from both commands.
   for (int i = 1; i <= 12; i++) {
      g_autofree char *user = g_strdup_printf ("U%05d", i);
      json_t *p = report_account (pre, user), *m = report_account (mig, user);
      g_assert_cmpstr (report_str (p, "verdict"), ==, "block");
      g_assert_cmpstr (report_str (m, "verdict"), ==, "block");
      g_assert_cmpstr (report_str (p, "cause"), ==, "postoffice-read-only");
      g_assert_cmpstr (report_str (m, "cause"), ==, report_str (p, "cause"));
      g_assert_cmpstr (report_str (p, "decided_by"), ==, "postoffice");
      g_assert_cmpstr (report_str (m, "decided_by"), ==, "postoffice");
      g_assert_cmpstr (report_str (m, "outcome"), ==, "blocked");
      // Every account carries the findings that decided it: the post office's.
      for (json_t *r = p; r != NULL; r = r == p ? m : NULL) {
         json_t *findings = json_object_get (r, "findings");
         g_assert_cmpuint (json_array_size (findings), ==, 1);
         g_assert_cmpstr (report_str (json_array_get (findings, 0), "cause"),
                          ==, "postoffice-read-only");
      }
   }
   json_decref (pre);
   json_decref (mig);
   lock_holder_process_stop_and_assert_intact (h);
}

// The lock state unknown for every account (smbstatus cannot run): one
// paragraph, the other accounts named after it; --problems-only lists the
// problem accounts and none that may proceed.
static void
test_same_problem_one_paragraph (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *config =
      g_build_filename (f->po.root, "unknown.conf", NULL);
   g_assert_true (g_file_set_contents (
      config, "[samba]\nmode = on\nsmbstatus = /nonexistent/smbstatus\n", -1,
      NULL));
   g_autofree char *out = NULL;
   const char *extra[] = {"--config", config, "--json", f->files.json, NULL};
   // The later --config wins (GOption keeps the last).
   g_assert_cmpint (run_host (f, "preflight", &out, NULL, extra), ==, 1);
   g_assert_cmpuint (output_count (out, "What to do:"), ==, 1);
   g_assert_nonnull (strstr (out, "The same for 11 more accounts: U00002, "));
   g_assert_nonnull (strstr (out, "By cause: lock-state-unknown 12."));
   json_t *root = report_load (f->files.json);
   json_t *causes = json_object_get (root, "causes");
   g_assert_cmpint (report_num (causes, "lock-state-unknown"), ==, 12);
   // The JSON keeps every account's own text.
   g_assert_nonnull (
      strstr (report_str (report_account (root, "U00007"), "text"), "U00007"));
   json_decref (root);
}

static void
test_problems_only_lists_problems (Fixture *f, gconstpointer data)
{
   (void) data;
   LockHolderProcess *h = holder_start (f, "posix-write", "00000A03");
   g_autofree char *out = NULL;
   const char *q[] = {"-q", "--verbose", NULL};
   g_assert_cmpint (run_host (f, "preflight", &out, NULL, q), ==, 2);
   g_assert_null (strstr (out, "U00001  "));
   g_assert_nonnull (strstr (out, "U00003"));
   g_assert_nonnull (strstr (out, "U00006")); // the recovered password
   g_assert_nonnull (strstr (out, "not listed: --problems-only"));
   g_assert_nonnull (strstr (out, "By cause: "));
   g_assert_nonnull (strstr (out, "mmf-in-use 1"));
   g_assert_nonnull (strstr (out, "password-not-synchronised 1"));
   lock_holder_process_stop_and_assert_intact (h);
}

// ---------------------------------------------------------------------------
// The user list as the wizard writes it

static void
write_users (Fixture *f, const char *rows)
{
   g_autofree char *text = g_strconcat (
      "Postoffice: CORPNET/PO1\r\n"
      "SFS_UserName,SFS_FullName,MigrateUser,Obj-Class,Mode,Common-Name,"
      "Hex-ID,Password-Recovered\r\n",
      rows, NULL);
   g_assert_true (g_file_set_contents (f->po.users_csv, text, -1, NULL));
}

// Saved in the Windows code page, a bad time in one row, a date alone in
// another, and two accounts sharing a Hex-ID: the run goes on, the bad and
// the shared rows are blocked naming line, column and the other account.
static void
test_wizard_user_list (Fixture *f, gconstpointer data)
{
   (void) data;
   write_users (f, "U00001,Caf\xe9 Cr\xe8me,Y,Mailbox,,,00000A01,\r\n"
                   "U00002,Two,Y,Mailbox,,,00000A02,2001-01-01\r\n"
                   "U00003,Three,Y,Mailbox,,,00000A03,last tuesday\r\n"
                   "\xc9MILE,Four,Y,Mailbox,,,00000A04,2001-01-01T08:00Z\r\n"
                   "COPY,Copy,Y,Mailbox,,,00000a04,\r\n");
   g_autofree char *out = NULL;
   const char *json[] = {"--json", f->files.json, NULL};
   g_autofree char *err = NULL;
   g_assert_cmpint (run_host (f, "preflight", &out, &err, json), ==, 2);
   // Not UTF-8 and no --users-encoding: which code page was used is said.
   g_assert_nonnull (strstr (err, "read in Windows code page CP1252"));
   json_t *root = report_load (f->files.json);
   g_assert_cmpstr (report_str (report_account (root, "U00001"), "verdict"), ==,
                    "proceed");
   g_assert_cmpstr (report_str (report_account (root, "U00002"), "verdict"), ==,
                    "proceed");
   json_t *bad = report_account (root, "U00003");
   g_assert_cmpstr (report_str (bad, "verdict"), ==, "block");
   g_assert_cmpstr (report_str (bad, "cause"), ==, "user-list-row");
   g_assert_cmpstr (report_str (bad, "decided_by"), ==, "user-list");
   g_assert_nonnull (strstr (report_str (bad, "text"), "line 5, column 8"));
   g_assert_nonnull (strstr (report_str (bad, "text"), "last tuesday"));
   // CP1252 read as such: the name arrives as UTF-8.
   json_t *emile = report_account (root, "\xc3\x89MILE");
   g_assert_cmpstr (report_str (emile, "cause"), ==, "user-list-row");
   g_assert_nonnull (strstr (report_str (emile, "text"), "COPY (line 7)"));
   g_assert_nonnull (strstr (report_str (report_account (root, "COPY"), "text"),
                             "\xc3\x89MILE (line 6)"));
   json_decref (root);
   g_assert_nonnull (strstr (out, "By cause: user-list-row 3."));

   // migrate blocks the same three and migrates the others.
   const char *mextra[] = {"--json",           f->files.json, "--retries", "0",
                           "--users-encoding", "CP1252",      NULL};
   g_clear_pointer (&err, g_free);
   g_assert_cmpint (run_host (f, "migrate", NULL, &err, mextra), ==, 2);
   g_assert_null (strstr (err, "code page")); // given: nothing to say
   root = report_load (f->files.json);
   g_assert_cmpint (report_num (json_object_get (root, "summary"), "migrated"),
                    ==, 2);
   g_assert_cmpint (report_num (json_object_get (root, "summary"), "blocked"),
                    ==, 3);
   g_assert_cmpstr (report_str (report_account (root, "COPY"), "host_cause"),
                    ==, "user-list-row");
   json_decref (root);
}

// A recovery time written without a zone: U00001's MMF changed an hour ago
// and the recovery is written as two hours ago in UTC, but without a zone
// it may be local time anywhere, up to twelve hours later. Taken as UTC the
// account proceeded although the logon may not have followed the recovery;
// it is blocked. With the zone written, the same time lets it proceed.
static void
test_recovery_without_zone_never_proceeds_early (Fixture *f, gconstpointer data)
{
   (void) data;
   gint64 now = g_get_real_time () / G_USEC_PER_SEC;
   g_autoptr (GDateTime) two_hours_ago =
      g_date_time_new_from_unix_utc (now - 2 * 3600);
   g_autofree char *bare =
      g_date_time_format (two_hours_ago, "%Y-%m-%dT%H:%M:%S");
   g_autofree char *rows = g_strdup_printf (
      "U00001,One,Y,Mailbox,,,00000A01,%s\r\nU00002,Two,Y,Mailbox,,,00000A02,"
      "%sZ\r\n",
      bare, bare);
   write_users (f, rows);
   for (int i = 1; i <= 2; i++) {
      g_autofree char *hex = g_strdup_printf ("00000A%02d", i);
      g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, hex);
      struct utimbuf hour_ago = {(time_t) (now - 3600), (time_t) (now - 3600)};
      g_assert_cmpint (g_utime (mmf, &hour_ago), ==, 0);
   }
   const char *json[] = {"--json", f->files.json, NULL};
   g_assert_cmpint (run_host (f, "preflight", NULL, NULL, json), ==, 2);
   json_t *root = report_load (f->files.json);
   g_assert_cmpstr (report_str (report_account (root, "U00001"), "verdict"), ==,
                    "block");
   g_assert_cmpstr (report_str (report_account (root, "U00001"), "cause"), ==,
                    "password-not-synchronised");
   g_assert_cmpstr (report_str (report_account (root, "U00002"), "verdict"), ==,
                    "proceed");
   json_decref (root);
}

static void
test_unusable_user_lists_refused (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *err = NULL;
   g_assert_true (g_file_set_contents (
      f->po.users_csv, "SFS_UserName,SFS_FullName\nU00001,One\n", -1, NULL));
   g_assert_cmpint (run_host (f, "preflight", NULL, &err, NULL), ==, 65);
   g_assert_nonnull (strstr (err, "no Hex-ID column"));
   g_assert_nonnull (strstr (err, "users.csv"));
   g_clear_pointer (&err, g_free);
   write_users (f, "");
   g_assert_cmpint (run_host (f, "preflight", NULL, &err, NULL), ==, 65);
   g_assert_nonnull (strstr (err, "lists no accounts"));
   g_clear_pointer (&err, g_free);
   // A code page the system cannot convert from is a usage error.
   write_users (f, "U00001,Caf\xe9,Y,Mailbox,,,00000A01,\r\n");
   const char *bogus[] = {"--users-encoding", "NO-SUCH-CODEPAGE", NULL};
   g_assert_cmpint (run_host (f, "preflight", NULL, &err, bogus), ==, 64);
   g_assert_nonnull (strstr (err, "NO-SUCH-CODEPAGE"));
}

// The wizard's user list with `rows` (`len` bytes, NULs allowed) after the
// header row, written as they are.
static void
write_users_bytes (Fixture *f, const char *rows, gsize len)
{
   GString *text = g_string_new (
      "Postoffice: CORPNET/PO1\r\n"
      "SFS_UserName,SFS_FullName,MigrateUser,Obj-Class,Mode,Common-Name,"
      "Hex-ID,Password-Recovered\r\n");
   g_string_append_len (text, rows, (gssize) len);
   g_assert_true (
      g_file_set_contents (f->po.users_csv, text->str, text->len, NULL));
   g_string_free (text, TRUE);
}

// A NUL inside U00003's Hex-ID: preflight blocks the account naming the
// byte, and migrate blocks it and copies nothing of it, where reading up
// to the NUL gave 00000A03, a real MMF, and a copy. The list stays UTF-8
// (no code page note), and the other accounts go on.
static void
test_nul_in_hex_id_blocked (Fixture *f, gconstpointer data)
{
   (void) data;
   static const char rows[] = "U00001,One,Y,Mailbox,,,00000A01,\r\n"
                              "U00002,Zo\xc3\xab,Y,Mailbox,,,00000A02,\r\n"
                              "U00003,Three,Y,Mailbox,,,00000A03\0ZZZZ,\r\n"
                              "U00004,Four,Y,Mailbox,,,00000A04,\r\n";
   write_users_bytes (f, rows, sizeof rows - 1);
   const char *json[] = {"--json", f->files.json, NULL};
   g_autofree char *err = NULL;
   g_assert_cmpint (run_host (f, "preflight", NULL, &err, json), ==, 2);
   g_assert_null (strstr (err, "code page"));
   json_t *root = report_load (f->files.json);
   json_t *three = report_account (root, "U00003");
   g_assert_cmpstr (report_str (three, "verdict"), ==, "block");
   g_assert_cmpstr (report_str (three, "cause"), ==, "user-list-row");
   g_assert_cmpstr (report_str (three, "hex_id"), ==, "00000A03\\x00ZZZZ");
   const char *text = report_str (three, "text");
   g_assert_nonnull (strstr (text, "line 5, column 7 (Hex-ID)"));
   g_assert_nonnull (strstr (text, "byte 0x00 (NUL)"));
   g_assert_cmpstr (report_str (report_account (root, "U00001"), "verdict"), ==,
                    "proceed");
   json_decref (root);

   g_clear_pointer (&err, g_free);
   const char *mextra[] = {"--json", f->files.json, "--retries", "0", NULL};
   g_assert_cmpint (run_host (f, "migrate", NULL, &err, mextra), ==, 2);
   root = report_load (f->files.json);
   report_assert_outcome (root, "U00003", "blocked");
   g_assert_cmpstr (report_str (report_account (root, "U00003"), "host_cause"),
                    ==, "user-list-row");
   report_assert_outcome (root, "U00002", "migrated");
   g_assert_cmpint (report_num (json_object_get (root, "summary"), "migrated"),
                    ==, 3);
   json_decref (root);
   g_autofree char *copy =
      g_build_filename (f->files.out, "00000A03.MMF", NULL);
   g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
   g_autofree char *other =
      g_build_filename (f->files.out, "00000A04.MMF", NULL);
   g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
}

// The NULs read up to before the list was read as bytes: in a user name
// (U00002\0EVIL was U00002), in MigrateUser (N\0X was N: the account
// silently skipped) and in a quoted field. Each blocks its own row naming
// the byte, through preflight and migrate alike, nothing of it copied; and
// a NUL does not make the UTF-8 list be read as CP1252 (Zoë stays Zoë).
static void
test_nul_anywhere_blocks_its_row (Fixture *f, gconstpointer data)
{
   (void) data;
   static const char rows[] = "U00001,Zo\xc3\xab,Y,Mailbox,,,00000A01,\r\n"
                              "U00002\0EVIL,Two,Y,Mailbox,,,00000A02,\r\n"
                              "U00003,Three,N\0X,Mailbox,,,00000A03,\r\n"
                              "U00004,\"Fo\0ur\",Y,Mailbox,,,00000A04,\r\n";
   write_users_bytes (f, rows, sizeof rows - 1);
   const char *json[] = {"--json", f->files.json, NULL};
   g_autofree char *err = NULL;
   g_assert_cmpint (run_host (f, "preflight", NULL, &err, json), ==, 2);
   g_assert_null (strstr (err, "code page"));
   json_t *root = report_load (f->files.json);
   json_t *one = report_account (root, "U00001");
   g_assert_cmpstr (report_str (one, "verdict"), ==, "proceed");
   g_assert_cmpstr (report_str (one, "full_name"), ==, "Zo\xc3\xab");
   size_t k;
   json_t *any;
   json_array_foreach (json_object_get (root, "accounts"), k, any)
      g_assert_cmpstr (report_str (any, "user"), !=, "U00002");
   const struct {
      const char *user, *where;
   } bad[] = {
      {"U00002\\x00EVIL", "line 4, column 1 (SFS_UserName)"},
      {"U00003", "line 5, column 3 (MigrateUser)"},
      {"U00004", "line 6, column 2 (SFS_FullName)"},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
      json_t *a = report_account (root, bad[i].user);
      g_assert_cmpstr (report_str (a, "verdict"), ==, "block");
      g_assert_cmpstr (report_str (a, "cause"), ==, "user-list-row");
      g_assert_nonnull (strstr (report_str (a, "text"), bad[i].where));
      g_assert_nonnull (strstr (report_str (a, "text"), "byte 0x00 (NUL)"));
   }
   g_assert_cmpint (
      report_num (json_object_get (root, "summary"), "not_migrated"), ==, 0);
   json_decref (root);

   g_clear_pointer (&err, g_free);
   const char *mextra[] = {"--json", f->files.json, "--retries", "0", NULL};
   g_assert_cmpint (run_host (f, "migrate", NULL, &err, mextra), ==, 2);
   root = report_load (f->files.json);
   report_assert_outcome (root, "U00001", "migrated");
   for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      report_assert_outcome (root, bad[i].user, "blocked");
   json_decref (root);
   const char *not_copied[] = {"00000A02.MMF", "00000A03.MMF", "00000A04.MMF"};
   for (gsize i = 0; i < G_N_ELEMENTS (not_copied); i++) {
      g_autofree char *copy =
         g_build_filename (f->files.out, not_copied[i], NULL);
      g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
   }
}

// What Excel and Notepad save: semicolons as separators, UTF-16 with a byte
// order mark. Read as the list it is, every account found.
static void
test_utf16_semicolon_list_read (Fixture *f, gconstpointer data)
{
   (void) data;
   const char *list = "Postoffice: CORPNET/PO1\r\n"
                      "SFS_UserName;SFS_FullName;MigrateUser;Hex-ID\r\n"
                      "U00001;Smith, Jane;Y;00000A01\r\n"
                      "U00002;Zo\xc3\xab;Y;00000A02\r\n"
                      "U00003;Three;N;00000A03\r\n"
                      "U00004;Four;Y;00000A04\r\n";
   gsize len = 0;
   g_autofree char *utf16 =
      g_convert (list, -1, "UTF-16LE", "UTF-8", NULL, &len, NULL);
   g_assert_nonnull (utf16);
   GString *bytes = g_string_new_len ("\xFF\xFE", 2);
   g_string_append_len (bytes, utf16, (gssize) len);
   g_assert_true (
      g_file_set_contents (f->po.users_csv, bytes->str, bytes->len, NULL));
   g_string_free (bytes, TRUE);
   const char *json[] = {"--json", f->files.json, NULL};
   g_autofree char *err = NULL;
   g_assert_cmpint (run_host (f, "preflight", NULL, &err, json), ==, 0);
   g_assert_null (strstr (err, "code page"));
   json_t *root = report_load (f->files.json);
   g_assert_cmpstr (report_str (report_account (root, "U00002"), "verdict"), ==,
                    "proceed");
   g_assert_cmpint (
      report_num (json_object_get (root, "summary"), "not_migrated"), ==, 1);
   json_decref (root);
}

// Lists that cannot be a user list are refused at the start (exit 65),
// naming the file and what is wrong: an empty file, a row of ten million
// commas.
static void
test_hostile_user_lists_refused (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *err = NULL;
   g_assert_true (g_file_set_contents (f->po.users_csv, "", 0, NULL));
   g_assert_cmpint (run_host (f, "preflight", NULL, &err, NULL), ==, 65);
   g_assert_nonnull (strstr (err, "users.csv is empty"));
   g_clear_pointer (&err, g_free);

   GString *commas = g_string_new ("U00001,One,Y,Mailbox,,,00000A01,\r\n");
   for (int i = 0; i < 10 * 1000 * 1000; i++)
      g_string_append_c (commas, ',');
   write_users_bytes (f, commas->str, commas->len);
   g_string_free (commas, TRUE);
   const char *mextra[] = {"--json", f->files.json, NULL};
   g_assert_cmpint (run_host (f, "migrate", NULL, &err, mextra), ==, 65);
   g_assert_nonnull (strstr (err, "users.csv, line 4"));
   g_assert_nonnull (strstr (err, "64 KiB"));
   g_autofree char *copy =
      g_build_filename (f->files.out, "00000A01.MMF", NULL);
   g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
}

// Runs mig-host `command` (the fixture's post office and list) under a
// Python parent that reads the child's peak resident memory once it has
// been waited for (getrusage, RUSAGE_CHILDREN: mig-host's own, not the
// test's). Returns the exit code; `peak_kib` its peak, in KiB.
static int
run_host_peak_memory (Fixture *f, const char *command, char **err,
                      long *peak_kib)
{
   g_autoptr (GPtrArray) argv = host_argv (f, command, NULL);
   const char *script =
      "import resource, subprocess, sys\n"
      "code = subprocess.run(sys.argv[1:]).returncode\n"
      "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
      "sys.exit(code)\n";
   g_ptr_array_insert (argv, 0, (char *) test_env ("MMFG_MIG_HOST"));
   g_ptr_array_insert (argv, 0, (char *) script);
   g_ptr_array_insert (argv, 0, "-c");
   g_ptr_array_insert (argv, 0, "python3");
   g_autofree char *out = NULL;
   int status = 0;
   g_autoptr (GError) error = NULL;
   g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                                G_SPAWN_SEARCH_PATH, NULL, NULL, &out, err,
                                &status, &error));
   g_assert_no_error (error);
   g_assert_true (WIFEXITED (status));
   *peak_kib = strtol (out, NULL, 10);
   g_assert_cmpint (*peak_kib, >, 0);
   return WEXITSTATUS (status);
}

// Hostile user lists are refused at a stated limit, in bounded memory: a
// row of ten million commas (it took 205 MB) and a list of 200,000
// accounts (350 MB) — each refused naming its line and the limit, nothing
// copied, mig-host's peak under 128 MiB (about 20-60 MiB, with
// AddressSanitizer's own the most).
static void
test_hostile_user_lists_bounded_memory (Fixture *f, gconstpointer data)
{
   (void) data;
   enum { PEAK_KIB = 128 * 1024, ROWS = 200000 };
   GString *commas = g_string_new ("U00001,One,Y,Mailbox,,,00000A01,\r\n");
   for (int i = 0; i < 10 * 1000 * 1000; i++)
      g_string_append_c (commas, ',');
   g_string_append (commas, "\r\n");
   write_users_bytes (f, commas->str, commas->len);
   g_string_free (commas, TRUE);
   g_autofree char *err = NULL;
   long peak = 0;
   g_assert_cmpint (run_host_peak_memory (f, "migrate", &err, &peak), ==, 65);
   g_assert_nonnull (strstr (err, "users.csv, line 4"));
   g_assert_nonnull (strstr (err, "64 KiB"));
   g_test_message ("a 10 MB row: peak %ld KiB", peak);
   g_assert_cmpint (peak, <, PEAK_KIB);
   g_clear_pointer (&err, g_free);

   GString *rows = g_string_new (NULL);
   for (guint i = 1; i <= ROWS; i++)
      g_string_append_printf (rows, "X%06u,User %u,Y,Mailbox,,,%08X,\r\n", i, i,
                              0x100000u + i);
   write_users_bytes (f, rows->str, rows->len);
   g_string_free (rows, TRUE);
   g_assert_cmpint (run_host_peak_memory (f, "migrate", &err, &peak), ==, 65);
   g_assert_nonnull (strstr (err, "more than 100000 accounts"));
   g_test_message ("200,000 rows: peak %ld KiB", peak);
   g_assert_cmpint (peak, <, PEAK_KIB);
   g_assert_false (g_file_test (f->files.out, G_FILE_TEST_EXISTS) &&
                   count_out_files (f->files.out) > 0);
}

// ---------------------------------------------------------------------------
// migrate: a second run, a source that changes during the copy

// mig-host migrate without a plugin (the stock wizard), with `hook` as
// MMFG_TEST_AFTER_COPY (mmf-copy.c); returns the exit code.
static int
migrate_without_plugin (Fixture *f, const char *hook)
{
   const char *args[] = {"migrate",      "--no-plugin", "--postoffice",
                         f->po.maildata, "--users",     f->po.users_csv,
                         "--out",        f->files.out,  "--json",
                         f->files.json,  NULL};
   const MigHostSetting with_hook = {.env_name = "MMFG_TEST_AFTER_COPY",
                                     .env_value = hook};
   return mig_host_runv (&with_hook, args, NULL, NULL);
}

static void
assert_same_bytes (const char *a, const char *b)
{
   g_autofree char *x = NULL, *y = NULL;
   gsize lx = 0, ly = 0;
   g_assert_true (g_file_get_contents (a, &x, &lx, NULL));
   g_assert_true (g_file_get_contents (b, &y, &ly, NULL));
   g_assert_cmpmem (x, lx, y, ly);
}

static void
test_second_run_skips_unchanged (Fixture *f, gconstpointer data)
{
   (void) data;
   const char *extra[] = {"--json", f->files.json, NULL};
   g_assert_cmpint (run_host (f, "migrate", NULL, NULL, extra), ==, 0);
   g_autofree char *copy1 =
      g_build_filename (f->files.out, "00000A01.MMF", NULL);
   g_autofree char *copy2 =
      g_build_filename (f->files.out, "00000A02.MMF", NULL);
   struct stat one, two;
   g_assert_cmpint (stat (copy1, &one), ==, 0);
   g_assert_cmpint (stat (copy2, &two), ==, 0);
   // U00002's mail changes between the runs.
   g_autofree char *mmf2 = postoffice_fixture_mmf_of (&f->po, "00000A02");
   FILE *append = fopen (mmf2, "ab");
   g_assert_nonnull (append);
   fputs ("new mail", append);
   fclose (append);

   g_autofree char *out = NULL;
   g_assert_cmpint (run_host (f, "migrate", &out, NULL, extra), ==, 0);
   g_assert_nonnull (strstr (out, "2 of the migrated were in --out already"));
   json_t *root = report_load (f->files.json);
   json_t *a1 = report_account (root, "U00001"),
          *a2 = report_account (root, "U00002");
   g_assert_cmpstr (report_str (a1, "outcome"), ==, "migrated");
   g_assert_true (json_is_true (json_object_get (a1, "already_migrated")));
   g_assert_cmpint (report_num (a1, "copies"), ==, 0);
   g_assert_cmpstr (report_str (a2, "outcome"), ==, "migrated");
   g_assert_true (json_is_false (json_object_get (a2, "already_migrated")));
   g_assert_cmpint (report_num (a2, "copies"), ==, 1);
   json_decref (root);
   struct stat one_after, two_after;
   g_assert_cmpint (stat (copy1, &one_after), ==, 0);
   g_assert_cmpint (stat (copy2, &two_after), ==, 0);
   g_assert_cmpuint (one_after.st_ino, ==, one.st_ino); // not touched
   g_assert_cmpuint (two_after.st_ino, !=, two.st_ino); // copied anew
   assert_same_bytes (mmf2, copy2);
}

// The source grows between the copy and the re-check, every time (a hook
// run at exactly that moment, so no race decides): the copy is discarded
// and the account fails as mmf-changing after three copies; when it grows
// only once, the second copy is kept and is the source as it is now.
static void
test_source_changed_during_copy (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *mmf2 = postoffice_fixture_mmf_of (&f->po, "00000A02");
   g_autofree char *always = g_build_filename (f->po.root, "grow-always", NULL);
   g_autofree char *script = g_strdup_printf (
      "#!/bin/sh\ncase \"$1\" in *00000A02.MMF) printf x >> \"$1\";; esac\n");
   g_assert_true (g_file_set_contents (always, script, -1, NULL));
   g_assert_cmpint (g_chmod (always, 0755), ==, 0);
   g_assert_cmpint (migrate_without_plugin (f, always), ==, 2);
   json_t *root = report_load (f->files.json);
   json_t *a2 = report_account (root, "U00002");
   g_assert_cmpstr (report_str (a2, "outcome"), ==, "failed");
   g_assert_cmpstr (report_str (a2, "host_cause"), ==, "mmf-changing");
   g_assert_cmpint (report_num (a2, "copies"), ==, 3);
   report_assert_outcome (root, "U00001", "migrated");
   json_decref (root);
   g_autofree char *copy2 =
      g_build_filename (f->files.out, "00000A02.MMF", NULL);
   g_assert_false (g_file_test (copy2, G_FILE_TEST_EXISTS));
   g_assert_cmpuint (count_dot_files (f->files.out), ==, 0);

   g_autofree char *once = g_build_filename (f->po.root, "grow-once", NULL);
   g_autofree char *marker = g_build_filename (f->po.root, "grown", NULL);
   g_autofree char *script_once = g_strdup_printf (
      "#!/bin/sh\ncase \"$1\" in *00000A02.MMF)\n"
      "  [ -e '%s' ] || { printf y >> \"$1\"; : > '%s'; };;\nesac\n",
      marker, marker);
   g_assert_true (g_file_set_contents (once, script_once, -1, NULL));
   g_assert_cmpint (g_chmod (once, 0755), ==, 0);
   g_assert_cmpint (migrate_without_plugin (f, once), ==, 0);
   root = report_load (f->files.json);
   a2 = report_account (root, "U00002");
   g_assert_cmpstr (report_str (a2, "outcome"), ==, "migrated");
   g_assert_cmpint (report_num (a2, "copies"), ==, 2);
   json_decref (root);
   assert_same_bytes (mmf2, copy2);
}

// ---------------------------------------------------------------------------
// watch

// watch follows a holder that leaves: one line when it is seen, one when it
// is gone; the recovered password is blocked, not waited for, and keeps the
// post office from "clear": once nobody is held watch names it, exit 2.
static void
test_watch_until_all_clear (Fixture *f, gconstpointer data)
{
   (void) data;
   LockHolderProcess *h = holder_start (f, "msmail", "00000A02");
   const char *extra[] = {"--interval", "0.1", "--timeout", "60", NULL};
   g_autoptr (GPtrArray) argv = host_argv (f, "watch", extra);
   MigHostProcess p;
   mig_host_start (&p, (const char *const *) argv->pdata);
   g_autofree char *first = mig_host_read_line (&p);
   g_test_message ("%s", first);
   g_assert_nonnull (strstr (first, "4 accounts, 1 held, 1 blocked"));
   g_autofree char *held = mig_host_read_line (&p);
   g_test_message ("%s", held);
   g_assert_nonnull (strstr (held, " U00002 (User 2) held (mmf-in-use): pid "));
   g_autofree char *pid = g_strdup_printf ("pid %" G_GINT64_FORMAT " ",
                                           lock_holder_process_pid (h));
   g_assert_nonnull (strstr (held, pid));
   lock_holder_process_stop_and_assert_intact (h);
   g_autofree char *rest = NULL;
   g_assert_cmpint (mig_host_finish (&p, &rest), ==, 2);
   g_assert_nonnull (strstr (rest, " U00002 (User 2) clear after "));
   g_assert_null (strstr (rest, "All clear"));
   g_assert_nonnull (strstr (rest, "Not clear after "));
   g_assert_nonnull (strstr (rest, "U00004 (password-not-synchronised)"));
}

static void
test_watch_times_out (Fixture *f, gconstpointer data)
{
   (void) data;
   LockHolderProcess *h = holder_start (f, "ofd-write", "00000A03");
   g_autofree char *out = NULL;
   const char *extra[] = {"--interval", "0.1", "--timeout", "0.5", NULL};
   gint64 start = g_get_monotonic_time ();
   g_assert_cmpint (run_host (f, "watch", &out, NULL, extra), ==, 1);
   g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
   g_assert_nonnull (strstr (out, "1 account still held: U00003."));
   lock_holder_process_stop_and_assert_intact (h);
}

// ---------------------------------------------------------------------------
// explain --log: the wizard's whole event log

// The log the wizard would have left: U00002 failed twice (its client holds
// the MMF), U00004 failed with 7000 and 7007 (password recovered), U00001
// once long ago (nothing wrong now), and an unrelated source in between.
// Descriptions are wrapped and re-spaced as exports leave them.
static char *
write_wizard_events (Fixture *f)
{
   g_autofree char *m1 = postoffice_fixture_mmf_of (&f->po, "00000A01");
   g_autofree char *m2 = postoffice_fixture_mmf_of (&f->po, "00000A02");
   g_autofree char *m4 = postoffice_fixture_mmf_of (&f->po, "00000A04");
   json_t *events = json_array ();
   // description = before + user + between + path + after
   struct {
      const char *source;
      int id;
      int t;
      const char *user;
      const char *mmf;
      const char *before, *between, *after;
   } rows[] = {
      {"MSExchangeMig", 7007, 1000, "U00001", m1,
       "Could not migrate MMF file for Account: ", ".  MMF Path '", "'."},
      {"MSExchangeMig", 7007, 2000, "U00002", m2,
       "Could not migrate MMF file for\r\n   Account: ", ". MMF Path\r\n   '",
       "'."},
      {"Application Error", 1000, 2500, "WINWORD.EXE", "x", "", " ", ""},
      {"MSExchangeMig", 7000, 3000, "U00004", m4,
       "Could not migrate PAB file for account: ", ". PAB (MMF)Path '", "'."},
      {"MSExchangeMig", 7007, 3001, "U00004", m4,
       "Could not migrate MMF file for Account: ", ". MMF Path '", "'."},
      {"MSExchangeMig", 7007, 4000, "U00002", m2,
       "Could not migrate MMF file for Account:\t", ".\nMMF Path '", "'."},
      // The run's summary: its inserts are counts, not an account.
      {"MSExchangeMig", 10068, 5000, "5", "3",
       "Migration finished: ", " accounts migrated, ", " not."},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (rows); i++) {
      g_autofree char *description =
         g_strconcat (rows[i].before, rows[i].user, rows[i].between,
                      rows[i].mmf, rows[i].after, NULL);
      json_array_append_new (
         events,
         json_pack ("{s:s, s:i, s:I, s:[s, s], s:s}", "source", rows[i].source,
                    "id", rows[i].id, "time",
                    (json_int_t) (1795600000 + rows[i].t), "inserts",
                    rows[i].user, rows[i].mmf, "description", description));
   }
   char *path = g_build_filename (f->po.root, "events.json", NULL);
   g_assert_cmpint (json_dump_file (events, path, 0), ==, 0);
   json_decref (events);
   return path;
}

static void
make_log (const char *format, const char *events, const char *out)
{
   g_autofree char *script = g_build_filename (
      test_env ("MMFG_SOURCE_ROOT"), "tests", "make-eventlog.py", NULL);
   const char *argv[] = {"python3", script, format, out, events, NULL};
   int status = 0;
   g_autoptr (GError) error = NULL;
   g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                 NULL, NULL, &status, &error);
   g_assert_no_error (error);
   g_spawn_check_wait_status (status, &error);
   g_assert_no_error (error);
}

// The fixture is what the library's own export tool reads: evtexport and
// evtxexport name the events, ids and insertion strings written.
static void
assert_library_reads (const char *tool, const char *log)
{
   const char *argv[] = {tool, log, NULL};
   g_autofree char *out = NULL;
   int status = 0;
   g_autoptr (GError) error = NULL;
   g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                 &out, NULL, &status, &error);
   g_assert_no_error (error); // scripts/setup installs libevt-utils etc.
   g_spawn_check_wait_status (status, &error);
   g_assert_no_error (error);
   g_test_message ("%s", out);
   g_assert_cmpuint (output_count (out, "MSExchangeMig"), ==, 6);
   g_assert_nonnull (strstr (out, "Application Error"));
   // 7007 = 0x1B5F (an .evt id carries severity bits above it)
   g_assert_cmpuint (output_count (out, "1b5f ("), ==, 4);
   g_assert_nonnull (strstr (out, ": U00004"));
}

static void
explain_log_in (Fixture *f, const char *format)
{
   LockHolderProcess *h = holder_start (f, "msmail", "00000A02");
   g_autofree char *events = write_wizard_events (f);
   g_autofree char *name = g_strconcat ("Application.", format, NULL);
   g_autofree char *log = g_build_filename (f->po.root, name, NULL);
   make_log (format, events, log);
   if (strcmp (format, "evt") == 0)
      assert_library_reads ("evtexport", log);
   else if (strcmp (format, "evtx") == 0)
      assert_library_reads ("evtxexport", log);

   g_autofree char *out = NULL;
   const char *extra[] = {"--log", log, "--json", f->files.json, NULL};
   g_assert_cmpint (run_host (f, "explain", &out, NULL, extra), ==, 0);
   g_assert_nonnull (strstr (out, "6 of them MSExchangeMig events about 3 "
                                  "accounts"));
   g_assert_nonnull (strstr (out, "1 MSExchangeMig event names no account"));
   g_assert_null (strstr (out, "damaged"));
   json_t *root = report_load (f->files.json);
   assert_report (root, "explain-log", TRUE);
   g_assert_true (json_is_false (
      json_object_get (json_object_get (root, "log"), "damaged")));
   g_assert_cmpuint (json_array_size (json_object_get (root, "accounts")), ==,
                     3);
   json_t *held = report_account (root, "U00002");
   g_assert_cmpstr (report_str (held, "cause"), ==, "mmf-in-use");
   g_assert_cmpstr (report_str (held, "full_name"), ==, "User 2");
   g_assert_cmpint (report_num (held, "events"), ==, 2);
   // The latest of the two, whichever order the format lists them in.
   g_autoptr (GDateTime) latest = g_date_time_new_from_unix_utc (1795604000);
   g_autofree char *latest_iso = g_date_time_format_iso8601 (latest);
   g_assert_cmpstr (report_str (json_object_get (held, "logged"), "time"), ==,
                    latest_iso);
   g_autofree char *pid =
      g_strdup_printf ("%" G_GINT64_FORMAT, lock_holder_process_pid (h));
   g_assert_cmpint (report_num (json_object_get (held, "holder"), "pid"), ==,
                    lock_holder_process_pid (h));
   g_assert_nonnull (strstr (out, pid));
   json_t *unsynced = report_account (root, "U00004");
   g_assert_cmpstr (report_str (unsynced, "cause"), ==,
                    "password-not-synchronised");
   g_assert_cmpint (report_num (unsynced, "events"), ==, 2);
   g_assert_cmpint (
      report_num (json_object_get (unsynced, "logged"), "event_id"), ==, 7007);
   json_decref (root);
   g_assert_nonnull (strstr (out, "mmf-in-use 1"));
   g_assert_nonnull (strstr (out, "password-not-synchronised 1"));
   lock_holder_process_stop_and_assert_intact (h);
}

static void
test_explain_log_evt (Fixture *f, gconstpointer data)
{
   (void) data;
   explain_log_in (f, "evt");
}

static void
test_explain_log_evtx (Fixture *f, gconstpointer data)
{
   (void) data;
   explain_log_in (f, "evtx");
}

static void
test_explain_log_wevtutil_xml (Fixture *f, gconstpointer data)
{
   (void) data;
   explain_log_in (f, "xml");
}

static void
test_explain_log_viewer_csv (Fixture *f, gconstpointer data)
{
   (void) data;
   explain_log_in (f, "csv");
}

static void
test_explain_log_viewer_text (Fixture *f, gconstpointer data)
{
   (void) data;
   explain_log_in (f, "text");
}

// `log` cut to `keep` of its bytes (a negative `keep`: all but -keep).
static void
cut_file (const char *log, gssize keep)
{
   g_autofree char *data = NULL;
   gsize len = 0;
   g_assert_true (g_file_get_contents (log, &data, &len, NULL));
   gsize n = keep < 0 ? len - (gsize) -keep : (gsize) keep;
   g_assert_cmpuint (n, <, len);
   g_assert_true (g_file_set_contents (log, data, (gssize) n, NULL));
}

// A log cut off is said to be damaged, with what it lost, and the run ends
// with the code for a damaged log — never read as a shorter whole one.
static void
explain_damaged_log_in (Fixture *f, const char *format)
{
   g_autofree char *events = write_wizard_events (f);
   g_autofree char *name = g_strconcat ("Application.", format, NULL);
   g_autofree char *log = g_build_filename (f->po.root, name, NULL);
   make_log (format, events, log);
   struct stat st;
   g_assert_cmpint (g_stat (log, &st), ==, 0);
   // .evtx: one byte short, as a copy that stopped; the others at two thirds,
   // past their first record.
   cut_file (log, strcmp (format, "evtx") == 0 ? -1 : st.st_size * 2 / 3);
   g_autofree char *out = NULL;
   const char *extra[] = {"--log", log, "--json", f->files.json, NULL};
   g_assert_cmpint (run_host (f, "explain", &out, NULL, extra), ==, 3);
   g_assert_nonnull (strstr (out, "The event log is damaged: "));
   g_assert_nonnull (strstr (out, "Records were lost"));
   json_t *root = report_load (f->files.json);
   json_t *info = json_object_get (root, "log");
   g_assert_true (json_is_true (json_object_get (info, "damaged")));
   g_assert_nonnull (report_str (info, "damage"));
   json_decref (root);
}

static void
test_explain_log_damaged (Fixture *f, gconstpointer data)
{
   (void) data;
   const char *formats[] = {"evt", "evtx", "xml", "csv", "text"};
   for (gsize i = 0; i < G_N_ELEMENTS (formats); i++) {
      g_test_message ("%s cut off", formats[i]);
      explain_damaged_log_in (f, formats[i]);
   }
}

// An export cut off inside its line of column names lost every record: it
// is damaged (exit 3), never an export of an empty log — which, whole, is
// read as one with no record.
static void
test_explain_log_export_cut_in_header (Fixture *f, gconstpointer data)
{
   (void) data;
   const char *formats[] = {"csv", "text"};
   for (gsize i = 0; i < G_N_ELEMENTS (formats); i++) {
      g_test_message ("%s cut in its first line", formats[i]);
      g_autofree char *events = write_wizard_events (f);
      g_autofree char *name = g_strconcat ("Header.", formats[i], NULL);
      g_autofree char *log = g_build_filename (f->po.root, name, NULL);
      make_log (formats[i], events, log);
      g_autofree char *text = NULL;
      g_assert_true (g_file_get_contents (log, &text, NULL, NULL));
      const char *eol = strpbrk (text, "\r\n");
      g_assert_nonnull (eol);
      gssize header = eol - text;
      // Still naming Source and Event ID, only the last name cut short.
      cut_file (log, header - 3);
      g_autofree char *out = NULL;
      const char *extra[] = {"--log", log, "--json", f->files.json, NULL};
      g_assert_cmpint (run_host (f, "explain", &out, NULL, extra), ==, 3);
      g_assert_nonnull (strstr (out, "cut off inside its first line"));
      json_t *root = report_load (f->files.json);
      g_assert_true (json_is_true (
         json_object_get (json_object_get (root, "log"), "damaged")));
      json_decref (root);

      // The same line whole, with its line break and nothing after it.
      make_log (formats[i], events, log);
      cut_file (log, (gssize) strcspn (text + header, "\n") + header + 1);
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (run_host (f, "explain", &out, NULL, extra), ==, 0);
      g_assert_null (strstr (out, "damaged"));
   }
}

// An .evt whose end-of-file record alone is cut lost no record: said, and
// the accounts explained as from a whole log.
static void
test_explain_log_evt_end_record_cut (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *events = write_wizard_events (f);
   g_autofree char *log = g_build_filename (f->po.root, "cut.evt", NULL);
   make_log ("evt", events, log);
   cut_file (log, -1);
   g_autofree char *out = NULL;
   const char *extra[] = {"--log", log, NULL};
   g_assert_cmpint (run_host (f, "explain", &out, NULL, extra), ==, 0);
   g_assert_nonnull (strstr (out, "end-of-file record"));
   g_assert_nonnull (strstr (out, "No record was lost."));
   g_assert_nonnull (strstr (out, "about 3 accounts"));
}

// What migrate --events writes, explain --log reads: the accounts it failed
// on explained now, and its log cut off said to be damaged.
static void
test_explain_log_reads_migrate_events (Fixture *f, gconstpointer data)
{
   (void) data;
   LockHolderProcess *h = holder_start (f, "msmail", "00000A02");
   // Without a plugin, migrate's own attempt meets the lock and logs 7007.
   const char *migrate[] = {
      "migrate",  "--no-plugin",   "--postoffice", f->po.maildata,
      "--users",  f->po.users_csv, "--out",        f->files.out,
      "--events", f->files.events, "--retries",    "0",
      NULL};
   g_assert_cmpint (mig_host_runv (NULL, migrate, NULL, NULL), ==, 2);
   g_autofree char *out = NULL;
   const char *extra[] = {"--log", f->files.events, "--json", f->files.json,
                          NULL};
   g_assert_cmpint (run_host (f, "explain", &out, NULL, extra), !=, 3);
   g_assert_nonnull (strstr (out, "(mig-host-events)"));
   json_t *root = report_load (f->files.json);
   g_assert_cmpstr (report_str (report_account (root, "U00002"), "cause"), ==,
                    "mmf-in-use");
   json_decref (root);
   lock_holder_process_stop_and_assert_intact (h);

   cut_file (f->files.events, -5);
   g_clear_pointer (&out, g_free);
   g_assert_cmpint (run_host (f, "explain", &out, NULL, extra), ==, 3);
   g_assert_nonnull (strstr (out, "cut off inside its last line"));
}

// Event Viewer names the columns in the exporting Windows' language.
static void
test_explain_log_viewer_languages (Fixture *f, gconstpointer data)
{
   (void) data;
   LockHolderProcess *h = holder_start (f, "msmail", "00000A02");
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, "00000A02");
   const char *headers[] = {
      "Ebene,Datum und Uhrzeit,Quelle,Ereignis-ID,Aufgabenkategorie",
      "Niveau,Date et heure,Source,ID de l’événement,Catégorie de la tâche",
      "Nivel,Fecha y hora,Origen,Id. del evento,Categoría de la tarea",
   };
   for (gsize i = 0; i < G_N_ELEMENTS (headers); i++) {
      g_autofree char *text = g_strdup_printf (
         "%s\r\nFehler,25.11.2026 21:58:03,MSExchangeMig,7007,Keine,"
         "\"Could not migrate MMF file for Account: U00002. MMF Path '%s'.\""
         "\r\n",
         headers[i], mmf);
      g_autofree char *log = g_build_filename (f->po.root, "export.csv", NULL);
      g_assert_true (g_file_set_contents (log, text, -1, NULL));
      g_autofree char *out = NULL;
      const char *extra[] = {"--log", log, NULL};
      g_assert_cmpint (run_host (f, "explain", &out, NULL, extra), ==, 0);
      g_assert_nonnull (strstr (out, "about 1 account."));
      g_assert_nonnull (strstr (out, "mmf-in-use"));
   }
   lock_holder_process_stop_and_assert_intact (h);
}

// In a PID namespace of its own (a container) the kernel's lock table
// leaves out every lock taken outside it: an empty one proves nothing, so
// no account proceeds there.
static void
test_child_pid_namespace_never_proceeds (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autoptr (GPtrArray) args = host_argv (f, "preflight", NULL);
   g_autoptr (GPtrArray) argv = g_ptr_array_new ();
   const char *unshare[] = {"unshare", "--pid", "--fork", "--mount-proc",
                            test_env ("MMFG_MIG_HOST")};
   for (gsize i = 0; i < G_N_ELEMENTS (unshare); i++)
      g_ptr_array_add (argv, (char *) unshare[i]);
   for (guint i = 0; i < args->len; i++)
      g_ptr_array_add (argv, args->pdata[i]);
   g_autofree char *out = NULL;
   int status = 0;
   g_autoptr (GError) error = NULL;
   g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL,
                 NULL, &out, NULL, &status, &error);
   g_assert_no_error (error);
   if (!g_spawn_check_wait_status (status, NULL) &&
       strstr (out, "NO-GO") == NULL) {
      g_test_skip ("cannot make a PID namespace here (unshare needs root)");
      return;
   }
   g_assert_nonnull (strstr (out, "NO-GO"));
   g_assert_nonnull (strstr (out, "accounts: 0 proceed,"));
   g_assert_nonnull (strstr (out, "lock-state-unknown"));
   g_assert_nonnull (strstr (out, "PID namespace"));
}

// An smbd that has exited but is not reaped yet (a zombie: the machine's
// init may be slow to reap, or not reap at all in a container) serves no
// one: [samba] mode = auto does not take it for a running Samba server.
static void
test_zombie_smbd_is_no_samba_server (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *smbd = g_build_filename (f->po.root, "smbd", NULL);
   g_assert_cmpint (symlink ("/bin/true", smbd), ==, 0);
   pid_t zombie = fork ();
   if (zombie == 0) {
      execl (smbd, "smbd", (char *) NULL);
      _exit (127);
   }
   g_assert_cmpint (zombie, >, 0);
   g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", zombie);
   for (;;) { // until it has exited (state Z), not reaped
      g_autofree char *stat_text = NULL;
      g_assert_true (g_file_get_contents (stat_path, &stat_text, NULL, NULL));
      if (strstr (stat_text, "(smbd) Z ") != NULL)
         break;
      g_usleep (1000);
   }
   // An smbstatus that fails: asked, it would make every lock state unknown.
   g_autofree char *config = g_build_filename (f->po.root, "auto.conf", NULL);
   g_assert_true (g_file_set_contents (
      config, "[samba]\nmode = auto\nsmbstatus = /bin/false\n", -1, NULL));
   const char *argv[] = {"preflight",
                         "--plugin",
                         test_env ("MMFG_PLUGIN"),
                         "--config",
                         config,
                         "--postoffice",
                         f->po.maildata,
                         "--users",
                         f->po.users_csv,
                         NULL};
   int code = mig_host_runv (NULL, argv, NULL, NULL);
   waitpid (zombie, NULL, 0);
   g_assert_cmpint (code, ==, 0);
}

static void
test_explain_log_refuses_other_files (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *err = NULL;
   const char *extra[] = {"--log", f->po.users_csv, NULL};
   g_assert_cmpint (run_host (f, "explain", NULL, &err, extra), ==, 65);
   g_assert_nonnull (strstr (err, "users.csv"));
   g_assert_nonnull (strstr (err, "Event Viewer"));
   g_clear_pointer (&err, g_free);
   const char *missing[] = {"--log", "/nonexistent/Application.evtx", NULL};
   g_assert_cmpint (run_host (f, "explain", NULL, &err, missing), ==, 66);
   g_clear_pointer (&err, g_free);
   const char *both[] = {"--log", f->po.users_csv, "--event", "7007", NULL};
   g_assert_cmpint (run_host (f, "explain", NULL, &err, both), ==, 64);
}

// ---------------------------------------------------------------------------
// Exit codes and conventions

static void
test_tool_failures_have_their_own_codes (Fixture *f, gconstpointer data)
{
   (void) data;
   const char *unknown[] = {"--no-such-option", NULL};
   g_assert_cmpint (run_host (f, "preflight", NULL, NULL, unknown), ==, 64);
   g_autofree char *missing_users =
      g_build_filename (f->po.root, "none.csv", NULL);
   const char *users[] = {"--users", missing_users, NULL};
   g_autofree char *err = NULL;
   g_assert_cmpint (run_host (f, "preflight", NULL, &err, users), ==, 66);
   g_assert_nonnull (strstr (err, "none.csv"));
   const char *po[] = {"--postoffice", "/nonexistent/MAILDATA", NULL};
   g_assert_cmpint (run_host (f, "preflight", NULL, NULL, po), ==, 66);
   g_autofree char *empty = g_build_filename (f->po.root, "empty.csv", NULL);
   g_assert_true (g_file_set_contents (empty, "", -1, NULL));
   const char *no_header[] = {"--users", empty, NULL};
   g_assert_cmpint (run_host (f, "preflight", NULL, NULL, no_header), ==, 65);
   const char *unwritable[] = {"--out", "/proc/version/out", NULL};
   g_assert_cmpint (run_host (f, "migrate", NULL, NULL, unwritable), ==, 73);
}

static void
test_version_and_help_on_every_subcommand (void)
{
   const char *const commands[] = {"inspect", "preflight", "explain",
                                   "migrate", "validate",  "watch"};
   for (gsize i = 0; i < G_N_ELEMENTS (commands); i++) {
      g_autofree char *out = NULL;
      const char *version[] = {"--version", NULL};
      g_assert_cmpint (run_host (NULL, commands[i], &out, NULL, version), ==,
                       0);
      g_assert_true (g_str_has_prefix (out, "mig-host "));
      g_assert_nonnull (strstr (out, "plugin ABI"));
      g_clear_pointer (&out, g_free);
      const char *help[] = {"--help", NULL};
      g_assert_cmpint (run_host (NULL, commands[i], &out, NULL, help), ==, 0);
      g_assert_nonnull (strstr (out, "Exit status"));
      g_assert_nonnull (strstr (out, "--version"));
   }
}

static void
test_description_from_stdin_and_file (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, "00000A02");
   g_autofree char *text = g_strdup_printf (
      "Could not migrate MMF file for Account: U00002.\n   MMF Path '%s'.\n",
      mmf);
   g_autofree char *file = g_build_filename (f->po.root, "event.txt", NULL);
   g_assert_true (g_file_set_contents (file, text, -1, NULL));
   g_autofree char *at = g_strconcat ("@", file, NULL);
   g_autofree char *out = NULL;
   const char *by_file[] = {"--plugin", test_env ("MMFG_PLUGIN"), "--config",
                            f->config,  "--description",          at,
                            NULL};
   g_assert_cmpint (run_host (NULL, "explain", &out, NULL, by_file), ==, 0);
   g_assert_nonnull (strstr (out, "Event 7007"));
   g_assert_nonnull (strstr (out, "U00002"));

   // The same text on standard input.
   const char *by_stdin[] = {"explain",  "--plugin", test_env ("MMFG_PLUGIN"),
                             "--config", f->config,  "--description",
                             "-",        NULL};
   const MigHostSetting piped_text = {.stdin_text = text};
   g_autofree char *piped = NULL;
   g_assert_cmpint (mig_host_runv (&piped_text, by_stdin, &piped, NULL), ==, 0);
   // Each run says when it checked: compare the texts without their times.
   g_autofree char *piped_masked = clock_text_masked (piped);
   g_autofree char *out_masked = clock_text_masked (out);
   g_assert_cmpstr (piped_masked, ==, out_masked);

   const char *missing[] = {"--plugin", test_env ("MMFG_PLUGIN"),
                            "--description", "@/nonexistent/event.txt", NULL};
   g_autofree char *err = NULL;
   g_assert_cmpint (run_host (NULL, "explain", NULL, &err, missing), ==, 66);
   g_assert_nonnull (strstr (err, "/nonexistent/event.txt"));
}

// A plugin's warning reads like any tool's: "mig-host: warning: DOMAIN: ...",
// not GLib's "(mig-host preflight:5713): mmfguard-WARNING **: 00:07:12.427:".
static void
test_warnings_in_plain_form (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *mmf = g_build_filename (f->po.maildata, "MMF", NULL);
   g_autofree char *moved = g_build_filename (f->po.maildata, "MMF.OLD", NULL);
   g_assert_cmpint (g_rename (mmf, moved), ==, 0);
   g_autofree char *err = NULL;
   run_host (f, "preflight", NULL, &err, NULL);
   g_assert_true (g_str_has_prefix (err, "mig-host: warning: mmfguard: "));
   g_assert_nonnull (strstr (err, "no MMF folder"));
   g_assert_null (strstr (err, "**"));
   g_assert_null (strstr (err, "-WARNING"));
}

// explain --insert with a path relative to the current folder.
static void
test_relative_insert_path (Fixture *f, gconstpointer data)
{
   (void) data;
   const char *args[] = {"explain",
                         "--plugin",
                         test_env ("MMFG_PLUGIN"),
                         "--config",
                         f->config,
                         "--event",
                         "7007",
                         "--insert",
                         "U00002",
                         "--insert",
                         "MAILDATA/MMF/00000A02.MMF",
                         NULL};
   const MigHostSetting in_root = {.cwd = f->po.root};
   g_autofree char *out = NULL;
   g_assert_cmpint (mig_host_runv (&in_root, args, &out, NULL), ==, 0);
   g_assert_null (strstr (out, "mmf-path-unresolved"));
   g_assert_nonnull (strstr (out, f->po.maildata));
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   signal (SIGPIPE, SIG_IGN);
   // Event Viewer's exports carry local times: the exporting machine's and
   // this one's are the same zone in these tests.
   g_setenv ("TZ", "UTC", TRUE);
#define ADD(path, data, fn)                                                    \
   g_test_add (path, Fixture, data, fixture_set_up, fn, fixture_tear_down)
   ADD ("/operator/json-dash-is-stdout", "4 0", test_json_dash_is_stdout);
   ADD ("/operator/json-dev-stdout-stays-a-link", "4 0",
        test_json_dev_stdout_stays_a_link);
   ADD ("/operator/json-symlink-written-through", "4 0",
        test_json_symlink_written_through);
   ADD ("/operator/single-answer-reports-follow-the-rules", "4 0",
        test_single_answer_reports_follow_the_rules);
   ADD ("/operator/json-and-events-to-fifos", "4 0",
        test_json_and_events_to_fifos);
   ADD ("/operator/regular-file-replaced-atomically", "4 0",
        test_regular_file_replaced_atomically);
   ADD ("/operator/sigint-during-wait-exits-130", "4 0",
        test_sigint_during_wait_exits_130);
   ADD ("/operator/sigterm-during-wait-exits-143", "4 0",
        test_sigterm_during_wait_exits_143);
   ADD ("/operator/postoffice-block-said-once", "12 0",
        test_postoffice_block_said_once);
   ADD ("/operator/same-problem-one-paragraph", "12 0",
        test_same_problem_one_paragraph);
   ADD ("/operator/problems-only-lists-problems", "6 1",
        test_problems_only_lists_problems);
   ADD ("/operator/tool-failures-have-their-own-codes", "4 0",
        test_tool_failures_have_their_own_codes);
   ADD ("/operator/description-from-stdin-and-file", "4 0",
        test_description_from_stdin_and_file);
   ADD ("/operator/wizard-user-list", "4 0", test_wizard_user_list);
   ADD ("/operator/recovery-without-zone-never-proceeds-early", "4 0",
        test_recovery_without_zone_never_proceeds_early);
   ADD ("/operator/unusable-user-lists-refused", "4 0",
        test_unusable_user_lists_refused);
   ADD ("/operator/nul-in-hex-id-blocked", "4 0", test_nul_in_hex_id_blocked);
   ADD ("/operator/nul-anywhere-blocks-its-row", "4 0",
        test_nul_anywhere_blocks_its_row);
   ADD ("/operator/utf16-semicolon-list-read", "4 0",
        test_utf16_semicolon_list_read);
   ADD ("/operator/hostile-user-lists-refused", "4 0",
        test_hostile_user_lists_refused);
   ADD ("/operator/hostile-user-lists-bounded-memory", "4 0",
        test_hostile_user_lists_bounded_memory);
   ADD ("/operator/second-run-skips-unchanged", "3 0",
        test_second_run_skips_unchanged);
   ADD ("/operator/source-changed-during-copy", "3 0",
        test_source_changed_during_copy);
   ADD ("/operator/warnings-in-plain-form", "2 0", test_warnings_in_plain_form);
   ADD ("/operator/relative-insert-path", "2 0", test_relative_insert_path);
   ADD ("/operator/watch-until-all-clear", "4 1", test_watch_until_all_clear);
   ADD ("/operator/watch-times-out", "4 0", test_watch_times_out);
   ADD ("/operator/explain-log-evt", "4 1", test_explain_log_evt);
   ADD ("/operator/explain-log-evtx", "4 1", test_explain_log_evtx);
   ADD ("/operator/explain-log-wevtutil-xml", "4 1",
        test_explain_log_wevtutil_xml);
   ADD ("/operator/explain-log-viewer-csv", "4 1", test_explain_log_viewer_csv);
   ADD ("/operator/explain-log-damaged", "4 1", test_explain_log_damaged);
   ADD ("/operator/zombie-smbd-is-no-samba-server", "4 0",
        test_zombie_smbd_is_no_samba_server);
   ADD ("/operator/child-pid-namespace-never-proceeds", "4 0",
        test_child_pid_namespace_never_proceeds);
   ADD ("/operator/explain-log-export-cut-in-header", "4 1",
        test_explain_log_export_cut_in_header);
   ADD ("/operator/explain-log-evt-end-record-cut", "4 1",
        test_explain_log_evt_end_record_cut);
   ADD ("/operator/explain-log-reads-migrate-events", "4 1",
        test_explain_log_reads_migrate_events);
   ADD ("/operator/explain-log-viewer-languages", "4 1",
        test_explain_log_viewer_languages);
   ADD ("/operator/explain-log-viewer-text", "4 1",
        test_explain_log_viewer_text);
   ADD ("/operator/explain-log-refuses-other-files", "4 0",
        test_explain_log_refuses_other_files);
   g_test_add_func ("/operator/version-and-help-on-every-subcommand",
                    test_version_and_help_on_every_subcommand);
#undef ADD
   return g_test_run ();
}
