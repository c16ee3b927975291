// lock-probe-linux.c — the lock probe on Linux: the union of three reads of
// /proc/locks (and one smbstatus call on a Samba server) per snapshot, then
// O(1) lookups by inode per file; for a post office on another server, one
// question to the file server instead. Nothing here opens a mail file, takes a
// lock or breaks a lease: /proc, smbstatus and the file server are the only
// sources. (Opening and closing a file in the host's process would drop the
// host's own POSIX locks on it: abi/README.md, "What the plugin does to mail
// files".)

#include "lock-probe.h"

#include <errno.h>
#include <gio/gio.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "bounded-command.h"
#include "file-system.h"
#include "lock-snapshot-base.h"
#include "mig-plugin.h"
#include "description-owners.h"
#include "proc-locks.h"
#include "process-info.h"
#include "server-view.h"
#include "share-path.h"
#include "smbstatus.h"

#define PROC_ROOT "/proc"
#define PROC_LOCKS PROC_ROOT "/locks"
#define SMBSTATUS_MAX_OUTPUT (256u * 1024 * 1024)

struct MmfgLockSnapshot {
   // The host's pid, the time, the stale limit; for a post office on a
   // network file system (base.server.where.network), where it is and what
   // its file server said. The kernel's table and smbstatus are not read
   // then: they show none of the server's clients.
   MmfgLockSnapshotBase base;

   // The kernel's lock table; kernel_unknown says why it could not be read
   // (the system's words).
   char *kernel_unknown;
   // Why the post office's file system could not be told, or NULL.
   char *fs_unknown;
   GArray *kernel_locks;        // MmfgProcLock; never resized once built
   GHashTable *kernel_by_inode; // guint64* (into kernel_locks) -> GPtrArray

   // Samba's open files, when smbstatus answered; samba_unknown says why it
   // should have answered and did not.
   MmfgSmbStatus *samba;
   char *samba_unknown;

   // A post office on this machine: its device, to notice an MMF that leads
   // elsewhere (a symlink onto a network file system), and what is needed to
   // classify that file system.
   gboolean postoffice_dev_known;
   dev_t postoffice_dev;
   GHashTable *fs_overrides; // a reference to the settings' table, or NULL

   // Filled lazily by queries running concurrently; entries are only ever
   // added, so a pointer read under the lock stays valid until the free.
   // Rationale: a pthread mutex, not GMutex: GLib's is built on raw futexes
   // that ThreadSanitizer cannot see unless GLib itself is instrumented, and
   // the plugin must be provably clean under TSan.
   pthread_mutex_t cache_lock;
   GHashTable *description_owners; // NULL until such a lock matched a query
   GHashTable *processes;          // gint64* -> MmfgProcessInfo*
};

// --- Taking a snapshot: the kernel's table

