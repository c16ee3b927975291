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
   g_free (holder->stale_reason);
   g_free (holder);
}

void
mmfg_findings_clear (MmfgFindings *findings)
{
   g_clear_pointer (&findings->mmf.path, g_free);
   g_clear_pointer (&findings->locks.unknown_reason, g_free);
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

void
mmfg_holders_order_host_last (GPtrArray *holders)
{
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
