// test-agreement.c — one verdict everywhere: preflight, migrate, watch and
// explain (by --event, by --description, by --log of the events a migrate
// wrote) give every account of a post office the same verdict and cause,
// and none says proceed / migrated / clear where another says defer or
// block. The post offices hold every state the plugin knows that can be
// made on this machine; the causes they give must be the whole cause
// table.
//
// Then each wrong "go" the commands used to give, one test each, through
// the command line.

#include "lock-holder-process.h"
#include "mig-host-run.h"
#include "file-edit.h"
#include "said.h"
#include "postoffice-fixture.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

enum { N_GENERATED = 15 };

typedef struct {
   PostofficeFixture po;
   GPtrArray *holders;
   char *plugin;
   // Every run's --config: Samba off, so that an smbd another program runs
   // on this machine does not make lock states unknown here.
   char *config;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
   (void) data;
   f->holders = lock_holder_set_new ();
   f->plugin = g_strdup (g_getenv ("MMFG_PLUGIN"));
   g_assert_nonnull (f->plugin);
   g_autoptr (GError) error = NULL;
   int fd = g_file_open_tmp ("mmfg-agreement-XXXXXX.conf", &f->config, &error);
   g_assert_no_error (error);
   close (fd);
   g_assert_true (
      g_file_set_contents (f->config, "[samba]\nmode = off\n", -1, NULL));
}

static void
teardown (Fixture *f, gconstpointer data)
{
   (void) data;
   g_ptr_array_unref (f->holders);
   postoffice_fixture_clear (&f->po);
   g_free (f->plugin);
   g_unlink (f->config);
   g_free (f->config);
}

// ---------------------------------------------------------------------------
// Post offices

static void make_small (Fixture *f);

static char *
mmf (const Fixture *f, const char *hex_id)
{
   return postoffice_fixture_mmf_of (&f->po, hex_id);
}

static void
append_rows (const Fixture *f, const char *rows)
{
   g_autofree char *csv = NULL;
   g_assert_true (g_file_get_contents (f->po.users_csv, &csv, NULL, NULL));
   g_autofree char *more = g_strconcat (csv, rows, NULL);
   g_assert_true (g_file_set_contents (f->po.users_csv, more, -1, NULL));
}

// What each account of the every-state post office is, and the verdict
// and cause the plugin gives it.
typedef struct {
   const char *user;
   const char *hex_id;
   const char *state;
   const char *verdict;
   const char *cause;
} State;

static const State states[] = {
   {"U00001", "00000A01", "clean", "proceed", "none"},
   {"U00002", "00000A02", "held: posix-write", "defer", "mmf-in-use"},
   {"U00003", "00000A03", "held: ofd-write", "defer", "mmf-in-use"},
   {"U00004", "00000A04", "held: flock-ex", "defer", "mmf-in-use"},
   {"U00005", "00000A05", "held: msmail", "defer", "mmf-in-use"},
   {"U00006", "00000A06", "empty", "block", "mmf-empty"},
   {"U00007", "00000A07", "SMAF", "block", "mmf-not-mail"},
   {"U00008", "00000A08", "missing", "block", "mmf-not-on-postoffice"},
   {"U00009", "00000A09", "link to /etc/passwd", "block", "mmf-symlink"},
   {"U00010", "00000A0A", "link to an MMF outside", "block", "mmf-symlink"},
   {"U00011", "00000A0B", "directory", "block", "mmf-not-regular"},
   {"U00012", "00000A0C", "fifo", "block", "mmf-not-regular"},
   {"U00013", "00000A0D", "case twins", "block", "mmf-ambiguous"},
   {"U00014", "00000A0E", "changed 10 minutes ago", "proceed",
    "mmf-recently-active"},
   {"U00015", "00000A0F", "password recovered", "block",
    "password-not-synchronised"},
   {"U00016", "00000A10", "malformed row", "block", "user-list-row"},
   {"U00017", "00000A11", "duplicate Hex-ID", "block", "user-list-row"},
   {"U00018", "00000A11", "duplicate Hex-ID", "block", "user-list-row"},
   {"U00019", "ZZZ", "invalid Hex-ID", "block", "invalid-hex-id"},
   {"U00020", "00000A14", "hard link: one file with 00000A15", "block",
    "mmf-shared-file"},
   {"U00021", "00000A15", "hard link: one file with 00000A14", "block",
    "mmf-shared-file"},
};

// Every state above laid out; the holders started last, holding until the
// test ends.
static void
make_every_state (Fixture *f)
{
   const char *recovered[] = {"--recovered", "1", NULL};
   postoffice_fixture_make (&f->po, N_GENERATED, recovered);
   g_autofree char *empty = mmf (f, "00000A06");
   g_assert_true (g_file_set_contents (empty, "", 0, NULL));
   g_autofree char *smaf = mmf (f, "00000A07");
   g_assert_true (
      g_file_set_contents (smaf, "MMMD\0\0\0\x10ringtone", 16, NULL));
   g_autofree char *missing = mmf (f, "00000A08");
   g_assert_cmpint (g_unlink (missing), ==, 0);
   g_autofree char *passwd = mmf (f, "00000A09");
   g_assert_cmpint (g_unlink (passwd), ==, 0);
   g_assert_cmpint (symlink ("/etc/passwd", passwd), ==, 0);
   g_autofree char *outside = g_build_filename (f->po.root, "out.mmf", NULL);
   g_autofree char *linked = mmf (f, "00000A0A");
   g_assert_cmpint (g_rename (linked, outside), ==, 0);
   g_assert_cmpint (symlink (outside, linked), ==, 0);
   g_autofree char *dir = mmf (f, "00000A0B");
   g_assert_cmpint (g_unlink (dir), ==, 0);
   g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
   g_autofree char *fifo = mmf (f, "00000A0C");
   g_assert_cmpint (g_unlink (fifo), ==, 0);
   g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
   g_autofree char *twin = mmf (f, "00000A0D");
   g_autofree char *lower = postoffice_fixture_mmf (&f->po, "00000a0d.mmf");
   file_edit_copy (twin, lower);
   g_autofree char *recent = mmf (f, "00000A0E");
   file_edit_set_mtime_minutes_ago (recent, 10);
   // Rows of the list's own problems; their MMFs exist and are fine.
   g_autofree char *a01 = mmf (f, "00000A01");
   g_autofree char *a10 = mmf (f, "00000A10");
   g_autofree char *a11 = mmf (f, "00000A11");
   file_edit_copy (a01, a10);
   file_edit_copy (a01, a11);
   file_edit_set_mtime_minutes_ago (a10, 3000);
   file_edit_set_mtime_minutes_ago (a11, 3000);
   // Two accounts whose MMFs are one file: a hard link.
   g_autofree char *a14 = mmf (f, "00000A14");
   g_autofree char *a15 = mmf (f, "00000A15");
   file_edit_copy (a01, a14);
   file_edit_set_mtime_minutes_ago (a14, 3000);
   g_assert_cmpint (link (a14, a15), ==, 0);
   append_rows (f, "U00016,User 16,X,Mailbox,,,00000A10,\r\n"
                   "U00017,User 17,Y,Mailbox,,,00000A11,\r\n"
                   "U00018,User 18,Y,Mailbox,,,00000A11,\r\n"
                   "U00019,User 19,Y,Mailbox,,,ZZZ,\r\n"
                   "U00020,User 20,Y,Mailbox,,,00000A14,\r\n"
                   "U00021,User 21,Y,Mailbox,,,00000A15,\r\n");
   const char *kinds[] = {"posix-write", "ofd-write", "flock-ex", "msmail"};
   const char *held[] = {"00000A02", "00000A03", "00000A04", "00000A05"};
   for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++) {
      g_autofree char *path = mmf (f, held[i]);
      lock_holder_set_start (f->holders, kinds[i], path);
   }
}

// ---------------------------------------------------------------------------
// What each command says, per account: "verdict cause" (said.h)

static int
run (char **out, const char *const *args)
{
   return mig_host_runv (NULL, args, out, NULL);
}

static Said *
ask_preflight (const Fixture *f)
{
   g_autofree char *json =
      g_build_filename (f->po.root, "preflight.json", NULL);
   const char *args[] = {"preflight",    "--plugin", f->plugin,
                         "--config",     f->config,  "--postoffice",
                         f->po.maildata, "--users",  f->po.users_csv,
                         "--json",       json,       NULL};
   Said *s = said_new ("preflight");
   s->status = run (NULL, args);
   said_put_report (s, json);
   return s;
}

static Said *
ask_migrate (const Fixture *f, const char *name, gboolean with_plugin,
             char **events)
{
   g_autofree char *out = g_build_filename (f->po.root, name, NULL);
   g_autofree char *json = g_strconcat (out, ".json", NULL);
   *events = g_strconcat (out, ".events.jsonl", NULL);
   g_autoptr (GPtrArray) args = g_ptr_array_new ();
   const char *common[] = {"migrate",  "--postoffice",  f->po.maildata,
                           "--users",  f->po.users_csv, "--out",
                           out,        "--json",        json,
                           "--events", *events,         "--retries",
                           "0"};
   for (gsize i = 0; i < G_N_ELEMENTS (common); i++)
      g_ptr_array_add (args, (char *) common[i]);
   g_ptr_array_add (args, with_plugin ? "--plugin" : "--no-plugin");
   if (with_plugin) {
      g_ptr_array_add (args, f->plugin);
      g_ptr_array_add (args, "--config");
      g_ptr_array_add (args, f->config);
   }
   g_ptr_array_add (args, NULL);
   Said *s = said_new ("migrate");
   s->status = run (NULL, (const char *const *) args->pdata);
   said_put_migrate_report (s, json);
   return s;
}

