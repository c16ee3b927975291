// test-samba-agreement — tests/test-agreement.c over the network: the post
// office on a file server (a real smbd on 127.0.0.1), reached by mig-host
// through smbnetfs (FUSE over SMB) with [file-server] configured, as most
// migrations see it. preflight, migrate (into a local --out), watch and
// explain (by --event, by --description and by --log) give every account
// the same verdict and cause (tests/said.c), and none says proceed /
// migrated / clear where another says defer or block; migrate copies
// exactly the accounts preflight lets proceed.
//
// The accounts hold every state that can be made over the network: free;
// held by real SMB clients of two SMB users (a deny-write open, a deny-all
// open, an SMB2 byte-range lock), the holder named as the SMB user the
// server lists (its open-file list names no client machine); password
// recovered after the MMF last changed (the MMF's time as the server
// lists it); MMF missing; MMF names that differ only in case; a directory
// named like an MMF; an empty MMF; one changed minutes ago; a FIFO; a row
// with MigrateUser=N and an account with no row at all (preflight, migrate
// and watch name neither; explain blocks both as not-in-user-list); two
// MMF names that are one file on the server (a hard link).
//
// Two entries cannot be shown over SMB as what they are. A symbolic link:
// this Samba serves SMB2 without the POSIX extensions, so it follows the
// link and every client, smbnetfs and the wizard's own reads too, sees the
// file it points to. The server's listing gives the link and its target
// the same file id, as it does a hard link, so both accounts are blocked
// as mmf-shared-file: over SMB nothing tells which name is the link, and
// migrating both would copy one user's mail for two. A FIFO: the server
// shows an empty file, blocked as mmf-empty. Should a server ever show
// either as what it is, the table below is where to say so.
//
// Then the same post office is checked where the server keeps it (the
// server-side path, the test's smbd's state read through smbstatus): every
// account whose verdict comes from its files or its row (free, missing,
// password, twins, directory, empty, recent, not listed) gets the same
// verdict and cause there. They differ on purpose, and the table says how:
// a held MMF is deferred as mmf-in-use in both, but the server-side view
// names the smbd serving the client (a process there, with the client's
// SMB user and machine and the lock itself: share mode or byte range),
// the network view the SMB user whose open the server lists; the link is
// blocked there as mmf-symlink, and its target, no longer shared with an
// account that can be migrated, proceeds; the FIFO is mmf-not-regular.
//
// Last, what nobody can know: no [file-server] for the network mount, a
// file server that cannot be reached, a wrong password. Every account not
// blocked by its files or its row is lock-state-unknown, a defer, in all
// four commands (the shared MMFs too: only the server's listing shows
// them); nobody proceeds and nothing is copied.
//
// Needs root, a free port 445 and smbnetfs. Skips without them, except in
// CI (CI=true), where it fails.

#include <glib/gstdio.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "../file-edit.h"
#include "../mig-host-run.h"
#include "../said.h"
#include "../test-env.h"
#include "samba-server.h"
#include "shared-postoffice.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

#define ADMIN_USER "root" // mapped to BUILTIN\Administrators
#define ADMIN_PASSWORD "Adm1n-Agree-4q"
#define OTHER_USER "mail" // a second SMB user holding files
#define OTHER_PASSWORD "Mail-Pw-1"
#define SERVER_NAME "127.0.0.1" // as smbnetfs lays it out
#define N_GENERATED 14

// What each listed account is, and what every command must say of it over
// the network.
typedef struct {
   const char *user;
   const char *hex_id;
   const char *state;
   const char *verdict;
   const char *cause;
   const char *smb_user; // the holder named over the network, or NULL
   // What the server-side view says, when it differs on purpose; NULL: it
   // must say the same.
   const char *locally;
   // The holder's lock as the server-side view names it (over the network
   // it is always the open the server lists, "server-open").
   const char *local_lock;
} State;

