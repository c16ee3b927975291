// test-samba-preflight — every kind of holder of an MMF, named in one
// `mig-host preflight` run, on a post office exported by a real Samba server.
//
// The post office is generated (scripts/make-postoffice, as the demo does)
// inside the share a real smbd exports. Real processes hold MMFs with every
// kernel lock kind lock-holder knows; real SMB clients hold others with a
// deny-write open, a deny-all open and an SMB2 byte-range lock; two MMFs
// are held through another name (a hard link); some MMFs are free. (An MMF
// that is a symlink is blocked as mmf-symlink wherever it points:
// test-agreement.) One preflight run through the CLI must defer
// every held account as mmf-in-use naming its holder, let the free ones
// proceed, and disturb nobody: each holder checks afterwards that its lock,
// lease, open or share mode is still in place. Then, with smbstatus pointed
// at an smb.conf no smbd uses, every account must be lock-state-unknown:
// a Samba export whose state cannot be read is never taken for free.
//
// Needs root and a free port 445. Without them it skips, except in CI
// (CI=true), where a skip would hide a broken setup and so fails instead.

#include <glib/gstdio.h>
#include <jansson.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lock-holder-process.h"
#include "samba-server.h"
#include "../test-env.h"

// jansson's references released the GLib way.
G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

// Who holds an account's MMF in the scenario.
typedef enum {
   HELD_BY_NOBODY,
   HELD_BY_PROCESS,        // lock-holder KIND, on this machine
   HELD_BY_SMB_DENY_WRITE, // an SMB client's open sharing read only
   HELD_BY_SMB_DENY_ALL,   // an SMB client's open sharing nothing
   HELD_BY_SMB_RANGE,      // an SMB client's SMB2 byte-range lock
} HeldBy;

// How the holder, or the post office, reaches the held file.
typedef enum {
   REACHED_DIRECTLY,     // the holder opens MMF/<hex>.MMF
   REACHED_BY_HARD_LINK, // the holder opens another name of the same inode
   REACHED_BY_SYMLINK,   // MMF/<hex>.MMF is a symlink to the file held
} Reach;

typedef struct {
   const char *user; // SFS_UserName, as make-postoffice names it
   const char *hex_id;
   HeldBy held_by;
   const char *kind; // lock-holder KIND for HELD_BY_PROCESS
   Reach reach;
   const char *lock; // holder.lock expected in the JSON; NULL when free
} Account;

// make-postoffice numbers users from U00001 with hex ids from 00000A01.
static const Account accounts[] = {
   {"U00001", "00000A01", HELD_BY_PROCESS, "posix-write", REACHED_DIRECTLY,
    "posix"},
   {"U00002", "00000A02", HELD_BY_PROCESS, "posix-read", REACHED_DIRECTLY,
    "posix"},
   {"U00003", "00000A03", HELD_BY_PROCESS, "ofd-write", REACHED_DIRECTLY,
    "ofd"},
   {"U00004", "00000A04", HELD_BY_PROCESS, "ofd-read", REACHED_BY_HARD_LINK,
    "ofd"},
   {"U00005", "00000A05", HELD_BY_PROCESS, "flock-ex", REACHED_DIRECTLY,
    "flock"},
   {"U00006", "00000A06", HELD_BY_PROCESS, "flock-sh", REACHED_BY_HARD_LINK,
    "flock"},
   {"U00007", "00000A07", HELD_BY_PROCESS, "lease-read", REACHED_DIRECTLY,
    "lease"},
   {"U00008", "00000A08", HELD_BY_PROCESS, "lease-write", REACHED_DIRECTLY,
    "lease"},
   {"U00009", "00000A09", HELD_BY_PROCESS, "msmail", REACHED_DIRECTLY, "posix"},
   {"U00010", "00000A0A", HELD_BY_SMB_DENY_WRITE, NULL, REACHED_DIRECTLY,
    "share-mode"},
   {"U00011", "00000A0B", HELD_BY_SMB_DENY_ALL, NULL, REACHED_DIRECTLY,
    "share-mode"},
   {"U00012", "00000A0C", HELD_BY_SMB_RANGE, NULL, REACHED_DIRECTLY,
    "smb-range"},
   // smbstatus names the file by the link's path: only its inode ties it to the
   // MMF.
   {"U00013", "00000A0D", HELD_BY_SMB_DENY_WRITE, NULL, REACHED_BY_HARD_LINK,
    "share-mode"},
   {"U00014", "00000A0E", HELD_BY_NOBODY, NULL, REACHED_DIRECTLY, NULL},
   {"U00015", "00000A0F", HELD_BY_NOBODY, NULL, REACHED_DIRECTLY, NULL},
};
#define N_ACCOUNTS G_N_ELEMENTS (accounts)

