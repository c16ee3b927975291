// test-samba-file-server — a post office on another server, as most
// migrations see it: reached through a network file system (smbnetfs, FUSE
// over SMB) from a real Samba server on 127.0.0.1, with real SMB clients of
// two SMB users holding MMFs on the server (deny-write, deny-all, an SMB2
// byte-range lock). Everything goes through `mig-host preflight`.
//
// Without [file-server], nobody may proceed and the text names the group
// to configure. With it, exactly the held accounts are deferred, named by
// their SMB users, and the others proceed. A wrong password, an address
// where nothing listens, one that never answers, and an account without the
// right to list open files each fail closed with their own text; a
// credentials file others may read is refused at start. The password never
// shows in output, the JSON report, or any process's command line or
// environment. The MMF folder as the server lists it (names, sizes, times,
// kinds) is what stat() says on the server, and the verdicts from it are
// those of the file system's listing, which is used when the server's
// listing fails.
//
// Needs root, a free port 445 and smbnetfs. Skips without them, except in
// CI (CI=true), where it fails.

#include <arpa/inet.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "../mig-host-run.h"
#include "samba-server.h"
#include "shared-postoffice.h"
#include "../test-env.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

#define ADMIN_USER "root"                // mapped to BUILTIN\Administrators
#define ADMIN_PASSWORD "Adm1n-Secret-7x" // looked for everywhere it must not be
#define OTHER_USER "mail"                // a second SMB user holding files
#define OTHER_PASSWORD "Mail-Pw-1"
#define SERVER_NAME                                                            \
   "127.0.0.1" // as smbnetfs lays it out: MOUNT/127.0.0.1/SHARE
#define N_USERS 6

typedef struct {
   const char *user;
   const char *smb_user; // who holds the MMF on the server; NULL: nobody
} Account;

static const Account accounts[N_USERS] = {
   {"U00001", NULL},       {"U00002", SAMBA_SMB_USER}, // deny-write open
   {"U00003", NULL},       {"U00004", OTHER_USER},     // deny-all open
   {"U00005", OTHER_USER},                             // SMB2 byte-range lock
   {"U00006", NULL},
};

typedef struct {
   SambaServer server;
   char *maildata; // the post office as the migration host sees it
   char *users_csv;
   char *run_dir;     // configurations and reports, outside the share
   char *credentials; // the admin's, mode 0600
} Fixture;

static Fixture fx;
// Whether preflight() shows the plugin's debug log (G_MESSAGES_DEBUG=all
// for mig-host only: in this process it would break the TAP output).
static gboolean debug_log;

static char *
write_file (const char *name, const char *text, int mode)
{
   char *path = g_build_filename (fx.run_dir, name, NULL);
   g_assert_true (g_file_set_contents (path, text, -1, NULL));
   g_assert_cmpint (g_chmod (path, mode), ==, 0);
   return path;
}

// Every process's command line and environment, concatenated: the secret
// must appear in none while mmfguard runs.
static gboolean
secret_in_any_process (void)
{
   g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
   const char *entry;
   while (proc != NULL && (entry = g_dir_read_name (proc)) != NULL) {
      if (!g_ascii_isdigit (entry[0]))
         continue;
      const char *files[] = {"cmdline", "environ"};
      for (gsize i = 0; i < G_N_ELEMENTS (files); i++) {
         g_autofree char *path =
            g_build_filename ("/proc", entry, files[i], NULL);
         g_autofree char *data = NULL;
         gsize len = 0;
         if (g_file_get_contents (path, &data, &len, NULL) &&
             g_strstr_len (data, (gssize) len, ADMIN_PASSWORD) == NULL)
            continue;
         // memmem: the text has NULs between its strings.
         if (data != NULL &&
             memmem (data, len, ADMIN_PASSWORD, strlen (ADMIN_PASSWORD)))
            return TRUE;
      }
   }
   return FALSE;
}

typedef struct {
   int exit_code;
   char *out;
   char *err;
   json_t *report;       // NULL when none was written
   gboolean secret_seen; // in a process while it ran
   gint64 took_ms;
} Run;

static void
run_clear (Run *r)
{
   g_free (r->out);
   g_free (r->err);
   json_decref (r->report);
}

