// test-samba-probe — the lock probe against a real Samba server.
//
// A real smbd is bound to 127.0.0.1:445 with every state folder under a
// temporary directory; real SMB clients hold the mail files: deny-write and
// deny-all opens through Samba's own client library, an SMB2 byte-range lock
// through impacket. The probe, told which smb.conf to pass to smbstatus, must
// name each holder by SMB user and client machine.
//
// Needs root and a free port 445. Without them it skips, except in CI
// (CI=true), where a skip would hide a broken setup and so fails instead.

#include <arpa/inet.h>
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lock-probe.h"
#include "mig-plugin.h"

#define PYTHON "/usr/bin/python3"  // Debian's, which has the samba bindings
#define SMB_USER "nobody"          // any existing Unix account will do
#define SMB_PASSWORD "Mmfg-Test-1"
#define SHARE "maildata"

typedef struct {
   char *dir;
   char *conf;
   char *client_conf;
   char *share_dir;
   GSubprocess *smbd;
   GPtrArray *clients;  // GSubprocess*
} Server;

static void
skip_or_fail (const char *why)
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
   struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (445) };
   addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
   int one = 1;
   setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
   gboolean ok = bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
   close (fd);
   return ok;
}

static gboolean
port_445_accepts (void)
{
   int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
   struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (445) };
   addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
   gboolean ok = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
   close (fd);
   return ok;
}

