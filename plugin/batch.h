// batch.h — one pass over a post office: the lock tables, the MMF folder and
// the post office's own state, read once at batch-begin/1 and shared by every
// pre-migrate/1 call of the batch. Immutable once built; reference counted so
// a late pre-migrate never sees it freed under it.

#pragma once

#include <glib.h>

#include "lock-probe.h"
#include "postoffice.h"
#include "settings.h"

typedef struct {
   gatomicrefcount ref;
   guint64 id;
   char *postoffice;
   MmfgLockSnapshot *locks;
   MmfgMmfIndex *index; // NULL when the MMF folder could not be read
   char *index_error;   // why index is NULL
   // Why the file server's listing of the MMF folder was not used (it was
   // listed through the file system instead); NULL when it was, or when
   // there was no server to ask.
   char *listing_problem;
   MmfgPostofficeFacts facts;
} MmfgBatch;

MmfgBatch *mmfg_batch_new (const MmfgSettings *settings,
                           MmfgFileServers *servers, guint64 id,
                           const char *postoffice);
MmfgBatch *mmfg_batch_ref (MmfgBatch *batch);
void mmfg_batch_unref (MmfgBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgBatch, mmfg_batch_unref)

// The batches begun and not yet ended, by id: batch-begin/1 adds one,
// pre-migrate/1 finds it, batch-end/1 removes it. [thread-safe]
typedef struct MmfgBatches MmfgBatches;

MmfgBatches *mmfg_batches_new (void);
// Drops every batch still registered (a late pre-migrate keeps its own
// reference).
void mmfg_batches_free (MmfgBatches *batches);
// Registers `batch` under its id with a reference of its own; FALSE, and
// nothing registered, when a batch with that id is registered already.
gboolean mmfg_batches_add (MmfgBatches *batches, MmfgBatch *batch);
// The batch registered under `id`, with a reference for the caller
// (mmfg_batch_unref), or NULL.
MmfgBatch *mmfg_batches_find (MmfgBatches *batches, guint64 id);
// Unregisters the batch under `id`; FALSE when there was none.
gboolean mmfg_batches_remove (MmfgBatches *batches, guint64 id);
