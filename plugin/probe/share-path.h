// share-path.h — which SMB server and share a local path is on, and where
// inside the share: what the file server's own open-file list is keyed by.
//
// Three sources, first match wins: a [path-map] whose windows = is a UNC
// path (\\SERVER\SHARE\...) and whose local = covers the path; a kernel
// cifs/smb3 mount, whose source is //SERVER/SHARE[/PREFIX]; an smbnetfs
// mount, which lays shares out as MOUNT/SERVER/SHARE/....

#pragma once

#include <glib.h>

#include "file-system.h"
#include "settings.h"

typedef struct {
   char *server; // as written in the map or mount, eg "FILESRV"; owned
   char *share;  // eg "MAILDATA"; owned
   char *rest;   // inside the share, '\' separated, no leading '\'; owned
} MmfgSharePath;

void mmfg_share_path_clear (MmfgSharePath *path);

// Splits a UNC path `\\SERVER\SHARE[\REST]` (either separator). FALSE when
// `unc` is not one; `out` is then untouched.
gboolean mmfg_share_path_parse_unc (const char *unc, MmfgSharePath *out);

// Where `path` is, as above. `real_path` is `path` with symlinks resolved
// (may be the same); `mount` the mount it is on (may be NULL). FALSE when no
// source tells.
gboolean mmfg_share_path_of (const MmfgSettings *settings,
                             const MmfgMount *mount, const char *path,
                             const char *real_path, MmfgSharePath *out);

// `rest` appended to the server-side folder `share_folder` the way the server
// writes paths: one '\' between them.
char *mmfg_share_path_on_server (const char *share_folder, const char *rest);
