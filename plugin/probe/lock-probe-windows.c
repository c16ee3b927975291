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
// A post office on a file server — a UNC path, or a drive letter that
// WNetGetUniversalName resolves to one — is different: the clients there
// are the server's, an open from here names none of them and can break
// their oplocks. The server is asked instead, once per snapshot, for its
// open files and sessions (file-server-windows.c: NetShareGetInfo,
// NetFileEnum level 3, NetSessionEnum level 10), and the file is not
// opened. When the server cannot be asked (no right to, an older server,
// Wine, whose netapi32 stubs these) the lock state is unknown, never free.
//
// Windows has no inode: dev and ino are 0 in the findings, and every query
// goes by path. Names compare without case as the file system does.

#include "lock-probe.h"

#include <string.h>
#include <windows.h>
#include <restartmanager.h>
#include <winnetwk.h>

#include "mig-plugin.h"
#include "share-path.h"

// Bytes of the file's head a byte-range lock is looked for in: MS Mail's
// header record.
#define MMFG_PROBE_HEAD 512

// How long a file server may take to answer when no [file-server NAME]
// says otherwise (the Linux default too).
#define MMFG_FILE_SERVER_TIMEOUT_MS 5000

struct MmfgLockSnapshot {
   DWORD host_pid;
   gint64 taken_at;        // Unix seconds
   guint stale_after_s;    // 0: never call a holder stale for its idle time

   // A post office on a file server: where it is, and the server's open
   // files under it (NULL when it could not be asked: network_unknown says
   // why). where.network is FALSE for a post office on this machine.
   MmfgFileLocation where;
   char *postoffice;             // as the host named it
   char *postoffice_in_share;    // its path inside the share, '\' separated
   MmfgLockUnknown network_unknown;
   MmfgServerFiles *server_files;
};

// --- A post office on a file server

static gboolean
is_separator (char c)
{
   return c == '\\' || c == '/';
}

// `path` below `prefix` (compared without case, either separator), or NULL.
static const char *
below (const char *path, const char *prefix)
{
   gsize n = strlen (prefix);
   while (n > 0 && is_separator (prefix[n - 1]))
      n--;
   for (gsize i = 0; i < n; i++) {
      if (path[i] == '\0')
         return NULL;
      gboolean both_sep = is_separator (path[i]) && is_separator (prefix[i]);
      if (!both_sep && g_ascii_tolower (path[i]) != g_ascii_tolower (prefix[i]))
         return NULL;
   }
   if (path[n] != '\0' && !is_separator (path[n]))
      return NULL;
   const char *rest = path + n;
   while (is_separator (*rest))
      rest++;
   return rest;
}

// `file` as a path inside the share, '\' separated; NULL when it is not
// below the post office.
static char *
in_share (const MmfgLockSnapshot *s, const char *file)
{
   const char *rest = file ? below (file, s->postoffice) : NULL;
   if (rest == NULL)
      return NULL;
   g_autofree char *tail = g_strdup (rest);
   g_strdelimit (tail, "/", '\\');
   if (*s->postoffice_in_share == '\0')
      return g_steal_pointer (&tail);
   if (*tail == '\0')
      return g_strdup (s->postoffice_in_share);
   return g_strconcat (s->postoffice_in_share, "\\", tail, NULL);
}

// The UNC path a drive letter's path stands for, when the drive is a
// network drive: WNetGetUniversalName. NULL with *mapped FALSE when the
// drive is not a network drive.
static char *
universal_name (const char *path, gboolean *network)
{
   *network = FALSE;
   if (!g_ascii_isalpha (path[0]) || path[1] != ':')
      return NULL;
   wchar_t root[] = {(wchar_t) path[0], L':', L'\\', 0};
   if (GetDriveTypeW (root) != DRIVE_REMOTE)
      return NULL;
   *network = TRUE;
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (path, -1, NULL, NULL, NULL);
   if (wide == NULL)
      return NULL;
   DWORD size = 0;
   char probe[1];
   DWORD error = WNetGetUniversalNameW ((LPCWSTR) wide, UNIVERSAL_NAME_INFO_LEVEL,
                                        probe, &size);
   if (error != ERROR_MORE_DATA || size == 0)
      return NULL;
   g_autofree char *buffer = g_malloc0 (size);
   if (WNetGetUniversalNameW ((LPCWSTR) wide, UNIVERSAL_NAME_INFO_LEVEL, buffer,
                              &size) != NO_ERROR)
      return NULL;
   const UNIVERSAL_NAME_INFOW *info = (const UNIVERSAL_NAME_INFOW *) buffer;
   return g_utf16_to_utf8 ((const gunichar2 *) info->lpUniversalName, -1, NULL,
                           NULL, NULL);
}