static const State states[] = {
#define SAME NULL, NULL // on the server too
   {"U00001", "00000A01", "free", "proceed", "none", NULL, SAME},
   {"U00002", "00000A02", "free, the target of 00000A0A.MMF", "block",
    "mmf-shared-file", NULL, "proceed none", NULL},
   {"U00003", "00000A03", "held: deny-write open", "defer", "mmf-in-use",
    SAMBA_SMB_USER, "defer mmf-in-use", "share-mode"},
   {"U00004", "00000A04", "held: deny-all open", "defer", "mmf-in-use",
    OTHER_USER, "defer mmf-in-use", "share-mode"},
   {"U00005", "00000A05", "held: SMB2 byte-range lock", "defer", "mmf-in-use",
    OTHER_USER, "defer mmf-in-use", "smb-range"},
   {"U00006", "00000A06", "missing", "block", "mmf-not-on-postoffice", NULL,
    SAME},
   {"U00007", "00000A07", "missing", "block", "mmf-not-on-postoffice", NULL,
    SAME},
   {"U00008", "00000A08", "case twins", "block", "mmf-ambiguous", NULL, SAME},
   {"U00009", "00000A09", "directory", "block", "mmf-not-regular", NULL, SAME},
   {"U00010", "00000A0A", "symbolic link to 00000A02.MMF", "block",
    "mmf-shared-file", NULL, "block mmf-symlink", NULL},
   {"U00011", "00000A0B", "empty", "block", "mmf-empty", NULL, SAME},
   {"U00012", "00000A0C", "changed 10 minutes ago", "proceed",
    "mmf-recently-active", NULL, SAME},
   {"U00013", "00000A0D", "password recovered", "block",
    "password-not-synchronised", NULL, SAME},
   {"U00014", "00000A0E", "password recovered", "block",
    "password-not-synchronised", NULL, SAME},
   {"U00016", "00000A11", "FIFO", "block", "mmf-empty", NULL,
    "block mmf-not-regular", NULL},
   {"U00017", "00000A12", "hard link: one file with 00000A13.MMF", "block",
    "mmf-shared-file", NULL, SAME},
   {"U00018", "00000A13", "hard link: one file with 00000A12.MMF", "block",
    "mmf-shared-file", NULL, SAME},
#undef SAME
};

// Accounts the wizard does not migrate: a row with MigrateUser=N and a
// name with no row, each with an MMF that is there and free.
static const struct {
   const char *user;
   const char *hex_id;
} not_listed[] = {{"U00015", "00000A0F"}, {"NOBODY", "00000A10"}};

typedef struct {
   SambaServer server;
   char *po;          // the post office where the server keeps it
   char *local;       // its MAILDATA there (the server-side path)
   char *maildata;    // its MAILDATA as the migration host sees it
   char *users_csv;   // the wizard's list
   char *run_dir;     // configurations, reports, copies: outside the share
   char *credentials; // the admin's, mode 0600
   char *file_server; // a configuration with [file-server]
} Fixture;

static Fixture fx;

static char *
write_file (const char *name, const char *text, int mode)
{
   char *path = g_build_filename (fx.run_dir, name, NULL);
   g_assert_true (g_file_set_contents (path, text, -1, NULL));
   g_assert_cmpint (g_chmod (path, mode), ==, 0);
   return path;
}

static char *
file_server_config (const char *label, const char *address,
                    const char *credentials)
{
   g_autofree char *text =
      g_strdup_printf ("[file-server " SERVER_NAME "]\n%s%s%scredentials = %s\n"
                       "timeout-ms = 10000\n",
                       address ? "address = " : "", address ? address : "",
                       address ? "\n" : "", credentials);
   g_autofree char *name = g_strdup_printf ("%s.conf", label);
   return write_file (name, text, 0644);
}

static char *
mmf_in_share (const char *name)
{
   return g_build_filename (fx.local, "MMF", name, NULL);
}

// A copy the share's users may all write, as a mail file on the server is.
static void
copy_file (const char *from, const char *to)
{
   file_edit_copy (from, to);
   g_assert_cmpint (g_chmod (to, 0666), ==, 0);
}