// watch's lines: "HH:MM:SS USER (FULL NAME) held (CAUSE): ...", "USER clear,
// with a warning (CAUSE): ...", and the blocked ones named at the end. Accounts
// it names nowhere are clear.
static Said *
ask_watch (const Fixture *f, const char *const *users)
{
   const char *args[] = {"watch",        "--plugin", f->plugin,
                         "--config",     f->config,  "--postoffice",
                         f->po.maildata, "--users",  f->po.users_csv,
                         "--interval",   "0.1",      "--timeout",
                         "0.3",          NULL};
   g_autofree char *out = NULL;
   Said *s = said_new ("watch");
   s->status = run (&out, args);
   said_put_watch (s, out, users);
   return s;
}

// explain's JSON answer for `user`, whose MMF the event names as `path`;
// `how` is "event" or "description". With `with_list`, the post office and
// the user list are given, as an operator would; without, explain has the
// event alone.
static void
explain_account (const Fixture *f, Said *s, const char *user, const char *path,
                 const char *how, gboolean with_list)
{
   g_autofree char *text = g_strdup_printf (
      "Could not migrate MMF file for Account: %s. MMF Path '%s'.", user, path);
   g_autoptr (GPtrArray) args = g_ptr_array_new ();
   const char *common[] = {"explain", "--plugin", f->plugin, "--config",
                           f->config, "--json",   "-"};
   for (gsize i = 0; i < G_N_ELEMENTS (common); i++)
      g_ptr_array_add (args, (char *) common[i]);
   if (with_list) {
      const char *list[] = {"--postoffice", f->po.maildata, "--users",
                            f->po.users_csv};
      for (gsize i = 0; i < G_N_ELEMENTS (list); i++)
         g_ptr_array_add (args, (char *) list[i]);
   }
   if (strcmp (how, "event") == 0) {
      const char *by_event[] = {"--event", "7007",     "--insert",
                                user,      "--insert", path};
      for (gsize i = 0; i < G_N_ELEMENTS (by_event); i++)
         g_ptr_array_add (args, (char *) by_event[i]);
   } else {
      g_ptr_array_add (args, "--description");
      g_ptr_array_add (args, text);
   }
   g_ptr_array_add (args, NULL);
   g_autofree char *out = NULL;
   int status = run (&out, (const char *const *) args->pdata);
   g_assert_cmpint (status, ==, 0);
   json_t *answer = report_parse (out);
   said_put (s, user, report_str (answer, "verdict"),
             report_str (answer, "cause"));
   json_decref (answer);
}

static void
explain_one (const Fixture *f, Said *s, const State *st, const char *how)
{
   g_autofree char *name = g_strconcat (st->hex_id, ".MMF", NULL);
   g_autofree char *path = g_build_filename (f->po.maildata, "MMF", name, NULL);
   explain_account (f, s, st->user, path, how, TRUE);
}

static Said *
ask_explain (const Fixture *f, const char *how)
{
   Said *s = said_new (strcmp (how, "event") == 0 ? "explain --event"
                                                  : "explain --description");
   for (gsize i = 0; i < G_N_ELEMENTS (states); i++)
      explain_one (f, s, &states[i], how);
   return s;
}

// `list` (make-eventlog.py's list of events) written as wevtutil's XML and
// explained with --log; with `with_list`, the post office and the user list
// are given too.
static Said *
explain_log (const Fixture *f, json_t *list, gboolean with_list)
{
   g_autofree char *list_path =
      g_build_filename (f->po.root, "events.json", NULL);
   g_assert_cmpint (json_dump_file (list, list_path, 0), ==, 0);
   g_autofree char *xml = g_build_filename (f->po.root, "events.xml", NULL);
   g_autofree char *script = g_build_filename (
      g_getenv ("MMFG_SOURCE_ROOT"), "tests", "make-eventlog.py", NULL);
   const char *argv[] = {"python3", script, "xml", xml, list_path, NULL};
   int wait = 0;
   g_autoptr (GError) error = NULL;
   g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                 NULL, NULL, &wait, &error);
   g_assert_no_error (error);
   g_assert_true (g_spawn_check_wait_status (wait, NULL));
   g_autofree char *json = g_build_filename (f->po.root, "log.json", NULL);
   g_autoptr (GPtrArray) args = g_ptr_array_new ();
   const char *common[] = {"explain",  "--plugin", f->plugin,
                           "--config", f->config,  "--log",
                           xml,        "--json",   json};
   for (gsize i = 0; i < G_N_ELEMENTS (common); i++)
      g_ptr_array_add (args, (char *) common[i]);
   if (with_list) {
      const char *users[] = {"--postoffice", f->po.maildata, "--users",
                             f->po.users_csv};
      for (gsize i = 0; i < G_N_ELEMENTS (users); i++)
         g_ptr_array_add (args, (char *) users[i]);
   }
   g_ptr_array_add (args, NULL);
   Said *s = said_new ("explain --log");
   s->status = run (NULL, (const char *const *) args->pdata);
   said_put_report (s, json);
   return s;
}

// migrate's events.jsonl as make-eventlog.py's list, explained with --log.
static Said *
ask_explain_log (const Fixture *f, const char *events)
{
   g_autofree char *text = NULL;
   g_assert_true (g_file_get_contents (events, &text, NULL, NULL));
   json_t *list = json_array ();
   g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
   json_int_t when = 1795644000;
   for (guint i = 0; lines[i] != NULL; i++) {
      if (lines[i][0] == '\0')
         continue;
      json_t *e = report_parse (lines[i]);
      json_array_append_new (
         list, json_pack ("{s:O, s:O, s:I, s:O, s:O}", "source",
                          json_object_get (e, "source"), "id",
                          json_object_get (e, "id"), "time", when++, "inserts",
                          json_object_get (e, "inserts"), "description",
                          json_object_get (e, "description")));
      json_decref (e);
   }
   Said *s = explain_log (f, list, TRUE);
   json_decref (list);
   return s;
}

static GHashTable *causes_seen;

static void
note_causes (const Said *s)
{
   GHashTableIter it;
   gpointer said;
   g_hash_table_iter_init (&it, s->said);
   while (g_hash_table_iter_next (&it, NULL, &said))
      g_hash_table_add (causes_seen, g_strdup (strchr (said, ' ') + 1));
}

static void
test_every_account_state_agrees (Fixture *f, gconstpointer data)
{
   (void) data;
   make_every_state (f);
   g_autoptr (Said) preflight = ask_preflight (f);
   for (gsize i = 0; i < G_N_ELEMENTS (states); i++) {
      g_autofree char *expected =
         g_strdup_printf ("%s %s", states[i].verdict, states[i].cause);
      const char *said = g_hash_table_lookup (preflight->said, states[i].user);
      if (g_strcmp0 (said, expected) != 0)
         g_error ("%s (%s): preflight says %s, expected %s", states[i].user,
                  states[i].state, said, expected);
   }
   note_causes (preflight);
   g_autofree char *events = NULL;
   g_autoptr (Said) migrate = ask_migrate (f, "exchange", TRUE, &events);
   said_assert_agrees (preflight, migrate, TRUE);
   g_assert_cmpint (migrate->status, ==, 2);

   const char *users[G_N_ELEMENTS (states) + 1] = {NULL};
   for (gsize i = 0; i < G_N_ELEMENTS (states); i++)
      users[i] = states[i].user;
   g_autoptr (Said) watch = ask_watch (f, users);
   said_assert_agrees (preflight, watch, TRUE);
   g_assert_cmpint (watch->status, ==, 1); // some are held

   g_autoptr (Said) by_event = ask_explain (f, "event");
   said_assert_agrees (preflight, by_event, TRUE);
   g_autoptr (Said) by_text = ask_explain (f, "description");
   said_assert_agrees (preflight, by_text, TRUE);

   // The stock wizard's run (no plugin) logs a 7007 for every account its
   // own attempt fails on; explained, each gets preflight's verdict.
   g_autofree char *stock_events = NULL;
   g_autoptr (Said) stock =
      ask_migrate (f, "exchange-stock", FALSE, &stock_events);
   (void) stock;
   g_autoptr (Said) by_log = ask_explain_log (f, stock_events);
   said_assert_agrees (preflight, by_log, FALSE);
   g_assert_cmpuint (g_hash_table_size (by_log->said), >=, 8);
   // One file is never copied for two accounts, with a plugin or without.
   const char *runs[] = {"exchange", "exchange-stock"};
   const char *shared[] = {"00000A14.MMF", "00000A15.MMF"};
   for (gsize r = 0; r < G_N_ELEMENTS (runs); r++) {
      g_autofree char *clean =
         g_build_filename (f->po.root, runs[r], "00000A01.MMF", NULL);
      g_assert_true (g_file_test (clean, G_FILE_TEST_IS_REGULAR));
      for (gsize i = 0; i < G_N_ELEMENTS (shared); i++) {
         g_autofree char *copy =
            g_build_filename (f->po.root, runs[r], shared[i], NULL);
         if (g_file_test (copy, G_FILE_TEST_EXISTS))
            g_error ("%s copied %s, one file of two accounts", runs[r],
                     shared[i]);
      }
   }
}