// Finds out whether the post office is on a file server and, when it is,
// asks the server. TRUE when it is (the file itself is then never opened).
static gboolean
locate_postoffice (MmfgLockSnapshot *s, const MmfgSettings *settings,
                   MmfgFileServers *servers, const char *postoffice,
                   const char *file)
{
   // \\?\ and \\.\ are this machine's own name spaces, not servers.
   if (is_separator (postoffice[0]) && is_separator (postoffice[1]) &&
       (postoffice[2] == '?' || postoffice[2] == '.'))
      return FALSE;
   MmfgSharePath share = {0};
   gboolean network = FALSE;
   g_autofree char *unc = universal_name (postoffice, &network);
   if (!mmfg_share_path_parse_unc (unc ? unc : postoffice, &share)) {
      if (!network)
         return FALSE;
      // A network drive whose share the system does not say.
      s->where.network = TRUE;
      s->where.fs_type = g_strdup ("a network drive");
      s->where.mount_point = g_strndup (postoffice, 2);
      s->network_unknown = MMFG_LOCK_UNKNOWN_NETWORK_UNMAPPED;
      return TRUE;
   }
   s->where.network = TRUE;
   s->where.fs_type = g_strdup ("an SMB share");
   if (network)
      s->where.mount_point = g_strndup (postoffice, 2);
   s->where.server = g_steal_pointer (&share.server);
   s->where.share = g_steal_pointer (&share.share);
   s->postoffice = g_strdup (postoffice);
   s->postoffice_in_share = g_steal_pointer (&share.rest);
   mmfg_share_path_clear (&share);

   // netapi32 logs on as the host's Windows account: a [file-server NAME]
   // group is needed only for another address or timeout.
   const MmfgFileServerConfig *config =
      settings ? mmfg_settings_file_server (settings, s->where.server) : NULL;
   MmfgFileServerConfig implicit = {.name = s->where.server,
                                    .timeout_ms = MMFG_FILE_SERVER_TIMEOUT_MS};
   if (config == NULL)
      config = &implicit;
   s->where.server_address = g_strdup (config->address ? config->address : config->name);
   // A whole post office: its MMF folder; one file: that file only.
   g_autofree char *mmf_folder = g_strconcat (postoffice, "\\MMF", NULL);
   g_autofree char *base = in_share (s, file ? file : mmf_folder);
   s->server_files = mmfg_file_servers_list (servers, config, s->where.share,
                                             base ? base : s->postoffice_in_share);
   if (s->server_files->status == MMFG_LOCK_UNKNOWN_NONE)
      return TRUE;
   s->network_unknown = s->server_files->status;
   s->where.server_answer = g_strdup (s->server_files->answer);
   s->where.timeout_ms = config->timeout_ms;
   g_clear_pointer (&s->server_files, mmfg_server_files_free);
   return TRUE;
}

static void
add_server_holders (const MmfgLockSnapshot *s, const GPtrArray *opens,
                    GPtrArray *holders)
{
   for (guint i = 0; opens != NULL && i < opens->len; i++) {
      const MmfgServerOpen *open = g_ptr_array_index (opens, i);
      MmfgHolder *h = g_new0 (MmfgHolder, 1);
      h->lock = MIG_LOCK_SERVER_OPEN;
      h->smb_user = g_strdup (open->user);
      h->client_machine = g_strdup (open->client);
      if (open->session_s >= 0)
         h->since = s->taken_at - open->session_s;
      // A session idle longer than [locks] stale-after-minutes: the
      // client may be gone while the server still lists its open.
      if (s->stale_after_s > 0 && open->idle_s > (gint64) s->stale_after_s) {
         h->possibly_stale = TRUE;
         h->stale = MMFG_STALE_IDLE;
         h->idle_minutes = open->idle_s / 60;
         h->idle_limit_minutes = s->stale_after_s / 60;
      }
      h->server = g_strdup (s->where.server);
      h->server_file_id = open->id;
      h->server_locks = open->locks;
      g_ptr_array_add (holders, h);
   }
}

