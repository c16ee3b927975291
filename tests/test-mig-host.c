// test-mig-host.c — mig-host through its command line: a generated post
// office, real lock holders (lock-holder), the JSON report and exit codes.

#include "mig-hook-table.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lock-holder-process.h"
#include "mig-host-run.h"
#include "postoffice-fixture.h"
#include "test-env.h"

typedef struct {
   PostofficeFixture po;
   char *json;
   GPtrArray *holders; // LockHolderProcess *, stopped at tear-down
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
   f->holders = lock_holder_set_new ();
   postoffice_fixture_make_sized (&f->po, data != NULL ? data : "6 0");
   f->json = g_build_filename (f->po.root, "report.json", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
   (void) data;
   g_ptr_array_unref (f->holders);
   postoffice_fixture_clear (&f->po);
   g_free (f->json);
}

// Starts `lock-holder KIND MMF` for the user with `hex_id`; the fixture
// stops it at tear-down if the test did not.
static LockHolderProcess *
holder_start (Fixture *f, const char *kind, const char *hex_id)
{
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, hex_id);
   return lock_holder_set_start (f->holders, kind, mmf);
}

static json_t *
preflight (Fixture *f, int *exit_code, char **out)
{
   *exit_code =
      mig_host_run (out, NULL, "preflight", "--plugin",
                    test_env ("MMFG_PLUGIN"), "--postoffice", f->po.maildata,
                    "--users", f->po.users_csv, "--json", f->json, NULL);
   return report_load (f->json);
}

static void
append_users (Fixture *f, const char *rows)
{
   g_autofree char *text = NULL;
   g_assert_true (g_file_get_contents (f->po.users_csv, &text, NULL, NULL));
   g_autofree char *more = g_strconcat (text, rows, NULL);
   g_assert_true (g_file_set_contents (f->po.users_csv, more, -1, NULL));
}

static void
assert_verdict (json_t *root, const char *user, const char *verdict,
                const char *cause)
{
   json_t *a = report_account (root, user);
   g_assert_cmpstr (report_str (a, "verdict"), ==, verdict);
   g_assert_cmpstr (report_str (a, "cause"), ==, cause);
}

// ---------------------------------------------------------------------------

static void
test_clean_postoffice_all_proceed (Fixture *f, gconstpointer data)
{
   (void) data;
   int code = -1;
   g_autofree char *out = NULL;
   json_t *root = preflight (f, &code, &out);
   g_assert_cmpint (code, ==, 0);
   // Nothing to act on: the page has no empty group, no doubled blank line.
   g_assert_true (g_str_has_prefix (out, "GO: all 6 accounts may proceed.\n"));
   g_assert_null (strstr (out, "\n\n\n"));
   json_t *summary = json_object_get (root, "summary");
   g_assert_cmpint (json_integer_value (json_object_get (summary, "proceed")),
                    ==, 6);
   g_assert_cmpint (json_integer_value (json_object_get (summary, "total")), ==,
                    6);
   g_assert_cmpstr (
      report_str (json_object_get (root, "postoffice"), "verdict"), ==,
      "proceed");
   // List order, with the fields of the list and the plugin's path.
   json_t *first = json_array_get (json_object_get (root, "accounts"), 0);
   g_assert_cmpstr (report_str (first, "user"), ==, "U00001");
   g_assert_cmpstr (report_str (first, "hex_id"), ==, "00000A01");
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, "00000A01");
   g_assert_cmpstr (report_str (first, "mmf_path"), ==, mmf);
   g_assert_true (json_is_null (json_object_get (first, "holder")));
   json_decref (root);
}

static void
assert_held (json_t *root, const char *user, const LockHolderProcess *h,
             const char *lock)
{
   assert_verdict (root, user, "defer", "mmf-in-use");
   json_t *holder = json_object_get (report_account (root, user), "holder");
   g_assert_true (json_is_object (holder));
   g_assert_cmpint (json_integer_value (json_object_get (holder, "pid")), ==,
                    lock_holder_process_pid (h));
   g_assert_cmpstr (report_str (holder, "program"), ==, "lock-holder");
   g_assert_cmpstr (report_str (holder, "lock"), ==, lock);
   g_assert_cmpint (report_num (report_account (root, user), "retry_after_s"),
                    >, 0);
}

