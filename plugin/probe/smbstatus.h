// smbstatus.h — Samba's view of open files, parsed from `smbstatus -B --json`
// (Samba 4.17+): share modes and SMB byte-range locks per file, joined to the
// sessions that hold them. Share modes are invisible to the kernel; only
// Samba's database knows them.
//
// Rationale: `-B` alone, not `-L -B`. With any of -p/-S/-L the 4.17 JSON holds
// only those sections, and -L -B has no "sessions", without which a holder
// cannot be named; -B alone prints sessions, tcons, open_files and
// byte_range_locks in one call.

#pragma once

#include <glib.h>

#define MMFG_SMBSTATUS_ERROR (mmfg_smbstatus_error_quark ())
GQuark mmfg_smbstatus_error_quark (void);

typedef enum {
   // Not JSON, or not the shape smbstatus writes.
   MMFG_SMBSTATUS_ERROR_MALFORMED,
   // Valid JSON without "open_files": smbstatus was not run as root, or read
   // a configuration whose lock database no smbd uses.
   MMFG_SMBSTATUS_ERROR_NO_OPEN_FILES,
} MmfgSmbstatusError;

// NT share access bits (FILE_SHARE_*): what an open lets others do.
enum {
   MMFG_SMB_SHARE_READ = 0x1,
   MMFG_SMB_SHARE_WRITE = 0x2,
   MMFG_SMB_SHARE_DELETE = 0x4,
};

typedef struct {
   gint64 pid;           // the smbd serving the client
   guint32 share_access; // MMFG_SMB_SHARE_* bits
   guint32 access_mask;  // NT access mask the client was granted
   gint64 opened_at;     // Unix seconds, 0 when unknown
} MmfgSmbOpen;

typedef struct {
   gint64 pid;
   gboolean exclusive; // "W"; FALSE for a shared ("R") lock
   guint64 start;
   guint64 size;
} MmfgSmbRangeLock;

typedef struct {
   char *path;    // as smbstatus keys it: share path + file name
   guint64 devid; // equals st_dev of the file on the server
   guint64 inode;
   GArray *opens;       // MmfgSmbOpen
   GArray *range_locks; // MmfgSmbRangeLock
} MmfgSmbFile;

typedef struct {
   gint64 pid;           // key: the smbd child serving this session
   char *username;       // eg "jsmith", "CORP\\jsmith"
   char *remote_machine; // NetBIOS name for SMB1; the address for SMB2+
   char *address;        // the client's IP, from "ipv4:192.0.2.17:50123"
   char *service;        // a share it has connected, eg "mail"; may be NULL
   gint64 connected_at;  // Unix seconds of its first tree connect, 0 unknown
} MmfgSmbSession;

typedef struct {
   GPtrArray *files;            // MmfgSmbFile*, owned
   GHashTable *files_by_inode;  // guint64* -> GPtrArray of MmfgSmbFile*
   GHashTable *files_by_path;   // path -> MmfgSmbFile*
   GHashTable *sessions_by_pid; // gint64* -> MmfgSmbSession*, owned
} MmfgSmbStatus;

// Parses `len` bytes of `text` (need not be NUL-terminated). Returns NULL and
// sets MMFG_SMBSTATUS_ERROR on malformed input or a stub without open_files.
MmfgSmbStatus *mmfg_smbstatus_parse (const char *text, gsize len,
                                     GError **error);
void mmfg_smbstatus_free (MmfgSmbStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgSmbStatus, mmfg_smbstatus_free)

// The files Samba has open with this inode (on any device), or NULL; the
// caller confirms the device against MmfgSmbFile.devid.
const GPtrArray *mmfg_smbstatus_files_with_inode (const MmfgSmbStatus *status,
                                                  guint64 inode);

// The session served by smbd `pid`, or NULL.
const MmfgSmbSession *mmfg_smbstatus_session (const MmfgSmbStatus *status,
                                              gint64 pid);

// Whether an open keeps the migration from reading the file consistently.
// Rationale: an open that denies others reading or writing (share mode "R",
// "W" or "") blocks the migration's own open or writes, as on Windows; but
// Windows checks share modes only for opens that touch data, so an open for
// attributes alone (Explorer listing a folder) holds nothing. A deny-none
// ("RW") open holds the file only when it may write: the MMF could change
// under the copy; a read-only deny-none open (a backup, a virus scanner)
// does not.
gboolean mmfg_smb_open_is_hold (const MmfgSmbOpen *open);

// "jsmith-pc (192.0.2.17)", or just the address or name when that is all
// there is, or NULL. Caller frees.
char *mmfg_smb_session_client_machine (const MmfgSmbSession *session);