// A file on a file server: the server's list decides; the file is not
// opened (an open from this machine could break a client's oplock).
static void
query_server (const MmfgLockSnapshot *s, const char *path, MmfgLockFacts *out)
{
   mmfg_file_location_copy (&out->where, &s->where);
   out->holders = g_ptr_array_new_with_free_func ((GDestroyNotify) mmfg_holder_free);
   g_autofree char *inside = path && s->postoffice_in_share ? in_share (s, path) : NULL;
   if (s->network_unknown == MMFG_LOCK_UNKNOWN_NONE && inside == NULL) {
      out->known = FALSE;
      out->unknown = MMFG_LOCK_UNKNOWN_NETWORK_UNMAPPED;
      return;
   }
   if (inside != NULL && s->server_files != NULL)
      out->where.server_path = mmfg_share_path_on_server (s->server_files->share_path, inside);
   out->known = s->network_unknown == MMFG_LOCK_UNKNOWN_NONE;
   out->unknown = s->network_unknown;
   if (out->known)
      add_server_holders (s, mmfg_server_files_find (s->server_files, out->where.server_path),
                          out->holders);
}

MmfgLockSnapshot *
mmfg_lock_snapshot_take (const MmfgSettings *settings, MmfgFileServers *servers,
                         const char *postoffice, const char *file)
{
   MmfgLockSnapshot *snapshot = g_new0 (MmfgLockSnapshot, 1);
   snapshot->host_pid = GetCurrentProcessId ();
   snapshot->taken_at = g_get_real_time () / G_USEC_PER_SEC;
   snapshot->stale_after_s = settings ? settings->stale_after_s : 0;
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
   mmfg_file_location_clear (&snapshot->where);
   g_free (snapshot->postoffice);
   g_free (snapshot->postoffice_in_share);
   mmfg_server_files_free (snapshot->server_files);
   g_free (snapshot);
}

gboolean
mmfg_lock_snapshot_open_disturbs (const MmfgLockSnapshot *snapshot, dev_t dev,
                                  ino_t ino, const char *path)
{
   (void) dev;
   (void) ino;
   if (!snapshot->where.network)
      return FALSE;
   // On a file server: an open from here could break a client's oplock
   // unless the server listed nobody.
   MmfgLockFacts facts = {0};
   query_server (snapshot, path, &facts);
   gboolean disturbs = !facts.known || facts.holders->len > 0;
   g_ptr_array_unref (facts.holders);
   mmfg_file_location_clear (&facts.where);
   return disturbs;
}

// --- Steps 1 and 2: how the file is held

typedef enum {
   PROBE_FREE,         // no other handle writes, denies reading, or locks the head
   PROBE_SHARE_MODE,   // another handle writes or denies reading
   PROBE_RANGE_LOCK,   // another handle holds a byte-range lock on the head
   PROBE_GONE,         // the file is not there (any more)
   PROBE_FAILED,       // the probe could not tell: see error
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
   return g_strdup_printf ("%s (Windows error %lu)", text, (unsigned long) error);
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
   holder->is_host = info->Process.dwProcessId == snapshot->host_pid;
   holder->since = unix_seconds (info->Process.ProcessStartTime);
   holder->program = program_of (info->Process.dwProcessId);
   if (holder->program == NULL)
      holder->program = g_utf16_to_utf8 (info->strAppName, -1, NULL, NULL, NULL);
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
   for (int attempt = 0; error == ERROR_SUCCESS || error == ERROR_MORE_DATA; attempt++) {
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
   if (snapshot->where.network) {
      query_server (snapshot, path, out);
      return;
   }
   out->holders = g_ptr_array_new_with_free_func ((GDestroyNotify) mmfg_holder_free);
   out->known = FALSE;
   out->unknown_reason = NULL;
   g_autofree gunichar2 *wide = path ? g_utf8_to_utf16 (path, -1, NULL, NULL, NULL)
                                     : NULL;
   if (wide == NULL) {
      out->unknown = MMFG_LOCK_UNKNOWN_LOCAL_PROBE;
      out->unknown_reason = g_strdup ("the file's path is not valid UTF-8");
      return;
   }

   DWORD error = ERROR_SUCCESS;
   ProbeResult result = probe_file (wide, &error);
   if (result == PROBE_FAILED) {
      g_autofree char *text = windows_error_text (error);
      out->unknown = MMFG_LOCK_UNKNOWN_LOCAL_PROBE;
      out->unknown_reason = g_strdup_printf (
         "%s could not be opened to see whether it is in use: %s; check that "
         "the migration host's account may read it", path, text);
      return;
   }
   out->known = TRUE;
   if (result == PROBE_FREE || result == PROBE_GONE)
      return;

   int lock = result == PROBE_SHARE_MODE ? MIG_LOCK_SHARE_MODE : MIG_LOCK_SMB_RANGE;
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
