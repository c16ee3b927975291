// samba-server.c — see samba-server.h.

#include "samba-server.h"
#include "file-tree.h"

#include <arpa/inet.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <string.h>
#include <unistd.h>

void
samba_skip_or_fail (const char *why)
{
   if (g_strcmp0 (g_getenv ("CI"), "true") == 0) {
      g_test_message ("CI=true, and the Samba test cannot run: %s", why);
      g_test_fail ();
   } else {
      g_test_skip (why);
   }
}

static gboolean
port_445_free (void)
{
   int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
   struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons (445)};
   addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
   int one = 1;
   setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
   gboolean ok = bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
   close (fd);
   return ok;
}

static const char *
address_of (const SambaServer *s)
{
   return s->address != NULL ? s->address : "127.0.0.1";
}

static gboolean
port_445_accepts (const SambaServer *s)
{
   int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
   struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons (445)};
   inet_pton (AF_INET, address_of (s), &addr.sin_addr);
   gboolean ok = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
   close (fd);
   return ok;
}

// Another engineer's or another build's Samba test may hold port 445 for a
// few seconds: wait for it rather than skip (which CI would count a failure).
static gboolean
wait_for_port_445 (void)
{
   for (int i = 0; i < 120; i++) {
      if (port_445_free ())
         return TRUE;
      g_usleep (G_USEC_PER_SEC / 2);
   }
   return FALSE;
}

static char *missing_tools (gboolean server);

char *
samba_missing_prerequisite (gboolean server)
{
   char *missing = missing_tools (server);
   if (missing == NULL && server && !wait_for_port_445 ())
      missing = g_strdup (
         "127.0.0.1:445 stayed in use by another server for a minute");
   return missing;
}

char *
samba_missing_network_prerequisite (void)
{
   char *missing = samba_missing_prerequisite (TRUE);
   g_autofree char *smbnetfs = g_find_program_in_path ("smbnetfs");
   if (missing == NULL && smbnetfs == NULL)
      missing =
         g_strdup ("smbnetfs is not installed (Debian package smbnetfs)");
   if (missing == NULL && !g_file_test ("/dev/fuse", G_FILE_TEST_EXISTS))
      missing = g_strdup ("no /dev/fuse for smbnetfs");
   return missing;
}

char *
samba_missing_tools (void)
{
   return missing_tools (TRUE);
}

static char *
missing_tools (gboolean server)
{
   if (geteuid () != 0)
      return g_strdup (
         "not root: smbd must bind port 445 and smbstatus needs root");
   if (!server) {
      g_autofree char *smbstatus = g_find_program_in_path ("smbstatus");
      return smbstatus
                ? NULL
                : g_strdup (
                     "smbstatus is not installed (Debian package samba)");
   }
   if (getpwnam (SAMBA_SMB_USER) == NULL)
      return g_strdup ("no Unix account " SAMBA_SMB_USER
                       " to map the SMB user to");
   const char *tools[] = {"smbd", "smbstatus", "smbpasswd", SAMBA_PYTHON};
   for (gsize i = 0; i < G_N_ELEMENTS (tools); i++) {
      g_autofree char *found = g_find_program_in_path (tools[i]);
      if (found == NULL)
         return g_strdup_printf ("%s is not installed (Debian package samba)",
                                 tools[i]);
   }
   int status = 0;
   const char *argv[] = {
      SAMBA_PYTHON, "-c",
      "import samba.samba3.libsmb_samba_internal, impacket.smbconnection",
      NULL};
   if (!g_spawn_sync (NULL, (char **) argv, NULL,
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, &status, NULL) ||
       !g_spawn_check_wait_status (status, NULL))
      return g_strdup (SAMBA_PYTHON
                       " cannot import samba and impacket "
                       "(Debian packages python3-samba, python3-impacket)");
   return NULL;
}

// The text with every @DIR@ replaced by `dir`.
static char *
with_dir (const char *text, const char *dir)
{
   GString *result = g_string_new (text);
   g_string_replace (result, "@DIR@", dir, 0);
   return g_string_free (result, FALSE);
}