static void
index_kernel_locks (MmfgLockSnapshot *snapshot)
{
   snapshot->kernel_by_inode = g_hash_table_new_full (
      g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
   for (guint i = 0; i < snapshot->kernel_locks->len; i++) {
      MmfgProcLock *lock =
         &g_array_index (snapshot->kernel_locks, MmfgProcLock, i);
      GPtrArray *same =
         g_hash_table_lookup (snapshot->kernel_by_inode, &lock->inode);
      if (same == NULL) {
         same = g_ptr_array_new ();
         g_hash_table_insert (snapshot->kernel_by_inode, &lock->inode, same);
      }
      g_ptr_array_add (same, lock);
   }
}

// TRUE when this process runs in a PID namespace below the machine's (a
// container, `unshare --pid`). The machine's own PID namespace has a fixed
// inode number (PROC_PID_INIT_INO, 0xEFFFFFFC, since Linux 3.8); any other
// is below it.
static gboolean
in_child_pid_namespace (void)
{
   struct stat st;
   if (stat (PROC_ROOT "/self/ns/pid", &st) != 0)
      return FALSE; // no such link: a kernel without PID namespaces
   return st.st_ino != 0xEFFFFFFCu;
}

// Rationale: /proc/locks prints the superblock's device, stat() the file's
// st_dev. They are equal on block-device filesystems (ext4, xfs), where a
// mismatch means another file with the same inode number elsewhere. They may
// differ when st_dev is an anonymous device (major 0): btrfs subvolumes,
// overlayfs. There an inode match is accepted despite the mismatch: a false
// "held" defers an account, a false "free" fails its migration.
static gboolean
same_file_device (guint major_number, guint minor_number, dev_t dev)
{
   if (major (dev) == major_number && minor (dev) == minor_number)
      return TRUE;
   return major (dev) == 0;
}

// How often the table is read for one snapshot: see
// read_kernel_locks_union.
#define KERNEL_TABLE_READS 3

// The kernel's lock table: the union of KERNEL_TABLE_READS reads, or NULL
// (with `why`) when it cannot be read.
// Rationale: the kernel hands /proc/locks out a page at a time and lets go
// of the table between pages; a lock dropped from the part already read
// moves every later line up by one, and the line that moved across the page
// boundary is never printed. A lock held all along can go missing from one
// read that way while other processes take and drop locks — and a missing
// lock would be a wrong "free". A read never invents a lock, so the union of
// reads misses one only when every read did. Waiting for two reads that
// agree would be stricter, but on a busy post office (every mail client
// locking records as it works) the table never holds still and every
// account would be "unknown". What the union can still miss — in step with
// a process that locks and unlocks in rhythm with the reading — the open
// file's own lock test catches for record locks
// (mmfg_lock_snapshot_add_tested_lock); flock and lease holders are seen
// through the table alone.
static GArray *
read_kernel_locks_union (char **why)
{
   GArray *all = g_array_new (FALSE, FALSE, sizeof (MmfgProcLock));
   for (guint attempt = 0; attempt < KERNEL_TABLE_READS; attempt++) {
      g_autofree char *text = NULL;
      gsize len = 0;
      g_autoptr (GError) error = NULL;
      if (!g_file_get_contents (PROC_LOCKS, &text, &len, &error)) {
         *why = g_strdup (error->message);
         g_array_unref (all);
         return NULL;
      }
      g_autoptr (GArray) locks = mmfg_proc_locks_parse (text, len, NULL);
      mmfg_proc_locks_union (all, locks);
   }
   return all;
}

static void
read_kernel_locks (MmfgLockSnapshot *snapshot)
{
   // Rationale: the kernel lists in /proc/locks only the locks of processes
   // this namespace can see; one taken outside it (a Samba server on the
   // machine, a client in another container) is missing, so an empty
   // table there proves nothing. Never "free" because nothing is seen.
   if (in_child_pid_namespace ()) {
      g_free (snapshot->kernel_unknown);
      snapshot->kernel_unknown = g_strdup (
         "this process runs in a PID namespace of its own (a container): the "
         "kernel's lock table it can read leaves out the locks of processes "
         "outside it; run the migration host in the machine's own PID "
         "namespace");
   } else {
      char *why = NULL;
      snapshot->kernel_locks = read_kernel_locks_union (&why);
      if (snapshot->kernel_locks == NULL) {
         g_free (snapshot->kernel_unknown);
         snapshot->kernel_unknown = why;
      }
   }
   if (snapshot->kernel_locks == NULL)
      snapshot->kernel_locks =
         g_array_new (FALSE, FALSE, sizeof (MmfgProcLock));
   index_kernel_locks (snapshot);
}

// --- Taking a snapshot: Samba

// TRUE when process `pid` (a /proc entry's name) has exited and waits to be
// reaped: a zombie smbd serves nobody (its state letter in /proc/PID/stat,
// after the command's closing parenthesis, is Z).
static gboolean
is_zombie (const char *pid)
{
   g_autofree char *path = g_build_filename (PROC_ROOT, pid, "stat", NULL);
   g_autofree char *stat = NULL;
   if (!g_file_get_contents (path, &stat, NULL, NULL))
      return TRUE; // gone
   const char *end = strrchr (stat, ')');
   return end != NULL && end[1] == ' ' && end[2] == 'Z';
}

static gboolean
any_process_named (const char *name)
{
   g_autoptr (GDir) proc = g_dir_open (PROC_ROOT, 0, NULL);
   const char *entry;
   while (proc != NULL && (entry = g_dir_read_name (proc)) != NULL) {
      if (!g_ascii_isdigit (entry[0]))
         continue;
      g_autofree char *path = g_build_filename (PROC_ROOT, entry, "comm", NULL);
      g_autofree char *comm = NULL;
      if (g_file_get_contents (path, &comm, NULL, NULL) &&
          strcmp (g_strchomp (comm), name) == 0 && !is_zombie (entry))
         return TRUE;
   }
   return FALSE;
}

static char *
find_smbstatus (const MmfgSettings *settings)
{
   const char *wanted =
      settings->smbstatus_path ? settings->smbstatus_path : "smbstatus";
   if (g_path_is_absolute (wanted))
      return g_file_test (wanted, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (wanted)
                                                             : NULL;
   return g_find_program_in_path (wanted);
}

// Runs smbstatus and parses its answer; NULL with an error saying what
// failed and what to check.
static MmfgSmbStatus *
ask_samba (const MmfgSettings *settings, const char *program, GError **error)
{
   g_autoptr (GPtrArray) argv = g_ptr_array_new ();
   g_ptr_array_add (argv, (gpointer) program);
   g_ptr_array_add (argv, (gpointer) "-B");
   g_ptr_array_add (argv, (gpointer) "--json");
   if (settings->samba_config != NULL) {
      g_ptr_array_add (argv, (gpointer) "-s");
      g_ptr_array_add (argv, settings->samba_config);
   }
   g_ptr_array_add (argv, NULL);
   g_autofree char *command = g_strjoinv (" ", (char **) argv->pdata);
   guint timeout_ms =
      settings->smbstatus_timeout_ms ? settings->smbstatus_timeout_ms : 5000;

   MmfgCommandResult result = {0};
   if (!mmfg_command_run ((const char *const *) argv->pdata, timeout_ms,
                          SMBSTATUS_MAX_OUTPUT, &result, error))
      return NULL; // the error names the program already
   if (result.exit_status != 0) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s exited with status %d%s%s", command, result.exit_status,
                   result.err[0] ? ": " : "", g_strstrip (result.err));
      mmfg_command_result_clear (&result);
      return NULL;
   }
   gsize len;
   const char *text = g_bytes_get_data (result.out, &len);
   MmfgSmbStatus *status = mmfg_smbstatus_parse (text, len, error);
   if (status == NULL)
      g_prefix_error (error, "%s: ", command);
   mmfg_command_result_clear (&result);
   return status;
}

