// postoffice.h — facts about an MS Mail post office on disk (MAILDATA), read
// with stat() and directory listings only: no MMF is ever opened here.

#pragma once

#include <glib.h>

#include "file-peek.h"
#include "file-server.h"
#include "findings.h"
#include "settings.h"

struct MmfgLockSnapshot;

// TRUE when `hex_id` is exactly 8 hex digits (any case).
gboolean mmfg_hex_id_valid (const char *hex_id);

// The MMF folder of a post office, listed and stat()ed once for a batch.
typedef struct {
   MmfgMmfFacts facts;
   gboolean peeked;
   MmfgPeek peek;
} MmfgMmfIndexEntry;

typedef struct MmfgMmfIndex MmfgMmfIndex;

MmfgMmfIndex *mmfg_mmf_index_new (const char *postoffice, GError **error);
// The same, from the file server's own listing of the folder (one directory
// enumeration, sizes, times and kinds included) when the post office is on
// a network file system with a [file-server] for its server; the entries'
// paths stay local. When the server gives no listing, the folder is listed
// through the file system as above, and `*not_listed` says why (newly
// allocated; NULL when there was no server to ask or it answered).
MmfgMmfIndex *mmfg_mmf_index_new_listed (const char *postoffice,
                                         const MmfgSettings *settings,
                                         MmfgFileServers *servers,
                                         char **not_listed, GError **error);
void mmfg_mmf_index_free (MmfgMmfIndex *index);
// TRUE when the index is the file server's listing.
gboolean mmfg_mmf_index_from_server (const MmfgMmfIndex *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgMmfIndex, mmfg_mmf_index_free)

// Peeks at the head of every usable MMF of the index in one child process,
// leaving leased files alone (`snapshot` may be NULL).
gboolean mmfg_mmf_index_peek_all (MmfgMmfIndex *index,
                                  const struct MmfgLockSnapshot *snapshot,
                                  GError **error);

// Resolves MMF/<hex_id>.MMF under `postoffice` case-insensitively (both the
// folder name and the file name) and fills `out` from lstat()/stat() of what
// stands there, or from `index` when not NULL. An invalid id gives
// MMFG_MMF_INVALID_ID without touching the disk. Never opens the file.
void mmfg_postoffice_resolve_mmf (const char *postoffice,
                                  const MmfgMmfIndex *index, const char *hex_id,
                                  MmfgMmfFacts *out);

// Outside a batch: marks `mmf` (resolved above, usable or empty)
// MMFG_MMF_SHARED when another MMF name of its folder is the same file,
// naming them. A file with one link is left alone at no cost; for one
// with more, the names' inodes are read once per listing of the folder.
void mmfg_postoffice_find_shared_local (MmfgMmfFacts *mmf);
// The same on a network post office, by the file ids of the file
// server's listing of the folder (kept while the folder's stamp is
// unchanged). A server that gives no listing or no file ids leaves
// `mmf` alone.
void mmfg_postoffice_find_shared_on_server (const char *postoffice,
                                            const MmfgSettings *settings,
                                            MmfgFileServers *servers,
                                            MmfgMmfFacts *mmf);

// Turns what a peek saw into the file's state (SMAF -> not mail, ...).
void mmfg_mmf_facts_apply_peek (MmfgMmfFacts *facts, const MmfgPeek *peek);

// Whole-post-office problems the wizard refuses (MmfgPostofficeFacts,
// findings.h): filled once per batch, or with each check outside one.
// `snapshot` may be NULL (then MASTER.GLB holders are not checked).
void mmfg_postoffice_check (const char *postoffice,
                            const struct MmfgLockSnapshot *snapshot,
                            MmfgPostofficeFacts *out);
void mmfg_postoffice_facts_clear (MmfgPostofficeFacts *facts);

// Drops the MMF folder listing kept for checks outside a batch (at the
// last deinit: nothing of a plugin is kept once it is unloaded).
void mmfg_postoffice_forget_listings (void);
void mmfg_postoffice_facts_copy (MmfgPostofficeFacts *dst,
                                 const MmfgPostofficeFacts *src);
