// batch.c — reading a post office's state once for a whole pass, and the
// batches in progress by id.

#include "batch.h"

#include <pthread.h>

typedef struct {
   const MmfgSettings *settings;
   MmfgFileServers *servers;
   const char *postoffice;
} SnapshotJob;

static gpointer
take_snapshot (gpointer data)
{
   const SnapshotJob *job = data;
   return mmfg_lock_snapshot_take (job->settings, job->servers, job->postoffice,
                                   NULL);
}

MmfgBatch *
mmfg_batch_new (const MmfgSettings *settings, MmfgFileServers *servers,
                guint64 id, const char *postoffice)
{
   MmfgBatch *b = g_new0 (MmfgBatch, 1);
   g_atomic_ref_count_init (&b->ref);
   b->id = id;
   b->postoffice = g_strdup (postoffice);

   // Rationale: reading /proc/locks takes the kernel's file lock table for
   // writing, which first waits out an RCU grace period (5-16 ms of sleep
   // when nobody read it just before). The MMF folder is listed meanwhile.
   SnapshotJob job = {settings, servers, postoffice};
   GThread *snapshot =
      g_thread_try_new ("mmfg-snapshot", take_snapshot, &job, NULL);
   g_autoptr (GError) error = NULL;
   b->index = mmfg_mmf_index_new_listed (postoffice, settings, servers,
                                         &b->listing_problem, &error);
   b->locks = snapshot != NULL ? g_thread_join (snapshot)
                               : mmfg_lock_snapshot_take (settings, servers,
                                                          postoffice, NULL);
   // Rationale: listing a network post office through the file system
   // stats each MMF through the network client, which opens it on the
   // server for that moment; a server's list of open files taken meanwhile
   // names this machine as a client of free MMFs. Asked again once the
   // listing is done (the server's own listing opens no file).
   if (b->index != NULL && !mmfg_mmf_index_from_server (b->index) &&
       mmfg_lock_snapshot_on_network (b->locks)) {
      mmfg_lock_snapshot_free (b->locks);
      b->locks = mmfg_lock_snapshot_take (settings, servers, postoffice, NULL);
   }
   // The server's listing has no inodes: it serves only a snapshot that
   // asks the server by path, as one of a network post office does (the
   // same mount and [file-server] decide both; should they ever differ,
   // the file system's listing is taken).
   if (mmfg_mmf_index_from_server (b->index) &&
       !mmfg_lock_snapshot_on_network (b->locks)) {
      mmfg_mmf_index_free (b->index);
      b->index = mmfg_mmf_index_new (postoffice, &error);
   }
   mmfg_postoffice_check (postoffice, b->locks, &b->facts);

   // After the locks: the peek must know which files are leased.
   if (b->index != NULL &&
       !mmfg_mmf_index_peek_all (b->index, b->locks, &error))
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
   g_free (batch->listing_problem);
   mmfg_postoffice_facts_clear (&batch->facts);
   g_free (batch);
}

// ---------------------------------------------------------------------------
// The batches in progress

struct MmfgBatches {
   // pthread rather than GMutex: ThreadSanitizer sees pthread mutexes, and
   // GLib's futex-based GMutex would show as false races.
   pthread_mutex_t lock;
   GHashTable *by_id; // batch id (guint64*) -> MmfgBatch*
};

static void
batch_unref_cb (gpointer b)
{
   mmfg_batch_unref (b);
}

MmfgBatches *
mmfg_batches_new (void)
{
   MmfgBatches *batches = g_new0 (MmfgBatches, 1);
   pthread_mutex_init (&batches->lock, NULL);
   batches->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           batch_unref_cb);
   return batches;
}

void
mmfg_batches_free (MmfgBatches *batches)
{
   if (batches == NULL)
      return;
   g_hash_table_unref (batches->by_id);
   pthread_mutex_destroy (&batches->lock);
   g_free (batches);
}

gboolean
mmfg_batches_add (MmfgBatches *batches, MmfgBatch *batch)
{
   pthread_mutex_lock (&batches->lock);
   gboolean fresh = !g_hash_table_contains (batches->by_id, &batch->id);
   if (fresh)
      g_hash_table_insert (batches->by_id,
                           g_memdup2 (&batch->id, sizeof batch->id),
                           mmfg_batch_ref (batch));
   pthread_mutex_unlock (&batches->lock);
   return fresh;
}

MmfgBatch *
mmfg_batches_find (MmfgBatches *batches, guint64 id)
{
   pthread_mutex_lock (&batches->lock);
   MmfgBatch *b = g_hash_table_lookup (batches->by_id, &id);
   if (b != NULL)
      mmfg_batch_ref (b);
   pthread_mutex_unlock (&batches->lock);
   return b;
}

gboolean
mmfg_batches_remove (MmfgBatches *batches, guint64 id)
{
   pthread_mutex_lock (&batches->lock);
   gboolean found = g_hash_table_remove (batches->by_id, &id);
   pthread_mutex_unlock (&batches->lock);
   return found;
}