// Why the test cannot run here, or NULL. `server`: it runs its own smbd.
static char *
missing_prerequisite (gboolean server)
{
   if (geteuid () != 0)
      return g_strdup ("not root: smbd must bind port 445 and smbstatus needs root");
   if (!server) {
      g_autofree char *smbstatus = g_find_program_in_path ("smbstatus");
      return smbstatus ? NULL : g_strdup ("smbstatus is not installed (Debian package samba)");
   }
   if (getpwnam (SMB_USER) == NULL)
      return g_strdup ("no Unix account " SMB_USER " to map the SMB user to");
   const char *tools[] = { "smbd", "smbstatus", "smbpasswd", PYTHON };
   for (gsize i = 0; i < G_N_ELEMENTS (tools); i++) {
      g_autofree char *found = g_find_program_in_path (tools[i]);
      if (found == NULL)
         return g_strdup_printf ("%s is not installed (Debian package samba)", tools[i]);
   }
   if (!port_445_free ())
      return g_strdup ("127.0.0.1:445 is already in use by another server");
   int status = 0;
   const char *argv[] = { PYTHON, "-c",
                          "import samba.samba3.libsmb_samba_internal, impacket.smbconnection",
                          NULL };
   if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL
                         | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                      &status, NULL)
       || !g_spawn_check_wait_status (status, NULL))
      return g_strdup (PYTHON " cannot import samba and impacket "
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
write_configs (Server *s)
{
   const char *subdirs[] = { "state", "cache", "lock", "pid", "private", "ncalrpc",
                             "log", "client", "share" };
   for (gsize i = 0; i < G_N_ELEMENTS (subdirs); i++) {
      g_autofree char *path = g_build_filename (s->dir, subdirs[i], NULL);
      g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
   }
   s->share_dir = g_build_filename (s->dir, "share", NULL);
   g_assert_cmpint (g_chmod (s->share_dir, 0777), ==, 0);
   g_assert_cmpint (g_chmod (s->dir, 0755), ==, 0);
   g_autofree char *conf = with_dir (
      "[global]\n"
      "  netbios name = MMFGTEST\n  workgroup = MMFG\n"
      "  interfaces = 127.0.0.1\n  bind interfaces only = yes\n  smb ports = 445\n"
      "  server role = standalone server\n  map to guest = never\n"
      "  state directory = @DIR@/state\n  cache directory = @DIR@/cache\n"
      "  lock directory = @DIR@/lock\n  pid directory = @DIR@/pid\n"
      "  private dir = @DIR@/private\n  ncalrpc dir = @DIR@/ncalrpc\n"
      "  passdb backend = tdbsam:@DIR@/private/passdb.tdb\n"
      "  log file = @DIR@/log/log.%m\n  log level = 1\n"
      "  load printers = no\n  printing = bsd\n  printcap name = /dev/null\n"
      "  disable spoolss = yes\n"
      "[" SHARE "]\n  path = @DIR@/share\n  read only = no\n",
      s->dir);
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

static void
add_smb_password (Server *s)
{
   const char *argv[] = { "smbpasswd", "-c", s->conf, "-s", "-a", SMB_USER, NULL };
   g_autoptr (GError) error = NULL;
   g_autoptr (GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                     | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                                                  &error);
   g_assert_no_error (error);
   g_subprocess_communicate_utf8 (p, SMB_PASSWORD "\n" SMB_PASSWORD "\n", NULL, NULL,
                                  NULL, &error);
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
start_smbd (Server *s)
{
   g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
   g_autofree char *log = g_build_filename (s->dir, "log", "smbd.stderr", NULL);
   g_subprocess_launcher_set_stderr_file_path (launcher, log);
   g_subprocess_launcher_set_child_setup (launcher, start_smbd_session, NULL, NULL);
   g_autoptr (GError) error = NULL;
   s->smbd = g_subprocess_launcher_spawn (launcher, &error, "smbd", "-F",
                                          "--no-process-group", "-s", s->conf, NULL);
   g_assert_no_error (error);
   for (int i = 0; i < 200 && !port_445_accepts (); i++)
      g_usleep (50 * 1000);
   g_assert_true (port_445_accepts ());
}

static void
start_client (Server *s, const char *const *argv)
{
   g_autoptr (GError) error = NULL;
   GSubprocess *client = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                     | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                            &error);
   g_assert_no_error (error);
   g_ptr_array_add (s->clients, client);
   g_autoptr (GDataInputStream) out = g_data_input_stream_new (
      g_subprocess_get_stdout_pipe (client));
   g_autofree char *line = g_data_input_stream_read_line (out, NULL, NULL, &error);
   g_assert_no_error (error);
   g_assert_cmpstr (line, ==, "ready");
}

static char *
helper (const char *name)
{
   return g_build_filename (g_getenv ("MMFG_SOURCE_ROOT"), "tests", "samba", name, NULL);
}

static void
hold_open (Server *s, const char *file, const char *share_access)
{
   g_autofree char *script = helper ("smb-hold-open.py");
   const char *argv[] = { PYTHON, script, s->client_conf, "127.0.0.1", SHARE,
                          SMB_USER, SMB_PASSWORD, file, share_access, NULL };
   start_client (s, argv);
}

static void
hold_range (Server *s, const char *file)
{
   g_autofree char *script = helper ("smb-range-lock.py");
   const char *argv[] = { PYTHON, script, "127.0.0.1", SHARE, SMB_USER,
                          SMB_PASSWORD, file, "0", "100", NULL };
   start_client (s, argv);
}

static void
remove_tree (const char *path)
{
   g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
   const char *name;
   while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
         remove_tree (child);
      else
         g_unlink (child);
   }
   g_rmdir (path);
}

static void
server_stop (Server *s)
{
   for (guint i = 0; s->clients != NULL && i < s->clients->len; i++) {
      GSubprocess *client = g_ptr_array_index (s->clients, i);
      g_output_stream_close (g_subprocess_get_stdin_pipe (client), NULL, NULL);
      g_subprocess_wait (client, NULL, NULL);
   }
   g_clear_pointer (&s->clients, g_ptr_array_unref);
   if (s->smbd != NULL) {
      // By its pid only: never by name, another smbd may serve this machine.
      g_subprocess_send_signal (s->smbd, SIGTERM);
      g_subprocess_wait (s->smbd, NULL, NULL);
      g_clear_object (&s->smbd);
   }
   if (s->dir != NULL && g_getenv ("MMFG_KEEP_SAMBA_DIR") == NULL)
      remove_tree (s->dir);
   g_free (s->dir);
   g_free (s->conf);
   g_free (s->client_conf);
   g_free (s->share_dir);
}

static char *
make_mmf (Server *s, const char *name)
{
   char *path = g_build_filename (s->share_dir, name, NULL);
   g_assert_true (g_file_set_contents (path, "an MS Mail message file, for the test", -1, NULL));
   g_assert_cmpint (g_chmod (path, 0666), ==, 0);
   return path;
}

static MmfgLockFacts
query (const MmfgLockSnapshot *snapshot, const char *path)
{
   struct stat st;
   g_assert_cmpint (stat (path, &st), ==, 0);
   MmfgLockFacts facts = { 0 };
   mmfg_lock_snapshot_query (snapshot, st.st_dev, st.st_ino, path, &facts);
   return facts;
}

static const MmfgHolder *
find_holder (const MmfgLockFacts *facts, int lock)
{
   for (guint i = 0; i < facts->holders->len; i++) {
      const MmfgHolder *h = g_ptr_array_index (facts->holders, i);
      if (h->lock == lock)
         return h;
   }
   return NULL;
}

static char *
process_comm (gint64 pid)
{
   g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/comm", pid);
   char *comm = NULL;
   if (!g_file_get_contents (path, &comm, NULL, NULL))
      return NULL;
   return g_strchomp (comm);
}

// The holder is an smbd child serving our client, named by SMB user and
// client machine.
static void
assert_smb_client (const MmfgHolder *h, gint64 smbd_pid)
{
   g_assert_nonnull (h);
   g_test_message ("holder: lock %d pid %" G_GINT64_FORMAT " program %s unix %s smb %s "
                   "machine %s since %" G_GINT64_FORMAT,
                   h->lock, h->pid, h->program, h->unix_user, h->smb_user,
                   h->client_machine, h->since);
   g_assert_cmpint (h->pid, >, 0);
   g_assert_cmpint (h->pid, !=, smbd_pid);  // the child, not the parent
   g_autofree char *comm = process_comm (h->pid);
   g_assert_cmpstr (comm, ==, "smbd");
   g_assert_cmpstr (h->program, ==, "smbd");
   g_assert_cmpstr (h->smb_user, ==, SMB_USER);
   g_assert_cmpstr (h->client_machine, ==, "127.0.0.1");
   g_assert_cmpstr (h->unix_user, ==, SMB_USER);
   g_assert_false (h->is_host);
   g_assert_false (h->possibly_stale);
   g_assert_cmpint (h->since, >, 0);
   g_assert_cmpint (h->since, <=, g_get_real_time () / G_USEC_PER_SEC);
}

static void
test_smb_clients_are_named (void)
{
   g_autofree char *missing = missing_prerequisite (TRUE);
   if (missing != NULL) {
      skip_or_fail (missing);
      return;
   }
   Server s = { 0 };
   g_autoptr (GError) error = NULL;
   s.dir = g_dir_make_tmp ("mmfg-samba-XXXXXX", &error);
   g_assert_no_error (error);
   s.clients = g_ptr_array_new_with_free_func (g_object_unref);
   write_configs (&s);
   add_smb_password (&s);
   g_autofree char *deny_write = make_mmf (&s, "0000023A.MMF");
   g_autofree char *deny_all = make_mmf (&s, "00000B01.MMF");
   g_autofree char *ranged = make_mmf (&s, "00000C01.MMF");
   g_autofree char *free_mmf = make_mmf (&s, "00000D01.MMF");
   start_smbd (&s);
   gint64 smbd_pid = g_ascii_strtoll (g_subprocess_get_identifier (s.smbd), NULL, 10);

   hold_open (&s, "0000023A.MMF", "1");
   hold_open (&s, "00000B01.MMF", "0");
   hold_range (&s, "00000C01.MMF");

   MmfgSettings settings = { 0 };
   settings.samba = MMFG_SAMBA_ON;
   settings.samba_config = s.conf;
   settings.smbstatus_timeout_ms = 20000;
   settings.stale_after_s = 3600;
   g_autoptr (MmfgLockSnapshot) snapshot = mmfg_lock_snapshot_take (&settings, s.share_dir);

   MmfgLockFacts facts = query (snapshot, deny_write);
   g_assert_true (facts.known);
   assert_smb_client (find_holder (&facts, MIG_LOCK_SHARE_MODE), smbd_pid);
   g_clear_pointer (&facts.holders, g_ptr_array_unref);

   facts = query (snapshot, deny_all);
   g_assert_true (facts.known);
   assert_smb_client (find_holder (&facts, MIG_LOCK_SHARE_MODE), smbd_pid);
   g_clear_pointer (&facts.holders, g_ptr_array_unref);

   // The byte-range lock shows in the kernel too (an OFD lock of the smbd
   // child) but is reported once, as the SMB lock, by its session.
   facts = query (snapshot, ranged);
   g_assert_true (facts.known);
   const MmfgHolder *range = find_holder (&facts, MIG_LOCK_SMB_RANGE);
   assert_smb_client (range, smbd_pid);
   g_assert_null (find_holder (&facts, MIG_LOCK_OFD));
   g_clear_pointer (&facts.holders, g_ptr_array_unref);

   facts = query (snapshot, free_mmf);
   g_assert_true (facts.known);
   g_assert_cmpuint (facts.holders->len, ==, 0);
   g_clear_pointer (&facts.holders, g_ptr_array_unref);

   server_stop (&s);
}

// Pointed at a configuration whose lock database no smbd uses, smbstatus
// prints a stub without open_files: the probe must say "unknown", not "free".
static void
test_wrong_samba_config_is_unknown_not_free (void)
{
   g_autofree char *missing = missing_prerequisite (FALSE);
   if (missing != NULL) {
      skip_or_fail (missing);
      return;
   }
   g_autoptr (GError) error = NULL;
   g_autofree char *dir = g_dir_make_tmp ("mmfg-samba-XXXXXX", &error);
   g_assert_no_error (error);
   g_autofree char *conf = g_build_filename (dir, "smb.conf", NULL);
   g_autofree char *text = with_dir ("[global]\n  lock directory = @DIR@\n"
                                            "  state directory = @DIR@\n"
                                            "  cache directory = @DIR@\n", dir);
   g_assert_true (g_file_set_contents (conf, text, -1, NULL));
   g_autofree char *mmf = g_build_filename (dir, "0000023A.MMF", NULL);
   g_assert_true (g_file_set_contents (mmf, "x", -1, NULL));

   MmfgSettings settings = { 0 };
   settings.samba = MMFG_SAMBA_ON;
   settings.samba_config = conf;
   settings.smbstatus_timeout_ms = 20000;
   g_autoptr (MmfgLockSnapshot) snapshot = mmfg_lock_snapshot_take (&settings, dir);
   MmfgLockFacts facts = query (snapshot, mmf);
   g_assert_false (facts.known);
   g_test_message ("reason: %s", facts.unknown_reason);
   g_assert_nonnull (strstr (facts.unknown_reason, "smbstatus"));
   g_assert_nonnull (strstr (facts.unknown_reason, "open_files"));
   g_free (facts.unknown_reason);
   g_ptr_array_unref (facts.holders);
   remove_tree (dir);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/samba/smb-clients-named", test_smb_clients_are_named);
   g_test_add_func ("/samba/wrong-config-unknown", test_wrong_samba_config_is_unknown_not_free);
   return g_test_run ();
}
