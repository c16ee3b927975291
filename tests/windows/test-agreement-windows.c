// test-agreement-windows.c — one verdict everywhere, for the states a
// Windows post office has, under Wine (or on Windows): preflight, migrate,
// watch and explain (by --event, by --description, by --log of the events
// a migrate wrote) give every account the same verdict and cause, and none
// says proceed / migrated / clear where another says defer or block.
//
// The states: clean, held by a real Windows process (deny-write,
// deny-all), empty, SMAF, missing, a folder, changed ten minutes ago,
// password recovered, a malformed row, two rows of one Hex-ID, an invalid
// Hex-ID; and apart, MASTER.GLB held, and a post office on a network drive.
// Links, FIFOs and case twins are
// states of POSIX file systems, tried by tests/test-agreement.c.

#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <string.h>
#include <sys/utime.h>
#include <time.h>
#include <windows.h>

#include "../file-edit.h"
#include "../mig-host-run.h"
#include "../said.h"
#include "../test-env.h"
#include "windows-fixture.h"

enum { N_GENERATED = 9 };

typedef struct {
   WinPostoffice po;
   GPtrArray *holders; // WinHolder *
   // The post office as the commands are given it: po.maildata, or the
   // same folder behind a drive letter.
   char *maildata;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
   (void) data;
   f->holders = g_ptr_array_new ();
}

static void
teardown (Fixture *f, gconstpointer data)
{
   (void) data;
   for (guint i = 0; i < f->holders->len; i++)
      win_holder_stop (g_ptr_array_index (f->holders, i));
   g_ptr_array_unref (f->holders);
   win_postoffice_clear (&f->po);
   g_free (f->maildata);
}

typedef struct {
   const char *user;
   const char *hex_id;
   const char *state;
   const char *verdict;
   const char *cause;
} State;

static const State states[] = {
   {"U00001", "00000A01", "clean", "proceed", "none"},
   {"U00002", "00000A02", "held: deny-write", "defer", "mmf-in-use"},
   {"U00003", "00000A03", "held: deny-all", "defer", "mmf-in-use"},
   {"U00004", "00000A04", "empty", "block", "mmf-empty"},
   {"U00005", "00000A05", "SMAF", "block", "mmf-not-mail"},
   {"U00006", "00000A06", "missing", "block", "mmf-not-on-postoffice"},
   {"U00007", "00000A07", "folder", "block", "mmf-not-regular"},
   {"U00008", "00000A08", "changed 10 minutes ago", "proceed",
    "mmf-recently-active"},
   {"U00009", "00000A09", "password recovered", "block",
    "password-not-synchronised"},
   {"U00010", "00000A10", "malformed row", "block", "user-list-row"},
   {"U00011", "00000A11", "duplicate Hex-ID", "block", "user-list-row"},
   {"U00012", "00000A11", "duplicate Hex-ID", "block", "user-list-row"},
   {"U00013", "ZZZ", "invalid Hex-ID", "block", "invalid-hex-id"},
};