// Every state above laid out in the share, on the server's side.
static void
make_every_state (void)
{
   const char *recovered[] = {"--recovered", "2", NULL};
   make_shared_postoffice (fx.po, N_GENERATED, recovered);
   g_autofree char *a02 = mmf_in_share ("00000A02.MMF");
   for (gsize i = 0; i < 2; i++) {
      g_autofree char *name = g_strdup_printf ("00000A0%c.MMF", "67"[i]);
      g_autofree char *missing = mmf_in_share (name);
      g_assert_cmpint (g_unlink (missing), ==, 0);
   }
   g_autofree char *twin_of = mmf_in_share ("00000A08.MMF");
   g_autofree char *twin = mmf_in_share ("00000a08.mmf");
   copy_file (twin_of, twin);
   g_autofree char *dir = mmf_in_share ("00000A09.MMF");
   g_assert_cmpint (g_unlink (dir), ==, 0);
   g_assert_cmpint (g_mkdir (dir, 0777), ==, 0);
   g_autofree char *symbolic = mmf_in_share ("00000A0A.MMF");
   g_assert_cmpint (g_unlink (symbolic), ==, 0);
   g_assert_cmpint (symlink ("00000A02.MMF", symbolic), ==, 0);
   g_autofree char *empty = mmf_in_share ("00000A0B.MMF");
   g_assert_cmpint (truncate (empty, 0), ==, 0);
   // Fixed, far from the idle interval (60 minutes) on either side.
   g_autofree char *recent = mmf_in_share ("00000A0C.MMF");
   file_edit_set_mtime_minutes_ago (recent, 10);
   // The accounts not migrated: their MMFs there, old and free.
   for (gsize i = 0; i < G_N_ELEMENTS (not_listed); i++) {
      g_autofree char *name = g_strconcat (not_listed[i].hex_id, ".MMF", NULL);
      g_autofree char *path = mmf_in_share (name);
      copy_file (a02, path);
      file_edit_set_mtime_minutes_ago (path, 3000);
   }
   g_autofree char *csv = NULL;
   g_assert_true (g_file_get_contents (fx.users_csv, &csv, NULL, NULL));
   g_autofree char *more =
      g_strconcat (csv,
                   "U00015,User 15,N,Mailbox,,,00000A0F,\r\n"
                   "U00016,User 16,Y,Mailbox,,,00000A11,\r\n"
                   "U00017,User 17,Y,Mailbox,,,00000A12,\r\n"
                   "U00018,User 18,Y,Mailbox,,,00000A13,\r\n",
                   NULL);
   g_assert_true (g_file_set_contents (fx.users_csv, more, -1, NULL));
   g_autofree char *fifo = mmf_in_share ("00000A11.MMF");
   g_assert_cmpint (mkfifo (fifo, 0666), ==, 0);
   g_autofree char *linked = mmf_in_share ("00000A12.MMF");
   g_autofree char *second = mmf_in_share ("00000A13.MMF");
   copy_file (a02, linked);
   file_edit_set_mtime_minutes_ago (linked, 3000);
   g_assert_cmpint (link (linked, second), ==, 0);

   samba_server_hold_open (&fx.server, "PO/MAILDATA/MMF/00000A03.MMF", 1);
   samba_server_hold_open_as (&fx.server, OTHER_USER, OTHER_PASSWORD,
                              "PO/MAILDATA/MMF/00000A04.MMF", 0);
   samba_server_hold_range_as (&fx.server, OTHER_USER, OTHER_PASSWORD,
                               "PO/MAILDATA/MMF/00000A05.MMF", 0, 64);
}

// ---------------------------------------------------------------------------
// What each command says, per account (said.h). `config` NULL: none given.

static void
add_args (GPtrArray *args, const char *const *more)
{
   for (gsize i = 0; more[i] != NULL; i++)
      g_ptr_array_add (args, (gpointer) more[i]);
}