// One `mig-host preflight` of the post office with `config` (NULL: none),
// watching every process while it runs.
static void
preflight (const char *label, const char *config, Run *r)
{
   memset (r, 0, sizeof *r);
   g_autofree char *json = g_strdup_printf ("%s/%s.json", fx.run_dir, label);
   g_autoptr (GPtrArray) argv = g_ptr_array_new ();
   const char *fixed[] = {test_env ("MMFG_MIG_HOST"),
                          "preflight",
                          "--plugin",
                          test_env ("MMFG_PLUGIN"),
                          "--postoffice",
                          fx.maildata,
                          "--users",
                          fx.users_csv,
                          "--json",
                          json};
   for (gsize i = 0; i < G_N_ELEMENTS (fixed); i++)
      g_ptr_array_add (argv, (gpointer) fixed[i]);
   if (config != NULL) {
      g_ptr_array_add (argv, (gpointer) "--config");
      g_ptr_array_add (argv, (gpointer) config);
   }
   g_ptr_array_add (argv, NULL);
   g_autofree char *out_path = g_strdup_printf ("%s/%s.out", fx.run_dir, label);
   g_autofree char *err_path = g_strdup_printf ("%s/%s.err", fx.run_dir, label);
   int out_fd = open (out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
   int err_fd = open (err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
   g_autoptr (GError) error = NULL;
   GPid pid = 0;
   gint64 start = g_get_monotonic_time ();
   g_auto (GStrv) envp = g_get_environ ();
   if (debug_log)
      envp = g_environ_setenv (envp, "G_MESSAGES_DEBUG", "all", TRUE);
   g_spawn_async_with_pipes_and_fds (
      NULL, (const char *const *) argv->pdata, (const char *const *) envp,
      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, -1,
      out_fd, err_fd, NULL, NULL, 0, &pid, NULL, NULL, NULL, &error);
   g_assert_no_error (error);
   close (out_fd);
   close (err_fd);
   // Looks at every process while the host runs.
   int status = 0;
   while (waitpid (pid, &status, WNOHANG) == 0) {
      r->secret_seen |= secret_in_any_process ();
      g_usleep (2000);
   }
   g_spawn_close_pid (pid);
   r->took_ms = (g_get_monotonic_time () - start) / 1000;
   g_assert_true (g_file_get_contents (out_path, &r->out, NULL, NULL));
   g_assert_true (g_file_get_contents (err_path, &r->err, NULL, NULL));
   g_test_message ("mig-host preflight (%s), %" G_GINT64_FORMAT
                   " ms, status %d:\n%s\n%s",
                   label, r->took_ms, status, r->out, r->err);
   g_assert_true (WIFEXITED (status)); // never a crash
   r->exit_code = WEXITSTATUS (status);
   r->report = json_load_file (json, 0, NULL);
}

// The text with every run of white space one space: entries are rewrapped
// around the values filled in.
static char *
one_line (const char *text)
{
   g_auto (GStrv) words = g_strsplit_set (text ? text : "", " \n\t", -1);
   GString *out = g_string_new (NULL);
   for (guint i = 0; words[i] != NULL; i++)
      if (*words[i] != '\0')
         g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
   return g_string_free (out, FALSE);
}

static void
assert_says (const char *text, const char *words)
{
   g_autofree char *flat = one_line (text);
   if (strstr (flat, words) == NULL)
      g_error ("the text does not say \"%s\":\n%s", words, text);
}

static void
assert_secret_nowhere (const Run *r)
{
   g_assert_false (r->secret_seen);
   g_assert_null (strstr (r->out, ADMIN_PASSWORD));
   g_assert_null (strstr (r->err, ADMIN_PASSWORD));
   if (r->report != NULL) {
      g_autofree char *dump = json_dumps (r->report, 0);
      g_assert_null (strstr (dump, ADMIN_PASSWORD));
   }
}

// Every account deferred as lock-state-unknown, its text saying `words`.
static void
assert_nobody_proceeds (const Run *r, const char *words)
{
   g_assert_nonnull (r->report);
   g_assert_cmpint (r->exit_code, ==, 1); // some deferred, none blocked
   for (gsize i = 0; i < N_USERS; i++) {
      json_t *a = report_account (r->report, accounts[i].user);
      g_assert_cmpstr (report_str (a, "verdict"), ==, "defer");
      g_assert_cmpstr (report_str (a, "cause"), ==, "lock-state-unknown");
      assert_says (report_str (a, "text"), words);
   }
   assert_secret_nowhere (r);
}

static char *
file_server_config (const char *label, const char *address,
                    const char *credentials, guint timeout_ms)
{
   g_autofree char *text =
      g_strdup_printf ("[file-server " SERVER_NAME
                       "]\n%s%s%scredentials = %s\ntimeout-ms = %u\n",
                       address ? "address = " : "", address ? address : "",
                       address ? "\n" : "", credentials, timeout_ms);
   g_autofree char *name = g_strdup_printf ("%s.conf", label);
   return write_file (name, text, 0644);
}

static void
test_without_file_server_nobody_proceeds (void)
{
   Run r;
   preflight ("no-file-server", NULL, &r);
   assert_nobody_proceeds (&r, "[file-server " SERVER_NAME "]");
   g_assert_nonnull (strstr (r.out, "fuse.smbnetfs"));
   run_clear (&r);
}

static void
test_file_server_names_exactly_the_holders (void)
{
   g_autofree char *config =
      file_server_config ("admin", NULL, fx.credentials, 10000);
   Run r;
   preflight ("admin", config, &r);
   g_assert_nonnull (r.report);
   g_assert_cmpint (r.exit_code, ==, 1);
   for (gsize i = 0; i < N_USERS; i++) {
      json_t *a = report_account (r.report, accounts[i].user);
      if (accounts[i].smb_user == NULL) {
         g_assert_cmpstr (report_str (a, "verdict"), ==, "proceed");
         continue;
      }
      g_assert_cmpstr (report_str (a, "verdict"), ==, "defer");
      g_assert_cmpstr (report_str (a, "cause"), ==, "mmf-in-use");
      json_t *holder = json_object_get (a, "holder");
      g_assert_cmpstr (report_str (holder, "lock"), ==, "server-open");
      g_assert_cmpstr (report_str (holder, "smb_user"), ==,
                       accounts[i].smb_user);
      g_assert_cmpint (json_integer_value (json_object_get (holder, "pid")), ==,
                       0);
      const char *text = report_str (a, "text");
      g_autofree char *by =
         g_strdup_printf ("Opened by: SMB user %s", accounts[i].smb_user);
      assert_says (text, by);
      assert_says (text, "net file ");
      // The account's line in the plan (user, full name, holder) starts
      // the holder right after the full name's column, no stray blank.
      g_autofree char *full =
         g_strdup_printf ("User %d", atoi (accounts[i].user + 1));
      g_autofree char *row =
         g_strdup_printf ("   %s    %-20s  smb %s", accounts[i].user, full,
                          accounts[i].smb_user);
      g_assert_nonnull (strstr (r.out, row)); // as printed, blanks kept
   }
   assert_secret_nowhere (&r);
   run_clear (&r);
   // Nothing was disturbed: every client still has its open and locks.
}

// The wizard's 7007 for a held account, explained: on-error asks the server
// again, for that one file, and names the SMB user (in German too).
static void
test_on_error_asks_the_server_again (void)
{
   g_autofree char *config =
      file_server_config ("explain", NULL, fx.credentials, 10000);
   g_autofree char *mmf =
      g_build_filename (fx.maildata, "MMF", "00000A04.MMF", NULL);
   const char *locales[] = {"C.UTF-8", "de_DE.UTF-8"};
   const char *words[] = {"Opened by: SMB user " OTHER_USER,
                          "Geöffnet von: SMB-Benutzer " OTHER_USER};
   for (gsize i = 0; i < G_N_ELEMENTS (locales); i++) {
      const char *args[] = {"explain",  "--plugin", test_env ("MMFG_PLUGIN"),
                            "--event",  "7007",     "--insert",
                            "U00004",   "--insert", mmf,
                            "--config", config,     "--locale",
                            locales[i], NULL};
      g_autofree char *out = NULL;
      g_assert_cmpint (mig_host_runv (NULL, args, &out, NULL), ==, 0);
      assert_says (out, words[i]);
      assert_says (out, "net file ");
      g_assert_null (strstr (out, ADMIN_PASSWORD));
   }
}

// A post office on this machine whose MMF is a link onto the network file
// system: a link is blocked wherever it points (what would be copied is not
// the file the post office names), naming the target; the others proceed.
static void
test_local_postoffice_with_mmf_on_the_network (void)
{
   g_autofree char *local = g_build_filename (fx.run_dir, "local-po", NULL);
   const char *argv[] = {test_env ("MMFG_MAKE_POSTOFFICE"), local, "--users",
                         "2", NULL};
   int status = 0;
   g_autoptr (GError) error = NULL;
   g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                 NULL, NULL, NULL, &status, &error);
   g_assert_no_error (error);
   g_autofree char *link =
      g_build_filename (local, "MAILDATA", "MMF", "00000A01.MMF", NULL);
   g_autofree char *target =
      g_build_filename (fx.maildata, "MMF", "00000A03.MMF", NULL);
   g_assert_cmpint (g_unlink (link), ==, 0);
   g_assert_cmpint (symlink (target, link), ==, 0);

   g_autofree char *json = g_build_filename (fx.run_dir, "local-po.json", NULL);
   g_autofree char *maildata = g_build_filename (local, "MAILDATA", NULL);
   g_autofree char *users = g_build_filename (local, "users.csv", NULL);
   // This post office is not shared: the test's own smbd is no concern of it.
   g_autofree char *config =
      write_file ("local-po.conf", "[samba]\nmode = off\n", 0644);
   const char *host[] = {"preflight",    "--plugin", test_env ("MMFG_PLUGIN"),
                         "--postoffice", maildata,   "--users",
                         users,          "--json",   json,
                         "--config",     config,     NULL};
   mig_host_runv (NULL, host, NULL, NULL);
   g_autoptr (json_t) report = report_load (json);
   json_t *linked = report_account (report, "U00001");
   g_assert_cmpstr (report_str (linked, "verdict"), ==, "block");
   g_assert_cmpstr (report_str (linked, "cause"), ==, "mmf-symlink");
   assert_says (report_str (linked, "text"), target);
   g_assert_cmpstr (report_str (report_account (report, "U00002"), "verdict"),
                    ==, "proceed");
}

static void
test_wrong_password_fails_closed (void)
{
   g_autofree char *wrong = write_file (
      "wrong.auth", "username = " ADMIN_USER "\npassword = not-it\n", 0600);
   g_autofree char *config =
      file_server_config ("wrong-password", NULL, wrong, 10000);
   Run r;
   preflight ("wrong-password", config, &r);
   assert_nobody_proceeds (&r, "refused the logon");
   run_clear (&r);
}

static void
test_no_right_to_list_open_files_fails_closed (void)
{
   g_autofree char *plain = write_file (
      "plain.auth",
      "username = " OTHER_USER "\npassword = " OTHER_PASSWORD "\n", 0600);
   g_autofree char *config =
      file_server_config ("access-denied", NULL, plain, 10000);
   Run r;
   preflight ("access-denied", config, &r);
   assert_nobody_proceeds (&r, "S-1-5-32-544");
   run_clear (&r);
}

static void
test_unreachable_address_fails_closed (void)
{
   // Nothing listens on 127.0.0.2:445.
   g_autofree char *config =
      file_server_config ("unreachable", "127.0.0.2", fx.credentials, 10000);
   Run r;
   preflight ("unreachable", config, &r);
   assert_nobody_proceeds (&r, "could not reach it");
   run_clear (&r);
}

// A server that accepts the connection and never says a word.
static int
silent_listener (const char *address)
{
   int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
   struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons (445)};
   g_assert_cmpint (inet_pton (AF_INET, address, &addr.sin_addr), ==, 1);
   int one = 1;
   setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
   g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
   g_assert_cmpint (listen (fd, 16), ==, 0);
   return fd;
}

