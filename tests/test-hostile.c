// Hostile input through the ABI: whatever a host or a file system hands the
// plugin, it answers with a verdict or an error code, never a crash, a hang,
// an escape sequence in its text, a change to a file — and never "proceed"
// when it could not establish the lock state. Cases that need a changed
// process (another user, few descriptors, no /proc) run in a forked child.
//
// Each case prints how long it took (a TAP comment); the only bound asserted
// is a hang guard, not a performance claim (those come from bench/).

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mig-plugin.h"
#include "plugin-fixture.h"
#include "postoffice-fixture.h"

#define HANG_GUARD_US (5 * G_USEC_PER_SEC)

static const mig_plugin_entry *entry;
static const mig_hook_pre_migrate *pre;
static const mig_hook_on_error *on_error;
static const mig_hook_batch_begin *begin;
static PostofficeFixture po;
static char text[16384];

static int32_t
pre_migrate_as (const char *user, const char *hex, mig_answer *a)
{
   mig_account acct = {.struct_size = sizeof acct,
                       .postoffice = po.maildata,
                       .user = user,
                       .hex_id = hex};
   *a = (mig_answer){
      .struct_size = sizeof *a, .text = text, .text_size = sizeof text};
   gint64 start = g_get_monotonic_time ();
   int32_t v = pre->pre_migrate (&acct, a);
   gint64 took = g_get_monotonic_time () - start;
   g_autofree char *head = g_strndup (user, 20);
   g_autofree char *shown = g_strescape (head, NULL);
   g_test_message (
      "pre-migrate of \"%s\"...: verdict %d, cause %s, %" G_GINT64_FORMAT " us",
      shown, v, a->cause, took);
   g_assert_cmpint (took, <, HANG_GUARD_US);
   return v;
}

static void
assert_clean_text (const char *t)
{
   for (const char *p = t; *p != '\0'; p++)
      g_assert_true ((unsigned char) *p >= 0x20 || *p == '\n' || *p == '\t');
   g_assert_true (g_utf8_validate (t, -1, NULL));
}

static void
test_null_pointers (void)
{
   mig_answer a = {.struct_size = sizeof a};
   g_assert_cmpint (pre->pre_migrate (NULL, &a), ==, MIG_ERR_INVALID_ARGUMENT);
   g_assert_cmpint (on_error->on_error (NULL, &a), ==,
                    MIG_ERR_INVALID_ARGUMENT);
   g_assert_cmpint (begin->begin (NULL, &a), ==, MIG_ERR_INVALID_ARGUMENT);
   mig_account acct = {.struct_size = sizeof acct,
                       .postoffice = po.maildata,
                       .user = NULL,
                       .hex_id = "00000A01"};
   g_assert_cmpint (pre->pre_migrate (&acct, &a), ==, MIG_ERR_INVALID_ARGUMENT);
   acct.user = "U00001";
   acct.postoffice = NULL;
   g_assert_cmpint (pre->pre_migrate (&acct, &a), ==, MIG_ERR_INVALID_ARGUMENT);
   // A text size without a buffer.
   acct.postoffice = po.maildata;
   a.text_size = 10;
   g_assert_cmpint (pre->pre_migrate (&acct, &a), ==, MIG_ERR_INVALID_ARGUMENT);
   // Inserts claimed but missing.
   mig_event e = {.struct_size = sizeof e, .event_id = 7007, .n_inserts = 2};
   a.text_size = 0;
   g_assert_cmpint (on_error->on_error (&e, &a), ==, MIG_ERR_INVALID_ARGUMENT);
   // No answer at all is allowed: only the verdict is wanted.
   g_assert_cmpint (pre->pre_migrate (&acct, NULL), >=, MIG_VERDICT_NO_OPINION);
}

static void
test_non_utf8_is_refused (void)
{
   mig_answer a;
   g_assert_cmpint (pre_migrate_as ("U\xff\xfe", "00000A01", &a), ==,
                    MIG_ERR_INVALID_ARGUMENT);
   g_assert_cmpint (pre_migrate_as ("U00001", "0000\xc3", &a), ==,
                    MIG_ERR_INVALID_ARGUMENT);
   const char *inserts[] = {"U\xc3\x28", "x"};
   mig_event e = {.struct_size = sizeof e,
                  .event_id = 7007,
                  .inserts = inserts,
                  .n_inserts = 2};
   g_assert_cmpint (on_error->on_error (&e, &a), ==, MIG_ERR_INVALID_ARGUMENT);
}

static void
test_64k_strings_and_format_specifiers (void)
{
   mig_answer a;
   g_autofree char *huge = g_strnfill (65536, 'A');
   int32_t v = pre_migrate_as (huge, "0000BEEF", &a);
   g_assert_cmpint (v, ==, MIG_VERDICT_BLOCK);
   g_assert_cmpstr (a.cause, ==, "mmf-not-on-postoffice");
   g_assert_cmpuint (a.text_needed, >, 65536);
   g_assert_cmpuint (strlen (text), ==, sizeof text - 1);

   v = pre_migrate_as ("%n%s%x%p", "0000BEEF", &a);
   g_assert_cmpint (v, ==, MIG_VERDICT_BLOCK);
   g_assert_nonnull (strstr (text, "%n%s%x%p"));
}