// The command's start: the plugin, the configuration, the post office
// (`maildata`) and the list.
static GPtrArray *
command (const char *name, const char *config, const char *maildata)
{
   GPtrArray *args = g_ptr_array_new ();
   const char *common[] = {name,           "--plugin", test_env ("MMFG_PLUGIN"),
                           "--postoffice", maildata,   "--users",
                           fx.users_csv,   NULL};
   add_args (args, common);
   if (config != NULL) {
      const char *with[] = {"--config", config, NULL};
      add_args (args, with);
   }
   return args;
}

static int
run (GPtrArray *args, char **out)
{
   g_ptr_array_add (args, NULL);
   return mig_host_runv (NULL, (const char *const *) args->pdata, out, NULL);
}

static Said *
ask_preflight (const char *config, const char *maildata, const char *label,
               json_t **report)
{
   g_autofree char *json = g_strdup_printf ("%s/%s.json", fx.run_dir, label);
   g_autoptr (GPtrArray) args = command ("preflight", config, maildata);
   const char *more[] = {"--json", json, NULL};
   add_args (args, more);
   Said *s = said_new ("preflight");
   s->status = run (args, NULL);
   said_put_report (s, json);
   if (report != NULL)
      *report = report_load (json);
   return s;
}

static Said *
ask_migrate (const char *config, const char *label, char **out_dir)
{
   *out_dir = g_strdup_printf ("%s/%s", fx.run_dir, label);
   g_autofree char *json = g_strconcat (*out_dir, ".json", NULL);
   g_autoptr (GPtrArray) args = command ("migrate", config, fx.maildata);
   const char *more[] = {"--out",     *out_dir, "--json", json,
                         "--retries", "0",      NULL};
   add_args (args, more);
   Said *s = said_new ("migrate");
   s->status = run (args, NULL);
   said_put_migrate_report (s, json);
   return s;
}

static Said *
ask_watch (const char *config, char **out)
{
   g_autoptr (GPtrArray) args = command ("watch", config, fx.maildata);
   const char *more[] = {"--interval", "0.1", "--timeout", "0.3", NULL};
   add_args (args, more);
   const char *users[G_N_ELEMENTS (states) + 1] = {NULL};
   for (gsize i = 0; i < G_N_ELEMENTS (states); i++)
      users[i] = states[i].user;
   Said *s = said_new ("watch");
   s->status = run (args, out);
   said_put_watch (s, *out, users);
   return s;
}

// explain's JSON answer for `user` whose MMF `hex_id` the wizard's 7007
// names, the post office seen at `maildata`, given `how`: "event" or
// "description". Returns the answer (a new reference).
static json_t *
explain_account (const char *config, const char *maildata, Said *s,
                 const char *user, const char *hex_id, const char *how)
{
   g_autofree char *name = g_strconcat (hex_id, ".MMF", NULL);
   g_autofree char *path = g_build_filename (maildata, "MMF", name, NULL);
   g_autofree char *text = g_strdup_printf (
      "Could not migrate MMF file for Account: %s. MMF Path '%s'.", user, path);
   g_autoptr (GPtrArray) args = command ("explain", config, maildata);
   const char *json[] = {"--json", "-", NULL};
   add_args (args, json);
   if (strcmp (how, "event") == 0) {
      const char *by_event[] = {"--event",  "7007", "--insert", user,
                                "--insert", path,   NULL};
      add_args (args, by_event);
   } else {
      const char *by_text[] = {"--description", text, NULL};
      add_args (args, by_text);
   }
   g_autofree char *out = NULL;
   g_assert_cmpint (run (args, &out), ==, 0);
   json_t *answer = report_parse (out);
   said_put (s, user, report_str (answer, "verdict"),
             report_str (answer, "cause"));
   return answer;
}

// The holder over the network is the SMB client: the SMB user the server
// names as having the file open, no process of this machine. (The server's
// open-file list names no client machine; the text names the server.)
static void
assert_holder_is_the_client (json_t *account, const State *st)
{
   json_t *holder = json_object_get (account, "holder");
   if (holder == NULL)
      g_error ("%s (%s): no holder named", st->user, st->state);
   g_assert_cmpstr (report_str (holder, "smb_user"), ==, st->smb_user);
   g_assert_cmpstr (report_str (holder, "lock"), ==, "server-open");
   g_assert_cmpint (report_num (holder, "pid"), ==, 0);
   g_autofree char *by =
      g_strdup_printf ("Opened by:     SMB user %s", st->smb_user);
   g_assert_nonnull (strstr (report_str (account, "text"), by));
}