static void
test_silent_server_is_bounded_by_timeout (void)
{
   int listener = silent_listener ("127.0.0.3");
   g_autofree char *config =
      file_server_config ("silent", "127.0.0.3", fx.credentials, 1500);
   Run r;
   preflight ("silent", config, &r);
   close (listener);
   assert_nobody_proceeds (&r, "within 1500 ms");
   run_clear (&r);
}

static void
test_readable_credentials_are_refused_at_start (void)
{
   g_autofree char *open_to_all = write_file (
      "open.auth", "username = " ADMIN_USER "\npassword = " ADMIN_PASSWORD "\n",
      0644);
   g_autofree char *config =
      file_server_config ("open-credentials", NULL, open_to_all, 5000);
   Run r;
   preflight ("open-credentials", config, &r);
   g_assert_cmpint (r.exit_code, !=, 0);
   g_assert_cmpint (r.exit_code, !=, 1);
   g_autofree char *all = g_strconcat (r.out, r.err, NULL);
   g_assert_nonnull (strstr (all, open_to_all));
   g_assert_nonnull (strstr (all, "chmod 600"));
   assert_secret_nowhere (&r);
   run_clear (&r);
}

// ---------------------------------------------------------------------------
// The MMF folder as the file server lists it.

// The helper beside the plugin, as the plugin starts it.
static char *
helper_path (void)
{
   g_autofree char *dir = g_path_get_dirname (test_env ("MMFG_PLUGIN"));
   return g_build_filename (dir, "mmfguard-smb-files", NULL);
}