static void
read_samba (MmfgLockSnapshot *snapshot, const MmfgSettings *settings)
{
   if (settings->samba == MMFG_SAMBA_OFF)
      return;
   g_autofree char *program = find_smbstatus (settings);
   if (program == NULL) {
      // AUTO: no smbstatus means no Samba server on this machine.
      if (settings->samba == MMFG_SAMBA_ON)
         snapshot->samba_unknown = g_strdup_printf (
            "%s: %s",
            settings->smbstatus_path ? settings->smbstatus_path : "smbstatus",
            g_strerror (ENOENT));
      return;
   }
   // AUTO: with no smbd running no SMB client can hold anything, and
   // smbstatus (tens of milliseconds) need not run at all.
   if (settings->samba == MMFG_SAMBA_AUTO && !any_process_named ("smbd"))
      return;
   g_autoptr (GError) error = NULL;
   snapshot->samba = ask_samba (settings, program, &error);
   if (snapshot->samba != NULL)
      return;
   snapshot->samba_unknown = g_strdup (error->message);
}

// --- Taking a snapshot: a post office on another server

static gboolean
is_smb_file_system (const char *fs_type)
{
   return strcmp (fs_type, "cifs") == 0 || strcmp (fs_type, "smb3") == 0 ||
          strcmp (fs_type, "smbfs") == 0 ||
          strcmp (fs_type, "fuse.smbnetfs") == 0;
}

// Finds out whether the post office is on a network file system and, if it
// is, asks its server. TRUE when it is (the local sources are then skipped).
static gboolean
locate_postoffice (MmfgLockSnapshot *s, const MmfgSettings *settings,
                   MmfgFileServers *servers, const char *postoffice,
                   const char *file)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgMount) mount = mmfg_mount_of_path (postoffice, &error);
   if (mount == NULL) {
      // A post office that is not there is the post office check's finding;
      // one that is there on an unknown mount cannot be judged.
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
          g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
         return FALSE;
      s->fs_unknown = g_strdup (error->message);
      return FALSE;
   }
   MmfgFsReach reach = MMFG_FS_NETWORK;
   gboolean known_type = mmfg_fs_type_reach (
      mount->fs_type, settings ? settings->fs_overrides : NULL, &reach);
   if (known_type && reach == MMFG_FS_LOCAL)
      return FALSE;

   s->base.server.where.network = TRUE;
   s->base.server.where.fs_type = g_strdup (mount->fs_type);
   s->base.server.where.mount_point = g_strdup (mount->mount_point);
   s->base.server.postoffice = g_strdup (postoffice);
   g_autofree char *real = realpath (postoffice, NULL);
   MmfgSharePath share = {0};
   if (!mmfg_share_path_of (settings, mount, postoffice, real, &share)) {
      s->base.server.unknown = is_smb_file_system (mount->fs_type)
                                  ? MMFG_LOCK_UNKNOWN_NETWORK_UNMAPPED
                                  : MMFG_LOCK_UNKNOWN_NETWORK_NO_LIST;
      return TRUE;
   }
   s->base.server.where.server = g_steal_pointer (&share.server);
   s->base.server.where.share = g_steal_pointer (&share.share);
   s->base.server.postoffice_in_share = g_steal_pointer (&share.rest);
   const MmfgFileServerConfig *config =
      settings
         ? mmfg_settings_file_server (settings, s->base.server.where.server)
         : NULL;
   if (config == NULL || servers == NULL) {
      s->base.server.unknown = MMFG_LOCK_UNKNOWN_NO_FILE_SERVER;
      return TRUE;
   }
   mmfg_server_view_ask (&s->base.server, servers, config, file);
   return TRUE;
}

