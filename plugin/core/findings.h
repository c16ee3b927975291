// findings.h — what the plugin found out about one account, before any
// decision. Checks fill it; policy reads it; nothing here knows about verdicts
// or text.

#pragma once

#include <glib.h>
#include <sys/types.h>

// The state of the account's mail file on the post office.
typedef enum {
   MMFG_MMF_OK = 0,      // a regular, non-empty file that is not a SMAF file
   MMFG_MMF_INVALID_ID,  // the hex id is not exactly 8 hex digits
   MMFG_MMF_MISSING,     // no MMF/<hex>.MMF in any case: the MMF is local
   MMFG_MMF_NOT_REGULAR, // a FIFO, device, directory, socket or dangling link
   MMFG_MMF_EMPTY,       // zero bytes
   MMFG_MMF_NOT_MAIL,    // starts with "MMMD": a SMAF ringtone, not mail
   MMFG_MMF_UNREADABLE,  // stat() or the MMF folder failed: see error
   MMFG_MMF_AMBIGUOUS, // two names in MMF/ differ only in case: see other_path
   // A symbolic link, wherever it points: what the wizard (and a copy) would
   // read is another file than the one named; see link_target.
   MMFG_MMF_SYMLINK,
   // The same file as another MMF name of the folder (a hard link, or a
   // symbolic link the file server follows): migrating both accounts would
   // give one user's mail to two mailboxes; see shared_with.
   MMFG_MMF_SHARED,
} MmfgMmfState;

typedef struct {
   MmfgMmfState state;
   // Local path found on disk, or the path expected when missing. Owned.
   char *path;
   // The type of what stands there when not regular, as stat(1) names it:
   // "fifo", "directory", "symbolic link" (dangling or a loop: see
   // error_number). Static.
   const char *kind;
   // errno of the failure, for MMFG_MMF_UNREADABLE.
   int error_number;
   // For MMFG_MMF_AMBIGUOUS: the other file whose name differs only in case
   // (a DOS client sees one of them, the wizard may take either). Owned.
   char *other_path;
   // For MMFG_MMF_SYMLINK: what the link says, as readlink() gives it. Owned.
   char *link_target;
   // For MMFG_MMF_SHARED: the other MMF paths that are the same file,
   // joined by ", ". Owned.
   char *shared_with;
   dev_t dev;
   ino_t ino;
   gint64 size;
   gint64 mtime; // Unix seconds
   gint64 ctime;
   // The file's link count (0 when not known): more than one is the hint
   // that another name may be the same file.
   guint64 nlink;
   // A lock the open file's own lock test saw when its head was read
   // (file-peek.h): MIG_LOCK_POSIX or MIG_LOCK_OFD, 0 for none or not
   // tested; and the POSIX holder's pid.
   int tested_lock;
   gint64 tested_lock_pid;
} MmfgMmfFacts;

// Why a holder looks stale: facts, worded by the catalog.
typedef enum {
   MMFG_STALE_NONE = 0,
   // Held longer than [locks] stale-after-minutes (idle_minutes says how long).
   MMFG_STALE_IDLE,
   // The process that took the lock has exited; whoever inherited its open
   // file description could not be read.
   MMFG_STALE_TAKER_GONE,
   // The smbd that served the open has exited; Samba's database lists it still.
   MMFG_STALE_SMBD_GONE,
} MmfgStale;

// One process or client that holds the file.
typedef struct {
   int lock;                // MIG_LOCK_*
   gint64 pid;              // 0 when unknown (an OFD lock whose owner is gone)
   char *program;           // eg "MSMAIL.EXE", "smbd"; owned; may be NULL
   char *unix_user;         // owned; may be NULL
   char *smb_user;          // owned; NULL when not an SMB client
   char *client_machine;    // owned; NULL when unknown
   gint64 since;            // Unix seconds the open/session began; 0 unknown
   gboolean is_host;        // the host process itself
   gboolean possibly_stale; // stale != MMFG_STALE_NONE
   MmfgStale stale;
   gint64 idle_minutes; // for MMFG_STALE_IDLE: how long it has held the file
   guint idle_limit_minutes; // the [locks] stale-after-minutes exceeded
   char *service; // the SMB share an smbd holder serves; owned; or NULL
   // For MIG_LOCK_SERVER_OPEN: the file server that listed the open, its id
   // for the open (what `net file ID /close` takes) and its lock count.
   char *server; // owned; NULL otherwise
   guint32 server_file_id;
   guint32 server_locks;
} MmfgHolder;

void mmfg_holder_free (MmfgHolder *holder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgHolder, mmfg_holder_free)