static Said *
ask_explain (const char *config, const char *how)
{
   Said *s = said_new (strcmp (how, "event") == 0 ? "explain --event"
                                                  : "explain --description");
   for (gsize i = 0; i < G_N_ELEMENTS (states); i++) {
      g_autoptr (json_t) answer = explain_account (
         config, fx.maildata, s, states[i].user, states[i].hex_id, how);
      // A held account's explanation names the SMB client, as preflight's.
      if (states[i].smb_user != NULL &&
          g_strcmp0 (report_str (answer, "cause"), "mmf-in-use") == 0)
         assert_holder_is_the_client (answer, &states[i]);
   }
   return s;
}

// The wizard's 7007 for every account, its MMF named as the migration
// host sees it, written as the wizard's log (wevtutil's XML,
// tests/make-eventlog.py) and explained with --log. Not the stock
// wizard's own run, as tests/test-agreement.c has it: that run opens the
// MMF an SMB client holds deny-all, and after that one failed open
// smbnetfs answers every later call with EIO.
static Said *
ask_explain_log (const char *config, const char *label)
{
   g_autoptr (json_t) list = json_array ();
   for (gsize i = 0; i < G_N_ELEMENTS (states); i++) {
      g_autofree char *name = g_strconcat (states[i].hex_id, ".MMF", NULL);
      g_autofree char *path = g_build_filename (fx.maildata, "MMF", name, NULL);
      g_autofree char *text = g_strdup_printf (
         "Could not migrate MMF file for Account: %s. MMF Path '%s'.",
         states[i].user, path);
      json_array_append_new (
         list, json_pack ("{s:s, s:i, s:I, s:[s, s], s:s}", "source",
                          "MSExchangeMig", "id", 7007, "time",
                          (json_int_t) 1795644000 + (json_int_t) i, "inserts",
                          states[i].user, path, "description", text));
   }
   g_autofree char *base = g_build_filename (fx.run_dir, label, NULL);
   g_autofree char *list_path = g_strconcat (base, ".events.json", NULL);
   g_assert_cmpint (json_dump_file (list, list_path, 0), ==, 0);
   g_autofree char *xml = g_strconcat (base, ".events.xml", NULL);
   g_autofree char *script = g_build_filename (
      test_env ("MMFG_SOURCE_ROOT"), "tests", "make-eventlog.py", NULL);
   const char *argv[] = {"python3", script, "xml", xml, list_path, NULL};
   int wait = 0;
   g_autoptr (GError) error = NULL;
   g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                 NULL, NULL, &wait, &error);
   g_assert_no_error (error);
   g_assert_true (g_spawn_check_wait_status (wait, NULL));
   g_autofree char *json = g_strconcat (base, ".json", NULL);
   g_autoptr (GPtrArray) args = command ("explain", config, fx.maildata);
   const char *more[] = {"--log", xml, "--json", json, NULL};
   add_args (args, more);
   Said *s = said_new ("explain --log");
   s->status = run (args, NULL);
   said_put_report (s, json);
   return s;
}

// ---------------------------------------------------------------------------

static void
assert_names_none_not_listed (const Said *s)
{
   for (gsize i = 0; i < G_N_ELEMENTS (not_listed); i++)
      if (g_hash_table_contains (s->said, not_listed[i].user))
         g_error ("%s names %s, which the wizard does not migrate", s->command,
                  not_listed[i].user);
}