// A post office the wizard refuses: every account is blocked with its
// cause by every command, and watch is never clear.
static void
check_postoffice_refused (Fixture *f, const char *cause)
{
   g_autoptr (Said) preflight = ask_preflight (f);
   g_assert_cmpint (preflight->status, ==, 2);
   GHashTableIter it;
   gpointer said;
   g_hash_table_iter_init (&it, preflight->said);
   g_autofree char *expected = g_strdup_printf ("block %s", cause);
   while (g_hash_table_iter_next (&it, NULL, &said))
      g_assert_cmpstr (said, ==, expected);
   note_causes (preflight);
   g_autofree char *events = NULL;
   g_autoptr (Said) migrate = ask_migrate (f, "exchange", TRUE, &events);
   said_assert_agrees (preflight, migrate, TRUE);
   const char *users[] = {"U00001", "U00002", "U00003", NULL};
   g_autoptr (Said) watch = ask_watch (f, users);
   g_assert_cmpint (watch->status, ==, 2);
   g_autoptr (Said) by_event = said_new ("explain --event");
   explain_one (f, by_event, &states[0], "event");
   explain_one (f, by_event, &states[1], "description");
   said_assert_agrees (preflight, by_event, FALSE);
}

static void
test_master_glb_held_agrees (Fixture *f, gconstpointer data)
{
   (void) data;
   postoffice_fixture_make (&f->po, 3, NULL);
   g_autofree char *master =
      g_build_filename (f->po.maildata, "GLB", "MASTER.GLB", NULL);
   lock_holder_set_start (f->holders, "posix-write", master);
   check_postoffice_refused (f, "postoffice-read-only");
}

static void
test_access_files_out_of_step_agree (Fixture *f, gconstpointer data)
{
   (void) data;
   postoffice_fixture_make (&f->po, 3, NULL);
   g_autofree char *access2 =
      g_build_filename (f->po.maildata, "GLB", "ACCESS2.GLB", NULL);
   g_autofree char *bytes = NULL;
   gsize len = 0;
   g_assert_true (g_file_get_contents (access2, &bytes, &len, NULL));
   g_autofree char *more = g_malloc0 (len + 69);
   memcpy (more, bytes, len);
   g_assert_true (g_file_set_contents (access2, more, (gssize) len + 69, NULL));
   check_postoffice_refused (f, "postoffice-invalid");
}

static void
test_not_a_postoffice_agrees (Fixture *f, gconstpointer data)
{
   (void) data;
   postoffice_fixture_make (&f->po, 3, NULL);
   g_autofree char *glb = g_build_filename (f->po.maildata, "GLB", NULL);
   g_autofree char *elsewhere = g_build_filename (f->po.root, "GLB", NULL);
   g_assert_cmpint (g_rename (glb, elsewhere), ==, 0);
   check_postoffice_refused (f, "postoffice-layout");
}

// Every account's lock state unknown: Samba asked for, and its smbstatus
// missing. Every command defers every account alike; none says go.
static void
test_lock_state_unknown_agrees (Fixture *f, gconstpointer data)
{
   (void) data;
   postoffice_fixture_make (&f->po, 3, NULL);
   g_assert_true (g_file_set_contents (
      f->config, "[samba]\nmode = on\nsmbstatus = /nonexistent/smbstatus\n", -1,
      NULL));
   g_autoptr (Said) preflight = ask_preflight (f);
   g_assert_cmpint (preflight->status, ==, 1);
   GHashTableIter it;
   gpointer said;
   g_hash_table_iter_init (&it, preflight->said);
   while (g_hash_table_iter_next (&it, NULL, &said))
      g_assert_cmpstr (said, ==, "defer lock-state-unknown");
   note_causes (preflight);
   g_autofree char *events = NULL;
   g_autoptr (Said) migrate = ask_migrate (f, "exchange", TRUE, &events);
   said_assert_agrees (preflight, migrate, TRUE);
   const char *users[] = {"U00001", "U00002", "U00003", NULL};
   g_autoptr (Said) watch = ask_watch (f, users);
   g_assert_cmpint (watch->status, ==, 1);
   g_autoptr (Said) by_event = said_new ("explain --event");
   explain_one (f, by_event, &states[0], "event");
   explain_one (f, by_event, &states[1], "description");
   said_assert_agrees (preflight, by_event, FALSE);
}

// An MMF this user may not read: mmf-unreadable, a defer, from every
// command. Root reads any file, so as root the commands run as nobody
// (setpriv), on a post office nobody may otherwise read and write.
static void
test_unreadable_mmf_agrees (Fixture *f, gconstpointer data)
{
   (void) data;
   make_small (f);
   g_autofree char *wrapper = NULL;
   g_autofree char *saved_host = g_strdup (g_getenv ("MMFG_MIG_HOST"));
   if (geteuid () == 0) {
      g_autofree char *setpriv = g_find_program_in_path ("setpriv");
      if (setpriv == NULL) {
         g_test_skip ("running as root, and setpriv(1) to run as nobody is "
                      "not installed");
         return;
      }
      const char *chmod_argv[] = {"chmod", "-R", "a+rwX", f->po.root, NULL};
      int wait = 0;
      g_assert_true (g_spawn_sync (NULL, (char **) chmod_argv, NULL,
                                   G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                   &wait, NULL));
      g_assert_true (g_spawn_check_wait_status (wait, NULL));
      g_assert_cmpint (g_chmod (f->config, 0644), ==, 0);
      wrapper = g_build_filename (f->po.root, "as-nobody.sh", NULL);
      g_autofree char *script = g_strdup_printf (
         "#!/bin/sh\nexec '%s' --reuid=65534 --regid=65534 --clear-groups "
         "'%s' \"$@\"\n",
         setpriv, saved_host);
      g_assert_true (g_file_set_contents (wrapper, script, -1, NULL));
      g_assert_cmpint (g_chmod (wrapper, 0755), ==, 0);
      g_setenv ("MMFG_MIG_HOST", wrapper, TRUE);
   }
   g_autofree char *unreadable = mmf (f, "00000A02");
   g_assert_cmpint (g_chmod (unreadable, 0), ==, 0);

   g_autoptr (Said) preflight = ask_preflight (f);
   g_assert_cmpstr (g_hash_table_lookup (preflight->said, "U00002"), ==,
                    "defer mmf-unreadable");
   g_assert_cmpstr (g_hash_table_lookup (preflight->said, "U00001"), ==,
                    "proceed none");
   note_causes (preflight);
   g_autofree char *events = NULL;
   g_autoptr (Said) migrate = ask_migrate (f, "exchange", TRUE, &events);
   said_assert_agrees (preflight, migrate, TRUE);
   const char *users[] = {"U00001", "U00002", "U00003",
                          "U00004", "U00005", NULL};
   g_autoptr (Said) watch = ask_watch (f, users);
   said_assert_agrees (preflight, watch, TRUE);
   g_assert_cmpint (watch->status, ==, 1); // U00002 waits
   g_autoptr (Said) by_event = said_new ("explain --event");
   g_autoptr (Said) by_text = said_new ("explain --description");
   for (gsize i = 0; i < 5; i++) {
      explain_one (f, by_event, &states[i], "event");
      explain_one (f, by_text, &states[i], "description");
   }
   said_assert_agrees (preflight, by_event, FALSE);
   said_assert_agrees (preflight, by_text, FALSE);
   g_autofree char *stock_events = NULL;
   g_autoptr (Said) stock =
      ask_migrate (f, "exchange-stock", FALSE, &stock_events);
   (void) stock;
   g_autoptr (Said) by_log = ask_explain_log (f, stock_events);
   said_assert_agrees (preflight, by_log, FALSE);
   g_assert_cmpstr (g_hash_table_lookup (by_log->said, "U00002"), ==,
                    "defer mmf-unreadable");
   if (wrapper != NULL)
      g_setenv ("MMFG_MIG_HOST", saved_host, TRUE);
   g_assert_cmpint (g_chmod (unreadable, 0600), ==, 0);
}