static void
test_held_mmfs_deferred_with_holder (Fixture *f, gconstpointer data)
{
   (void) data;
   const LockHolderProcess *range = holder_start (f, "msmail", "00000A02");
   const LockHolderProcess *read_lock =
      holder_start (f, "posix-read", "00000A03");
   const LockHolderProcess *ofd = holder_start (f, "ofd-write", "00000A04");
   const LockHolderProcess *whole = holder_start (f, "posix-write", "00000A05");
   int code = -1;
   g_autofree char *out = NULL;
   json_t *root = preflight (f, &code, &out);
   g_assert_cmpint (code, ==, 1); // deferred, none blocked
   assert_verdict (root, "U00001", "proceed", "none");
   assert_held (root, "U00002", range, "posix");
   assert_held (root, "U00003", read_lock, "posix");
   assert_held (root, "U00004", ofd, "ofd");
   assert_held (root, "U00005", whole, "posix");
   json_t *summary = json_object_get (root, "summary");
   g_assert_cmpint (json_integer_value (json_object_get (summary, "defer")), ==,
                    4);
   // The human output names the holder on the account's line.
   g_autofree char *pid = g_strdup_printf ("pid %" G_GINT64_FORMAT,
                                           lock_holder_process_pid (range));
   g_assert_nonnull (strstr (out, pid));
   json_decref (root);
   // Every holder still holds its lock: the probe took nothing away.
   for (guint i = 0; i < f->holders->len; i++)
      lock_holder_process_stop_and_assert_intact (f->holders->pdata[i]);
}

static void
test_recovered_password_blocked (Fixture *f, gconstpointer data)
{
   (void) data;
   // U00006's client is also running: the block decides, and the report
   // lists both findings, strongest first.
   holder_start (f, "posix-write", "00000A06");
   int code = -1;
   g_autofree char *out = NULL;
   json_t *root = preflight (f, &code, &out);
   g_assert_cmpint (code, ==, 2);
   assert_verdict (root, "U00006", "block", "password-not-synchronised");
   assert_verdict (root, "U00005", "proceed", "none");
   json_t *findings =
      json_object_get (report_account (root, "U00006"), "findings");
   g_assert_cmpuint (json_array_size (findings), ==, 2);
   const char *expected[][2] = {{"password-not-synchronised", "block"},
                                {"mmf-in-use", "defer"}};
   for (gsize i = 0; i < 2; i++) {
      json_t *finding = json_array_get (findings, i);
      g_assert_cmpstr (report_str (finding, "cause"), ==, expected[i][0]);
      g_assert_cmpstr (report_str (finding, "verdict"), ==, expected[i][1]);
      g_assert_cmpint (
         json_integer_value (json_object_get (finding, "event_id")), ==, 7007);
      g_assert_cmpuint (strlen (report_str (finding, "message_id")), ==, 32);
   }
   g_assert_cmpstr (report_str (json_array_get (findings, 0), "message_id"), ==,
                    report_str (report_account (root, "U00006"), "message_id"));
   g_assert_cmpuint (json_array_size (json_object_get (
                        report_account (root, "U00005"), "findings")),
                     ==, 0);
   g_assert_nonnull (strstr (out, "Also found: mmf-in-use (defer)."));
   json_decref (root);
}

static void
test_missing_mmf_blocked (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, "00000A02");
   g_assert_cmpint (g_unlink (mmf), ==, 0);
   int code = -1;
   json_t *root = preflight (f, &code, NULL);
   g_assert_cmpint (code, ==, 2);
   assert_verdict (root, "U00002", "block", "mmf-not-on-postoffice");
   json_decref (root);
}

static void
test_bad_hex_ids_blocked_never_paths (Fixture *f, gconstpointer data)
{
   (void) data;
   append_users (f, "EVIL1,Evil,Y,Mailbox,,,../../etc/shadow,\r\n"
                    "EVIL2,Evil,Y,Mailbox,,,0000023G,\r\n"
                    "EVIL3,Evil,Y,Mailbox,,,00000A1,\r\n"
                    "EVIL4,Evil,Y,Mailbox,,,00000A01/,\r\n");
   int code = -1;
   json_t *root = preflight (f, &code, NULL);
   g_assert_cmpint (code, ==, 2);
   const char *const users[] = {"EVIL1", "EVIL2", "EVIL3", "EVIL4"};
   for (gsize i = 0; i < G_N_ELEMENTS (users); i++) {
      assert_verdict (root, users[i], "block", "invalid-hex-id");
      const char *path =
         report_str (report_account (root, users[i]), "mmf_path");
      g_assert_true (path == NULL || strstr (path, "shadow") == NULL);
      g_assert_true (path == NULL || strstr (path, "0000023G") == NULL);
   }
   json_decref (root);
}

