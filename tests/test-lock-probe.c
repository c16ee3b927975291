// test-lock-probe — the probe against real holder processes of every kind
// (tests/lock-holder.c), each of which checks afterwards that its lock
// survived the probe; the test's own lock is reported as the host's and
// survives too. Samba's side is driven through a stand-in smbstatus that
// prints prepared JSON; tests/samba/ runs the real thing.

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/wait.h>
#include <sys/file.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lock-holder-process.h"
#include "file-tree.h"
#include "lock-probe.h"
#include "mig-plugin.h"

typedef struct {
   char *dir;
   char *mmf; // dir/0000023A.MMF, a regular file with content
   MmfgSettings settings;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autoptr (GError) error = NULL;
   f->dir = g_dir_make_tmp ("mmfg-lock-probe-XXXXXX", &error);
   g_assert_no_error (error);
   f->mmf = g_build_filename (f->dir, "0000023A.MMF", NULL);
   g_assert_true (g_file_set_contents (f->mmf, "mail file contents", -1, NULL));
   f->settings.samba = MMFG_SAMBA_OFF;
   f->settings.stale_after_s = 3600;
   f->settings.smbstatus_timeout_ms = 5000;
}

static void
fixture_tear_down (Fixture *f, gconstpointer unused)
{
   (void) unused;
   mh_remove_tree (f->dir);
   g_free (f->dir);
   g_free (f->mmf);
   g_free (f->settings.smbstatus_path);
}

static MmfgLockFacts
query_path (const MmfgLockSnapshot *snapshot, const char *path)
{
   struct stat st;
   g_assert_cmpint (stat (path, &st), ==, 0);
   MmfgLockFacts facts = {0};
   mmfg_lock_snapshot_query (snapshot, st.st_dev, st.st_ino, path, &facts);
   return facts;
}

static void
facts_clear (MmfgLockFacts *facts)
{
   g_clear_pointer (&facts->open_error, g_free);
   g_clear_pointer (&facts->lock_table_error, g_free);
   g_clear_pointer (&facts->smbstatus_error, g_free);
   g_clear_pointer (&facts->fs_error, g_free);
   g_clear_pointer (&facts->holders, g_ptr_array_unref);
}

static const MmfgHolder *
holder_at (const MmfgLockFacts *facts, guint i)
{
   g_assert_cmpuint (facts->holders->len, >, i);
   return g_ptr_array_index (facts->holders, i);
}

typedef struct {
   const char *kind;
   int lock;
   gboolean lease;
} KindCase;

static const KindCase kind_cases[] = {
   {"posix-write", MIG_LOCK_POSIX, FALSE},
   {"posix-read", MIG_LOCK_POSIX, FALSE},
   {"ofd-write", MIG_LOCK_OFD, FALSE},
   {"ofd-read", MIG_LOCK_OFD, FALSE},
   {"flock-ex", MIG_LOCK_FLOCK, FALSE},
   {"flock-sh", MIG_LOCK_FLOCK, FALSE},
   {"lease-read", MIG_LOCK_LEASE, TRUE},
   {"lease-write", MIG_LOCK_LEASE, TRUE},
   {"msmail", MIG_LOCK_POSIX, FALSE},
};

static void
assert_named_client (const MmfgHolder *holder, const LockHolderProcess *process,
                     int lock)
{
   g_assert_cmpint (holder->lock, ==, lock);
   g_assert_cmpint (holder->pid, ==, lock_holder_process_pid (process));
   g_assert_cmpstr (holder->program, ==, "lock-holder");
   g_assert_cmpstr (holder->unix_user, ==, g_get_user_name ());
   g_assert_false (holder->is_host);
   g_assert_false (holder->possibly_stale);
   g_assert_null (holder->smb_user);
}