static void
make_every_state (Fixture *f)
{
   win_postoffice_make (&f->po, N_GENERATED, 1);
   f->maildata = g_strdup (f->po.maildata);
   g_autofree char *empty = win_postoffice_mmf (&f->po, "00000A04");
   g_assert_true (g_file_set_contents (empty, "", 0, NULL));
   file_edit_set_mtime_minutes_ago (empty, 3000);
   g_autofree char *smaf = win_postoffice_mmf (&f->po, "00000A05");
   g_assert_true (
      g_file_set_contents (smaf, "MMMD\0\0\0\x10ringtone", 16, NULL));
   file_edit_set_mtime_minutes_ago (smaf, 3000);
   g_autofree char *missing = win_postoffice_mmf (&f->po, "00000A06");
   g_assert_cmpint (g_unlink (missing), ==, 0);
   g_autofree char *dir = win_postoffice_mmf (&f->po, "00000A07");
   g_assert_cmpint (g_unlink (dir), ==, 0);
   g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
   g_autofree char *recent = win_postoffice_mmf (&f->po, "00000A08");
   file_edit_set_mtime_minutes_ago (recent, 10);
   g_autofree char *a01 = win_postoffice_mmf (&f->po, "00000A01");
   const char *more[] = {"00000A10", "00000A11"};
   for (gsize i = 0; i < G_N_ELEMENTS (more); i++) {
      g_autofree char *path = win_postoffice_mmf (&f->po, more[i]);
      file_edit_copy (a01, path);
      file_edit_set_mtime_minutes_ago (path, 3000);
   }
   g_autofree char *csv = NULL;
   g_assert_true (g_file_get_contents (f->po.users_csv, &csv, NULL, NULL));
   g_autofree char *rows = g_strconcat (csv,
                                        "U00010,User 10,X,Mailbox,,,00000A10,\n"
                                        "U00011,User 11,Y,Mailbox,,,00000A11,\n"
                                        "U00012,User 12,Y,Mailbox,,,00000A11,\n"
                                        "U00013,User 13,Y,Mailbox,,,ZZZ,\n",
                                        NULL);
   g_assert_true (g_file_set_contents (f->po.users_csv, rows, -1, NULL));
   const char *modes[] = {"deny-write", "deny-all"};
   const char *held[] = {"00000A02", "00000A03"};
   for (gsize i = 0; i < G_N_ELEMENTS (modes); i++) {
      g_autofree char *path = win_postoffice_mmf (&f->po, held[i]);
      g_ptr_array_add (f->holders, win_holder_start (modes[i], path));
   }
}

// ---------------------------------------------------------------------------
// What each command says, per account: "verdict cause" (said.h)

static Said *
ask_preflight (const Fixture *f)
{
   g_autofree char *json =
      g_build_filename (f->po.root, "preflight.json", NULL);
   const char *args[] = {
      "preflight", "--plugin", test_env ("MMFG_PLUGIN"), "--postoffice",
      f->maildata, "--users",  f->po.users_csv,          "--json",
      json,        NULL};
   Said *s = said_new ("preflight");
   s->status = mig_host_runv (NULL, args, NULL, NULL);
   said_put_report (s, json);
   return s;
}

// migrate into a scratch --out; its events in *events. With `with_plugin`
// FALSE, the stock wizard's run: every account attempted, a 7007 logged
// for each its own attempt fails on.
static Said *
ask_migrate (const Fixture *f, const char *name, gboolean with_plugin,
             char **events)
{
   g_autofree char *out = g_build_filename (f->po.root, name, NULL);
   g_autofree char *json = g_strconcat (out, ".json", NULL);
   *events = g_strconcat (out, ".events.jsonl", NULL);
   const char *args[] = {"migrate",
                         "--postoffice",
                         f->maildata,
                         "--users",
                         f->po.users_csv,
                         "--out",
                         out,
                         "--json",
                         json,
                         "--events",
                         *events,
                         "--retries",
                         "0",
                         with_plugin ? "--plugin" : "--no-plugin",
                         with_plugin ? test_env ("MMFG_PLUGIN") : NULL,
                         NULL};
   Said *s = said_new ("migrate");
   s->status = mig_host_runv (NULL, args, NULL, NULL);
   said_put_migrate_report (s, json);
   return s;
}

// watch's lines, read as tests/test-agreement.c reads them: held, clear
// with a warning, the blocked named at the end; the others clear.
static Said *
ask_watch (const Fixture *f, const char *const *users)
{
   const char *args[] = {
      "watch",         "--plugin",   test_env ("MMFG_PLUGIN"),
      "--postoffice",  f->maildata,  "--users",
      f->po.users_csv, "--interval", "0.1",
      "--timeout",     "0.3",        NULL};
   g_autofree char *out = NULL;
   Said *s = said_new ("watch");
   s->status = mig_host_runv (NULL, args, &out, NULL);
   said_put_watch (s, out, users);
   return s;
}