// explain, by --event and by --description, blocks the accounts the
// wizard does not migrate as not-in-user-list, the post office seen at
// `maildata`.
static void
check_not_listed (const char *config, const char *maildata)
{
   g_autoptr (Said) expected = said_new ("the host");
   g_autoptr (Said) by_event = said_new ("explain --event");
   g_autoptr (Said) by_text = said_new ("explain --description");
   for (gsize i = 0; i < G_N_ELEMENTS (not_listed); i++) {
      said_put (expected, not_listed[i].user, "block", "not-in-user-list");
      json_decref (explain_account (config, maildata, by_event,
                                    not_listed[i].user, not_listed[i].hex_id,
                                    "event"));
      json_decref (explain_account (config, maildata, by_text,
                                    not_listed[i].user, not_listed[i].hex_id,
                                    "description"));
   }
   said_assert_agrees (expected, by_event, TRUE);
   said_assert_agrees (expected, by_text, TRUE);
}

static void
test_every_state_agrees (void)
{
   g_autoptr (json_t) report = NULL;
   g_autoptr (Said) preflight =
      ask_preflight (fx.file_server, fx.maildata, "preflight", &report);
   g_assert_cmpint (preflight->status, ==, 2); // some blocked
   for (gsize i = 0; i < G_N_ELEMENTS (states); i++) {
      const State *st = &states[i];
      g_autofree char *expected =
         g_strdup_printf ("%s %s", st->verdict, st->cause);
      const char *said = g_hash_table_lookup (preflight->said, st->user);
      if (g_strcmp0 (said, expected) != 0)
         g_error ("%s (%s): preflight says %s over the network, expected %s",
                  st->user, st->state, said, expected);
      if (st->smb_user != NULL)
         assert_holder_is_the_client (report_account (report, st->user), st);
   }
   assert_names_none_not_listed (preflight);
   g_assert_cmpuint (g_hash_table_size (preflight->said), ==,
                     G_N_ELEMENTS (states));

   // The same post office where the server keeps it, the server's state
   // read through smbstatus: the same verdict and cause, except where the
   // table says how and why they differ.
   g_autofree char *text =
      g_strdup_printf ("[samba]\nmode = on\nconfig = %s\n", fx.server.conf);
   g_autofree char *on_server = write_file ("server-side.conf", text, 0644);
   g_autoptr (json_t) local_report = NULL;
   g_autoptr (Said) local =
      ask_preflight (on_server, fx.local, "server-side", &local_report);
   local->command = "preflight on the server";
   assert_names_none_not_listed (local);
   g_assert_cmpint (local->status, ==, preflight->status);
   for (gsize i = 0; i < G_N_ELEMENTS (states); i++) {
      const State *st = &states[i];
      const char *here = g_hash_table_lookup (local->said, st->user);
      const char *there = g_hash_table_lookup (preflight->said, st->user);
      const char *want = st->locally != NULL ? st->locally : there;
      g_test_message ("%s (%s): over the network %s, on the server %s",
                      st->user, st->state, there, here);
      if (g_strcmp0 (here, want) != 0)
         g_error ("%s (%s): on the server preflight says %s, expected %s",
                  st->user, st->state, here, want);
      if (st->smb_user != NULL) {
         // Locally the holder is the smbd serving the client, a process of
         // the server, with the client's SMB user and machine from the
         // server's tables, and the lock itself (share mode, byte range).
         json_t *holder =
            json_object_get (report_account (local_report, st->user), "holder");
         g_assert_nonnull (holder);
         g_assert_cmpint (report_num (holder, "pid"), >, 0);
         g_assert_cmpstr (report_str (holder, "program"), ==, "smbd");
         g_assert_cmpstr (report_str (holder, "smb_user"), ==, st->smb_user);
         g_assert_cmpstr (report_str (holder, "client_machine"), ==,
                          SAMBA_CLIENT_MACHINE);
         g_assert_cmpstr (report_str (holder, "lock"), ==, st->local_lock);
      }
   }

   g_autofree char *watch_out = NULL;
   g_autoptr (Said) watch = ask_watch (fx.file_server, &watch_out);
   said_assert_agrees (preflight, watch, TRUE);
   assert_names_none_not_listed (watch);
   g_assert_cmpint (watch->status, ==, 1); // some are held
   for (gsize i = 0; i < G_N_ELEMENTS (states); i++)
      if (states[i].smb_user != NULL) {
         g_autofree char *by = g_strdup_printf (
            "%s (User %d) held (mmf-in-use): smb %s, server-open",
            states[i].user, atoi (states[i].user + 1), states[i].smb_user);
         g_assert_nonnull (strstr (watch_out, by));
      }

   g_autoptr (Said) by_event = ask_explain (fx.file_server, "event");
   said_assert_agrees (preflight, by_event, TRUE);
   g_autoptr (Said) by_text = ask_explain (fx.file_server, "description");
   said_assert_agrees (preflight, by_text, TRUE);
   g_autoptr (Said) by_log = ask_explain_log (fx.file_server, "log");
   said_assert_agrees (preflight, by_log, TRUE);
   // The rows not migrated: explain blocks them, locally and over the
   // network alike.
   check_not_listed (fx.file_server, fx.maildata);
   check_not_listed (on_server, fx.local);

   // migrate last: smbnetfs keeps what it copied open on the server for a
   // while, which the checks before would see as held.
   g_autofree char *out_dir = NULL;
   g_autoptr (Said) migrate = ask_migrate (fx.file_server, "migrate", &out_dir);
   said_assert_agrees (preflight, migrate, TRUE);
   assert_names_none_not_listed (migrate);
   g_assert_cmpint (migrate->status, ==, 2);
   // A copy exactly of the accounts that proceed, none of the others.
   for (gsize i = 0; i < G_N_ELEMENTS (states); i++) {
      g_autofree char *name = g_strconcat (states[i].hex_id, ".MMF", NULL);
      g_autofree char *copy = g_build_filename (out_dir, name, NULL);
      gboolean go = strcmp (states[i].verdict, "proceed") == 0;
      if (g_file_test (copy, G_FILE_TEST_EXISTS) != go)
         g_error ("%s (%s): %s, preflight says %s", states[i].user,
                  states[i].state, go ? "not copied" : "copied",
                  states[i].verdict);
   }
   for (gsize i = 0; i < G_N_ELEMENTS (not_listed); i++) {
      g_autofree char *name = g_strconcat (not_listed[i].hex_id, ".MMF", NULL);
      g_autofree char *copy = g_build_filename (out_dir, name, NULL);
      g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
   }
}