// One question to a helper of its own, logged on with the admin's
// credentials: its answer line, parsed.
static json_t *
ask_helper (const char *question)
{
   g_autofree char *helper = helper_path ();
   const char *argv[] = {helper, SERVER_NAME, "127.0.0.1", fx.credentials,
                         NULL};
   g_autoptr (GError) error = NULL;
   g_autoptr (GSubprocess) p = g_subprocess_newv (
      argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
      &error);
   g_assert_no_error (error);
   g_autofree char *in = g_strconcat (question, "\n", NULL);
   g_autofree char *out = NULL;
   g_subprocess_communicate_utf8 (p, in, NULL, &out, NULL, &error);
   g_assert_no_error (error);
   g_assert_true (g_subprocess_get_successful (p));
   json_error_t jerror;
   json_t *reply = json_loads (out, JSON_DISABLE_EOF_CHECK, &jerror);
   if (reply == NULL)
      g_error ("the helper's answer is not JSON: %s", out);
   return reply;
}

static json_t *
listed_entry (json_t *entries, const char *name)
{
   size_t i;
   json_t *e;
   json_array_foreach (entries, i, e) {
      if (g_strcmp0 (report_str (e, "name"), name) == 0)
         return e;
   }
   g_error ("the server's listing has no %s", name);
}