// explain's answer for one account, by --event or by --description.
static void
explain_one (const Fixture *f, Said *s, const State *st, const char *how)
{
   g_autofree char *name = g_strconcat (st->hex_id, ".MMF", NULL);
   g_autofree char *path = g_build_filename (f->maildata, "MMF", name, NULL);
   g_autofree char *text = g_strdup_printf (
      "Could not migrate MMF file for Account: %s. MMF Path '%s'.", st->user,
      path);
   gboolean by_event = strcmp (how, "event") == 0;
   const char *args[] = {"explain",
                         "--plugin",
                         test_env ("MMFG_PLUGIN"),
                         "--postoffice",
                         f->maildata,
                         "--users",
                         f->po.users_csv,
                         "--json",
                         "-",
                         by_event ? "--event" : "--description",
                         by_event ? "7007" : text,
                         by_event ? "--insert" : NULL,
                         st->user,
                         "--insert",
                         path,
                         NULL};
   g_autofree char *out = NULL;
   g_assert_cmpint (mig_host_runv (NULL, args, &out, NULL), ==, 0);
   json_t *answer = report_parse (out);
   said_put (s, st->user, report_str (answer, "verdict"),
             report_str (answer, "cause"));
   json_decref (answer);
}

static Said *
ask_explain (const Fixture *f, const char *how, gsize n)
{
   Said *s = said_new (strcmp (how, "event") == 0 ? "explain --event"
                                                  : "explain --description");
   for (gsize i = 0; i < n; i++)
      explain_one (f, s, &states[i], how);
   return s;
}

// explain --log of the events a migrate wrote (its events.jsonl).
static Said *
ask_explain_log (const Fixture *f, const char *events)
{
   g_autofree char *json = g_build_filename (f->po.root, "log.json", NULL);
   const char *args[] = {"explain",   "--plugin", test_env ("MMFG_PLUGIN"),
                         "--log",     events,     "--postoffice",
                         f->maildata, "--users",  f->po.users_csv,
                         "--json",    json,       NULL};
   Said *s = said_new ("explain --log");
   s->status = mig_host_runv (NULL, args, NULL, NULL);
   said_put_report (s, json);
   return s;
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
   g_assert_cmpint (preflight->status, ==, 2);
   g_autofree char *events = NULL;
   g_autoptr (Said) migrate = ask_migrate (f, "exchange", TRUE, &events);
   said_assert_agrees (preflight, migrate, TRUE);
   g_assert_cmpint (migrate->status, ==, 2);

   const char *users[G_N_ELEMENTS (states) + 1] = {NULL};
   for (gsize i = 0; i < G_N_ELEMENTS (states); i++)
      users[i] = states[i].user;
   g_autoptr (Said) watch = ask_watch (f, users);
   said_assert_agrees (preflight, watch, TRUE);
   g_assert_cmpint (watch->status, ==, 1); // two are held

   g_autoptr (Said) by_event = ask_explain (f, "event", G_N_ELEMENTS (states));
   said_assert_agrees (preflight, by_event, TRUE);
   g_autoptr (Said) by_text =
      ask_explain (f, "description", G_N_ELEMENTS (states));
   said_assert_agrees (preflight, by_text, TRUE);

   g_autofree char *stock_events = NULL;
   g_autoptr (Said) stock =
      ask_migrate (f, "exchange-stock", FALSE, &stock_events);
   (void) stock;
   g_autoptr (Said) by_log = ask_explain_log (f, stock_events);
   said_assert_agrees (preflight, by_log, FALSE);
   // The held, the empty, the SMAF, the missing and the folder failed the
   // stock run's own copy at least.
   g_assert_cmpuint (g_hash_table_size (by_log->said), >=, 4);
}