MmfgServerFolder *
mmfg_lock_probe_list_folder (const MmfgSettings *settings,
                             MmfgFileServers *servers, const char *postoffice,
                             const char *folder_name, char **problem)
{
   *problem = NULL;
   if (settings == NULL || servers == NULL)
      return NULL;
   // The snapshot's own way to the server (locate_postoffice): the same
   // mount, share and [file-server].
   g_autoptr (MmfgMount) mount = mmfg_mount_of_path (postoffice, NULL);
   MmfgFsReach reach = MMFG_FS_NETWORK;
   if (mount == NULL ||
       (mmfg_fs_type_reach (mount->fs_type, settings->fs_overrides, &reach) &&
        reach == MMFG_FS_LOCAL))
      return NULL;
   g_autofree char *real = realpath (postoffice, NULL);
   MmfgSharePath share = {0};
   if (!mmfg_share_path_of (settings, mount, postoffice, real, &share))
      return NULL;
   const MmfgFileServerConfig *config =
      mmfg_settings_file_server (settings, share.server);
   if (config == NULL) {
      mmfg_share_path_clear (&share);
      return NULL;
   }
   g_autofree char *folder =
      *share.rest ? g_strconcat (share.rest, "\\", folder_name, NULL)
                  : g_strdup (folder_name);
   MmfgServerFolder *listed =
      mmfg_file_servers_list_folder (servers, config, share.share, folder);
   if (listed->problem != NULL) {
      *problem = g_strdup_printf ("\\\\%s\\%s\\%s: %s", share.server,
                                  share.share, folder, listed->problem);
      g_clear_pointer (&listed, mmfg_server_folder_free);
   }
   mmfg_share_path_clear (&share);
   return listed;
}

MmfgLockSnapshot *
mmfg_lock_snapshot_take (const MmfgSettings *settings, MmfgFileServers *servers,
                         const char *postoffice, const char *file)
{
   MmfgLockSnapshot *snapshot = g_new0 (MmfgLockSnapshot, 1);
   mmfg_lock_snapshot_base_init (&snapshot->base, settings, getpid ());
   pthread_mutex_init (&snapshot->cache_lock, NULL);
   snapshot->processes =
      g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                             (GDestroyNotify) mmfg_process_info_free);
   if (postoffice != NULL &&
       locate_postoffice (snapshot, settings, servers, postoffice, file)) {
      // On another server: this machine's lock table proves nothing there.
      snapshot->kernel_locks =
         g_array_new (FALSE, FALSE, sizeof (MmfgProcLock));
      index_kernel_locks (snapshot);
      return snapshot;
   }
   struct stat st;
   if (postoffice != NULL && stat (postoffice, &st) == 0) {
      snapshot->postoffice_dev_known = TRUE;
      snapshot->postoffice_dev = st.st_dev;
   }
   if (settings != NULL && settings->fs_overrides != NULL)
      snapshot->fs_overrides = g_hash_table_ref (settings->fs_overrides);
   // Every lock on the machine is read: matching by inode is exact and cheap.
   read_kernel_locks (snapshot);
   if (settings != NULL)
      read_samba (snapshot, settings);
   return snapshot;
}

void
mmfg_lock_snapshot_free (MmfgLockSnapshot *snapshot)
{
   if (snapshot == NULL)
      return;
   g_hash_table_unref (snapshot->kernel_by_inode);
   g_array_unref (snapshot->kernel_locks);
   g_free (snapshot->kernel_unknown);
   g_free (snapshot->fs_unknown);
   mmfg_smbstatus_free (snapshot->samba);
   g_free (snapshot->samba_unknown);
   mmfg_lock_snapshot_base_clear (&snapshot->base);
   g_clear_pointer (&snapshot->fs_overrides, g_hash_table_unref);
   g_clear_pointer (&snapshot->description_owners, g_hash_table_unref);
   g_hash_table_unref (snapshot->processes);
   pthread_mutex_destroy (&snapshot->cache_lock);
   g_free (snapshot);
}