// on-error's own causes: an event explained without the user list, so its
// account cannot be looked up. --event, --description and --log give each
// account the same verdict and cause, and never proceed: a clean file is
// no-cause-visible, a path that leads to no post office here is
// mmf-path-unresolved, a held one is mmf-in-use.
static void
test_on_error_causes_agree (Fixture *f, gconstpointer data)
{
   (void) data;
   make_small (f);
   g_autofree char *held = mmf (f, "00000A03");
   lock_holder_set_start (f->holders, "posix-write", held);
   g_autofree char *clean = mmf (f, "00000A01");
   const char *unmapped = "M:\\MAILDATA\\MMF\\00000A02.MMF";
   struct {
      const char *user, *path, *said;
   } accounts[] = {
      {"U00001", clean, "defer no-cause-visible"},
      {"U00002", unmapped, "defer mmf-path-unresolved"},
      {"U00003", held, "defer mmf-in-use"},
   };
   g_autoptr (Said) expected = said_new ("the plugin's on-error");
   g_autoptr (Said) by_event = said_new ("explain --event");
   g_autoptr (Said) by_text = said_new ("explain --description");
   json_t *list = json_array ();
   for (gsize i = 0; i < G_N_ELEMENTS (accounts); i++) {
      g_hash_table_replace (expected->said, g_strdup (accounts[i].user),
                            g_strdup (accounts[i].said));
      explain_account (f, by_event, accounts[i].user, accounts[i].path, "event",
                       FALSE);
      explain_account (f, by_text, accounts[i].user, accounts[i].path,
                       "description", FALSE);
      g_autofree char *text = g_strdup_printf (
         "Could not migrate MMF file for Account: %s. MMF Path '%s'.",
         accounts[i].user, accounts[i].path);
      json_array_append_new (
         list,
         json_pack ("{s:s, s:i, s:I, s:[s, s], s:s}", "source", "MSExchangeMig",
                    "id", 7007, "time",
                    (json_int_t) 1795644000 + (json_int_t) i, "inserts",
                    accounts[i].user, accounts[i].path, "description", text));
   }
   g_autoptr (Said) by_log = explain_log (f, list, FALSE);
   json_decref (list);
   said_assert_agrees (expected, by_event, TRUE);
   said_assert_agrees (expected, by_text, TRUE);
   said_assert_agrees (expected, by_log, TRUE);
   note_causes (expected);
}

// The wizard's other events (7017, 7026, 8002, ...), whose cause comes from
// the catalog alone: explained by --event and by --log, with the account
// they name in the list, each gives the same verdict and cause, and the
// plugin's own cause for the event is the catalog's (an informational one,
// X-Verdict none, is the plugin's "no opinion": the account's verdict
// stands). An event about no
// account (the run's summary) is the summary test's; MSExchangeMigDS's
// events are not the wizard's log, so --log leaves them to --event.
static void
test_other_events_agree (Fixture *f, gconstpointer data)
{
   (void) data;
   make_small (f);
   g_autofree char *header =
      g_build_filename (g_getenv ("MMFG_SOURCE_ROOT"), "plugin", "catalog",
                        "other-events.h", NULL);
   g_autofree char *table = NULL;
   g_assert_true (g_file_get_contents (header, &table, NULL, NULL));
   g_autoptr (GRegex) row =
      g_regex_new ("X \\(\"(\\w+)\", (\\d+), \"([a-z-]+)\"\\)", 0, 0, NULL);
   // The catalog's verdict per cause: "X-Cause: C" then "X-Verdict: V".
   g_autofree char *catalog_path =
      g_build_filename (g_getenv ("MMFG_SOURCE_ROOT"), "plugin", "catalog",
                        "wizard-events.en.catalog", NULL);
   g_autofree char *catalog = NULL;
   g_assert_true (g_file_get_contents (catalog_path, &catalog, NULL, NULL));
   g_autoptr (GHashTable) verdicts =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
   g_autoptr (GRegex) entry = g_regex_new (
      "^X-Cause: ([a-z-]+)\nX-Verdict: (\\w+)$", G_REGEX_MULTILINE, 0, NULL);
   g_autoptr (GMatchInfo) c = NULL;
   for (g_regex_match (entry, catalog, 0, &c); g_match_info_matches (c);
        g_match_info_next (c, NULL))
      g_hash_table_replace (verdicts, g_match_info_fetch (c, 1),
                            g_match_info_fetch (c, 2));
   g_assert_cmpuint (g_hash_table_size (verdicts), >=, 10);
   g_autoptr (GMatchInfo) m = NULL;
   guint n = 0;
   for (g_regex_match (row, table, 0, &m); g_match_info_matches (m);
        g_match_info_next (m, NULL)) {
      g_autofree char *source = g_match_info_fetch (m, 1);
      g_autofree char *id = g_match_info_fetch (m, 2);
      g_autofree char *cause = g_match_info_fetch (m, 3);
      n++;
      const char *args[] = {"explain",      "--plugin", f->plugin,
                            "--config",     f->config,  "--source",
                            source,         "--event",  id,
                            "--insert",     "U00001",   "--postoffice",
                            f->po.maildata, "--users",  f->po.users_csv,
                            "--json",       "-",        NULL};
      g_autofree char *out = NULL;
      run (&out, args);
      json_t *answer = report_parse (out);
      // An informational entry (X-Verdict: none) is the plugin's "no
      // opinion": the host shows the event's own text and the account's
      // verdict stands.
      const char *expected =
         g_strcmp0 (g_hash_table_lookup (verdicts, cause), "none") == 0
            ? "no-opinion"
            : cause;
      g_assert_cmpstr (report_str (answer, "event_cause"), ==, expected);
      g_hash_table_add (causes_seen, g_strdup (cause));
      g_autoptr (Said) by_event = said_new ("explain --event");
      said_put (by_event, "U00001", report_str (answer, "verdict"),
                report_str (answer, "cause"));
      json_decref (answer);
      if (strcmp (id, "10068") == 0 || strcmp (source, "MSExchangeMig") != 0)
         continue;
      g_autofree char *text = g_strdup_printf ("%s event %s", source, id);
      json_t *list = json_pack ("[{s:s, s:i, s:i, s:[s], s:s}]", "source",
                                source, "id", atoi (id), "time", 1795644000,
                                "inserts", "U00001", "description", text);
      g_autoptr (Said) by_log = explain_log (f, list, TRUE);
      json_decref (list);
      said_assert_agrees (by_event, by_log, TRUE);
   }
   g_assert_cmpuint (n, >=, 10);
}

// Runs last (the tests run in the order added): every cause of the table
// was given by some command on some post office above.
static void
test_every_cause_is_covered (void)
{
   g_autofree char *header = g_build_filename (
      g_getenv ("MMFG_SOURCE_ROOT"), "plugin", "core", "cause.h", NULL);
   g_autofree char *text = NULL;
   g_assert_true (g_file_get_contents (header, &text, NULL, NULL));
   g_autoptr (GRegex) row =
      g_regex_new ("X \\(\\w+, \"([a-z-]+)\"", 0, 0, NULL);
   g_autoptr (GMatchInfo) m = NULL;
   guint n = 0;
   for (g_regex_match (row, text, 0, &m); g_match_info_matches (m);
        g_match_info_next (m, NULL)) {
      g_autofree char *cause = g_match_info_fetch (m, 1);
      n++;
      if (g_hash_table_contains (causes_seen, cause))
         continue;
      g_error ("cause %s is in the cause table but no post office of "
               "test-agreement gives it",
               cause);
   }
   g_assert_cmpuint (n, >=, 15);
   // And the causes of the wizard's other events, from the catalog alone.
   g_autofree char *other =
      g_build_filename (g_getenv ("MMFG_SOURCE_ROOT"), "plugin", "catalog",
                        "other-events.h", NULL);
   g_autofree char *table = NULL;
   g_assert_true (g_file_get_contents (other, &table, NULL, NULL));
   g_autoptr (GRegex) other_row =
      g_regex_new ("X \\(\"\\w+\", \\d+, \"([a-z-]+)\"\\)", 0, 0, NULL);
   g_autoptr (GMatchInfo) o = NULL;
   guint n_other = 0;
   for (g_regex_match (other_row, table, 0, &o); g_match_info_matches (o);
        g_match_info_next (o, NULL)) {
      g_autofree char *cause = g_match_info_fetch (o, 1);
      n_other++;
      if (!g_hash_table_contains (causes_seen, cause))
         g_error ("cause %s of the wizard's other events was given by no "
                  "command of test-agreement",
                  cause);
   }
   g_assert_cmpuint (n_other, >=, 10);
}

// ---------------------------------------------------------------------------
// Each wrong "go" of the issue, through the command line

static void
make_small (Fixture *f)
{
   const char *recovered[] = {"--recovered", "1", NULL};
   postoffice_fixture_make (&f->po, 5, recovered);
}

// explain --description looks up the account the text names, as --insert
// would: a recovered password is blocked, never "defer (no-cause-visible)".
static void
test_explain_description_names_the_account (Fixture *f, gconstpointer data)
{
   (void) data;
   make_small (f);
   g_autofree char *path = mmf (f, "00000A05");
   g_autofree char *text = g_strdup_printf (
      "Could not migrate MMF file for Account: U00005. MMF Path '%s'.", path);
   g_autofree char *out = NULL;
   const char *args[] = {"explain",  "--plugin",      f->plugin,
                         "--config", f->config,       "--description",
                         text,       "--postoffice",  f->po.maildata,
                         "--users",  f->po.users_csv, NULL};
   g_assert_cmpint (run (&out, args), ==, 0);
   g_assert_nonnull (strstr (out, "Event 7007 (MSExchangeMig): block "
                                  "(password-not-synchronised)"));
   g_assert_nonnull (strstr (out, "recovered the password at"));
   g_assert_null (strstr (out, "no-cause-visible"));
}