// An account's file, and whoever holds it.
typedef struct {
   char *mmf;       // MAILDATA/MMF/<hex>.MMF (a symlink for REACHED_BY_SYMLINK)
   char *held_name; // the path the holder opened, relative to the share
   struct stat st;  // of the file held
   LockHolderProcess *process; // lock-holder, for HELD_BY_PROCESS
   gint64 holder_pid; // lock-holder's pid, or the smbd child named in the JSON
} Holding;

typedef struct {
   SambaServer server;
   char *maildata;
   char *users_csv;
   char *run_dir; // configurations and reports, outside the share
   Holding holdings[N_ACCOUNTS];
} Fixture;

static void
run_checked (const char *const *argv)
{
   g_autoptr (GError) error = NULL;
   int status = 0;
   g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                 NULL, NULL, NULL, &status, &error);
   g_assert_no_error (error);
   g_spawn_check_wait_status (status, &error);
   g_assert_no_error (error);
}

// The post office goes into the share, as on a file server that exports
// MAILDATA to the MS Mail clients.
static void
make_postoffice (Fixture *f)
{
   g_autofree char *n = g_strdup_printf ("%u", (unsigned) N_ACCOUNTS);
   const char *argv[] = {test_env ("MMFG_MAKE_POSTOFFICE"), f->server.share_dir,
                         "--users", n, NULL};
   run_checked (argv);
   f->maildata = g_build_filename (f->server.share_dir, "MAILDATA", NULL);
   f->users_csv = g_build_filename (f->server.share_dir, "users.csv", NULL);
   g_autofree char *elsewhere =
      g_build_filename (f->server.share_dir, "ELSEWHERE", NULL);
   g_assert_cmpint (g_mkdir (elsewhere, 0755), ==, 0);
   f->run_dir = g_build_filename (f->server.dir, "run", NULL);
   g_assert_cmpint (g_mkdir (f->run_dir, 0700), ==, 0);
}

// Lays out the names by which account `i`'s file is reached: sets the path
// (relative to the share) its holder opens, and the held file's stat.
static void
lay_out (Fixture *f, gsize i)
{
   const Account *a = &accounts[i];
   Holding *h = &f->holdings[i];
   g_autofree char *name = g_strconcat (a->hex_id, ".MMF", NULL);
   h->mmf = g_build_filename (f->maildata, "MMF", name, NULL);
   g_autofree char *held = NULL;
   switch (a->reach) {
   case REACHED_DIRECTLY:
      h->held_name = g_build_filename ("MAILDATA", "MMF", name, NULL);
      break;
   case REACHED_BY_HARD_LINK:
      h->held_name =
         g_strconcat ("ELSEWHERE/", a->hex_id, "-hard-link.MMF", NULL);
      held = g_build_filename (f->server.share_dir, h->held_name, NULL);
      g_assert_cmpint (link (h->mmf, held), ==, 0);
      break;
   case REACHED_BY_SYMLINK:
      // rename() keeps the generator's mtime: the file must not look
      // recently active, or the verdict would be about that instead.
      h->held_name =
         g_strconcat ("ELSEWHERE/", a->hex_id, "-symlink-target.MMF", NULL);
      held = g_build_filename (f->server.share_dir, h->held_name, NULL);
      g_assert_cmpint (g_rename (h->mmf, held), ==, 0);
      g_assert_cmpint (symlink (held, h->mmf), ==, 0);
      break;
   }
   g_assert_cmpint (stat (h->mmf, &h->st), ==, 0);
   // The SMB user is not root: it opens the file for read and write.
   if (a->held_by != HELD_BY_NOBODY && a->held_by != HELD_BY_PROCESS)
      g_assert_cmpint (g_chmod (h->mmf, 0666), ==, 0);
}