static void
write_configs (SambaServer *s)
{
   const char *subdirs[] = {"state",   "cache", "lock",   "pid",  "private",
                            "ncalrpc", "log",   "client", "share"};
   for (gsize i = 0; i < G_N_ELEMENTS (subdirs); i++) {
      g_autofree char *path = g_build_filename (s->dir, subdirs[i], NULL);
      g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
   }
   s->share_dir = g_build_filename (s->dir, "share", NULL);
   // The SMB user is not root: it must reach and write the share.
   g_assert_cmpint (g_chmod (s->share_dir, 0777), ==, 0);
   g_assert_cmpint (g_chmod (s->dir, 0755), ==, 0);
   g_autofree char *global = g_strdup_printf (
      "[global]\n"
      "  netbios name = MMFGTEST\n  workgroup = MMFG\n"
      "  interfaces = %s\n  bind interfaces only = yes\n  smb ports = "
      "445\n",
      address_of (s));
   g_autofree char *rest = with_dir (
      "  server role = standalone server\n  map to guest = never\n"
      "  state directory = @DIR@/state\n  cache directory = @DIR@/cache\n"
      "  lock directory = @DIR@/lock\n  pid directory = @DIR@/pid\n"
      "  private dir = @DIR@/private\n  ncalrpc dir = @DIR@/ncalrpc\n"
      "  passdb backend = tdbsam:@DIR@/private/passdb.tdb\n"
      "  log file = @DIR@/log/log.%m\n  log level = 1\n"
      "  load printers = no\n  printing = bsd\n  printcap name = /dev/null\n"
      "  disable spoolss = yes\n"
      "[" SAMBA_SHARE "]\n  path = @DIR@/share\n  read only = no\n",
      s->dir);
   g_autofree char *conf = g_strconcat (global, rest, NULL);
   s->conf = g_build_filename (s->dir, "smb.conf", NULL);
   g_assert_true (g_file_set_contents (s->conf, conf, -1, NULL));
   g_autofree char *client = with_dir (
      "[global]\n  workgroup = MMFG\n  client min protocol = SMB2\n"
      "  cache directory = @DIR@/client\n  state directory = @DIR@/client\n"
      "  lock directory = @DIR@/client\n  private dir = @DIR@/client\n",
      s->dir);
   s->client_conf = g_build_filename (s->dir, "client.conf", NULL);
   g_assert_true (g_file_set_contents (s->client_conf, client, -1, NULL));
}

void
samba_server_add_user (SambaServer *s, const char *user, const char *password)
{
   const char *argv[] = {"smbpasswd", "-c", s->conf, "-s", "-a", user, NULL};
   g_autoptr (GError) error = NULL;
   g_autoptr (GSubprocess) p = g_subprocess_newv (
      argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
      &error);
   g_assert_no_error (error);
   g_autofree char *twice = g_strdup_printf ("%s\n%s\n", password, password);
   g_subprocess_communicate_utf8 (p, twice, NULL, NULL, NULL, &error);
   g_assert_no_error (error);
   g_assert_true (g_subprocess_get_successful (p));
}

