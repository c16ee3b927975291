// findings.c — ownership of the findings structs.

#include "findings.h"

void
mmfg_holder_free (MmfgHolder *holder)
{
   if (holder == NULL)
      return;
   g_free (holder->program);
   g_free (holder->unix_user);
   g_free (holder->smb_user);
   g_free (holder->client_machine);
   g_free (holder->service);
   g_free (holder->server);
   g_free (holder);
}

void
mmfg_findings_clear (MmfgFindings *findings)
{
   g_clear_pointer (&findings->mmf.path, g_free);
   g_clear_pointer (&findings->mmf.other_path, g_free);
   g_clear_pointer (&findings->mmf.link_target, g_free);
   g_clear_pointer (&findings->mmf.shared_with, g_free);
   g_clear_pointer (&findings->locks.open_error, g_free);
   g_clear_pointer (&findings->locks.lock_table_error, g_free);
   g_clear_pointer (&findings->locks.smbstatus_error, g_free);
   g_clear_pointer (&findings->locks.fs_error, g_free);
   mmfg_file_location_clear (&findings->locks.where);
   g_clear_pointer (&findings->postoffice.facts.layout_problem, g_free);
   g_clear_pointer (&findings->postoffice.facts.access_problem, g_free);
   g_clear_pointer (&findings->postoffice.facts.writable_problem, g_free);
   findings->postoffice.checked = FALSE;
   g_clear_pointer (&findings->locks.holders, g_ptr_array_unref);
}

const MmfgHolder *
mmfg_findings_client_holder (const MmfgFindings *findings)
{
   if (findings->locks.holders == NULL)
      return NULL;
   for (guint i = 0; i < findings->locks.holders->len; i++) {
      const MmfgHolder *h = g_ptr_array_index (findings->locks.holders, i);
      if (!h->is_host)
         return h;
   }
   return NULL;
}

const MmfgHolder *
mmfg_findings_first_holder (const MmfgFindings *findings)
{
   const MmfgHolder *h = mmfg_findings_client_holder (findings);
   if (h == NULL && findings->locks.holders != NULL &&
       findings->locks.holders->len > 0)
      h = g_ptr_array_index (findings->locks.holders, 0);
   return h;
}

void
mmfg_holders_order_host_last (GPtrArray *holders)
{
   if (holders->len < 2)
      return;
   g_autoptr (GPtrArray) host = g_ptr_array_new ();
   guint kept = 0;
   for (guint i = 0; i < holders->len; i++) {
      MmfgHolder *h = holders->pdata[i];
      if (h->is_host)
         g_ptr_array_add (host, h);
      else
         holders->pdata[kept++] = h;
   }
   for (guint i = 0; i < host->len; i++)
      holders->pdata[kept++] = host->pdata[i];
}

static const char *const lock_unknown_ids[] = {
#define MMFG_LOCK_UNKNOWN_ID(name, id) id,
   MMFG_LOCK_UNKNOWN_TABLE (MMFG_LOCK_UNKNOWN_ID)
#undef MMFG_LOCK_UNKNOWN_ID
};

const char *
mmfg_lock_unknown_id (MmfgLockUnknown reason)
{
   return (gsize) reason < G_N_ELEMENTS (lock_unknown_ids)
             ? lock_unknown_ids[reason]
             : "";
}

void
mmfg_file_location_clear (MmfgFileLocation *where)
{
   g_clear_pointer (&where->fs_type, g_free);
   g_clear_pointer (&where->mount_point, g_free);
   g_clear_pointer (&where->server, g_free);
   g_clear_pointer (&where->share, g_free);
   g_clear_pointer (&where->server_address, g_free);
   g_clear_pointer (&where->server_path, g_free);
   g_clear_pointer (&where->server_answer, g_free);
   where->network = FALSE;
   where->timeout_ms = 0;
}

void
mmfg_file_location_copy (MmfgFileLocation *dst, const MmfgFileLocation *src)
{
   dst->network = src->network;
   dst->fs_type = g_strdup (src->fs_type);
   dst->mount_point = g_strdup (src->mount_point);
   dst->server = g_strdup (src->server);
   dst->share = g_strdup (src->share);
   dst->server_address = g_strdup (src->server_address);
   dst->server_path = g_strdup (src->server_path);
   dst->server_answer = g_strdup (src->server_answer);
   dst->timeout_ms = src->timeout_ms;
}