// A clean account on a local disk: explained with the list it proceeds, as
// preflight says; without the list it is explained without an account. The
// text never speaks of a file server there is none of.
static void
test_explain_clean_local_account (Fixture *f, gconstpointer data)
{
   (void) data;
   make_small (f);
   g_autofree char *path = mmf (f, "00000A01");
   g_autofree char *with_list = NULL;
   const char *args[] = {
      "explain", "--plugin",     f->plugin,      "--config", f->config,
      "--event", "7007",         "--insert",     "U00001",   "--insert",
      path,      "--postoffice", f->po.maildata, "--users",  f->po.users_csv,
      NULL};
   g_assert_cmpint (run (&with_list, args), ==, 0);
   g_assert_nonnull (
      strstr (with_list, "Event 7007 (MSExchangeMig): proceed (none)"));
   g_assert_nonnull (strstr (with_list, "Password recovered: never"));
   g_assert_null (strstr (with_list, "file server"));
   g_autofree char *alone = NULL;
   const char *bare[] = {"explain", "--plugin", f->plugin, "--config",
                         f->config, "--event",  "7007",    "--insert",
                         "U00001",  "--insert", path,      NULL};
   g_assert_cmpint (run (&alone, bare), ==, 0);
   g_assert_nonnull (strstr (alone, "(no-cause-visible)"));
   g_assert_null (strstr (alone, "file server"));
   // Not known is said, not left out: nothing told explain of a recovery.
   g_assert_nonnull (
      strstr (alone, "Password recovered: not known (no account record)"));
}

// An account the text names that is not in the list is said to be not in
// the list.
static void
test_explain_account_not_listed (Fixture *f, gconstpointer data)
{
   (void) data;
   make_small (f);
   g_autofree char *path = mmf (f, "00000A01");
   g_autofree char *text = g_strdup_printf (
      "Could not migrate MMF file for Account: NOBODY. MMF Path '%s'.", path);
   g_autofree char *out = NULL;
   const char *args[] = {"explain",  "--plugin",      f->plugin,
                         "--config", f->config,       "--description",
                         text,       "--postoffice",  f->po.maildata,
                         "--users",  f->po.users_csv, NULL};
   g_assert_cmpint (run (&out, args), ==, 0);
   g_assert_nonnull (strstr (out, ": block (not-in-user-list)"));
   g_assert_nonnull (strstr (out, "NOBODY is not in the user list"));
}

// An event that names one account and another account's MMF: the list
// given is not the one the wizard ran with. U00001 is fine, but the file
// that failed is U00005's, whose password was recovered: explain must not
// say proceed for the account because its own file is fine. Every form of
// explain blocks it as event-file-mismatch, naming both; the account's own
// file, logged in another case or as the wizard's Windows path, still
// proceeds.
static void
test_event_naming_another_mmf_is_blocked (Fixture *f, gconstpointer data)
{
   (void) data;
   make_small (f);
   g_autofree char *other = mmf (f, "00000A05");
   g_autoptr (Said) by_event = said_new ("explain --event");
   g_autoptr (Said) by_text = said_new ("explain --description");
   explain_account (f, by_event, "U00001", other, "event", TRUE);
   explain_account (f, by_text, "U00001", other, "description", TRUE);
   g_autofree char *text = g_strdup_printf (
      "Could not migrate MMF file for Account: U00001. MMF Path '%s'.", other);
   json_t *list = json_pack ("[{s:s, s:i, s:i, s:[s, s], s:s}]", "source",
                             "MSExchangeMig", "id", 7007, "time", 1795644000,
                             "inserts", "U00001", other, "description", text);
   g_autoptr (Said) by_log = explain_log (f, list, TRUE);
   json_decref (list);
   g_autoptr (Said) expected = said_new ("the host");
   said_put (expected, "U00001", "block", "event-file-mismatch");
   said_assert_agrees (expected, by_event, TRUE);
   said_assert_agrees (expected, by_text, TRUE);
   said_assert_agrees (expected, by_log, TRUE);

   g_autofree char *out = NULL;
   const char *args[] = {"explain",  "--plugin",      f->plugin,
                         "--config", f->config,       "--description",
                         text,       "--postoffice",  f->po.maildata,
                         "--users",  f->po.users_csv, NULL};
   g_assert_cmpint (run (&out, args), ==, 0);
   g_assert_nonnull (strstr (out, "block (event-file-mismatch)"));
   g_assert_nonnull (strstr (out, "failed on 00000A05.MMF for U00001"));
   g_assert_nonnull (strstr (out, "the Hex-ID 00000A01"));

   g_autoptr (Said) own = said_new ("explain --event");
   g_autofree char *mine = mmf (f, "00000A01");
   g_autofree char *lower = g_ascii_strdown (mine, -1);
   explain_account (f, own, "U00001", lower, "event", TRUE);
   explain_account (f, own, "U00002",
                    "\\\\MAILSRV\\MAILDATA\\MMF\\00000a02.mmf", "event", TRUE);
   g_autoptr (Said) go = said_new ("preflight");
   said_put (go, "U00001", "proceed", "none");
   said_put (go, "U00002", "proceed", "none");
   said_assert_agrees (go, own, TRUE);
}

// explain --log: an account of the log missing from --users is not in the
// list; it is not told to pass --users again.
static void
test_explain_log_account_not_listed (Fixture *f, gconstpointer data)
{
   (void) data;
   make_small (f);
   g_autofree char *path = mmf (f, "00000A02");
   json_t *list = json_pack ("[{s:s, s:i, s:i, s:[s, s], s:s}]", "source",
                             "MSExchangeMig", "id", 7007, "time", 1795644000,
                             "inserts", "GHOST", path, "description",
                             "Could not migrate MMF file for Account: GHOST.");
   g_autofree char *list_path =
      g_build_filename (f->po.root, "events.json", NULL);
   g_assert_cmpint (json_dump_file (list, list_path, 0), ==, 0);
   json_decref (list);
   g_autofree char *xml = g_build_filename (f->po.root, "events.xml", NULL);
   g_autofree char *script = g_build_filename (
      g_getenv ("MMFG_SOURCE_ROOT"), "tests", "make-eventlog.py", NULL);
   const char *argv[] = {"python3", script, "xml", xml, list_path, NULL};
   int wait = 0;
   g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                                NULL, NULL, NULL, NULL, &wait, NULL));
   g_assert_true (g_spawn_check_wait_status (wait, NULL));
   g_autofree char *out = NULL;
   const char *args[] = {"explain",  "--plugin",      f->plugin,
                         "--config", f->config,       "--log",
                         xml,        "--postoffice",  f->po.maildata,
                         "--users",  f->po.users_csv, NULL};
   run (&out, args);
   g_assert_nonnull (strstr (out, "now: block (not-in-user-list)"));
   g_assert_null (strstr (out, "mmf-path-unresolved"));
   g_assert_null (strstr (out, "give the host the post office"));
}

// watch is never "All clear" on a post office nobody can migrate.
static void
test_watch_not_clear_when_master_glb_held (Fixture *f, gconstpointer data)
{
   (void) data;
   postoffice_fixture_make (&f->po, 3, NULL);
   g_autofree char *master =
      g_build_filename (f->po.maildata, "GLB", "MASTER.GLB", NULL);
   lock_holder_set_start (f->holders, "posix-write", master);
   const char *args[] = {"watch",        "--plugin", f->plugin,
                         "--config",     f->config,  "--postoffice",
                         f->po.maildata, "--users",  f->po.users_csv,
                         "--timeout",    "0.5",      NULL};
   g_autofree char *out = NULL;
   g_assert_cmpint (run (&out, args), ==, 2);
   g_assert_null (strstr (out, "All clear"));
   g_assert_nonnull (strstr (out, "postoffice-read-only"));
}

// Reads watch's lines until one holds `needle`; fails the test when the
// output ends first.
static void
watch_read_to (MigHostProcess *p, const char *needle)
{
   for (;;) {
      g_autofree char *line = mig_host_read_line (p);
      if (line == NULL)
         g_error ("watch ended before saying \"%s\":\n%s", needle,
                  p->read->str);
      if (strstr (line, needle) != NULL)
         return;
   }
}

