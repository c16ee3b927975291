// server-view.h — a post office on a file server, as the server described
// it: where the post office is in the share, what the server was asked, its
// answer; and, from that answer, who holds one file. Both lock probes use
// it; each finds the server and share its own way (mountinfo on Linux,
// WNetGetUniversalName on Windows) and fills `where`, `postoffice` and
// `postoffice_in_share` before asking.

#pragma once

#include <glib.h>

#include "file-server.h"
#include "findings.h"
#include "settings.h"

typedef struct {
   MmfgFileLocation
      where;         // where.network is TRUE for a post office on a server
   char *postoffice; // as the host named it; owned
   char *postoffice_in_share; // its path inside the share, '\' separated; owned
   char *asked_in_share;      // what the server was asked about; owned
   MmfgLockUnknown
      unknown; // NONE when the server answered (or was not asked yet)
   MmfgServerFiles *files; // the server's answer; NULL when it gave none
   gint64 taken_at;        // Unix seconds, for how long a session has lasted
   guint stale_after_s;    // [locks] stale-after-minutes, 0: never stale
} MmfgServerView;

void mmfg_server_view_clear (MmfgServerView *view);

// Asks `config`'s server for its open files under the whole post office
// (`file` NULL: its MMFs and GLB files) or under one file, and keeps the
// answer, or why there is none.
void mmfg_server_view_ask (MmfgServerView *view, MmfgFileServers *servers,
                           const MmfgFileServerConfig *config,
                           const char *file);

// The lock facts of the file at local `path`, from the server's answer: every
// open it lists is a holder; a file the server was not asked about, or that
// is not below the post office, is not known free.
void mmfg_server_view_query (const MmfgServerView *view, const char *path,
                             MmfgLockFacts *out);

// TRUE when opening `path` from this machine could disturb a client or the
// next check: always, for a file on a file server (server-view.c says why).
gboolean mmfg_server_view_open_disturbs (const MmfgServerView *view,
                                         const char *path);