static void
test_terminal_escapes_never_reach_the_text (void)
{
   mig_answer a;
   pre_migrate_as ("EVIL\x1b[2J\x1b]0;owned\x07\xc2\x9b"
                   "31m",
                   "0000BEEF", &a);
   g_assert_cmpstr (a.cause, ==, "mmf-not-on-postoffice");
   assert_clean_text (text);
   g_assert_null (strstr (text, "\x1b"));
   g_assert_null (strstr (text, "\xc2\x9b"));
   g_assert_nonnull (strstr (text, "EVIL"));
}

static void
test_ids_that_walk_out_of_the_postoffice (void)
{
   const char *ids[] = {"../../etc/shadow",
                        "../MMF/00000A01",
                        "/etc/passwd",
                        "00000A01/..",
                        "0000 A01",
                        "0x00A01",
                        "",
                        "00000A01.MMF"};
   for (gsize i = 0; i < G_N_ELEMENTS (ids); i++) {
      mig_answer a;
      g_assert_cmpint (pre_migrate_as ("U00001", ids[i], &a), ==,
                       MIG_VERDICT_BLOCK);
      g_assert_cmpstr (a.cause, ==, "invalid-hex-id");
      g_assert_cmpstr (a.path, ==, "");
   }
}

static void
test_strange_files_where_the_mmf_should_be (void)
{
   g_autofree char *loop = postoffice_fixture_mmf (&po, "00000A02.MMF");
   g_autofree char *fifo = postoffice_fixture_mmf (&po, "00000A03.MMF");
   g_autofree char *dev = postoffice_fixture_mmf (&po, "00000A04.MMF");
   g_unlink (loop);
   g_unlink (fifo);
   g_unlink (dev);
   g_assert_cmpint (symlink ("00000A02.MMF", loop), ==, 0);
   g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
   g_assert_cmpint (symlink ("/dev/zero", dev), ==, 0);
   const char *ids[] = {"00000A02", "00000A03", "00000A04"};
   // A link is a finding of its own, wherever it points.
   const char *causes[] = {"mmf-symlink", "mmf-not-regular", "mmf-symlink"};
   for (gsize i = 0; i < G_N_ELEMENTS (ids); i++) {
      mig_answer a;
      g_assert_cmpint (pre_migrate_as ("U0000X", ids[i], &a), ==,
                       MIG_VERDICT_BLOCK);
      g_assert_cmpstr (a.cause, ==, causes[i]);
   }
}

// Runs `fn` in a forked child and returns what it exits with; a crash or a
// hang fails the test.
static int
in_child (int (*fn) (void))
{
   fflush (NULL);
   pid_t pid = fork ();
   if (pid == 0)
      _exit (fn ());
   int status = 0;
   gint64 deadline = g_get_monotonic_time () + HANG_GUARD_US;
   while (waitpid (pid, &status, WNOHANG) == 0) {
      if (g_get_monotonic_time () > deadline) {
         kill (pid, SIGKILL);
         waitpid (pid, &status, 0);
         g_error ("the child hung");
      }
      g_usleep (1000);
   }
   g_assert_true (WIFEXITED (status));
   return WEXITSTATUS (status);
}

// Exit codes of the children: 0 = the expected verdict and cause.
static int
expect (int32_t v, const mig_answer *a, int32_t verdict, const char *cause)
{
   if (v != verdict)
      return 10 + (v < 0 ? 0 : v);
   return strcmp (a->cause, cause) == 0 ? 0 : 20;
}

static int
child_few_descriptors (void)
{
   struct rlimit lim = {.rlim_cur = 16, .rlim_max = 16};
   if (setrlimit (RLIMIT_NOFILE, &lim) != 0)
      return 77;
   while (open ("/dev/null", O_RDONLY) >= 0)
      ;
   mig_answer a;
   int32_t v = pre_migrate_as ("U00005", "00000A05", &a);
   // Nothing can be opened: neither the MMF folder listed (for the file
   // whatever its case, and a twin) nor the lock table read. Never
   // "proceed": deferred for whichever is found first.
   if (v == MIG_VERDICT_PROCEED)
      return 30;
   return expect (v, &a, MIG_VERDICT_DEFER, "mmf-unreadable") == 0
             ? 0
             : expect (v, &a, MIG_VERDICT_DEFER, "lock-state-unknown");
}

static void
test_descriptors_exhausted (void)
{
   int rc = in_child (child_few_descriptors);
   if (rc == 77) {
      // valgrind keeps descriptors of its own above the limit it allows.
      g_test_skip ("cannot lower the descriptor limit here");
      return;
   }
   g_assert_cmpint (rc, ==, 0);
}