static void
test_holder_of_kind_is_named_and_undisturbed (Fixture *f, gconstpointer data)
{
   const KindCase *c = data;
   g_autoptr (LockHolderProcess) holder =
      lock_holder_process_start (c->kind, f->mmf);
   g_autoptr (MmfgLockSnapshot) snapshot =
      mmfg_lock_snapshot_take (&f->settings, NULL, f->dir, NULL);
   MmfgLockFacts facts = query_path (snapshot, f->mmf);

   g_assert_true (facts.known);
   g_assert_null (facts.open_error);
   // msmail's three ranges are one holder, not three.
   g_assert_cmpuint (facts.holders->len, ==, 1);
   assert_named_client (holder_at (&facts, 0), holder, c->lock);
   struct stat st;
   g_assert_cmpint (stat (f->mmf, &st), ==, 0);
   g_assert_cmpint (
      mmfg_lock_snapshot_open_disturbs (snapshot, st.st_dev, st.st_ino, f->mmf),
      ==, c->lease);
   facts_clear (&facts);
   lock_holder_process_stop_and_assert_intact (holder);
}

static void
test_free_file_has_no_holder (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *other = g_build_filename (f->dir, "00000B01.MMF", NULL);
   g_assert_true (g_file_set_contents (other, "x", -1, NULL));
   g_autoptr (LockHolderProcess) holder =
      lock_holder_process_start ("posix-write", other);
   g_autoptr (MmfgLockSnapshot) snapshot =
      mmfg_lock_snapshot_take (&f->settings, NULL, f->dir, NULL);
   MmfgLockFacts facts = query_path (snapshot, f->mmf);
   g_assert_true (facts.known);
   g_assert_cmpuint (facts.holders->len, ==, 0);
   facts_clear (&facts);
   lock_holder_process_stop_and_assert_intact (holder);
}

static void
test_holder_through_hard_link_is_found (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *link_path =
      g_build_filename (f->dir, "ELSEWHERE.DAT", NULL);
   g_assert_cmpint (link (f->mmf, link_path), ==, 0);
   g_autoptr (LockHolderProcess) holder =
      lock_holder_process_start ("msmail", link_path);
   g_autoptr (MmfgLockSnapshot) snapshot =
      mmfg_lock_snapshot_take (&f->settings, NULL, f->dir, NULL);
   MmfgLockFacts facts = query_path (snapshot, f->mmf);
   g_assert_cmpuint (facts.holders->len, ==, 1);
   assert_named_client (holder_at (&facts, 0), holder, MIG_LOCK_POSIX);
   facts_clear (&facts);
   lock_holder_process_stop_and_assert_intact (holder);
}

static void
test_mmf_path_that_is_a_symlink_is_followed (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *real = g_build_filename (f->dir, "real-mail-file", NULL);
   g_assert_cmpint (g_rename (f->mmf, real), ==, 0);
   g_assert_cmpint (symlink (real, f->mmf), ==, 0);
   g_autoptr (LockHolderProcess) holder =
      lock_holder_process_start ("ofd-write", real);
   g_autoptr (MmfgLockSnapshot) snapshot =
      mmfg_lock_snapshot_take (&f->settings, NULL, f->dir, NULL);
   MmfgLockFacts facts = query_path (snapshot, f->mmf);
   g_assert_cmpuint (facts.holders->len, ==, 1);
   assert_named_client (holder_at (&facts, 0), holder, MIG_LOCK_OFD);
   facts_clear (&facts);
   lock_holder_process_stop_and_assert_intact (holder);
}

// How many POSIX locks this process holds on `ino`, from /proc/locks.
static guint
own_posix_locks (ino_t ino)
{
   g_autofree char *text = NULL;
   g_assert_true (g_file_get_contents ("/proc/locks", &text, NULL, NULL));
   g_autofree char *needle = g_strdup_printf (" %d ", (int) getpid ());
   g_autofree char *inode = g_strdup_printf (":%lu ", (unsigned long) ino);
   g_auto (GStrv) lines = g_strsplit (text, "\n", 0);
   guint count = 0;
   for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], "POSIX") && strstr (lines[i], needle) &&
          strstr (lines[i], inode) && !strstr (lines[i], "->"))
         count++;
   return count;
}