// --- Lazy caches

static const MmfgProcessInfo *
process_info (MmfgLockSnapshot *snapshot, gint64 pid)
{
   pthread_mutex_lock (&snapshot->cache_lock);
   MmfgProcessInfo *info = g_hash_table_lookup (snapshot->processes, &pid);
   pthread_mutex_unlock (&snapshot->cache_lock);
   if (info != NULL)
      return info;

   MmfgProcessInfo *fresh = mmfg_process_info_read (PROC_ROOT, pid);
   pthread_mutex_lock (&snapshot->cache_lock);
   info = g_hash_table_lookup (snapshot->processes, &pid);
   if (info == NULL) {
      g_hash_table_insert (snapshot->processes, &fresh->pid, fresh);
      info = g_steal_pointer (&fresh);
   }
   pthread_mutex_unlock (&snapshot->cache_lock);
   mmfg_process_info_free (fresh);
   return info;
}

// The holders of locks that belong to open file descriptions (OFD, flock,
// lease), found by one scan of every process's fdinfo the first time such a
// lock matters to a query.
static GHashTable *
description_owners (MmfgLockSnapshot *snapshot)
{
   pthread_mutex_lock (&snapshot->cache_lock);
   if (snapshot->description_owners == NULL) {
      g_autoptr (GHashTable) inodes =
         g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < snapshot->kernel_locks->len; i++) {
         MmfgProcLock *lock =
            &g_array_index (snapshot->kernel_locks, MmfgProcLock, i);
         if (mmfg_description_owned (lock->kind))
            g_hash_table_add (inodes, &lock->inode);
      }
      snapshot->description_owners =
         mmfg_description_owners_scan (PROC_ROOT, inodes);
   }
   GHashTable *owners = snapshot->description_owners;
   pthread_mutex_unlock (&snapshot->cache_lock);
   return owners;
}

// --- Matching

static int
mig_lock_kind (MmfgProcLockKind kind)
{
   switch (kind) {
   case MMFG_PROC_LOCK_OFD:
      return MIG_LOCK_OFD;
   case MMFG_PROC_LOCK_FLOCK:
      return MIG_LOCK_FLOCK;
   case MMFG_PROC_LOCK_LEASE:
      return MIG_LOCK_LEASE;
   case MMFG_PROC_LOCK_DELEG:
      return MIG_LOCK_DELEGATION;
   case MMFG_PROC_LOCK_POSIX:
   case MMFG_PROC_LOCK_ACCESS:
   case MMFG_PROC_LOCK_UNKNOWN:
   default:
      return MIG_LOCK_POSIX;
   }
}

static gboolean
already_held (GPtrArray *holders, int lock, gint64 pid)
{
   for (guint i = 0; i < holders->len; i++) {
      const MmfgHolder *h = g_ptr_array_index (holders, i);
      if (h->lock == lock && h->pid == pid)
         return TRUE;
   }
   return FALSE;
}

static gboolean
held_through_samba (GPtrArray *holders, gint64 pid)
{
   for (guint i = 0; i < holders->len; i++) {
      const MmfgHolder *h = g_ptr_array_index (holders, i);
      if (h->pid == pid &&
          (h->lock == MIG_LOCK_SHARE_MODE || h->lock == MIG_LOCK_SMB_RANGE))
         return TRUE;
   }
   return FALSE;
}

static void
mark_stale_if_old (const MmfgLockSnapshot *snapshot, MmfgHolder *holder)
{
   if (holder->possibly_stale || holder->since <= 0 ||
       snapshot->base.stale_after_s == 0 ||
       snapshot->base.taken_at - holder->since <=
          (gint64) snapshot->base.stale_after_s)
      return;
   holder->possibly_stale = TRUE;
   holder->stale = MMFG_STALE_IDLE;
   holder->idle_minutes = (snapshot->base.taken_at - holder->since) / 60;
   holder->idle_limit_minutes = snapshot->base.stale_after_s / 60;
}

