// pre-migrate/1 and batch-begin/1 through the ABI, in the host's process,
// as a host would call them: the plugin loaded from $MMFG_PLUGIN.
//
// What it proves: the host's own POSIX lock on an MMF survives pre-migrate
// (the close() trap), the MMF's bytes and times are unchanged, the host's
// lock is not reported as a client, every file-level cause comes through the
// ABI with its fields, and the post office's own problems come back once
// from batch-begin.

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "file-tree.h"
#include "lock-holder-process.h"
#include "mig-plugin.h"
#include "plugin-fixture.h"
#include "findings-recorder.h"
#include "postoffice-fixture.h"

typedef struct {
   const mig_plugin_entry *entry;
   const mig_hook_pre_migrate *pre;
   const mig_hook_batch_begin *begin;
   const mig_hook_batch_end *end;
   mig_host host;
   PostofficeFixture po;
   char text[8192];
   FindingsRecorder rec; // findings/1
} Fixture;

static void
setup (Fixture *f, gconstpointer unused)
{
   (void) unused;
   f->entry = plugin_fixture_entry ();
   f->host = (mig_host){
      .struct_size = sizeof (mig_host),
      .abi_major = MIG_ABI_VERSION_MAJOR,
      .abi_minor = MIG_ABI_VERSION_MINOR,
      .name = "test-pre-migrate",
      .version = "1",
   };
   findings_recorder_attach (&f->rec, &f->host);
   char error[256];
   g_assert_cmpint (f->entry->init (&f->host, error, sizeof error), ==, MIG_OK);
   f->pre = plugin_fixture_hook (MIG_HOOK_PRE_MIGRATE);
   f->begin = plugin_fixture_hook (MIG_HOOK_BATCH_BEGIN);
   f->end = plugin_fixture_hook (MIG_HOOK_BATCH_END);
   const char *args[] = {"--recovered", "1", NULL};
   postoffice_fixture_make (&f->po, 4, args);
}

static void
teardown (Fixture *f, gconstpointer unused)
{
   (void) unused;
   f->entry->deinit ();
   postoffice_fixture_clear (&f->po);
}

static int32_t
pre_migrate (Fixture *f, uint64_t batch, const char *user, const char *hex,
             gint64 recovered, mig_answer *a)
{
   mig_account acct = {
      .struct_size = sizeof acct,
      .batch_id = batch,
      .postoffice = f->po.maildata,
      .user = user,
      .hex_id = hex,
      .password_recovered_at = recovered,
   };
   memset (a, 0, sizeof *a);
   a->struct_size = sizeof *a;
   a->text = f->text;
   a->text_size = sizeof f->text;
   findings_recorder_expect (&f->rec, a);
   return f->pre->pre_migrate (&acct, a);
}