static gint64
entry_int (json_t *e, const char *key)
{
   json_t *v = json_object_get (e, key);
   g_assert_true (json_is_integer (v));
   return json_integer_value (v);
}

// (a) The helper's listing, against stat() on the server's own folder:
// every name, size and time, each entry's kind, a case twin both listed;
// each file's id is its inode there, so a followed link and a hard link
// carry their target's id and different files different ones.
static void
test_helper_lists_a_folder (void)
{
   g_autofree char *dir = g_build_filename (fx.server.share_dir, "LIST", NULL);
   g_assert_cmpint (g_mkdir (dir, 0777), ==, 0);
   const struct {
      const char *name;
      gsize size;
   } files[] = {{"00000A01.MMF", 3000},
                {"00000A02.MMF", 0},
                {"00000A03.MMF", 17},
                {"00000a03.mmf", 18}};
   for (gsize i = 0; i < G_N_ELEMENTS (files); i++) {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);
      g_autofree char *data = g_strnfill (files[i].size, 'x');
      g_assert_true (
         g_file_set_contents (path, data, (gssize) files[i].size, NULL));
   }
   g_autofree char *sub = g_build_filename (dir, "00000A04.MMF", NULL);
   g_assert_cmpint (g_mkdir (sub, 0777), ==, 0);
   g_autofree char *symbolic = g_build_filename (dir, "00000A05.MMF", NULL);
   g_assert_cmpint (symlink ("00000A01.MMF", symbolic), ==, 0);
   g_autofree char *first = g_build_filename (dir, "00000A03.MMF", NULL);
   g_autofree char *hard = g_build_filename (dir, "00000A06.MMF", NULL);
   g_assert_cmpint (link (first, hard), ==, 0);

   g_autoptr (json_t) reply =
      ask_helper ("{\"share\": \"" SAMBA_SHARE "\", \"list\": \"LIST\"}");
   g_autofree char *dump = json_dumps (reply, JSON_COMPACT);
   g_test_message ("the helper's listing: %s", dump);
   g_assert_cmpstr (report_str (reply, "status"), ==, "ok");
   json_t *entries = json_object_get (reply, "entries");
   g_assert_cmpuint (json_array_size (entries), ==, 7); // no . or ..
   const char *names[] = {"00000A01.MMF", "00000A02.MMF", "00000A03.MMF",
                          "00000a03.mmf", "00000A04.MMF", "00000A05.MMF",
                          "00000A06.MMF"};
   for (gsize i = 0; i < G_N_ELEMENTS (names); i++) {
      json_t *e = listed_entry (entries, names[i]);
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      struct stat own, followed;
      g_assert_cmpint (lstat (path, &own), ==, 0);
      g_assert_cmpint (stat (path, &followed), ==, 0);
      const char *type = report_str (e, "type");
      if (S_ISDIR (own.st_mode)) {
         g_assert_cmpstr (type, ==, "directory");
         continue;
      }
      // A symbolic link: a reparse point where the server shows it as one
      // (Windows; Samba with SMB3 POSIX extensions), else what it points
      // to, as every client of the server sees it, a network file system
      // through it too.
      const struct stat *st = &own;
      if (S_ISLNK (own.st_mode) && strcmp (type, "link") != 0)
         st = &followed;
      else if (S_ISLNK (own.st_mode))
         continue;
      g_assert_cmpstr (type, ==, "file");
      g_assert_cmpint (entry_int (e, "size"), ==, st->st_size);
      g_assert_cmpint (entry_int (e, "mtime"), ==, st->st_mtim.tv_sec);
      g_assert_cmpint (entry_int (e, "ctime"), ==, st->st_ctim.tv_sec);
      g_assert_cmpint ((guint64) entry_int (e, "file_id"), ==,
                       (guint64) st->st_ino);
   }
   // The same file by two names, different files by theirs.
   json_t *a01 = listed_entry (entries, "00000A01.MMF");
   g_assert_cmpint (
      entry_int (listed_entry (entries, "00000A05.MMF"), "file_id"), ==,
      entry_int (a01, "file_id"));
   g_assert_cmpint (
      entry_int (listed_entry (entries, "00000A06.MMF"), "file_id"), ==,
      entry_int (listed_entry (entries, "00000A03.MMF"), "file_id"));
   g_assert_cmpint (
      entry_int (listed_entry (entries, "00000A02.MMF"), "file_id"), !=,
      entry_int (a01, "file_id"));
   // A folder that is not there: a failure, never an empty listing.
   g_autoptr (json_t) missing =
      ask_helper ("{\"share\": \"" SAMBA_SHARE "\", \"list\": \"NOPE\"}");
   g_assert_cmpstr (report_str (missing, "status"), !=, "ok");
   g_assert_null (json_object_get (missing, "entries"));
}