typedef struct {
   struct stat st;
   char *bytes;
   gsize len;
} Snapshot;

static void
snapshot (const char *path, Snapshot *s)
{
   g_assert_cmpint (stat (path, &s->st), ==, 0);
   g_assert_true (g_file_get_contents (path, &s->bytes, &s->len, NULL));
}

static void
test_preflight_leaves_mmfs_untouched (Fixture *f, gconstpointer data)
{
   (void) data;
   LockHolderProcess *h = holder_start (f, "msmail", "00000A03");
   const char *const ids[] = {"00000A01", "00000A02", "00000A03",
                              "00000A04", "00000A05", "00000A06"};
   Snapshot before[G_N_ELEMENTS (ids)];
   for (gsize i = 0; i < G_N_ELEMENTS (ids); i++) {
      g_autofree char *p = postoffice_fixture_mmf_of (&f->po, ids[i]);
      snapshot (p, &before[i]);
   }
   int code = -1;
   json_decref (preflight (f, &code, NULL));
   g_assert_cmpint (code, ==, 1);
   for (gsize i = 0; i < G_N_ELEMENTS (ids); i++) {
      g_autofree char *p = postoffice_fixture_mmf_of (&f->po, ids[i]);
      Snapshot after;
      snapshot (p, &after);
      g_assert_cmpmem (before[i].bytes, before[i].len, after.bytes, after.len);
      g_assert_cmpint (before[i].st.st_mtim.tv_sec, ==,
                       after.st.st_mtim.tv_sec);
      g_assert_cmpint (before[i].st.st_mtim.tv_nsec, ==,
                       after.st.st_mtim.tv_nsec);
      g_assert_cmpint (before[i].st.st_ctim.tv_sec, ==,
                       after.st.st_ctim.tv_sec);
      g_assert_cmpint (before[i].st.st_ctim.tv_nsec, ==,
                       after.st.st_ctim.tv_nsec);
      g_free (before[i].bytes);
      g_free (after.bytes);
   }
   lock_holder_process_stop_and_assert_intact (h);
}

static void
test_hostile_names_not_echoed (Fixture *f, gconstpointer data)
{
   (void) data;
   append_users (f, "\"EV\x1b[2JIL\",\"\xe2\x80\xae"
                    "Evil\",Y,Mailbox,,,00000A01,\r\n");
   g_autofree char *out = NULL;
   g_autofree char *err = NULL;
   int code = mig_host_run (&out, &err, "preflight", "--plugin",
                            test_env ("MMFG_PLUGIN"), "--postoffice",
                            f->po.maildata, "--users", f->po.users_csv, NULL);
   // It shares U00001's Hex-ID, so both are blocked; the message naming
   // it is sanitised too.
   g_assert_cmpint (code, ==, 2);
   g_assert_null (strchr (out, '\x1b'));
   g_assert_null (strstr (out, "\xe2\x80\xae"));
   g_assert_nonnull (strstr (out, "EV\\x1B[2JIL"));
}

static void
test_explain_7007_names_holder (Fixture *f, gconstpointer data)
{
   (void) data;
   const LockHolderProcess *h = holder_start (f, "msmail", "00000A02");
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, "00000A02");
   g_autofree char *out = NULL;
   int code = mig_host_run (
      &out, NULL, "explain", "--plugin", test_env ("MMFG_PLUGIN"), "--event",
      "7007", "--insert", "U00002", "--insert", mmf, "--postoffice",
      f->po.maildata, "--users", f->po.users_csv, "--json", f->json, NULL);
   g_assert_cmpint (code, ==, 0);
   g_autofree char *pid =
      g_strdup_printf ("%" G_GINT64_FORMAT, lock_holder_process_pid (h));
   g_assert_nonnull (strstr (out, pid));
   g_assert_nonnull (strstr (out, "lock-holder"));
   g_assert_nonnull (strstr (out, "U00002"));

   json_t *root = report_load (f->json);
   g_assert_cmpstr (report_str (root, "cause"), ==, "mmf-in-use");
   g_assert_true (json_is_true (json_object_get (root, "handled")));
   json_t *holder = json_object_get (root, "holder");
   g_assert_cmpint (json_integer_value (json_object_get (holder, "pid")), ==,
                    lock_holder_process_pid (h));
   json_decref (root);
}