// watch's "All clear" is never an old answer. U00001 is held when watch
// starts; U00002, clear then, is taken by its user meanwhile; when U00001
// lets go, watch looks at everyone once more and waits for U00002 instead
// of saying all clear (before, U00002 was never asked again). Then
// MASTER.GLB is held and U00002 lets go: the post office blocks everyone,
// and watch ends not clear (2) with no account clear.
static void
test_watch_clear_is_a_fresh_answer (Fixture *f, gconstpointer data)
{
   (void) data;
   postoffice_fixture_make (&f->po, 3, NULL);
   g_autofree char *a01 = mmf (f, "00000A01");
   g_autofree char *a02 = mmf (f, "00000A02");
   g_autofree char *master =
      g_build_filename (f->po.maildata, "GLB", "MASTER.GLB", NULL);
   LockHolderProcess *first = lock_holder_process_start ("posix-write", a01);
   const char *args[] = {"watch",        "--plugin", f->plugin,
                         "--config",     f->config,  "--postoffice",
                         f->po.maildata, "--users",  f->po.users_csv,
                         "--interval",   "0.1",      "--timeout",
                         "120",          NULL};
   MigHostProcess p;
   mig_host_start (&p, args);
   watch_read_to (&p, "U00001 (User 1) held (mmf-in-use)");
   lock_holder_set_start (f->holders, "posix-write", a02);
   lock_holder_process_stop_and_assert_intact (first);
   lock_holder_process_free (first);
   watch_read_to (&p, "U00001 (User 1) clear after");
   watch_read_to (&p, "U00002 (User 2) held (mmf-in-use)");
   g_assert_null (strstr (p.read->str, "All clear"));
   lock_holder_set_start (f->holders, "posix-write", master);
   LockHolderProcess *second = g_ptr_array_index (f->holders, 0);
   lock_holder_process_stop (second);
   g_autofree char *rest = NULL;
   int status = mig_host_finish (&p, &rest);
   g_assert_cmpint (status, ==, 2);
   g_assert_null (strstr (rest, "All clear"));
   g_assert_nonnull (strstr (rest, "postoffice-read-only"));
   g_assert_nonnull (strstr (rest, "; 0 clear."));
}