// Waits until the server lists exactly `want` files of the second post
// office open (those the test's clients hold). Rationale: smbnetfs keeps a
// file opened through it open on the server after it was closed here, so
// anything the first run opened would be "held" in the second (the plugin
// opens no MMF on a network post office, and this makes sure of it); the
// wait is on what the server says, bounded, never on a clock alone.
static void
wait_for_server_opens (guint want)
{
   gint64 give_up = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
   for (;;) {
      json_t *reply = ask_helper ("{\"share\": \"" SAMBA_SHARE
                                  "\", \"base\": \"PO2\\\\MAILDATA\\\\MMF\"}");
      g_assert_cmpstr (report_str (reply, "status"), ==, "ok");
      json_t *files = json_object_get (reply, "files");
      gsize open = 0;
      for (gsize i = 0; i < json_array_size (files); i++)
         open += strstr (report_str (json_array_get (files, i), "path"),
                         "\\PO2\\") != NULL;
      json_decref (reply);
      if (open == want)
         return;
      if (g_get_monotonic_time () > give_up)
         g_error ("the server still lists %" G_GSIZE_FORMAT
                  " open files of PO2 after 60 s, not %u",
                  open, want);
      g_usleep (100 * 1000);
   }
}

// The share closed to the admin's own logon (the one the listing uses),
// and open again: its open-file list (IPC$) is not affected.
static void
share_refuses_admin (gboolean refuse)
{
   g_autofree char *conf = NULL;
   g_assert_true (g_file_get_contents (fx.server.conf, &conf, NULL, NULL));
   const char *line = "  invalid users = " ADMIN_USER "\n";
   g_autoptr (GString) changed = g_string_new (conf);
   if (refuse)
      g_string_append (changed, line);
   else
      g_assert_cmpuint (g_string_replace (changed, line, "", 1), ==, 1);
   g_assert_true (g_file_set_contents (fx.server.conf, changed->str, -1, NULL));
   const char *argv[] = {"smbcontrol",    "-s", fx.server.conf, "smbd",
                         "reload-config", NULL};
   int status = 0;
   g_autoptr (GError) error = NULL;
   g_spawn_sync (NULL, (char **) argv, NULL,
                 G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                 NULL, NULL, &status, &error);
   g_assert_no_error (error);
   g_assert_true (g_spawn_check_wait_status (status, NULL));
}

#define LISTED_USERS 8