// Starts `lock-holder KIND FILE` on the name account `i`'s holder opens.
static void
start_lock_holder (Fixture *f, gsize i)
{
   Holding *h = &f->holdings[i];
   g_autofree char *file =
      g_build_filename (f->server.share_dir, h->held_name, NULL);
   h->process = lock_holder_process_start (accounts[i].kind, file);
   h->holder_pid = lock_holder_process_pid (h->process);
}

static void
start_holder (Fixture *f, gsize i)
{
   const char *name = f->holdings[i].held_name;
   switch (accounts[i].held_by) {
   case HELD_BY_NOBODY:
      break;
   case HELD_BY_PROCESS:
      start_lock_holder (f, i);
      break;
   case HELD_BY_SMB_DENY_WRITE:
      samba_server_hold_open (&f->server, name, 1);
      break;
   case HELD_BY_SMB_DENY_ALL:
      samba_server_hold_open (&f->server, name, 0);
      break;
   case HELD_BY_SMB_RANGE:
      samba_server_hold_range (&f->server, name, 0, 100);
      break;
   }
}

static void
fixture_clear (Fixture *f)
{
   for (gsize i = 0; i < N_ACCOUNTS; i++) {
      Holding *h = &f->holdings[i];
      g_clear_pointer (&h->process, lock_holder_process_free);
      g_free (h->mmf);
      g_free (h->held_name);
   }
   samba_server_stop (&f->server);
   g_free (f->maildata);
   g_free (f->users_csv);
   g_free (f->run_dir);
}

// Runs one `mig-host preflight` with a [samba] section naming `smb_conf`;
// returns the JSON report and sets `exit_code`.
static json_t *
preflight (Fixture *f, const char *label, const char *smb_conf, int *exit_code)
{
   g_autofree char *config = g_strdup_printf ("%s/%s.conf", f->run_dir, label);
   g_autofree char *json = g_strdup_printf ("%s/%s.json", f->run_dir, label);
   g_autofree char *text = g_strdup_printf ("[samba]\nmode = on\nconfig = %s\n"
                                            "timeout-ms = 20000\n",
                                            smb_conf);
   g_assert_true (g_file_set_contents (config, text, -1, NULL));
   const char *argv[] = {test_env ("MMFG_MIG_HOST"),
                         "preflight",
                         "--plugin",
                         test_env ("MMFG_PLUGIN"),
                         "--postoffice",
                         f->maildata,
                         "--users",
                         f->users_csv,
                         "--json",
                         json,
                         "--config",
                         config,
                         NULL};
   g_autofree char *out = NULL;
   g_autofree char *err = NULL;
   int status = 0;
   g_autoptr (GError) error = NULL;
   g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status,
                 &error);
   g_assert_no_error (error);
   g_test_message ("mig-host preflight (%s) stdout:\n%s\nstderr:\n%s", label,
                   out, err);
   g_assert_true (WIFEXITED (status)); // never a crash
   *exit_code = WEXITSTATUS (status);
   json_error_t jerr;
   json_t *root = json_load_file (json, 0, &jerr);
   if (root == NULL)
      g_error ("cannot read %s: %s", json, jerr.text);
   return root;
}

static json_t *
account_in (json_t *report, const char *user)
{
   json_t *list = json_object_get (report, "accounts");
   g_assert_true (json_is_array (list));
   g_assert_cmpuint (json_array_size (list), ==, N_ACCOUNTS);
   size_t i;
   json_t *a;
   json_array_foreach (list, i, a) {
      if (g_strcmp0 (json_string_value (json_object_get (a, "user")), user) ==
          0)
         return a;
   }
   g_error ("no account %s in the report", user);
}

static const char *
text_of (json_t *object, const char *key)
{
   return json_string_value (json_object_get (object, key));
}

static gint64
parent_of (gint64 pid)
{
   g_autofree char *path =
      g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/status", pid);
   g_autofree char *status = NULL;
   g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
   const char *ppid = strstr (status, "\nPPid:");
   g_assert_nonnull (ppid);
   return g_ascii_strtoll (ppid + strlen ("\nPPid:"), NULL, 10);
}

// A process on this machine: named by the lock-holder's own pid, as root.
static void
assert_process_holder (const Holding *h, json_t *holder)
{
   g_assert_cmpint (json_integer_value (json_object_get (holder, "pid")), ==,
                    h->holder_pid);
   g_assert_cmpstr (text_of (holder, "program"), ==, "lock-holder");
   g_assert_cmpstr (text_of (holder, "unix_user"), ==,
                    getpwuid (geteuid ())->pw_name);
   g_assert_null (text_of (holder, "smb_user"));
}