static void
test_explain_unknown_event_not_handled (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *out = NULL;
   int code =
      mig_host_run (&out, NULL, "explain", "--plugin", test_env ("MMFG_PLUGIN"),
                    "--event", "1", "--source", "SomethingElse",
                    "--description", "Something unrelated happened", NULL);
   g_assert_cmpint (code, ==, 1);
   g_assert_nonnull (strstr (out, "not handled"));
   g_assert_nonnull (strstr (out, "Something unrelated happened"));
   (void) f;
}

static void
test_explain_unknown_user_refused (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *err = NULL;
   int code =
      mig_host_run (NULL, &err, "explain", "--plugin", test_env ("MMFG_PLUGIN"),
                    "--event", "7007", "--user", "NOBODY", "--postoffice",
                    f->po.maildata, "--users", f->po.users_csv, NULL);
   g_assert_cmpint (code, ==, 64);
   g_assert_nonnull (strstr (err, "NOBODY"));
   g_assert_nonnull (strstr (err, "users.csv"));
}

// 7007 and 7000 name an account and its MMF: asked about without them,
// explain has nothing to re-check and says what the event carries and how
// to give it, instead of a "defer" that explains nothing. An event that
// carries nothing to re-check is still explained without inserts.
static void
test_explain_mail_file_event_needs_its_inserts (void)
{
   const char *const events[] = {"7007", "7000"};
   for (gsize i = 0; i < G_N_ELEMENTS (events); i++) {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_assert_cmpint (mig_host_run (&out, &err, "explain", "--plugin",
                                     test_env ("MMFG_PLUGIN"), "--event",
                                     events[i], NULL),
                       ==, 64);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, "the account and the MMF path"));
      g_assert_nonnull (strstr (err, "--insert USER --insert PATH"));
      g_assert_nonnull (strstr (err, "--description"));
      g_assert_nonnull (strstr (err, "--postoffice"));
      g_clear_pointer (&err, g_free);
      // The account alone, with no post office to look it up in: the same.
      g_assert_cmpint (mig_host_run (NULL, &err, "explain", "--plugin",
                                     test_env ("MMFG_PLUGIN"), "--event",
                                     events[i], "--insert", "U00001", NULL),
                       ==, 64);
      g_assert_nonnull (strstr (err, "1 was given"));
   }
   g_autofree char *out = NULL;
   g_assert_cmpint (mig_host_run (&out, NULL, "explain", "--plugin",
                                  test_env ("MMFG_PLUGIN"), "--event", "7017",
                                  NULL),
                    ==, 0);
   g_assert_nonnull (strstr (out, "mailbox-alias-mismatch"));
}

static void
test_inspect_lists_hooks (void)
{
   g_autofree char *out = NULL;
   int code =
      mig_host_run (&out, NULL, "inspect", test_env ("MMFG_PLUGIN"), NULL);
   g_assert_cmpint (code, ==, 0);
#define ASSERT_OFFERED(name, id, ...)                                          \
   {                                                                           \
      g_autofree char *line = g_strdup_printf ("%-16s offered\n", id);         \
      g_assert_nonnull (strstr (out, line));                                   \
   }
   MIG_HOOK_TABLE (ASSERT_OFFERED)
#undef ASSERT_OFFERED
   g_assert_nonnull (strstr (out, "ABI:          1."));
   g_assert_nonnull (strstr (out, "mmf-in-use"));
}