// Why a lock state is unknown, as a fact the catalog words (X-Reason).
// X(NAME, ID): ID is the reason's stable id.
#define MMFG_LOCK_UNKNOWN_TABLE(X)                                             \
   X (NONE, "")                                                                \
   /* a local source failed; the *_error fields say which and why */           \
   X (LOCAL_PROBE, "local-probe")                                              \
   /* an SMB network file system whose server and share are not known */       \
   X (NETWORK_UNMAPPED, "network-unmapped")                                    \
   /* a network file system with no open-file list to ask (NFS, 9p, ...) */    \
   X (NETWORK_NO_LIST, "network-no-open-file-list")                            \
   /* an SMB server, but no [file-server NAME] to ask it with */               \
   X (NO_FILE_SERVER, "no-file-server")                                        \
   /* the post office is local, but the MMF leads onto a network file system   \
    */                                                                         \
   X (MMF_ON_NETWORK, "mmf-on-network")                                        \
   X (SERVER_UNREACHABLE, "file-server-unreachable")                           \
   X (SERVER_TIMEOUT, "file-server-timeout")                                   \
   X (SERVER_LOGON_REFUSED, "file-server-logon-refused")                       \
   X (SERVER_ACCESS_DENIED, "file-server-access-denied")                       \
   X (SERVER_NO_SUCH_SHARE, "file-server-no-such-share")                       \
   X (SERVER_FAILED, "file-server-failed")

typedef enum {
#define MMFG_LOCK_UNKNOWN_ENUM(name, id) MMFG_LOCK_UNKNOWN_##name,
   MMFG_LOCK_UNKNOWN_TABLE (MMFG_LOCK_UNKNOWN_ENUM)
#undef MMFG_LOCK_UNKNOWN_ENUM
} MmfgLockUnknown;

// The reason's id, eg "no-file-server"; "" for NONE.
const char *mmfg_lock_unknown_id (MmfgLockUnknown reason);

// Where the mail file lives, when it is not on this machine. Owned strings;
// NULL when not known or not relevant.
typedef struct {
   gboolean network;     // on a network file system
   char *fs_type;        // eg "fuse.smbnetfs", "nfs4"
   char *mount_point;    // eg "/mnt/smb"
   char *server;         // the SMB server, eg "FILESRV"
   char *share;          // eg "MAILDATA"
   char *server_address; // where mmfguard connects to the server
   char *server_path;    // the file as the server writes it, eg "C:\\srv\\..."
   char *server_answer;  // the server's or its library's own words on failure
   guint timeout_ms;     // for SERVER_TIMEOUT
} MmfgFileLocation;

void mmfg_file_location_clear (MmfgFileLocation *where);
void mmfg_file_location_copy (MmfgFileLocation *dst,
                              const MmfgFileLocation *src);

typedef struct {
   // FALSE when the lock state could not be established; reason says why.
   gboolean known;
   MmfgLockUnknown unknown;
   // For LOCAL_PROBE, the system's or the tool's own words, owned, NULL for
   // a source that answered: reading the kernel's lock table, asking
   // smbstatus, telling the file system.
   char *lock_table_error;
   char *smbstatus_error;
   char *fs_error;
   // For LOCAL_PROBE on Windows, "path: the system's words" for the open
   // that was to show whether the file is in use; owned.
   char *open_error;
   MmfgFileLocation where;
   // MmfgHolder*, clients first, the host's own locks last. Owned.
   GPtrArray *holders;
} MmfgLockFacts;

// Whole-post-office problems the wizard refuses: layout, access files that
// disagree ("Invalid Postoffice"), MASTER.GLB held or GLB/ read-only ("read
// only").
typedef struct {
   gboolean layout_ok;
   char *layout_problem; // owned; eg "no GLB folder"
   gboolean access_ok;
   char *access_problem; // owned; eg "ACCESS.GLB 12 records, ..."
   gboolean writable_ok;
   char *writable_problem;   // owned
   gint64 access_records[3]; // -1 when unknown
} MmfgPostofficeFacts;

typedef struct {
   // The post office the account is on: what the wizard would refuse first.
   // checked is FALSE where no post office was looked at (an event naming
   // no MMF).
   gboolean checked;
   MmfgPostofficeFacts facts;
} MmfgPostofficeFindings;

typedef struct {
   MmfgPostofficeFindings postoffice;
   MmfgMmfFacts mmf;
   MmfgLockFacts locks;
   // From the host: when the password was recovered, 0 = never.
   gint64 password_recovered_at;
   // When this check ran, Unix seconds.
   gint64 checked_at;
} MmfgFindings;

void mmfg_findings_clear (MmfgFindings *findings);
// Puts the host's own holders after the clients, keeping each group's order,
// as MmfgLockFacts.holders promises; every probe calls it.
void mmfg_holders_order_host_last (GPtrArray *holders);
// The first holder that is not the host, or NULL.
const MmfgHolder *mmfg_findings_client_holder (const MmfgFindings *findings);
// The holder an answer names: the first client, else the host itself when
// only the host holds the file, else NULL.
const MmfgHolder *mmfg_findings_first_holder (const MmfgFindings *findings);