// Nothing can be known of the locks: every account that is not blocked for
// its files or its row is deferred as lock-state-unknown by all four
// commands, and nobody proceeds. `label` names the runs.
static void
check_cannot_know (const char *config, const char *label)
{
   g_autoptr (Said) preflight =
      ask_preflight (config, fx.maildata, label, NULL);
   g_assert_cmpint (preflight->status, ==, 2); // still the blocked ones
   for (gsize i = 0; i < G_N_ELEMENTS (states); i++) {
      const State *st = &states[i];
      const char *said = g_hash_table_lookup (preflight->said, st->user);
      if (g_str_has_prefix (said, "proceed"))
         g_error ("%s (%s): preflight proceeds though nothing can be known "
                  "(%s)",
                  st->user, st->state, label);
      // What the files and the list decide stands; the rest waits, the
      // shared MMFs too: only the server's listing says they are one file.
      g_autofree char *blocked = g_strdup_printf ("block %s", st->cause);
      const char *want = strcmp (st->verdict, "block") == 0 &&
                               strcmp (st->cause, "mmf-shared-file") != 0
                            ? blocked
                            : "defer lock-state-unknown";
      if (g_strcmp0 (said, want) != 0)
         g_error ("%s (%s): preflight says %s (%s), expected %s", st->user,
                  st->state, said, label, want);
   }
   g_autofree char *watch_out = NULL;
   g_autoptr (Said) watch = ask_watch (config, &watch_out);
   said_assert_agrees (preflight, watch, TRUE);
   g_assert_cmpint (watch->status, ==, 1);
   g_autoptr (Said) by_event = ask_explain (config, "event");
   said_assert_agrees (preflight, by_event, TRUE);
   g_autofree char *log_label = g_strconcat (label, "-log", NULL);
   g_autoptr (Said) by_log = ask_explain_log (config, log_label);
   said_assert_agrees (preflight, by_log, TRUE);
   check_not_listed (config, fx.maildata);
   g_autofree char *out_dir = NULL;
   g_autofree char *migrate_label = g_strconcat (label, "-migrate", NULL);
   g_autoptr (Said) migrate = ask_migrate (config, migrate_label, &out_dir);
   said_assert_agrees (preflight, migrate, TRUE);
   // Nothing copied.
   g_autoptr (GDir) d = g_dir_open (out_dir, 0, NULL);
   const char *name;
   while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      g_assert_false (g_str_has_suffix (name, ".MMF"));
}