// Each mistake a user can make: a sysexits code of its own (never an
// outcome code, 0-2) and a message naming the thing.
static void
test_usage_errors (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *err = NULL;
   g_assert_cmpint (mig_host_run (NULL, &err, NULL), ==, 64);
   g_clear_pointer (&err, g_free);
   g_assert_cmpint (mig_host_run (NULL, &err, "migrate-everything", NULL), ==,
                    64);
   g_assert_nonnull (strstr (err, "migrate-everything"));
   g_clear_pointer (&err, g_free);

   g_assert_cmpint (
      mig_host_run (NULL, &err, "inspect", "/nonexistent/plugin.so", NULL), ==,
      69);
   g_assert_nonnull (strstr (err, "/nonexistent/plugin.so"));
   g_clear_pointer (&err, g_free);

   // The user list given as the plugin: not a shared object.
   g_assert_cmpint (mig_host_run (NULL, &err, "preflight", "--plugin",
                                  f->po.users_csv, "--postoffice",
                                  f->po.maildata, "--users", f->po.users_csv,
                                  NULL),
                    ==, 69);
   g_assert_nonnull (strstr (err, f->po.users_csv));
   g_clear_pointer (&err, g_free);

   // The folder above MAILDATA: not a post office.
   g_assert_cmpint (mig_host_run (NULL, &err, "preflight", "--plugin",
                                  test_env ("MMFG_PLUGIN"), "--postoffice",
                                  f->po.root, "--users", f->po.users_csv, NULL),
                    ==, 79);
   g_assert_nonnull (strstr (err, f->po.maildata));
   g_clear_pointer (&err, g_free);

   // A folder inside MAILDATA: its MMF folder.
   g_autofree char *mmf_dir = g_build_filename (f->po.maildata, "MMF", NULL);
   g_assert_cmpint (mig_host_run (NULL, &err, "preflight", "--plugin",
                                  test_env ("MMFG_PLUGIN"), "--postoffice",
                                  mmf_dir, "--users", f->po.users_csv, NULL),
                    ==, 79);
   g_autofree char *hint = g_strdup_printf ("--postoffice %s", f->po.maildata);
   g_assert_nonnull (strstr (err, hint));
   g_clear_pointer (&err, g_free);

   g_assert_cmpint (mig_host_run (NULL, &err, "preflight", "--plugin",
                                  test_env ("MMFG_PLUGIN"), "--postoffice",
                                  f->po.maildata, NULL),
                    ==, 64);
   g_assert_nonnull (strstr (err, "--users"));
   g_clear_pointer (&err, g_free);

   // A configuration the plugin refuses: its own reason, naming the file.
   g_assert_cmpint (mig_host_run (NULL, &err, "preflight", "--plugin",
                                  test_env ("MMFG_PLUGIN"), "--postoffice",
                                  f->po.maildata, "--users", f->po.users_csv,
                                  "--config", "/nonexistent/mmfguard.conf",
                                  NULL),
                    ==, 78);
   g_assert_nonnull (strstr (err, "refused to initialise"));
   g_assert_nonnull (strstr (err, "/nonexistent/mmfguard.conf"));
   g_clear_pointer (&err, g_free);

   // A broken row of the user list blocks its account (file, line and
   // column), not the run.
   append_users (f, "BAD,Bad,Y,Mailbox,,,00000A01,not-a-time\r\n");
   g_autofree char *out = NULL;
   g_assert_cmpint (mig_host_run (&out, &err, "preflight", "--plugin",
                                  test_env ("MMFG_PLUGIN"), "--postoffice",
                                  f->po.maildata, "--users", f->po.users_csv,
                                  NULL),
                    ==, 2);
   g_assert_nonnull (strstr (out, "users.csv, line 10, column 8"));
   g_clear_pointer (&err, g_free);

   g_assert_cmpint (mig_host_run (NULL, &err, "explain", "--plugin",
                                  test_env ("MMFG_PLUGIN"), "--event", "70x7",
                                  NULL),
                    ==, 64);
   g_assert_nonnull (strstr (err, "70x7"));
}

static void
test_help_for_every_command (void)
{
   const char *const commands[] = {"inspect", "preflight", "explain"};
   for (gsize i = 0; i < G_N_ELEMENTS (commands); i++) {
      g_autofree char *out = NULL;
      g_assert_cmpint (mig_host_run (&out, NULL, commands[i], "--help", NULL),
                       ==, 0);
      g_assert_nonnull (strstr (out, "Exit status"));
   }
   g_autofree char *out = NULL;
   g_assert_cmpint (mig_host_run (&out, NULL, "--help", NULL), ==, 0);
   g_assert_nonnull (strstr (out, "preflight"));
}