static int
child_without_proc (void)
{
   if (unshare (CLONE_NEWNS) != 0 ||
       mount ("none", "/", "none", MS_REC | MS_PRIVATE, NULL) != 0 ||
       mount ("none", "/proc", "tmpfs", 0, NULL) != 0)
      return 77;
   mig_answer a;
   int32_t v = pre_migrate_as ("U00005", "00000A05", &a);
   return v == MIG_VERDICT_PROCEED
             ? 30
             : expect (v, &a, MIG_VERDICT_DEFER, "lock-state-unknown");
}

static void
test_proc_unreadable (void)
{
   int rc = in_child (child_without_proc);
   if (rc == 77) {
      g_test_skip ("cannot make a mount namespace here (needs root)");
      return;
   }
   g_assert_cmpint (rc, ==, 0);
}

static int
child_as_nobody (void)
{
   struct passwd *nobody = getpwnam ("nobody");
   if (nobody == NULL || setgid (nobody->pw_gid) != 0 ||
       setuid (nobody->pw_uid) != 0)
      return 77;
   mig_answer a;
   // The MMF folder is closed to everyone but root.
   int32_t v = pre_migrate_as ("U00001", "00000A01", &a);
   return v == MIG_VERDICT_PROCEED
             ? 30
             : expect (v, &a, MIG_VERDICT_DEFER, "mmf-unreadable");
}

static void
test_permission_denied (void)
{
   if (getuid () != 0) {
      g_test_skip ("needs root to become another user");
      return;
   }
   g_autofree char *mmf_dir = g_build_filename (po.maildata, "MMF", NULL);
   g_autofree char *glb_dir = g_build_filename (po.maildata, "GLB", NULL);
   g_assert_cmpint (g_chmod (mmf_dir, 0700), ==, 0);
   // GLB writable by all: else the post office is read-only for nobody, and
   // that block rightly outweighs the MMF folder's refusal.
   g_assert_cmpint (g_chmod (glb_dir, 0777), ==, 0);
   // The temporary folder above MAILDATA is the creator's alone (0700):
   // nobody could not reach the post office at all, a block of its own.
   g_autofree char *root = g_path_get_dirname (po.maildata);
   g_assert_cmpint (g_chmod (root, 0755), ==, 0);
   int rc = in_child (child_as_nobody);
   g_chmod (root, 0700);
   g_chmod (mmf_dir, 0755);
   g_chmod (glb_dir, 0755);
   g_assert_cmpint (rc, ==, 0);
}

static void
test_nothing_changed_on_disk (void)
{
   // Every MMF the generator wrote, byte for byte, after all of the above.
   g_autofree char *path = postoffice_fixture_mmf (&po, "00000A01.MMF");
   struct stat st;
   g_assert_cmpint (stat (path, &st), ==, 0);
   g_assert_cmpint (g_get_real_time () / G_USEC_PER_SEC - st.st_mtime, >,
                    24 * 3600);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   entry = plugin_fixture_entry ();
   static const mig_host host = {.struct_size = sizeof (mig_host),
                                 .abi_major = MIG_ABI_VERSION_MAJOR,
                                 .name = "test-hostile",
                                 .version = "1"};
   g_assert_cmpint (entry->init (&host, NULL, 0), ==, MIG_OK);
   pre = entry->get_hook (MIG_HOOK_PRE_MIGRATE);
   on_error = entry->get_hook (MIG_HOOK_ON_ERROR);
   begin = entry->get_hook (MIG_HOOK_BATCH_BEGIN);
   postoffice_fixture_make (&po, 6, NULL);

   g_test_add_func ("/hostile/null-pointers", test_null_pointers);
   g_test_add_func ("/hostile/non-utf8-is-refused", test_non_utf8_is_refused);
   g_test_add_func ("/hostile/64k-strings-and-format-specifiers",
                    test_64k_strings_and_format_specifiers);
   g_test_add_func ("/hostile/terminal-escapes-never-reach-the-text",
                    test_terminal_escapes_never_reach_the_text);
   g_test_add_func ("/hostile/ids-that-walk-out-of-the-postoffice",
                    test_ids_that_walk_out_of_the_postoffice);
   g_test_add_func ("/hostile/strange-files-where-the-mmf-should-be",
                    test_strange_files_where_the_mmf_should_be);
   g_test_add_func ("/hostile/descriptors-exhausted",
                    test_descriptors_exhausted);
   g_test_add_func ("/hostile/proc-unreadable", test_proc_unreadable);
   g_test_add_func ("/hostile/permission-denied", test_permission_denied);
   g_test_add_func ("/hostile/nothing-changed-on-disk",
                    test_nothing_changed_on_disk);
   int rc = g_test_run ();
   postoffice_fixture_clear (&po);
   entry->deinit ();
   return rc;
}