// A folder with neither GLB nor MMF is no post office: every command that
// takes --postoffice refuses it alike, once, as a tool error (79) — one
// line on stderr naming the folder and what to give, nothing on stdout, no
// report, call list, page or event log written, no --out made. Never a
// verdict per account, and never a report that looks like a run.
static void
test_folder_that_is_no_postoffice_is_refused_by_every_command (
   Fixture *f, gconstpointer data)
{
   (void) data;
   postoffice_fixture_make (&f->po, 3, NULL);
   g_autofree char *empty = g_build_filename (f->po.root, "empty", NULL);
   g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
   g_autofree char *json = g_build_filename (f->po.root, "r.json", NULL);
   g_autofree char *csv = g_build_filename (f->po.root, "r.csv", NULL);
   g_autofree char *html = g_build_filename (f->po.root, "r.html", NULL);
   g_autofree char *events = g_build_filename (f->po.root, "e.jsonl", NULL);
   g_autofree char *out_dir = g_build_filename (f->po.root, "out", NULL);
   g_autofree char *log = g_build_filename (f->po.root, "app.csv", NULL);
   g_assert_true (g_file_set_contents (log, "", 0, NULL));
#define PO "--plugin", f->plugin, "--config", f->config, "--postoffice", empty
   const char *preflight[] = {"preflight", PO,   "--users", f->po.users_csv,
                              "--json",    json, "--csv",   csv,
                              "--html",    html, NULL};
   const char *watch[] = {"watch",     PO,    "--users", f->po.users_csv,
                          "--timeout", "0.5", NULL};
   const char *migrate[] = {"migrate",  PO,      "--users", f->po.users_csv,
                            "--out",    out_dir, "--json",  json,
                            "--csv",    csv,     "--html",  html,
                            "--events", events,  NULL};
   const char *no_plugin[] = {"migrate", "--no-plugin", "--postoffice",
                              empty,     "--users",     f->po.users_csv,
                              "--out",   out_dir,       "--json",
                              json,      NULL};
   const char *explain[] = {"explain",  PO,      "--users",  f->po.users_csv,
                            "--event",  "7007",  "--insert", "U00001",
                            "--insert", "X.MMF", "--json",   json,
                            NULL};
   const char *explain_log[] = {"explain",       PO,      "--users",
                                f->po.users_csv, "--log", log,
                                "--json",        json,    NULL};
#undef PO
   const char *const *commands[] = {preflight, watch,   migrate,
                                    no_plugin, explain, explain_log};
   for (gsize i = 0; i < G_N_ELEMENTS (commands); i++) {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_assert_cmpint (mig_host_runv (NULL, commands[i], &out, &err), ==, 79);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, empty));
      g_assert_nonnull (strstr (err, "not an MS Mail post office"));
      g_assert_nonnull (strstr (err, "MAILDATA"));
      // Said once: one line, and no account named.
      g_auto (GStrv) lines = g_strsplit (err, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 2);
      g_assert_cmpstr (lines[1], ==, "");
      g_assert_null (strstr (err, "U0000"));
      g_assert_false (g_file_test (json, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (html, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (events, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (out_dir, G_FILE_TEST_EXISTS));
   }
}

// A list whose every row has MigrateUser=N names nothing to migrate, and
// nothing checked is nothing vouched for: preflight, watch and migrate
// refuse it at the start (65). Before, preflight said NO-GO and exited 0,
// watch printed "All clear" and exited 0, migrate "NOT DONE" with 0.
static void
test_list_with_nothing_to_migrate_is_refused (Fixture *f, gconstpointer data)
{
   (void) data;
   postoffice_fixture_make (&f->po, 3, NULL);
   g_autofree char *csv = NULL;
   g_assert_true (g_file_get_contents (f->po.users_csv, &csv, NULL, NULL));
   g_autoptr (GRegex) yes = g_regex_new (",Y,Mailbox,", 0, 0, NULL);
   g_autofree char *none =
      g_regex_replace_literal (yes, csv, -1, 0, ",N,Mailbox,", 0, NULL);
   g_assert_true (g_file_set_contents (f->po.users_csv, none, -1, NULL));
   g_autofree char *out_dir = g_build_filename (f->po.root, "out", NULL);
#define PO                                                                     \
   "--plugin", f->plugin, "--config", f->config, "--postoffice",               \
      f->po.maildata, "--users", f->po.users_csv
   const char *preflight[] = {"preflight", PO, NULL};
   const char *watch[] = {"watch", PO, "--timeout", "0.3", NULL};
   const char *migrate[] = {"migrate", PO, "--out", out_dir, NULL};
#undef PO
   const char *const *commands[] = {preflight, watch, migrate};
   for (gsize i = 0; i < G_N_ELEMENTS (commands); i++) {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_assert_cmpint (mig_host_runv (NULL, commands[i], &out, &err), ==, 65);
      g_assert_null (strstr (out, "clear"));
      g_assert_nonnull (strstr (err, "names no account to migrate"));
      g_assert_nonnull (strstr (err, "all its 3 rows have MigrateUser=N"));
   }
   g_assert_false (g_file_test (out_dir, G_FILE_TEST_EXISTS));
}

// A link in MMF/ is blocked by preflight, naming where it points, and
// migrate blocks it at once: no copy refused four times.
static void
test_symlinked_mmf_is_blocked_everywhere (Fixture *f, gconstpointer data)
{
   (void) data;
   make_small (f);
   g_autofree char *link = mmf (f, "00000A02");
   g_assert_cmpint (g_unlink (link), ==, 0);
   g_assert_cmpint (symlink ("/etc/passwd", link), ==, 0);
   g_autofree char *out = NULL;
   const char *pre[] = {
      "preflight",    "--plugin",     f->plugin, "--config",      f->config,
      "--postoffice", f->po.maildata, "--users", f->po.users_csv, NULL};
   g_assert_cmpint (run (&out, pre), ==, 2);
   g_assert_nonnull (strstr (out, "U00002: block (mmf-symlink)"));
   g_assert_nonnull (strstr (out, "/etc/passwd"));
   g_assert_null (strstr (out, "changed moments ago"));
   g_autofree char *exchange = g_build_filename (f->po.root, "ex", NULL);
   g_autofree char *json = g_build_filename (f->po.root, "m.json", NULL);
   const char *mig[] = {"migrate",
                        "--plugin",
                        f->plugin,
                        "--config",
                        f->config,
                        "--postoffice",
                        f->po.maildata,
                        "--users",
                        f->po.users_csv,
                        "--out",
                        exchange,
                        "--json",
                        json,
                        "--retry-delay",
                        "0",
                        NULL};
   g_assert_cmpint (run (NULL, mig), ==, 2);
   json_t *report = report_load (json);
   json_t *a = report_account (report, "U00002");
   g_assert_cmpstr (report_str (a, "outcome"), ==, "blocked");
   g_assert_cmpstr (report_str (a, "cause"), ==, "mmf-symlink");
   g_assert_cmpint (report_num (a, "attempts"), ==, 1);
   json_decref (report);
   g_autofree char *copy = g_build_filename (exchange, "00000A02.MMF", NULL);
   g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
}

// Two accounts whose MMFs are one file (a hard link): preflight blocks
// both, each text naming the other name; migrate blocks both at once with
// the plugin, fails both without one (its own check), and copies neither;
// explain blocks both. Before, both proceeded and one user's mail was
// copied for two accounts.
static void
test_hard_linked_mmfs_are_blocked_everywhere (Fixture *f, gconstpointer data)
{
   (void) data;
   make_small (f);
   g_autofree char *a02 = mmf (f, "00000A02");
   g_autofree char *a03 = mmf (f, "00000A03");
   g_assert_cmpint (g_unlink (a03), ==, 0);
   g_assert_cmpint (link (a02, a03), ==, 0);
   g_autofree char *out = NULL;
   const char *pre[] = {
      "preflight",    "--plugin",     f->plugin, "--config",      f->config,
      "--postoffice", f->po.maildata, "--users", f->po.users_csv, NULL};
   g_assert_cmpint (run (&out, pre), ==, 2);
   g_assert_nonnull (strstr (out, "U00002: block (mmf-shared-file)"));
   g_assert_nonnull (strstr (out, "U00003    User 3                blocked "
                                  "mmf-shared-file"));
   // U00003's text differs only in its names: said once, for U00002.
   g_autofree char *same_as_a02 = g_strconcat ("Same file as:  ", a02, NULL);
   g_autofree char *same_as_a03 = g_strconcat ("Same file as:  ", a03, NULL);
   g_assert_nonnull (strstr (out, same_as_a03));
   for (int with_plugin = 1; with_plugin >= 0; with_plugin--) {
      g_autofree char *events = NULL;
      g_autofree char *name =
         g_strdup_printf ("exchange-%s", with_plugin ? "plugin" : "stock");
      g_autoptr (Said) said = ask_migrate (f, name, with_plugin, &events);
      g_autofree char *json =
         g_strconcat (f->po.root, "/", name, ".json", NULL);
      json_t *report = report_load (json);
      const char *users[] = {"U00002", "U00003"};
      for (gsize i = 0; i < G_N_ELEMENTS (users); i++) {
         json_t *a = report_account (report, users[i]);
         g_assert_cmpstr (report_str (a, "outcome"), ==,
                          with_plugin ? "blocked" : "failed");
         g_assert_cmpstr (report_str (a, with_plugin ? "cause" : "host_cause"),
                          ==, "mmf-shared-file");
         g_assert_cmpint (report_num (a, "attempts"), ==, 1);
      }
      json_decref (report);
      const char *copies[] = {"00000A02.MMF", "00000A03.MMF"};
      for (gsize i = 0; i < G_N_ELEMENTS (copies); i++) {
         g_autofree char *copy =
            g_build_filename (f->po.root, name, copies[i], NULL);
         g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
      }
      g_autofree char *clean =
         g_build_filename (f->po.root, name, "00000A04.MMF", NULL);
      g_assert_true (g_file_test (clean, G_FILE_TEST_IS_REGULAR));
   }
   g_autofree char *ex = NULL;
   const char *explain[] = {
      "explain", "--plugin",     f->plugin,      "--config", f->config,
      "--event", "7007",         "--insert",     "U00003",   "--insert",
      a03,       "--postoffice", f->po.maildata, "--users",  f->po.users_csv,
      NULL};
   g_assert_cmpint (run (&ex, explain), ==, 0); // explained
   g_assert_nonnull (
      strstr (ex, "Event 7007 (MSExchangeMig): block (mmf-shared-file)"));
   g_assert_nonnull (strstr (ex, same_as_a02));
}

// A file that changed within the idle interval: preflight -q lists it with
// its text; explain gives the same verdict.
static void
test_recently_changed_text_everywhere (Fixture *f, gconstpointer data)
{
   (void) data;
   make_small (f);
   g_autofree char *recent = mmf (f, "00000A03");
   file_edit_set_mtime_minutes_ago (recent, 10);
   g_autofree char *out = NULL;
   const char *pre[] = {"preflight",    "--plugin", f->plugin,
                        "--config",     f->config,  "--postoffice",
                        f->po.maildata, "--users",  f->po.users_csv,
                        "-q",           NULL};
   run (&out, pre);
   g_assert_nonnull (strstr (out, "U00003    User 3                proceed "
                                  "mmf-recently-active: "));
   g_assert_nonnull (strstr (out, "U00003: proceed (mmf-recently-active)"));
   g_assert_nonnull (strstr (out, "changed moments ago"));
   g_autofree char *ex = NULL;
   const char *explain[] = {
      "explain",      "--plugin", f->plugin,       "--config",
      f->config,      "--event",  "7007",          "--insert",
      "U00003",       "--insert", recent,          "--postoffice",
      f->po.maildata, "--users",  f->po.users_csv, NULL};
   g_assert_cmpint (run (&ex, explain), ==, 0);
   g_assert_nonnull (
      strstr (ex, "Event 7007 (MSExchangeMig): proceed (mmf-recently-active)"));
}

// --out inside the post office (or the post office itself) is a usage
// error before anything is read or written.
static void
test_out_inside_postoffice_is_refused (Fixture *f, gconstpointer data)
{
   (void) data;
   const char *lower[] = {"--lowercase", "3", NULL};
   postoffice_fixture_make (&f->po, 3, lower);
   g_autofree char *mmf_dir = g_build_filename (f->po.maildata, "MMF", NULL);
   g_autofree char *via_dots =
      g_build_filename (f->po.maildata, "..", "MAILDATA", "MMF", "new", NULL);
   const char *outs[] = {mmf_dir, f->po.maildata, via_dots};
   for (gsize i = 0; i < G_N_ELEMENTS (outs); i++) {
      g_autofree char *err = NULL;
      const char *args[] = {"migrate",      "--plugin", f->plugin,
                            "--config",     f->config,  "--postoffice",
                            f->po.maildata, "--users",  f->po.users_csv,
                            "--out",        outs[i],    NULL};
      g_assert_cmpint (mig_host_runv (NULL, args, NULL, &err), ==, 64);
      g_assert_nonnull (strstr (err, "the post office"));
   }
   g_autoptr (GDir) d = g_dir_open (mmf_dir, 0, NULL);
   guint n = 0;
   const char *name;
   while ((name = g_dir_read_name (d)) != NULL) {
      g_assert_true (g_str_has_suffix (name, ".mmf"));
      n++;
   }
   g_assert_cmpuint (n, ==, 3);
   g_autofree char *made = g_build_filename (mmf_dir, "new", NULL);
   g_assert_false (g_file_test (made, G_FILE_TEST_EXISTS));
}

// The post office under another name no comparison of paths finds: a bind
// mount of MAILDATA (as a second mount of a share would show it). --out
// there, or inside it, is refused as well; before, the copies were written
// beside the lower-case originals and reported migrated. mig-host runs in a
// mount namespace of its own (unshare), so the mount is gone with it.
static void
test_out_through_bind_mount_is_refused (Fixture *f, gconstpointer data)
{
   (void) data;
   const char *lower[] = {"--lowercase", "3", NULL};
   postoffice_fixture_make (&f->po, 3, lower);
   g_autofree char *unshare = g_find_program_in_path ("unshare");
   const char *probe[] = {"unshare", "-m", "true", NULL};
   int wait = 1;
   if (unshare == NULL || geteuid () != 0 ||
       !g_spawn_sync (NULL, (char **) probe, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                      NULL, NULL, NULL, &wait, NULL) ||
       !g_spawn_check_wait_status (wait, NULL)) {
      g_test_skip ("needs root and unshare(1) to bind-mount the post office");
      return;
   }
   g_autofree char *bind = g_build_filename (f->po.root, "bind", NULL);
   g_assert_cmpint (g_mkdir (bind, 0700), ==, 0);
   g_autofree char *saved_host = g_strdup (g_getenv ("MMFG_MIG_HOST"));
   g_autofree char *wrapper =
      g_build_filename (f->po.root, "in-namespace.sh", NULL);
   g_autofree char *script = g_strdup_printf (
      "#!/bin/sh\nexec unshare -m sh -c 'mount --bind \"$1\" \"$2\" && "
      "shift 2 && exec \"$@\"' sh '%s' '%s' '%s' \"$@\"\n",
      f->po.maildata, bind, saved_host);
   g_assert_true (g_file_set_contents (wrapper, script, -1, NULL));
   g_assert_cmpint (g_chmod (wrapper, 0755), ==, 0);
   g_setenv ("MMFG_MIG_HOST", wrapper, TRUE);
   g_autofree char *bind_mmf = g_build_filename (bind, "MMF", NULL);
   g_autofree char *bind_new = g_build_filename (bind, "MMF", "new", NULL);
   const char *outs[] = {bind, bind_mmf, bind_new};
   const char *says[] = {"is the post office", "is inside the post office",
                         "is inside the post office"};
   for (gsize i = 0; i < G_N_ELEMENTS (outs); i++) {
      g_autofree char *err = NULL;
      const char *args[] = {"migrate",      "--plugin", f->plugin,
                            "--config",     f->config,  "--postoffice",
                            f->po.maildata, "--users",  f->po.users_csv,
                            "--out",        outs[i],    NULL};
      int status = mig_host_runv (NULL, args, NULL, &err);
      g_assert_cmpint (status, ==, 64);
      g_assert_nonnull (strstr (err, says[i]));
   }
   g_setenv ("MMFG_MIG_HOST", saved_host, TRUE);
   g_autofree char *mmf_dir = g_build_filename (f->po.maildata, "MMF", NULL);
   g_autoptr (GDir) d = g_dir_open (mmf_dir, 0, NULL);
   guint n = 0;
   const char *name;
   while ((name = g_dir_read_name (d)) != NULL) {
      g_assert_true (g_str_has_suffix (name, ".mmf"));
      n++;
   }
   g_assert_cmpuint (n, ==, 3);
}

// A report, call list, page or event log written into the post office
// can take a mail file's place: preflight --json over 00000A03.MMF wrote
// its report there (and said U00003 proceeds, of a file it had just
// destroyed). Every output of every command that names the post office
// is refused (64) when it lies inside it, before anything is written.
static void
test_outputs_inside_postoffice_are_refused (Fixture *f, gconstpointer data)
{
   (void) data;
   postoffice_fixture_make (&f->po, 3, NULL);
   g_autofree char *victim = mmf (f, "00000A03");
   g_autofree char *before = NULL;
   gsize before_len = 0;
   g_assert_true (g_file_get_contents (victim, &before, &before_len, NULL));
   g_autofree char *fresh =
      g_build_filename (f->po.maildata, "GLB", "report.json", NULL);
   g_autofree char *out_dir = g_build_filename (f->po.root, "out", NULL);
#define PO                                                                     \
   "--plugin", f->plugin, "--config", f->config, "--postoffice",               \
      f->po.maildata, "--users", f->po.users_csv
   struct {
      const char *what;
      const char *args[20];
   } runs[] = {
      {"--json", {"preflight", PO, "--json", victim, NULL}},
      {"--csv", {"preflight", PO, "--csv", victim, NULL}},
      {"--html", {"preflight", PO, "--html", fresh, NULL}},
      {"--csv", {"watch", PO, "--timeout", "0.3", "--csv", victim, NULL}},
      {"--html", {"watch", PO, "--timeout", "0.3", "--html", fresh, NULL}},
      {"--json", {"migrate", PO, "--out", out_dir, "--json", victim, NULL}},
      {"--events", {"migrate", PO, "--out", out_dir, "--events", victim, NULL}},
      {"--csv", {"migrate", PO, "--out", out_dir, "--csv", fresh, NULL}},
      {"--html", {"migrate", PO, "--out", out_dir, "--html", victim, NULL}},
      {"--json",
       {"explain", PO, "--event", "7007", "--insert", "U00003", "--insert",
        victim, "--json", victim, NULL}},
   };
#undef PO
   for (gsize i = 0; i < G_N_ELEMENTS (runs); i++) {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_assert_cmpint (mig_host_runv (NULL, runs[i].args, &out, &err), ==, 64);
      g_autofree char *says = g_strconcat (runs[i].what, " ", NULL);
      g_assert_true (g_str_has_prefix (strstr (err, ": ") + 2, says));
      g_assert_nonnull (strstr (err, "is inside the post office"));
      g_autofree char *after = NULL;
      gsize after_len = 0;
      g_assert_true (g_file_get_contents (victim, &after, &after_len, NULL));
      g_assert_true (after_len == before_len &&
                     memcmp (after, before, before_len) == 0);
      g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (out_dir, G_FILE_TEST_EXISTS));
   }
}