// Ties an smbd holder to the SMB session it serves, so that the report names
// the user and machine rather than "smbd".
static void
add_smb_session (const MmfgLockSnapshot *snapshot, MmfgHolder *holder)
{
   const MmfgSmbSession *session =
      snapshot->samba ? mmfg_smbstatus_session (snapshot->samba, holder->pid)
                      : NULL;
   if (session == NULL)
      return;
   holder->smb_user = g_strdup (session->username);
   holder->client_machine = mmfg_smb_session_client_machine (session);
   if (holder->since == 0)
      holder->since = session->connected_at;
   holder->service = g_strdup (session->service);
   mark_stale_if_old (snapshot, holder);
}

static MmfgHolder *
holder_new (MmfgLockSnapshot *snapshot, int lock, gint64 pid)
{
   MmfgHolder *holder = g_new0 (MmfgHolder, 1);
   holder->lock = lock;
   holder->pid = pid > 0 ? pid : 0;
   holder->is_host = pid == snapshot->base.host_pid;
   if (pid <= 0)
      return holder;
   const MmfgProcessInfo *info = process_info (snapshot, pid);
   holder->program = g_strdup (info->program);
   holder->unix_user = g_strdup (info->unix_user);
   if (!info->alive) {
      holder->possibly_stale = TRUE;
      holder->stale = MMFG_STALE_TAKER_GONE;
   }
   return holder;
}

static void
add_kernel_holder (MmfgLockSnapshot *snapshot, GPtrArray *holders, int lock,
                   gint64 pid)
{
   if (already_held (holders, lock, pid > 0 ? pid : 0))
      return;
   MmfgHolder *holder = holder_new (snapshot, lock, pid);
   add_smb_session (snapshot, holder);
   g_ptr_array_add (holders, holder);
}

// A lock of an open file description: every live process that has the
// description open holds it. For flock and lease the kernel's table names
// whoever took the lock, who may have exited while a child that inherited
// the description (`flock FILE sleep 600`) holds on; that pid is named only
// when no holder can be read (another user's fdinfo), for OFD locks none.
static void
add_description_holders (MmfgLockSnapshot *snapshot, GPtrArray *holders,
                         const MmfgProcLock *lock)
{
   GArray *owners =
      g_hash_table_lookup (description_owners (snapshot), &lock->inode);
   int kind = mig_lock_kind (lock->kind);
   guint found = 0;
   for (guint i = 0; owners != NULL && i < owners->len; i++) {
      const MmfgDescriptionOwner *owner =
         &g_array_index (owners, MmfgDescriptionOwner, i);
      if (owner->kind != lock->kind || owner->major != lock->major ||
          owner->minor != lock->minor)
         continue;
      add_kernel_holder (snapshot, holders, kind, owner->pid);
      found++;
   }
   // The holder may be unreadable (another user's fdinfo) or gone by now:
   // the lock still holds the file.
   if (found == 0)
      add_kernel_holder (snapshot, holders, kind,
                         lock->kind == MMFG_PROC_LOCK_OFD ? 0 : lock->pid);
}

static void
add_kernel_holders (MmfgLockSnapshot *snapshot, dev_t dev, ino_t ino,
                    GPtrArray *holders)
{
   guint64 inode = ino;
   GPtrArray *locks = g_hash_table_lookup (snapshot->kernel_by_inode, &inode);
   for (guint i = 0; locks != NULL && i < locks->len; i++) {
      const MmfgProcLock *lock = g_ptr_array_index (locks, i);
      if (!same_file_device (lock->major, lock->minor, dev))
         continue;
      if (mmfg_description_owned (lock->kind))
         add_description_holders (snapshot, holders, lock);
      else
         add_kernel_holder (snapshot, holders, mig_lock_kind (lock->kind),
                            lock->pid);
   }
}

static void
add_samba_holder (MmfgLockSnapshot *snapshot, GPtrArray *holders, int lock,
                  gint64 pid, gint64 since)
{
   // One SMB client (one smbd child) is one holder of the file, however many
   // opens and locks it has on it.
   if (held_through_samba (holders, pid))
      return;
   MmfgHolder *holder = holder_new (snapshot, lock, pid);
   g_free (holder->program);
   holder->program = g_strdup ("smbd");
   holder->since = since;
   if (holder->possibly_stale)
      holder->stale = MMFG_STALE_SMBD_GONE;
   add_smb_session (snapshot, holder);
   g_ptr_array_add (holders, holder);
}

// When the smbd child `pid` opened the file (its earliest open), or 0.
static gint64
open_time_of (const MmfgSmbFile *file, gint64 pid)
{
   gint64 since = 0;
   for (guint i = 0; i < file->opens->len; i++) {
      const MmfgSmbOpen *open = &g_array_index (file->opens, MmfgSmbOpen, i);
      if (open->pid == pid && open->opened_at > 0 &&
          (since == 0 || open->opened_at < since))
         since = open->opened_at;
   }
   return since;
}