// An SMB client: named by the smbd child serving it (one of our smbd's
// children, never the parent), the SMB user and the client machine.
static void
assert_smb_holder (Fixture *f, Holding *h, json_t *holder)
{
   h->holder_pid = json_integer_value (json_object_get (holder, "pid"));
   g_assert_cmpint (h->holder_pid, >, 0);
   g_assert_cmpint (parent_of (h->holder_pid), ==, f->server.smbd_pid);
   g_assert_cmpstr (text_of (holder, "program"), ==, "smbd");
   g_assert_cmpstr (text_of (holder, "smb_user"), ==, SAMBA_SMB_USER);
   g_assert_cmpstr (text_of (holder, "client_machine"), ==,
                    SAMBA_CLIENT_MACHINE);
   g_assert_cmpstr (text_of (holder, "unix_user"), ==, SAMBA_SMB_USER);
   g_assert_nonnull (text_of (holder, "since")); // when the session began
}

static void
assert_held_account (Fixture *f, gsize i, json_t *report)
{
   const Account *a = &accounts[i];
   json_t *o = account_in (report, a->user);
   char *dump = json_dumps (o, JSON_COMPACT);
   g_test_message ("%s (%s, %s): %s", a->user, a->kind ? a->kind : "smb",
                   a->lock, dump);
   free (dump);
   g_assert_cmpstr (text_of (o, "verdict"), ==, "defer");
   g_assert_cmpstr (text_of (o, "cause"), ==, "mmf-in-use");
   json_t *holder = json_object_get (o, "holder");
   g_assert_true (json_is_object (holder));
   g_assert_cmpstr (text_of (holder, "lock"), ==, a->lock);
   // One client each: an SMB byte-range lock, also an OFD lock of the smbd
   // child in the kernel's table, is counted once.
   g_assert_cmpint (json_integer_value (json_object_get (holder, "count")), ==,
                    1);
   g_assert_false (json_is_true (json_object_get (holder, "is_host")));
   g_assert_false (json_is_true (json_object_get (holder, "stale")));
   if (a->held_by == HELD_BY_PROCESS)
      assert_process_holder (&f->holdings[i], holder);
   else
      assert_smb_holder (f, &f->holdings[i], holder);
}

static void
assert_free_account (gsize i, json_t *report)
{
   json_t *o = account_in (report, accounts[i].user);
   g_assert_cmpstr (text_of (o, "verdict"), ==, "proceed");
   g_assert_true (json_is_null (json_object_get (o, "holder")));
}

// smbstatus's view of the server now, as the plugin would read it.
static json_t *
smbstatus (Fixture *f)
{
   const char *argv[] = {"smbstatus", "-s", f->server.conf, "-L", "-B",
                         "--json",    NULL};
   g_autofree char *out = NULL;
   int status = 0;
   g_autoptr (GError) error = NULL;
   g_spawn_sync (NULL, (char **) argv, NULL,
                 G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                 &out, NULL, &status, &error);
   g_assert_no_error (error);
   g_spawn_check_wait_status (status, &error);
   g_assert_no_error (error);
   json_error_t jerr;
   json_t *root = json_loads (out, 0, &jerr);
   if (root == NULL)
      g_error ("smbstatus printed no JSON: %s", jerr.text);
   return root;
}

// The entry of smbstatus's `section` (open_files, byte_range_locks) for the
// file with this inode, or NULL.
static json_t *
smbstatus_entry (json_t *status, const char *section, ino_t inode)
{
   const char *path;
   json_t *entry;
   json_object_foreach (json_object_get (status, section), path, entry) {
      json_t *id = json_object_get (json_object_get (entry, "fileid"), "inode");
      if (json_is_integer (id) && (ino_t) json_integer_value (id) == inode)
         return entry;
   }
   return NULL;
}