// Whether this process holds a POSIX lock on `path`, asked the only way that
// cannot disturb it: from a forked child (F_GETLK from the owner itself
// always answers "unlocked").
static gboolean
locked_by_me (const char *path)
{
   pid_t me = getpid ();
   pid_t child = fork ();
   if (child == 0) {
      int fd = open (path, O_RDONLY);
      struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
      int ok = fd >= 0 && fcntl (fd, F_GETLK, &fl) == 0 &&
               fl.l_type != F_UNLCK && fl.l_pid == me;
      _exit (ok ? 0 : 1);
   }
   int status = 0;
   waitpid (child, &status, 0);
   return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static void
test_host_lock_survives_pre_migrate (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *path = postoffice_fixture_mmf (&f->po, "00000A02.MMF");
   int fd = open (path, O_RDWR);
   g_assert_cmpint (fd, >=, 0);
   struct flock fl = {
      .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 64};
   g_assert_cmpint (fcntl (fd, F_SETLK, &fl), ==, 0);
   g_assert_true (locked_by_me (path));

   mig_answer a;
   // Outside a batch (fresh state, peeks at the file) and inside one.
   int32_t v = pre_migrate (f, 0, "U00002", "00000A02", 0, &a);
   g_assert_true (locked_by_me (path));
   mig_batch b = {
      .struct_size = sizeof b, .batch_id = 7, .postoffice = f->po.maildata};
   g_assert_cmpint (f->begin->begin (&b, NULL), ==, MIG_VERDICT_PROCEED);
   int32_t vb = pre_migrate (f, 7, "U00002", "00000A02", 0, &a);
   g_assert_cmpint (f->end->end (7), ==, MIG_OK);
   g_assert_true (locked_by_me (path));

   // The host's own lock is the host's, not a client's: it proceeds, and
   // the answer names the host as the holder, flagged.
   g_assert_cmpint (v, ==, MIG_VERDICT_PROCEED);
   g_assert_cmpint (vb, ==, MIG_VERDICT_PROCEED);
   g_assert_cmpstr (a.cause, ==, "");
   g_assert_cmpint (a.holder_pid, ==, getpid ());
   g_assert_cmpuint (a.holder_lock, ==, MIG_LOCK_POSIX);
   g_assert_cmpuint (a.holder_count, ==, 1);
   g_assert_true (a.flags & MIG_ANSWER_HOLDER_IS_HOST);
   close (fd);
}

// While another process takes and drops hundreds of locks without pause,
// the kernel's lock table is long and never still, and a read of it can
// tear: a lock held all the while can be missing from it. An MMF held all
// the while must never proceed — outside a batch or inside one.
static void
test_held_mmf_never_proceeds_while_locks_churn (Fixture *f,
                                                gconstpointer unused)
{
   (void) unused;
   g_autofree char *path = postoffice_fixture_mmf (&f->po, "00000A02.MMF");
   g_autoptr (GError) error = NULL;
   g_autofree char *churn_dir = g_dir_make_tmp ("mmfg-churn-XXXXXX", &error);
   g_assert_no_error (error);
   LockHolderProcess *holder = lock_holder_process_start ("posix-write", path);
   LockHolderProcess *churner = lock_holder_process_start ("churn", churn_dir);
   for (guint i = 0; i < 200; i++) {
      mig_answer a;
      guint64 batch = i % 2 == 0 ? 0 : 100 + i;
      if (batch != 0) {
         mig_batch b = {.struct_size = sizeof b,
                        .batch_id = batch,
                        .postoffice = f->po.maildata};
         g_assert_cmpint (f->begin->begin (&b, NULL), >=, 0);
      }
      int32_t v = pre_migrate (f, batch, "U00002", "00000A02", 0, &a);
      if (batch != 0)
         g_assert_cmpint (f->end->end (batch), ==, MIG_OK);
      g_assert_cmpint (v, ==, MIG_VERDICT_DEFER);
      g_assert_cmpstr (a.cause, ==, "mmf-in-use");
      g_assert_cmpint (a.holder_pid, ==, lock_holder_process_pid (holder));
   }
   g_assert_cmpint (lock_holder_process_stop (churner), ==, 0);
   lock_holder_process_stop_and_assert_intact (holder);
   lock_holder_process_free (churner);
   lock_holder_process_free (holder);
   mh_remove_tree (churn_dir);
}

static void
test_mmf_bytes_and_times_unchanged (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *path = postoffice_fixture_mmf (&f->po, "00000A03.MMF");
   struct stat before, after;
   g_autofree char *bytes_before = NULL, *bytes_after = NULL;
   gsize len_before = 0, len_after = 0;
   g_assert_true (g_file_get_contents (path, &bytes_before, &len_before, NULL));
   g_assert_cmpint (stat (path, &before), ==, 0);

   mig_answer a;
   for (int i = 0; i < 3; i++)
      pre_migrate (f, 0, "U00003", "00000A03", 0, &a);

   g_assert_cmpint (stat (path, &after), ==, 0);
   g_assert_true (g_file_get_contents (path, &bytes_after, &len_after, NULL));
   g_assert_cmpmem (bytes_before, len_before, bytes_after, len_after);
   g_assert_cmpint (before.st_mtim.tv_sec, ==, after.st_mtim.tv_sec);
   g_assert_cmpint (before.st_mtim.tv_nsec, ==, after.st_mtim.tv_nsec);
   g_assert_cmpint (before.st_ctim.tv_sec, ==, after.st_ctim.tv_sec);
   g_assert_cmpint (before.st_ctim.tv_nsec, ==, after.st_ctim.tv_nsec);
}

static void
test_file_causes_through_the_abi (Fixture *f, gconstpointer unused)
{
   (void) unused;
   mig_answer a;
   g_autofree char *smaf = postoffice_fixture_mmf (&f->po, "00000A01.MMF");
   g_assert_true (g_file_set_contents (smaf, "MMMD\0\0\0\x10", 8, NULL));

   struct {
      const char *hex;
      gint64 recovered;
      int32_t verdict;
      const char *cause;
   } cases[] = {
      {"00000A01", 0, MIG_VERDICT_BLOCK, "mmf-not-mail"},
      {"0000BEEF", 0, MIG_VERDICT_BLOCK, "mmf-not-on-postoffice"},
      {"../../etc/shadow", 0, MIG_VERDICT_BLOCK, "invalid-hex-id"},
      {"0000023G", 0, MIG_VERDICT_BLOCK, "invalid-hex-id"},
      {NULL, 0, MIG_VERDICT_BLOCK, "invalid-hex-id"},
      {"00000A03", g_get_real_time () / G_USEC_PER_SEC, MIG_VERDICT_BLOCK,
       "password-not-synchronised"},
      {"00000A03", 0, MIG_VERDICT_PROCEED, ""},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
      int32_t v =
         pre_migrate (f, 0, "U0000X", cases[i].hex, cases[i].recovered, &a);
      g_assert_cmpint (v, ==, cases[i].verdict);
      g_assert_cmpstr (a.cause, ==, cases[i].cause);
      if (v != MIG_VERDICT_PROCEED) {
         g_assert_cmpuint (a.text_needed, >, 0);
         g_assert_cmpuint (strlen (a.text), ==, a.text_needed);
      }
   }
   // An invalid id never turns into a path.
   pre_migrate (f, 0, "U0000X", "../../etc/shadow", 0, &a);
   g_assert_cmpstr (a.path, ==, "");
}

static void
test_batch_reports_postoffice_once (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *access2 =
      g_build_filename (f->po.maildata, "GLB", "ACCESS2.GLB", NULL);
   g_assert_true (g_file_set_contents (access2, "x", 1, NULL));
   mig_batch b = {
      .struct_size = sizeof b, .batch_id = 9, .postoffice = f->po.maildata};
   mig_answer a = {
      .struct_size = sizeof a, .text = f->text, .text_size = sizeof f->text};
   g_assert_cmpint (f->begin->begin (&b, &a), ==, MIG_VERDICT_BLOCK);
   g_assert_cmpstr (a.cause, ==, "postoffice-invalid");
   // The same id twice is refused while the first is open.
   g_assert_cmpint (f->begin->begin (&b, NULL), ==, MIG_ERR_INVALID_ARGUMENT);
   g_assert_cmpint (f->end->end (9), ==, MIG_OK);
   g_assert_cmpint (f->end->end (9), ==, MIG_ERR_INVALID_ARGUMENT);
   // A pre-migrate naming a batch that is not open is refused.
   g_assert_cmpint (pre_migrate (f, 9, "U00001", "00000A01", 0, &a), ==,
                    MIG_ERR_INVALID_ARGUMENT);
}

static void
test_short_and_long_structs (Fixture *f, gconstpointer unused)
{
   (void) unused;
   mig_answer a = {.struct_size = sizeof a};
   struct {
      mig_account acct;
      char tail[16];
   } big = {0};
   big.acct = (mig_account){.struct_size = sizeof big,
                            .postoffice = f->po.maildata,
                            .user = "U00001",
                            .hex_id = "00000A01"};
   g_assert_cmpint (f->pre->pre_migrate (&big.acct, &a), ==,
                    MIG_VERDICT_PROCEED);
   big.tail[3] = 1; // a field this plugin does not know, set: refused
   g_assert_cmpint (f->pre->pre_migrate (&big.acct, &a), ==,
                    MIG_ERR_INVALID_ARGUMENT);
   big.acct.struct_size = offsetof (mig_account, password_recovered_at);
   g_assert_cmpint (f->pre->pre_migrate (&big.acct, &a), ==,
                    MIG_ERR_INVALID_ARGUMENT);
   g_assert_cmpint (f->pre->pre_migrate (NULL, &a), ==,
                    MIG_ERR_INVALID_ARGUMENT);
   big.acct.struct_size = sizeof big.acct;
   a.struct_size = 8;
   g_assert_cmpint (f->pre->pre_migrate (&big.acct, &a), ==,
                    MIG_ERR_INVALID_ARGUMENT);
}

// A client and the host both hold the MMF: the fields say what the text
// says — the client named first, with this machine as its client machine,
// and both holders counted.
static void
test_fields_agree_with_text (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *path = postoffice_fixture_mmf (&f->po, "00000A02.MMF");
   // The client: a forked process with a read lock (fork, not GSubprocess:
   // this test runs under ThreadSanitizer, which GLib's threads confuse).
   int ready[2], release[2];
   g_assert_cmpint (pipe (ready), ==, 0);
   g_assert_cmpint (pipe (release), ==, 0);
   pid_t client = fork ();
   g_assert_cmpint (client, >=, 0);
   if (client == 0) {
      close (ready[0]);
      close (release[1]);
      int cfd = open (path, O_RDONLY);
      struct flock cl = {
         .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
      char ok = cfd >= 0 && fcntl (cfd, F_SETLK, &cl) == 0 ? 'y' : 'n';
      char byte;
      if (write (ready[1], &ok, 1) != 1 || read (release[0], &byte, 1) < 0)
         _exit (1);
      _exit (0);
   }
   close (ready[1]);
   close (release[0]);
   char ok = 'n';
   g_assert_cmpint (read (ready[0], &ok, 1), ==, 1);
   g_assert_cmpint (ok, ==, 'y');
   int fd = open (path, O_RDONLY);
   struct flock fl = {
      .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
   g_assert_cmpint (fcntl (fd, F_SETLK, &fl), ==, 0);

   mig_answer a;
   g_assert_cmpint (pre_migrate (f, 0, "U00002", "00000A02", 0, &a), ==,
                    MIG_VERDICT_DEFER);
   g_assert_cmpstr (a.cause, ==, "mmf-in-use");
   g_assert_cmpint (a.holder_pid, ==, client);
   g_assert_false (a.flags & MIG_ANSWER_HOLDER_IS_HOST);
   g_assert_cmpuint (a.holder_count, ==, 2);
   g_assert_nonnull (strstr (a.text, "Holders:       2"));
   g_assert_cmpstr (a.holder_client_machine, ==, g_get_host_name ());
   g_autofree char *client_line =
      g_strdup_printf ("the holding client is %s", g_get_host_name ());
   g_autofree char *flat = g_strdup (a.text);
   g_strdelimit (flat, "\n", ' ');
   g_autoptr (GRegex) spaces = g_regex_new (" +", 0, 0, NULL);
   g_autofree char *one_line =
      g_regex_replace_literal (spaces, flat, -1, 0, " ", 0, NULL);
   g_assert_nonnull (strstr (one_line, client_line));
   close (fd);
   close (release[1]);
   close (ready[0]);
   int status = 0;
   g_assert_cmpint (waitpid (client, &status, 0), ==, client);
   g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
}

// Two files in MMF/ whose names differ only in case: either could be the
// mail file, so the account is blocked, naming both, in a batch and out.
static void
test_case_twins_block_naming_both (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *twin =
      g_build_filename (f->po.maildata, "MMF", "00000a02.mmf", NULL);
   g_assert_true (g_file_set_contents (twin, "another file", -1, NULL));
   mig_batch b = {
      .struct_size = sizeof b, .batch_id = 21, .postoffice = f->po.maildata};
   g_assert_cmpint (f->begin->begin (&b, NULL), ==, MIG_VERDICT_PROCEED);
   for (uint64_t batch = 0; batch <= b.batch_id; batch += b.batch_id) {
      mig_answer a;
      g_assert_cmpint (pre_migrate (f, batch, "U00002", "00000A02", 0, &a), ==,
                       MIG_VERDICT_BLOCK);
      g_assert_cmpstr (a.cause, ==, "mmf-ambiguous");
      g_assert_nonnull (strstr (a.text, "00000A02.MMF"));
      g_assert_nonnull (strstr (a.text, "00000a02.mmf"));
      // Its neighbour is untouched by it.
      g_assert_cmpint (pre_migrate (f, batch, "U00003", "00000A03", 0, &a), ==,
                       MIG_VERDICT_PROCEED);
   }
   g_assert_cmpint (f->end->end (b.batch_id), ==, MIG_OK);
}

// Restarts the plugin with `config` as its configuration file.
static void
restart_with_config (Fixture *f, const char *text)
{
   g_autofree char *path = g_build_filename (f->po.root, "mmfguard.conf", NULL);
   g_assert_true (g_file_set_contents (path, text, -1, NULL));
   f->entry->deinit ();
   f->host.config_path = path;
   char error[512];
   g_assert_cmpint (f->entry->init (&f->host, error, sizeof error), ==, MIG_OK);
   f->host.config_path = NULL; // read at init only
}

// Two findings at once: the lock state is unknown (smbstatus cannot run)
// and the password was recovered after the MMF last changed. The block
// decides: a retry cannot cure it, a person must act.
static void
test_strongest_finding_decides (Fixture *f, gconstpointer unused)
{
   (void) unused;
   restart_with_config (
      f, "[samba]\nmode = on\nsmbstatus = /nonexistent/smbstatus\n");
   mig_answer a;
   gint64 now = g_get_real_time () / G_USEC_PER_SEC;
   g_assert_cmpint (pre_migrate (f, 0, "U00003", "00000A03", now, &a), ==,
                    MIG_VERDICT_BLOCK);
   g_assert_cmpstr (a.cause, ==, "password-not-synchronised");
   g_assert_false (a.flags & MIG_ANSWER_RETRYABLE);
   g_assert_cmpuint (a.retry_after_s, ==, 0);
   // Both reach the host through findings/1, the deciding one first, each
   // with the verdict it alone gives and the entry that explains it.
   g_assert_cmpuint (f->rec.n_findings, ==, 2);
   g_assert_cmpstr (f->rec.findings[0].cause, ==, "password-not-synchronised");
   g_assert_cmpint (f->rec.findings[0].verdict, ==, MIG_VERDICT_BLOCK);
   g_assert_cmpstr (f->rec.findings[0].message_id, ==, a.message_id);
   g_assert_cmpuint (f->rec.findings[0].event_id, ==, 7007);
   g_assert_cmpstr (f->rec.findings[1].cause, ==, "lock-state-unknown");
   g_assert_cmpint (f->rec.findings[1].verdict, ==, MIG_VERDICT_DEFER);
   g_assert_cmpuint (strlen (f->rec.findings[1].message_id), ==, 32);
   g_assert_cmpstr (f->rec.findings[1].message_id, !=, a.message_id);
   // Alone, the unknown lock state defers, and is the one finding.
   g_assert_cmpint (pre_migrate (f, 0, "U00003", "00000A03", 0, &a), ==,
                    MIG_VERDICT_DEFER);
   g_assert_cmpstr (a.cause, ==, "lock-state-unknown");
   g_assert_cmpuint (f->rec.n_findings, ==, 1);
   g_assert_cmpstr (f->rec.findings[0].message_id, ==, a.message_id);
   // An account nothing is found for: no findings. Without an answer: no
   // findings either (there is nothing to tell the calls apart by).
   restart_with_config (f, "[samba]\nmode = off\n");
   g_assert_cmpint (pre_migrate (f, 0, "U00001", "00000A01", 0, &a), ==,
                    MIG_VERDICT_PROCEED);
   g_assert_cmpuint (f->rec.n_findings, ==, 0);
   mig_account acct = {.struct_size = sizeof acct,
                       .postoffice = f->po.maildata,
                       .user = "U00003",
                       .hex_id = "00000A03",
                       .password_recovered_at = now};
   g_assert_cmpint (f->pre->pre_migrate (&acct, NULL), ==, MIG_VERDICT_BLOCK);
   g_assert_cmpuint (f->rec.stray, ==, 0);
}

// What batch-begin says of a post office, pre-migrate says of each account
// on it, inside a batch and outside one.
static void
test_postoffice_verdict_carried_into_pre_migrate (Fixture *f,
                                                  gconstpointer unused)
{
   (void) unused;
   mig_answer a;
   g_autofree char *glb = g_build_filename (f->po.maildata, "GLB", NULL);
   g_autofree char *access2 = g_build_filename (glb, "ACCESS2.GLB", NULL);
   g_autofree char *saved = NULL;
   gsize saved_len = 0;
   g_assert_true (g_file_get_contents (access2, &saved, &saved_len, NULL));

   struct {
      const char *cause;
   } cases[] = {{"postoffice-read-only"}, {"postoffice-invalid"}};
   for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
      if (i == 0)
         g_assert_cmpint (g_chmod (glb, 0555), ==, 0);
      else
         g_assert_true (g_file_set_contents (access2, "x", 1, NULL));
      mig_batch b = {.struct_size = sizeof b,
                     .batch_id = 40 + i,
                     .postoffice = f->po.maildata};
      mig_answer ba = {.struct_size = sizeof ba};
      findings_recorder_expect (&f->rec, &ba);
      g_assert_cmpint (f->begin->begin (&b, &ba), ==, MIG_VERDICT_BLOCK);
      g_assert_cmpstr (ba.cause, ==, cases[i].cause);
      g_assert_cmpuint (f->rec.n_findings, ==, 1);
      g_assert_cmpstr (f->rec.findings[0].cause, ==, cases[i].cause);
      g_assert_cmpint (f->rec.findings[0].verdict, ==, MIG_VERDICT_BLOCK);
      g_assert_cmpstr (f->rec.findings[0].message_id, ==, ba.message_id);
      for (uint64_t batch = 0; batch <= b.batch_id; batch += b.batch_id) {
         g_assert_cmpint (pre_migrate (f, batch, "U00003", "00000A03", 0, &a),
                          ==, MIG_VERDICT_BLOCK);
         g_assert_cmpstr (a.cause, ==, cases[i].cause);
         g_assert_cmpuint (a.event_id, ==,
                           0); // the wizard logs no account event
         g_assert_nonnull (strstr (a.text, f->po.maildata));
         g_assert_cmpuint (strlen (a.message_id), ==, 32);
      }
      g_assert_cmpint (f->end->end (b.batch_id), ==, MIG_OK);
      g_chmod (glb, 0755);
      g_assert_true (
         g_file_set_contents (access2, saved, (gssize) saved_len, NULL));
   }

   // No post office there at all, or the folder above MAILDATA.
   const char *wrong[] = {"/nonexistent/MAILDATA", f->po.root};
   for (gsize i = 0; i < G_N_ELEMENTS (wrong); i++) {
      mig_account acct = {.struct_size = sizeof acct,
                          .postoffice = wrong[i],
                          .user = "U00001",
                          .hex_id = "00000A01"};
      memset (&a, 0, sizeof a);
      a.struct_size = sizeof a;
      g_assert_cmpint (f->pre->pre_migrate (&acct, &a), ==, MIG_VERDICT_BLOCK);
      g_assert_cmpstr (a.cause, ==, "postoffice-layout");
      g_assert_false (a.flags & MIG_ANSWER_RETRYABLE);
   }
}

// invalid-hex-id is found before any migration: no event, and the entry for
// that condition (event 0), not 7007's.
static void
test_invalid_hex_id_has_no_event (Fixture *f, gconstpointer unused)
{
   (void) unused;
   mig_answer a;
   g_assert_cmpint (pre_migrate (f, 0, "U0000X", "0000023G", 0, &a), ==,
                    MIG_VERDICT_BLOCK);
   g_assert_cmpstr (a.cause, ==, "invalid-hex-id");
   g_assert_cmpuint (a.event_id, ==, 0);
   g_assert_null (strstr (a.text, "7007"));
   g_assert_cmpuint (strlen (a.message_id), ==, 32);
}

// A path longer than mig_answer.path holds is left "", never cut into
// another file's name; the text still names it whole.
static void
test_long_path_is_left_out_not_cut (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *a200 = g_strnfill (200, 'a');
   g_autofree char *b200 = g_strnfill (200, 'b');
   g_autofree char *c200 = g_strnfill (200, 'c');
   g_autofree char *deep =
      g_build_filename (f->po.root, a200, b200, c200, NULL);
   g_assert_cmpint (g_mkdir_with_parents (deep, 0700), ==, 0);
   g_autofree char *maildata = g_build_filename (deep, "MAILDATA", NULL);
   g_assert_cmpint (symlink (f->po.maildata, maildata), ==, 0);
   g_autofree char *short_maildata = f->po.maildata;
   f->po.maildata = maildata;
   mig_answer a;
   int32_t verdict = pre_migrate (f, 0, "U00001", "00000A01", 0, &a);
   f->po.maildata = g_steal_pointer (&short_maildata);
   g_assert_cmpint (verdict, >=, MIG_VERDICT_PROCEED);
   g_assert_cmpstr (a.path, ==, "");
   g_assert_cmpuint (strlen (maildata), >=, sizeof a.path);
   g_autofree char *whole = g_build_filename (maildata, "MMF", NULL);
   if (a.text_needed > 0)
      g_assert_nonnull (strstr (a.text, whole));
   // (the post office's symlink goes with the tree postoffice_fixture_clear
   // removes)
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
#define ADD(name, fn)                                                          \
   g_test_add ("/pre-migrate/" name, Fixture, NULL, setup, fn, teardown)
   ADD ("host-lock-survives", test_host_lock_survives_pre_migrate);
   ADD ("mmf-bytes-and-times-unchanged", test_mmf_bytes_and_times_unchanged);
   ADD ("held-mmf-never-proceeds-while-locks-churn",
        test_held_mmf_never_proceeds_while_locks_churn);
   ADD ("file-causes-through-the-abi", test_file_causes_through_the_abi);
   ADD ("batch-reports-postoffice-once", test_batch_reports_postoffice_once);
   ADD ("short-and-long-structs", test_short_and_long_structs);
   ADD ("strongest-finding-decides", test_strongest_finding_decides);
   ADD ("postoffice-verdict-in-pre-migrate",
        test_postoffice_verdict_carried_into_pre_migrate);
   ADD ("invalid-hex-id-has-no-event", test_invalid_hex_id_has_no_event);
   ADD ("fields-agree-with-text", test_fields_agree_with_text);
   ADD ("case-twins-block-naming-both", test_case_twins_block_naming_both);
   ADD ("long-path-is-left-out-not-cut", test_long_path_is_left_out_not_cut);
#undef ADD
   return g_test_run ();
}