// flock(1) takes the lock and its child inherits it: both hold the file,
// and the text names both.
static void
test_inheriting_child_is_named (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *flock = g_find_program_in_path ("flock");
   if (flock == NULL) {
      g_test_skip ("flock(1) is not installed");
      return;
   }
   make_small (f);
   g_autofree char *path = mmf (f, "00000A02");
   const char *argv[] = {
      flock, "-x", path, "sh", "-c", "echo $$; exec sleep 600", NULL};
   g_autoptr (GError) error = NULL;
   g_autoptr (GSubprocess) p =
      g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
   g_assert_no_error (error);
   g_autoptr (GDataInputStream) in =
      g_data_input_stream_new (g_subprocess_get_stdout_pipe (p));
   g_autofree char *child =
      g_data_input_stream_read_line (in, NULL, NULL, NULL);
   g_assert_nonnull (child);
   g_autofree char *out = NULL;
   const char *pre[] = {
      "preflight",    "--plugin",     f->plugin, "--config",      f->config,
      "--postoffice", f->po.maildata, "--users", f->po.users_csv, NULL};
   run (&out, pre);
   // Both end before anything is asserted: a failed assertion must not
   // leave the child behind.
   g_autofree char *flock_pid =
      g_strdup_printf ("pid %s", g_subprocess_get_identifier (p));
   kill ((pid_t) g_ascii_strtoll (child, NULL, 10), SIGTERM);
   g_subprocess_force_exit (p);
   g_subprocess_wait (p, NULL, NULL);
   g_autofree char *named = g_strdup_printf ("pid %s", child);
   g_assert_nonnull (strstr (out, "Also held by:"));
   g_assert_nonnull (strstr (out, named));
   g_assert_nonnull (strstr (out, flock_pid));
}

// The run's summary event (10068) is about no account: it carries the
// plugin's own verdict, never an account's fail-closed "defer".
static void
test_summary_event_judges_no_account (Fixture *f, gconstpointer data)
{
   (void) data;
   make_small (f);
   g_autofree char *events = NULL;
   g_autoptr (Said) migrate = ask_migrate (f, "exchange", TRUE, &events);
   g_autofree char *text = NULL;
   g_assert_true (g_file_get_contents (events, &text, NULL, NULL));
   g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
   gboolean seen = FALSE;
   for (guint i = 0; lines[i] != NULL; i++) {
      if (lines[i][0] == '\0')
         continue;
      json_t *e = report_parse (lines[i]);
      if (report_num (e, "id") == 10068) {
         json_t *r = json_object_get (e, "resolution");
         g_assert_cmpstr (report_str (r, "verdict"), !=, "defer");
         g_assert_cmpstr (report_str (r, "verdict"), ==,
                          report_str (r, "plugin_verdict"));
         seen = TRUE;
      }
      json_decref (e);
   }
   g_assert_true (seen);
}

// Two path maps of one Windows prefix stop the plugin at start.
static void
test_duplicate_path_map_is_refused (Fixture *f, gconstpointer data)
{
   (void) data;
   make_small (f);
   g_autofree char *conf = g_build_filename (f->po.root, "two.conf", NULL);
   g_assert_true (g_file_set_contents (conf,
                                       "[path-map a]\n"
                                       "windows = \\\\SRV\\MAILDATA\n"
                                       "local = /srv/a\n\n"
                                       "[path-map b]\n"
                                       "windows = \\\\srv\\maildata\\\n"
                                       "local = /srv/b\n",
                                       -1, NULL));
   g_autofree char *err = NULL;
   const char *args[] = {"inspect", f->plugin, "--config", conf, NULL};
   g_assert_cmpint (mig_host_runv (NULL, args, NULL, &err), !=, 0);
   g_assert_nonnull (strstr (err, "[path-map b]"));
   g_assert_nonnull (strstr (err, "mapped already"));
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   causes_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
#define ADD(name, fn)                                                          \
   g_test_add ("/agreement/" name, Fixture, NULL, setup, fn, teardown)
   ADD ("every-account-state", test_every_account_state_agrees);
   ADD ("master-glb-held", test_master_glb_held_agrees);
   ADD ("access-files-out-of-step", test_access_files_out_of_step_agree);
   ADD ("not-a-postoffice", test_not_a_postoffice_agrees);
   ADD ("lock-state-unknown", test_lock_state_unknown_agrees);
   ADD ("unreadable-mmf", test_unreadable_mmf_agrees);
   ADD ("on-error-causes", test_on_error_causes_agree);
   ADD ("other-events", test_other_events_agree);
   g_test_add_func ("/agreement/every-cause-covered",
                    test_every_cause_is_covered);
   ADD ("explain-description-names-the-account",
        test_explain_description_names_the_account);
   ADD ("explain-clean-local-account", test_explain_clean_local_account);
   ADD ("explain-account-not-listed", test_explain_account_not_listed);
   ADD ("explain-log-account-not-listed", test_explain_log_account_not_listed);
   ADD ("event-naming-another-mmf-blocked",
        test_event_naming_another_mmf_is_blocked);
   ADD ("watch-not-clear-master-glb-held",
        test_watch_not_clear_when_master_glb_held);
   ADD ("watch-clear-is-a-fresh-answer", test_watch_clear_is_a_fresh_answer);
   ADD ("no-postoffice-refused-by-every-command",
        test_folder_that_is_no_postoffice_is_refused_by_every_command);
   ADD ("list-with-nothing-to-migrate-refused",
        test_list_with_nothing_to_migrate_is_refused);
   ADD ("symlinked-mmf-blocked-everywhere",
        test_symlinked_mmf_is_blocked_everywhere);
   ADD ("hard-linked-mmfs-blocked-everywhere",
        test_hard_linked_mmfs_are_blocked_everywhere);
   ADD ("recently-changed-text-everywhere",
        test_recently_changed_text_everywhere);
   ADD ("out-inside-postoffice-refused", test_out_inside_postoffice_is_refused);
   ADD ("outputs-inside-postoffice-refused",
        test_outputs_inside_postoffice_are_refused);
   ADD ("out-through-bind-mount-refused",
        test_out_through_bind_mount_is_refused);
   ADD ("inheriting-child-named", test_inheriting_child_is_named);
   ADD ("summary-event-judges-no-account",
        test_summary_event_judges_no_account);
   ADD ("duplicate-path-map-refused", test_duplicate_path_map_is_refused);
#undef ADD
   int status = g_test_run ();
   g_hash_table_unref (causes_seen);
   return status;
}
