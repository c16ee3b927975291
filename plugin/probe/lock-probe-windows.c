// lock-probe-windows.c — the lock probe on Windows, behind lock-probe.h.
//
// Windows keeps no table of open files that a process can read the way
// Linux exposes /proc/locks, so each query asks the file system at the
// moment of the query (the same as a fresh, batch-less snapshot on Linux):
//
// 1. Share modes: open the file for FILE_READ_DATA sharing read only. The
//    open fails with ERROR_SHARING_VIOLATION exactly when another handle has
//    it open for writing or denies reading — an MS Mail client has it open.
//    The probe handle lives for microseconds, and asks for no write access,
//    so it stands in no reader's way.
// 2. Byte-range locks: a ReadFile of the file's head through that handle
//    fails with ERROR_LOCK_VIOLATION when another handle holds an exclusive
//    lock over it. Rationale: only the head (MMFG_PROBE_HEAD bytes) is read —
//    reading whole mail files would cost the post office's size in I/O per
//    pass; a lock elsewhere while no handle writes is not seen.
// 3. Who: the Restart Manager names the processes on this machine that use
//    a held file (RmStartSession, RmRegisterResources, RmGetList), one
//    session per held file so each holder is matched to its file.
//
// Neither step takes a lock or writes. Opening for read data may break a
// client's batch oplock on the file: that makes the client flush its cache,
// nothing more; on this machine's own disks Windows offers no outside view
// of oplocks to avoid it, as Linux does for leases.
//
// A post office that is not provably on this machine's own disks
// (drive-locality.c: the drive's type, the device it is mapped to, its
// network connection, where the folder really leads) is different: on a
// file server the clients are the server's, an open from here names none
// of them and can break their oplocks. The server is asked instead, once
// per snapshot, for its open files and sessions (file-server-windows.c:
// NetShareGetInfo, NetFileEnum level 3, NetSessionEnum level 10), and the
// file is not opened. When no server can be named, or it cannot be asked
// (no right to, an older server, Wine, whose netapi32 stubs these), the
// lock state is unknown, never free.
//
// Windows has no inode: dev and ino are 0 in the findings, and every query
// goes by path. Names compare without case as the file system does.

#include "lock-probe.h"

#include <string.h>
#include <windows.h>
#include <restartmanager.h>

#include "drive-locality.h"
#include "lock-snapshot-base.h"
#include "mig-plugin.h"
#include "server-view.h"
#include "share-path.h"

// Bytes of the file's head a byte-range lock is looked for in: MS Mail's
// header record.
#define MMFG_PROBE_HEAD 512

// How long a file server may take to answer when no [file-server NAME]
// says otherwise (the Linux default too).
#define MMFG_FILE_SERVER_TIMEOUT_MS 5000

struct MmfgLockSnapshot {
   // The host's pid, the time, the stale limit; for a post office on a file
   // server (base.server.where.network), where it is and what the server
   // said. On this machine's disks each query asks the file system itself:
   // nothing else is kept.
   MmfgLockSnapshotBase base;
};

// --- A post office that is not provably local

// Finds out whether the post office is provably on this machine's own
// disks (drive-locality.c's rules) and, when it is not, asks its file
// server. TRUE when it is not local (the file itself is then never opened).
static gboolean
locate_postoffice (MmfgLockSnapshot *s, const MmfgSettings *settings,
                   MmfgFileServers *servers, const char *postoffice,
                   const char *file)
{
   MmfgPostofficeSite site;
   mmfg_postoffice_site (postoffice, &site);
   if (site.local) {
      mmfg_postoffice_site_clear (&site);
      return FALSE;
   }
   s->base.server.where.network = TRUE;
   s->base.server.where.mount_point = g_steal_pointer (&site.drive);
   MmfgSharePath share = {0};
   // The server: what Windows says, else a [path-map] whose local = covers
   // the post office.
   gboolean found =
      mmfg_share_path_parse_unc (site.unc, &share) ||
      mmfg_share_path_of (settings, NULL, postoffice, postoffice, &share);
   if (!found) {
      // Not local, and no server to ask: the lock state is unknown.
      s->base.server.where.fs_type = g_strdup_printf (
         "a place Windows does not prove local (%s)", site.why);
      if (s->base.server.where.mount_point == NULL)
         s->base.server.where.mount_point = g_strdup (postoffice);
      s->base.server.unknown = MMFG_LOCK_UNKNOWN_NETWORK_UNMAPPED;
      mmfg_postoffice_site_clear (&site);
      return TRUE;
   }
   mmfg_postoffice_site_clear (&site);
   s->base.server.where.fs_type = g_strdup ("an SMB share");
   s->base.server.where.server = g_steal_pointer (&share.server);
   s->base.server.where.share = g_steal_pointer (&share.share);
   s->base.server.postoffice = g_strdup (postoffice);
   s->base.server.postoffice_in_share = g_steal_pointer (&share.rest);
   mmfg_share_path_clear (&share);

   // netapi32 logs on as the host's Windows account: a [file-server NAME]
   // group is needed only for another address or timeout.
   const MmfgFileServerConfig *config =
      settings
         ? mmfg_settings_file_server (settings, s->base.server.where.server)
         : NULL;
   MmfgFileServerConfig implicit = {.name = s->base.server.where.server,
                                    .timeout_ms = MMFG_FILE_SERVER_TIMEOUT_MS};
   if (config == NULL)
      config = &implicit;
   mmfg_server_view_ask (&s->base.server, servers, config, file);
   return TRUE;
}

