// settings.h — the plugin's configuration (a GKeyFile the host names), with
// defaults when there is none. Loaded once at init; read-only afterwards, so
// hooks read it from any thread without locking.

#pragma once

#include <glib.h>

#include "cause.h"

typedef enum {
   MMFG_SAMBA_AUTO = 0, // use smbstatus when it is installed
   MMFG_SAMBA_ON,       // always; failing to answer makes lock state unknown
   MMFG_SAMBA_OFF,      // never
} MmfgSambaMode;

// A Windows path prefix as the host logs it, and where it is locally.
typedef struct {
   char *windows_prefix; // eg "\\\\MAILSRV\\MAILDATA" or "M:"; owned
   char *local_prefix;   // eg "/srv/msmail/MAILDATA"; owned
} MmfgPathMap;

// A file server to ask for its open files: [file-server NAME].
typedef struct {
   char *name;        // as written in a path map or a mount's source; owned
   char *address;     // where to connect; NULL: the name; owned
   char *credentials; // smbclient-style authentication file; owned; or NULL
   gboolean kerberos; // a ticket from the running user's cache instead
   guint timeout_ms;  // the longest a question to the server may take
} MmfgFileServerConfig;

typedef struct {
   // The file it was read from, or NULL for defaults. Owned.
   char *source_path;
   // [policy] verdict for each cause (MIG_VERDICT_*).
   int verdict[MMFG_CAUSE_COUNT];
   // [policy] retry-after: seconds the host should wait before retrying.
   guint retry_after_s;
   // [policy] idle-minutes: MS Mail's idle disconnect interval; an MMF
   // modified more recently may belong to a client that is still running.
   guint idle_interval_s;
   // [policy] fail-closed: when lock state cannot be established, defer
   // (TRUE) or proceed with a warning (FALSE).
   gboolean fail_closed;
   // [locks] stale-after-minutes: a holder idle longer is "possibly stale".
   guint stale_after_s;
   // [path-map NAME] groups: windows = ..., local = ...  MmfgPathMap*.
   GPtrArray *path_maps;
   // [catalog] site-dir: a folder of *.catalog files overriding entries.
   char *site_catalog_dir;
   // [samba] mode, smbstatus, config, timeout-ms.
   MmfgSambaMode samba;
   char *smbstatus_path; // default "smbstatus" looked up in PATH
   char *samba_config;   // passed as smbstatus -s; NULL for Samba's default
   guint smbstatus_timeout_ms;
   // [file-systems] TYPE = local | network: file system type -> reach + 1
   // (GINT_TO_POINTER), overriding the built-in table. Never NULL.
   GHashTable *fs_overrides;
   // [file-server NAME] groups. MmfgFileServerConfig*.
   GPtrArray *file_servers;
} MmfgSettings;

// Reads `path` (NULL for the defaults). On a malformed file returns NULL and
// an error naming the file, the line when GLib knows it, the group and key.
MmfgSettings *mmfg_settings_load (const char *path, GError **error);
void mmfg_settings_free (MmfgSettings *settings);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgSettings, mmfg_settings_free)

// The [file-server NAME] whose name is `server`, compared without case, or
// NULL.
const MmfgFileServerConfig *
mmfg_settings_file_server (const MmfgSettings *settings, const char *server);

// Maps a local path back to the Windows path a path map names for it
// (`\\SERVER\SHARE\...`), through the longest matching local prefix.
// Returns a new string with backslashes, or NULL when no map covers it.
char *mmfg_settings_unmap_path (const MmfgSettings *settings,
                                const char *local_path);

// Maps a host path (Windows form or local) to a local path through the path
// maps: longest matching prefix, compared case-insensitively, separators
// turned into '/'. Returns a new string, or NULL when no map matches a
// Windows-looking path.
char *mmfg_settings_map_path (const MmfgSettings *settings, const char *path);
