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

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lock-probe.h"
#include "file-tree.h"
#include "mig-plugin.h"
#include "samba-server.h"

static char *
make_mmf (SambaServer *s, const char *name)
{
   char *path = g_build_filename (s->share_dir, name, NULL);
   g_assert_true (g_file_set_contents (
      path, "an MS Mail message file, for the test", -1, NULL));
   g_assert_cmpint (g_chmod (path, 0666), ==, 0);
   return path;
}

static MmfgLockFacts
query (const MmfgLockSnapshot *snapshot, const char *path)
{
   struct stat st;
   g_assert_cmpint (stat (path, &st), ==, 0);
   MmfgLockFacts facts = {0};
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
   g_autofree char *path =
      g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/comm", pid);
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
   g_test_message ("holder: lock %d pid %" G_GINT64_FORMAT
                   " program %s unix %s smb %s "
                   "machine %s since %" G_GINT64_FORMAT,
                   h->lock, h->pid, h->program, h->unix_user, h->smb_user,
                   h->client_machine, h->since);
   g_assert_cmpint (h->pid, >, 0);
   g_assert_cmpint (h->pid, !=, smbd_pid); // the child, not the parent
   g_autofree char *comm = process_comm (h->pid);
   g_assert_cmpstr (comm, ==, "smbd");
   g_assert_cmpstr (h->program, ==, "smbd");
   g_assert_cmpstr (h->smb_user, ==, SAMBA_SMB_USER);
   g_assert_cmpstr (h->client_machine, ==, SAMBA_CLIENT_MACHINE);
   g_assert_cmpstr (h->unix_user, ==, SAMBA_SMB_USER);
   g_assert_false (h->is_host);
   g_assert_false (h->possibly_stale);
   g_assert_cmpint (h->since, >, 0);
   g_assert_cmpint (h->since, <=, g_get_real_time () / G_USEC_PER_SEC);
}

static void
test_smb_clients_are_named (void)
{
   g_autofree char *missing = samba_missing_prerequisite (TRUE);
   if (missing != NULL) {
      samba_skip_or_fail (missing);
      return;
   }
   SambaServer s = {0};
   samba_server_start (&s);
   g_autofree char *deny_write = make_mmf (&s, "0000023A.MMF");
   g_autofree char *deny_all = make_mmf (&s, "00000B01.MMF");
   g_autofree char *ranged = make_mmf (&s, "00000C01.MMF");
   g_autofree char *free_mmf = make_mmf (&s, "00000D01.MMF");
   gint64 smbd_pid = s.smbd_pid;

   samba_server_hold_open (&s, "0000023A.MMF", 1);
   samba_server_hold_open (&s, "00000B01.MMF", 0);
   samba_server_hold_range (&s, "00000C01.MMF", 0, 100);

   MmfgSettings settings = {0};
   settings.samba = MMFG_SAMBA_ON;
   settings.samba_config = s.conf;
   settings.smbstatus_timeout_ms = 20000;
   settings.stale_after_s = 3600;
   g_autoptr (MmfgLockSnapshot) snapshot =
      mmfg_lock_snapshot_take (&settings, NULL, s.share_dir, NULL);

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

   g_assert_cmpuint (samba_server_release_clients (&s), ==,
                     0); // probing disturbed no one
   samba_server_stop (&s);
}

// Pointed at a configuration whose lock database no smbd uses, smbstatus
// prints a stub without open_files: the probe must say "unknown", not "free".
static void
test_wrong_samba_config_is_unknown_not_free (void)
{
   g_autofree char *missing = samba_missing_prerequisite (FALSE);
   if (missing != NULL) {
      samba_skip_or_fail (missing);
      return;
   }
   g_autoptr (GError) error = NULL;
   g_autofree char *dir = g_dir_make_tmp ("mmfg-samba-XXXXXX", &error);
   g_assert_no_error (error);
   g_autofree char *conf = samba_write_unused_config (dir);
   g_autofree char *mmf = g_build_filename (dir, "0000023A.MMF", NULL);
   g_assert_true (g_file_set_contents (mmf, "x", -1, NULL));

   MmfgSettings settings = {0};
   settings.samba = MMFG_SAMBA_ON;
   settings.samba_config = conf;
   settings.smbstatus_timeout_ms = 20000;
   g_autoptr (MmfgLockSnapshot) snapshot =
      mmfg_lock_snapshot_take (&settings, NULL, dir, NULL);
   MmfgLockFacts facts = query (snapshot, mmf);
   g_assert_false (facts.known);
   g_test_message ("smbstatus: %s", facts.smbstatus_error);
   g_assert_nonnull (strstr (facts.smbstatus_error, "smbstatus"));
   g_assert_nonnull (strstr (facts.smbstatus_error, "open_files"));
   g_free (facts.smbstatus_error);
   g_ptr_array_unref (facts.holders);
   mh_remove_tree (dir);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/samba/smb-clients-named", test_smb_clients_are_named);
   g_test_add_func ("/samba/wrong-config-unknown",
                    test_wrong_samba_config_is_unknown_not_free);
   return g_test_run ();
}