// True when the smbd child `pid` has an open of the file with share mode
// `sharemode` ("R": deny-write, "": deny-all, "RW": deny-none).
static gboolean
has_open (json_t *file, gint64 pid, const char *sharemode)
{
   const char *key;
   json_t *open;
   json_object_foreach (json_object_get (file, "opens"), key, open) {
      json_t *server = json_object_get (open, "server_id");
      const char *server_pid = text_of (server, "pid");
      const char *text = text_of (json_object_get (open, "sharemode"), "text");
      if (server_pid != NULL && g_ascii_strtoll (server_pid, NULL, 10) == pid &&
          g_strcmp0 (text, sharemode) == 0)
         return TRUE;
   }
   return FALSE;
}

// After the preflight, Samba still has every SMB client's open, with the
// same share mode, served by the same smbd child, and the byte-range lock.
static void
assert_smb_holds_intact (Fixture *f)
{
   g_autoptr (json_t) status = smbstatus (f);
   for (gsize i = 0; i < N_ACCOUNTS; i++) {
      const Holding *h = &f->holdings[i];
      json_t *file = smbstatus_entry (status, "open_files", h->st.st_ino);
      switch (accounts[i].held_by) {
      case HELD_BY_NOBODY:
      case HELD_BY_PROCESS:
         continue;
      case HELD_BY_SMB_DENY_WRITE:
         g_assert_true (has_open (file, h->holder_pid, "R"));
         break;
      case HELD_BY_SMB_DENY_ALL:
         g_assert_true (has_open (file, h->holder_pid, ""));
         break;
      case HELD_BY_SMB_RANGE:
         g_assert_true (has_open (file, h->holder_pid, "RW"));
         g_assert_nonnull (
            smbstatus_entry (status, "byte_range_locks", h->st.st_ino));
         break;
      }
   }
}

static void
test_every_holder_kind_named_in_one_preflight (void)
{
   g_autofree char *missing = samba_missing_prerequisite (TRUE);
   if (missing != NULL) {
      samba_skip_or_fail (missing);
      return;
   }
   Fixture f = {0};
   samba_server_start (&f.server);
   make_postoffice (&f);
   for (gsize i = 0; i < N_ACCOUNTS; i++)
      lay_out (&f, i);
   for (gsize i = 0; i < N_ACCOUNTS; i++)
      start_holder (&f, i);

   int exit_code = -1;
   g_autoptr (json_t) report =
      preflight (&f, "samba", f.server.conf, &exit_code);
   g_assert_cmpint (exit_code, ==, 1); // some deferred, none blocked
   for (gsize i = 0; i < N_ACCOUNTS; i++) {
      if (accounts[i].lock != NULL)
         assert_held_account (&f, i, report);
      else
         assert_free_account (i, report);
   }

   // Nobody was disturbed: Samba still has every open and lock, and each
   // holder confirms its own hold (lock-holder exits 0 only when its lock or
   // lease is intact; an SMB client only when its handle still works).
   assert_smb_holds_intact (&f);
   for (gsize i = 0; i < N_ACCOUNTS; i++)
      if (f.holdings[i].process != NULL)
         lock_holder_process_stop_and_assert_intact (f.holdings[i].process);
   g_assert_cmpuint (samba_server_release_clients (&f.server), ==, 0);

   // The same post office, still exported by the running smbd, but smbstatus
   // told to read a lock database no smbd uses: nothing can be known about
   // SMB clients, so no account may proceed.
   g_autofree char *unused_dir =
      g_build_filename (f.run_dir, "unused-samba", NULL);
   g_assert_cmpint (g_mkdir (unused_dir, 0700), ==, 0);
   g_autofree char *unused_conf = samba_write_unused_config (unused_dir);
   g_autoptr (json_t) blind =
      preflight (&f, "unused-smb-conf", unused_conf, &exit_code);
   g_assert_cmpint (exit_code, ==, 1);
   for (gsize i = 0; i < N_ACCOUNTS; i++) {
      json_t *o = account_in (blind, accounts[i].user);
      g_assert_cmpstr (text_of (o, "verdict"), ==, "defer");
      g_assert_cmpstr (text_of (o, "cause"), ==, "lock-state-unknown");
      g_assert_true (json_is_null (json_object_get (o, "holder")));
      // The operator is told which configuration could not be read.
      g_assert_nonnull (strstr (text_of (o, "text"), unused_conf));
   }

   fixture_clear (&f);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/samba/preflight/every-holder-kind-named-in-one-run",
                    test_every_holder_kind_named_in_one_preflight);
   return g_test_run ();
}
