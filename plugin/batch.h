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
   MmfgMmfIndex *index;          // NULL when the MMF folder could not be read
   char *index_error;            // why index is NULL
   MmfgPostofficeFacts facts;
} MmfgBatch;

MmfgBatch *mmfg_batch_new (const MmfgSettings *settings, MmfgFileServers *servers,
                           guint64 id,
                           const char *postoffice);
MmfgBatch *mmfg_batch_ref (MmfgBatch *batch);
void mmfg_batch_unref (MmfgBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgBatch, mmfg_batch_unref)