// MASTER.GLB held by a Windows process: the post office is read only to
// the wizard. Every account is blocked by every command, watch is never
// clear.
static void
test_master_glb_held_agrees (Fixture *f, gconstpointer data)
{
   (void) data;
   win_postoffice_make (&f->po, 3, 0);
   f->maildata = g_strdup (f->po.maildata);
   g_autofree char *master =
      g_build_filename (f->maildata, "GLB", "MASTER.GLB", NULL);
   g_ptr_array_add (f->holders, win_holder_start ("deny-write", master));
   g_autoptr (Said) preflight = ask_preflight (f);
   g_assert_cmpint (preflight->status, ==, 2);
   GHashTableIter it;
   gpointer said;
   g_hash_table_iter_init (&it, preflight->said);
   while (g_hash_table_iter_next (&it, NULL, &said))
      g_assert_cmpstr (said, ==, "block postoffice-read-only");
   g_autofree char *events = NULL;
   g_autoptr (Said) migrate = ask_migrate (f, "exchange", TRUE, &events);
   said_assert_agrees (preflight, migrate, TRUE);
   const char *users[] = {"U00001", "U00002", "U00003", NULL};
   g_autoptr (Said) watch = ask_watch (f, users);
   g_assert_cmpint (watch->status, ==, 2);
   g_autoptr (Said) by_event = ask_explain (f, "event", 3);
   said_assert_agrees (preflight, by_event, TRUE);
   g_autoptr (Said) by_text = ask_explain (f, "description", 3);
   said_assert_agrees (preflight, by_text, TRUE);
}

// The post office on a drive letter Windows maps to a share (a network
// drive, M: on the migration server): nothing proves it local, so no
// command may say go for any account, whatever the file says. Wine cannot
// ask the share's server who has files open: every account's lock state is
// unknown, alike in every command.
static void
test_network_drive_never_goes (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *devices = win_dosdevices ();
   if (devices == NULL)
      return;
   win_postoffice_make (&f->po, 3, 0);
   char letter = win_drive_for_postoffice (&f->po, devices);
   wchar_t name[] = {(wchar_t) letter, L':', 0};
   g_autofree char *server =
      g_strdup_printf ("mmfg%lu", (unsigned long) GetCurrentProcessId ());
   g_autofree char *target =
      g_strdup_printf ("\\??\\UNC\\%s\\MAILDATA", server);
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (target, -1, NULL, NULL, NULL);
   BOOL defined = DefineDosDeviceW (DDD_RAW_TARGET_PATH, name, (LPCWSTR) wide);
   f->maildata = g_strdup_printf ("%c:\\MAILDATA", letter);
   Said *preflight = NULL, *migrate = NULL, *watch = NULL, *by_event = NULL,
        *by_text = NULL;
   if (defined) {
      preflight = ask_preflight (f);
      g_autofree char *events = NULL;
      migrate = ask_migrate (f, "exchange", TRUE, &events);
      const char *users[] = {"U00001", "U00002", "U00003", NULL};
      watch = ask_watch (f, users);
      by_event = ask_explain (f, "event", 3);
      by_text = ask_explain (f, "description", 3);
      DefineDosDeviceW (DDD_RAW_TARGET_PATH | DDD_REMOVE_DEFINITION |
                           DDD_EXACT_MATCH_ON_REMOVE,
                        name, (LPCWSTR) wide);
   }
   win_drive_remove (&f->po, devices, letter);
   g_assert_true (defined);
   GHashTableIter it;
   gpointer said;
   g_hash_table_iter_init (&it, preflight->said);
   while (g_hash_table_iter_next (&it, NULL, &said))
      g_assert_cmpstr (said, ==, "defer lock-state-unknown");
   g_assert_cmpuint (g_hash_table_size (preflight->said), ==, 3);
   g_assert_cmpint (preflight->status, ==, 1);
   said_assert_agrees (preflight, migrate, TRUE);
   said_assert_agrees (preflight, watch, TRUE);
   g_assert_cmpint (watch->status, ==, 1);
   said_assert_agrees (preflight, by_event, TRUE);
   said_assert_agrees (preflight, by_text, TRUE);
   Said *all[] = {preflight, migrate, watch, by_event, by_text};
   for (gsize i = 0; i < G_N_ELEMENTS (all); i++)
      said_free (all[i]);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
#define ADD(name, fn)                                                          \
   g_test_add ("/agreement-windows/" name, Fixture, NULL, setup, fn, teardown)
   ADD ("every-account-state", test_every_account_state_agrees);
   ADD ("master-glb-held", test_master_glb_held_agrees);
   ADD ("network-drive-never-goes", test_network_drive_never_goes);
#undef ADD
   return g_test_run ();
}
