// file-server.h — asking an SMB file server which files it has open, and by
// whom: the only view of a post office's holders from another machine.
//
// One helper process per configured server (mmfguard-smb-files, installed
// beside the plugin), started at the first question and kept, with its
// logged-on connection, until the plugin stops; a server that does not
// answer within the server's timeout-ms has its helper killed, and the
// next question starts a new one. A host that configures no [file-server]
// starts nothing and maps none of Samba's libraries. [thread-safe]: calls
// to one server are serialised.
//
// Linux asks through Samba's libnetapi in the helper (file-server-posix.c);
// Windows asks netapi32 directly (file-server-windows.c), as the account the
// migration host runs as. Both write the server's answer in the helper's
// protocol, read by file-server.c.

#pragma once

#include <glib.h>

#include "findings.h"
#include "settings.h"

typedef struct MmfgFileServers MmfgFileServers;

// `helper` is the helper program's path; NULL: mmfguard-smb-files beside
// the module this code is linked into.
MmfgFileServers *mmfg_file_servers_new (const char *helper);
// Ends every helper and waits for it.
void mmfg_file_servers_free (MmfgFileServers *servers);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgFileServers, mmfg_file_servers_free)

// One open of a file, as the server lists it.
typedef struct {
   char *user;          // the SMB user, as the server writes it; owned
   guint32 id;          // the server's id for the open
   guint32 locks;       // byte-range locks held through it
   guint32 permissions; // PERM_FILE_READ 1 | WRITE 2 | CREATE 4
   // From the server's sessions (Windows: NetSessionEnum level 10), where
   // the user has them: the client machine ("PC042", or "PC042 or PC043"
   // when the user has several sessions), seconds connected and idle.
   char *client;     // owned; NULL when not known
   gint64 session_s; // -1 when not known
   gint64 idle_s;    // -1 when not known
} MmfgServerOpen;

typedef struct {
   // MMFG_LOCK_UNKNOWN_NONE when the server answered; else why not, with
   // its own words in `answer`.
   MmfgLockUnknown status;
   char *answer;     // owned; NULL when answered
   char *share_path; // the share's folder on the server; owned
   // Every open under the base asked for: server path folded for comparing
   // (mmfg_server_path_key) -> GPtrArray of MmfgServerOpen*.
   GHashTable *opens;
   gint64 took_us; // how long the question took, for the bench
} MmfgServerFiles;

void mmfg_server_files_free (MmfgServerFiles *files);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgServerFiles, mmfg_server_files_free)

// Asks `server` for its open files under `base` (a folder or file inside
// `share`, '\' separated, "" for the whole share). Never NULL.
MmfgServerFiles *mmfg_file_servers_list (MmfgFileServers *servers,
                                         const MmfgFileServerConfig *server,
                                         const char *share, const char *base);

// One answer line of the helper (smb-open-files-posix.c describes them),
// parsed; never NULL: an answer not understood is
// MMFG_LOCK_UNKNOWN_SERVER_FAILED.
MmfgServerFiles *mmfg_server_files_parse (const char *answer, gsize len);
// The same in two steps, for the ways of asking: an empty answer (status
// NONE, no opens), and an answer line read into it.
MmfgServerFiles *mmfg_server_files_new (void);
void mmfg_server_files_read (MmfgServerFiles *files, const char *answer,
                             gsize len);

// The opens of the file the server writes as `server_path`, or NULL.
const GPtrArray *mmfg_server_files_find (const MmfgServerFiles *files,
                                         const char *server_path);

// `server_path` folded the way Windows compares paths: case and the kind of
// separator do not matter. Newly allocated.
char *mmfg_server_path_key (const char *server_path);

// ---------------------------------------------------------------------------
// A folder's entries as the server lists them: one directory enumeration,
// in place of a stat per entry through a network file system.

typedef enum {
   MMFG_SERVER_ENTRY_FILE,
   MMFG_SERVER_ENTRY_DIRECTORY,
   MMFG_SERVER_ENTRY_LINK, // a reparse point: a symbolic link, a junction
   MMFG_SERVER_ENTRY_OTHER,
} MmfgServerEntryType;

typedef struct {
   char *name; // as the server writes it; owned
   gint64 size;
   gint64 mtime; // Unix seconds
   gint64 ctime; // Unix seconds
   MmfgServerEntryType type;
   // The server's id of the file (SMB2 FileId, its inode on Samba); names
   // that are one file have the same. 0: the server gave none.
   guint64 file_id;
} MmfgServerEntry;

typedef struct {
   // NULL when the server listed the folder; else why not (the server's or
   // the helper's words), and `entries` is empty.
   char *problem;
   GPtrArray *entries; // MmfgServerEntry*, in the server's order
   gint64 took_us;     // how long the question took, for the bench
} MmfgServerFolder;

void mmfg_server_folder_free (MmfgServerFolder *folder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgServerFolder, mmfg_server_folder_free)

// Asks `server` for the entries of `folder` (inside `share`, '\' separated)
// on the helper's connection. Never NULL. On Windows the plugin lists UNC
// folders itself, and this answers with a problem.
MmfgServerFolder *
mmfg_file_servers_list_folder (MmfgFileServers *servers,
                               const MmfgFileServerConfig *server,
                               const char *share, const char *folder);

// One answer line of the helper to a "list" question, parsed; never NULL:
// an answer not understood, in part or whole, is a problem, never a shorter
// listing.
MmfgServerFolder *mmfg_server_folder_parse (const char *answer, gsize len);
