// batch.c — reading a post office's state once for a whole pass.

#include "batch.h"

typedef struct {
   const MmfgSettings *settings;
   MmfgFileServers *servers;
   const char *postoffice;
} SnapshotJob;

static gpointer
take_snapshot (gpointer data)
{
   const SnapshotJob *job = data;
   return mmfg_lock_snapshot_take (job->settings, job->servers, job->postoffice, NULL);
}

MmfgBatch *
mmfg_batch_new (const MmfgSettings *settings, MmfgFileServers *servers, guint64 id,
                const char *postoffice)
{
   MmfgBatch *b = g_new0 (MmfgBatch, 1);
   g_atomic_ref_count_init (&b->ref);
   b->id = id;
   b->postoffice = g_strdup (postoffice);

   // Rationale: reading /proc/locks takes the kernel's file lock table for
   // writing, which first waits out an RCU grace period (5-16 ms of sleep
   // when nobody read it just before). The MMF folder is listed meanwhile.
   SnapshotJob job = {settings, servers, postoffice};
   GThread *snapshot = g_thread_try_new ("mmfg-snapshot", take_snapshot, &job, NULL);
   g_autoptr (GError) error = NULL;
   b->index = mmfg_mmf_index_new (postoffice, &error);
   b->locks = snapshot != NULL ? g_thread_join (snapshot)
                               : mmfg_lock_snapshot_take (settings, servers, postoffice, NULL);
   mmfg_postoffice_check (postoffice, b->locks, &b->facts);

   // After the locks: the peek must know which files are leased.
   if (b->index != NULL && !mmfg_mmf_index_peek_all (b->index, b->locks, &error))
      g_clear_pointer (&b->index, mmfg_mmf_index_free);
   if (b->index == NULL)
      b->index_error = g_strdup (error->message);
   return b;
}

MmfgBatch *
mmfg_batch_ref (MmfgBatch *batch)
{
   g_atomic_ref_count_inc (&batch->ref);
   return batch;
}

void
mmfg_batch_unref (MmfgBatch *batch)
{
   if (batch == NULL || !g_atomic_ref_count_dec (&batch->ref))
      return;
   g_free (batch->postoffice);
   mmfg_lock_snapshot_free (batch->locks);
   mmfg_mmf_index_free (batch->index);
   g_free (batch->index_error);
   mmfg_postoffice_facts_clear (&batch->facts);
   g_free (batch);
}