static void
add_samba_file_holders (MmfgLockSnapshot *snapshot, const MmfgSmbFile *file,
                        GPtrArray *holders)
{
   // Byte-range locks first: for a client that also has the file open, the
   // lock is the more telling kind (an MS Mail client locks its records).
   for (guint i = 0; i < file->range_locks->len; i++) {
      const MmfgSmbRangeLock *lock =
         &g_array_index (file->range_locks, MmfgSmbRangeLock, i);
      add_samba_holder (snapshot, holders, MIG_LOCK_SMB_RANGE, lock->pid,
                        open_time_of (file, lock->pid));
   }
   for (guint i = 0; i < file->opens->len; i++) {
      const MmfgSmbOpen *open = &g_array_index (file->opens, MmfgSmbOpen, i);
      if (mmfg_smb_open_is_hold (open))
         add_samba_holder (snapshot, holders, MIG_LOCK_SHARE_MODE, open->pid,
                           open->opened_at);
   }
}

static void
add_samba_holders (MmfgLockSnapshot *snapshot, dev_t dev, ino_t ino,
                   const char *path, GPtrArray *holders)
{
   const GPtrArray *files =
      mmfg_smbstatus_files_with_inode (snapshot->samba, ino);
   gboolean matched = FALSE;
   for (guint i = 0; files != NULL && i < files->len; i++) {
      const MmfgSmbFile *file = g_ptr_array_index (files, i);
      if (file->devid != (guint64) dev)
         continue;
      add_samba_file_holders (snapshot, file, holders);
      matched = TRUE;
   }
   // Samba's device id should equal st_dev; the path is the fallback for a
   // filesystem where it does not.
   const MmfgSmbFile *by_path =
      path && !matched
         ? g_hash_table_lookup (snapshot->samba->files_by_path, path)
         : NULL;
   if (by_path != NULL && by_path->inode == (guint64) ino)
      add_samba_file_holders (snapshot, by_path, holders);
}

// An MMF of a local post office on another file system than the post
// office (reached through a symlink): TRUE, with `out` filled, when that file
// system is a network one, whose holders this machine cannot see.
static gboolean
mmf_on_network (const MmfgLockSnapshot *s, dev_t dev, const char *path,
                MmfgLockFacts *out)
{
   if (!s->postoffice_dev_known || dev == s->postoffice_dev || path == NULL)
      return FALSE;
   g_autoptr (MmfgMount) mount = mmfg_mount_of_path (path, NULL);
   MmfgFsReach reach = MMFG_FS_NETWORK;
   if (mount == NULL ||
       (mmfg_fs_type_reach (mount->fs_type, s->fs_overrides, &reach) &&
        reach == MMFG_FS_LOCAL))
      return FALSE;
   out->known = FALSE;
   out->unknown = MMFG_LOCK_UNKNOWN_MMF_ON_NETWORK;
   out->where.network = TRUE;
   out->where.fs_type = g_strdup (mount->fs_type);
   out->where.mount_point = g_strdup (mount->mount_point);
   out->holders =
      g_ptr_array_new_with_free_func ((GDestroyNotify) mmfg_holder_free);
   return TRUE;
}

// Samba's holders first, then the kernel's that are not the same hold.
static void
add_samba_and_kernel_holders (MmfgLockSnapshot *s, dev_t dev, ino_t ino,
                              const char *path, GPtrArray *holders)
{
   g_autoptr (GPtrArray) kernel =
      g_ptr_array_new_with_free_func ((GDestroyNotify) mmfg_holder_free);
   add_samba_holders (s, dev, ino, path, holders);
   add_kernel_holders (s, dev, ino, kernel);
   // A kernel lock taken by an smbd for an SMB lock it already reported is
   // the same hold seen twice.
   for (guint i = 0; i < kernel->len; i++) {
      MmfgHolder *h = kernel->pdata[i];
      if (h->pid == 0 || !held_through_samba (holders, h->pid))
         g_ptr_array_add (holders, g_steal_pointer (&kernel->pdata[i]));
   }
}