// (b) and (c): a post office whose MMF folder holds every kind of entry
// the checks know, through smbnetfs with [file-server]: the verdicts and
// causes from the server's listing are those of the file system's listing
// (the server's listing made to fail: the fallback), entry by entry, but
// for a link to another account's MMF: the server's file ids show the two
// names as one file (both blocked), the file system's listing cannot (an
// inode there is the client's, doc/file-server.md).
static void
test_server_listing_agrees_with_the_file_system (void)
{
   g_autofree char *po = g_build_filename (fx.server.share_dir, "PO2", NULL);
   make_shared_postoffice (po, LISTED_USERS, NULL);
   g_autofree char *mmf = g_build_filename (po, "MAILDATA", "MMF", NULL);
#define MMF_AT(id) g_build_filename (mmf, id, NULL)
   // U00002: an empty MMF.
   g_autofree char *empty = MMF_AT ("00000A02.MMF");
   g_assert_cmpint (truncate (empty, 0), ==, 0);
   // U00003: a twin that differs only in case.
   g_autofree char *twin = MMF_AT ("00000a03.mmf");
   g_autofree char *twin_of = MMF_AT ("00000A03.MMF");
   g_autofree char *data = NULL;
   gsize len = 0;
   g_assert_true (g_file_get_contents (twin_of, &data, &len, NULL));
   g_assert_true (g_file_set_contents (twin, data, (gssize) len, NULL));
   g_assert_cmpint (g_chmod (twin, 0666), ==, 0);
   // U00004: a directory named like an MMF.
   g_autofree char *dir = MMF_AT ("00000A04.MMF");
   g_assert_cmpint (g_unlink (dir), ==, 0);
   g_assert_cmpint (g_mkdir (dir, 0777), ==, 0);
   // U00005: changed "just now" for both runs: a day ahead, so that the
   // second run, however much later, still finds it recent.
   g_autofree char *recent = MMF_AT ("00000A05.MMF");
   struct utimbuf ahead = {.actime = time (NULL) + 86400,
                           .modtime = time (NULL) + 86400};
   g_assert_cmpint (utime (recent, &ahead), ==, 0);
   // U00006: a symbolic link to another account's MMF.
   g_autofree char *link = MMF_AT ("00000A06.MMF");
   g_assert_cmpint (g_unlink (link), ==, 0);
   g_assert_cmpint (symlink ("00000A07.MMF", link), ==, 0);
   // U00008: no MMF.
   g_autofree char *gone = MMF_AT ("00000A08.MMF");
   g_assert_cmpint (g_unlink (gone), ==, 0);
#undef MMF_AT
   // U00001: held by an SMB client; U00007: free.
   samba_server_hold_open (&fx.server, "PO2/MAILDATA/MMF/00000A01.MMF", 1);

   g_autofree char *saved_maildata = fx.maildata;
   g_autofree char *saved_users = fx.users_csv;
   fx.maildata = g_build_filename (fx.server.smbnetfs_mount, SERVER_NAME,
                                   SAMBA_SHARE, "PO2", "MAILDATA", NULL);
   fx.users_csv = g_build_filename (po, "users.csv", NULL);
   g_autofree char *config =
      file_server_config ("listed", NULL, fx.credentials, 10000);
   // The plugin's debug log says which listing a batch used.
   debug_log = TRUE;
   Run listed, fallback;
   preflight ("listed", config, &listed);
   share_refuses_admin (TRUE);
   wait_for_server_opens (1); // U00001's client
   preflight ("fallback", config, &fallback);
   share_refuses_admin (FALSE);
   debug_log = FALSE;
   g_free (fx.maildata);
   g_free (fx.users_csv);
   fx.maildata = g_steal_pointer (&saved_maildata);
   fx.users_csv = g_steal_pointer (&saved_users);

   g_autofree char *listed_all = g_strconcat (listed.out, listed.err, NULL);
   g_autofree char *fallback_all =
      g_strconcat (fallback.out, fallback.err, NULL);
   g_assert_nonnull (strstr (listed_all, "as its file server listed it"));
   g_assert_null (strstr (listed_all, "did not list the MMF folder"));
   g_assert_null (strstr (fallback_all, "as its file server listed it"));
   assert_says (fallback.err, "did not list the MMF folder");
   g_assert_nonnull (listed.report);
   g_assert_nonnull (fallback.report);
   g_assert_cmpint (listed.exit_code, ==, fallback.exit_code);
   for (int i = 1; i <= LISTED_USERS; i++) {
      g_autofree char *user = g_strdup_printf ("U%05d", i);
      json_t *a = report_account (listed.report, user);
      json_t *b = report_account (fallback.report, user);
      char *ha = json_dumps (json_object_get (a, "holder"), JSON_COMPACT);
      char *hb = json_dumps (json_object_get (b, "holder"), JSON_COMPACT);
      g_test_message ("%s: %s %s %s / %s %s %s", user,
                      report_str (a, "verdict"), report_str (a, "cause"),
                      ha ? ha : "-", report_str (b, "verdict"),
                      report_str (b, "cause"), hb ? hb : "-");
      free (ha);
      free (hb);
      if (i == 6 || i == 7)
         continue; // the link and its target, below
      g_assert_cmpstr (report_str (a, "verdict"), ==,
                       report_str (b, "verdict"));
      g_assert_cmpstr (report_str (a, "cause"), ==, report_str (b, "cause"));
   }
   // And they are the right ones, not merely the same.
   json_t *held = report_account (listed.report, "U00001");
   g_assert_cmpstr (report_str (held, "cause"), ==, "mmf-in-use");
   const struct {
      const char *user, *cause;
   } causes[] = {{"U00006", "mmf-shared-file"}, // a link Samba follows
                 {"U00007", "mmf-shared-file"}, // its target
                 {"U00002", "mmf-empty"},
                 {"U00003", "mmf-ambiguous"},
                 {"U00004", "mmf-not-regular"},
                 {"U00005", "mmf-recently-active"}, // the server's times
                 {"U00008", "mmf-not-on-postoffice"}};
   for (gsize i = 0; i < G_N_ELEMENTS (causes); i++)
      g_assert_cmpstr (
         report_str (report_account (listed.report, causes[i].user), "cause"),
         ==, causes[i].cause);
   run_clear (&listed);
   run_clear (&fallback);
}

