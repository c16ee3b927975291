// file-system.h — where a file lives: on this machine, or on a file server
// reached over the network.
//
// It decides what a lock probe can prove. On a local file system the
// kernel's lock table (and a local Samba's database) sees every holder. On a
// network file system it sees none of the server's other clients, and local
// inode numbers match nothing on the server: only the server can say who
// holds a file there.
//
// The mount table is /proc/self/mountinfo (proc(5)):
//   36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw
//   ID PARENT MAJ:MIN ROOT MOUNT-POINT OPTIONS [TAGS...] - TYPE SOURCE SUPER
// with spaces, tabs, newlines and backslashes in paths written as \040,
// \011, \012 and \134.

#pragma once

#include <glib.h>

typedef enum {
   // Every lock on the file is taken by this machine's kernel.
   MMFG_FS_LOCAL = 0,
   // The file is served by another machine; its holders are that machine's.
   MMFG_FS_NETWORK,
} MmfgFsReach;

typedef struct {
   char *mount_point; // absolute, unescaped; owned
   char *fs_type;     // eg "ext4", "cifs", "fuse.smbnetfs"; owned
   char *source;      // eg "/dev/vda1", "//filesrv/maildata"; owned
} MmfgMount;

void mmfg_mount_free (MmfgMount *mount);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgMount, mmfg_mount_free)

// Parses `len` bytes of mountinfo text (need not be NUL-terminated). Returns
// MmfgMount*, in table order. Never fails: malformed lines are skipped.
GPtrArray *mmfg_mountinfo_parse (const char *text, gsize len);

// The mount `path` (absolute, without symlinks: see mmfg_mount_of_path) is
// on: the last entry whose mount point is the longest prefix of `path` at a
// component boundary, as the kernel resolves stacked mounts. NULL when none.
const MmfgMount *mmfg_mounts_find (const GPtrArray *mounts, const char *path);

// Whether a file system type is local or network, from the built-in table.
// `overrides` (type -> GINT_TO_POINTER (MmfgFsReach + 1), may be NULL) wins.
// Returns FALSE for a type in neither: the caller must not assume either.
gboolean mmfg_fs_type_reach (const char *fs_type, GHashTable *overrides,
                             MmfgFsReach *reach);

// The mount `path` is on, from this process's mount table, with the path
// resolved through symlinks first. NULL with an error naming the path when
// it cannot be resolved or the table cannot be read.
MmfgMount *mmfg_mount_of_path (const char *path, GError **error);