MmfgLockSnapshot *
mmfg_lock_snapshot_take (const MmfgSettings *settings, MmfgFileServers *servers,
                         const char *postoffice, const char *file)
{
   MmfgLockSnapshot *snapshot = g_new0 (MmfgLockSnapshot, 1);
   mmfg_lock_snapshot_base_init (&snapshot->base, settings,
                                 GetCurrentProcessId ());
   // On this machine's disks each query asks the file system itself.
   if (postoffice != NULL)
      locate_postoffice (snapshot, settings, servers, postoffice, file);
   return snapshot;
}

void
mmfg_lock_snapshot_free (MmfgLockSnapshot *snapshot)
{
   if (snapshot == NULL)
      return;
   mmfg_lock_snapshot_base_clear (&snapshot->base);
   g_free (snapshot);
}

void
mmfg_lock_snapshot_add_tested_lock (const MmfgLockSnapshot *snapshot, int lock,
                                    gint64 pid, MmfgLockFacts *out)
{
   // The Windows peek tests no lock (it sees holders as sharing violations
   // when it opens): nothing to add.
   (void) snapshot;
   (void) lock;
   (void) pid;
   (void) out;
}

gboolean
mmfg_lock_snapshot_open_disturbs (const MmfgLockSnapshot *snapshot, dev_t dev,
                                  ino_t ino, const char *path)
{
   (void) dev;
   (void) ino;
   // On a file server: an open from here could break a client's oplock
   // unless the server listed nobody.
   return snapshot->base.server.where.network &&
          mmfg_server_view_open_disturbs (&snapshot->base.server, path);
}

// --- Steps 1 and 2: how the file is held

typedef enum {
   PROBE_FREE, // no other handle writes, denies reading, or locks the head
   PROBE_SHARE_MODE, // another handle writes or denies reading
   PROBE_RANGE_LOCK, // another handle holds a byte-range lock on the head
   PROBE_GONE,       // the file is not there (any more)
   PROBE_FAILED,     // the probe could not tell: see error
} ProbeResult;