static void
test_host_lock_is_reported_last_and_survives (Fixture *f, gconstpointer unused)
{
   (void) unused;
   int fd = open (f->mmf, O_RDWR | O_CLOEXEC);
   g_assert_cmpint (fd, >=, 0);
   struct flock lock = {
      .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
   g_assert_cmpint (fcntl (fd, F_SETLK, &lock), ==, 0);
   struct stat st;
   g_assert_cmpint (fstat (fd, &st), ==, 0);
   g_assert_cmpuint (own_posix_locks (st.st_ino), ==, 1);
   g_autoptr (LockHolderProcess) client =
      lock_holder_process_start ("flock-sh", f->mmf);

   g_autoptr (MmfgLockSnapshot) snapshot =
      mmfg_lock_snapshot_take (&f->settings, NULL, f->dir, NULL);
   MmfgLockFacts facts = query_path (snapshot, f->mmf);
   g_assert_cmpuint (facts.holders->len, ==, 2);
   assert_named_client (holder_at (&facts, 0), client, MIG_LOCK_FLOCK);
   const MmfgHolder *host = holder_at (&facts, 1);
   g_assert_true (host->is_host);
   g_assert_cmpint (host->pid, ==, getpid ());
   g_assert_cmpint (host->lock, ==, MIG_LOCK_POSIX);
   facts_clear (&facts);

   // The probe must not have closed any descriptor of the file here.
   g_assert_cmpuint (own_posix_locks (st.st_ino), ==, 1);
   lock_holder_process_stop_and_assert_intact (client);
   close (fd);
}

typedef struct {
   const MmfgLockSnapshot *snapshot;
   struct stat st;
   const char *path;
   gint64 expected_pid;
   gint mismatches;
} ConcurrentQuery;

static gpointer
query_many (gpointer data)
{
   ConcurrentQuery *q = data;
   for (int i = 0; i < 2000; i++) {
      MmfgLockFacts facts = {0};
      mmfg_lock_snapshot_query (q->snapshot, q->st.st_dev, q->st.st_ino,
                                q->path, &facts);
      const MmfgHolder *h =
         facts.holders->len ? g_ptr_array_index (facts.holders, 0) : NULL;
      if (h == NULL || h->pid != q->expected_pid ||
          g_strcmp0 (h->program, "lock-holder") != 0)
         g_atomic_int_inc (&q->mismatches);
      facts_clear (&facts);
   }
   return NULL;
}

static void
test_concurrent_queries_agree (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autoptr (LockHolderProcess) holder =
      lock_holder_process_start ("ofd-write", f->mmf);
   g_autoptr (MmfgLockSnapshot) snapshot =
      mmfg_lock_snapshot_take (&f->settings, NULL, f->dir, NULL);
   ConcurrentQuery q = {
      snapshot, {0}, f->mmf, lock_holder_process_pid (holder), 0};
   g_assert_cmpint (stat (f->mmf, &q.st), ==, 0);
   GThread *threads[8];
   for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
      threads[i] = g_thread_new ("query", query_many, &q);
   for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
      g_thread_join (threads[i]);
   g_assert_cmpint (q.mismatches, ==, 0);
   lock_holder_process_stop_and_assert_intact (holder);
}

// --- Samba, through a stand-in smbstatus

// Writes an executable that prints `json` and exits with `status` (after
// sleeping `sleep_s` seconds), and points the settings at it.
static void
use_fake_smbstatus (Fixture *f, const char *json, int status, int sleep_s)
{
   g_autofree char *json_path =
      g_build_filename (f->dir, "smbstatus.json", NULL);
   g_assert_true (g_file_set_contents (json_path, json, -1, NULL));
   g_autofree char *script =
      g_strdup_printf ("#!/bin/sh\n"
                       "[ \"$1 $2\" = \"-B --json\" ] || { echo \"bad "
                       "arguments: $*\" >&2; exit 64; }\n"
                       "sleep %d\ncat '%s'\necho 'stderr text' >&2\nexit %d\n",
                       sleep_s, json_path, status);
   g_free (f->settings.smbstatus_path);
   f->settings.smbstatus_path =
      g_build_filename (f->dir, "fake-smbstatus", NULL);
   g_assert_true (
      g_file_set_contents (f->settings.smbstatus_path, script, -1, NULL));
   g_assert_cmpint (g_chmod (f->settings.smbstatus_path, 0755), ==, 0);
}

static char *
smbstatus_json_for (const char *path, gint64 pid, const char *opened_at,
                    const char *sharemode_hex, const char *access_hex)
{
   struct stat st;
   g_assert_cmpint (stat (path, &st), ==, 0);
   return g_strdup_printf (
      "{\"version\": \"4.17.12-Debian\","
      " \"sessions\": {\"1\": {\"server_id\": {\"pid\": \"%" G_GINT64_FORMAT
      "\"},"
      "   \"username\": \"jsmith\", \"remote_machine\": \"PC-0417\","
      "   \"hostname\": \"ipv4:192.0.2.17:50123\"}},"
      " \"tcons\": {\"2\": {\"service\": \"maildata\", \"server_id\": "
      "{\"pid\": \"%" G_GINT64_FORMAT "\"},"
      "   \"connected_at\": \"%s\"}},"
      " \"open_files\": {\"%s\": {\"fileid\": {\"devid\": %" G_GUINT64_FORMAT
      ", \"inode\": %" G_GUINT64_FORMAT "},"
      "   \"opens\": {\"x\": {\"server_id\": {\"pid\": \"%" G_GINT64_FORMAT
      "\"},"
      "     \"sharemode\": {\"hex\": \"%s\"}, \"access_mask\": {\"hex\": "
      "\"%s\"},"
      "     \"opened_at\": \"%s\"}}}},"
      " \"byte_range_locks\": {}}",
      pid, pid, opened_at, path, (guint64) st.st_dev, (guint64) st.st_ino, pid,
      sharemode_hex, access_hex, opened_at);
}

static void
test_share_mode_holder_names_smb_user_and_machine (Fixture *f,
                                                   gconstpointer unused)
{
   (void) unused;
   // A live process stands in for the smbd, holding an OFD lock as smbd does
   // for an SMB byte-range lock: the kernel lock and the share mode are one
   // holder, named by its SMB session.
   g_autoptr (LockHolderProcess) smbd =
      lock_holder_process_start ("ofd-write", f->mmf);
   g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
   g_autofree char *recent = g_date_time_format_iso8601 (now);
   gint64 smbd_pid = lock_holder_process_pid (smbd);
   g_autofree char *json =
      smbstatus_json_for (f->mmf, smbd_pid, recent, "0x00000001", "0x00000003");
   use_fake_smbstatus (f, json, 0, 0);
   f->settings.samba = MMFG_SAMBA_ON;

   g_autoptr (MmfgLockSnapshot) snapshot =
      mmfg_lock_snapshot_take (&f->settings, NULL, f->dir, NULL);
   MmfgLockFacts facts = query_path (snapshot, f->mmf);
   g_assert_true (facts.known);
   g_assert_cmpuint (facts.holders->len, ==, 1);
   const MmfgHolder *h = holder_at (&facts, 0);
   g_assert_cmpint (h->lock, ==, MIG_LOCK_SHARE_MODE);
   g_assert_cmpint (h->pid, ==, smbd_pid);
   g_assert_cmpstr (h->program, ==, "smbd");
   g_assert_cmpstr (h->smb_user, ==, "jsmith");
   g_assert_cmpstr (h->client_machine, ==, "PC-0417 (192.0.2.17)");
   g_assert_cmpint (h->since, ==, g_date_time_to_unix (now));
   g_assert_false (h->possibly_stale);
   facts_clear (&facts);
   lock_holder_process_stop_and_assert_intact (smbd);
}

static void
test_kernel_lock_of_smbd_is_tied_to_its_session (Fixture *f,
                                                 gconstpointer unused)
{
   (void) unused;
   // A deny-none read-only open is no hold, so only the kernel lock remains;
   // it is still named by the session of the process that took it.
   g_autoptr (LockHolderProcess) smbd =
      lock_holder_process_start ("posix-write", f->mmf);
   g_autofree char *read_only = smbstatus_json_for (
      f->mmf, lock_holder_process_pid (smbd), "2020-01-01T08:00:00+00:00",
      "0x00000003", "0x00000001");
   use_fake_smbstatus (f, read_only, 0, 0);
   f->settings.samba = MMFG_SAMBA_ON;

   g_autoptr (MmfgLockSnapshot) snapshot =
      mmfg_lock_snapshot_take (&f->settings, NULL, f->dir, NULL);
   MmfgLockFacts facts = query_path (snapshot, f->mmf);
   g_assert_true (facts.known);
   g_assert_cmpuint (facts.holders->len, ==, 1);
   const MmfgHolder *h = holder_at (&facts, 0);
   g_assert_cmpint (h->lock, ==, MIG_LOCK_POSIX);
   g_assert_cmpstr (h->program, ==, "lock-holder");
   g_assert_cmpstr (h->smb_user, ==, "jsmith");
   g_assert_cmpstr (h->client_machine, ==, "PC-0417 (192.0.2.17)");
   // Connected in 2020: far older than an hour, so possibly stale, with the
   // share the catalog's close-share command needs.
   g_assert_true (h->possibly_stale);
   g_assert_cmpint (h->stale, ==, MMFG_STALE_IDLE);
   g_assert_cmpint (h->idle_minutes, >, 60);
   g_assert_cmpuint (h->idle_limit_minutes, ==, 60);
   g_assert_cmpstr (h->service, ==, "maildata");
   facts_clear (&facts);
   lock_holder_process_stop_and_assert_intact (smbd);
}

static void
test_smbd_that_exited_is_possibly_stale (Fixture *f, gconstpointer unused)
{
   (void) unused;
   // A pid far above pid_max cannot exist.
   g_autofree char *json =
      smbstatus_json_for (f->mmf, 2000000000, "2099-01-01T00:00:00+00:00",
                          "0x00000000", "0x00000003");
   use_fake_smbstatus (f, json, 0, 0);
   f->settings.samba = MMFG_SAMBA_ON;
   g_autoptr (MmfgLockSnapshot) snapshot =
      mmfg_lock_snapshot_take (&f->settings, NULL, f->dir, NULL);
   MmfgLockFacts facts = query_path (snapshot, f->mmf);
   g_assert_cmpuint (facts.holders->len, ==, 1);
   const MmfgHolder *h = holder_at (&facts, 0);
   g_assert_cmpint (h->lock, ==, MIG_LOCK_SHARE_MODE);
   g_assert_true (h->possibly_stale);
   g_assert_cmpint (h->stale, ==, MMFG_STALE_SMBD_GONE);
   facts_clear (&facts);
}

typedef struct {
   const char *json;
   int status;
   int sleep_s;
   const char *reason_part;
} FailureCase;

static const FailureCase failure_cases[] = {
   {"{\"version\": \"4.17\"}", 1, 0, "exited with status 1"},
   {"{\"version\": \"4.17\"}", 0, 0, "no open_files"},
   {"{\"open_files\": {", 0, 0, "not a JSON object"},
   {"{\"open_files\": {}}", 0, 30, "did not finish within 300 ms"},
};

static void
test_samba_on_without_answer_is_unknown (Fixture *f, gconstpointer data)
{
   const FailureCase *c = data;
   use_fake_smbstatus (f, c->json, c->status, c->sleep_s);
   f->settings.samba = MMFG_SAMBA_ON;
   f->settings.smbstatus_timeout_ms = 300;
   gint64 start = g_get_monotonic_time ();
   g_autoptr (MmfgLockSnapshot) snapshot =
      mmfg_lock_snapshot_take (&f->settings, NULL, f->dir, NULL);
   g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
   MmfgLockFacts facts = query_path (snapshot, f->mmf);
   g_assert_false (facts.known);
   g_assert_nonnull (strstr (facts.smbstatus_error, "fake-smbstatus"));
   g_assert_nonnull (strstr (facts.smbstatus_error, c->reason_part));
   facts_clear (&facts);
}

static void
test_samba_on_without_smbstatus_is_unknown (Fixture *f, gconstpointer unused)
{
   (void) unused;
   f->settings.samba = MMFG_SAMBA_ON;
   f->settings.smbstatus_path =
      g_build_filename (f->dir, "no-such-smbstatus", NULL);
   g_autoptr (MmfgLockSnapshot) snapshot =
      mmfg_lock_snapshot_take (&f->settings, NULL, f->dir, NULL);
   MmfgLockFacts facts = query_path (snapshot, f->mmf);
   g_assert_false (facts.known);
   g_assert_nonnull (strstr (facts.smbstatus_error, "no-such-smbstatus"));
   facts_clear (&facts);

   // AUTO: no smbstatus means no Samba here, and the kernel's answer stands.
   f->settings.samba = MMFG_SAMBA_AUTO;
   g_autoptr (MmfgLockSnapshot) automatic =
      mmfg_lock_snapshot_take (&f->settings, NULL, f->dir, NULL);
   facts = query_path (automatic, f->mmf);
   g_assert_true (facts.known);
   facts_clear (&facts);
}

// `flock FILE sleep 600`: the process that took the flock exits (here:
// first a zombie, then reaped), the child that inherited the open file
// description holds the lock on. The holder named is the live child, never
// the dead taker.
static void
test_flock_holder_is_the_live_process_with_the_description (
   Fixture *f, gconstpointer unused)
{
   (void) unused;
   int ready[2], release[2];
   g_assert_cmpint (pipe (ready), ==, 0);
   g_assert_cmpint (pipe (release), ==, 0);
   pid_t taker = fork ();
   g_assert_cmpint (taker, >=, 0);
   if (taker == 0) {
      int fd = open (f->mmf, O_RDONLY);
      if (fd < 0 || flock (fd, LOCK_EX) != 0)
         _exit (1);
      pid_t child = fork ();
      if (child == 0) {
         // The inheritor: tell the test its pid, hold until told to stop
         // (EOF on `release`: its own write end closed first).
         close (release[1]);
         close (ready[0]);
         pid_t me = getpid ();
         if (write (ready[1], &me, sizeof me) != sizeof me)
            _exit (1);
         char byte;
         ssize_t n = read (release[0], &byte, 1);
         _exit (n < 0 ? 1 : 0);
      }
      _exit (child > 0 ? 0 : 1); // the taker leaves at once
   }
   close (ready[1]);
   close (release[0]);
   pid_t inheritor = 0;
   g_assert_cmpint (read (ready[0], &inheritor, sizeof inheritor), ==,
                    sizeof inheritor);
   // The taker has exited but is not reaped yet: a zombie, then gone.
   for (int reaped = 0; reaped < 2; reaped++) {
      if (reaped) {
         int status = 0;
         g_assert_cmpint (waitpid (taker, &status, 0), ==, taker);
      } else {
         while (TRUE) { // until the taker is a zombie (its state Z)
            g_autofree char *stat_path =
               g_strdup_printf ("/proc/%d/stat", taker);
            g_autofree char *stat_text = NULL;
            g_assert_true (
               g_file_get_contents (stat_path, &stat_text, NULL, NULL));
            if (strstr (stat_text, ") Z ") != NULL)
               break;
            g_usleep (1000);
         }
      }
      g_autoptr (MmfgLockSnapshot) snapshot =
         mmfg_lock_snapshot_take (&f->settings, NULL, f->dir, NULL);
      MmfgLockFacts facts = query_path (snapshot, f->mmf);
      g_assert_true (facts.known);
      g_assert_cmpuint (facts.holders->len, ==, 1);
      const MmfgHolder *h = holder_at (&facts, 0);
      g_assert_cmpint (h->lock, ==, MIG_LOCK_FLOCK);
      g_assert_cmpint (h->pid, ==, inheritor);
      g_assert_false (h->possibly_stale);
      g_assert_nonnull (h->program);
      facts_clear (&facts);
   }
   close (release[1]);
   close (ready[0]);
}

// A lock the open file's own test saw that the table lacks (a torn read, or
// a lock taken after the table was read) is added as a holder, named like
// any other, once.
static void
test_tested_lock_missing_from_table_is_added_once (Fixture *f,
                                                   gconstpointer unused)
{
   (void) unused;
   g_autoptr (MmfgLockSnapshot) snapshot =
      mmfg_lock_snapshot_take (&f->settings, NULL, f->dir, NULL);
   g_autoptr (LockHolderProcess) holder =
      lock_holder_process_start ("posix-write", f->mmf);
   MmfgLockFacts facts = query_path (snapshot, f->mmf);
   g_assert_true (facts.known);
   g_assert_cmpuint (facts.holders->len, ==, 0); // taken after the table
   gint64 pid = lock_holder_process_pid (holder);
   mmfg_lock_snapshot_add_tested_lock (snapshot, MIG_LOCK_POSIX, pid, &facts);
   mmfg_lock_snapshot_add_tested_lock (snapshot, MIG_LOCK_POSIX, pid, &facts);
   g_assert_cmpuint (facts.holders->len, ==, 1);
   assert_named_client (holder_at (&facts, 0), holder, MIG_LOCK_POSIX);
   g_assert_cmpstr (holder_at (&facts, 0)->client_machine, ==,
                    g_get_host_name ());
   facts_clear (&facts);

   // An OFD lock's test names no process: one holder, unnamed.
   facts = query_path (snapshot, f->mmf);
   mmfg_lock_snapshot_add_tested_lock (snapshot, MIG_LOCK_OFD, 0, &facts);
   mmfg_lock_snapshot_add_tested_lock (snapshot, MIG_LOCK_OFD, 0, &facts);
   g_assert_cmpuint (facts.holders->len, ==, 1);
   g_assert_cmpint (holder_at (&facts, 0)->lock, ==, MIG_LOCK_OFD);
   g_assert_cmpint (holder_at (&facts, 0)->pid, ==, 0);
   facts_clear (&facts);

   // Unknown stays unknown: nothing is added to a table that was not read.
   MmfgLockFacts unknown = {0};
   mmfg_lock_snapshot_add_tested_lock (snapshot, MIG_LOCK_POSIX, pid, &unknown);
   g_assert_null (unknown.holders);
   lock_holder_process_stop_and_assert_intact (holder);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   for (gsize i = 0; i < G_N_ELEMENTS (kind_cases); i++) {
      g_autofree char *name =
         g_strdup_printf ("/lock-probe/holder/%s", kind_cases[i].kind);
      g_test_add (name, Fixture, &kind_cases[i], fixture_set_up,
                  test_holder_of_kind_is_named_and_undisturbed,
                  fixture_tear_down);
   }
#define ADD(name, fn)                                                          \
   g_test_add (name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
   ADD ("/lock-probe/free-file", test_free_file_has_no_holder);
   ADD ("/lock-probe/hard-link", test_holder_through_hard_link_is_found);
   ADD ("/lock-probe/symlink-mmf", test_mmf_path_that_is_a_symlink_is_followed);
   ADD ("/lock-probe/host-lock", test_host_lock_is_reported_last_and_survives);
   ADD ("/lock-probe/concurrent", test_concurrent_queries_agree);
   ADD ("/lock-probe/tested-lock-added-once",
        test_tested_lock_missing_from_table_is_added_once);
   ADD ("/lock-probe/samba/share-mode",
        test_share_mode_holder_names_smb_user_and_machine);
   ADD ("/lock-probe/samba/kernel-lock-of-smbd",
        test_kernel_lock_of_smbd_is_tied_to_its_session);
   ADD ("/lock-probe/samba/exited-smbd",
        test_smbd_that_exited_is_possibly_stale);
   ADD ("/lock-probe/samba/missing-smbstatus",
        test_samba_on_without_smbstatus_is_unknown);
   for (gsize i = 0; i < G_N_ELEMENTS (failure_cases); i++) {
      g_autofree char *name =
         g_strdup_printf ("/lock-probe/samba/unanswered/%" G_GSIZE_FORMAT, i);
      g_test_add (name, Fixture, &failure_cases[i], fixture_set_up,
                  test_samba_on_without_answer_is_unknown, fixture_tear_down);
   }
   g_test_add ("/lock-probe/flock-holder-is-live-inheritor", Fixture, NULL,
               fixture_set_up,
               test_flock_holder_is_the_live_process_with_the_description,
               fixture_tear_down);
   return g_test_run ();
}