static void
set_up (void)
{
   samba_server_start (&fx.server);
   samba_server_add_user (&fx.server, ADMIN_USER, ADMIN_PASSWORD);
   samba_server_add_user (&fx.server, OTHER_USER, OTHER_PASSWORD);
   samba_server_grant_file_listing (&fx.server, "root");
   g_autofree char *po = g_build_filename (fx.server.share_dir, "PO", NULL);
   make_shared_postoffice (po, 6, NULL);

   fx.run_dir = g_build_filename (fx.server.dir, "run", NULL);
   g_assert_cmpint (g_mkdir (fx.run_dir, 0700), ==, 0);
   fx.credentials =
      write_file ("admin.auth",
                  "username = " ADMIN_USER "\npassword = " ADMIN_PASSWORD
                  "\ndomain = MMFG\n",
                  0600);
   g_autofree char *network = samba_server_mount_smbnetfs (
      &fx.server, SAMBA_SMB_USER, SAMBA_SMB_PASSWORD);
   fx.maildata = g_build_filename (network, "PO", "MAILDATA", NULL);
   fx.users_csv = g_build_filename (po, "users.csv", NULL);

   samba_server_hold_open (&fx.server, "PO/MAILDATA/MMF/00000A02.MMF", 1);
   samba_server_hold_open_as (&fx.server, OTHER_USER, OTHER_PASSWORD,
                              "PO/MAILDATA/MMF/00000A04.MMF", 0);
   samba_server_hold_range_as (&fx.server, OTHER_USER, OTHER_PASSWORD,
                               "PO/MAILDATA/MMF/00000A05.MMF", 0, 64);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_autofree char *missing = samba_missing_network_prerequisite ();
   if (missing != NULL) {
      g_test_add_data_func ("/file-server/prerequisites", missing,
                            (GTestDataFunc) samba_skip_or_fail);
      return g_test_run ();
   }
   set_up ();
   g_test_add_func ("/file-server/without-it-nobody-proceeds",
                    test_without_file_server_nobody_proceeds);
   g_test_add_func ("/file-server/names-exactly-the-holders",
                    test_file_server_names_exactly_the_holders);
   g_test_add_func ("/file-server/on-error-asks-again",
                    test_on_error_asks_the_server_again);
   g_test_add_func ("/file-server/local-postoffice-mmf-on-network",
                    test_local_postoffice_with_mmf_on_the_network);
   g_test_add_func ("/file-server/wrong-password",
                    test_wrong_password_fails_closed);
   g_test_add_func ("/file-server/no-right-to-list",
                    test_no_right_to_list_open_files_fails_closed);
   g_test_add_func ("/file-server/unreachable",
                    test_unreachable_address_fails_closed);
   g_test_add_func ("/file-server/silent-server-times-out",
                    test_silent_server_is_bounded_by_timeout);
   g_test_add_func ("/file-server/readable-credentials-refused",
                    test_readable_credentials_are_refused_at_start);
   g_test_add_func ("/file-server/helper-lists-a-folder",
                    test_helper_lists_a_folder);
   g_test_add_func ("/file-server/listing-agrees-with-file-system",
                    test_server_listing_agrees_with_the_file_system);
   int status = g_test_run ();
   // Every client kept its hold through all of it.
   g_assert_cmpuint (samba_server_release_clients (&fx.server), ==, 0);
   samba_server_stop (&fx.server);
   g_free (fx.maildata);
   g_free (fx.users_csv);
   g_free (fx.run_dir);
   g_free (fx.credentials);
   return status;
}