// smbd signals its whole process group when it exits: it gets a session of
// its own (setsid in the child) so that the test runner is not in it; and
// --no-process-group, since smbd -F cannot create a session of its own then.
// Being in its own session, it would outlive a test that aborts on a failed
// assertion and keep port 445: the parent-death signal ends it then.
static void
start_smbd_session (gpointer unused)
{
   (void) unused;
   setsid ();
   prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_smbd (SambaServer *s)
{
   g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
   g_autofree char *log = g_build_filename (s->dir, "log", "smbd.stderr", NULL);
   g_subprocess_launcher_set_stderr_file_path (launcher, log);
   g_subprocess_launcher_set_child_setup (launcher, start_smbd_session, NULL,
                                          NULL);
   g_autoptr (GError) error = NULL;
   // `ip netns exec` execs smbd in the same process: the pid is smbd's.
   if (s->netns != NULL)
      s->smbd = g_subprocess_launcher_spawn (
         launcher, &error, "ip", "netns", "exec", s->netns, "smbd", "-F",
         "--no-process-group", "-s", s->conf, NULL);
   else
      s->smbd = g_subprocess_launcher_spawn (launcher, &error, "smbd", "-F",
                                             "--no-process-group", "-s",
                                             s->conf, NULL);
   g_assert_no_error (error);
   s->smbd_pid =
      g_ascii_strtoll (g_subprocess_get_identifier (s->smbd), NULL, 10);
   for (int i = 0; i < 200 && !port_445_accepts (s); i++)
      g_usleep (50 * 1000);
   g_assert_true (port_445_accepts (s));
}

static guint signal_processes_with (const char *conf, int signal_number);

// The server of this test process whose daemons an abort must end: a
// failed assertion aborts the test, and smbd's samba-dcerpcd and rpcd_*
// (a session of their own, not our children) would outlive it.
static char *abort_conf;

static void
end_daemons_on_abort (int signal_number)
{
   if (abort_conf != NULL)
      signal_processes_with (abort_conf, SIGKILL);
   signal (signal_number, SIG_DFL);
   raise (signal_number);
}

void
samba_server_start (SambaServer *s)
{
   g_autoptr (GError) error = NULL;
   s->dir = g_dir_make_tmp ("mmfg-samba-XXXXXX", &error);
   g_assert_no_error (error);
   s->clients = g_ptr_array_new_with_free_func (g_object_unref);
   write_configs (s);
   samba_server_add_user (s, SAMBA_SMB_USER, SAMBA_SMB_PASSWORD);
   g_free (abort_conf);
   abort_conf = g_strdup (s->conf);
   signal (SIGABRT, end_daemons_on_abort);
   start_smbd (s);
}

static void
start_client (SambaServer *s, const char *const *argv)
{
   g_autoptr (GError) error = NULL;
   GSubprocess *client = g_subprocess_newv (
      argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
      &error);
   g_assert_no_error (error);
   g_ptr_array_add (s->clients, client);
   g_autoptr (GDataInputStream) out =
      g_data_input_stream_new (g_subprocess_get_stdout_pipe (client));
   g_autofree char *line =
      g_data_input_stream_read_line (out, NULL, NULL, &error);
   g_assert_no_error (error);
   g_assert_cmpstr (line, ==, "ready");
}

static char *
client_script (const char *name)
{
   const char *root = g_getenv ("MMFG_SOURCE_ROOT");
   if (root == NULL)
      g_error ("MMFG_SOURCE_ROOT is not set; run the test through meson test");
   return g_build_filename (root, "tests", "samba", name, NULL);
}

void
samba_server_hold_open_as (SambaServer *s, const char *user,
                           const char *password, const char *name,
                           int share_access)
{
   g_autofree char *script = client_script ("smb-hold-open.py");
   g_autofree char *access = g_strdup_printf ("%d", share_access);
   const char *argv[] = {SAMBA_PYTHON, script, s->client_conf, address_of (s),
                         SAMBA_SHARE,  user,   password,       name,
                         access,       NULL};
   start_client (s, argv);
}

void
samba_server_hold_many (SambaServer *s, const char *folder, guint first,
                        guint count)
{
   g_autofree char *script = client_script ("smb-hold-many.py");
   g_autofree char *from = g_strdup_printf ("%X", first);
   g_autofree char *n = g_strdup_printf ("%u", count);
   const char *argv[] = {SAMBA_PYTHON,
                         script,
                         s->client_conf,
                         address_of (s),
                         SAMBA_SHARE,
                         SAMBA_SMB_USER,
                         SAMBA_SMB_PASSWORD,
                         folder,
                         from,
                         n,
                         NULL};
   start_client (s, argv);
}

void
samba_server_hold_open (SambaServer *s, const char *name, int share_access)
{
   samba_server_hold_open_as (s, SAMBA_SMB_USER, SAMBA_SMB_PASSWORD, name,
                              share_access);
}

void
samba_server_hold_range_as (SambaServer *s, const char *user,
                            const char *password, const char *name,
                            guint64 offset, guint64 length)
{
   g_autofree char *script = client_script ("smb-range-lock.py");
   g_autofree char *from = g_strdup_printf ("%" G_GUINT64_FORMAT, offset);
   g_autofree char *len = g_strdup_printf ("%" G_GUINT64_FORMAT, length);
   const char *argv[] = {SAMBA_PYTHON, script,   address_of (s), SAMBA_SHARE,
                         user,         password, name,           from,
                         len,          NULL};
   start_client (s, argv);
}

void
samba_server_hold_range (SambaServer *s, const char *name, guint64 offset,
                         guint64 length)
{
   samba_server_hold_range_as (s, SAMBA_SMB_USER, SAMBA_SMB_PASSWORD, name,
                               offset, length);
}

void
samba_server_grant_file_listing (SambaServer *s, const char *unix_group)
{
   g_autofree char *group = g_strdup_printf ("unixgroup=%s", unix_group);
   const char *argv[] = {"net",      "-s",           s->conf,
                         "groupmap", "add",          "sid=S-1-5-32-544",
                         group,      "type=builtin", NULL};
   g_autoptr (GError) error = NULL;
   int status = 0;
   g_spawn_sync (NULL, (char **) argv, NULL,
                 G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                 NULL, NULL, &status, &error);
   g_assert_no_error (error);
   g_spawn_check_wait_status (status, &error);
   g_assert_no_error (error);
}

static void
end_with_parent (gpointer unused)
{
   (void) unused;
   prctl (PR_SET_PDEATHSIG, SIGTERM);
}

// smbnetfs reads its configuration from $HOME/.smb: a home of its own.
static void
write_smbnetfs_home (SambaServer *s, const char *home, const char *user,
                     const char *password)
{
   g_autofree char *smb = g_build_filename (home, ".smb", NULL);
   g_assert_cmpint (g_mkdir_with_parents (smb, 0700), ==, 0);
   g_autofree char *conf = g_build_filename (smb, "smbnetfs.conf", NULL);
   // And for any other address of the server (the bench's relay).
   g_autofree char *auth =
      g_strdup_printf ("auth \"%s\" \"%s\" \"%s\"\nauth \"%s\" \"%s\"\n",
                       address_of (s), user, password, user, password);
   g_assert_true (g_file_set_contents (conf, auth, -1, NULL));
   g_assert_cmpint (g_chmod (conf, 0600), ==,
                    0); // smbnetfs refuses it otherwise
   g_autofree char *client = NULL;
   g_assert_true (g_file_get_contents (s->client_conf, &client, NULL, NULL));
   g_autofree char *smb_conf = g_build_filename (smb, "smb.conf", NULL);
   g_assert_true (g_file_set_contents (smb_conf, client, -1, NULL));
}

static gboolean
is_mount_point (const char *path)
{
   g_autofree char *info = NULL;
   g_assert_true (
      g_file_get_contents ("/proc/self/mountinfo", &info, NULL, NULL));
   g_autofree char *needle = g_strdup_printf (" %s ", path);
   return strstr (info, needle) != NULL;
}

char *
samba_server_mount_smbnetfs (SambaServer *s, const char *user,
                             const char *password)
{
   s->smbnetfs_home = g_build_filename (s->dir, "smbnetfs-home", NULL);
   write_smbnetfs_home (s, s->smbnetfs_home, user, password);
   s->smbnetfs_mount = g_build_filename (s->dir, "network", NULL);
   g_assert_cmpint (g_mkdir (s->smbnetfs_mount, 0755), ==, 0);
   g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
   g_subprocess_launcher_setenv (launcher, "HOME", s->smbnetfs_home, TRUE);
   // Ended with a test that aborts, rather than serving a dead mount.
   g_subprocess_launcher_set_child_setup (launcher, end_with_parent, NULL,
                                          NULL);
   g_autoptr (GError) error = NULL;
   // -f: in the foreground, so that it is ours to stop.
   s->smbnetfs = g_subprocess_launcher_spawn (launcher, &error, "smbnetfs",
                                              "-f", s->smbnetfs_mount, NULL);
   g_assert_no_error (error);
   for (int i = 0; i < 200 && !is_mount_point (s->smbnetfs_mount); i++)
      g_usleep (50 * 1000);
   g_assert_true (is_mount_point (s->smbnetfs_mount));
   return g_build_filename (s->smbnetfs_mount, address_of (s), SAMBA_SHARE,
                            NULL);
}

static void
unmount_smbnetfs (SambaServer *s)
{
   if (s->smbnetfs == NULL)
      return;
   const char *argv[] = {"fusermount3", "-u", s->smbnetfs_mount, NULL};
   g_spawn_sync (NULL, (char **) argv, NULL,
                 G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                    G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, NULL, NULL, NULL, NULL);
   g_subprocess_send_signal (s->smbnetfs, SIGTERM);
   g_subprocess_wait (s->smbnetfs, NULL, NULL);
   g_clear_object (&s->smbnetfs);
}

guint
samba_server_release_clients (SambaServer *s)
{
   guint failed = 0;
   for (guint i = 0; s->clients != NULL && i < s->clients->len; i++) {
      GSubprocess *client = g_ptr_array_index (s->clients, i);
      g_output_stream_close (g_subprocess_get_stdin_pipe (client), NULL, NULL);
      g_subprocess_wait (client, NULL, NULL);
      if (!g_subprocess_get_if_exited (client) ||
          g_subprocess_get_exit_status (client) != 0) {
         g_test_message ("SMB client %s did not keep its hold",
                         g_subprocess_get_identifier (client));
         failed++;
      }
   }
   if (s->clients != NULL)
      g_ptr_array_set_size (s->clients, 0);
   return failed;
}

// Signals every process that runs with `conf` on its command line and says
// how many there were. smbd starts samba-dcerpcd and its rpcd_* workers on
// demand, in a session of their own, with --configfile=CONF: they outlive
// smbd (and would keep serving this test's folder, and answer the next
// test's smbstatus) unless ended too. The temporary folder in CONF's path
// makes them this server's and no one else's.
static guint
signal_processes_with (const char *conf, int signal_number)
{
   guint n = 0;
   g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
   const char *entry;
   while (proc != NULL && (entry = g_dir_read_name (proc)) != NULL) {
      if (!g_ascii_isdigit (entry[0]))
         continue;
      g_autofree char *path =
         g_build_filename ("/proc", entry, "cmdline", NULL);
      g_autofree char *cmdline = NULL;
      gsize len = 0;
      if (g_file_get_contents (path, &cmdline, &len, NULL) &&
          memmem (cmdline, len, conf, strlen (conf)) != NULL) {
         kill ((pid_t) g_ascii_strtoll (entry, NULL, 10), signal_number);
         n++;
      }
   }
   return n;
}

// Ends whatever smbd left running with `conf`: asked to stop, then, after
// 5 s, killed.
static void
end_processes_with (const char *conf)
{
   for (int i = 0; i < 100 && signal_processes_with (conf, SIGTERM) > 0; i++)
      g_usleep (50 * 1000);
   for (int i = 0; i < 100 && signal_processes_with (conf, SIGKILL) > 0; i++)
      g_usleep (50 * 1000);
}

void
samba_server_stop (SambaServer *s)
{
   unmount_smbnetfs (s);
   samba_server_release_clients (s);
   g_clear_pointer (&s->clients, g_ptr_array_unref);
   if (s->smbd != NULL) {
      // By its pid only: never by name, another smbd may serve this machine.
      g_subprocess_send_signal (s->smbd, SIGTERM);
      g_subprocess_wait (s->smbd, NULL, NULL);
      g_clear_object (&s->smbd);
      end_processes_with (s->conf);
      signal (SIGABRT, SIG_DFL);
      g_clear_pointer (&abort_conf, g_free);
   }
   if (s->dir != NULL && g_getenv ("MMFG_KEEP_SAMBA_DIR") == NULL)
      mh_remove_tree (s->dir);
   else if (s->dir != NULL)
      g_test_message ("Samba folder kept: %s", s->dir);
   g_clear_pointer (&s->dir, g_free);
   g_clear_pointer (&s->conf, g_free);
   g_clear_pointer (&s->client_conf, g_free);
   g_clear_pointer (&s->share_dir, g_free);
   g_clear_pointer (&s->smbnetfs_home, g_free);
   g_clear_pointer (&s->smbnetfs_mount, g_free);
}

char *
samba_write_unused_config (const char *dir)
{
   char *conf = g_build_filename (dir, "smb.conf", NULL);
   g_autofree char *text = with_dir ("[global]\n  lock directory = @DIR@\n"
                                     "  state directory = @DIR@\n"
                                     "  cache directory = @DIR@\n",
                                     dir);
   g_assert_true (g_file_set_contents (conf, text, -1, NULL));
   return conf;
}