static ProbeResult
probe_file (const gunichar2 *path, DWORD *error)
{
   HANDLE h = CreateFileW (path, FILE_READ_DATA, FILE_SHARE_READ, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
   if (h == INVALID_HANDLE_VALUE) {
      *error = GetLastError ();
      if (*error == ERROR_SHARING_VIOLATION)
         return PROBE_SHARE_MODE;
      if (*error == ERROR_FILE_NOT_FOUND || *error == ERROR_PATH_NOT_FOUND)
         return PROBE_GONE;
      return PROBE_FAILED;
   }
   // Never read a pipe or a device that stands where a mail file should.
   if (GetFileType (h) != FILE_TYPE_DISK) {
      CloseHandle (h);
      *error = ERROR_BAD_FILE_TYPE;
      return PROBE_FAILED;
   }
   char head[MMFG_PROBE_HEAD];
   DWORD got = 0;
   BOOL ok = ReadFile (h, head, sizeof head, &got, NULL);
   *error = ok ? ERROR_SUCCESS : GetLastError ();
   CloseHandle (h);
   if (ok)
      return PROBE_FREE;
   return *error == ERROR_LOCK_VIOLATION ? PROBE_RANGE_LOCK : PROBE_FAILED;
}

static char *
windows_error_text (DWORD error)
{
   g_autofree char *text = g_win32_error_message ((gint) error);
   return g_strdup_printf ("%s (Windows error %lu)", text,
                           (unsigned long) error);
}

// --- Step 3: who holds it

static gint64
unix_seconds (FILETIME t)
{
   guint64 ticks = ((guint64) t.dwHighDateTime << 32) | t.dwLowDateTime;
   if (ticks == 0)
      return 0;
   return (gint64) (ticks / 10000000u) - G_GINT64_CONSTANT (11644473600);
}

// The file name of the process's program, eg "MSMAIL32.EXE"; NULL when the
// process cannot be asked.
static char *
program_of (DWORD pid)
{
   HANDLE process = OpenProcess (PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
   if (process == NULL)
      return NULL;
   wchar_t image[MAX_PATH];
   DWORD size = G_N_ELEMENTS (image);
   BOOL ok = QueryFullProcessImageNameW (process, 0, image, &size);
   CloseHandle (process);
   if (!ok)
      return NULL;
   g_autofree char *utf8 = g_utf16_to_utf8 (image, size, NULL, NULL, NULL);
   return utf8 ? g_path_get_basename (utf8) : NULL;
}

static MmfgHolder *
holder_from_rm (const MmfgLockSnapshot *snapshot, const RM_PROCESS_INFO *info,
                int lock)
{
   MmfgHolder *holder = g_new0 (MmfgHolder, 1);
   holder->lock = lock;
   holder->pid = info->Process.dwProcessId;
   holder->is_host =
      (gint64) info->Process.dwProcessId == snapshot->base.host_pid;
   holder->since = unix_seconds (info->Process.ProcessStartTime);
   holder->program = program_of (info->Process.dwProcessId);
   if (holder->program == NULL)
      holder->program =
         g_utf16_to_utf8 (info->strAppName, -1, NULL, NULL, NULL);
   return holder;
}

// Adds the processes the Restart Manager says use `path`; returns how many,
// or -1 when it could not be asked (then the holder stays unnamed).
static int
add_rm_holders (const MmfgLockSnapshot *snapshot, const gunichar2 *path,
                int lock, GPtrArray *holders)
{
   DWORD session;
   WCHAR key[CCH_RM_SESSION_KEY + 1] = {0};
   DWORD error = RmStartSession (&session, 0, key);
   if (error != ERROR_SUCCESS)
      return -1;
   LPCWSTR files[] = {(LPCWSTR) path};
   error = RmRegisterResources (session, 1, files, 0, NULL, 0, NULL);
   UINT needed = 0, count = 0;
   DWORD reasons = 0;
   g_autofree RM_PROCESS_INFO *infos = NULL;
   // The list can grow between the two calls; ask again while it does.
   for (int attempt = 0; error == ERROR_SUCCESS || error == ERROR_MORE_DATA;
        attempt++) {
      count = needed;
      infos = g_renew (RM_PROCESS_INFO, infos, MAX (count, 1));
      error = RmGetList (session, &needed, &count, infos, &reasons);
      if (error == ERROR_SUCCESS || attempt == 3)
         break;
   }
   RmEndSession (session);
   if (error != ERROR_SUCCESS)
      return -1;
   for (UINT i = 0; i < count; i++)
      g_ptr_array_add (holders, holder_from_rm (snapshot, &infos[i], lock));
   return (int) count;
}

// --- The query

void
mmfg_lock_snapshot_query (const MmfgLockSnapshot *snapshot, dev_t dev,
                          ino_t ino, const char *path, MmfgLockFacts *out)
{
   (void) dev;
   (void) ino;
   if (snapshot->base.server.where.network) {
      mmfg_server_view_query (&snapshot->base.server, path, out);
      return;
   }
   out->holders =
      g_ptr_array_new_with_free_func ((GDestroyNotify) mmfg_holder_free);
   out->known = FALSE;
   out->open_error = NULL;
   g_autofree gunichar2 *wide =
      path ? g_utf8_to_utf16 (path, -1, NULL, NULL, NULL) : NULL;
   DWORD error = ERROR_INVALID_NAME; // a path that is no UTF-8 names no file
   ProbeResult result = wide != NULL ? probe_file (wide, &error) : PROBE_FAILED;
   if (result == PROBE_FAILED) {
      // A fact, worded by the catalog: the path and Windows' own words.
      g_autofree char *text = windows_error_text (error);
      out->unknown = MMFG_LOCK_UNKNOWN_LOCAL_PROBE;
      out->open_error = g_strdup_printf ("%s: %s", path ? path : "", text);
      return;
   }
   out->known = TRUE;
   if (result == PROBE_FREE || result == PROBE_GONE)
      return;

   int lock =
      result == PROBE_SHARE_MODE ? MIG_LOCK_SHARE_MODE : MIG_LOCK_SMB_RANGE;
   if (add_rm_holders (snapshot, wide, lock, out->holders) <= 0) {
      // Held, by someone the Restart Manager does not name: a client on
      // another machine, a process of another session, or Wine (whose
      // Restart Manager lists nobody). Still held.
      MmfgHolder *holder = g_new0 (MmfgHolder, 1);
      holder->lock = lock;
      g_ptr_array_add (out->holders, holder);
   }
   mmfg_holders_order_host_last (out->holders);
}

MmfgServerFolder *
mmfg_lock_probe_list_folder (const MmfgSettings *settings,
                             MmfgFileServers *servers, const char *postoffice,
                             const char *folder_name, char **problem)
{
   (void) settings;
   (void) servers;
   (void) postoffice;
   (void) folder_name;
   // Windows lists a UNC folder with FindFirstFile, one enumeration that
   // carries every entry's facts already.
   *problem = NULL;
   return NULL;
}

gboolean
mmfg_lock_snapshot_on_network (const MmfgLockSnapshot *snapshot)
{
   return snapshot->base.server.where.network;
}