void
mmfg_lock_snapshot_query (const MmfgLockSnapshot *snapshot, dev_t dev,
                          ino_t ino, const char *path, MmfgLockFacts *out)
{
   if (snapshot->base.server.where.network) {
      mmfg_server_view_query (&snapshot->base.server, path, out);
      return;
   }
   if (mmf_on_network (snapshot, dev, path, out))
      return;
   // The snapshot's visible state never changes after take(); the caches
   // behind cache_lock are an implementation detail, hence the cast.
   MmfgLockSnapshot *s = (MmfgLockSnapshot *) snapshot;
   out->holders =
      g_ptr_array_new_with_free_func ((GDestroyNotify) mmfg_holder_free);
   if (s->samba != NULL)
      add_samba_and_kernel_holders (s, dev, ino, path, out->holders);
   else // no SMB holder any kernel lock could duplicate
      add_kernel_holders (s, dev, ino, out->holders);
   // A process of this machine (the file server) holds it from here: the
   // client machine is this one, in the text and in the fields alike.
   for (guint i = 0; i < out->holders->len; i++) {
      MmfgHolder *h = out->holders->pdata[i];
      if (h->client_machine == NULL && h->smb_user == NULL &&
          h->lock != MIG_LOCK_SMB_RANGE && h->lock != MIG_LOCK_SHARE_MODE)
         h->client_machine = g_strdup (g_get_host_name ());
   }
   mmfg_holders_order_host_last (out->holders);
   out->known = s->kernel_unknown == NULL && s->samba_unknown == NULL &&
                s->fs_unknown == NULL;
   out->unknown =
      out->known ? MMFG_LOCK_UNKNOWN_NONE : MMFG_LOCK_UNKNOWN_LOCAL_PROBE;
   out->lock_table_error = g_strdup (s->kernel_unknown);
   out->smbstatus_error = g_strdup (s->samba_unknown);
   out->fs_error = g_strdup (s->fs_unknown);
}

void
mmfg_lock_snapshot_add_tested_lock (const MmfgLockSnapshot *snapshot, int lock,
                                    gint64 pid, MmfgLockFacts *out)
{
   if (lock == 0 || !out->known || out->holders == NULL)
      return;
   for (guint i = 0; i < out->holders->len; i++) {
      const MmfgHolder *h = g_ptr_array_index (out->holders, i);
      // A process listed already (perhaps as the smbd of an SMB session,
      // whose locks are its client's) is this holder. An OFD lock's test
      // names no pid: an OFD holder listed is it, and so is an SMB client's
      // (Samba takes its clients' byte-range locks as OFD locks).
      if ((pid > 0 && h->pid == pid) ||
          (lock == MIG_LOCK_OFD &&
           (h->lock == MIG_LOCK_OFD || h->lock == MIG_LOCK_SMB_RANGE ||
            h->lock == MIG_LOCK_SHARE_MODE)))
         return;
   }
   MmfgLockSnapshot *s = (MmfgLockSnapshot *) snapshot;
   add_kernel_holder (s, out->holders, lock, lock == MIG_LOCK_OFD ? 0 : pid);
   MmfgHolder *added = out->holders->pdata[out->holders->len - 1];
   if (added->client_machine == NULL)
      added->client_machine = g_strdup (g_get_host_name ());
   mmfg_holders_order_host_last (out->holders);
}

gboolean
mmfg_lock_snapshot_open_disturbs (const MmfgLockSnapshot *snapshot, dev_t dev,
                                  ino_t ino, const char *path)
{
   if (snapshot->base.server.where.network)
      return mmfg_server_view_open_disturbs (&snapshot->base.server, path);
   if (snapshot->postoffice_dev_known && dev != snapshot->postoffice_dev) {
      MmfgLockFacts facts = {0};
      gboolean elsewhere = mmf_on_network (snapshot, dev, path, &facts);
      g_clear_pointer (&facts.holders, g_ptr_array_unref);
      mmfg_file_location_clear (&facts.where);
      if (elsewhere)
         return TRUE;
   }
   if (snapshot->kernel_unknown != NULL)
      return TRUE; // cannot rule it out
   guint64 inode = ino;
   GPtrArray *locks = g_hash_table_lookup (snapshot->kernel_by_inode, &inode);
   for (guint i = 0; locks != NULL && i < locks->len; i++) {
      const MmfgProcLock *lock = g_ptr_array_index (locks, i);
      if ((lock->kind == MMFG_PROC_LOCK_LEASE ||
           lock->kind == MMFG_PROC_LOCK_DELEG) &&
          same_file_device (lock->major, lock->minor, dev))
         return TRUE;
   }
   return FALSE;
}

gboolean
mmfg_lock_snapshot_on_network (const MmfgLockSnapshot *snapshot)
{
   return snapshot->base.server.where.network;
}