// A plugin that offers no pre-migrate/1 is refused by every command that
// judges accounts, naming the plugin and the hook: never read as "no
// opinion", never a go, nothing copied.
static void
test_plugin_without_pre_migrate_judges_nothing (Fixture *f, gconstpointer data)
{
   (void) data;
   const char *plugin = test_env ("MMFG_NO_PRE_MIGRATE_PLUGIN");
   g_autofree char *out_dir = g_build_filename (f->po.root, "out", NULL);
   const char *const runs[][12] = {
      {"preflight", "--plugin", plugin, "--postoffice", f->po.maildata,
       "--users", f->po.users_csv, NULL},
      {"migrate", "--plugin", plugin, "--postoffice", f->po.maildata, "--users",
       f->po.users_csv, "--out", out_dir, NULL},
      {"watch", "--plugin", plugin, "--postoffice", f->po.maildata, "--users",
       f->po.users_csv, "--interval", "0.1", "--timeout", "0.3", NULL},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (runs); i++) {
      g_autofree char *out = NULL, *err = NULL;
      int code =
         mig_host_run (&out, &err, runs[i][0], runs[i][1], runs[i][2],
                       runs[i][3], runs[i][4], runs[i][5], runs[i][6],
                       runs[i][7], runs[i][8], runs[i][9], runs[i][10], NULL);
      g_test_message ("%s: exit %d\n%s%s", runs[i][0], code, out, err);
      g_assert_cmpint (code, !=, 0);
      g_assert_nonnull (strstr (err, "no-pre-migrate-plugin"));
      g_assert_nonnull (strstr (err, "offers no pre-migrate/1"));
      g_assert_null (strstr (out, "proceed"));
      g_assert_null (strstr (out, "GO"));
      g_assert_null (strstr (out, "clear"));
   }
   g_autofree char *copied = g_build_filename (out_dir, "MMF", NULL);
   g_assert_false (g_file_test (copied, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   // Closing a holder's stdin must not kill the test if it already exited.
   signal (SIGPIPE, SIG_IGN);
#define ADD(path, data, fn)                                                    \
   g_test_add (path, Fixture, data, fixture_set_up, fn, fixture_tear_down)
   ADD ("/mig-host/preflight/clean-postoffice-all-proceed", NULL,
        test_clean_postoffice_all_proceed);
   ADD ("/mig-host/preflight/held-mmfs-deferred-with-holder", NULL,
        test_held_mmfs_deferred_with_holder);
   ADD ("/mig-host/preflight/recovered-password-blocked", "6 1",
        test_recovered_password_blocked);
   ADD ("/mig-host/preflight/missing-mmf-blocked", NULL,
        test_missing_mmf_blocked);
   ADD ("/mig-host/preflight/bad-hex-ids-blocked-never-paths", NULL,
        test_bad_hex_ids_blocked_never_paths);
   ADD ("/mig-host/preflight/mmfs-untouched", NULL,
        test_preflight_leaves_mmfs_untouched);
   ADD ("/mig-host/preflight/hostile-names-not-echoed", NULL,
        test_hostile_names_not_echoed);
   ADD ("/mig-host/explain/7007-names-holder", NULL,
        test_explain_7007_names_holder);
   ADD ("/mig-host/explain/unknown-event-not-handled", NULL,
        test_explain_unknown_event_not_handled);
   ADD ("/mig-host/explain/unknown-user-refused", NULL,
        test_explain_unknown_user_refused);
   ADD ("/mig-host/usage-errors", NULL, test_usage_errors);
   ADD ("/mig-host/plugin-without-pre-migrate-judges-nothing", NULL,
        test_plugin_without_pre_migrate_judges_nothing);
#undef ADD
   g_test_add_func ("/mig-host/explain/mail-file-event-needs-its-inserts",
                    test_explain_mail_file_event_needs_its_inserts);
   g_test_add_func ("/mig-host/inspect/lists-hooks", test_inspect_lists_hooks);
   g_test_add_func ("/mig-host/help-for-every-command",
                    test_help_for_every_command);
   return g_test_run ();
}