static void
test_without_file_server_nobody_proceeds (void)
{
   check_cannot_know (NULL, "no-file-server");
}

static void
test_unreachable_server_nobody_proceeds (void)
{
   // Nothing listens on 127.0.0.2:445.
   g_autofree char *config =
      file_server_config ("unreachable", "127.0.0.2", fx.credentials);
   check_cannot_know (config, "unreachable");
}

static void
test_wrong_password_nobody_proceeds (void)
{
   g_autofree char *wrong = write_file (
      "wrong.auth", "username = " ADMIN_USER "\npassword = not-it\n", 0600);
   g_autofree char *config = file_server_config ("wrong-password", NULL, wrong);
   check_cannot_know (config, "wrong-password");
}

static void
set_up (void)
{
   samba_server_start (&fx.server);
   samba_server_add_user (&fx.server, ADMIN_USER, ADMIN_PASSWORD);
   samba_server_add_user (&fx.server, OTHER_USER, OTHER_PASSWORD);
   samba_server_grant_file_listing (&fx.server, "root");
   fx.po = g_build_filename (fx.server.share_dir, "PO", NULL);
   fx.local = g_build_filename (fx.po, "MAILDATA", NULL);
   fx.users_csv = g_build_filename (fx.po, "users.csv", NULL);
   fx.run_dir = g_build_filename (fx.server.dir, "run", NULL);
   g_assert_cmpint (g_mkdir (fx.run_dir, 0700), ==, 0);
   fx.credentials =
      write_file ("admin.auth",
                  "username = " ADMIN_USER "\npassword = " ADMIN_PASSWORD
                  "\ndomain = MMFG\n",
                  0600);
   fx.file_server = file_server_config ("file-server", NULL, fx.credentials);
   make_every_state ();
   g_autofree char *network = samba_server_mount_smbnetfs (
      &fx.server, SAMBA_SMB_USER, SAMBA_SMB_PASSWORD);
   fx.maildata = g_build_filename (network, "PO", "MAILDATA", NULL);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_autofree char *missing = samba_missing_network_prerequisite ();
   if (missing != NULL) {
      g_test_add_data_func ("/net-agreement/prerequisites", missing,
                            (GTestDataFunc) samba_skip_or_fail);
      return g_test_run ();
   }
   set_up ();
   // The known states first: the "cannot know" runs' migrate copies
   // nothing, so it leaves no file open on the server.
   g_test_add_func ("/net-agreement/every-state", test_every_state_agrees);
   g_test_add_func ("/net-agreement/without-file-server",
                    test_without_file_server_nobody_proceeds);
   g_test_add_func ("/net-agreement/unreachable",
                    test_unreachable_server_nobody_proceeds);
   g_test_add_func ("/net-agreement/wrong-password",
                    test_wrong_password_nobody_proceeds);
   int status = g_test_run ();
   // Every client kept its hold through all of it.
   g_assert_cmpuint (samba_server_release_clients (&fx.server), ==, 0);
   samba_server_stop (&fx.server);
   g_free (fx.po);
   g_free (fx.local);
   g_free (fx.maildata);
   g_free (fx.users_csv);
   g_free (fx.run_dir);
   g_free (fx.credentials);
   g_free (fx.file_server);
   return status;
}
