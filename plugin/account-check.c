// account-check.c — the findings for one account.

#include "account-check.h"

#include <string.h>

#include "lock-probe.h"
#include "postoffice.h"

// The post office's own state: the batch's, or read now with the same
// snapshot (a held MASTER.GLB is a lock like any other).
static void
check_postoffice (const MmfgBatch *batch, const char *postoffice,
                  const MmfgLockSnapshot *locks, MmfgFindings *out)
{
   out->postoffice.checked = TRUE;
   if (batch != NULL)
      mmfg_postoffice_facts_copy (&out->postoffice.facts, &batch->facts);
   else
      mmfg_postoffice_check (postoffice, locks, &out->postoffice.facts);
}

static void
check_locks_and_content (const MmfgSettings *settings, MmfgFileServers *servers,
                         const MmfgBatch *batch, const char *postoffice,
                         MmfgFindings *out)
{
   MmfgMmfFacts *mmf = &out->mmf;
   g_autoptr (MmfgLockSnapshot) fresh = NULL;
   const MmfgLockSnapshot *locks = batch ? batch->locks : NULL;
   if (locks == NULL)
      locks = fresh =
         mmfg_lock_snapshot_take (settings, servers, postoffice, mmf->path);
   check_postoffice (batch, postoffice, locks, out);
   // A batch's listing marked names that are one file already; a check
   // outside one asks its own listing, the server's on a network post
   // office (through a network file system an inode is the client's, not
   // the server's, and a stat opens the file there).
   if (batch == NULL || batch->index == NULL) {
      if (mmfg_lock_snapshot_on_network (locks))
         mmfg_postoffice_find_shared_on_server (postoffice, settings, servers,
                                                mmf);
      else
         mmfg_postoffice_find_shared_local (mmf);
   }
   if (mmf->state != MMFG_MMF_OK && mmf->state != MMFG_MMF_EMPTY) {
      // Nothing usable stands there: nobody can hold it as a mail file.
      out->locks.known = TRUE;
      out->locks.holders =
         g_ptr_array_new_with_free_func ((GDestroyNotify) mmfg_holder_free);
      return;
   }
   mmfg_lock_snapshot_query (locks, mmf->dev, mmf->ino, mmf->path, &out->locks);

   // A batch peeked at every MMF already (unless that failed: then its
   // index is gone); a fresh check peeks at this one, unless it is leased
   // (opening it would start a lease break).
   if ((batch == NULL || batch->index == NULL) && mmf->state == MMFG_MMF_OK &&
       !mmfg_lock_snapshot_open_disturbs (locks, mmf->dev, mmf->ino,
                                          mmf->path)) {
      MmfgPeek peek;
      const char *paths[] = {mmf->path};
      g_autoptr (GError) error = NULL;
      if (mmfg_peek_files (paths, 1, &peek, &error))
         mmfg_mmf_facts_apply_peek (mmf, &peek);
   }
   mmfg_lock_snapshot_add_tested_lock (locks, mmf->tested_lock,
                                       mmf->tested_lock_pid, &out->locks);
}

void
mmfg_check_account (const MmfgSettings *settings, MmfgFileServers *servers,
                    const MmfgBatch *batch, const char *postoffice,
                    const char *hex_id, gint64 password_recovered_at,
                    MmfgFindings *out)
{
   memset (out, 0, sizeof *out);
   out->checked_at = g_get_real_time () / G_USEC_PER_SEC;
   out->password_recovered_at = password_recovered_at;

   // A batch answers only for its own post office.
   if (batch != NULL && strcmp (batch->postoffice, postoffice) != 0)
      batch = NULL;
   mmfg_postoffice_resolve_mmf (postoffice, batch ? batch->index : NULL, hex_id,
                                &out->mmf);
   check_locks_and_content (settings, servers, batch, postoffice, out);
}

gboolean
mmfg_check_mmf_path (const MmfgSettings *settings, MmfgFileServers *servers,
                     const char *local_path, gint64 password_recovered_at,
                     MmfgFindings *out, char **postoffice, char **hex_id)
{
   g_autofree char *base = g_path_get_basename (local_path);
   g_autofree char *dir = g_path_get_dirname (local_path);
   g_autofree char *dir_base = g_path_get_basename (dir);
   if (strlen (base) != 12 || g_ascii_strcasecmp (base + 8, ".MMF") != 0 ||
       g_ascii_strcasecmp (dir_base, "MMF") != 0 || !g_path_is_absolute (dir))
      return FALSE;
   *hex_id = g_strndup (base, 8);
   *postoffice = g_path_get_dirname (dir);
   mmfg_check_account (settings, servers, NULL, *postoffice, *hex_id,
                       password_recovered_at, out);
   return TRUE;
}
